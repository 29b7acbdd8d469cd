//! Page 1's "what stands out": one line for each factor with a clear difference (more or fewer
//! cramp nights) and each medicine start or stop after which cramp nights clearly changed, below
//! the red flags' box, so a clinician with ten minutes sees them without turning the page. The
//! full wording stays in the later sections.

use super::summary::{AmountLine, Count, FindingKind, FindingLine, MedChangeLine, Summary, day};

/// The heading of the block, shared by both reports.
pub const STANDOUT_HEADING: &str = "What stands out";
/// The one line when the analysis found nothing clear.
pub const NOTHING_STANDS_OUT: &str =
    "Nothing stands out: no red flags, and no factor, amount or medicine change made a clear difference.";
/// The one line when nothing could be tested: "no clear difference" would claim a test was made.
pub const NOTHING_TESTED: &str =
    "Nothing stands out: no red flags, and no factor could be tested on the nights logged.";
/// The same two, when there are red flags.
pub const NOTHING_ELSE_STANDS_OUT: &str =
    "Beyond the red flags above, no factor, amount or medicine change made a clear difference.";
pub const NOTHING_ELSE_TESTED: &str =
    "Beyond the red flags above, nothing: no factor could be tested on the nights logged.";

/// `9 of 20 with it vs 8 of 61 without`.
fn counts(with: Count, without: Count, words: [&str; 2]) -> String {
    format!(
        "{} of {} {} vs {} of {} {}",
        with.cramp_nights, with.nights, words[0], without.cramp_nights, without.nights, words[1]
    )
}

fn finding(f: &FindingLine) -> String {
    let way = if f.kind == FindingKind::Flagged { "more" } else { "fewer" };
    let ratio = match (f.relative_risk, f.interval) {
        (Some(rr), Some((lo, hi))) => format!(" (RR {rr:.1}, 95 % CI {lo:.1}–{hi:.1})"),
        (Some(rr), None) => format!(" (RR {rr:.1})"),
        _ => String::new(),
    };
    format!(
        "{}: {way} cramp nights, {}{ratio}.",
        f.factor,
        counts(f.with_factor, f.without_factor, ["with it", "without"])
    )
}

/// An amount with a clear trend: which way, per what step, and the ratio per step.
fn amount(a: &AmountLine) -> String {
    use crate::analysis::findings::sig2;
    let way = if a.ratio < 1.0 { "fewer" } else { "more" };
    format!(
        "{}: {way} cramp nights with {} (RR {}, 95 % CI {}–{}).",
        a.label,
        a.per,
        sig2(a.ratio),
        sig2(a.interval.0),
        sig2(a.interval.1)
    )
}

/// A start or stop whose interval leaves no room for "no change"; `None` otherwise.
fn medicine_change(m: &MedChangeLine) -> Option<String> {
    let (ratio, (lo, hi)) = (m.ratio?, m.interval?);
    let way = if lo > 1.0 {
        "more"
    } else if hi < 1.0 {
        "fewer"
    } else {
        return None;
    };
    Some(format!(
        "{} {} {}: {way} cramp nights, {} (ratio {ratio:.2}, 95 % CI {lo:.2}–{hi:.2}).",
        m.medicine,
        if m.started { "started" } else { "stopped" },
        day(m.date),
        counts(m.after, m.before, ["after", "before"])
    ))
}

impl Summary {
    /// The lines of the block: factors (more cramps, then fewer), then medicine changes; when
    /// there are none, one line saying so. Red flags are not repeated: each has its own line in
    /// the box at the top of page 1, and this block says "beyond the red flags above" instead.
    /// Empty when no analysis was run: the reports say so instead.
    #[must_use]
    pub fn standouts(&self) -> Vec<String> {
        if !self.clinical.analysed {
            return Vec::new();
        }
        let mut lines: Vec<String> = self.notable_findings().into_iter().map(finding).collect();
        lines.extend(self.clinical.amounts.iter().map(amount));
        lines.extend(self.clinical.medication_changes.iter().filter_map(medicine_change));
        if lines.is_empty() {
            let tested = !self.clinical.findings.is_empty() || !self.clinical.medication_changes.is_empty();
            let line = match (self.clinical.red_flags.is_empty(), tested) {
                (true, true) => NOTHING_STANDS_OUT,
                (true, false) => NOTHING_TESTED,
                (false, true) => NOTHING_ELSE_STANDS_OUT,
                (false, false) => NOTHING_ELSE_TESTED,
            };
            lines.push(line.to_owned());
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(ratio: f64, lo: f64, hi: f64) -> MedChangeLine {
        MedChangeLine {
            medicine: "Drugex".to_owned(),
            started: true,
            date: "2026-10-29".parse().unwrap(),
            before: Count { cramp_nights: 5, nights: 30 },
            after: Count { cramp_nights: 24, nights: 30 },
            ratio: Some(ratio),
            interval: Some((lo, hi)),
        }
    }

    #[test]
    fn only_clear_medicine_changes_stand_out_worded_by_direction() {
        assert_eq!(
            medicine_change(&change(4.8, 2.1, 11.0)).unwrap(),
            "Drugex started 29 Oct 2026: more cramp nights, 24 of 30 after vs 5 of 30 before (ratio 4.80, \
             95 % CI 2.10–11.00)."
        );
        assert!(
            medicine_change(&change(0.3, 0.1, 0.8)).unwrap().contains(": fewer cramp nights, 24 of 30 after")
        );
        assert_eq!(medicine_change(&change(1.2, 0.5, 2.7)), None);
    }

    #[test]
    fn findings_read_as_one_line_with_their_counts() {
        let f = FindingLine {
            kind: FindingKind::Protective,
            status: "fewer cramps".to_owned(),
            factor: "Stretching before bed".to_owned(),
            with_factor: Count { cramp_nights: 3, nights: 40 },
            without_factor: Count { cramp_nights: 12, nights: 41 },
            relative_risk: Some(0.256),
            interval: Some((0.08, 0.84)),
            explanation: String::new(),
            adjusted: None,
            goes_with: None,
        };
        assert_eq!(
            finding(&f),
            "Stretching before bed: fewer cramp nights, 3 of 40 with it vs 12 of 41 without (RR 0.3, 95 % CI \
             0.1–0.8)."
        );
    }
}
