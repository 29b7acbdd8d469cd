//! Randomised n-of-1 experiments: what is changed, the locked schedule of A and B periods, and
//! the pre-declared analysis. Pure: no terminal, no SQL, no clock (`today` is a parameter).

pub mod analysis;
pub mod plan;
pub mod power;
pub mod special;
pub mod view;
pub mod wording;

use crate::model::{FluidMl, Night, Servings, Tag, Units};

pub use analysis::{Analysis, ArmSummary, PeriodSummary};
pub use plan::{Assignment, Design, Plan};

/// The change an experiment tests: what the person does on B nights and not on A nights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Stretching before bed (the `stretched` field).
    Stretching,
    /// Drinking at least this much in the day.
    Fluid { at_least: FluidMl },
    /// At least this many servings of magnesium- or potassium-rich food.
    MgKFoods { at_least: Servings },
    /// A change of the person's own, marked with a tag on the nights it was made.
    Tag(Tag),
}

/// Why a WHAT could not be planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error(
        "'{0}' is not something an experiment can change; use stretching, fluid --at-least 2l, mg-k-foods --at-least 2 or tag:NAME"
    )]
    Unknown(String),
    #[error("{0} needs --at-least (e.g. {1})")]
    NeedsAmount(&'static str, &'static str),
    #[error("--at-least: {0}")]
    BadAmount(String),
    #[error("--at-least goes with fluid or mg-k-foods only, not {0}")]
    AmountNotTaken(String),
}

impl Change {
    /// The change from the words typed after `plan`: `stretching`, `fluid` or `mg-k-foods` with
    /// `--at-least`, or `tag:NAME`.
    pub fn from_words(what: &str, at_least: Option<&str>, units: Units) -> Result<Self, ChangeError> {
        let what_lc = what.trim().to_lowercase();
        let no_amount = |c: Self| match at_least {
            Some(_) => Err(ChangeError::AmountNotTaken(what.to_owned())),
            None => Ok(c),
        };
        match what_lc.as_str() {
            "stretching" | "stretch" => no_amount(Self::Stretching),
            "fluid" => {
                let raw = at_least.ok_or(ChangeError::NeedsAmount("fluid", "--at-least 2l"))?;
                let ml =
                    crate::parse::fluid_in(raw, units).map_err(|e| ChangeError::BadAmount(e.to_string()))?;
                if ml.get() == 0 {
                    return Err(ChangeError::BadAmount("the target must be more than nothing".into()));
                }
                Ok(Self::Fluid { at_least: ml })
            }
            "mg-k-foods" | "mg-k" => {
                let raw = at_least.ok_or(ChangeError::NeedsAmount("mg-k-foods", "--at-least 2"))?;
                let n = crate::parse::servings(raw).map_err(|e| ChangeError::BadAmount(e.to_string()))?;
                if n.get() == 0 {
                    return Err(ChangeError::BadAmount("the target must be at least 1 serving".into()));
                }
                Ok(Self::MgKFoods { at_least: n })
            }
            other => match other.strip_prefix("tag:") {
                Some(name) => {
                    let tag = Tag::new(name).map_err(|_| ChangeError::Unknown(what.to_owned()))?;
                    no_amount(Self::Tag(tag))
                }
                None => Err(ChangeError::Unknown(what.to_owned())),
            },
        }
    }

    /// The stored form, read back by [`Change::from_stored`]: the kind (`stretching`, `fluid`,
    /// `mg-k-foods`, `tag`) and the target (millilitres, servings, the tag; none for stretching).
    #[must_use]
    pub fn stored(&self) -> (&'static str, Option<String>) {
        match self {
            Self::Stretching => ("stretching", None),
            Self::Fluid { at_least } => ("fluid", Some(at_least.get().to_string())),
            Self::MgKFoods { at_least } => ("mg-k-foods", Some(at_least.get().to_string())),
            Self::Tag(t) => ("tag", Some(t.as_str().to_owned())),
        }
    }

    /// The change from its stored form; `None` for a pair no version of cramp writes.
    #[must_use]
    pub fn from_stored(kind: &str, target: Option<&str>) -> Option<Self> {
        match (kind, target) {
            ("stretching", None) => Some(Self::Stretching),
            ("fluid", Some(ml)) => {
                FluidMl::new(ml.parse().ok()?).ok().map(|at_least| Self::Fluid { at_least })
            }
            ("mg-k-foods", Some(n)) => {
                Servings::new(n.parse().ok()?).ok().map(|at_least| Self::MgKFoods { at_least })
            }
            ("tag", Some(t)) => Tag::new(t).ok().map(Self::Tag),
            _ => None,
        }
    }

    /// Whether the night shows the change made: `None` when the field was not logged. A tag
    /// cannot be "not logged", so a logged night without it counts as the change not made.
    #[must_use]
    pub fn made_on(&self, night: &Night) -> Option<bool> {
        match self {
            Self::Stretching => night.stretched,
            Self::Fluid { at_least } => night.fluid.map(|f| f >= *at_least),
            Self::MgKFoods { at_least } => night.mg_k_servings.map(|s| s >= *at_least),
            Self::Tag(t) => Some(night.tags.contains(t)),
        }
    }

    /// What to do on a B night, as an instruction: "stretch before bed".
    #[must_use]
    pub fn instruction(&self, units: Units) -> String {
        match self {
            Self::Stretching => "stretch before bed".into(),
            Self::Fluid { at_least } => format!("drink at least {} in the day", at_least.display(units)),
            Self::MgKFoods { at_least } => {
                format!("eat at least {at_least} serving{} of Mg/K-rich food", plural(at_least.get().into()))
            }
            Self::Tag(t) => format!("do your change ({}) and tag the night", t.as_str()),
        }
    }

    /// What to do on an A night: the usual, without the change.
    #[must_use]
    pub fn usual(&self, units: Units) -> String {
        match self {
            Self::Stretching => "as usual, no stretching before bed".into(),
            Self::Fluid { at_least } => format!("as usual, less than {}", at_least.display(units)),
            Self::MgKFoods { at_least } => {
                format!(
                    "as usual, fewer than {at_least} serving{} of Mg/K-rich food",
                    plural(at_least.get().into())
                )
            }
            Self::Tag(t) => format!("as usual, without {}", t.as_str()),
        }
    }

    /// The B nights in a sentence: "Stretching nights", "Nights with at least 2 l".
    #[must_use]
    pub fn nights_name(&self, units: Units) -> String {
        match self {
            Self::Stretching => "Stretching nights".into(),
            Self::Fluid { at_least } => format!("Nights with at least {}", at_least.display(units)),
            Self::MgKFoods { at_least } => format!("Nights with {at_least}+ Mg/K-rich servings"),
            Self::Tag(t) => format!("Nights with {}", t.as_str()),
        }
    }

    /// The change as the subject of "lowers your rate": "stretching", "drinking at least 2 l".
    #[must_use]
    pub fn gerund(&self, units: Units) -> String {
        match self {
            Self::Stretching => "stretching".into(),
            Self::Fluid { at_least } => format!("drinking at least {}", at_least.display(units)),
            Self::MgKFoods { at_least } => format!("{at_least}+ servings of Mg/K-rich food"),
            Self::Tag(t) => t.as_str().to_owned(),
        }
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A (as usual) or B (the change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Arm {
    A,
    B,
}

impl Arm {
    #[must_use]
    pub fn letter(self) -> char {
        match self {
            Self::A => 'A',
            Self::B => 'B',
        }
    }

    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::A => Self::B,
            Self::B => Self::A,
        }
    }
}

/// Where an experiment is in its life. Only a planned or running one blocks a new plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Planned,
    Running,
    Finished,
    Abandoned,
}

impl State {
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Running => "running",
            Self::Finished => "finished",
            Self::Abandoned => "abandoned",
        }
    }

    #[must_use]
    pub fn from_word(word: &str) -> Option<Self> {
        [Self::Planned, Self::Running, Self::Finished, Self::Abandoned].into_iter().find(|s| s.word() == word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_kinds_of_change_read_and_store() {
        let m = Units::Metric;
        let cases = [
            (Change::from_words("stretching", None, m).unwrap(), ("stretching", None)),
            (Change::from_words("fluid", Some("2l"), m).unwrap(), ("fluid", Some("2000"))),
            (Change::from_words("mg-k-foods", Some("2"), m).unwrap(), ("mg-k-foods", Some("2"))),
            (Change::from_words("tag:Ginger", None, m).unwrap(), ("tag", Some("ginger"))),
        ];
        for (change, (kind, target)) in cases {
            assert_eq!(change.stored(), (kind, target.map(str::to_owned)));
            assert_eq!(Change::from_stored(kind, target), Some(change));
        }
        assert_eq!(Change::from_stored("fluid", Some("lots")), None);
        assert_eq!(Change::from_stored("stretching", Some("2")), None);
    }

    #[test]
    fn bad_words_say_what_is_accepted() {
        let m = Units::Metric;
        let said = Change::from_words("yoga", None, m).unwrap_err().to_string();
        assert!(said.contains("stretching, fluid --at-least 2l"), "{said}");
        assert_eq!(
            Change::from_words("fluid", None, m).unwrap_err(),
            ChangeError::NeedsAmount("fluid", "--at-least 2l")
        );
        assert!(matches!(
            Change::from_words("stretching", Some("2"), m),
            Err(ChangeError::AmountNotTaken(_))
        ));
        assert!(matches!(Change::from_words("fluid", Some("0"), m), Err(ChangeError::BadAmount(_))));
    }

    #[test]
    fn a_night_shows_whether_the_change_was_made() {
        let mut night = Night::empty(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let fluid = Change::Fluid { at_least: FluidMl::new(2000).unwrap() };
        assert_eq!(Change::Stretching.made_on(&night), None);
        assert_eq!(fluid.made_on(&night), None);
        night.stretched = Some(true);
        night.fluid = Some(FluidMl::new(2000).unwrap());
        assert_eq!(Change::Stretching.made_on(&night), Some(true));
        assert_eq!(fluid.made_on(&night), Some(true));
        night.fluid = Some(FluidMl::new(1999).unwrap());
        assert_eq!(fluid.made_on(&night), Some(false));
        let tag = Change::Tag(Tag::new("ginger").unwrap());
        assert_eq!(tag.made_on(&night), Some(false));
    }
}
