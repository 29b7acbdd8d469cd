//! cramp's CSV: one row per episode carrying its night's factors, plus one row per cramp-free
//! night with the episode columns empty. RFC 4180 quoting, UTF-8, CRLF between records, ISO
//! dates. Reading it back lives here too, so the two directions share one column list.
//!
//! A cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
//! a carriage return) gets a `'` in front; so does a cell that already starts with `'`s followed
//! by one of those, so reading strips exactly one `'` and gets the original back.

use std::collections::BTreeSet;
use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, SecondsFormat};

use crate::model::{
    DurationS, Episode, FluidMl, MedName, Medication, Night, Note, Posture, Postures, Quarters, Relief,
    Schedule, Score, Servings, Tag, medications_on, storable_date, storable_time,
};

/// The header row, and the order of every row's cells.
pub const COLUMNS: [&str; 20] = [
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

/// Where a night's columns end and the episode's begin.
const NIGHT_COLUMNS: usize = 13;

/// Writes the nights (oldest first); `meds` supplies the daily medicines each night took.
pub fn write(nights: &[Night], meds: &[Medication], out: &mut dyn Write) -> io::Result<()> {
    let mut line = String::with_capacity(256);
    record(&mut line, COLUMNS.iter().map(|c| (*c).to_owned()));
    out.write_all(line.as_bytes())?;
    for night in nights {
        let head = night_cells(night, meds);
        if night.episodes.is_empty() {
            line.clear();
            record(&mut line, head.iter().cloned().chain(std::iter::repeat_n(String::new(), 7)));
            out.write_all(line.as_bytes())?;
        }
        for e in &night.episodes {
            line.clear();
            record(&mut line, head.iter().cloned().chain(episode_cells(e)));
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(String::new, |v| v.to_string())
}

/// Joins set items with `;`, escaping `\` and `;` inside an item (only medicine names can hold
/// them).
fn join<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items.into_iter().map(|s| s.replace('\\', "\\\\").replace(';', "\\;")).collect::<Vec<_>>().join(";")
}

fn night_cells(n: &Night, meds: &[Medication]) -> [String; NIGHT_COLUMNS] {
    [
        n.date.format("%Y-%m-%d").to_string(),
        opt(n.fluid.map(FluidMl::get)),
        opt(n.activity),
        opt(n.standing.map(Quarters::hours)),
        opt(n.sitting.map(Quarters::hours)),
        opt(n.footwear),
        opt(n.mg_k_servings),
        join(n.postures.iter().map(Posture::as_str)),
        opt(n.stretched),
        join(medications_on(n, meds).iter().map(|m| m.name.as_str())),
        join(n.tags.iter().map(Tag::as_str)),
        opt(n.sleep_disturbance),
        n.note.as_ref().map_or_else(String::new, |t| t.as_str().to_owned()),
    ]
}

fn episode_cells(e: &Episode) -> [String; 7] {
    [
        e.start.to_rfc3339_opts(SecondsFormat::Secs, false),
        opt(e.duration.map(DurationS::get)),
        opt(e.intensity),
        opt(e.location),
        opt(e.side),
        join(e.relief.iter().map(|r| r.as_str())),
        e.note.as_ref().map_or_else(String::new, |t| t.as_str().to_owned()),
    ]
}

/// Appends one CSV record (with its CRLF) to `line`.
fn record(line: &mut String, cells: impl IntoIterator<Item = String>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        let cell = neutralise(&cell);
        if cell.contains([',', '"', '\r', '\n']) {
            line.push('"');
            line.push_str(&cell.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&cell);
        }
    }
    line.push_str("\r\n");
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

/// RFC 4180 text as records of cells, each with the line it starts on, read one at a time so a
/// large file is never held as millions of cells at once. Accepts CRLF or LF endings and a
/// leading byte-order mark.
struct Records<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
    done: bool,
}

fn records(text: &str) -> Records<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Records { chars: text.chars().peekable(), line: 1, done: false }
}

impl Iterator for Records<'_> {
    type Item = Result<(usize, Vec<String>), CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let start_line = self.line;
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut quoted = false;
        let mut any = false;
        while let Some(c) = self.chars.next() {
            any = true;
            if quoted {
                match c {
                    '"' if self.chars.peek() == Some(&'"') => {
                        self.chars.next();
                        cell.push('"');
                    }
                    '"' => quoted = false,
                    _ => {
                        if c == '\n' {
                            self.line += 1;
                        }
                        cell.push(c);
                    }
                }
                continue;
            }
            match c {
                '"' if cell.is_empty() => quoted = true,
                '"' => {
                    self.done = true;
                    return Some(Err(CsvError {
                        line: self.line,
                        column: None,
                        message: "a quote inside an unquoted cell; quote the whole cell and double the quote"
                            .to_owned(),
                    }));
                }
                ',' => cells.push(std::mem::take(&mut cell)),
                '\r' if self.chars.peek() == Some(&'\n') => {}
                '\n' => {
                    cells.push(cell);
                    self.line += 1;
                    return Some(Ok((start_line, cells)));
                }
                _ => cell.push(c),
            }
        }
        self.done = true;
        if quoted {
            return Some(Err(CsvError {
                line: start_line,
                column: None,
                message: "a quoted cell is never closed (is the file cut short?)".to_owned(),
            }));
        }
        any.then(|| {
            cells.push(cell);
            Ok((start_line, cells))
        })
    }
}

/// Reads cramp's CSV back into nights, checking every cell. `meds` is the medicine list the
/// nights will be stored against: named medicines must be on it, and daily ones its dates already
/// cover are derived again rather than stored as logged.
pub fn read(text: &str, meds: &[Medication]) -> Result<Vec<Night>, CsvError> {
    // A quoting mistake anywhere says more than the odd rows it makes: look for one first.
    records(text).try_for_each(|r| r.map(drop))?;
    let mut rows = records(text);
    let Some((_, header)) = rows.next().transpose()? else {
        return Err(CsvError { line: 1, column: None, message: "the file is empty".to_owned() });
    };
    if header.iter().map(String::as_str).ne(COLUMNS) {
        return Err(CsvError {
            line: 1,
            column: None,
            message: format!("the header is not cramp's; expected: {}", COLUMNS.join(",")),
        });
    }
    let mut nights: Vec<Night> = Vec::new();
    // The night cells of the row that started the current night, to check the rows agree.
    let mut current: Option<(usize, Vec<String>, bool)> = None;
    for row in rows {
        let (line, cells) = row?;
        if cells.len() == 1 && cells[0].is_empty() {
            continue;
        }
        if cells.len() != COLUMNS.len() {
            return Err(CsvError {
                line,
                column: None,
                message: format!("{} cells where {} are expected", cells.len(), COLUMNS.len()),
            });
        }
        let cells: Vec<&str> = cells.iter().map(|c| restore(c)).collect();
        let has_episode = cells[NIGHT_COLUMNS..].iter().any(|c| !c.is_empty());
        let head = &cells[..NIGHT_COLUMNS];
        if let Some((first, h, first_had_episode)) = current.as_ref().filter(|(_, h, _)| h[0] == head[0]) {
            let (first, first_had_episode) = (*first, *first_had_episode);
            if !has_episode || !first_had_episode {
                return Err(CsvError {
                    line,
                    column: Some("date"),
                    message: format!(
                        "{} already has a row on line {first}; a cramp-free night has exactly one row",
                        head[0]
                    ),
                });
            }
            if let Some(i) = (0..NIGHT_COLUMNS).find(|&i| h[i] != head[i]) {
                return Err(CsvError {
                    line,
                    column: Some(COLUMNS[i]),
                    message: format!("differs from line {first} for the same night"),
                });
            }
        } else {
            let night = read_night(line, head, meds)?;
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
            current = Some((line, head.iter().map(|s| (*s).to_owned()).collect(), has_episode));
        }
        if has_episode && let Some(night) = nights.last_mut() {
            night.episodes.push(read_episode(line, &cells[NIGHT_COLUMNS..])?);
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

fn read_night(line: usize, c: &[&str], meds: &[Medication]) -> Result<Night, CsvError> {
    let at = |(column, message): (&'static str, String)| CsvError { line, column: Some(column), message };
    let date = NaiveDate::parse_from_str(c[0], "%Y-%m-%d")
        .map_err(|_| at(("date", format!("'{}' is not a date (YYYY-MM-DD)", c[0]))))?;
    let date = storable_date(date).map_err(|e| at(("date", e.to_string())))?;
    let mut n = Night::empty(date);
    n.fluid = cell_opt("fluid_ml", c[1], |s| FluidMl::new(int(s)?).map_err(|e| e.to_string())).map_err(at)?;
    n.activity = cell_opt("activity", c[2], word).map_err(at)?;
    n.standing = cell_opt("standing_h", c[3], hours).map_err(at)?;
    n.sitting = cell_opt("sitting_h", c[4], hours).map_err(at)?;
    n.footwear = cell_opt("footwear", c[5], word).map_err(at)?;
    n.mg_k_servings =
        cell_opt("mg_k_servings", c[6], |s| Servings::new(int(s)?).map_err(|e| e.to_string())).map_err(at)?;
    let postures = split(c[7]).iter().map(|p| word::<Posture>(p)).collect::<Result<Vec<_>, _>>();
    n.postures = postures
        .and_then(|p| Postures::new(p).map_err(|e| e.to_string()))
        .map_err(|e| at(("postures", e)))?;
    n.stretched = cell_opt("stretched", c[8], |s| match s {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("'{s}' is not true or false")),
    })
    .map_err(at)?;
    for name in split(c[9]) {
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
    n.tags = split(c[10])
        .iter()
        .map(|t| {
            let tag = Tag::new(t).map_err(|e| e.to_string())?;
            if tag.as_str() == t { Ok(tag) } else { Err(format!("tag '{t}' must be lower-case and trimmed")) }
        })
        .collect::<Result<BTreeSet<_>, _>>()
        .map_err(|e| at(("tags", e)))?;
    n.sleep_disturbance =
        cell_opt("sleep_disturbance", c[11], |s| Score::new(int(s)?).map_err(|e| e.to_string()))
            .map_err(at)?;
    n.note = cell_opt("night_note", c[12], note).map_err(at)?;
    n.check().map_err(|e| at(("sitting_h", e.to_string())))?;
    Ok(n)
}

fn read_episode(line: usize, c: &[&str]) -> Result<Episode, CsvError> {
    let at = |(column, message): (&'static str, String)| CsvError { line, column: Some(column), message };
    let start = DateTime::parse_from_rfc3339(c[0]).map_err(|_| {
        at((
            "episode_start",
            format!("'{}' is not an RFC 3339 time with offset, e.g. 2026-11-28T03:10:00+01:00", c[0]),
        ))
    })?;
    let start = storable_time(start).map_err(|e| at(("episode_start", e.to_string())))?;
    let relief = split(c[5]).iter().map(|r| word::<Relief>(r)).collect::<Result<BTreeSet<_>, _>>();
    Ok(Episode {
        start,
        duration: cell_opt("duration_s", c[1], |s| DurationS::new(int(s)?).map_err(|e| e.to_string()))
            .map_err(at)?,
        intensity: cell_opt("intensity", c[2], |s| Score::new(int(s)?).map_err(|e| e.to_string()))
            .map_err(at)?,
        location: cell_opt("location", c[3], word).map_err(at)?,
        side: cell_opt("side", c[4], word).map_err(at)?,
        relief: relief.map_err(|e| at(("relief", e)))?,
        note: cell_opt("episode_note", c[6], note).map_err(at)?,
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
                dose: None,
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
        assert!(
            lines[1].starts_with(
                "2026-11-26,,,,,,,,,Atorvastatin;Odd\\;name\\\\x,'-odd,,\"'=HYPERLINK(\"\"x\"\")\",,,,,,,"
            ),
            "{}",
            lines[1]
        );
        assert!(text.contains("\"Müller — café ½ L, Ωμέγα, Привет\nline two\""), "{text}");
        assert!(text.contains(",5.5,"), "hours are decimals: {text}");
        assert!(text.contains("2026-11-27T23:40:00+01:00,,7,top-of-foot,,stretch;walk,\r\n"), "{text}");
        assert!(text.contains(",\"''@already quoted\"") || text.contains(",''@already quoted"), "{text}");
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
        let bad = text.replace(",7,top-of-foot", ",11,top-of-foot");
        let e = read(&bad, &meds).unwrap_err();
        assert_eq!(e.column, Some("intensity"));
        assert!(e.to_string().starts_with("CSV line 3, column intensity: 11 is out of range"), "{e}");
        let e = read(&text, &meds[..1]).unwrap_err();
        assert_eq!((e.line, e.column), (2, Some("medications")));
        let e = read(&text[..text.len() - 40], &meds).unwrap_err();
        assert!(e.to_string().contains("cells where 20 are expected"), "{e}");
        let e = read(&text.replacen("Müller", "\"Müller", 1).replace("line two\"", "line two"), &meds)
            .unwrap_err();
        assert!(e.to_string().contains("quote"), "{e}");
        let e = read("date,x\r\n", &meds).unwrap_err();
        assert!(e.to_string().contains("header is not cramp's"), "{e}");
    }
}
