//! Recurring factors: what keeps turning up on the recent cramp nights, reported beside the
//! statistics as "recurring, not yet confirmed" because a fortnight proves nothing on its own.
//! A factor the full analysis has already decided on (associated with more or fewer cramps) is
//! left out: its finding says more than a fortnight can, and repeating it as "not yet confirmed"
//! would contradict it.

use super::factors::{Day, Thresholds, exposed};
use super::findings::{FactorResult, Status};
use super::{catalogue, wording};
use crate::model::{Factor, Units};

/// How many of the latest logged nights are looked at.
pub const WINDOW: usize = 14;
/// Fewest cramp nights in the window before anything is called recurring.
pub const MIN_CRAMP_NIGHTS: u32 = 3;

/// A factor present on most recent cramp nights and less often on the cramp-free ones.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recurring {
    pub id: Factor,
    pub lag: u8,
    pub cause: &'static str,
    /// Cramp nights among the last 14 logged, and how many of them had the factor.
    pub cramp_nights: u32,
    pub present_on_cramp_nights: u32,
    /// Cramp-free nights among the last 14 logged, and how many of them had the factor.
    pub cramp_free_nights: u32,
    pub present_on_cramp_free_nights: u32,
    pub explanation: String,
    pub advice: String,
}

/// Said with every recurring factor, so the list never seems to have forgotten stretching.
pub const REMEDIES_LEFT_OUT: &str =
    "Stretching is left out of this list: it is meant for every night, cramp or not.";

/// The recurring factors among `candidates` over the last [`WINDOW`] nights of `days[range]`,
/// except those `decided` already flags or finds protective at the same lag. Remedies are left
/// out: they are hoped for on every night, cramp or not.
#[must_use]
pub fn recurring(
    candidates: &[Factor],
    days: &[Day<'_>],
    range: std::ops::Range<usize>,
    t: &Thresholds,
    units: Units,
    conditions: &std::collections::BTreeSet<crate::model::Condition>,
    decided: &[FactorResult],
) -> Vec<Recurring> {
    let is_decided = |f: &Factor, lag: u8| {
        decided
            .iter()
            .any(|d| &d.id == f && d.lag == lag && matches!(d.status, Status::Flagged | Status::Protective))
    };
    let window = range.end.saturating_sub(WINDOW).max(range.start)..range.end;
    let cramp_nights = window.clone().filter(|&i| days[i].cramp).count() as u32;
    let free_nights = window.len() as u32 - cramp_nights;
    if cramp_nights < MIN_CRAMP_NIGHTS {
        return Vec::new();
    }
    let mut out = Vec::new();
    for factor in candidates.iter().filter(|f| !f.is_remedy()) {
        for &lag in factor.lags().iter().filter(|&&lag| !is_decided(factor, lag)) {
            let (mut on_cramp, mut on_free) = (0u32, 0u32);
            for i in window.clone() {
                if exposed(factor, lag, days, i, t) == Some(true) {
                    if days[i].cramp {
                        on_cramp += 1;
                    } else {
                        on_free += 1;
                    }
                }
            }
            // At least two thirds of cramp nights, and a larger share than of cramp-free ones
            // (compared by cross-multiplying, to stay in whole numbers).
            let most = 3 * on_cramp >= 2 * cramp_nights;
            let more =
                u64::from(on_cramp) * u64::from(free_nights) > u64::from(on_free) * u64::from(cramp_nights);
            if most && more {
                let group = wording::exposed_nights(factor, lag, t, units);
                out.push(Recurring {
                    id: factor.clone(),
                    lag,
                    cause: catalogue::cause(factor).name,
                    cramp_nights,
                    present_on_cramp_nights: on_cramp,
                    cramp_free_nights: free_nights,
                    present_on_cramp_free_nights: on_free,
                    explanation: format!(
                        "In your last {} logged nights, {on_cramp} of the {cramp_nights} cramp nights were \
                         {group}, against {on_free} of the {free_nights} cramp-free nights. Recurring, \
                         not yet confirmed: a fortnight is too short to tell a pattern from chance. \
                         {REMEDIES_LEFT_OUT}",
                        window.len()
                    ),
                    advice: catalogue::advice(factor, conditions),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    use crate::model::{Night, Posture, Postures};

    fn nights(pattern: &[(bool, bool)]) -> Vec<Night> {
        let first: chrono::NaiveDate = "2026-01-01".parse().unwrap();
        pattern
            .iter()
            .enumerate()
            .map(|(i, &(toes, cramp))| {
                let mut n = Night::empty(first + chrono::Days::new(i as u64));
                n.postures =
                    Postures::new([if toes { Posture::ToesPointed } else { Posture::Neutral }]).unwrap();
                if cramp {
                    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T23:00:00+00:00").unwrap();
                    n.episodes.push(crate::model::Episode::starting(start));
                }
                n
            })
            .collect()
    }

    fn run(pattern: &[(bool, bool)]) -> Vec<Recurring> {
        run_decided(pattern, &[])
    }

    fn run_decided(pattern: &[(bool, bool)], decided: &[FactorResult]) -> Vec<Recurring> {
        let ns = nights(pattern);
        let refs: Vec<&Night> = ns.iter().collect();
        let days = super::super::factors::days(&refs, &[]);
        let t = Thresholds::default();
        recurring(&[Factor::ToesPointed], &days, 0..days.len(), &t, Units::Metric, &BTreeSet::new(), decided)
    }

    #[test]
    fn two_thirds_of_recent_cramp_nights_and_more_than_the_others() {
        // Old nights fall outside the window and do not count.
        let mut p = vec![(false, true); 10];
        p.extend([(true, true), (true, true), (false, true), (false, false), (true, false)]);
        p.extend([(false, false); 9]);
        let r = run(&p);
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].cramp_nights, r[0].present_on_cramp_nights), (3, 2));
        assert_eq!((r[0].cramp_free_nights, r[0].present_on_cramp_free_nights), (11, 1));
        assert!(r[0].explanation.contains("Recurring, not yet confirmed"));
    }

    #[test]
    fn too_few_cramp_nights_or_just_as_common_otherwise() {
        assert!(run(&[(true, true), (true, true), (false, false)]).is_empty());
        assert!(run(&[(true, true), (true, true), (true, true), (true, false)]).is_empty());
    }

    #[test]
    fn a_factor_already_decided_is_not_recurring_again() {
        let p = [(true, true), (true, true), (true, true), (false, false)];
        let r = run(&p);
        assert_eq!(r.len(), 1);
        assert!(r[0].explanation.ends_with(REMEDIES_LEFT_OUT), "{}", r[0].explanation);
        let table = crate::analysis::stats::Table { a: 3, n1: 3, c: 0, n0: 1 };
        let p_fisher = table.fisher_p();
        let decision = crate::analysis::findings::Decision {
            p_fisher,
            p: p_fisher,
            method: crate::analysis::streaks::Method::Bartlett,
        };
        let tables = vec![(Factor::ToesPointed, 0, table, Some(decision))];
        let th = Thresholds::default();
        let setting = crate::analysis::findings::Setting {
            thresholds: &th,
            units: Units::Metric,
            conditions: &BTreeSet::new(),
        };
        let (mut decided, _) = crate::analysis::findings::findings(tables, &setting);
        for status in [Status::NoAssociation, Status::InsufficientData] {
            decided[0].status = status;
            assert_eq!(run_decided(&p, &decided).len(), 1, "{status:?}");
        }
        for status in [Status::Flagged, Status::Protective] {
            decided[0].status = status;
            assert!(run_decided(&p, &decided).is_empty(), "{status:?}");
        }
    }
}
