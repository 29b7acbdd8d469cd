//! Values measured by a phone, a watch or another tracker (steps, standing, water, sleep), read
//! from an Apple Health export or a plain CSV, reduced to one figure per night and kind. Pure:
//! files come in as readers, the day boundary and `today` as parameters, nothing is stored here.

pub mod aggregate;
pub mod apple;
pub mod metrics;

use std::fmt;

use chrono::NaiveDate;

/// What a measured value is. The names are the `kind` column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MeasuredKind {
    Steps,
    StandMin,
    WaterMl,
    SleepAsleepMin,
    SleepInBedMin,
    Awakenings,
}

impl MeasuredKind {
    pub const ALL: [Self; 6] = [
        Self::Steps,
        Self::StandMin,
        Self::WaterMl,
        Self::SleepAsleepMin,
        Self::SleepInBedMin,
        Self::Awakenings,
    ];

    /// The name stored in the journal and used in JSON.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Steps => "steps",
            Self::StandMin => "stand_min",
            Self::WaterMl => "water_ml",
            Self::SleepAsleepMin => "sleep_asleep_min",
            Self::SleepInBedMin => "sleep_in_bed_min",
            Self::Awakenings => "awakenings",
        }
    }

    /// The unit stored beside the value.
    #[must_use]
    pub const fn unit(self) -> &'static str {
        match self {
            Self::Steps | Self::Awakenings => "count",
            Self::StandMin | Self::SleepAsleepMin | Self::SleepInBedMin => "min",
            Self::WaterMl => "mL",
        }
    }

    /// How a person reads the kind in a summary.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Steps => "steps",
            Self::StandMin => "standing",
            Self::WaterMl => "water",
            Self::SleepAsleepMin => "time asleep",
            Self::SleepInBedMin => "time in bed",
            Self::Awakenings => "awakenings",
        }
    }

    /// The largest value a night can hold; beyond it a tracker or a file is wrong. Minutes stop
    /// at a day and a half because a night's sleep runs from one boundary to the next.
    #[must_use]
    pub const fn ceiling(self) -> i64 {
        match self {
            Self::Steps => 300_000,
            Self::StandMin => 1440,
            Self::WaterMl => 20_000,
            Self::SleepAsleepMin | Self::SleepInBedMin => 2160,
            Self::Awakenings => 200,
        }
    }

    /// The value with its unit, for `show`: "8512", "45 min", "7 h 10 min", "1500 mL".
    #[must_use]
    pub fn format(self, value: i64) -> String {
        match self {
            Self::Steps => crate::wording::grouped(value as f64),
            Self::Awakenings => value.to_string(),
            Self::StandMin | Self::SleepAsleepMin | Self::SleepInBedMin if value < 60 => {
                format!("{value} min")
            }
            Self::StandMin | Self::SleepAsleepMin | Self::SleepInBedMin => {
                format!("{} h {:02} min", value / 60, value % 60)
            }
            Self::WaterMl => format!("{value} mL"),
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

impl fmt::Display for MeasuredKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a measured value came into the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    AppleHealth,
    MetricsCsv,
}

impl Origin {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AppleHealth => "apple_health",
            Self::MetricsCsv => "metrics_csv",
        }
    }

    /// Said beside a value wherever it is shown, so nobody takes it for what they typed.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::AppleHealth => "from Apple Health",
            Self::MetricsCsv => "from a tracker's CSV",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [Self::AppleHealth, Self::MetricsCsv].into_iter().find(|o| o.as_str() == name)
    }
}

/// One night's figure of one kind, from the one source chosen for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Measured {
    pub night: NaiveDate,
    pub kind: MeasuredKind,
    pub value: i64,
    /// The device or app whose figure this is ("Anna's Apple Watch", "Gadgetbridge").
    pub source: String,
}

/// Why a file of measured values cannot be imported. Each names where in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HealthError {
    #[error("not an Apple Health export: {0}")]
    NotAnExport(String),
    #[error("not readable XML at byte {offset}: {detail}")]
    Xml { offset: u64, detail: String },
    #[error("record {record} (at byte {offset}): {detail}")]
    Record { record: u64, offset: u64, detail: String },
    #[error("{0}")]
    Zip(String),
    #[error("line {line}, column {column}: {detail}")]
    Csv { line: u64, column: String, detail: String },
    #[error("{0}")]
    CsvFile(String),
}

/// The figures read from a file, ready for the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasuredFile {
    /// Sorted by night, then kind; at most one per (night, kind).
    pub values: Vec<Measured>,
    /// Records of the kinds cramp reads (for the summary: "read 41,230 records").
    pub records_read: u64,
}

/// The reports' line on what a phone or watch measured over `from..=to`: each kind's daily (or
/// nightly) mean over the days it was measured, how many days that was, and the sources, e.g.
/// "steps 7,850 a day (80 of 84 days); asleep 7 h 05 min a night (76 of 84 nights) · from Watch".
/// `None` when nothing was measured in the range.
#[must_use]
pub fn report_line(
    values: &[Measured],
    from: NaiveDate,
    to: NaiveDate,
    units: crate::model::Units,
) -> Option<String> {
    let days = (to - from).num_days() + 1;
    let inside: Vec<&Measured> = values.iter().filter(|m| m.night >= from && m.night <= to).collect();
    if inside.is_empty() {
        return None;
    }
    let mut parts = Vec::new();
    for kind in MeasuredKind::ALL {
        let v: Vec<i64> = inside.iter().filter(|m| m.kind == kind).map(|m| m.value).collect();
        if v.is_empty() {
            continue;
        }
        let mean = v.iter().sum::<i64>() as f64 / v.len() as f64;
        let n = v.len();
        let part = match kind {
            MeasuredKind::Steps => {
                format!("steps {} a day ({n} of {days} days)", crate::wording::grouped(mean))
            }
            MeasuredKind::StandMin => {
                format!("standing {} a day ({n} of {days} days)", kind.format(mean.round() as i64))
            }
            MeasuredKind::WaterMl => {
                format!("water {} a day ({n} of {days} days)", crate::wording::fluid(mean, units))
            }
            MeasuredKind::SleepAsleepMin => {
                format!("asleep {} a night ({n} of {days} nights)", kind.format(mean.round() as i64))
            }
            MeasuredKind::SleepInBedMin => {
                format!("in bed {} a night ({n} of {days} nights)", kind.format(mean.round() as i64))
            }
            MeasuredKind::Awakenings => format!("{mean:.1} awakenings a night ({n} of {days} nights)"),
        };
        parts.push(part);
    }
    let mut sources: Vec<&str> = inside.iter().map(|m| m.source.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    Some(format!("{} · from {}", parts.join("; "), sources.join(", ")))
}

/// What `cramp show` prints under a night: each measured figure with the device it came from
/// and how it came in, apart from the typed fields so that nobody takes one for the other.
#[must_use]
pub fn detail_lines(values: &[(Measured, Origin)], units: crate::model::Units) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if values.is_empty() {
        return out;
    }
    out.push_str("Measured (read-only, not typed by you):\n");
    for (m, origin) in values {
        let label = match m.kind {
            MeasuredKind::Steps => "Steps",
            MeasuredKind::StandMin => "Standing",
            MeasuredKind::WaterMl => "Water",
            MeasuredKind::SleepAsleepMin => "Asleep",
            MeasuredKind::SleepInBedMin => "In bed",
            MeasuredKind::Awakenings => "Awakenings",
        };
        let value = match m.kind {
            MeasuredKind::WaterMl => crate::wording::fluid(m.value as f64, units),
            kind => kind.format(m.value),
        };
        let _ = writeln!(out, "  {label:<18} {value} ({}, {})", m.source, origin.label());
    }
    out
}

/// The night's measured values for the Log form, as a heading ("From Apple Health
/// (read-only):") and short parts ("5,100 steps", "asleep 7 h 10 min") that the screen packs
/// into lines of its width; empty when there are none.
#[must_use]
pub fn summary_parts(values: &[(Measured, Origin)], units: crate::model::Units) -> Vec<String> {
    let Some((_, first)) = values.first() else { return Vec::new() };
    let from = if values.iter().all(|(_, o)| o == first) {
        let label = first.label();
        format!("{}{}", label[..1].to_uppercase(), &label[1..])
    } else {
        "Measured".to_owned()
    };
    let mut parts = vec![format!("{from} (read-only):")];
    parts.extend(values.iter().map(|(m, _)| match m.kind {
        MeasuredKind::Steps => format!("{} steps", m.kind.format(m.value)),
        MeasuredKind::StandMin => format!("standing {}", m.kind.format(m.value)),
        MeasuredKind::WaterMl => format!("water {}", crate::wording::fluid(m.value as f64, units)),
        MeasuredKind::SleepAsleepMin => format!("asleep {}", m.kind.format(m.value)),
        MeasuredKind::SleepInBedMin => format!("in bed {}", m.kind.format(m.value)),
        MeasuredKind::Awakenings => format!("awake {}×", m.value),
    }));
    parts
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn m(kind: MeasuredKind, value: i64) -> Measured {
        Measured { night: "2026-11-20".parse().unwrap(), kind, value, source: "Watch".into() }
    }

    #[test]
    fn the_lines_say_where_the_values_came_from() {
        let units = crate::model::Units::Metric;
        let values = [
            (m(MeasuredKind::Steps, 5100), Origin::AppleHealth),
            (m(MeasuredKind::SleepAsleepMin, 430), Origin::AppleHealth),
        ];
        assert_eq!(
            summary_parts(&values, units),
            ["From Apple Health (read-only):", "5,100 steps", "asleep 7 h 10 min"]
        );
        let mixed = [
            (m(MeasuredKind::StandMin, 45), Origin::AppleHealth),
            (m(MeasuredKind::Awakenings, 2), Origin::MetricsCsv),
        ];
        assert_eq!(summary_parts(&mixed, units), ["Measured (read-only):", "standing 45 min", "awake 2×"]);
        assert!(summary_parts(&[], units).is_empty());
        assert_eq!(
            detail_lines(&values, units),
            "Measured (read-only, not typed by you):\n  Steps              5,100 (Watch, from Apple Health)\n  Asleep             7 h 10 min (Watch, from Apple Health)\n"
        );
    }
}
