-- cramp journal, schema version 3: when the evening starts (the default night switches from last
-- night to tonight then), a dose for each medicine, the fuller list of medicine classes named by
-- the evidence, and two more conditions. CHECK constraints cannot be altered in SQLite, so the
-- tables they guard are rebuilt; rows keep their ids, so references stay valid. The migrator runs
-- this with foreign keys off and checks them before it commits.

ALTER TABLE profile ADD COLUMN evening_minute INTEGER NOT NULL DEFAULT 1080
    CHECK (evening_minute BETWEEN 0 AND 1439);

CREATE TABLE medications_v3 (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 60),
    class     TEXT NOT NULL CHECK (class IN (
                  'loop-diuretic', 'thiazide', 'potassium-sparing-diuretic', 'diuretic', 'laba',
                  'asthma', 'calcium-channel-blocker', 'raloxifene-oestrogen', 'teriparatide',
                  'iv-iron', 'nsaid', 'gabapentinoid', 'z-drug', 'antidepressant', 'lithium',
                  'steroid', 'opioid', 'statin', 'beta-blocker', 'inhaled-anticholinergic', 'other')),
    as_needed INTEGER NOT NULL CHECK (as_needed IN (0, 1)),
    dose      TEXT CHECK (dose IS NULL OR length(trim(dose)) BETWEEN 1 AND 60)
) STRICT;
INSERT INTO medications_v3 (id, name, class, as_needed) SELECT id, name, class, as_needed FROM medications;
DROP TABLE medications;
ALTER TABLE medications_v3 RENAME TO medications;

CREATE TABLE suspected_factors_v3 (
    factor TEXT PRIMARY KEY NOT NULL CHECK (
        factor IN ('low_fluid', 'few_mg_k_foods', 'hard_activity', 'long_standing', 'long_sitting',
                   'unsupportive_footwear', 'toes_pointed', 'feet_hanging', 'tucked_covers', 'stretched')
        OR (factor GLOB 'med:?*' AND substr(factor, 5) IN (
                  'loop-diuretic', 'thiazide', 'potassium-sparing-diuretic', 'diuretic', 'laba',
                  'asthma', 'calcium-channel-blocker', 'raloxifene-oestrogen', 'teriparatide',
                  'iv-iron', 'nsaid', 'gabapentinoid', 'z-drug', 'antidepressant', 'lithium',
                  'steroid', 'opioid', 'statin', 'beta-blocker', 'inhaled-anticholinergic', 'other'))
        OR (factor GLOB 'tag:?*' AND length(factor) BETWEEN 5 AND 36 AND factor = lower(factor)
            AND factor NOT GLOB 'tag:*[ ,:]*')
    )
) STRICT, WITHOUT ROWID;
INSERT INTO suspected_factors_v3 SELECT factor FROM suspected_factors;
DROP TABLE suspected_factors;
ALTER TABLE suspected_factors_v3 RENAME TO suspected_factors;

CREATE TABLE profile_conditions_v3 (
    condition TEXT PRIMARY KEY NOT NULL CHECK (condition IN (
        'neuropathy', 'diabetes', 'circulation', 'kidney', 'thyroid', 'pregnancy', 'fluid-restricted',
        'liver-disease', 'heart-failure'))
) STRICT, WITHOUT ROWID;
INSERT INTO profile_conditions_v3 SELECT condition FROM profile_conditions;
DROP TABLE profile_conditions;
ALTER TABLE profile_conditions_v3 RENAME TO profile_conditions;
