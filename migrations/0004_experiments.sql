-- cramp journal, schema version 4: randomised n-of-1 experiments. The plan (what is changed,
-- the seed, the design, the first night, the outcome) and its schedule of A and B periods are
-- locked once written; later changes are append-only amendments. The triggers mirror the rule,
-- so even a hand-edited journal cannot rewrite a plan after the fact.

CREATE TABLE experiments (
    id INTEGER PRIMARY KEY,
    what TEXT NOT NULL CHECK (what IN ('stretching', 'fluid', 'mg-k-foods', 'tag')),
    -- Millilitres for fluid, servings for mg-k-foods, the tag for tag; none for stretching.
    target TEXT CHECK ((what = 'stretching') = (target IS NULL)),
    -- The seed as a signed 64-bit integer (the u64 drawn, bit for bit).
    seed INTEGER NOT NULL,
    period INTEGER NOT NULL CHECK (period BETWEEN 7 AND 56),
    pairs INTEGER NOT NULL CHECK (pairs BETWEEN 2 AND 12),
    washout INTEGER NOT NULL CHECK (washout >= 0 AND washout + 7 <= period),
    start TEXT NOT NULL CHECK (date(start) IS start),
    outcome TEXT NOT NULL CHECK (outcome = 'cramps_per_night'),
    created TEXT NOT NULL CHECK (date(created) IS created),
    state TEXT NOT NULL CHECK (state IN ('planned', 'running', 'finished', 'abandoned')),
    -- The day it was abandoned or found finished.
    ended TEXT CHECK (ended IS NULL OR date(ended) IS ended)
) STRICT;

-- At most one experiment planned or running at a time.
CREATE UNIQUE INDEX experiments_one_active ON experiments ((1)) WHERE state IN ('planned', 'running');

CREATE TABLE experiment_periods (
    experiment INTEGER NOT NULL REFERENCES experiments (id),
    period INTEGER NOT NULL CHECK (period >= 1),
    arm TEXT NOT NULL CHECK (arm IN ('A', 'B')),
    first_night TEXT NOT NULL CHECK (date(first_night) IS first_night),
    last_night TEXT NOT NULL CHECK (date(last_night) IS last_night AND last_night >= first_night),
    PRIMARY KEY (experiment, period)
) STRICT, WITHOUT ROWID;

CREATE TABLE experiment_amendments (
    id INTEGER PRIMARY KEY,
    experiment INTEGER NOT NULL REFERENCES experiments (id),
    made TEXT NOT NULL CHECK (date(made) IS made),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500)
) STRICT;

CREATE TRIGGER experiments_plan_locked BEFORE UPDATE OF what, target, seed, period, pairs, washout,
    start, outcome, created ON experiments
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s plan is locked; add an amendment instead');
END;

CREATE TRIGGER experiments_state_final BEFORE UPDATE OF state ON experiments
    WHEN OLD.state IN ('finished', 'abandoned') AND NEW.state IS NOT OLD.state
BEGIN
    SELECT RAISE(ABORT, 'a finished or abandoned experiment stays so');
END;

CREATE TRIGGER experiments_kept BEFORE DELETE ON experiments
BEGIN
    SELECT RAISE(ABORT, 'an experiment is kept; abandon it instead');
END;

CREATE TRIGGER experiment_periods_locked BEFORE UPDATE ON experiment_periods
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s schedule is locked; add an amendment instead');
END;

CREATE TRIGGER experiment_periods_kept BEFORE DELETE ON experiment_periods
BEGIN
    SELECT RAISE(ABORT, 'an experiment''s schedule is locked; add an amendment instead');
END;

CREATE TRIGGER experiment_amendments_locked BEFORE UPDATE ON experiment_amendments
BEGIN
    SELECT RAISE(ABORT, 'amendments are append-only');
END;

CREATE TRIGGER experiment_amendments_kept BEFORE DELETE ON experiment_amendments
BEGIN
    SELECT RAISE(ABORT, 'amendments are append-only');
END;
