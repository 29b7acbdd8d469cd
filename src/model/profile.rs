//! The person's standing conditions and the app's settings, both kept in the database.

use std::collections::BTreeSet;

use super::{Condition, DayBoundary, Evening, Units, WeekStart};

/// The person's name as it goes on the doctor's summary: 1–100 characters, no control
/// characters, no spaces around it. One rule for the command line, the import and the journal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PersonName(String);

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the name must be 1–100 characters without control characters")]
pub struct BadPersonName;

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    /// The name, with the spaces around it dropped.
    pub fn new(raw: &str) -> Result<Self, BadPersonName> {
        let name = raw.trim();
        if name.is_empty() || name.chars().count() > Self::MAX_CHARS || name.chars().any(char::is_control) {
            return Err(BadPersonName);
        }
        Ok(Self(name.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who the journal belongs to, as far as reading the results goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// Shown on the doctor's summary when set.
    pub name: Option<PersonName>,
    pub conditions: BTreeSet<Condition>,
}

/// How the app shows things and where nights begin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    pub units: Units,
    pub week_start: WeekStart,
    pub day_boundary: DayBoundary,
    pub evening: Evening,
}

/// A setting that does not exist or a value it does not take.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    #[error("'{0}' is not a setting; the settings are: {keys}", keys = Settings::KEYS.join(", "))]
    UnknownKey(String),
    #[error("{key}: {reason}")]
    BadValue { key: &'static str, reason: String },
}

impl Settings {
    /// Setting names as typed on the command line.
    pub const KEYS: &'static [&'static str] = &["units", "week-start", "day-boundary", "evening"];

    /// The value of one setting, as it would be typed to set it.
    pub fn get(&self, key: &str) -> Result<String, SettingError> {
        match key {
            "units" => Ok(self.units.to_string()),
            "week-start" => Ok(self.week_start.to_string()),
            "day-boundary" => Ok(self.day_boundary.hour().to_string()),
            "evening" => Ok(self.evening.to_string()),
            _ => Err(SettingError::UnknownKey(key.to_owned())),
        }
    }

    /// Changes one setting from its typed form.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), SettingError> {
        let bad = |key, reason: String| SettingError::BadValue { key, reason };
        match key {
            "units" => {
                self.units = value.parse().map_err(|e: super::UnknownWord| bad("units", e.to_string()))?;
            }
            "week-start" => {
                self.week_start =
                    value.parse().map_err(|e: super::UnknownWord| bad("week-start", e.to_string()))?;
            }
            "day-boundary" => {
                let hour = value.trim().trim_end_matches(":00").parse::<i64>().map_err(|_| {
                    bad("day-boundary", format!("'{value}' is not an hour; use a whole hour 0–23, e.g. 12"))
                })?;
                self.day_boundary = DayBoundary::new(hour).map_err(|e| bad("day-boundary", e.to_string()))?;
            }
            "evening" => {
                let bad_time =
                    || bad("evening", format!("'{value}' is not a clock time; use HH:MM, e.g. 18:00"));
                let (h, m) = value.trim().split_once(':').ok_or_else(bad_time)?;
                let (h, m): (i64, i64) =
                    (h.parse().map_err(|_| bad_time())?, m.parse().map_err(|_| bad_time())?);
                if !(0..24).contains(&h) || !(0..60).contains(&m) || value.trim().len() > 5 {
                    return Err(bad_time());
                }
                self.evening = Evening::new(h * 60 + m).map_err(|e| bad("evening", e.to_string()))?;
            }
            _ => return Err(SettingError::UnknownKey(key.to_owned())),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_trimmed_and_bounded() {
        assert_eq!(PersonName::new("  Ann Müller ").unwrap().as_str(), "Ann Müller");
        assert!(PersonName::new("").is_err() && PersonName::new("   ").is_err());
        assert!(PersonName::new(&"é".repeat(100)).is_ok());
        assert!(PersonName::new(&"é".repeat(101)).is_err());
        assert!(PersonName::new("Ann\u{1b}[2J").is_err());
    }

    #[test]
    fn settings_round_trip_through_their_words() {
        let mut s = Settings::default();
        assert_eq!(s.get("day-boundary").unwrap(), "12");
        s.set("units", "imperial").unwrap();
        s.set("week-start", "sunday").unwrap();
        s.set("day-boundary", "6").unwrap();
        assert_eq!(s.get("evening").unwrap(), "18:00");
        s.set("evening", "19:30").unwrap();
        assert!(s.set("evening", "25:00").is_err() && s.set("evening", "7pm").is_err());
        for key in Settings::KEYS {
            let mut copy = Settings::default();
            copy.set(key, &s.get(key).unwrap()).unwrap();
            assert_eq!(copy.get(key).unwrap(), s.get(key).unwrap());
        }
    }

    #[test]
    fn bad_settings_say_what_is_accepted() {
        let mut s = Settings::default();
        assert_eq!(
            s.set("colour", "red").unwrap_err().to_string(),
            "'colour' is not a setting; the settings are: units, week-start, day-boundary, evening"
        );
        assert_eq!(
            s.set("day-boundary", "25").unwrap_err().to_string(),
            "day-boundary: 25 is out of range for the day boundary: accepted 0–23 h"
        );
        assert_eq!(s, Settings::default());
    }
}
