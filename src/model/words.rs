//! Fixed vocabularies (activity levels, postures, body locations…) as enums that print and parse
//! as the kebab-case words the CLI, the database and the JSON all share.

use std::fmt;
use std::str::FromStr;

/// An unknown word, with the words that would have been accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{value}' is not a known {what}; use one of: {accepted}")]
pub struct UnknownWord {
    pub what: &'static str,
    pub value: String,
    pub accepted: String,
}

/// Declares an enum whose variants map one-to-one onto fixed words.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($(#[$vmeta:meta])* $variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every variant, in display order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];
            /// What this vocabulary is called in messages.
            pub const WHAT: &'static str = $what;

            /// The word used on the command line, in the database and in JSON.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $word),+ }
            }

            /// The accepted words, comma-separated, for error messages and help.
            #[must_use]
            pub fn accepted() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == wanted)
                    .ok_or_else(|| UnknownWord { what: $what, value: s.to_owned(), accepted: Self::accepted() })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                // Only exact words: a lenient import would not round-trip.
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == word)
                    .ok_or_else(|| serde::de::Error::custom(format!(
                        "'{word}' is not a known {}; use one of: {}", $what, Self::accepted()
                    )))
            }
        }
    };
}

word_enum!(
    /// How physically demanding the day was, relative to the person's usual days.
    Activity, "activity level" {
        Rest => "rest",
        Light => "light",
        Moderate => "moderate",
        /// Unusually strenuous for this person.
        Hard => "hard",
    }
);

word_enum!(
    /// What the person wore on their feet for most of the day.
    Footwear, "footwear" {
        Supportive => "supportive",
        Unsupportive => "unsupportive",
        Barefoot => "barefoot",
    }
);

word_enum!(
    /// How the feet lay in bed.
    Posture, "posture" {
        ToesPointed => "toes-pointed",
        FeetHanging => "feet-hanging",
        TuckedCovers => "tucked-covers",
        /// Feet at rest in a neutral position; excludes the others.
        Neutral => "neutral",
    }
);

word_enum!(
    /// Where a cramp was felt.
    Location, "location" {
        Toes => "toes",
        Arch => "arch",
        Heel => "heel",
        TopOfFoot => "top-of-foot",
        Calf => "calf",
        Thigh => "thigh",
        Other => "other",
    }
);

word_enum!(
    /// Which leg.
    Side, "side" {
        Left => "left",
        Right => "right",
        Both => "both",
    }
);

word_enum!(
    /// What eased a cramp.
    Relief, "relief" {
        Stretch => "stretch",
        Walk => "walk",
        Warmth => "warmth",
        Massage => "massage",
        Other => "other",
    }
);

word_enum!(
    /// The kind of medicine, as far as cramps are concerned: the classes the evidence links with
    /// cramps, two it does not (useful for comparison), and `other`. `diuretic` and `asthma` are
    /// older, broader words kept for journals that use them.
    MedClass, "medication class" {
        LoopDiuretic => "loop-diuretic",
        Thiazide => "thiazide",
        PotassiumSparingDiuretic => "potassium-sparing-diuretic",
        /// Long-acting β2-agonist inhalers.
        Laba => "laba",
        CalciumChannelBlocker => "calcium-channel-blocker",
        RaloxifeneOestrogen => "raloxifene-oestrogen",
        Teriparatide => "teriparatide",
        IvIron => "iv-iron",
        Nsaid => "nsaid",
        Gabapentinoid => "gabapentinoid",
        ZDrug => "z-drug",
        Antidepressant => "antidepressant",
        Lithium => "lithium",
        Steroid => "steroid",
        Opioid => "opioid",
        Statin => "statin",
        BetaBlocker => "beta-blocker",
        InhaledAnticholinergic => "inhaled-anticholinergic",
        Other => "other",
        Diuretic => "diuretic",
        Asthma => "asthma",
    }
);

impl MedClass {
    /// The classes offered to someone adding a medicine: every one but the two older words.
    pub const OFFERED: &'static [Self] = &[
        Self::LoopDiuretic,
        Self::Thiazide,
        Self::PotassiumSparingDiuretic,
        Self::Laba,
        Self::CalciumChannelBlocker,
        Self::RaloxifeneOestrogen,
        Self::Teriparatide,
        Self::IvIron,
        Self::Nsaid,
        Self::Gabapentinoid,
        Self::ZDrug,
        Self::Antidepressant,
        Self::Lithium,
        Self::Steroid,
        Self::Opioid,
        Self::Statin,
        Self::BetaBlocker,
        Self::InhaledAnticholinergic,
        Self::Other,
    ];

    /// Whether the evidence links this class with cramps at all; β-blockers and inhaled
    /// anticholinergics were studied and showed no link.
    #[must_use]
    pub const fn expected_link(self) -> bool {
        !matches!(self, Self::BetaBlocker | Self::InhaledAnticholinergic | Self::Other)
    }
}

word_enum!(
    /// Long-standing conditions that change how results are read.
    Condition, "condition" {
        Neuropathy => "neuropathy",
        Diabetes => "diabetes",
        /// Poor circulation, e.g. peripheral arterial disease.
        Circulation => "circulation",
        Kidney => "kidney",
        Thyroid => "thyroid",
        Pregnancy => "pregnancy",
        FluidRestricted => "fluid-restricted",
        LiverDisease => "liver-disease",
        HeartFailure => "heart-failure",
    }
);

word_enum!(
    /// How amounts are shown.
    Units, "unit system" {
        Metric => "metric",
        Imperial => "imperial",
    }
);

word_enum!(
    /// The first day of a week in weekly summaries.
    WeekStart, "week start" {
        Monday => "monday",
        Sunday => "sunday",
    }
);

// Written out because the enums come from a macro that cannot mark a `#[default]` variant.
#[allow(clippy::derivable_impls)]
impl Default for Units {
    fn default() -> Self {
        Self::Metric
    }
}

#[allow(clippy::derivable_impls)]
impl Default for WeekStart {
    fn default() -> Self {
        Self::Monday
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_parses_back() {
        for p in Posture::ALL {
            assert_eq!(p.as_str().parse::<Posture>(), Ok(*p));
        }
        for l in Location::ALL {
            assert_eq!(l.to_string().parse::<Location>(), Ok(*l));
        }
    }

    #[test]
    fn parsing_is_forgiving_about_case_and_underscores() {
        assert_eq!("Top_Of_Foot".parse::<Location>(), Ok(Location::TopOfFoot));
        assert_eq!(" HARD ".parse::<Activity>(), Ok(Activity::Hard));
    }

    #[test]
    fn unknown_word_lists_what_is_accepted() {
        let err = "sprint".parse::<Activity>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "'sprint' is not a known activity level; use one of: rest, light, moderate, hard"
        );
    }

    #[test]
    fn serde_uses_exact_words() {
        assert_eq!(serde_json::to_string(&Side::Both).unwrap(), "\"both\"");
        assert_eq!(serde_json::from_str::<Side>("\"left\"").unwrap(), Side::Left);
        assert!(serde_json::from_str::<Side>("\"LEFT\"").is_err());
    }
}
