//! The medicine list: adding, stopping, and reading medicines with their periods.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::nights::date_text;
use super::{Result, Store, StoreError};
use crate::model::{Dose, MedClass, MedName, Medication, Period, Schedule};

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
    let mut stmt =
        c.prepare_cached("SELECT id, name, class, as_needed, dose FROM medications ORDER BY name")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, name, class, as_needed, dose)| {
            let bad = |e: String| StoreError::bad_data(format!("bad medicine '{name}': {e}"));
            Ok(Medication {
                name: MedName::new(&name).map_err(|e| bad(e.to_string()))?,
                class: class.parse::<MedClass>().map_err(|e| bad(e.to_string()))?,
                schedule: if as_needed {
                    Schedule::AsNeeded
                } else {
                    Schedule::Daily(periods.remove(&id).unwrap_or_default())
                },
                dose: dose.as_deref().map(Dose::new).transpose().map_err(|e| bad(e.to_string()))?,
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
    pub fn add_medication(
        &mut self,
        name: &MedName,
        class: MedClass,
        schedule: &NewSchedule,
        dose: Option<&Dose>,
    ) -> Result<()> {
        let meds = self.medications()?;
        let existing = meds.iter().find(|m| &m.name == name);
        self.write(|tx| {
            let reject = |msg: String| Err(StoreError::Rejected(msg));
            let id: i64 = match existing {
                None => {
                    tx.execute(
                        "INSERT INTO medications (name, class, as_needed, dose) VALUES (?1, ?2, ?3, ?4)",
                        params![
                            name.as_str(),
                            class.as_str(),
                            *schedule == NewSchedule::AsNeeded,
                            dose.map(Dose::as_str)
                        ],
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

/// What `med edit` changes; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MedEdit {
    pub name: Option<MedName>,
    pub class: Option<MedClass>,
    /// `Some(None)` clears the dose.
    pub dose: Option<Option<Dose>>,
    /// New first day of the latest period of a daily medicine.
    pub since: Option<NaiveDate>,
    /// New last day of the latest period; `Some(None)` reopens it.
    pub until: Option<Option<NaiveDate>>,
}

fn rejected<T>(msg: String) -> Result<T> {
    Err(StoreError::Rejected(msg))
}

/// Dates of the nights that name a medicine: logged by hand, or logged while a period covered them.
fn nights_naming(c: &Connection, id: i64) -> Result<Vec<String>> {
    let mut stmt = c.prepare_cached(
        "SELECT date FROM night_medications WHERE medication_id = ?1
         UNION
         SELECT n.date FROM nights n JOIN medication_periods p ON p.medication_id = ?1
           AND n.date >= p.since AND (p.until IS NULL OR n.date <= p.until)
         ORDER BY 1",
    )?;
    Ok(stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// Renames a medicine, changes its class or dose, or corrects the dates of its latest period.
    pub fn edit_medication(&mut self, name: &MedName, edit: &MedEdit) -> Result<Medication> {
        let meds = self.medications()?;
        let Some(current) = meds.iter().find(|m| &m.name == name) else {
            return rejected(format!("no medicine called '{name}' is on the list"));
        };
        if let Some(new) = &edit.name
            && new != name
            && meds.iter().any(|m| &m.name == new)
        {
            return rejected(format!(
                "'{new}' is already on the list; to fold '{name}' into it use: cramp med remove '{name}' --merge-into '{new}'"
            ));
        }
        let mut updated = current.clone();
        if let Some(new) = &edit.name {
            updated.name = new.clone();
        }
        if let Some(class) = edit.class {
            updated.class = class;
        }
        if let Some(dose) = &edit.dose {
            updated.dose.clone_from(dose);
        }
        let dates_change = edit.since.is_some() || edit.until.is_some();
        let mut latest_since = None;
        if dates_change {
            let Schedule::Daily(periods) = &mut updated.schedule else {
                return rejected(format!("'{name}' is taken as needed, so it has no dates to correct"));
            };
            let Some(last) = periods.last_mut() else {
                return rejected(format!("'{name}' has no period of dates to correct"));
            };
            latest_since = Some(last.since);
            let since = edit.since.unwrap_or(last.since);
            let until = edit.until.unwrap_or(last.until);
            *last = Period::new(since, until).map_err(|e| StoreError::Rejected(e.to_string()))?;
            let n = periods.len();
            if n >= 2
                && let Some(prev_until) = periods[n - 2].until
                && since <= prev_until
            {
                return rejected(format!(
                    "'{name}' was also taken until {prev_until}; the latest period must start after that"
                ));
            }
        }
        self.write(|tx| {
            let Some((id, _)) = find(tx, name)? else {
                return rejected(format!("no medicine called '{name}' is on the list"));
            };
            tx.execute(
                "UPDATE medications SET name = ?2, class = ?3, dose = ?4 WHERE id = ?1",
                params![id, updated.name.as_str(), updated.class.as_str(), updated.dose.as_ref().map(Dose::as_str)],
            )?;
            if let (Some(old_since), Schedule::Daily(periods)) = (latest_since, &updated.schedule)
                && let Some(p) = periods.last()
            {
                tx.execute(
                    "UPDATE medication_periods SET since = ?3, until = ?4 WHERE medication_id = ?1 AND since = ?2",
                    params![id, date_text(old_since), date_text(p.since), p.until.map(date_text)],
                )?;
            }
            Ok(())
        })?;
        Ok(updated)
    }

    /// Takes a medicine off the list. Refused while logged nights name it, unless `merge_into`
    /// names the medicine those nights should name instead (for a typo or a duplicate); returns
    /// how many nights were moved.
    pub fn remove_medication(&mut self, name: &MedName, merge_into: Option<&MedName>) -> Result<usize> {
        let meds = self.medications()?;
        let Some(gone) = meds.iter().find(|m| &m.name == name).cloned() else {
            return rejected(format!("no medicine called '{name}' is on the list"));
        };
        let target =
            match merge_into {
                Some(t) if t == name => return rejected(format!("'{name}' cannot be merged into itself")),
                Some(t) => Some(meds.iter().find(|m| &m.name == t).cloned().ok_or_else(|| {
                    StoreError::Rejected(format!("no medicine called '{t}' is on the list"))
                })?),
                None => None,
            };
        if let (Some(t), Schedule::Daily(periods)) = (&target, &gone.schedule)
            && !periods.is_empty()
        {
            let Schedule::Daily(theirs) = &t.schedule else {
                return rejected(format!(
                    "'{name}' is taken daily and '{}' as needed; merge into a daily medicine, or correct one of them first",
                    t.name
                ));
            };
            let overlap = periods.iter().find(|p| {
                theirs.iter().any(|q| {
                    p.since <= q.until.unwrap_or(NaiveDate::MAX)
                        && q.since <= p.until.unwrap_or(NaiveDate::MAX)
                })
            });
            if let Some(p) = overlap {
                return rejected(format!(
                    "'{name}' from {} overlaps the dates of '{}'; correct the dates with cramp med edit first",
                    p.since, t.name
                ));
            }
        }
        self.write(|tx| {
            let Some((id, _)) = find(tx, name)? else {
                return rejected(format!("no medicine called '{name}' is on the list"));
            };
            let nights = nights_naming(tx, id)?;
            let Some(t) = &target else {
                if let Some(first) = nights.first() {
                    return rejected(format!(
                        "{} logged night(s) name '{name}' (the first {first}); to move them to another medicine use --merge-into OTHER",
                        nights.len()
                    ));
                }
                tx.execute("DELETE FROM medications WHERE id = ?1", [id])?;
                return Ok(0);
            };
            let Some((to, _)) = find(tx, &t.name)? else {
                return rejected(format!("no medicine called '{}' is on the list", t.name));
            };
            tx.execute(
                "INSERT OR IGNORE INTO night_medications (date, medication_id)
                 SELECT date, ?2 FROM night_medications WHERE medication_id = ?1",
                params![id, to],
            )?;
            tx.execute("DELETE FROM night_medications WHERE medication_id = ?1", [id])?;
            tx.execute("UPDATE medication_periods SET medication_id = ?2 WHERE medication_id = ?1", params![id, to])?;
            tx.execute("DELETE FROM medications WHERE id = ?1", [id])?;
            Ok(nights.len())
        })
    }
}
