//! Experiments: the locked plan and schedule, its state, and the append-only amendments.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store, StoreError};
use crate::experiment::{Arm, Change, Design, Plan, State};

/// A later note on a locked plan ("missed the second week of period 3: travelling").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    pub made: NaiveDate,
    pub text: String,
}

/// An experiment as the journal holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredExperiment {
    pub id: i64,
    pub change: Change,
    pub plan: Plan,
    pub created: NaiveDate,
    /// As stored; see [`StoredExperiment::state_on`] for the state a day sees.
    pub state: State,
    pub ended: Option<NaiveDate>,
    pub amendments: Vec<Amendment>,
}

impl StoredExperiment {
    /// The state on `today`: abandoned or finished as stored, else planned before the first
    /// night, running through the last, finished after it.
    #[must_use]
    pub fn state_on(&self, today: NaiveDate) -> State {
        match self.state {
            State::Abandoned | State::Finished => self.state,
            _ if today < self.plan.start => State::Planned,
            _ if today <= self.plan.end() => State::Running,
            _ => State::Finished,
        }
    }
}

fn date(text: &str) -> Result<NaiveDate> {
    text.parse().map_err(|_| StoreError::bad_data(format!("an experiment holds the date '{text}'")))
}

fn has_experiments(c: &Connection) -> rusqlite::Result<bool> {
    // A journal opened read-only before its upgrade has no experiment tables yet.
    c.query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'experiments'", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|n| n > 0)
}

fn load(c: &Connection, id: i64) -> Result<StoredExperiment> {
    type Row = (String, Option<String>, i64, u32, u32, u32, String, String, String, Option<String>);
    let row: Row = c
        .prepare_cached(
            "SELECT what, target, seed, period, pairs, washout, start, created, state, ended \
             FROM experiments WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })?;
    let (what, target, seed, period, pairs, washout, start, created, state, ended) = row;
    let change = Change::from_stored(&what, target.as_deref())
        .ok_or_else(|| StoreError::bad_data(format!("an experiment changes '{what}' to {target:?}")))?;
    let design = Design::new(period, pairs, washout).map_err(|e| StoreError::bad_data(e.to_string()))?;
    let arms: Vec<(u32, String)> = c
        .prepare_cached("SELECT period, arm FROM experiment_periods WHERE experiment = ?1 ORDER BY period")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if arms.len() != (pairs * 2) as usize {
        return Err(StoreError::bad_data(format!(
            "experiment {id} has {} of its {} periods",
            arms.len(),
            pairs * 2
        )));
    }
    let first_arms = arms.iter().step_by(2).map(|(_, a)| if a == "B" { Arm::B } else { Arm::A }).collect();
    let amendments = c
        .prepare_cached("SELECT made, text FROM experiment_amendments WHERE experiment = ?1 ORDER BY id")?
        .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(made, text)| Ok(Amendment { made: date(&made)?, text }))
        .collect::<Result<_>>()?;
    Ok(StoredExperiment {
        id,
        change,
        plan: Plan { design, seed: seed as u64, start: date(&start)?, first_arms },
        created: date(&created)?,
        state: State::from_word(&state)
            .ok_or_else(|| StoreError::bad_data(format!("an experiment is '{state}'")))?,
        ended: ended.as_deref().map(date).transpose()?,
        amendments,
    })
}

impl Store {
    /// The most recent experiment, whatever its state; `None` when there has been none.
    pub fn latest_experiment(&self) -> Result<Option<StoredExperiment>> {
        self.read(|c| {
            if !has_experiments(c)? {
                return Ok(None);
            }
            let id: Option<i64> =
                c.query_row("SELECT max(id) FROM experiments", [], |r| r.get(0)).optional()?.flatten();
            id.map(|id| load(c, id)).transpose()
        })
    }

    /// Writes a new locked plan and its schedule. A previous one past its last night is marked
    /// finished first; one still planned or running refuses the new plan.
    pub fn create_experiment(&mut self, change: &Change, plan: &Plan, today: NaiveDate) -> Result<i64> {
        self.write(|tx| {
            if let Some(id) = tx
                .query_row("SELECT id FROM experiments WHERE state IN ('planned', 'running')", [], |r| r.get(0))
                .optional()?
            {
                let old = load(tx, id)?;
                if old.state_on(today) != State::Finished {
                    return Err(StoreError::Rejected(format!(
                        "an experiment is already {} ({}, {} to {}); finish it or stop it with `cramp experiment abandon` before planning another",
                        old.state_on(today).word(),
                        old.change.gerund(crate::model::Units::Metric),
                        old.plan.start,
                        old.plan.end()
                    )));
                }
                tx.execute(
                    "UPDATE experiments SET state = 'finished', ended = ?2 WHERE id = ?1",
                    params![id, today.to_string()],
                )?;
            }
            let (what, target) = change.stored();
            let d = plan.design;
            tx.prepare_cached(
                "INSERT INTO experiments (what, target, seed, period, pairs, washout, start, outcome, created, state) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'cramps_per_night', ?8, 'planned')",
            )?
            .execute(params![
                what,
                target,
                plan.seed as i64,
                d.period,
                d.pairs,
                d.washout,
                plan.start.to_string(),
                today.to_string()
            ])?;
            let id = tx.last_insert_rowid();
            for period in 1..=d.pairs * 2 {
                let (first, last) = plan.period_dates(period);
                let arm = plan.arm_of(period).map_or('A', Arm::letter).to_string();
                tx.prepare_cached(
                    "INSERT INTO experiment_periods (experiment, period, arm, first_night, last_night) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, period, arm, first.to_string(), last.to_string()])?;
            }
            Ok(id)
        })
    }

    /// Stops an experiment early; its nights so far stay in the report.
    pub fn abandon_experiment(&mut self, id: i64, today: NaiveDate) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE experiments SET state = 'abandoned', ended = ?2 WHERE id = ?1",
                params![id, today.to_string()],
            )?;
            Ok(())
        })
    }

    /// Adds an amendment; amendments are never changed or removed.
    pub fn amend_experiment(&mut self, id: i64, made: NaiveDate, text: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO experiment_amendments (experiment, made, text) VALUES (?1, ?2, ?3)",
                params![id, made.to_string(), text],
            )?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_plan_round_trips_and_its_schedule_is_locked() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("j.db")).unwrap();
        assert_eq!(store.latest_experiment().unwrap(), None);
        let plan = Plan::draw(Design::default(), u64::MAX - 5, day("2026-03-01"));
        let id = store.create_experiment(&Change::Stretching, &plan, day("2026-02-28")).unwrap();
        let got = store.latest_experiment().unwrap().unwrap();
        assert_eq!((got.id, &got.plan, &got.change), (id, &plan, &Change::Stretching));
        assert_eq!(got.state_on(day("2026-02-28")), State::Planned);
        assert_eq!(got.state_on(day("2026-03-01")), State::Running);
        assert_eq!(got.state_on(plan.end().succ_opt().unwrap()), State::Finished);

        for sql in [
            "UPDATE experiments SET seed = 1",
            "UPDATE experiments SET start = '2026-04-01'",
            "UPDATE experiment_periods SET arm = 'A'",
            "DELETE FROM experiment_periods",
            "DELETE FROM experiments",
        ] {
            let said = store.conn.execute(sql, []).unwrap_err().to_string();
            assert!(said.contains("locked") || said.contains("kept"), "{sql}: {said}");
        }
        store.amend_experiment(id, day("2026-03-20"), "away for a week in period 2").unwrap();
        assert!(store.conn.execute("UPDATE experiment_amendments SET text = 'x'", []).is_err());
        assert!(store.conn.execute("DELETE FROM experiment_amendments", []).is_err());
        let got = store.latest_experiment().unwrap().unwrap();
        assert_eq!(
            got.amendments,
            [Amendment { made: day("2026-03-20"), text: "away for a week in period 2".into() }]
        );
    }

    #[test]
    fn a_journal_before_experiments_reads_as_having_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.db");
        drop(Store::open_with(&path, &super::super::MIGRATIONS[..3]).unwrap());
        let old = Store::open_read(&path).unwrap();
        assert_eq!(old.latest_experiment().unwrap(), None);
    }

    #[test]
    fn one_experiment_at_a_time_until_finished_or_abandoned() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("j.db")).unwrap();
        let plan = Plan::draw(Design::default(), 1, day("2026-03-01"));
        let id = store.create_experiment(&Change::Stretching, &plan, day("2026-03-01")).unwrap();
        let refused = store.create_experiment(&Change::Stretching, &plan, day("2026-03-10")).unwrap_err();
        assert!(refused.is_rejection() && refused.to_string().contains("already running"), "{refused}");
        // Past its last night the old one is marked finished and a new plan is taken.
        let later = plan.end().succ_opt().unwrap();
        let second = Plan::draw(Design::default(), 2, later);
        let id2 = store.create_experiment(&Change::Stretching, &second, later).unwrap();
        store.abandon_experiment(id2, later).unwrap();
        assert!(store.conn.execute("UPDATE experiments SET state = 'running'", []).is_err());
        assert!(id2 > id);
        let third = Plan::draw(Design::default(), 3, later);
        store.create_experiment(&Change::Stretching, &third, later).unwrap();
        let two_active = "UPDATE experiments SET state = 'planned' WHERE id = ?1";
        assert!(store.conn.execute(two_active, [id]).is_err(), "a finished experiment came back to life");
        // The schema itself holds one planned or running experiment at most.
        let copy = "INSERT INTO experiments (what, target, seed, period, pairs, washout, start, outcome, created, state) \
                    SELECT what, target, seed, period, pairs, washout, start, outcome, created, 'running' FROM experiments WHERE id = ?1";
        let said = store.conn.execute(copy, [id]).unwrap_err().to_string();
        assert!(said.contains("UNIQUE"), "{said}");
    }
}
