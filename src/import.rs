//! Reading a JSON export or cramp's own CSV back into model values. The whole file is checked
//! before anything is handed to the store: any bad record stops the import with a message that
//! names the record and the field, and nothing is written.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::export::csv::{self, CsvError};
use crate::export::json::{ExportDocument, SCHEMA_VERSION};
use crate::model::{Medication, Night};
use crate::store::ImportBatch;

/// Why a file cannot be imported. Every variant is the file's fault, not the journal's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "the file is not UTF-8 text: invalid byte at line {line} (byte {offset}); cramp imports its own JSON or CSV exports"
    )]
    NotUtf8 { line: usize, offset: usize },
    #[error("{0}")]
    Json(String),
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error(
        "this JSON document has schema_version {found}; this cramp reads up to {SCHEMA_VERSION}, so update cramp to import it"
    )]
    TooNew { found: u64 },
    #[error("{0}")]
    NotAnExport(&'static str),
    #[error("the night of {0} is still to come; a journal holds nights that have begun")]
    StillToCome(chrono::NaiveDate),
}

/// Refuses nights after `today`, as `cramp log` does: a clock set wrong on the exporting machine
/// must not plant nights that the summaries then leave out.
pub fn check_dates(batch: &ImportBatch, today: chrono::NaiveDate) -> Result<(), ImportError> {
    match batch.nights.iter().find(|n| n.date > today) {
        Some(n) => Err(ImportError::StillToCome(n.date)),
        None => Ok(()),
    }
}

/// The medicines nights are checked and stored against: the journal's, with the file's added.
/// With `replace` the file's version of a medicine wins, as it will in the store.
fn merged_medicines(existing: &[Medication], incoming: &[Medication], replace: bool) -> Vec<Medication> {
    let mut by_name: BTreeMap<String, Medication> = BTreeMap::new();
    let (first, second) = if replace { (existing, incoming) } else { (incoming, existing) };
    for m in first.iter().chain(second) {
        by_name.insert(m.name.as_str().to_lowercase(), m.clone());
    }
    by_name.into_values().collect()
}

/// Reads and checks a whole file. `existing` is the journal's medicine list (empty for a new
/// journal); `replace` is whether the file's records will replace the journal's.
pub fn parse(bytes: &[u8], existing: &[Medication], replace: bool) -> Result<ImportBatch, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        ImportError::NotUtf8 { line: bytes[..offset].split(|b| *b == b'\n').count(), offset }
    })?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text).trim_start();
    if body.starts_with('{') {
        parse_json(body, existing, replace)
    } else if body.starts_with('[') {
        Err(ImportError::NotAnExport(
            "this looks like `cramp list --json` output; import reads the document `cramp export --format json` writes",
        ))
    } else if body.starts_with("date,") {
        let nights = csv::read(text, existing)?;
        Ok(ImportBatch {
            nights,
            medications: Vec::new(),
            profile: None,
            settings: None,
            measured: Vec::new(),
        })
    } else if body.is_empty() {
        Err(ImportError::NotAnExport("the file is empty"))
    } else {
        Err(ImportError::NotAnExport(
            "this is neither a cramp JSON export nor cramp's CSV (its first line would start with date,)",
        ))
    }
}

/// Just the version, read leniently first so a newer document is refused for what it is rather
/// than for a field this cramp does not know.
#[derive(Deserialize)]
struct Version {
    schema_version: Option<u64>,
}

fn parse_json(text: &str, existing: &[Medication], replace: bool) -> Result<ImportBatch, ImportError> {
    if let Ok(Version { schema_version: Some(found) }) = serde_json::from_str::<Version>(text)
        && found > u64::from(SCHEMA_VERSION)
    {
        return Err(ImportError::TooNew { found });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let doc: ExportDocument = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            ImportError::Json(format!("JSON: {inner}"))
        } else {
            ImportError::Json(format!("{path}: {inner}"))
        }
    })?;
    de.end().map_err(|e| ImportError::Json(format!("JSON: {e}")))?;
    if doc.schema_version != SCHEMA_VERSION {
        return Err(ImportError::Json(format!(
            "schema_version: {} is not a version this cramp wrote (it writes {SCHEMA_VERSION})",
            doc.schema_version
        )));
    }
    let bad = |s: String| ImportError::Json(s);

    let mut incoming: Vec<Medication> = Vec::with_capacity(doc.medications.len());
    for (i, record) in doc.medications.into_iter().enumerate() {
        if let Some(j) = incoming.iter().position(|m| m.name == record.name) {
            return Err(bad(format!(
                "medications[{i}].name: '{}' is listed twice (also medications[{j}])",
                record.name
            )));
        }
        incoming.push(record.into_medication().map_err(|e| bad(format!("medications[{i}].{e}")))?);
    }
    let profile = doc.profile.into_profile().map_err(|e| bad(format!("profile.{e}")))?;
    let settings = doc.settings.into_settings().map_err(|e| bad(format!("settings.{e}")))?;

    let meds = merged_medicines(existing, &incoming, replace);
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut nights: Vec<Night> = Vec::with_capacity(doc.nights.len());
    for (i, record) in doc.nights.into_iter().enumerate() {
        if let Some(j) = seen.insert(record.date, i) {
            return Err(bad(format!("nights[{i}].date: {} appears twice (also nights[{j}])", record.date)));
        }
        nights.push(record.into_night(&meds).map_err(|e| bad(format!("nights[{i}].{e}")))?);
    }
    nights.sort_by_key(|n| n.date);
    let mut measured = Vec::with_capacity(doc.measured.len());
    for (i, record) in doc.measured.into_iter().enumerate() {
        measured.push(record.into_stored().map_err(|e| bad(format!("measured[{i}].{e}")))?);
    }
    Ok(ImportBatch {
        nights,
        medications: incoming,
        profile: Some(profile),
        settings: Some(settings),
        measured,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"{"schema_version":1,"generated_at":"2026-11-28T09:00:00+01:00",
        "range":{"from":"2026-11-01","to":"2026-11-28"},"notes_redacted":false,
        "profile":{"name":null,"conditions":[]},
        "settings":{"units":"metric","week_start":"monday","day_boundary":12},
        "medications":[],
        "nights":[{"date":"2026-11-27","fluid_ml":1500,"activity":null,"standing_h":null,"sitting_h":null,
          "footwear":null,"mg_k_servings":null,"postures":[],"stretched":null,"medications":[],"tags":[],
          "sleep_disturbance":null,"note":null,"episodes":[{"start":"2026-11-28T03:10:00+01:00",
          "duration_s":60,"intensity":7,"location":null,"side":null,"relief":[],"note":null}]}]}"#;

    fn err(text: &str) -> String {
        parse(text.as_bytes(), &[], false).unwrap_err().to_string()
    }

    #[test]
    fn a_good_document_is_read_whole() {
        let batch = parse(MINIMAL.as_bytes(), &[], false).unwrap();
        assert_eq!(batch.nights.len(), 1);
        assert_eq!(batch.nights[0].episodes.len(), 1);
        assert!(batch.profile.is_some() && batch.settings.is_some());
    }

    #[test]
    fn errors_name_the_record_and_field() {
        let e = err(&MINIMAL.replace("\"intensity\":7", "\"intensity\":11"));
        assert!(
            e.starts_with("nights[0].episodes[0].intensity: 11 is out of range for a 0–10 rating"),
            "{e}"
        );
        let e = err(&MINIMAL.replace("\"fluid_ml\":1500", "\"fluid_ml\":\"lots\""));
        assert!(e.starts_with("nights[0].fluid_ml: invalid type: string \"lots\""), "{e}");
        let e = err(&MINIMAL.replace("\"tags\":[]", "\"tags\":[],\"mood\":3"));
        assert!(
            e.starts_with("nights[0].mood: unknown field `mood`") || e.contains("unknown field `mood`"),
            "{e}"
        );
        let e = err(&MINIMAL[..MINIMAL.len() - 30]);
        assert!(e.contains("EOF while parsing"), "{e}");
        let e = err(&MINIMAL.replace("\"day_boundary\":12", "\"day_boundary\":30"));
        assert!(e.starts_with("settings.day_boundary: 30 is out of range"), "{e}");
        let e =
            err(&MINIMAL.replace("\"medications\":[],\"tags\"", "\"medications\":[\"Nothing\"],\"tags\""));
        assert!(e.starts_with("nights[0].medications: 'Nothing' is not on the medicine list"), "{e}");
        let e = err(&MINIMAL.replace("\"schema_version\":1", "\"schema_version\":2"));
        assert!(e.contains("schema_version 2"), "{e}");
        let e = err(&format!("{MINIMAL} trailing"));
        assert!(e.contains("trailing characters"), "{e}");
    }

    #[test]
    fn odd_files_are_refused_for_what_they_are() {
        let e = parse(b"date,\xff\xfe", &[], false).unwrap_err();
        assert_eq!(e, ImportError::NotUtf8 { line: 1, offset: 5 });
        assert!(err("[]").contains("cramp list --json"));
        assert!(err("").contains("empty"));
        assert!(err("hello").contains("neither"));
    }
}
