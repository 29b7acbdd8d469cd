//! cramp's CSV: one row per episode carrying its night's factors, plus one row per cramp-free
//! night with the episode columns empty. RFC 4180 quoting (by the `csv` crate, through the named
//! fields of `NightCells` and `EpisodeCells`), UTF-8, CRLF between records, ISO dates.
//! Reading it back lives here too, so the two directions share one column list.
//!
//! Medicines are named in `medications` and their doses, in the same order, in
//! `medication_doses`; exports from before doses were recorded lack that column and still read.
//!
//! A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
//! a carriage return) gets a `'` in front; so does a cell that already starts with `'`s followed
//! by one of those, so reading strips exactly one `'` and gets the original back.

use std::collections::BTreeSet;
use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat};

use crate::model::{
    Dose, DurationS, Episode, FluidMl, MedName, Medication, Night, Note, Posture, Postures, Quarters, Relief,
    Schedule, Score, Servings, Tag, medications_on, storable_date, storable_time,
};

/// The header row, and the order of every row's cells: `NightCells`' fields, then
/// `EpisodeCells`'. A test checks the structs write exactly this header.
pub const COLUMNS: [&str; 21] = [
    "date",
    "fluid_ml",
    "activity",
    "standing_h",
    "sitting_h",
    "footwear",
    "mg_k_servings",
    "postures",
    "stretched",
    "medications",
    "medication_doses",
    "tags",
    "sleep_disturbance",
    "night_note",
    "episode_start",
    "duration_s",
    "intensity",
    "location",
    "side",
    "relief",
    "episode_note",
];

/// The column that exports before doses were recorded do not have; their header is
/// [`COLUMNS`] without it, and they still import.
const ADDED_COLUMN: &str = "medication_doses";

/// One cell as text. Writing it neutralises a formula (see [`neutralise`]) and reading it
/// restores the original, so every column gets the same protection without each field asking.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Cell(String);

impl Cell {
    fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl serde::Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&neutralise(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Cell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Ok(Self(restore(&raw).to_owned()))
    }
}

/// A row's night columns, repeated on each of the night's rows. The field names are the header.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct NightCells {
    date: Cell,
    fluid_ml: Cell,
    activity: Cell,
    standing_h: Cell,
    sitting_h: Cell,
    footwear: Cell,
    mg_k_servings: Cell,
    postures: Cell,
    stretched: Cell,
    medications: Cell,
    /// Each of `medications`' dose in the same order, empty where none is recorded; the whole
    /// cell is empty when none of them has one. Absent from older exports.
    #[serde(default)]
    medication_doses: Cell,
    tags: Cell,
    sleep_disturbance: Cell,
    night_note: Cell,
}

/// A row's episode columns: one cramp, or all empty on a cramp-free night's only row.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct EpisodeCells {
    episode_start: Cell,
    duration_s: Cell,
    intensity: Cell,
    location: Cell,
    side: Cell,
    relief: Cell,
    episode_note: Cell,
}

impl EpisodeCells {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Writes the nights (oldest first); `meds` supplies the daily medicines each night took.
pub fn write(nights: &[Night], meds: &[Medication], out: &mut dyn Write) -> io::Result<()> {
    // The header is written by hand rather than from the first row so an empty range still
    // gets one.
    let builder = |style| {
        let mut b = ::csv::WriterBuilder::new();
        b.has_headers(false).terminator(::csv::Terminator::CRLF).quote_style(style);
        b
    };
    let (plain, quoted) = (builder(::csv::QuoteStyle::Necessary), builder(::csv::QuoteStyle::Always));
    let mut w = plain.from_writer(&mut *out);
    w.write_record(COLUMNS)?;
    w.flush()?;
    drop(w);
    // A row holding a `;` has every cell quoted: a spreadsheet that splits on `;` (as many set
    // to European languages do) then keeps `x;=1+2` or the list `coffee;-odd` one cell instead
    // of running `=1+2`. Other rows are quoted only where RFC 4180 needs it.
    let mut row = |cells: &dyn Fn(&mut ::csv::Writer<Vec<u8>>) -> ::csv::Result<()>| -> io::Result<()> {
        let into_bytes =
            |w: ::csv::Writer<Vec<u8>>| w.into_inner().map_err(|e| io::Error::other(e.to_string()));
        let mut w = plain.from_writer(Vec::new());
        cells(&mut w)?;
        let mut bytes = into_bytes(w)?;
        if bytes.contains(&b';') {
            let mut w = quoted.from_writer(Vec::new());
            cells(&mut w)?;
            bytes = into_bytes(w)?;
        }
        out.write_all(&bytes)
    };
    let empty = EpisodeCells::default();
    for night in nights {
        let head = night_cells(night, meds);
        if night.episodes.is_empty() {
            row(&|w| w.serialize((&head, &empty)))?;
        }
        for e in &night.episodes {
            let cells = episode_cells(e);
            row(&|w| w.serialize((&head, &cells)))?;
        }
    }
    out.flush()
}

fn opt<T: ToString>(v: Option<T>) -> Cell {
    Cell(v.map_or_else(String::new, |v| v.to_string()))
}

/// Joins set items with `;`, escaping `\` and `;` inside an item (only medicine names can hold
/// them).
fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> Cell {
    Cell(items.into_iter().map(|s| s.replace('\\', "\\\\").replace(';', "\\;")).collect::<Vec<_>>().join(";"))
}

fn night_cells(n: &Night, meds: &[Medication]) -> NightCells {
    let taken = medications_on(n, meds);
    NightCells {
        date: Cell(n.date.format("%Y-%m-%d").to_string()),
        fluid_ml: opt(n.fluid.map(FluidMl::get)),
        activity: opt(n.activity),
        standing_h: opt(n.standing.map(Quarters::hours)),
        sitting_h: opt(n.sitting.map(Quarters::hours)),
        footwear: opt(n.footwear),
        mg_k_servings: opt(n.mg_k_servings),
        postures: join(n.postures.iter().map(Posture::as_str)),
        stretched: opt(n.stretched),
        medications: join(taken.iter().map(|m| m.name.as_str())),
        medication_doses: if taken.iter().any(|m| m.dose.is_some()) {
            join(taken.iter().map(|m| m.dose.as_ref().map_or("", Dose::as_str)))
        } else {
            Cell::default()
        },
        tags: join(n.tags.iter().map(Tag::as_str)),
        sleep_disturbance: opt(n.sleep_disturbance),
        night_note: opt(n.note.as_ref().map(Note::as_str)),
    }
}

fn episode_cells(e: &Episode) -> EpisodeCells {
    EpisodeCells {
        episode_start: Cell(e.start.to_rfc3339_opts(SecondsFormat::Secs, false)),
        duration_s: opt(e.duration.map(DurationS::get)),
        intensity: opt(e.intensity),
        location: opt(e.location),
        side: opt(e.side),
        relief: join(e.relief.iter().map(|r| r.as_str())),
        episode_note: opt(e.note.as_ref().map(Note::as_str)),
    }
}

fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// Whether a spreadsheet would read this cell as a formula once one leading `'` is removed.
fn needs_quote_prefix(cell: &str) -> bool {
    cell.trim_start_matches('\'').chars().next().is_some_and(is_trigger)
}

/// Puts a `'` in front of a cell a spreadsheet would run as a formula.
#[must_use]
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote_prefix(cell) { format!("'{cell}").into() } else { cell.into() }
}

/// Undoes [`neutralise`].
#[must_use]
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote_prefix(rest) => rest,
        _ => cell,
    }
}

/// A CSV file that cannot be read back, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("CSV line {line}{}: {message}", column.map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct CsvError {
    pub line: usize,
    pub column: Option<&'static str>,
    pub message: String,
}

/// A reader of `text` that hands back every record as it is, for [`read`] to judge: records of
/// any length, no header taken for granted, CRLF or LF endings.
fn reader(text: &str) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes())
}

/// Line numbers of records, counted here: the csv crate's count lags by one after a CRLF,
/// whose `\n` it only reads as the start of the next record.
struct Lines<'a> {
    text: &'a str,
    /// A byte offset and the line it is on, so each record only counts the newlines since.
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: 0, line: 1 }
    }

    /// The line `record` starts on: where its first byte is, past the end of the line before.
    fn of(&mut self, record: &::csv::StringRecord) -> usize {
        let from = record.position().map_or(0, |p| p.byte() as usize).max(self.at);
        let rest = self.text.get(from..).unwrap_or_default();
        let start = from + rest.len() - rest.trim_start_matches(['\r', '\n']).len();
        // Record boundaries are ASCII bytes, so these are always whole characters.
        self.line += self.text.get(self.at..start).unwrap_or_default().matches('\n').count();
        self.at = start;
        self.line
    }
}

/// The csv crate's own complaints (it has few: the text is already UTF-8 and in memory).
fn crate_error(e: &::csv::Error, line: usize) -> CsvError {
    CsvError { line, column: None, message: e.to_string() }
}

/// Looks for a quote left open. The csv crate reads leniently: an unclosed quote swallows the
/// rest of the file into one cell, and a stray quote inside an unquoted cell is kept as text.
/// Both leave a record whose raw text holds an odd number of `"` (a well-formed quoted cell
/// holds an even number: its two ends and doubled quotes), so each record's span is counted.
fn check_quotes(text: &str) -> Result<(), CsvError> {
    let mut rows = reader(text);
    let mut lines = Lines::new(text);
    let mut record = ::csv::StringRecord::new();
    loop {
        let from = rows.position().byte() as usize;
        if !rows.read_record(&mut record).map_err(|e| crate_error(&e, lines.line))? {
            return Ok(());
        }
        let to = rows.position().byte() as usize;
        let span = text.get(from..to).unwrap_or_default();
        if span.matches('"').count() % 2 == 1 {
            let line = lines.of(&record);
            let message = if to >= text.len() {
                "a quoted cell is never closed (is the file cut short?)"
            } else {
                "a quote inside an unquoted cell; quote the whole cell and double the quote"
            };
            return Err(CsvError { line, column: None, message: message.to_owned() });
        }
    }
}

/// The first row of a night in the file: where it is, its night cells as read and as written,
/// and whether it carried a cramp.
struct FirstRow {
    line: usize,
    head: NightCells,
    raw: ::csv::StringRecord,
    had_episode: bool,
}

/// Reads cramp's CSV back into nights, checking every cell. `meds` is the medicine list the
/// nights will be stored against: named medicines must be on it, and daily ones its dates already
/// cover are derived again rather than stored as logged.
pub fn read(text: &str, meds: &[Medication]) -> Result<Vec<Night>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // A quoting mistake anywhere says more than the odd rows it makes: look for one first.
    check_quotes(text)?;
    let mut rows = reader(text);
    let mut lines = Lines::new(text);
    let mut header = ::csv::StringRecord::new();
    let empty = || CsvError { line: 1, column: None, message: "the file is empty".to_owned() };
    if !rows.read_record(&mut header).map_err(|e| crate_error(&e, 1))? {
        return Err(empty());
    }
    let before_doses = COLUMNS.iter().copied().filter(|c| *c != ADDED_COLUMN);
    if header.iter().ne(COLUMNS) && header.iter().ne(before_doses) {
        return Err(CsvError {
            line: lines.of(&header),
            column: None,
            message: format!("the header is not cramp's; expected: {}", COLUMNS.join(",")),
        });
    }
    let mut nights: Vec<Night> = Vec::new();
    // The row that started the current night, to check the night's other rows agree with it.
    let mut current: Option<FirstRow> = None;
    let mut record = ::csv::StringRecord::new();
    while rows.read_record(&mut record).map_err(|e| crate_error(&e, lines.line))? {
        let line = lines.of(&record);
        if record.len() == 1 && record.get(0).is_some_and(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            return Err(CsvError {
                line,
                column: None,
                message: format!("{} cells where {} are expected", record.len(), header.len()),
            });
        }
        let bad_row = |e: ::csv::Error| crate_error(&e, line);
        let head: NightCells = record.deserialize(Some(&header)).map_err(bad_row)?;
        let episode: EpisodeCells = record.deserialize(Some(&header)).map_err(bad_row)?;
        let has_episode = !episode.is_empty();
        if let Some(first) = current.as_ref().filter(|f| f.head.date == head.date) {
            if !has_episode || !first.had_episode {
                return Err(CsvError {
                    line,
                    column: Some("date"),
                    message: format!(
                        "{} already has a row on line {}; a cramp-free night has exactly one row",
                        head.date.as_str(),
                        first.line
                    ),
                });
            }
            if first.head != head {
                // Name the first column that differs, by the header over the two raw rows.
                let differs = header.iter().zip(first.raw.iter().zip(&record)).find(|(_, (a, b))| a != b);
                let column = differs.and_then(|(name, _)| COLUMNS.iter().copied().find(|c| *c == name));
                return Err(CsvError {
                    line,
                    column,
                    message: format!("differs from line {} for the same night", first.line),
                });
            }
        } else {
            let night = read_night(line, &head, meds)?;
            if nights.last().is_some_and(|n| n.date >= night.date) {
                return Err(CsvError {
                    line,
                    column: Some("date"),
                    message: format!(
                        "{} is out of order or repeated; nights must be oldest first",
                        night.date
                    ),
                });
            }
            nights.push(night);
            current = Some(FirstRow { line, head, raw: record.clone(), had_episode: has_episode });
        }
        if has_episode && let Some(night) = nights.last_mut() {
            let e = read_episode(line, &episode)?;
            let at = |message: String| CsvError { line, column: Some("episode_start"), message };
            night.holds(&e).map_err(|why| at(why.to_string()))?;
            if night.episodes.iter().any(|o| o.start == e.start) {
                return Err(at(format!(
                    "{} is already a cramp of this night; one cramp is one row",
                    e.start.to_rfc3339()
                )));
            }
            night.episodes.push(e);
        }
    }
    for n in &mut nights {
        n.sort_episodes();
    }
    Ok(nights)
}

/// A cell parser's failure: the column's name and why.
type CellResult<T> = Result<T, (&'static str, String)>;

fn cell_opt<T>(
    column: &'static str,
    s: &str,
    f: impl FnOnce(&str) -> Result<T, String>,
) -> CellResult<Option<T>> {
    if s.is_empty() { Ok(None) } else { f(s).map(Some).map_err(|e| (column, e)) }
}

fn int(s: &str) -> Result<i64, String> {
    s.parse::<i64>().map_err(|_| format!("'{s}' is not a whole number"))
}

fn hours(s: &str) -> Result<Quarters, String> {
    let h: f64 = s.parse().map_err(|_| format!("'{s}' is not a number of hours"))?;
    Quarters::from_hours(h).map_err(|_| format!("{s} is not 0–24 hours in quarter-hour steps"))
}

fn word<T: std::str::FromStr<Err = crate::model::UnknownWord> + std::fmt::Display>(
    s: &str,
) -> Result<T, String> {
    let v: T = s.parse().map_err(|e: crate::model::UnknownWord| e.to_string())?;
    // Only the exact word, as for JSON: a lenient import would not round-trip.
    if v.to_string() == s { Ok(v) } else { Err(format!("'{s}' must be written '{v}'")) }
}

/// Splits a `;`-joined cell, undoing the `\` escapes.
fn split(s: &str) -> Vec<String> {
    if s.is_empty() {
        return Vec::new();
    }
    let mut items = vec![String::new()];
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => items.last_mut().into_iter().for_each(|i| i.extend(chars.next())),
            ';' => items.push(String::new()),
            _ => items.last_mut().into_iter().for_each(|i| i.push(c)),
        }
    }
    items
}

fn note(s: &str) -> Result<Note, String> {
    Note::new(s).map_err(|e| e.to_string())
}

fn read_night(line: usize, c: &NightCells, meds: &[Medication]) -> Result<Night, CsvError> {
    let at = |(column, message): (&'static str, String)| CsvError { line, column: Some(column), message };
    let date = NaiveDate::parse_from_str(c.date.as_str(), "%Y-%m-%d")
        .map_err(|_| at(("date", format!("'{}' is not a date (YYYY-MM-DD)", c.date.as_str()))))?;
    let date = storable_date(date).map_err(|e| at(("date", e.to_string())))?;
    let mut n = Night::empty(date);
    n.fluid = cell_opt("fluid_ml", c.fluid_ml.as_str(), |s| FluidMl::new(int(s)?).map_err(|e| e.to_string()))
        .map_err(at)?;
    n.activity = cell_opt("activity", c.activity.as_str(), word).map_err(at)?;
    n.standing = cell_opt("standing_h", c.standing_h.as_str(), hours).map_err(at)?;
    n.sitting = cell_opt("sitting_h", c.sitting_h.as_str(), hours).map_err(at)?;
    n.footwear = cell_opt("footwear", c.footwear.as_str(), word).map_err(at)?;
    n.mg_k_servings = cell_opt("mg_k_servings", c.mg_k_servings.as_str(), |s| {
        Servings::new(int(s)?).map_err(|e| e.to_string())
    })
    .map_err(at)?;
    let postures =
        split(c.postures.as_str()).iter().map(|p| word::<Posture>(p)).collect::<Result<Vec<_>, _>>();
    n.postures = postures
        .and_then(|p| Postures::new(p).map_err(|e| e.to_string()))
        .map_err(|e| at(("postures", e)))?;
    n.stretched = cell_opt("stretched", c.stretched.as_str(), |s| match s {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("'{s}' is not true or false")),
    })
    .map_err(at)?;
    let names = split(c.medications.as_str());
    let doses = split(c.medication_doses.as_str());
    // Doses are the medicine list's, and may have changed since: the cell is checked for shape
    // but what is stored is the list's.
    if !doses.is_empty() && doses.len() != names.len() {
        return Err(at((
            ADDED_COLUMN,
            format!(
                "{} doses for {} medicines; list one per medicine, empty where unknown",
                doses.len(),
                names.len()
            ),
        )));
    }
    for dose in doses.iter().filter(|d| !d.is_empty()) {
        Dose::new(dose).map_err(|e| at((ADDED_COLUMN, e.to_string())))?;
    }
    for name in names {
        let name = MedName::new(&name).map_err(|e| at(("medications", e.to_string())))?;
        let Some(med) = meds.iter().find(|m| m.name == name) else {
            return Err(at((
                "medications",
                format!(
                    "'{name}' is not on the medicine list; add it first (cramp med add \"{name}\" --class CLASS) \
                     or import a JSON export, which carries the medicines"
                ),
            )));
        };
        let scheduled = matches!(med.schedule, Schedule::Daily(_)) && med.scheduled_on(date);
        if !scheduled {
            n.medications.insert(med.name.clone());
        }
    }
    n.tags = split(c.tags.as_str())
        .iter()
        .map(|t| {
            let tag = Tag::new(t).map_err(|e| e.to_string())?;
            if tag.as_str() == t { Ok(tag) } else { Err(format!("tag '{t}' must be lower-case and trimmed")) }
        })
        .collect::<Result<BTreeSet<_>, _>>()
        .map_err(|e| at(("tags", e)))?;
    n.sleep_disturbance = cell_opt("sleep_disturbance", c.sleep_disturbance.as_str(), |s| {
        Score::new(int(s)?).map_err(|e| e.to_string())
    })
    .map_err(at)?;
    n.note = cell_opt("night_note", c.night_note.as_str(), note).map_err(at)?;
    n.check().map_err(|e| at(("sitting_h", e.to_string())))?;
    Ok(n)
}

fn read_episode(line: usize, c: &EpisodeCells) -> Result<Episode, CsvError> {
    let at = |(column, message): (&'static str, String)| CsvError { line, column: Some(column), message };
    let start = DateTime::parse_from_rfc3339(c.episode_start.as_str()).map_err(|_| {
        at((
            "episode_start",
            format!(
                "'{}' is not an RFC 3339 time with offset, e.g. 2026-11-28T03:10:00+01:00",
                c.episode_start.as_str()
            ),
        ))
    })?;
    let start = storable_time(start).map_err(|e| at(("episode_start", e.to_string())))?;
    let start = crate::model::exact_clock_time(start).map_err(|e| at(("episode_start", e)))?;
    let relief =
        split(c.relief.as_str()).iter().map(|r| word::<Relief>(r)).collect::<Result<BTreeSet<_>, _>>();
    Ok(Episode {
        start,
        duration: cell_opt("duration_s", c.duration_s.as_str(), |s| {
            DurationS::new(int(s)?).map_err(|e| e.to_string())
        })
        .map_err(at)?,
        intensity: cell_opt("intensity", c.intensity.as_str(), |s| {
            Score::new(int(s)?).map_err(|e| e.to_string())
        })
        .map_err(at)?,
        location: cell_opt("location", c.location.as_str(), word).map_err(at)?,
        side: cell_opt("side", c.side.as_str(), word).map_err(at)?,
        relief: relief.map_err(|e| at(("relief", e)))?,
        note: cell_opt("episode_note", c.episode_note.as_str(), note).map_err(at)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, MedClass, Period};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sample() -> (Vec<Night>, Vec<Medication>) {
        let meds = vec![
            Medication {
                name: MedName::new("Atorvastatin").unwrap(),
                class: MedClass::Statin,
                schedule: Schedule::Daily(vec![Period::new(d("2026-11-01"), None).unwrap()]),
                dose: Some(Dose::new("20 mg; at night").unwrap()),
            },
            Medication {
                name: MedName::new("Odd;name\\x").unwrap(),
                class: MedClass::Other,
                schedule: Schedule::AsNeeded,
                dose: None,
            },
        ];
        let mut a = Night::empty(d("2026-11-26"));
        a.note = Some(Note::new("=HYPERLINK(\"x\")").unwrap());
        a.tags.insert(Tag::new("-odd").unwrap());
        a.medications.insert(MedName::new("Odd;name\\x").unwrap());
        let mut b = Night::empty(d("2026-11-27"));
        b.standing = Some(Quarters::new(22).unwrap());
        b.stretched = Some(false);
        b.note = Some(Note::new("Müller — café ½ L, Ωμέγα, Привет\nline two").unwrap());
        for (t, note) in
            [("2026-11-28T03:10:00+01:00", Some("'@already quoted")), ("2026-11-27T23:40:00+01:00", None)]
        {
            let mut e = Episode::starting(DateTime::parse_from_rfc3339(t).unwrap());
            e.intensity = Some(Score::new(7).unwrap());
            e.location = Some(Location::TopOfFoot);
            e.relief = [Relief::Stretch, Relief::Walk].into_iter().collect();
            e.note = note.map(|s| Note::new(s).unwrap());
            b.episodes.push(e);
        }
        b.sort_episodes();
        (vec![a, b], meds)
    }

    fn to_text(nights: &[Night], meds: &[Medication]) -> String {
        let mut buf = Vec::new();
        write(nights, meds, &mut buf).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn formulas_are_neutralised_and_restored() {
        for cell in ["=1+1", "+1", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "''@x"] {
            let safe = neutralise(cell);
            assert!(safe.starts_with('\''), "{cell:?} -> {safe:?}");
            assert_eq!(restore(&safe), cell);
        }
        for cell in ["2026-11-27", "1500", "'Twas", "", "café", "2026-11-28T03:10:00+01:00"] {
            assert_eq!(neutralise(cell), cell);
            assert_eq!(restore(cell), cell);
        }
    }

    #[test]
    fn rows_are_quoted_by_rfc_4180() {
        let (nights, meds) = sample();
        let text = to_text(&nights, &meds);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], COLUMNS.join(","));
        // The row holds `;` (the medicine list), so every cell is quoted.
        assert!(
            lines[1].starts_with(
                "\"2026-11-26\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"Atorvastatin;Odd\\;name\\\\x\",\"20 mg\\; at night;\",\"'-odd\",\"\",\"'=HYPERLINK(\"\"x\"\")\""
            ),
            "{}",
            lines[1]
        );
        assert!(text.contains("\"Müller — café ½ L, Ωμέγα, Привет\nline two\""), "{text}");
        assert!(text.contains(",\"5.5\","), "hours are decimals: {text}");
        assert!(
            text.contains(
                "\"2026-11-27T23:40:00+01:00\",\"\",\"7\",\"top-of-foot\",\"\",\"stretch;walk\",\"\"\r\n"
            ),
            "{text}"
        );
        assert!(text.contains(",\"''@already quoted\""), "{text}");
        // A row without `;` is quoted only where RFC 4180 needs it.
        let plain =
            to_text(&[Night { fluid: FluidMl::new(1500).ok(), ..Night::empty(d("2026-11-20")) }], &[]);
        assert_eq!(plain.split("\r\n").nth(1), Some("2026-11-20,1500,,,,,,,,,,,,,,,,,,,"));
    }

    #[test]
    fn the_row_structs_write_the_header() {
        // The header is written from COLUMNS; the structs' field names must be the same list, or
        // reading by name would look in the wrong columns.
        let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
        let (nights, meds) = sample();
        w.serialize((night_cells(&nights[0], &meds), EpisodeCells::default())).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next(), Some(COLUMNS.join(",").as_str()));
    }

    #[test]
    fn exports_from_before_doses_still_read() {
        // The same file without the medication_doses column, as cramp wrote it before.
        let (nights, meds) = sample();
        let text = to_text(&nights, &meds);
        let at = COLUMNS.iter().position(|c| *c == ADDED_COLUMN).unwrap();
        let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::CRLF).from_writer(Vec::new());
        for record in reader(&text).records() {
            let record = record.unwrap();
            w.write_record(record.iter().enumerate().filter(|(i, _)| *i != at).map(|(_, c)| c)).unwrap();
        }
        let old = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert!(old.starts_with("date,fluid_ml,activity,standing_h,sitting_h,footwear,mg_k_servings,postures,stretched,medications,tags,"), "{old}");
        assert_eq!(read(&old, &meds).unwrap(), nights);
    }

    #[test]
    fn every_cell_quoted_reads_the_same() {
        // As a spreadsheet may save it: every cell in quotes, LF endings.
        let (nights, meds) = sample();
        let text = to_text(&nights, &meds);
        let mut w =
            ::csv::WriterBuilder::new().quote_style(::csv::QuoteStyle::Always).from_writer(Vec::new());
        for record in reader(&text).records() {
            w.write_record(&record.unwrap()).unwrap();
        }
        let quoted = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert!(quoted.starts_with("\"date\",\"fluid_ml\","), "{quoted}");
        assert_eq!(read(&quoted, &meds).unwrap(), nights);
    }

    #[test]
    fn what_is_written_reads_back() {
        let (nights, meds) = sample();
        let text = to_text(&nights, &meds);
        assert_eq!(read(&text, &meds).unwrap(), nights);
        // LF endings and a byte-order mark, as some spreadsheets save, read the same.
        let lf = format!("\u{feff}{}", text.replace("\r\n", "\n"));
        assert_eq!(read(&lf, &meds).unwrap(), nights);
    }

    #[test]
    fn bad_cells_name_the_line_and_column() {
        let (nights, meds) = sample();
        let text = to_text(&nights, &meds);
        let bad = text.replace("\"7\",\"top-of-foot\"", "\"11\",\"top-of-foot\"");
        let e = read(&bad, &meds).unwrap_err();
        assert_eq!(e.column, Some("intensity"));
        assert!(e.to_string().starts_with("CSV line 3, column intensity: 11 is out of range"), "{e}");
        let e = read(&text, &meds[..1]).unwrap_err();
        assert_eq!((e.line, e.column), (2, Some("medications")));
        let e = read(&text[..text.len() - 40], &meds).unwrap_err();
        assert!(e.to_string().contains("cells where 21 are expected"), "{e}");
        let e = read(&text.replacen("Müller", "\"Müller", 1).replace("line two\"", "line two"), &meds)
            .unwrap_err();
        assert!(e.to_string().contains("quote"), "{e}");
        let e = read(&text.replacen("\"7\",\"top-of-foot\"", "7\",\"top-of-foot\"", 1), &meds).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("a quote inside an unquoted cell"), "{e}");
        let e = read(&text.replace("20 mg\\; at night;", "20 mg"), &meds).unwrap_err();
        assert_eq!((e.line, e.column), (2, Some("medication_doses")), "{e}");
        assert!(
            e.to_string().ends_with("1 doses for 2 medicines; list one per medicine, empty where unknown")
        );
        let second = text.rfind("\"5.5\"").unwrap();
        assert_ne!(text.find("\"5.5\""), Some(second), "the night has two rows");
        let e = read(&format!("{}\"6\"{}", &text[..second], &text[second + 5..]), &meds).unwrap_err();
        assert_eq!(e.to_string(), "CSV line 5, column standing_h: differs from line 3 for the same night");
        let e = read("date,x\r\n", &meds).unwrap_err();
        assert!(e.to_string().contains("header is not cramp's"), "{e}");
    }
}
