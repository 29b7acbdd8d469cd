-- cramp journal: values measured by a phone, a watch or another tracker, one per night and kind.
-- They live apart from `nights` so that they never overwrite what the person typed, and a night
-- with only measured values is still not logged. `night` is the night the value goes with: a
-- day's totals (steps, standing, water) go with the night of that calendar day, sleep with the
-- night it belongs to by the day boundary. `source` is the device or app whose figure was chosen
-- (one per night and kind, never a sum of two); `origin` is how it came in.

CREATE TABLE measured (
    night       TEXT NOT NULL
                CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(night, '+0 days') IS night),
    kind        TEXT NOT NULL
                CHECK (kind IN ('steps', 'stand_min', 'water_ml', 'sleep_asleep_min', 'sleep_in_bed_min', 'awakenings')),
    value       INTEGER NOT NULL CHECK (value BETWEEN 0 AND 1000000),
    unit        TEXT NOT NULL CHECK (unit IN ('count', 'min', 'mL')),
    source      TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 200),
    origin      TEXT NOT NULL CHECK (origin IN ('apple_health', 'metrics_csv')),
    imported_at TEXT NOT NULL CHECK (length(imported_at) BETWEEN 10 AND 40),
    PRIMARY KEY (night, kind)
) STRICT, WITHOUT ROWID;
