//! Medicines: daily ones taken over periods of dates, as-needed ones logged per night.

use std::collections::BTreeSet;
use std::fmt;

use chrono::NaiveDate;

use super::{MedClass, Night};

/// A name that cannot identify a medicine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a usable medicine name: {why}")]
pub struct BadMedName {
    pub value: String,
    pub why: &'static str,
}

/// A medicine's name as the person writes it; compared without regard to case.
#[derive(Debug, Clone, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct MedName(String);

impl MedName {
    pub const MAX_CHARS: usize = 60;

    pub fn new(raw: &str) -> Result<Self, BadMedName> {
        let name = raw.trim();
        let bad = |why| BadMedName { value: raw.to_owned(), why };
        if name.is_empty() {
            return Err(bad("it is empty"));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(bad("it is longer than 60 characters"));
        }
        if name.chars().any(char::is_control) || name.contains(',') {
            return Err(bad("commas and control characters are not allowed"));
        }
        Ok(Self(name.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl PartialEq for MedName {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl PartialOrd for MedName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MedName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for MedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for MedName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::new(&s).map_err(serde::de::Error::custom)
    }
}

/// Dates a daily medicine was taken, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub since: NaiveDate,
    /// The last day taken; `None` while still being taken.
    pub until: Option<NaiveDate>,
}

/// A period that ends before it starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stop date {until} is before the start date {since}")]
pub struct BackwardsPeriod {
    pub since: NaiveDate,
    pub until: NaiveDate,
}

impl Period {
    pub fn new(since: NaiveDate, until: Option<NaiveDate>) -> Result<Self, BackwardsPeriod> {
        match until {
            Some(u) if u < since => Err(BackwardsPeriod { since, until: u }),
            _ => Ok(Self { since, until }),
        }
    }

    #[must_use]
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.since <= date && self.until.is_none_or(|u| date <= u)
    }
}

/// How a medicine is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schedule {
    /// Every day over each period, oldest first; periods do not overlap.
    Daily(Vec<Period>),
    /// Now and then; logged on the nights it was taken.
    AsNeeded,
}

/// How much of a medicine is taken, as the person writes it ("20 mg at night", "2 puffs").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Dose(String);

/// A dose that cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a usable dose: {why}")]
pub struct BadDose {
    pub value: String,
    pub why: &'static str,
}

impl Dose {
    pub const MAX_CHARS: usize = 60;

    pub fn new(raw: &str) -> Result<Self, BadDose> {
        let dose = raw.trim();
        let bad = |why| BadDose { value: raw.to_owned(), why };
        if dose.is_empty() {
            return Err(bad("it is empty"));
        }
        if dose.chars().count() > Self::MAX_CHARS {
            return Err(bad("it is longer than 60 characters"));
        }
        if dose.chars().any(char::is_control) {
            return Err(bad("control characters are not allowed"));
        }
        Ok(Self(dose.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Dose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Dose {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::new(&raw).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Dose {
    type Err = BadDose;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

/// A medicine the person takes or took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Medication {
    pub name: MedName,
    pub class: MedClass,
    pub schedule: Schedule,
    /// Not known for medicines added before doses were recorded.
    pub dose: Option<Dose>,
}

impl Medication {
    /// Whether the schedule alone says it was taken on `date`.
    #[must_use]
    pub fn scheduled_on(&self, date: NaiveDate) -> bool {
        match &self.schedule {
            Schedule::Daily(periods) => periods.iter().any(|p| p.covers(date)),
            Schedule::AsNeeded => false,
        }
    }

    /// How it is taken, in words: `as needed`, or its periods (`daily since 2026-11-01`,
    /// `daily 2026-10-01 to 2026-11-10`).
    #[must_use]
    pub fn schedule_text(&self) -> String {
        match &self.schedule {
            Schedule::AsNeeded => "as needed".to_owned(),
            Schedule::Daily(periods) => periods
                .iter()
                .map(|p| match p.until {
                    Some(u) => format!("daily {} to {u}", p.since),
                    None => format!("daily since {}", p.since),
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    /// The open period of a daily medicine, if it is still being taken.
    #[must_use]
    pub fn open_period(&self) -> Option<&Period> {
        match &self.schedule {
            Schedule::Daily(periods) => periods.iter().find(|p| p.until.is_none()),
            Schedule::AsNeeded => None,
        }
    }
}

/// Every medicine taken on a night: daily ones whose dates cover it plus the ones logged for it,
/// in name order without repeats.
#[must_use]
pub fn medications_on<'a>(night: &Night, all: &'a [Medication]) -> Vec<&'a Medication> {
    let mut taken: Vec<&Medication> =
        all.iter().filter(|m| m.scheduled_on(night.date) || night.medications.contains(&m.name)).collect();
    taken.sort_by(|a, b| a.name.cmp(&b.name));
    taken
}

/// The names of [`medications_on`], for display and JSON.
#[must_use]
pub fn medication_names_on(night: &Night, all: &[Medication]) -> BTreeSet<MedName> {
    medications_on(night, all).into_iter().map(|m| m.name.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn daily(name: &str, since: &str, until: Option<&str>) -> Medication {
        Medication {
            name: MedName::new(name).unwrap(),
            class: MedClass::Statin,
            schedule: Schedule::Daily(vec![Period::new(d(since), until.map(d)).unwrap()]),
            dose: None,
        }
    }

    #[test]
    fn names_compare_without_case() {
        assert_eq!(MedName::new("Atorvastatin").unwrap(), MedName::new(" atorvastatin ").unwrap());
        assert!(MedName::new("a,b").is_err());
        assert!(MedName::new("  ").is_err());
    }

    #[test]
    fn daily_medicines_are_derived_from_their_dates() {
        let meds = vec![
            daily("Atorvastatin", "2026-11-01", None),
            daily("Furosemide", "2026-10-01", Some("2026-11-10")),
            Medication {
                name: MedName::new("Ibuprofen").unwrap(),
                class: MedClass::Other,
                schedule: Schedule::AsNeeded,
                dose: None,
            },
        ];
        let mut night = Night::empty(d("2026-11-10"));
        let names: Vec<_> = medication_names_on(&night, &meds).into_iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["Atorvastatin", "Furosemide"]);

        night.date = d("2026-11-11");
        night.medications.insert(MedName::new("ibuprofen").unwrap());
        let names: Vec<_> = medications_on(&night, &meds).into_iter().map(|m| m.name.to_string()).collect();
        assert_eq!(names, ["Atorvastatin", "Ibuprofen"]);

        night.date = d("2026-10-31");
        night.medications.clear();
        let names: Vec<_> = medications_on(&night, &meds).into_iter().map(|m| m.name.to_string()).collect();
        assert_eq!(names, ["Furosemide"]);
    }

    #[test]
    fn periods_cannot_run_backwards() {
        assert!(Period::new(d("2026-11-10"), Some(d("2026-11-09"))).is_err());
        assert!(Period::new(d("2026-11-10"), Some(d("2026-11-10"))).unwrap().covers(d("2026-11-10")));
    }
}
