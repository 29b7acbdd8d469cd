//! One finding per factor and lag: its table, the statistics, the status that the method's rules
//! give it, and the sentences that explain it.

use std::collections::BTreeSet;

use super::factors::Thresholds;
use super::poisson::{Adjusted, CoFactor};
use super::stats::{RiskRatio, Table, benjamini_hochberg};
use super::streaks::Method;
use super::{catalogue, wording};
use crate::model::{Condition, Factor, Units};

/// Fewest nights in a table before a factor is tested.
pub const MIN_NIGHTS: u32 = 28;
/// Fewest nights with, and without, a factor before it is tested.
pub const MIN_EACH_SIDE: u32 = 7;
/// Largest q-value that still counts as a finding. In a journal where nothing matters,
/// Benjamini–Hochberg at level q gives some false finding with chance q, so this is also the
/// share of such journals that show one: 0.05 keeps that within the 10 % with room for
/// chance (measured in tests/simulate.rs).
pub const MAX_Q: f64 = 0.05;
/// Smallest risk ratio flagged, and largest counted as protective.
pub const FLAG_RR: f64 = 1.5;
pub const PROTECT_RR: f64 = 0.67;
/// Fewest cramp nights in the group that carries a finding.
pub const MIN_CRAMP_NIGHTS: u32 = 3;

/// What the data says about a factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Associated with more cramps, beyond what chance easily explains.
    Flagged,
    /// Associated with fewer cramps, beyond what chance easily explains.
    Protective,
    /// Tested, with no clear difference.
    NoAssociation,
    /// Not tested: too few nights with or without it.
    InsufficientData,
}

/// One factor at one lag. Serializes to the `factors` objects of `cramp analyze --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FactorResult {
    pub id: Factor,
    /// 0: the same day; 1: the day before.
    pub lag: u8,
    /// The documented cause it stands for.
    pub cause: &'static str,
    pub exposed_nights: u32,
    pub exposed_cramp_nights: u32,
    pub unexposed_nights: u32,
    pub unexposed_cramp_nights: u32,
    pub risk_ratio: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Fisher's exact p, which assumes independent nights: shown, not used to decide. Only for
    /// tested (eligible) factors, as are the next two.
    pub p_fisher: Option<f64>,
    /// The p-value the decision uses, valid when nights come in streaks (see [`Method`]).
    pub p_value: Option<f64>,
    /// Benjamini–Hochberg over the tested factors' `p_value`s.
    pub q_value: Option<f64>,
    pub status: Status,
    /// For factors that passed the screen: the ratio once the factors that come with it and
    /// the time trend are held fixed.
    pub adjusted: Option<Adjusted>,
    /// The factors it comes with, when holding them fixed left no clear difference of its own:
    /// then it is not flagged (status `no_association`). Empty otherwise, and when the time
    /// trend alone took the difference away.
    pub explained_by: Vec<CoFactor>,
    /// For `insufficient_data`: the fewest further nights that could make it testable.
    pub nights_needed: Option<u32>,
    pub explanation: String,
    pub advice: String,
    /// The first sentence of the explanation alone, with the counts: for short displays.
    #[serde(skip)]
    pub finding: String,
}

impl FactorResult {
    #[must_use]
    pub fn table(&self) -> Table {
        Table {
            a: self.exposed_cramp_nights,
            n1: self.exposed_nights,
            c: self.unexposed_cramp_nights,
            n0: self.unexposed_nights,
        }
    }

    /// "Low fluid (same day)".
    #[must_use]
    pub fn label(&self) -> String {
        catalogue::label(&self.id, self.lag)
    }
}

/// How many more nights a table needs before it can be tested; 0 when it can be. Each new night
/// falls on one side only, so the two sides' shortfalls add up.
#[must_use]
pub fn nights_needed(t: Table) -> u32 {
    let side = MIN_EACH_SIDE.saturating_sub(t.n1) + MIN_EACH_SIDE.saturating_sub(t.n0);
    side.max(MIN_NIGHTS.saturating_sub(t.n1 + t.n0))
}

/// What a table still lacks, in words: "7 more nights with it", "3 more without it", or "28
/// more nights". More nights of the kind already plentiful would not help, so when one side
/// alone falls short the words say which.
#[must_use]
pub fn more_nights(t: Table) -> String {
    let with = MIN_EACH_SIDE.saturating_sub(t.n1);
    let without = MIN_EACH_SIDE.saturating_sub(t.n0);
    let all = nights_needed(t);
    let plural = |n: u32| if n == 1 { "night" } else { "nights" };
    let side = match (with, without) {
        (0, 0) => return format!("{all} more {}", plural(all)),
        (w, 0) if w == all => return format!("{w} more {} with it", plural(w)),
        (0, w) if w == all => return format!("{w} more {} without it", plural(w)),
        (w, 0) => format!("{w} with it"),
        (0, w) => format!("{w} without it"),
        (w, wo) => format!("{w} with it and {wo} without"),
    };
    format!("{all} more {}, at least {side}", plural(all))
}

/// The status the rules give a table, given its q-value (for tested ones).
#[must_use]
pub fn status(t: Table, rr: Option<RiskRatio>, q: Option<f64>) -> Status {
    let (Some(r), Some(q)) = (rr, q) else { return Status::InsufficientData };
    if q <= MAX_Q && r.rr >= FLAG_RR && t.a >= MIN_CRAMP_NIGHTS {
        Status::Flagged
    } else if q <= MAX_Q && r.rr <= PROTECT_RR && t.c >= MIN_CRAMP_NIGHTS {
        Status::Protective
    } else {
        Status::NoAssociation
    }
}

/// What the wording needs besides the table.
#[derive(Debug, Clone, Copy)]
pub struct Setting<'a> {
    pub thresholds: &'a Thresholds,
    pub units: Units,
    pub conditions: &'a BTreeSet<Condition>,
}

/// The p-values of one tested comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub p_fisher: f64,
    /// The streak-valid p-value the decision uses.
    pub p: f64,
    pub method: Method,
}

/// One factor at one lag, ready to be judged: its table and, when it is eligible for testing,
/// its p-values.
pub type Comparison = (Factor, u8, Table, Option<Decision>);

/// Turns the comparisons into findings: adjusts the tested ones' p-values together as one
/// family, and words each. Returns the findings and how many were tested.
#[must_use]
pub fn findings(tables: Vec<Comparison>, setting: &Setting<'_>) -> (Vec<FactorResult>, u32) {
    let eligible: Vec<usize> = (0..tables.len()).filter(|&i| tables[i].3.is_some()).collect();
    let p: Vec<f64> = eligible.iter().filter_map(|&i| tables[i].3.map(|d| d.p)).collect();
    let q = benjamini_hochberg(&p);
    let mut pq = vec![None; tables.len()];
    for (k, &i) in eligible.iter().enumerate() {
        pq[i] = Some(q[k]);
    }
    let results = tables
        .into_iter()
        .zip(pq)
        .map(|((id, lag, t, decision), q)| {
            let rr = t.risk_ratio();
            let status = status(t, rr, q);
            let p = decision.map(|d| (d.p_fisher, d.p));
            let (explanation, advice) = words(&id, lag, t, rr, status, (q, p), setting);
            let finding = match status {
                Status::InsufficientData => explanation.clone(),
                _ => wording::finding(
                    t,
                    &wording::exposed_nights(&id, lag, setting.thresholds, setting.units),
                    rr,
                ),
            };
            FactorResult {
                cause: catalogue::cause(&id).name,
                id,
                lag,
                exposed_nights: t.n1,
                exposed_cramp_nights: t.a,
                unexposed_nights: t.n0,
                unexposed_cramp_nights: t.c,
                risk_ratio: rr.map(|r| r.rr),
                ci_low: rr.map(|r| r.low),
                ci_high: rr.map(|r| r.high),
                p_fisher: decision.map(|d| d.p_fisher),
                p_value: decision.map(|d| d.p),
                q_value: q,
                status,
                adjusted: None,
                explained_by: Vec::new(),
                nights_needed: (status == Status::InsufficientData).then(|| nights_needed(t)),
                explanation,
                advice,
                finding,
            }
        })
        .collect();
    (results, eligible.len() as u32)
}

/// Two significant figures, for the adjusted ratios: "0.77", "1.8", "12".
/// A ratio to two significant figures, as every sentence gives it.
#[must_use]
pub fn sig2(x: f64) -> String {
    if x >= 9.95 {
        format!("{x:.0}")
    } else if x >= 0.995 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// The label with a small first letter, for the middle of a sentence.
#[must_use]
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// "about 1.8× (1.2× to 2.6×)".
fn adjusted_ratio(a: &Adjusted) -> String {
    format!("about {}× ({}× to {}×)", sig2(a.risk_ratio), sig2(a.ci_low), sig2(a.ci_high))
}

/// Records the adjusted view of a screened finding. When it no longer holds on its own, the
/// finding is not flagged: the text says what it comes with and that the records cannot tell
/// which matters.
pub fn adjust(f: &mut FactorResult, a: Adjusted) {
    let more = f.status == Status::Flagged;
    let with: Vec<String> =
        a.adjusted_for.iter().map(|c| lower_first(&catalogue::label(&c.id, c.lag))).collect();
    let held = match with.len() {
        0 => "changes over the months in how often cramps came".to_owned(),
        _ => format!("{} and for changes over the months", with.join(", ")),
    };
    if a.holds(more) {
        let (low, high) = (sig2(a.ci_low), sig2(a.ci_high));
        let rr = sig2(a.risk_ratio);
        let tail = format!("Allowing for {held}, it is still about {rr}× as often ({low}× to {high}×).");
        f.explanation = [f.explanation.as_str(), tail.as_str()].join(" ");
    } else {
        let first = f.finding.clone();
        let text = match a.adjusted_for.first() {
            Some(c) => format!(
                "{first} It goes with {} on {} of the same days ({} of its {} nights), and with \
                 that held fixed the difference of its own is not clear ({}); the records cannot \
                 tell which matters.",
                with[0],
                if 2 * c.together > c.of { "most" } else { "many" },
                c.together,
                c.of,
                adjusted_ratio(&a)
            ),
            None => {
                format!("{first} Allowing for {held}, the difference is not clear ({}).", adjusted_ratio(&a))
            }
        };
        f.explanation = text;
        if !a.adjusted_for.is_empty() {
            "To tell them apart, change one of them at a time for a few weeks and keep logging."
                .clone_into(&mut f.advice);
        }
        f.explained_by.clone_from(&a.adjusted_for);
        f.status = Status::NoAssociation;
    }
    f.adjusted = Some(a);
}

/// The explanation and the advice for one finding.
fn words(
    id: &Factor,
    lag: u8,
    t: Table,
    rr: Option<RiskRatio>,
    status: Status,
    (q, p): (Option<f64>, Option<(f64, f64)>),
    s: &Setting<'_>,
) -> (String, String) {
    let group = wording::exposed_nights(id, lag, s.thresholds, s.units);
    let cause = catalogue::cause(id);
    let advice = wording::advice(id, t, status, s.conditions);
    let mut text = vec![wording::finding(t, &group, rr)];
    let matches = match id {
        Factor::Tag(_) => "This is your own factor rather than a documented cause.".to_owned(),
        _ => format!("It matches a documented cause, {}. {}", cause.name, cause.why),
    };
    match status {
        Status::Flagged => {
            text.push(wording::rates(t));
            text.push(
                "This is associated with more cramps for you, more than chance easily explains.".into(),
            );
            if id.is_remedy() {
                text.push(
                    "People often stretch because a night is already going badly, so this may \
                     show that rather than harm from stretching."
                        .into(),
                );
            } else {
                text.push(matches);
            }
        }
        Status::Protective => {
            text.push(wording::rates(t));
            text.push(
                "This is associated with fewer cramps for you, more than chance easily explains.".into(),
            );
            if id.is_remedy() {
                text.push(format!("That fits what is known: {}", cause.why));
            } else {
                let note = "Something else that goes with it may be what helps.";
                return (text.join(" ") + " " + note, "Nothing to change here.".to_owned());
            }
        }
        Status::NoAssociation => {
            text.extend(wording::no_clear_pattern(t, rr, q, p));
        }
        Status::InsufficientData if t.n1 + t.n0 == 0 => {
            text = vec![format!(
                "Not recorded on any night yet: it can be tested once it is known for {MIN_NIGHTS} \
                 nights, at least {MIN_EACH_SIDE} with it and {MIN_EACH_SIDE} without."
            )];
        }
        Status::InsufficientData => {
            if t.n1 == 0 || t.n0 == 0 {
                text.clear();
            }
            text.push(format!(
                "Not enough nights to judge yet: {} with it and {} without (at least {MIN_EACH_SIDE} \
                 of each and {MIN_NIGHTS} in all are needed), so at least {}.",
                t.n1,
                t.n0,
                more_nights(t)
            ));
        }
    }
    (text.join(" "), advice)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setting() -> (Thresholds, BTreeSet<Condition>) {
        (Thresholds { fluid_ml: Some(1200.0), ..Thresholds::default() }, BTreeSet::new())
    }

    #[test]
    fn eligibility_needs_28_nights_and_7_each_side() {
        assert_eq!(nights_needed(Table { a: 0, n1: 7, c: 0, n0: 21 }), 0);
        assert_eq!(nights_needed(Table { a: 0, n1: 7, c: 0, n0: 20 }), 1);
        assert_eq!(nights_needed(Table { a: 0, n1: 2, c: 0, n0: 40 }), 5);
        assert_eq!(nights_needed(Table::default()), 28);
        // 284,742 nights without the factor and none with it: more of those would not help.
        assert_eq!(more_nights(Table { a: 0, n1: 0, c: 9, n0: 284_742 }), "7 more nights with it");
        assert_eq!(more_nights(Table { a: 0, n1: 30, c: 0, n0: 6 }), "1 more night without it");
        assert_eq!(more_nights(Table { a: 0, n1: 7, c: 0, n0: 20 }), "1 more night");
        assert_eq!(
            more_nights(Table { a: 0, n1: 2, c: 0, n0: 3 }),
            "23 more nights, at least 5 with it and 4 without"
        );
        assert_eq!(more_nights(Table { a: 0, n1: 0, c: 0, n0: 10 }), "18 more nights, at least 7 with it");
    }

    #[test]
    fn statuses_follow_the_rules() {
        let (th, cond) = setting();
        let s = Setting { thresholds: &th, units: Units::Metric, conditions: &cond };
        // Tested ones get Fisher's p as their decision p, as with independent nights.
        let tables = [
            (Factor::LowFluid, 0, Table { a: 8, n1: 20, c: 3, n0: 40 }),
            (Factor::Stretched, 0, Table { a: 3, n1: 30, c: 14, n0: 30 }),
            (Factor::ToesPointed, 0, Table { a: 2, n1: 5, c: 9, n0: 55 }),
            (Factor::HardActivity, 0, Table { a: 5, n1: 30, c: 6, n0: 30 }),
        ]
        .map(|(id, lag, t)| {
            let p = t.fisher_p();
            let d = Decision { p_fisher: p, p, method: Method::Bartlett };
            (id, lag, t, (nights_needed(t) == 0).then_some(d))
        })
        .to_vec();
        let (r, tests) = findings(tables, &s);
        assert_eq!(tests, 3);
        let st: Vec<Status> = r.iter().map(|f| f.status).collect();
        assert_eq!(
            st,
            [Status::Flagged, Status::Protective, Status::InsufficientData, Status::NoAssociation]
        );
        assert!(r[0].q_value.unwrap() >= r[0].p_value.unwrap());
        assert_eq!((r[2].p_value, r[2].nights_needed), (None, Some(2)));
        assert!(r[2].risk_ratio.is_some(), "the ratio is shown even when not tested");
        assert!(r[0].explanation.starts_with("Cramps came on 8 of 20 nights after days under 1.2 L"));
        assert!(r[0].explanation.contains("associated with more cramps"));
        assert!(!r.iter().any(|f| f.explanation.contains("causes")));
    }
}
