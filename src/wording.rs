//! The words and numbers every part of cramp shows a person — the terminal commands, the app and
//! the analysis' sentences — so a night, an amount of fluid or a missing value reads the same
//! wherever it appears.

use std::fmt::Display;

use chrono::NaiveDate;

use crate::model::{DurationS, FluidMl, ML_PER_US_FL_OZ, Night, Score, Units};

/// A whole number with its thousands marked: 8,400, 12,400.
#[must_use]
pub fn grouped(v: f64) -> String {
    let digits = format!("{:.0}", v.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v.round() < 0.0 { format!("-{out}") } else { out }
}

/// What is shown for a value nobody recorded.
pub const UNKNOWN: &str = "–";

/// `n` and the noun, singular for one: `1 cramp`, `3 cramps`, `0 nights`.
#[must_use]
pub fn count(n: impl Into<i64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The noun alone, singular for one: for sentences where the number is already written.
#[must_use]
pub fn plural<'a>(n: impl Into<i64>, one: &'a str, many: &'a str) -> &'a str {
    if n.into() == 1 { one } else { many }
}

/// The value, or [`UNKNOWN`] when there is none.
#[must_use]
pub fn or_unknown<T: Display>(v: Option<T>) -> String {
    v.map_or_else(|| UNKNOWN.to_owned(), |v| v.to_string())
}

/// An amount of fluid in the person's units: `1.5 L`, `800 ml`, `51 oz`. The one spelling of a
/// fluid amount in cramp; a capital L, since a lower-case l next to a 1 reads as 11.
#[must_use]
pub fn fluid(ml: f64, units: Units) -> String {
    match units {
        Units::Imperial => format!("{:.0} oz", ml / ML_PER_US_FL_OZ),
        Units::Metric if ml.round() >= 1000.0 => format!("{} L", trim(format!("{:.2}", ml / 1000.0))),
        Units::Metric => format!("{ml:.0} ml"),
    }
}

/// A recorded intake, as [`fluid`] shows it.
#[must_use]
pub fn fluid_ml(f: FluidMl, units: Units) -> String {
    fluid(f64::from(f.get()), units)
}

/// A length of seconds the way cramp reads it back: `4m30s`, `1h5s`; [`UNKNOWN`] for none, or
/// for more than the four hours a cramp can last.
#[must_use]
pub fn duration(seconds: u32) -> String {
    DurationS::new(i64::from(seconds)).map_or_else(|_| UNKNOWN.to_owned(), |d| d.to_string())
}

/// A 0–10 rating with its scale, `7/10`; [`UNKNOWN`] when not rated.
#[must_use]
pub fn intensity(s: Option<Score>) -> String {
    s.map_or_else(|| UNKNOWN.to_owned(), |s| format!("{s}/10"))
}

/// `Fri 27 Nov 2026`.
#[must_use]
pub fn day(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

/// A night as people speak of it: "last night, Wed 2 Dec", "tonight, Thu 3 Dec", or its date.
#[must_use]
pub fn night_words(night: NaiveDate, now: chrono::NaiveDateTime) -> String {
    match crate::model::which_night(night, now) {
        crate::model::Which::Tonight => format!("tonight, {}", day(night)),
        crate::model::Which::LastNight => format!("last night, {}", day(night)),
        crate::model::Which::Other => day(night),
    }
}

/// `cramp-free`, or `2 cramps (worst 7/10, 6m30s in all)`.
#[must_use]
pub fn cramp_summary(night: &Night) -> String {
    let n = night.episodes.len();
    if n == 0 {
        return "cramp-free".to_owned();
    }
    let mut details = Vec::new();
    if let Some(w) = night.worst_intensity() {
        details.push(format!("worst {w}/10"));
    }
    if let Ok(total) = DurationS::new(i64::from(night.cramp_seconds())) {
        details.push(if n == 1 { total.to_string() } else { format!("{total} in all") });
    }
    let cramps = count(n as i64, "cramp", "cramps");
    if details.is_empty() { cramps } else { format!("{cramps} ({})", details.join(", ")) }
}

/// Drops trailing zeros after a decimal point: `1.20` → `1.2`, `2.0` → `2`.
fn trim(s: String) -> String {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fluid_has_one_spelling_in_each_unit() {
        assert_eq!(fluid(1500.0, Units::Metric), "1.5 L");
        assert_eq!(fluid(1950.0, Units::Metric), "1.95 L");
        assert_eq!(fluid(2000.0, Units::Metric), "2 L");
        assert_eq!(fluid(850.0, Units::Metric), "850 ml");
        // Just under a litre rounds to millilitres, never to "1000 ml".
        assert_eq!(fluid(999.6, Units::Metric), "1 L");
        assert_eq!(fluid(1500.0, Units::Imperial), "51 oz");
        assert_eq!(fluid_ml(FluidMl::new(1234).unwrap(), Units::Metric), "1.23 L");
    }

    #[test]
    fn counts_plurals_and_unknowns() {
        assert_eq!(count(1, "cramp", "cramps"), "1 cramp");
        assert_eq!(count(0, "night", "nights"), "0 nights");
        assert_eq!(count(3, "night", "nights"), "3 nights");
        assert_eq!(plural(2, "night", "nights"), "nights");
        assert_eq!(or_unknown(None::<u8>), "–");
        assert_eq!(or_unknown(Some(4)), "4");
        assert_eq!(intensity(Score::new(7).ok()), "7/10");
        assert_eq!(intensity(None), "–");
        assert_eq!(duration(270), "4m30s");
        assert_eq!(duration(0), "–");
    }
}
