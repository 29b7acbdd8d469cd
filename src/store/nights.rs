//! Nights and episodes: loading whole nights (in bulk for ranges), saving them, deleting them.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use rusqlite::{Connection, Row, params};

use super::{Result, Store, StoreError};
use crate::model::{
    DurationS, Episode, FluidMl, MedName, Night, Note, Postures, Quarters, Score, Servings, Tag,
};

/// An episode's row id, for updating it after a capture (its duration, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EpisodeId(pub i64);

/// A value in the database that the model refuses: only possible if the file was edited by hand
/// around the CHECK constraints, or by a buggy tool.
fn bad_value(table: &str, column: &str, value: &str, why: &str) -> StoreError {
    StoreError::bad_data(format!("{table}.{column} holds '{value}': {why}"))
}

fn word<T: FromStr>(table: &str, column: &str, raw: Option<String>) -> Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    raw.map(|s| s.parse::<T>().map_err(|e| bad_value(table, column, &s, &e.to_string()))).transpose()
}

fn number<T>(
    table: &str,
    column: &str,
    raw: Option<i64>,
    make: fn(i64) -> Result<T, crate::model::OutOfRange>,
) -> Result<Option<T>> {
    raw.map(|n| make(n).map_err(|e| bad_value(table, column, &n.to_string(), &e.to_string()))).transpose()
}

pub(super) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(super) fn parse_date(table: &str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| bad_value(table, "date", s, &e.to_string()))
}

fn start_text(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn note(table: &str, raw: Option<String>) -> Result<Option<Note>> {
    raw.map(|s| Note::new(&s).map_err(|e| bad_value(table, "note", "…", &e.to_string()))).transpose()
}

const NIGHT_COLUMNS: &str = "date, fluid_ml, activity, standing_h, sitting_h, footwear, mg_k_servings, stretched, \
                             sleep_disturbance, note";

fn night_from_row(row: &Row<'_>) -> rusqlite::Result<Result<Night>> {
    let date: String = row.get(0)?;
    let standing: Option<f64> = row.get(3)?;
    let sitting: Option<f64> = row.get(4)?;
    let raw = (
        row.get::<_, Option<i64>>(1)?,
        row.get::<_, Option<String>>(2)?,
        row.get::<_, Option<String>>(5)?,
        row.get::<_, Option<i64>>(6)?,
        row.get::<_, Option<bool>>(7)?,
        row.get::<_, Option<i64>>(8)?,
        row.get::<_, Option<String>>(9)?,
    );
    Ok((|| {
        let (fluid, activity, footwear, mg_k, stretched, disturbance, text) = raw;
        let hours = |column, h: Option<f64>| {
            h.map(|h| {
                Quarters::from_hours(h)
                    .map_err(|e| bad_value("nights", column, &h.to_string(), &e.to_string()))
            })
            .transpose()
        };
        Ok(Night {
            date: parse_date("nights", &date)?,
            fluid: number("nights", "fluid_ml", fluid, FluidMl::new)?,
            activity: word("nights", "activity", activity)?,
            standing: hours("standing_h", standing)?,
            sitting: hours("sitting_h", sitting)?,
            footwear: word("nights", "footwear", footwear)?,
            mg_k_servings: number("nights", "mg_k_servings", mg_k, Servings::new)?,
            stretched,
            sleep_disturbance: number("nights", "sleep_disturbance", disturbance, Score::new)?,
            note: note("nights", text)?,
            ..Night::empty(NaiveDate::MIN)
        })
    })())
}

/// Nights in `[from, to]` (either end open), oldest first, with everything attached.
pub(super) fn load_range(
    conn: &Connection,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Vec<Night>> {
    let lo = from.map_or_else(|| "0000-00-00".to_owned(), date_text);
    let hi = to.map_or_else(|| "9999-99-99".to_owned(), date_text);

    let mut nights: BTreeMap<NaiveDate, Night> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {NIGHT_COLUMNS} FROM nights WHERE date BETWEEN ?1 AND ?2 ORDER BY date"
    ))?;
    for night in stmt.query_map(params![lo, hi], night_from_row)? {
        let night = night??;
        nights.insert(night.date, night);
    }
    if nights.is_empty() {
        return Ok(Vec::new());
    }

    let pairs = |query: &str| -> Result<Vec<(NaiveDate, String)>> {
        let mut stmt = conn.prepare_cached(query)?;
        let rows = stmt
            .query_map(params![lo, hi], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|(d, v)| Ok((parse_date("nights", &d)?, v))).collect()
    };

    let mut postures: BTreeMap<NaiveDate, Vec<crate::model::Posture>> = BTreeMap::new();
    for (date, p) in pairs("SELECT date, posture FROM night_postures WHERE date BETWEEN ?1 AND ?2")? {
        postures
            .entry(date)
            .or_default()
            .push(word("night_postures", "posture", Some(p))?.unwrap_or(crate::model::Posture::Neutral));
    }
    for (date, list) in postures {
        if let Some(n) = nights.get_mut(&date) {
            n.postures = Postures::new(list)
                .map_err(|e| bad_value("night_postures", "posture", "neutral", &e.to_string()))?;
        }
    }
    for (date, t) in pairs("SELECT date, tag FROM night_tags WHERE date BETWEEN ?1 AND ?2")? {
        let tag = Tag::new(&t).map_err(|e| bad_value("night_tags", "tag", &t, &e.to_string()))?;
        if let Some(n) = nights.get_mut(&date) {
            n.tags.insert(tag);
        }
    }
    for (date, name) in pairs(
        "SELECT nm.date, m.name FROM night_medications nm JOIN medications m ON m.id = nm.medication_id \
         WHERE nm.date BETWEEN ?1 AND ?2",
    )? {
        let name =
            MedName::new(&name).map_err(|e| bad_value("medications", "name", &name, &e.to_string()))?;
        if let Some(n) = nights.get_mut(&date) {
            n.medications.insert(name);
        }
    }

    for (date, _, episode) in load_episodes(conn, &lo, &hi)? {
        if let Some(n) = nights.get_mut(&date) {
            n.episodes.push(episode);
        }
    }
    let mut out: Vec<Night> = nights.into_values().collect();
    for n in &mut out {
        n.sort_episodes();
    }
    Ok(out)
}

/// Episodes of nights in `[lo, hi]` with their ids.
fn load_episodes(conn: &Connection, lo: &str, hi: &str) -> Result<Vec<(NaiveDate, EpisodeId, Episode)>> {
    let mut relief: BTreeMap<i64, BTreeSet<crate::model::Relief>> = BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT r.episode_id, r.relief FROM episode_relief r JOIN episodes e ON e.id = r.episode_id \
             WHERE e.night_date BETWEEN ?1 AND ?2",
    )?;
    for row in stmt.query_map(params![lo, hi], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, r) = row?;
        if let Some(r) = word("episode_relief", "relief", Some(r))? {
            relief.entry(id).or_default().insert(r);
        }
    }

    let mut stmt = conn.prepare_cached(
        "SELECT id, night_date, start, duration_s, intensity, location, side, note FROM episodes \
             WHERE night_date BETWEEN ?1 AND ?2 ORDER BY night_date, id",
    )?;
    let rows = stmt.query_map(params![lo, hi], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<i64>>(3)?,
            r.get::<_, Option<i64>>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, date, start, duration, intensity, location, side, text) = row?;
        let episode = Episode {
            start: DateTime::parse_from_rfc3339(&start)
                .map_err(|e| bad_value("episodes", "start", &start, &e.to_string()))?,
            duration: number("episodes", "duration_s", duration, DurationS::new)?,
            intensity: number("episodes", "intensity", intensity, Score::new)?,
            location: word("episodes", "location", location)?,
            side: word("episodes", "side", side)?,
            relief: relief.remove(&id).unwrap_or_default(),
            note: note("episodes", text)?,
        };
        out.push((parse_date("episodes", &date)?, EpisodeId(id), episode));
    }
    Ok(out)
}

/// Resolves medicine names to row ids; an unknown name is the person's mistake.
fn medication_ids(conn: &Connection, names: &BTreeSet<MedName>) -> Result<Vec<i64>> {
    names
        .iter()
        .map(|name| {
            super::meds::find(conn, name)?.map(|(id, _)| id).ok_or_else(|| {
                StoreError::Rejected(format!(
                    "no medicine called '{name}' is on the list; add it first with: cramp med add \"{name}\" --class CLASS"
                ))
            })
        })
        .collect()
}

/// Writes a night whole: its fields, its sets, and its episodes. Episodes equal to stored ones
/// keep their rows (and ids); stored ones no longer present are removed.
pub(super) fn save(conn: &Connection, night: &Night) -> Result<()> {
    night.check().map_err(|e| StoreError::Rejected(e.to_string()))?;
    let date = date_text(night.date);
    conn.prepare_cached(
        "INSERT INTO nights (date, fluid_ml, activity, standing_h, sitting_h, footwear, mg_k_servings, stretched, \
         sleep_disturbance, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) \
         ON CONFLICT (date) DO UPDATE SET fluid_ml = excluded.fluid_ml, activity = excluded.activity, \
         standing_h = excluded.standing_h, sitting_h = excluded.sitting_h, footwear = excluded.footwear, \
         mg_k_servings = excluded.mg_k_servings, stretched = excluded.stretched, \
         sleep_disturbance = excluded.sleep_disturbance, note = excluded.note",
    )
    .and_then(|mut s| {
        s.execute(params![
            date,
            night.fluid.map(FluidMl::get),
            night.activity.map(crate::model::Activity::as_str),
            night.standing.map(Quarters::hours),
            night.sitting.map(Quarters::hours),
            night.footwear.map(crate::model::Footwear::as_str),
            night.mg_k_servings.map(Servings::get),
            night.stretched,
            night.sleep_disturbance.map(Score::get),
            night.note.as_ref().map(Note::as_str),
        ])
    })
    ?;

    for table in ["night_postures", "night_tags", "night_medications"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE date = ?1"))
            .and_then(|mut s| s.execute([&date]))?;
    }
    let mut insert = conn.prepare_cached("INSERT INTO night_postures (date, posture) VALUES (?1, ?2)")?;
    for p in night.postures.iter() {
        insert.execute(params![date, p.as_str()])?;
    }
    let mut insert = conn.prepare_cached("INSERT INTO night_tags (date, tag) VALUES (?1, ?2)")?;
    for t in &night.tags {
        insert.execute(params![date, t.as_str()])?;
    }
    let mut insert =
        conn.prepare_cached("INSERT INTO night_medications (date, medication_id) VALUES (?1, ?2)")?;
    for id in medication_ids(conn, &night.medications)? {
        insert.execute(params![date, id])?;
    }

    let mut stored = load_episodes(conn, &date, &date)?;
    for episode in &night.episodes {
        if let Some(i) = stored.iter().position(|(_, _, e)| e == episode) {
            stored.swap_remove(i);
        } else {
            insert_episode(conn, night.date, episode)?;
        }
    }
    let mut delete = conn.prepare_cached("DELETE FROM episodes WHERE id = ?1")?;
    for (_, id, _) in stored {
        delete.execute([id.0])?;
    }
    Ok(())
}

fn insert_episode(conn: &Connection, night: NaiveDate, e: &Episode) -> Result<EpisodeId> {
    conn.prepare_cached(
        "INSERT INTO episodes (night_date, start, duration_s, intensity, location, side, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .and_then(|mut s| {
        s.execute(params![
            date_text(night),
            start_text(&e.start),
            e.duration.map(DurationS::get),
            e.intensity.map(Score::get),
            e.location.map(crate::model::Location::as_str),
            e.side.map(crate::model::Side::as_str),
            e.note.as_ref().map(Note::as_str),
        ])
    })?;
    let id = conn.last_insert_rowid();
    let mut insert =
        conn.prepare_cached("INSERT INTO episode_relief (episode_id, relief) VALUES (?1, ?2)")?;
    for r in &e.relief {
        insert.execute(params![id, r.as_str()])?;
    }
    Ok(EpisodeId(id))
}

impl Store {
    /// Nights from `from` to `to` (both included, either open), oldest first.
    pub fn nights(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<Night>> {
        self.read(|c| load_range(c, from, to))
    }

    /// One night, or `None` when that date was not logged.
    pub fn night(&self, date: NaiveDate) -> Result<Option<Night>> {
        Ok(self.nights(Some(date), Some(date))?.pop())
    }

    /// The dates that have a night row, oldest first: cheaper than loading whole nights.
    pub fn logged_dates(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<(NaiveDate, usize)>> {
        let lo = from.map_or_else(|| "0000-00-00".to_owned(), date_text);
        let hi = to.map_or_else(|| "9999-99-99".to_owned(), date_text);
        self.read(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT n.date, (SELECT count(*) FROM episodes e WHERE e.night_date = n.date) \
                     FROM nights n WHERE n.date BETWEEN ?1 AND ?2 ORDER BY n.date",
            )?;
            let rows = stmt
                .query_map(params![lo, hi], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            rows.into_iter().map(|(d, n)| Ok((parse_date("nights", &d)?, n as usize))).collect()
        })
    }

    /// How many nights are logged in all.
    pub fn night_count(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT count(*) FROM nights", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.err(e))
    }

    /// Reads the night (if any), lets `edit` change it, and writes the result, all under one
    /// write lock so a concurrent edit cannot be lost in between.
    pub fn update_night<E>(
        &mut self,
        date: NaiveDate,
        edit: impl FnOnce(Option<Night>) -> std::result::Result<Night, E>,
    ) -> Result<std::result::Result<Night, E>> {
        self.write(|tx| {
            let existing = load_range(tx, Some(date), Some(date))?.pop();
            match edit(existing) {
                Ok(night) => {
                    save(tx, &night)?;
                    Ok(Ok(night))
                }
                Err(e) => Ok(Err(e)),
            }
        })
    }

    /// Saves a night whole, replacing what was stored for its date.
    pub fn save_night(&mut self, night: &Night) -> Result<()> {
        self.write(|tx| save(tx, night))
    }

    /// Saves many nights in one transaction (demo data, imports): all or none.
    pub fn save_nights(&mut self, nights: &[Night]) -> Result<()> {
        self.write(|tx| nights.iter().try_for_each(|n| save(tx, n)))
    }

    /// Removes a night and its episodes; `false` when there was nothing to remove.
    pub fn delete_night(&mut self, date: NaiveDate) -> Result<bool> {
        self.write(|tx| {
            tx.execute("DELETE FROM nights WHERE date = ?1", [date_text(date)])
                .map(|n| n > 0)
                .map_err(StoreError::from)
        })
    }

    /// Records one episode at once (creating its night if needed) and returns its id, so a capture
    /// is saved before anything else can go wrong.
    pub fn add_episode(&mut self, night: NaiveDate, episode: &Episode) -> Result<EpisodeId> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO nights (date) VALUES (?1) ON CONFLICT (date) DO NOTHING",
                [date_text(night)],
            )
            .map_err(StoreError::from)?;
            insert_episode(tx, night, episode)
        })
    }

    /// A night's cramps with their row ids, so one begun by a capture can be finished.
    pub fn episodes_with_ids(&self, night: NaiveDate) -> Result<Vec<(EpisodeId, Episode)>> {
        let day = date_text(night);
        let rows = self.read(|c| load_episodes(c, &day, &day))?;
        Ok(rows.into_iter().map(|(_, id, e)| (id, e)).collect())
    }

    /// Sets how long a captured episode lasted.
    pub fn set_episode_duration(&mut self, id: EpisodeId, duration: Option<DurationS>) -> Result<()> {
        self.set_episode_number(id, "duration_s", duration.map(|d| i64::from(d.get())))
    }

    /// Sets how strong a captured episode was.
    pub fn set_episode_intensity(&mut self, id: EpisodeId, intensity: Option<Score>) -> Result<()> {
        self.set_episode_number(id, "intensity", intensity.map(|s| i64::from(s.get())))
    }

    /// One numeric column of one episode; `column` is one of ours, never input.
    fn set_episode_number(&mut self, id: EpisodeId, column: &'static str, value: Option<i64>) -> Result<()> {
        let changed = self.write(|tx| {
            tx.execute(&format!("UPDATE episodes SET {column} = ?2 WHERE id = ?1"), params![id.0, value])
                .map_err(StoreError::from)
        })?;
        if changed == 0 {
            return Err(StoreError::Rejected(
                "that episode no longer exists (was its night deleted?)".to_owned(),
            ));
        }
        Ok(())
    }
}
