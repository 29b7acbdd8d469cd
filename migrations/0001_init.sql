-- cramp journal, schema version 1.
-- Every night that was logged has a row in `nights`, with or without episodes; a date without a
-- row was not logged. CHECK constraints mirror the ranges the program enforces, so that even a
-- hand-edited database stays within them.

CREATE TABLE nights (
    date              TEXT PRIMARY KEY NOT NULL
                      CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(date, '+0 days') IS date),
    fluid_ml          INTEGER CHECK (fluid_ml BETWEEN 0 AND 10000),
    activity          TEXT CHECK (activity IN ('rest', 'light', 'moderate', 'hard')),
    -- hours in quarter-hour steps
    standing_h        REAL CHECK (standing_h BETWEEN 0 AND 24 AND standing_h * 4 = CAST(standing_h * 4 AS INTEGER)),
    sitting_h         REAL CHECK (sitting_h BETWEEN 0 AND 24 AND sitting_h * 4 = CAST(sitting_h * 4 AS INTEGER)),
    footwear          TEXT CHECK (footwear IN ('supportive', 'unsupportive', 'barefoot')),
    mg_k_servings     INTEGER CHECK (mg_k_servings BETWEEN 0 AND 20),
    stretched         INTEGER CHECK (stretched IN (0, 1)),
    sleep_disturbance INTEGER CHECK (sleep_disturbance BETWEEN 0 AND 10),
    note              TEXT CHECK (length(note) <= 10000),
    CHECK (standing_h + sitting_h <= 24)
) STRICT;

CREATE TABLE night_postures (
    date    TEXT NOT NULL REFERENCES nights (date) ON DELETE CASCADE,
    posture TEXT NOT NULL CHECK (posture IN ('toes-pointed', 'feet-hanging', 'tucked-covers', 'neutral')),
    PRIMARY KEY (date, posture)
) STRICT, WITHOUT ROWID;

-- 'neutral' excludes the other postures.
CREATE TRIGGER night_postures_neutral_alone
BEFORE INSERT ON night_postures
WHEN EXISTS (
    SELECT 1 FROM night_postures p
    WHERE p.date = NEW.date AND (p.posture = 'neutral') <> (NEW.posture = 'neutral')
)
BEGIN
    SELECT RAISE(ABORT, 'posture neutral cannot be combined with another posture');
END;

CREATE TABLE night_tags (
    date TEXT NOT NULL REFERENCES nights (date) ON DELETE CASCADE,
    tag  TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 32 AND tag = lower(tag) AND tag NOT GLOB '*[ ,]*'),
    PRIMARY KEY (date, tag)
) STRICT, WITHOUT ROWID;

CREATE INDEX night_tags_by_tag ON night_tags (tag);

CREATE TABLE medications (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) BETWEEN 1 AND 60),
    class     TEXT NOT NULL CHECK (class IN ('diuretic', 'statin', 'asthma', 'antidepressant', 'other')),
    as_needed INTEGER NOT NULL CHECK (as_needed IN (0, 1))
) STRICT;

-- The dates a daily medicine was taken; `until` is the last day taken, NULL while ongoing.
CREATE TABLE medication_periods (
    medication_id INTEGER NOT NULL REFERENCES medications (id) ON DELETE CASCADE,
    since         TEXT NOT NULL CHECK (date(since, '+0 days') IS since),
    until         TEXT CHECK (until IS NULL OR (date(until, '+0 days') IS until AND until >= since)),
    PRIMARY KEY (medication_id, since)
) STRICT, WITHOUT ROWID;

-- Medicines logged by hand for a night (as-needed ones, or a daily one taken off schedule).
CREATE TABLE night_medications (
    date          TEXT NOT NULL REFERENCES nights (date) ON DELETE CASCADE,
    medication_id INTEGER NOT NULL REFERENCES medications (id) ON DELETE RESTRICT,
    PRIMARY KEY (date, medication_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE episodes (
    id          INTEGER PRIMARY KEY,
    night_date  TEXT NOT NULL REFERENCES nights (date) ON DELETE CASCADE,
    -- local time with its UTC offset, RFC 3339, e.g. 2026-11-28T03:10:00+01:00
    start       TEXT NOT NULL CHECK (
                    start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9][+-][0-9][0-9]:[0-9][0-9]'
                    AND julianday(start) IS NOT NULL),
    duration_s  INTEGER CHECK (duration_s BETWEEN 1 AND 14400),
    intensity   INTEGER CHECK (intensity BETWEEN 0 AND 10),
    location    TEXT CHECK (location IN ('toes', 'arch', 'heel', 'top-of-foot', 'calf', 'thigh', 'other')),
    side        TEXT CHECK (side IN ('left', 'right', 'both')),
    note        TEXT CHECK (length(note) <= 10000)
) STRICT;

CREATE INDEX episodes_by_night ON episodes (night_date);

CREATE TABLE episode_relief (
    episode_id INTEGER NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    relief     TEXT NOT NULL CHECK (relief IN ('stretch', 'walk', 'warmth', 'massage', 'other')),
    PRIMARY KEY (episode_id, relief)
) STRICT, WITHOUT ROWID;

-- Exactly one row: the profile and the settings, so a backup carries them.
CREATE TABLE profile (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    name              TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100),
    units             TEXT NOT NULL DEFAULT 'metric' CHECK (units IN ('metric', 'imperial')),
    week_start        TEXT NOT NULL DEFAULT 'monday' CHECK (week_start IN ('monday', 'sunday')),
    day_boundary_hour INTEGER NOT NULL DEFAULT 12 CHECK (day_boundary_hour BETWEEN 0 AND 23)
) STRICT;

INSERT INTO profile (id) VALUES (1);

CREATE TABLE profile_conditions (
    condition TEXT PRIMARY KEY NOT NULL CHECK (condition IN (
        'neuropathy', 'diabetes', 'circulation', 'kidney', 'thyroid', 'pregnancy', 'fluid-restricted'))
) STRICT, WITHOUT ROWID;
