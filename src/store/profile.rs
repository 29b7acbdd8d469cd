//! The single profile row (name, settings) and the profile's conditions.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};

use super::{Result, Store, StoreError};
use crate::model::{Condition, DayBoundary, Evening, PersonName, Profile, Settings};

pub(super) fn write_settings(conn: &Connection, s: Settings) -> Result<()> {
    conn.execute(
        "UPDATE profile SET units = ?1, week_start = ?2, day_boundary_hour = ?3, evening_minute = ?4 WHERE id = 1",
        params![s.units.as_str(), s.week_start.as_str(), s.day_boundary.hour(), s.evening.minute()],
    )?;
    Ok(())
}

pub(super) fn write_profile(conn: &Connection, p: &Profile) -> Result<()> {
    conn.execute("UPDATE profile SET name = ?1 WHERE id = 1", [p.name.as_ref().map(PersonName::as_str)])?;
    conn.execute("DELETE FROM profile_conditions", [])?;
    for c in &p.conditions {
        conn.execute("INSERT INTO profile_conditions (condition) VALUES (?1)", [c.as_str()])?;
    }
    Ok(())
}

impl Store {
    /// The app's settings.
    pub fn settings(&self) -> Result<Settings> {
        self.read(|c| {
            let (units, week_start, hour, evening): (String, String, i64, i64) = c
                .prepare_cached(
                    "SELECT units, week_start, day_boundary_hour, evening_minute FROM profile WHERE id = 1",
                )?
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            let bad = |e: String| StoreError::bad_data(format!("bad setting: {e}"));
            Ok(Settings {
                units: units.parse().map_err(|e: crate::model::UnknownWord| bad(e.to_string()))?,
                week_start: week_start.parse().map_err(|e: crate::model::UnknownWord| bad(e.to_string()))?,
                day_boundary: DayBoundary::new(hour).map_err(|e| bad(e.to_string()))?,
                evening: Evening::new(evening).map_err(|e| bad(e.to_string()))?,
            })
        })
    }

    pub fn save_settings(&mut self, s: &Settings) -> Result<()> {
        self.write(|tx| write_settings(tx, *s))
    }

    /// The person's name (if given) and conditions.
    pub fn profile(&self) -> Result<Profile> {
        self.read(|c| {
            let name: Option<String> =
                c.query_row("SELECT name FROM profile WHERE id = 1", [], |r| r.get(0))?;
            let mut stmt = c.prepare_cached("SELECT condition FROM profile_conditions")?;
            let words =
                stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            let conditions = words
                .iter()
                .map(|w| {
                    w.parse::<Condition>().map_err(|e| StoreError::bad_data(format!("bad condition: {e}")))
                })
                .collect::<Result<BTreeSet<_>>>()?;
            let name = name
                .map(|n| {
                    PersonName::new(&n).map_err(|e| StoreError::bad_data(format!("bad profile name: {e}")))
                })
                .transpose()?;
            Ok(Profile { name, conditions })
        })
    }

    pub fn save_profile(&mut self, p: &Profile) -> Result<()> {
        self.write(|tx| write_profile(tx, p))
    }
}
