-- cramp journal, schema version 2: the factors the person suspects, shown beside what their
-- records say about each. A factor id is one of the catalogue's fixed ids, `med:CLASS` or
-- `tag:NAME` (a tag as `night_tags` accepts it).

CREATE TABLE suspected_factors (
    factor TEXT PRIMARY KEY NOT NULL CHECK (
        factor IN ('low_fluid', 'few_mg_k_foods', 'hard_activity', 'long_standing', 'long_sitting',
                   'unsupportive_footwear', 'toes_pointed', 'feet_hanging', 'tucked_covers', 'stretched',
                   'med:diuretic', 'med:statin', 'med:asthma', 'med:antidepressant', 'med:other')
        OR (factor GLOB 'tag:?*' AND length(factor) BETWEEN 5 AND 36 AND factor = lower(factor)
            AND factor NOT GLOB 'tag:*[ ,:]*')
    )
) STRICT, WITHOUT ROWID;
