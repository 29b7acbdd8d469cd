//! Importing checked records in one transaction: medicines first (so nights can name them), the
//! profile and settings when the journal is new or the file is to replace its records, then the
//! nights, each added, skipped or replaced.

use rusqlite::{Connection, OptionalExtension, params};

use super::nights::{date_text, save};
use super::profile::{write_profile, write_settings};
use super::{Result, Store, meds};
use crate::model::{Medication, Night, Profile, Schedule, Settings};

/// Records read from an export file, already checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportBatch {
    /// Oldest first, one per date.
    pub nights: Vec<Night>,
    /// Medicines with their schedules (a JSON export carries them; a CSV does not).
    pub medications: Vec<Medication>,
    pub profile: Option<Profile>,
    pub settings: Option<Settings>,
    /// Values measured by trackers (a JSON export carries them), stored as
    /// [`Store::import_measured`] stores them: a night keeps the larger figure.
    pub measured: Vec<super::StoredMeasured>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub added: usize,
    pub skipped: usize,
    pub replaced: usize,
    pub medicines_added: usize,
    pub medicines_replaced: usize,
    /// Whether the file's profile and settings were taken.
    pub profile_set: bool,
    /// Measured values added or completed.
    pub measured_added: usize,
}

fn count(conn: &Connection, table: &str) -> Result<i64> {
    Ok(conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
}

fn insert_periods(conn: &Connection, id: i64, m: &Medication) -> Result<()> {
    if let Schedule::Daily(periods) = &m.schedule {
        let mut insert = conn.prepare_cached(
            "INSERT INTO medication_periods (medication_id, since, until) VALUES (?1, ?2, ?3)",
        )?;
        for p in periods {
            insert.execute(params![id, date_text(p.since), p.until.map(date_text)])?;
        }
    }
    Ok(())
}

/// Adds medicines the journal lacks; with `replace`, also makes existing ones match the file.
fn import_medicines(
    conn: &Connection,
    incoming: &[Medication],
    replace: bool,
    counts: &mut ImportCounts,
) -> Result<()> {
    let existing = meds::load(conn)?;
    for m in incoming {
        let as_needed = m.schedule == Schedule::AsNeeded;
        match existing.iter().find(|e| e.name == m.name) {
            None => {
                conn.execute(
                    "INSERT INTO medications (name, class, as_needed, dose) VALUES (?1, ?2, ?3, ?4)",
                    params![
                        m.name.as_str(),
                        m.class.as_str(),
                        as_needed,
                        m.dose.as_ref().map(crate::model::Dose::as_str)
                    ],
                )?;
                insert_periods(conn, conn.last_insert_rowid(), m)?;
                counts.medicines_added += 1;
            }
            Some(e) if replace && e != m => {
                let id: i64 =
                    conn.query_row("SELECT id FROM medications WHERE name = ?1", [e.name.as_str()], |r| {
                        r.get(0)
                    })?;
                conn.execute(
                    "UPDATE medications SET class = ?2, as_needed = ?3 WHERE id = ?1",
                    params![id, m.class.as_str(), as_needed],
                )?;
                conn.execute("DELETE FROM medication_periods WHERE medication_id = ?1", [id])?;
                insert_periods(conn, id, m)?;
                counts.medicines_replaced += 1;
            }
            Some(_) => {}
        }
    }
    Ok(())
}

impl Store {
    /// Writes a checked batch in one transaction: all of it or, on any failure, none of it.
    /// Nights whose date is already logged are skipped, or replaced with `replace`. The file's
    /// profile and settings are taken when the journal held no nights and no medicines before,
    /// or with `replace`.
    pub fn import(&mut self, batch: &ImportBatch, replace: bool) -> Result<ImportCounts> {
        self.write(|tx| {
            let mut counts = ImportCounts::default();
            let new_journal = count(tx, "nights")? == 0 && count(tx, "medications")? == 0;
            import_medicines(tx, &batch.medications, replace, &mut counts)?;
            if new_journal || replace {
                if let Some(p) = &batch.profile {
                    write_profile(tx, p)?;
                    counts.profile_set = true;
                }
                if let Some(s) = &batch.settings {
                    write_settings(tx, *s)?;
                    counts.profile_set = true;
                }
            }
            for night in &batch.nights {
                let exists = tx
                    .prepare_cached("SELECT 1 FROM nights WHERE date = ?1")?
                    .query_row([date_text(night.date)], |_| Ok(()))
                    .optional()?
                    .is_some();
                match (exists, replace) {
                    (true, false) => counts.skipped += 1,
                    (true, true) => {
                        save(tx, night)?;
                        counts.replaced += 1;
                    }
                    (false, _) => {
                        save(tx, night)?;
                        counts.added += 1;
                    }
                }
            }
            let mut measured = super::MeasuredCounts::new();
            for m in &batch.measured {
                super::measured::upsert(tx, &m.value, m.origin, &m.imported_at, &mut measured)?;
            }
            counts.measured_added = measured.values().map(|c| c.added + c.updated).sum();
            Ok(counts)
        })
    }
}
