//! Which nights the Insights screen analyses: all, the last year, the last 12 weeks, or a
//! range typed in the date forms of `cramp analyze --from --to`.

use chrono::{Datelike, NaiveDate};

use super::input::TextInput;

/// Which nights the analysis looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Range {
    #[default]
    All,
    LastYear,
    Last12Weeks,
    /// From one night to another, either end open.
    Custom {
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
}

impl Range {
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Self::All => Self::LastYear,
            Self::LastYear => Self::Last12Weeks,
            Self::Last12Weeks | Self::Custom { .. } => Self::All,
        }
    }

    /// The first night included, counted back from `last` (the night that has just ended).
    #[must_use]
    pub fn first_night(self, last: chrono::NaiveDate) -> Option<chrono::NaiveDate> {
        let back = |days| last.checked_sub_days(chrono::Days::new(days));
        match self {
            Self::All => None,
            Self::LastYear => back(364),
            Self::Last12Weeks => back(83),
            Self::Custom { from, .. } => from,
        }
    }

    /// The last night included, when the range has an end of its own.
    #[must_use]
    pub fn last_night(self) -> Option<NaiveDate> {
        match self {
            Self::Custom { to, .. } => to,
            _ => None,
        }
    }

    #[must_use]
    pub fn label(self) -> String {
        let day = |d: NaiveDate| d.format("%-d %b %Y").to_string();
        match self {
            Self::All | Self::Custom { from: None, to: None } => "all time".to_owned(),
            Self::LastYear => "last year".to_owned(),
            Self::Last12Weeks => "last 12 weeks".to_owned(),
            // One year is said once.
            Self::Custom { from: Some(f), to: Some(t) } if f.year() == t.year() => {
                format!("{} – {}", f.format("%-d %b"), day(t))
            }
            Self::Custom { from: Some(f), to: Some(t) } => format!("{} – {}", day(f), day(t)),
            Self::Custom { from: Some(f), to: None } => format!("since {}", day(f)),
            Self::Custom { from: None, to: Some(t) } => format!("until {}", day(t)),
        }
    }

    /// A range as typed: `FROM to TO`, `FROM` alone (since), or `to TO` (until), each date in
    /// the forms of `cramp analyze --from --to`, relative ones counted from `today`.
    ///
    /// # Errors
    /// Names the end that is wrong and the accepted forms, or says the range runs backwards.
    pub fn parse(text: &str, today: NaiveDate) -> Result<Self, String> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        let (from, to) = match lower.find(" to ").map(|i| (i, 4)).or_else(|| lower.find("..").map(|i| (i, 2)))
        {
            Some((i, len)) => (text[..i].trim(), text[i + len..].trim()),
            None if lower.starts_with("to ") => ("", text[3..].trim()),
            None if lower.ends_with(" to") => (text[..text.len() - 3].trim(), ""),
            None => (text, ""),
        };
        let end = |what: &str, s: &str| -> Result<Option<NaiveDate>, String> {
            if s.is_empty() {
                return Ok(None);
            }
            crate::parse::date(s).map(|d| Some(d.resolve(today))).map_err(|e| format!("{what}: {e}"))
        };
        let (from, to) = (end("from", from)?, end("to", to)?);
        if from.is_none() && to.is_none() {
            return Err("type a range: FROM to TO, FROM alone, or to TO (dates as YYYY-MM-DD, today, \
                        yesterday, last night or a weekday)"
                .to_owned());
        }
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(format!("from {f} is after to {t}"));
        }
        Ok(Self::Custom { from, to })
    }
}

/// The range being typed, and what was wrong with the last try.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RangePrompt {
    pub input: TextInput,
    pub error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_range_takes_the_forms_of_cramp_analyze() {
        let today: NaiveDate = "2026-12-02".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        assert_eq!(Range::parse("2026-01-01", today), Ok(Range::Custom { from: d("2026-01-01"), to: None }));
        assert_eq!(
            Range::parse("to last night", today),
            Ok(Range::Custom { from: None, to: d("2026-12-01") })
        );
        assert_eq!(
            Range::parse("mon..2026-12-01", today),
            Ok(Range::Custom { from: d("2026-11-30"), to: d("2026-12-01") })
        );
        let bad = Range::parse("2026-01-01 to 31/12/2026", today).unwrap_err();
        assert!(bad.starts_with("to: '31/12/2026'") && bad.contains("YYYY-MM-DD"), "{bad}");
        assert!(Range::parse("  ", today).unwrap_err().contains("FROM to TO"));
        assert_eq!(Range::Custom { from: d("2026-01-01"), to: None }.label(), "since 1 Jan 2026");
    }
}
