//! Measured values (steps, standing, water, sleep from a tracker), kept apart from the nights the
//! person logged: they never change a typed field and never make a night logged.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::nights::date_text;
use super::{Result, Store, StoreError};
use crate::health::{Measured, MeasuredFile, MeasuredKind, Origin};

/// A stored value with how and when it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMeasured {
    pub value: Measured,
    pub origin: Origin,
    /// When it was imported (RFC 3339, the importing machine's clock).
    pub imported_at: String,
}

/// What an import did to one kind of value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindCounts {
    pub added: usize,
    /// Nights that had a smaller figure, from an export taken while the day was still under way.
    pub updated: usize,
    pub unchanged: usize,
    /// For the nights added or updated: how many took each source.
    pub sources: BTreeMap<String, usize>,
}

/// What an import of measured values did, per kind (kinds the file lacked are absent).
pub type MeasuredCounts = BTreeMap<MeasuredKind, KindCounts>;

impl Store {
    /// Stores a file's figures in one transaction. A night and kind already held is kept unless
    /// the file's figure is larger: a day's totals only grow as the day goes on, so a newer
    /// export completes the day an older one caught half-way, and re-importing changes nothing.
    pub fn import_measured(
        &mut self,
        file: &MeasuredFile,
        origin: Origin,
        imported_at: &str,
    ) -> Result<MeasuredCounts> {
        self.write(|tx| {
            let mut counts = MeasuredCounts::new();
            for m in &file.values {
                upsert(tx, m, origin, imported_at, &mut counts)?;
            }
            Ok(counts)
        })
    }

    /// Every measured value for the nights `from..=to`, by night then kind. This is the
    /// accessor for the analysis and the screens.
    pub fn measured_for(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<StoredMeasured>> {
        self.read(|conn| load(conn, Some((from, to))))
    }

    /// The measured figures alone for the nights `from..=to` (either end open), for the
    /// analysis.
    pub fn measured_values(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<Measured>> {
        // Dates are compared as ISO text, so an open end is a four-digit year, not NaiveDate::MIN.
        let open = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
        let span = (from.unwrap_or_else(|| open(1)), to.unwrap_or_else(|| open(9999)));
        Ok(self.read(|conn| load(conn, Some(span)))?.into_iter().map(|m| m.value).collect())
    }

    /// Every measured value in the journal, for the exports.
    pub fn measured_all(&self) -> Result<Vec<StoredMeasured>> {
        self.read(|conn| load(conn, None))
    }
}

/// Stores one figure unless the night already holds one at least as large; counts what it did.
pub(super) fn upsert(
    conn: &Connection,
    m: &Measured,
    origin: Origin,
    imported_at: &str,
    counts: &mut MeasuredCounts,
) -> Result<()> {
    let night = date_text(m.night);
    let before: Option<i64> = conn
        .prepare_cached("SELECT value FROM measured WHERE night = ?1 AND kind = ?2")?
        .query_row(params![night, m.kind.as_str()], |r| r.get(0))
        .optional()?;
    let entry = counts.entry(m.kind).or_default();
    match before {
        Some(v) if v >= m.value => {
            entry.unchanged += 1;
            return Ok(());
        }
        Some(_) => entry.updated += 1,
        None => entry.added += 1,
    }
    *entry.sources.entry(m.source.clone()).or_default() += 1;
    conn.prepare_cached(
        "INSERT INTO measured (night, kind, value, unit, source, origin, imported_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) \
         ON CONFLICT (night, kind) DO UPDATE SET value = excluded.value, unit = excluded.unit, \
         source = excluded.source, origin = excluded.origin, imported_at = excluded.imported_at",
    )?
    .execute(params![
        night,
        m.kind.as_str(),
        m.value,
        m.kind.unit(),
        m.source,
        origin.as_str(),
        imported_at
    ])?;
    Ok(())
}

pub(super) fn load(conn: &Connection, range: Option<(NaiveDate, NaiveDate)>) -> Result<Vec<StoredMeasured>> {
    let (from, to) = range.map_or_else(
        || ("0000-01-01".to_owned(), "9999-12-31".to_owned()),
        |(f, t)| (date_text(f), date_text(t)),
    );
    let mut stmt = conn.prepare_cached(
        "SELECT night, kind, value, source, origin, imported_at FROM measured \
         WHERE night BETWEEN ?1 AND ?2 ORDER BY night, kind",
    )?;
    let rows = stmt.query_map(params![from, to], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (night, kind, value, source, origin, imported_at) = row?;
        let bad = || {
            StoreError::bad_data(format!("measured value {night} {kind} holds a value cramp does not know"))
        };
        let night: NaiveDate = night.parse().map_err(|_| bad())?;
        let kind = MeasuredKind::parse(&kind).ok_or_else(bad)?;
        let origin = Origin::parse(&origin).ok_or_else(bad)?;
        out.push(StoredMeasured { value: Measured { night, kind, value, source }, origin, imported_at });
    }
    // ORDER BY sorts kinds by name; the model's order (steps first, as people read them) is kept.
    out.sort_by_key(|a| (a.value.night, a.value.kind));
    Ok(out)
}
