//! `cramp import metrics FILE.csv`: one row per night from any tracker, in the columns
//! `date,steps,water_ml,stand_min,sleep_min,source`. Any column but `date` may be left out or
//! left empty; `source` names the tracker (cramp says "CSV" when it is missing).

use std::collections::BTreeMap;
use std::io::Read;

use chrono::NaiveDate;

use super::{HealthError, Measured, MeasuredFile, MeasuredKind};

/// The columns cramp reads, with what each one holds.
const COLUMNS: &[(&str, Option<MeasuredKind>)] = &[
    ("date", None),
    ("steps", Some(MeasuredKind::Steps)),
    ("water_ml", Some(MeasuredKind::WaterMl)),
    ("stand_min", Some(MeasuredKind::StandMin)),
    ("sleep_min", Some(MeasuredKind::SleepAsleepMin)),
    ("source", None),
];

/// The source named when a file has no `source` column, or leaves a row's empty.
pub const DEFAULT_SOURCE: &str = "CSV";

/// Reads the whole file; any bad cell stops it with the line and column.
pub fn read<R: Read>(input: R, today: NaiveDate) -> Result<MeasuredFile, HealthError> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(input);
    let headers =
        reader.headers().map_err(|e| HealthError::CsvFile(format!("the header line: {e}")))?.clone();
    let accepted = || COLUMNS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ");
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, name) in headers.iter().enumerate() {
        let Some((known, _)) = COLUMNS.iter().find(|(n, _)| *n == name) else {
            return Err(HealthError::Csv {
                line: 1,
                column: name.to_owned(),
                detail: format!("not a column cramp reads; the columns are {}", accepted()),
            });
        };
        if index.insert(known, i).is_some() {
            return Err(HealthError::Csv {
                line: 1,
                column: name.to_owned(),
                detail: "appears twice".into(),
            });
        }
    }
    let Some(&date_col) = index.get("date") else {
        return Err(HealthError::CsvFile(format!(
            "the header line has no date column; a metrics CSV starts with {}",
            accepted()
        )));
    };
    let mut values = Vec::new();
    let mut seen: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    let mut rows = 0u64;
    for row in reader.records() {
        let row = row.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            HealthError::Csv { line, column: "-".into(), detail: e.to_string() }
        })?;
        let line = row.position().map_or(0, csv::Position::line);
        let bad = |column: &str, detail: String| HealthError::Csv { line, column: column.to_owned(), detail };
        let text = row.get(date_col).unwrap_or_default();
        let night = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .filter(|d| crate::model::storable_date(*d).is_ok())
            .ok_or_else(|| bad("date", format!("'{text}' is not a date like 2026-11-20")))?;
        if night > today {
            return Err(bad(
                "date",
                format!("{night} is after today ({today}); a journal holds nights that have begun"),
            ));
        }
        if let Some(first) = seen.insert(night, line) {
            return Err(bad("date", format!("{night} appears twice (also line {first})")));
        }
        let source = index.get("source").and_then(|i| row.get(*i)).filter(|s| !s.is_empty());
        let source = source.unwrap_or(DEFAULT_SOURCE);
        if source.chars().count() > 200 || source.chars().any(char::is_control) {
            return Err(bad("source", "must be a name of at most 200 characters on one line".into()));
        }
        rows += 1;
        for (name, kind) in COLUMNS {
            let (Some(kind), Some(i)) = (kind, index.get(name)) else { continue };
            let cell = row.get(*i).unwrap_or_default();
            if cell.is_empty() {
                continue;
            }
            let value =
                cell.parse::<i64>().ok().filter(|v| (0..=kind.ceiling()).contains(v)).ok_or_else(|| {
                    bad(name, format!("'{cell}' is not a whole number from 0 to {}", kind.ceiling()))
                })?;
            values.push(Measured { night, kind: *kind, value, source: source.to_owned() });
        }
    }
    values.sort();
    Ok(MeasuredFile { values, records_read: rows })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn today() -> NaiveDate {
        "2026-11-28".parse().unwrap()
    }

    #[test]
    fn reads_rows_with_empty_and_missing_cells() {
        let file = read(
            "date,steps,water_ml,stand_min,sleep_min,source\n2026-11-20,8512,1500,,420,Gadgetbridge\n2026-11-21,,,,,\n"
                .as_bytes(),
            today(),
        )
        .unwrap();
        let got: Vec<(MeasuredKind, i64, &str)> =
            file.values.iter().map(|m| (m.kind, m.value, m.source.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (MeasuredKind::Steps, 8512, "Gadgetbridge"),
                (MeasuredKind::WaterMl, 1500, "Gadgetbridge"),
                (MeasuredKind::SleepAsleepMin, 420, "Gadgetbridge")
            ]
        );
        assert_eq!(file.records_read, 2);
        let no_source = read("date,steps\n2026-11-20,100\n".as_bytes(), today()).unwrap();
        assert_eq!(no_source.values[0].source, DEFAULT_SOURCE);
    }

    #[test]
    fn bad_cells_name_the_line_and_column() {
        let err = |text: &str| read(text.as_bytes(), today()).unwrap_err().to_string();
        assert_eq!(
            err("date,steps\n2026-11-20,100\n2026-11-21,-5\n"),
            "line 3, column steps: '-5' is not a whole number from 0 to 300000"
        );
        assert_eq!(
            err("date,steps\n2026-02-30,1\n"),
            "line 2, column date: '2026-02-30' is not a date like 2026-11-20"
        );
        assert!(err("date,steps\n2026-11-20,1\n2026-11-20,2\n").contains("appears twice (also line 2)"));
        assert!(err("date,kcal\n").starts_with("line 1, column kcal: not a column cramp reads"));
        assert!(err("steps\n1\n").contains("no date column"));
        assert!(err("date\n2026-12-01\n").contains("after today"));
    }
}
