//! The factors the analysis tests against cramp nights, named by the ids the JSON, the database
//! and the `suspect` command share: `low_fluid`, `med:statin`, `tag:coffee`…

use std::fmt;
use std::str::FromStr;

use super::{MedClass, Tag};

/// Something about a day or night that may go with cramps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Factor {
    /// Fluid below the person's own median.
    LowFluid,
    /// No servings of magnesium- or potassium-rich food.
    FewMgKFoods,
    HardActivity,
    /// Standing above the person's own median.
    LongStanding,
    /// Sitting above the person's own median.
    LongSitting,
    /// Unsupportive shoes or barefoot.
    UnsupportiveFootwear,
    ToesPointed,
    FeetHanging,
    TuckedCovers,
    /// Stretching before bed: a remedy, expected to protect.
    Stretched,
    /// Any medicine of this class taken that night.
    Med(MedClass),
    /// One of the person's own tags.
    Tag(Tag),
}

/// A word that is not a factor id, with the forms that are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{value}' is not a factor; use one of: {}, med:CLASS ({}) or tag:NAME",
    Factor::fixed_ids(),
    MedClass::accepted()
)]
pub struct UnknownFactor {
    pub value: String,
}

impl Factor {
    /// The factors every journal is tested for, in catalogue order.
    pub const FIXED: &'static [Self] = &[
        Self::LowFluid,
        Self::FewMgKFoods,
        Self::HardActivity,
        Self::LongStanding,
        Self::LongSitting,
        Self::UnsupportiveFootwear,
        Self::ToesPointed,
        Self::FeetHanging,
        Self::TuckedCovers,
        Self::Stretched,
    ];

    fn fixed_ids() -> String {
        Self::FIXED.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }

    /// The delays tested: 0 is the same day; 1 also tries the day before, for what can tire or
    /// dry out the muscles a day ahead.
    #[must_use]
    pub fn lags(&self) -> &'static [u8] {
        match self {
            Self::LowFluid | Self::HardActivity | Self::LongStanding | Self::LongSitting => &[0, 1],
            _ => &[0],
        }
    }

    /// Factors that split an amount at the person's own median (fluid, standing, sitting). The
    /// analysis tests the amount itself instead (per 0.5 L, per hour); the split stays as a
    /// label in descriptive counts (the Week screen) and as an id for suspicions.
    #[must_use]
    pub fn is_median_split(&self) -> bool {
        matches!(self, Self::LowFluid | Self::LongStanding | Self::LongSitting)
    }

    /// A remedy is expected to come with fewer cramps, not more.
    #[must_use]
    pub fn is_remedy(&self) -> bool {
        *self == Self::Stretched
    }
}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fixed = match self {
            Self::LowFluid => "low_fluid",
            Self::FewMgKFoods => "few_mg_k_foods",
            Self::HardActivity => "hard_activity",
            Self::LongStanding => "long_standing",
            Self::LongSitting => "long_sitting",
            Self::UnsupportiveFootwear => "unsupportive_footwear",
            Self::ToesPointed => "toes_pointed",
            Self::FeetHanging => "feet_hanging",
            Self::TuckedCovers => "tucked_covers",
            Self::Stretched => "stretched",
            Self::Med(class) => return write!(f, "med:{class}"),
            Self::Tag(tag) => return write!(f, "tag:{tag}"),
        };
        f.write_str(fixed)
    }
}

impl FromStr for Factor {
    type Err = UnknownFactor;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownFactor { value: s.to_owned() };
        let word = s.trim();
        if let Some(class) = word.strip_prefix("med:") {
            return class.parse().map(Self::Med).map_err(|_| unknown());
        }
        if let Some(tag) = word.strip_prefix("tag:") {
            return Tag::new(tag).map(Self::Tag).map_err(|_| unknown());
        }
        let wanted = word.to_ascii_lowercase().replace('-', "_");
        Self::FIXED.iter().find(|f| f.to_string() == wanted).cloned().ok_or_else(unknown)
    }
}

impl serde::Serialize for Factor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_back() {
        let mut all = Factor::FIXED.to_vec();
        all.push(Factor::Med(MedClass::Statin));
        all.push(Factor::Tag(Tag::new("coffee").unwrap()));
        for f in all {
            assert_eq!(f.to_string().parse::<Factor>(), Ok(f.clone()), "{f}");
        }
        assert_eq!("Low-Fluid".parse::<Factor>(), Ok(Factor::LowFluid));
        assert_eq!("tag:Coffee".parse::<Factor>(), Ok(Factor::Tag(Tag::new("coffee").unwrap())));
    }

    #[test]
    fn unknown_ids_name_the_accepted_forms() {
        let err = "sugar".parse::<Factor>().unwrap_err().to_string();
        assert!(err.starts_with("'sugar' is not a factor; use one of: low_fluid, few_mg_k_foods"), "{err}");
        assert!(err.contains("med:CLASS (loop-diuretic, thiazide,"), "{err}");
        assert!(err.ends_with("other, diuretic, asthma) or tag:NAME"), "{err}");
        assert!("med:aspirin".parse::<Factor>().is_err());
        assert_eq!("med:z-drug".parse::<Factor>(), Ok(Factor::Med(MedClass::ZDrug)));
        assert!("tag:two words".parse::<Factor>().is_err());
        assert!("tag:".parse::<Factor>().is_err());
    }
}
