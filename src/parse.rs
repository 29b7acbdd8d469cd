//! User input → model values: amounts (`1.5l`, `50oz`), hours (`5h30m`), durations (`4m30s`),
//! clock times (`03:10`), dates (`today`) and cramp specs (`03:10,4m,7,calf,left`). Every error
//! says what was typed and what would have been accepted, in one line.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use crate::model::{
    DurationS, FluidMl, Location, ML_PER_US_FL_OZ, OutOfRange, Quarters, Relief, Score, Servings, Side,
    UnknownWord,
};

/// Input that could not be read as the value a field needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("'{value}' is not {expected}")]
    Malformed { value: String, expected: &'static str },
    #[error(transparent)]
    OutOfRange(#[from] OutOfRange),
    #[error(transparent)]
    Word(#[from] UnknownWord),
    #[error("cramp '{spec}': {problem}")]
    Cramp { spec: String, problem: String },
}

const HOURS_FORMS: &str = "a number of hours in quarter-hour steps; use e.g. 6, 6h, 5h30m, 45m or 5.5 (0–24)";
const DURATION_FORMS: &str = "a duration; use e.g. 90s, 4m, 4 min, 4m30s or 1h (1 s – 4 h)";
const TIME_FORMS: &str = "a clock time; use HH:MM, e.g. 03:10 or 23:45 (or 0310, 3am, 3:10am)";
const DATE_FORMS: &str = "a date; use YYYY-MM-DD, today, tonight, yesterday, last night or a weekday (mon)";
const SCORE_FORMS: &str = "a whole number from 0 to 10";
const SERVINGS_FORMS: &str = "a whole number of servings from 0 to 20";

/// A plain decimal: digits with at most one point. Rejects what `f64::from_str` would also take
/// (`inf`, `1e3`, `+5`) so that odd input fails loudly instead of meaning something surprising.
fn decimal(s: &str) -> Option<f64> {
    let ok = !s.is_empty()
        && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        && s.chars().filter(|c| *c == '.').count() <= 1
        && s.chars().any(|c| c.is_ascii_digit())
        && s.len() <= 12;
    if ok { s.parse().ok() } else { None }
}

fn whole(s: &str) -> Option<i64> {
    if !s.is_empty() && s.len() <= 9 && s.chars().all(|c| c.is_ascii_digit()) { s.parse().ok() } else { None }
}

/// Splits `"1.5 l"` into `("1.5", "l")`.
fn number_and_unit(s: &str) -> (&str, String) {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(s.len());
    (&s[..end], s[end..].trim().to_ascii_lowercase())
}

const FLUID_METRIC_FORMS: &str = "an amount of fluid; use e.g. 1.5l, 1500ml, 1,5l, 6 cups or 50oz (a bare number: up to 10 is litres, 100 and above millilitres; 0–10 l)";
const FLUID_IMPERIAL_FORMS: &str =
    "an amount of fluid; use e.g. 50 (fl oz), 50oz, 6 cups, 3 pints or 1.5l (0–10 l)";
const FLUID_AMBIGUOUS: &str = "an amount this program will guess: between 10 and 100 it could be litres or millilitres; add a unit, e.g. 1.5l or 1500ml";

/// Millilitres in a US pint (16 US fl oz) and in an imperial (UK) pint.
const ML_PER_US_PINT: f64 = 16.0 * ML_PER_US_FL_OZ;
const ML_PER_UK_PINT: f64 = 568.261;

/// An amount of fluid as the person's units read it. Metric: a bare number up to 10 is litres,
/// 100 and above millilitres, and anything between is refused (11 could be either). Imperial: a
/// bare number is US fluid ounces. Either way `1,5l` (decimal comma), `ml`, `l`, `oz`, `fl oz`,
/// `cup(s)` (250 ml, or 8 fl oz in US units) and `pint(s)` (UK pint in metric, US pint in
/// imperial) are understood.
pub fn fluid_in(input: &str, units: crate::model::Units) -> Result<FluidMl, ParseError> {
    use crate::model::Units;
    let expected = match units {
        Units::Metric => FLUID_METRIC_FORMS,
        Units::Imperial => FLUID_IMPERIAL_FORMS,
    };
    let bad = || ParseError::Malformed { value: input.to_owned(), expected };
    let text = input.trim().replace(',', ".");
    let (number, unit) = number_and_unit(&text);
    let n = decimal(number).ok_or_else(bad)?;
    let ml = match (unit.as_str(), units) {
        ("", Units::Metric) if n <= 10.0 => n * 1000.0,
        ("", Units::Metric) if n >= 100.0 => n,
        ("", Units::Metric) => {
            return Err(ParseError::Malformed { value: input.to_owned(), expected: FLUID_AMBIGUOUS });
        }
        ("", Units::Imperial) | ("oz" | "floz" | "fl oz" | "fl. oz" | "ounces" | "ounce", _) => {
            n * ML_PER_US_FL_OZ
        }
        ("ml" | "millilitres" | "milliliters", _) => n,
        ("l" | "litre" | "litres" | "liter" | "liters", _) => n * 1000.0,
        ("cup" | "cups", Units::Metric) => n * 250.0,
        ("cup" | "cups", Units::Imperial) => n * 8.0 * ML_PER_US_FL_OZ,
        ("pint" | "pints" | "pt", Units::Metric) => n * ML_PER_UK_PINT,
        ("pint" | "pints" | "pt", Units::Imperial) => n * ML_PER_US_PINT,
        _ => return Err(bad()),
    };
    // `as` saturates, so a huge number still reaches the range check below.
    Ok(FluidMl::new(ml.round() as i64)?)
}

/// `6`, `6h`, `5h30m`, `45m`, `5.5`, `5.5h`: hours in quarter-hour steps, 0–24.
pub fn hours(input: &str) -> Result<Quarters, ParseError> {
    let bad = || ParseError::Malformed { value: input.to_owned(), expected: HOURS_FORMS };
    let s = input.trim().to_ascii_lowercase();
    let minutes: f64 = if let Some(n) = decimal(s.strip_suffix('h').unwrap_or(&s)) {
        n * 60.0
    } else {
        let (h, rest) = match s.split_once('h') {
            Some((h, rest)) => (whole(h).ok_or_else(bad)?, rest),
            None => (0, s.as_str()),
        };
        let m = rest.strip_suffix('m').and_then(whole).ok_or_else(bad)?;
        if m >= 60 && h > 0 {
            return Err(bad());
        }
        (h * 60 + m) as f64
    };
    let quarters = minutes / 15.0;
    if quarters.fract() != 0.0 {
        return Err(bad());
    }
    if quarters > 96.0 {
        return Err(OutOfRange {
            what: "hours",
            value: (minutes / 60.0) as i64,
            min: 0,
            max: 24,
            unit: " h",
        }
        .into());
    }
    Ok(Quarters::new(quarters as i64)?)
}

/// `90s`, `4m`, `4m30s`, `1h`, `1h5s`: 1 s – 4 h. A bare number is refused, since `4` could mean
/// seconds or minutes.
pub fn duration(input: &str) -> Result<DurationS, ParseError> {
    let bad = || ParseError::Malformed { value: input.to_owned(), expected: DURATION_FORMS };
    // `4 min`, `90 sec`, `1 hour 5 mins`: the words people write, down to h, m and s.
    let mut s: String = input.trim().to_ascii_lowercase();
    for (word, unit) in [
        ("minutes", "m"),
        ("minute", "m"),
        ("mins", "m"),
        ("min", "m"),
        ("seconds", "s"),
        ("second", "s"),
        ("secs", "s"),
        ("sec", "s"),
        ("hours", "h"),
        ("hour", "h"),
        ("hrs", "h"),
        ("hr", "h"),
    ] {
        s = s.replace(word, unit);
    }
    let s: String = s.split_whitespace().collect();
    let mut rest = s.as_str();
    let mut total: i64 = 0;
    let mut seen_any = false;
    for (unit, secs, cap) in [('h', 3600, i64::MAX), ('m', 60, 59), ('s', 1, 59)] {
        if let Some((n, tail)) = rest.split_once(unit) {
            let n = whole(n).ok_or_else(bad)?;
            // Below the largest unit given, each part must fit its clock position: `1h75m` is a typo.
            if seen_any && n > cap {
                return Err(bad());
            }
            total += n * secs;
            rest = tail;
            seen_any = true;
        }
    }
    if !seen_any || !rest.is_empty() {
        return Err(bad());
    }
    Ok(DurationS::new(total)?)
}

/// `03:10`, `3:10`, `23:45`, and `0310` or `310` (quicker to type half-asleep).
pub fn time(input: &str) -> Result<NaiveTime, ParseError> {
    let bad = || ParseError::Malformed { value: input.to_owned(), expected: TIME_FORMS };
    let lower = input.trim().to_ascii_lowercase();
    // `3am`, `3:10am`, `11:45 pm`: a 12-hour clock with its half of the day.
    for (suffix, pm) in [("am", false), ("pm", true)] {
        if let Some(rest) = lower.strip_suffix(suffix) {
            let rest = rest.trim_end();
            let (h, m) = rest.split_once(':').unwrap_or((rest, "00"));
            if h.is_empty() || h.len() > 2 || m.len() != 2 {
                return Err(bad());
            }
            let (h, m) = (whole(h).ok_or_else(bad)?, whole(m).ok_or_else(bad)?);
            if !(1..=12).contains(&h) {
                return Err(bad());
            }
            let h = h % 12 + if pm { 12 } else { 0 };
            return NaiveTime::from_hms_opt(h as u32, m as u32, 0).ok_or_else(bad);
        }
    }
    let s = input.trim();
    let (h, m) = match s.split_once(':') {
        Some(parts) => parts,
        None if (3..=4).contains(&s.len()) && s.is_ascii() => s.split_at(s.len() - 2),
        None => return Err(bad()),
    };
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return Err(bad());
    }
    let (h, m) = (whole(h).ok_or_else(bad)?, whole(m).ok_or_else(bad)?);
    NaiveTime::from_hms_opt(h as u32, m as u32, 0).ok_or_else(bad)
}

/// The canonical clock form, which [`time`] reads back.
#[must_use]
pub fn format_time(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// A 0–10 rating such as intensity or sleep disturbance.
pub fn score(input: &str) -> Result<Score, ParseError> {
    let n = whole(input.trim())
        .ok_or_else(|| ParseError::Malformed { value: input.to_owned(), expected: SCORE_FORMS })?;
    Ok(Score::new(n)?)
}

/// Servings of magnesium- or potassium-rich food, 0–20.
pub fn servings(input: &str) -> Result<Servings, ParseError> {
    let n = whole(input.trim())
        .ok_or_else(|| ParseError::Malformed { value: input.to_owned(), expected: SERVINGS_FORMS })?;
    Ok(Servings::new(n)?)
}

/// A date as typed, before it is resolved against today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateArg {
    Today,
    Yesterday,
    /// `mon`, `tuesday`…: the most recent such night before today.
    Last(chrono::Weekday),
    On(NaiveDate),
}

impl DateArg {
    /// The calendar date meant, given today's date.
    #[must_use]
    pub fn resolve(self, today: NaiveDate) -> NaiveDate {
        match self {
            Self::Today => today,
            Self::Yesterday => today.checked_sub_days(Days::new(1)).unwrap_or(today),
            Self::Last(day) => {
                let back =
                    (today.weekday().num_days_from_monday() + 7 - day.num_days_from_monday() - 1) % 7 + 1;
                today.checked_sub_days(Days::new(u64::from(back))).unwrap_or(today)
            }
            Self::On(d) => d,
        }
    }
}

fn day_name(day: chrono::Weekday) -> &'static str {
    match day {
        chrono::Weekday::Mon => "monday",
        chrono::Weekday::Tue => "tuesday",
        chrono::Weekday::Wed => "wednesday",
        chrono::Weekday::Thu => "thursday",
        chrono::Weekday::Fri => "friday",
        chrono::Weekday::Sat => "saturday",
        chrono::Weekday::Sun => "sunday",
    }
}

/// `YYYY-MM-DD`, `today` or `tonight`, `yesterday` or `last night`, and weekday names (`mon`,
/// `monday`: the most recent one before today). `12/01/2026` is refused: it reads both ways.
pub fn date(input: &str) -> Result<DateArg, ParseError> {
    let s = input.trim();
    let lower = s.to_ascii_lowercase();
    let weekdays = [
        ("mon", chrono::Weekday::Mon),
        ("tue", chrono::Weekday::Tue),
        ("wed", chrono::Weekday::Wed),
        ("thu", chrono::Weekday::Thu),
        ("fri", chrono::Weekday::Fri),
        ("sat", chrono::Weekday::Sat),
        ("sun", chrono::Weekday::Sun),
    ];
    if lower.len() >= 3
        && let Some((_, day)) = weekdays
            .iter()
            .find(|(short, day)| lower.starts_with(short) && day_name(*day).starts_with(lower.as_str()))
    {
        return Ok(DateArg::Last(*day));
    }
    match lower.as_str() {
        "today" | "tonight" => Ok(DateArg::Today),
        "yesterday" | "last night" | "last-night" => Ok(DateArg::Yesterday),
        _ => {
            let bad = || ParseError::Malformed { value: input.to_owned(), expected: DATE_FORMS };
            if s.contains('/') {
                return Err(ParseError::Malformed {
                    value: input.to_owned(),
                    expected: "a date this program will read: with slashes the day and month could be either way round; use YYYY-MM-DD, e.g. 2026-12-01",
                });
            }
            // chrono alone would take `2026-1-5` and five-digit years; dates stay in one shape.
            if s.len() != 10 || s.as_bytes()[4] != b'-' || s.as_bytes()[7] != b'-' {
                return Err(bad());
            }
            NaiveDate::parse_from_str(s, "%Y-%m-%d").map(DateArg::On).map_err(|_| bad())
        }
    }
}

/// One `--cramp TIME,DURATION,INTENSITY[,LOCATION[,SIDE[,RELIEF+RELIEF]]]`; a duration of `?`
/// means not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrampSpec {
    pub time: NaiveTime,
    pub duration: Option<DurationS>,
    pub intensity: Score,
    pub location: Option<Location>,
    pub side: Option<Side>,
    pub relief: BTreeSet<Relief>,
}

impl std::fmt::Display for CrampSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let duration = self.duration.map_or_else(|| "?".to_owned(), |d| d.to_string());
        write!(f, "{},{duration},{}", format_time(self.time), self.intensity)?;
        let relief: Vec<&str> = self.relief.iter().map(|r| r.as_str()).collect();
        let tail = [
            self.location.map(Location::as_str).unwrap_or_default(),
            self.side.map(Side::as_str).unwrap_or_default(),
            &relief.join("+"),
        ];
        let keep = tail.iter().rposition(|s| !s.is_empty()).map_or(0, |i| i + 1);
        for part in &tail[..keep] {
            write!(f, ",{part}")?;
        }
        Ok(())
    }
}

/// Reads a cramp spec such as `03:10,4m,7,calf,left` or `02:00,?,5,,,stretch+walk`.
pub fn cramp(input: &str) -> Result<CrampSpec, ParseError> {
    let fail = |problem: String| ParseError::Cramp { spec: input.to_owned(), problem };
    let parts: Vec<&str> = input.split(',').map(str::trim).collect();
    if !(3..=6).contains(&parts.len()) {
        return Err(fail(
            "use TIME,DURATION,INTENSITY[,LOCATION[,SIDE[,RELIEF+RELIEF]]], e.g. 03:10,4m,7,calf,left"
                .to_owned(),
        ));
    }
    let field = |i: usize| parts.get(i).copied().filter(|s| !s.is_empty());
    let time = time(parts[0]).map_err(|e| fail(e.to_string()))?;
    let duration = match parts[1] {
        "?" | "" => None,
        d => Some(duration(d).map_err(|e| fail(e.to_string()))?),
    };
    let intensity = score(parts[2]).map_err(|e| fail(format!("intensity {e}")))?;
    let location = field(3).map(str::parse).transpose().map_err(|e: UnknownWord| fail(e.to_string()))?;
    let side = field(4).map(str::parse).transpose().map_err(|e: UnknownWord| fail(e.to_string()))?;
    let relief = match field(5) {
        Some(list) => list
            .split('+')
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|e: UnknownWord| fail(e.to_string()))?,
        None => BTreeSet::new(),
    };
    Ok(CrampSpec { time, duration, intensity, location, side, relief })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Units;
    use proptest::prelude::*;

    #[test]
    fn fluid_forms() {
        for (s, ml) in [
            ("1500", 1500),
            ("1500ml", 1500),
            ("1.5l", 1500),
            ("1.5L", 1500),
            ("1.5 l", 1500),
            ("50oz", 1479),
            ("0", 0),
            ("10l", 10_000),
            (".5l", 500),
        ] {
            assert_eq!(fluid_in(s, Units::Metric).unwrap().get(), ml, "{s}");
        }
        for s in ["", "l", "1.5x", "-1", "1e3", "inf", "1..5l", "11l", "11", "99", "1,,5l", "1,5,l"] {
            assert!(fluid_in(s, Units::Metric).is_err(), "{s}");
        }
        for (s, ml) in [("1,5l", 1500), ("2 cups", 500), ("1 pint", 568), ("100", 100), ("10", 10_000)] {
            assert_eq!(fluid_in(s, Units::Metric).unwrap().get(), ml, "{s}");
        }
        for (s, ml) in
            [("50", 1479), ("50oz", 1479), ("2 cups", 473), ("1 pint", 473), ("1.5l", 1500), ("1500ml", 1500)]
        {
            assert_eq!(fluid_in(s, Units::Imperial).unwrap().get(), ml, "imperial {s}");
        }
    }

    #[test]
    fn fluid_error_says_what_is_accepted() {
        assert_eq!(
            fluid_in("lots", Units::Metric).unwrap_err().to_string(),
            "'lots' is not an amount of fluid; use e.g. 1.5l, 1500ml, 1,5l, 6 cups or 50oz (a bare number: up to 10 is litres, 100 and above millilitres; 0–10 l)"
        );
        assert!(
            fluid_in("11", Units::Metric)
                .unwrap_err()
                .to_string()
                .contains("add a unit, e.g. 1.5l or 1500ml")
        );
        assert_eq!(
            fluid_in("12l", Units::Metric).unwrap_err().to_string(),
            "12000 is out of range for fluid intake: accepted 0–10000 ml"
        );
    }

    #[test]
    fn hours_forms() {
        for (s, q) in [
            ("6", 24),
            ("6h", 24),
            ("5h30m", 22),
            ("5.5", 22),
            ("5.5h", 22),
            ("45m", 3),
            ("0", 0),
            ("24", 96),
            ("90m", 6),
            ("0h15m", 1),
        ] {
            assert_eq!(hours(s).unwrap().get(), q, "{s}");
        }
        for s in ["", "h", "5h10m", "5.1", "25", "24h15m", "-1", "5h60m", "m"] {
            assert!(hours(s).is_err(), "{s}");
        }
    }

    #[test]
    fn duration_forms() {
        for (s, secs) in [
            ("90s", 90),
            ("4m", 240),
            ("4m30s", 270),
            ("1h", 3600),
            ("1h5s", 3605),
            ("4h", 14_400),
            ("1s", 1),
        ] {
            assert_eq!(duration(s).unwrap().seconds(), secs, "{s}");
        }
        for s in ["", "4", "0s", "4h1s", "5h", "1m75s", "4s30m", "4 mi", "m", "1h1h"] {
            assert!(duration(s).is_err(), "{s}");
        }
    }

    #[test]
    fn time_forms() {
        assert_eq!(format_time(time("3:10").unwrap()), "03:10");
        assert_eq!(format_time(time("310").unwrap()), "03:10");
        assert_eq!(format_time(time("2345").unwrap()), "23:45");
        for s in ["24:00", "3", "03:1", "03:100", "ab:cd", "03:60", ""] {
            assert!(time(s).is_err(), "{s}");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(date("today").unwrap(), DateArg::Today);
        let today: NaiveDate = "2026-03-01".parse().unwrap();
        assert_eq!(date("Yesterday").unwrap().resolve(today).to_string(), "2026-02-28");
        assert_eq!(date("2026-11-27").unwrap().resolve(today).to_string(), "2026-11-27");
        for s in ["2026-02-30", "2026-1-5", "27/11/2026", "", "tomorrow", "+2026-11-27"] {
            assert!(date(s).is_err(), "{s}");
        }
    }

    #[test]
    fn cramp_specs() {
        let c = cramp("03:10,4m,7,calf,left").unwrap();
        assert_eq!(
            (c.time, c.duration.unwrap().seconds(), c.intensity.get()),
            (time("03:10").unwrap(), 240, 7)
        );
        assert_eq!((c.location, c.side), (Some(Location::Calf), Some(Side::Left)));
        let c = cramp("02:00,?,5,,,stretch+walk").unwrap();
        assert_eq!(c.duration, None);
        assert_eq!(c.relief.len(), 2);
        assert_eq!(c.to_string(), "02:00,?,5,,,stretch+walk");
        assert!(cramp("03:10,4m").is_err());
        assert_eq!(
            cramp("03:10,4m,7,knee").unwrap_err().to_string(),
            "cramp '03:10,4m,7,knee': 'knee' is not a known location; use one of: toes, arch, heel, top-of-foot, calf, thigh, other"
        );
        assert_eq!(
            cramp("03:10,4m,11").unwrap_err().to_string(),
            "cramp '03:10,4m,11': intensity 11 is out of range for a 0–10 rating: accepted 0–10"
        );
    }

    fn any_relief() -> impl Strategy<Value = BTreeSet<Relief>> {
        proptest::sample::subsequence(Relief::ALL.to_vec(), 0..=Relief::ALL.len())
            .prop_map(|v| v.into_iter().collect())
    }

    #[test]
    fn the_forms_people_type() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        for (typed, want) in [
            ("3am", t(3, 0)),
            ("3:10am", t(3, 10)),
            ("11:45 PM", t(23, 45)),
            ("12am", t(0, 0)),
            ("12pm", t(12, 0)),
        ] {
            assert_eq!(time(typed).unwrap(), want, "{typed}");
        }
        for typed in ["13pm", "0am", "3:1am", "am"] {
            assert!(time(typed).is_err(), "{typed}");
        }
        for (typed, secs) in
            [("4 min", 240), ("4min", 240), ("90 sec", 90), ("1 hour 5 mins", 3900), ("2 minutes", 120)]
        {
            assert_eq!(duration(typed).unwrap().seconds(), secs, "{typed}");
        }
        let tue = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for (typed, want) in [
            ("mon", "2026-11-30"),
            ("Monday", "2026-11-30"),
            ("tue", "2026-11-24"),
            ("sun", "2026-11-29"),
            ("last night", "2026-11-30"),
            ("tonight", "2026-12-01"),
        ] {
            assert_eq!(date(typed).unwrap().resolve(tue).to_string(), want, "{typed}");
        }
        let err = date("12/01/2026").unwrap_err().to_string();
        assert!(err.contains("use YYYY-MM-DD"), "{err}");
        assert!(date("mo").is_err() && date("mondays").is_err());
    }

    proptest! {
        #[test]
        fn every_amount_written_with_its_unit_reads_back(ml in 0u16..=10_000, imperial: bool) {
            let units = if imperial { Units::Imperial } else { Units::Metric };
            prop_assert_eq!(fluid_in(&format!("{ml}ml"), units).unwrap().get(), ml);
            prop_assert_eq!(fluid_in(&format!("{ml} ml"), units).unwrap().get(), ml);
            let litres = format!("{}", f64::from(ml) / 1000.0);
            prop_assert_eq!(fluid_in(&format!("{litres}l"), units).unwrap().get(), ml);
            prop_assert_eq!(fluid_in(&format!("{}l", litres.replace('.', ",")), units).unwrap().get(), ml);
        }

        #[test]
        fn fluid_formats_back_to_itself(ml in 0i64..=10_000) {
            let v = FluidMl::new(ml).unwrap();
            prop_assert_eq!(fluid_in(&v.to_string(), Units::Metric).unwrap(), v);
        }

        #[test]
        fn hours_format_back_to_themselves(q in 0i64..=96) {
            let v = Quarters::new(q).unwrap();
            prop_assert_eq!(hours(&v.to_string()).unwrap(), v);
            prop_assert_eq!(hours(&v.hours().to_string()).unwrap(), v);
        }

        #[test]
        fn durations_format_back_to_themselves(s in 1i64..=14_400) {
            let v = DurationS::new(s).unwrap();
            prop_assert_eq!(duration(&v.to_string()).unwrap(), v);
        }

        #[test]
        fn times_format_back_to_themselves(h in 0u32..24, m in 0u32..60) {
            let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            prop_assert_eq!(time(&format_time(t)).unwrap(), t);
        }

        #[test]
        fn twelve_hour_times_read_as_the_same_clock_time(h in 0u32..24, m in 0u32..60, space: bool, upper: bool) {
            let t = NaiveTime::from_hms_opt(h, m, 0).unwrap();
            let (h12, half) = match h { 0 => (12, "am"), 1..=11 => (h, "am"), 12 => (12, "pm"), _ => (h - 12, "pm") };
            let half = if upper { half.to_uppercase() } else { half.to_owned() };
            let gap = if space { " " } else { "" };
            prop_assert_eq!(time(&format!("{h12}:{m:02}{gap}{half}")).unwrap(), t);
            if m == 0 {
                prop_assert_eq!(time(&format!("{h12}{gap}{half}")).unwrap(), t);
            }
        }

        #[test]
        fn durations_in_words_read_as_the_same_length(h in 0i64..4, m in 0i64..60, sec in 0i64..60, space: bool) {
            let total = h * 3600 + m * 60 + sec;
            prop_assume!((1..=14_400).contains(&total));
            let gap = if space { " " } else { "" };
            let mut words = Vec::new();
            if h > 0 { words.push(format!("{h}{gap}{}", if h == 1 { "hour" } else { "hours" })); }
            if m > 0 { words.push(format!("{m}{gap}{}", if m == 1 { "min" } else { "mins" })); }
            if sec > 0 { words.push(format!("{sec}{gap}sec")); }
            let typed = words.join(" ");
            prop_assert_eq!(duration(&typed).unwrap().get(), u16::try_from(total).unwrap(), "{}", typed);
            prop_assert_eq!(duration(&DurationS::new(total).unwrap().to_string()).unwrap().get(), u16::try_from(total).unwrap());
        }

        #[test]
        fn night_words_and_weekdays_name_a_night_already_begun(days in 0i64..20_000, w in 0usize..7) {
            let today = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Duration::days(days);
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let got = date(names[w]).unwrap().resolve(today);
            prop_assert_eq!(got.weekday().num_days_from_monday() as usize, w);
            // The most recent such night before today's: on a Tuesday, `tue` is a week ago.
            prop_assert!(got < today && today - got <= chrono::Duration::days(7), "{} for {}", got, today);
            prop_assert_eq!(date("last night").unwrap().resolve(today), date("yesterday").unwrap().resolve(today));
            prop_assert_eq!(date("tonight").unwrap().resolve(today), today);
            prop_assert_eq!(date(&got.to_string()).unwrap().resolve(today), got);
        }

        #[test]
        fn cups_and_pints_are_the_same_amounts_each_time(n in 1u32..=20, imperial: bool) {
            let units = if imperial { Units::Imperial } else { Units::Metric };
            let cup = if imperial { 236.588 } else { 250.0 };
            let want = (f64::from(n) * cup).round() as u16;
            prop_assume!(want <= 10_000);
            let typed = format!("{n} {}", if n == 1 { "cup" } else { "cups" });
            prop_assert_eq!(fluid_in(&typed, units).unwrap().get(), want, "{}", typed);
        }

        #[test]
        fn scores_and_servings_format_back(n in 0i64..=20) {
            let s = Servings::new(n).unwrap();
            prop_assert_eq!(servings(&s.to_string()).unwrap(), s);
            if let Ok(sc) = Score::new(n) {
                prop_assert_eq!(score(&sc.to_string()).unwrap(), sc);
            }
        }

        #[test]
        fn dates_format_back(days in 0i64..200_000) {
            let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            prop_assert_eq!(date(&d.to_string()).unwrap(), DateArg::On(d));
        }

        #[test]
        fn cramp_specs_format_back(
            h in 0u32..24, m in 0u32..60, dur in proptest::option::of(1i64..=14_400), i in 0i64..=10,
            loc in proptest::option::of(proptest::sample::select(Location::ALL.to_vec())),
            side in proptest::option::of(proptest::sample::select(Side::ALL.to_vec())),
            relief in any_relief(),
        ) {
            let spec = CrampSpec {
                time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
                duration: dur.map(|d| DurationS::new(d).unwrap()),
                intensity: Score::new(i).unwrap(),
                location: loc, side, relief,
            };
            prop_assert_eq!(cramp(&spec.to_string()).unwrap(), spec);
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,24}") {
            let _ = (fluid_in(&s, Units::Metric), fluid_in(&s, Units::Imperial), hours(&s), duration(&s), time(&s), score(&s), servings(&s), date(&s), cramp(&s));
        }

        #[test]
        fn near_misses_never_panic(s in "[0-9hms:.lLoz,?+ -]{0,16}") {
            let _ = (fluid_in(&s, Units::Metric), fluid_in(&s, Units::Imperial), hours(&s), duration(&s), time(&s), date(&s), cramp(&s));
        }
    }
}
