//! The medicine list: adding, stopping, and reading medicines with their periods.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::nights::date_text;
use super::{Result, Store, StoreError};
use crate::model::{MedClass, MedName, Medication, Period, Schedule};

/// What `med add` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewSchedule {
    Daily { since: NaiveDate, until: Option<NaiveDate> },
    AsNeeded,
}

/// Every medicine, by name, with its periods oldest first.
pub(super) fn load(c: &Connection) -> Result<Vec<Medication>> {
    let mut periods: BTreeMap<i64, Vec<Period>> = BTreeMap::new();
    let mut stmt =
        c.prepare_cached("SELECT medication_id, since, until FROM medication_periods ORDER BY since")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, since, until) in rows {
        let date = |s: &str| {
            s.parse::<NaiveDate>().map_err(|e| StoreError::bad_data(format!("bad medicine date '{s}': {e}")))
        };
        let since = date(&since)?;
        let until = until.as_deref().map(date).transpose()?;
        let period = Period::new(since, until).map_err(|e| StoreError::bad_data(e.to_string()))?;
        periods.entry(id).or_default().push(period);
    }
    let mut stmt = c.prepare_cached("SELECT id, name, class, as_needed FROM medications ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, bool>(3)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, name, class, as_needed)| {
            let bad = |e: String| StoreError::bad_data(format!("bad medicine '{name}': {e}"));
            Ok(Medication {
                name: MedName::new(&name).map_err(|e| bad(e.to_string()))?,
                class: class.parse::<MedClass>().map_err(|e| bad(e.to_string()))?,
                schedule: if as_needed {
                    Schedule::AsNeeded
                } else {
                    Schedule::Daily(periods.remove(&id).unwrap_or_default())
                },
            })
        })
        .collect()
}

/// The row id of the medicine called `name`, and whether it is taken as needed. Names are
/// compared as the model compares them, ignoring case in every script: the column's NOCASE
/// collation folds only ASCII letters, so `WHERE name = ?` missed 'ärzte' for 'Ärzte'.
pub(super) fn find(c: &Connection, name: &MedName) -> Result<Option<(i64, bool)>> {
    let mut stmt = c.prepare_cached("SELECT id, name, as_needed FROM medications")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .find(|(_, stored, _)| MedName::new(stored).is_ok_and(|s| &s == name))
        .map(|(id, _, as_needed)| (id, as_needed)))
}

impl Store {
    /// Every medicine, by name, with its periods oldest first.
    pub fn medications(&self) -> Result<Vec<Medication>> {
        self.read(load)
    }

    /// Adds a medicine, or a new period of a daily one that had been stopped.
    pub fn add_medication(&mut self, name: &MedName, class: MedClass, schedule: &NewSchedule) -> Result<()> {
        let meds = self.medications()?;
        let existing = meds.iter().find(|m| &m.name == name);
        self.write(|tx| {
            let reject = |msg: String| Err(StoreError::Rejected(msg));
            let id: i64 = match existing {
                None => {
                    tx.execute(
                        "INSERT INTO medications (name, class, as_needed) VALUES (?1, ?2, ?3)",
                        params![name.as_str(), class.as_str(), *schedule == NewSchedule::AsNeeded],
                    )?;
                    tx.last_insert_rowid()
                }
                Some(m) if m.class != class => {
                    return reject(format!(
                        "'{}' is already listed as {}; it cannot also be {class}",
                        m.name, m.class
                    ));
                }
                Some(m) => match (&m.schedule, schedule) {
                    (Schedule::AsNeeded, _) | (_, NewSchedule::AsNeeded) => {
                        return reject(format!("'{}' is already on the list", m.name));
                    }
                    (Schedule::Daily(_), NewSchedule::Daily { since, .. }) => {
                        if let Some(open) = m.open_period() {
                            return reject(format!(
                                "'{}' is already being taken since {}",
                                m.name, open.since
                            ));
                        }
                        if let Schedule::Daily(periods) = &m.schedule
                            && let Some(last) = periods.iter().filter_map(|p| p.until).max()
                            && *since <= last
                        {
                            return reject(format!(
                                "'{}' was taken until {last}; a new period must start after that",
                                m.name
                            ));
                        }
                        find(tx, name)?.map(|(id, _)| id).ok_or_else(|| {
                            StoreError::Rejected(format!("no medicine called '{name}' is on the list"))
                        })?
                    }
                },
            };
            if let NewSchedule::Daily { since, until } = schedule {
                Period::new(*since, *until).map_err(|e| StoreError::Rejected(e.to_string()))?;
                tx.execute(
                    "INSERT INTO medication_periods (medication_id, since, until) VALUES (?1, ?2, ?3)",
                    params![id, date_text(*since), until.map(date_text)],
                )?;
            }
            Ok(())
        })
    }

    /// Ends the open period of a daily medicine; `last_day` is the last day it was taken.
    pub fn stop_medication(&mut self, name: &MedName, last_day: NaiveDate) -> Result<Period> {
        self.write(|tx| {
            let Some((id, as_needed)) = find(tx, name)? else {
                return Err(StoreError::Rejected(format!("no medicine called '{name}' is on the list")));
            };
            if as_needed {
                return Err(StoreError::Rejected(format!(
                    "'{name}' is taken as needed, so there is nothing to stop; just stop logging it"
                )));
            }
            let open: Option<String> = tx
                .query_row(
                    "SELECT since FROM medication_periods WHERE medication_id = ?1 AND until IS NULL",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(since) = open.and_then(|s| s.parse::<NaiveDate>().ok()) else {
                return Err(StoreError::Rejected(format!("'{name}' is not being taken at the moment")));
            };
            let period =
                Period::new(since, Some(last_day)).map_err(|e| StoreError::Rejected(e.to_string()))?;
            tx.execute(
                "UPDATE medication_periods SET until = ?3 WHERE medication_id = ?1 AND since = ?2",
                params![id, date_text(since), date_text(last_day)],
            )?;
            Ok(period)
        })
    }
}
