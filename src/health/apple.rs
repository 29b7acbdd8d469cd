//! Apple Health's `export.xml`, read as a stream: one `<Record>` at a time through a reused
//! buffer, so a file of several gigabytes takes the memory of one record plus the nightly totals.
//! The file opens with an internal DTD, records may carry `<MetadataEntry>` children, and
//! attribute values are XML-escaped (`&amp;`, `&#x2019;`); all three are handled by the reader.

use std::io::BufRead;

use chrono::{DateTime, FixedOffset, NaiveDate};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::aggregate::{Aggregator, Amount, Stage};
use super::{HealthError, MeasuredFile, MeasuredKind};
use crate::model::{DayBoundary, ML_PER_US_FL_OZ};

/// The time format of every date in an export: "2026-11-20 07:12:03 +0100".
const DATE_FORMAT: &str = "%Y-%m-%d %H:%M:%S %z";

/// The record types cramp reads; every other type (heart rate, energy, …) is passed over.
const STEPS: &str = "HKQuantityTypeIdentifierStepCount";
const STAND: &str = "HKQuantityTypeIdentifierAppleStandTime";
const WATER: &str = "HKQuantityTypeIdentifierDietaryWater";
const SLEEP: &str = "HKCategoryTypeIdentifierSleepAnalysis";

/// The attributes of one record that cramp needs, unescaped.
#[derive(Debug, Default)]
struct Attrs {
    kind: String,
    source: String,
    unit: String,
    start: String,
    end: String,
    value: String,
}

impl Attrs {
    fn clear(&mut self) {
        self.kind.clear();
        for s in [&mut self.source, &mut self.unit, &mut self.start, &mut self.end, &mut self.value] {
            s.clear();
        }
    }
}

/// Reads a whole export. `today` bounds the dates: a record after it means a clock was wrong,
/// and nights still to come are refused, as `cramp log` refuses them.
pub fn read<R: BufRead>(
    input: R,
    boundary: DayBoundary,
    today: NaiveDate,
) -> Result<MeasuredFile, HealthError> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::with_capacity(4096);
    let mut agg = Aggregator::new(boundary);
    let mut depth = 0usize;
    let mut seen_root = false;
    let mut attrs = Attrs::default();
    let mut record = 0u64;
    loop {
        let offset = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| HealthError::Xml { offset: reader.error_position(), detail: e.to_string() })?;
        match event {
            Event::Start(e) if !seen_root => {
                root(&e)?;
                seen_root = true;
                depth = 1;
            }
            // An empty <HealthData/>: an export of nothing.
            Event::Empty(e) if !seen_root => {
                root(&e)?;
                seen_root = true;
            }
            // Depth 2 is a record directly inside <HealthData>. Records inside a <Correlation>
            // (depth 3) repeat records listed on their own (a meal's water), so they are passed
            // over, as are a record's <MetadataEntry> children. Every <Record> is numbered, so
            // that "record 27" is the 27th in the file, the way a person searching it counts.
            Event::Start(e) => {
                depth += 1;
                if e.name().as_ref() == "Record" {
                    record += 1;
                    if depth == 2 {
                        take(&mut agg, &mut attrs, &e, record, offset, today)?;
                    }
                }
            }
            Event::Empty(e) if e.name().as_ref() == "Record" => {
                record += 1;
                if depth == 1 {
                    take(&mut agg, &mut attrs, &e, record, offset, today)?;
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) if !seen_root && !t.trim().is_empty() => {
                return Err(HealthError::NotAnExport(format!(
                    "it starts with text, not XML (byte {offset}); export.xml begins with <?xml and <HealthData>"
                )));
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !seen_root {
        return Err(HealthError::NotAnExport("it holds no <HealthData> element".into()));
    }
    if depth > 0 {
        return Err(HealthError::Xml {
            offset: reader.buffer_position(),
            detail: "the file ends inside <HealthData>: it was cut short (copy or export it again)".into(),
        });
    }
    let file = agg.finish();
    check_ceilings(&file)?;
    Ok(file)
}

/// A night's total beyond what a night can hold (a million steps, two days asleep) comes from a
/// damaged export or a faulty tracker: refused with the night and the source, before anything
/// is stored.
pub(super) fn check_ceilings(file: &MeasuredFile) -> Result<(), HealthError> {
    match file.values.iter().find(|m| m.value > m.kind.ceiling()) {
        Some(m) => Err(HealthError::NotAnExport(format!(
            "the night of {} adds up to {} {} from {}, more than the {} a night can hold; the export or that source is faulty",
            m.night,
            m.value,
            m.kind.label(),
            m.source,
            m.kind.ceiling()
        ))),
        None => Ok(()),
    }
}

/// Reads one record's attributes and adds it when it is of a kind cramp reads.
fn root(e: &BytesStart<'_>) -> Result<(), HealthError> {
    if e.name().as_ref() == "HealthData" {
        return Ok(());
    }
    Err(HealthError::NotAnExport(format!(
        "its first element is <{}>, where Apple Health's export.xml has <HealthData>",
        e.name().as_ref()
    )))
}

/// `a` is reused from record to record, so its strings keep their allocations.
fn take(
    agg: &mut Aggregator,
    a: &mut Attrs,
    e: &BytesStart<'_>,
    record: u64,
    offset: u64,
    today: NaiveDate,
) -> Result<(), HealthError> {
    let bad = |detail: String| HealthError::Record { record, offset, detail };
    a.clear();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| bad(format!("a malformed attribute: {err}")))?;
        let key = attr.key.as_ref();
        if key == "type" {
            attr.value.as_ref().clone_into(&mut a.kind);
            if ![STEPS, STAND, WATER, SLEEP].contains(&a.kind.as_str()) {
                return Ok(());
            }
            continue;
        }
        let slot = match key {
            "sourceName" => &mut a.source,
            "unit" => &mut a.unit,
            "startDate" => &mut a.start,
            "endDate" => &mut a.end,
            "value" => &mut a.value,
            _ => continue,
        };
        let text = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| bad(format!("attribute {key}: {err}")))?;
        text.as_ref().clone_into(slot);
    }
    if a.kind.is_empty() {
        return Err(bad("a <Record> without a type attribute".into()));
    }
    let Some(amount) = amount(a).map_err(bad)? else { return Ok(()) };
    let start = date(&a.start, "startDate").map_err(bad)?;
    let end = date(&a.end, "endDate").map_err(bad)?;
    if end < start {
        return Err(bad(format!("endDate {} is before startDate {}", a.end, a.start)));
    }
    if a.source.trim().is_empty() || a.source.chars().count() > 200 {
        return Err(bad("sourceName is missing, empty or longer than 200 characters".into()));
    }
    let night = agg.night_of(amount, start);
    if night > today {
        return Err(bad(format!(
            "startDate {} falls after today ({today}); the exporting phone's clock or the file is wrong",
            a.start
        )));
    }
    agg.add(a.source.trim(), amount, start, end);
    Ok(())
}

fn date(text: &str, field: &str) -> Result<DateTime<FixedOffset>, String> {
    if text.is_empty() {
        return Err(format!("{field} is missing"));
    }
    DateTime::parse_from_str(text, DATE_FORMAT)
        .ok()
        .filter(|d| crate::model::storable_time(*d).is_ok())
        .ok_or_else(|| format!("{field} '{text}' is not a date like 2026-11-20 07:12:03 +0100"))
}

/// What the record measured, in cramp's units; `None` for a sleep category cramp does not know
/// (a newer iOS may add one: passing it over keeps the rest of the export importable).
fn amount(a: &Attrs) -> Result<Option<Amount>, String> {
    let number = || -> Result<f64, String> {
        a.value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("value '{}' is not a number of 0 or more", a.value))
    };
    let unit_error =
        |accepted: &str| format!("unit '{}' is not one cramp converts; it reads {accepted}", a.unit);
    Ok(Some(match a.kind.as_str() {
        STEPS => Amount::Daily(MeasuredKind::Steps, number()?),
        STAND => {
            let per = match a.unit.as_str() {
                "min" => 1.0,
                "s" => 1.0 / 60.0,
                "hr" => 60.0,
                _ => return Err(unit_error("min, s or hr for stand time")),
            };
            Amount::Daily(MeasuredKind::StandMin, number()? * per)
        }
        WATER => {
            let per = match a.unit.as_str() {
                "mL" => 1.0,
                "L" => 1000.0,
                "fl_oz_us" => ML_PER_US_FL_OZ,
                _ => return Err(unit_error("mL, L or fl_oz_us for water")),
            };
            Amount::Daily(MeasuredKind::WaterMl, number()? * per)
        }
        _ => {
            let stage = match a.value.strip_prefix("HKCategoryValueSleepAnalysis") {
                Some("InBed") => Stage::InBed,
                Some("Awake") => Stage::Awake,
                Some("AsleepCore" | "AsleepDeep" | "AsleepREM") => Stage::Asleep { staged: true },
                // "Asleep" is what iOS before 16 wrote for the same thing.
                Some("AsleepUnspecified" | "Asleep") => Stage::Asleep { staged: false },
                _ => return Ok(None),
            };
            Amount::Sleep(stage)
        }
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn today() -> NaiveDate {
        "2026-11-28".parse().unwrap()
    }

    fn parse(body: &str) -> Result<MeasuredFile, HealthError> {
        let xml = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData ANY>\n]>\n<HealthData>{body}</HealthData>"
        );
        read(xml.as_bytes(), DayBoundary::default(), today())
    }

    const STEP: &str = r#"<Record type="HKQuantityTypeIdentifierStepCount" sourceName="A &amp; B" unit="count" startDate="2026-11-20 08:00:00 +0100" endDate="2026-11-20 09:00:00 +0100" value="12"/>"#;

    #[test]
    fn reads_escaped_names_and_skips_other_types() {
        let other = r#"<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="W" unit="count/min" startDate="bad" endDate="bad" value="x"/>"#;
        let file = parse(&format!("{STEP}{other}")).unwrap();
        assert_eq!(file.values.len(), 1);
        assert_eq!((file.values[0].value, file.values[0].source.as_str()), (12, "A & B"));
        assert_eq!(file.records_read, 1);
    }

    #[test]
    fn bad_files_say_where() {
        let err = |r: Result<MeasuredFile, HealthError>| r.unwrap_err().to_string();
        let truncated = format!("<HealthData>{STEP}<Record type=\"HKQuant");
        let said = err(read(truncated.as_bytes(), DayBoundary::default(), today()));
        assert!(said.starts_with("not readable XML at byte "), "{said}");
        let cut = format!("<HealthData>{STEP}");
        let said = err(read(cut.as_bytes(), DayBoundary::default(), today()));
        assert!(said.contains("cut short"), "{said}");
        let said = err(read(&b"{\"nights\": []}"[..], DayBoundary::default(), today()));
        assert!(said.starts_with("not an Apple Health export: it starts with text"), "{said}");
        let said = err(read(&b"<plist></plist>"[..], DayBoundary::default(), today()));
        assert!(said.contains("its first element is <plist>"), "{said}");
        let bad_date = STEP.replace("2026-11-20 08:00:00 +0100", "2026-11-20T08:00:00");
        assert_eq!(
            err(parse(&format!("{STEP}{bad_date}"))),
            format!(
                "record 2 (at byte {}): startDate '2026-11-20T08:00:00' is not a date like 2026-11-20 07:12:03 +0100",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE HealthData [\n<!ELEMENT HealthData ANY>\n]>\n<HealthData>"
                    .len() + STEP.len()
            )
        );
        let future = STEP.replace("2026-11-20", "2026-12-01");
        assert!(err(parse(&future)).contains("falls after today (2026-11-28)"));
        let huge = STEP.replace("\"12\"", "\"400000\"");
        assert!(
            err(parse(&huge))
                .contains("the night of 2026-11-20 adds up to 400000 steps from A & B, more than the 300000")
        );
        let backwards = STEP.replace("09:00:00", "07:00:00");
        assert!(err(parse(&backwards)).contains("endDate 2026-11-20 07:00:00 +0100 is before startDate"));
        let water = STEP.replace("StepCount", "DietaryWater").replace("\"count\"", "\"cup_us\"");
        assert!(
            err(parse(&water))
                .contains("unit 'cup_us' is not one cramp converts; it reads mL, L or fl_oz_us")
        );
        let negative = STEP.replace("\"12\"", "\"-3\"");
        assert!(err(parse(&negative)).contains("value '-3' is not a number of 0 or more"));
    }
}
