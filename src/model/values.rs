//! Bounded quantities (fluid, hours, servings, scores, durations) and free words (tags, notes),
//! each a newtype that cannot hold a value outside its documented range.

use std::fmt;

/// A number outside the range a field accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value} is out of range for {what}: accepted {min}–{max}{unit}")]
pub struct OutOfRange {
    pub what: &'static str,
    pub value: i64,
    pub min: i64,
    pub max: i64,
    pub unit: &'static str,
}

macro_rules! bounded {
    ($(#[$meta:meta])* $name:ident($inner:ty), $what:literal, $min:expr, $max:expr, $unit:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name($inner);

        impl $name {
            pub const MIN: $inner = $min;
            pub const MAX: $inner = $max;

            /// Checks the range; this is the only way in.
            pub fn new(value: i64) -> Result<Self, OutOfRange> {
                if (i64::from(Self::MIN)..=i64::from(Self::MAX)).contains(&value) {
                    Ok(Self(value as $inner))
                } else {
                    Err(OutOfRange {
                        what: $what,
                        value,
                        min: i64::from(Self::MIN),
                        max: i64::from(Self::MAX),
                        unit: $unit,
                    })
                }
            }

            #[must_use]
            pub const fn get(self) -> $inner {
                self.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let n = i64::deserialize(d)?;
                Self::new(n).map_err(serde::de::Error::custom)
            }
        }
    };
}

bounded!(
    /// The day's fluid intake in millilitres.
    FluidMl(u16), "fluid intake", 0, 10_000, " ml"
);
bounded!(
    /// Servings of magnesium- or potassium-rich food.
    Servings(u8), "servings", 0, 20, ""
);
bounded!(
    /// A 0–10 rating: cramp intensity or how much cramps disturbed sleep.
    Score(u8), "a 0–10 rating", 0, 10, ""
);
bounded!(
    /// How long a cramp lasted, in seconds (1 s – 4 h).
    DurationS(u16), "duration", 1, 14_400, " s"
);
bounded!(
    /// Hours in quarter-hour steps, stored as a count of quarters (0–96).
    Quarters(u8), "hours", 0, 96, " quarter hours"
);

impl fmt::Display for FluidMl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}ml", self.0)
    }
}

impl FluidMl {
    /// US fluid ounces, for people who set imperial units.
    #[must_use]
    pub fn as_oz(self) -> f64 {
        f64::from(self.0) / ML_PER_US_FL_OZ
    }

    /// Human-readable in the chosen units, as [`crate::wording::fluid`] spells every amount.
    #[must_use]
    pub fn display(self, units: super::Units) -> String {
        crate::wording::fluid_ml(self, units)
    }
}

/// Millilitres in one US fluid ounce.
pub const ML_PER_US_FL_OZ: f64 = 29.573_529_562_5;

impl fmt::Display for Servings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for DurationS {
    /// The canonical form the parser reads back: `4m30s`, `1h`, `1h5s`, `45s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m, s) = (self.0 / 3600, self.0 / 60 % 60, self.0 % 60);
        if h > 0 {
            write!(f, "{h}h")?;
        }
        if m > 0 {
            write!(f, "{m}m")?;
        }
        if s > 0 {
            write!(f, "{s}s")?;
        }
        Ok(())
    }
}

impl DurationS {
    #[must_use]
    pub fn seconds(self) -> u32 {
        u32::from(self.0)
    }
}

impl Quarters {
    /// Hours as a decimal (5.75 for 5h45m); exact, since quarters are binary fractions.
    #[must_use]
    pub fn hours(self) -> f64 {
        f64::from(self.0) / 4.0
    }

    /// From decimal hours; only exact quarter steps are accepted.
    pub fn from_hours(hours: f64) -> Result<Self, OutOfRange> {
        let quarters = hours * 4.0;
        if !quarters.is_finite() || quarters.fract() != 0.0 {
            return Err(OutOfRange { what: "hours", value: hours as i64, min: 0, max: 24, unit: " h" });
        }
        Self::new(quarters as i64).map_err(|_| OutOfRange {
            what: "hours",
            value: hours as i64,
            min: 0,
            max: 24,
            unit: " h",
        })
    }
}

impl fmt::Display for Quarters {
    /// The canonical form the parser reads back: `6h`, `5h30m`, `45m`, `0h`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (h, m) = (self.0 / 4, u16::from(self.0 % 4) * 15);
        match (h, m) {
            (h, 0) => write!(f, "{h}h"),
            (0, m) => write!(f, "{m}m"),
            (h, m) => write!(f, "{h}h{m}m"),
        }
    }
}

/// A word that cannot be a tag, with why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a usable tag: {why}")]
pub struct BadTag {
    pub value: String,
    pub why: &'static str,
}

/// A free factor the person tracks (`coffee`, `long-drive`): lower-case letters, digits, `-`, `_`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Tag(String);

impl Tag {
    pub const MAX_CHARS: usize = 32;

    /// Lower-cases the word; rejects anything that would not read as one tag.
    pub fn new(raw: &str) -> Result<Self, BadTag> {
        let word = raw.trim().to_lowercase();
        let bad = |why| BadTag { value: raw.to_owned(), why };
        if word.is_empty() {
            return Err(bad("it is empty"));
        }
        if word.chars().count() > Self::MAX_CHARS {
            return Err(bad("it is longer than 32 characters"));
        }
        if !word.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            return Err(bad("use letters, digits, '-' or '_' only (no spaces or commas)"));
        }
        Ok(Self(word))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Tag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        let tag = Self::new(&s).map_err(serde::de::Error::custom)?;
        if tag.0 == s {
            Ok(tag)
        } else {
            Err(serde::de::Error::custom(format!("tag '{s}' must be lower-case and trimmed")))
        }
    }
}

/// Free text of any Unicode, up to a length that keeps exports printable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the note is {chars} characters long; the most accepted is {max}")]
pub struct NoteTooLong {
    pub chars: usize,
    pub max: usize,
}

/// A free-text note on a night or an episode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Note(String);

impl Note {
    pub const MAX_CHARS: usize = 10_000;

    /// Keeps the text exactly as typed; NUL is the one character refused, since C tools that
    /// read the database would cut the note short there.
    pub fn new(text: &str) -> Result<Self, NoteTooLong> {
        let chars = text.chars().count();
        if chars > Self::MAX_CHARS || text.contains('\0') {
            return Err(NoteTooLong { chars, max: Self::MAX_CHARS });
        }
        Ok(Self(text.to_owned()))
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for Note {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::new(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_enforced_at_both_ends() {
        assert!(FluidMl::new(0).is_ok());
        assert!(FluidMl::new(10_000).is_ok());
        assert!(FluidMl::new(10_001).is_err());
        assert!(FluidMl::new(-1).is_err());
        assert!(DurationS::new(0).is_err());
        assert!(DurationS::new(14_400).is_ok());
        assert!(Score::new(11).is_err());
    }

    #[test]
    fn out_of_range_names_the_range() {
        let e = FluidMl::new(12_000).unwrap_err();
        assert_eq!(e.to_string(), "12000 is out of range for fluid intake: accepted 0–10000 ml");
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(DurationS::new(270).unwrap().to_string(), "4m30s");
        assert_eq!(DurationS::new(3605).unwrap().to_string(), "1h5s");
        assert_eq!(Quarters::new(22).unwrap().to_string(), "5h30m");
        assert_eq!(Quarters::new(0).unwrap().to_string(), "0h");
        assert_eq!(Quarters::new(3).unwrap().to_string(), "45m");
        assert_eq!(FluidMl::new(1500).unwrap().to_string(), "1500ml");
    }

    #[test]
    fn fluid_display_follows_units() {
        let f = FluidMl::new(1500).unwrap();
        assert_eq!(f.display(super::super::Units::Metric), "1.5 L");
        assert_eq!(FluidMl::new(800).unwrap().display(super::super::Units::Metric), "800 ml");
        assert_eq!(f.display(super::super::Units::Imperial), "51 oz");
    }

    #[test]
    fn quarters_from_hours_needs_exact_steps() {
        assert_eq!(Quarters::from_hours(5.75).unwrap().get(), 23);
        assert!(Quarters::from_hours(5.1).is_err());
        assert!(Quarters::from_hours(24.25).is_err());
    }

    #[test]
    fn tags_are_lowercased_and_checked() {
        assert_eq!(Tag::new(" Coffee ").unwrap().as_str(), "coffee");
        assert_eq!(Tag::new("Café").unwrap().as_str(), "café");
        assert!(Tag::new("two words").is_err());
        assert!(Tag::new("").is_err());
        assert!(Tag::new(&"x".repeat(33)).is_err());
    }

    #[test]
    fn notes_keep_any_unicode() {
        let text = "Müller — café ½ L, Ωμέγα, Привет\nsecond line";
        assert_eq!(Note::new(text).unwrap().as_str(), text);
        assert!(Note::new("a\0b").is_err());
    }
}
