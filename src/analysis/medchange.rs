//! Medicine changes: for each daily medicine started or stopped in the range, the cramp-night
//! rate in the 4 weeks before against the 4 weeks after. Reported apart from the tested factors,
//! with a caution that fits the direction of the change, because cramps wax and wane by
//! themselves. The red flag for cramps after a new medicine counts the same nights ([`sides`]).

use std::ops::Range;

use chrono::{Days, NaiveDate};

use super::factors::{Day, index_from};
use super::stats::Table;
use super::wording::{self, Direction};
use crate::model::{MedClass, MedName, Medication, Schedule};

/// Days compared on each side of a change: the 4 weeks a doctor would ask about.
pub const WINDOW_DAYS: u64 = 28;
/// Fewest logged nights needed on each side.
pub const MIN_SIDE: u32 = 14;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Started,
    Stopped,
}

/// One start or stop of a daily medicine.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MedicationChange {
    pub medicine: MedName,
    pub class: MedClass,
    pub change: Change,
    /// For a start, the first day taken; for a stop, the last day taken.
    pub date: NaiveDate,
    pub nights_before: u32,
    pub cramp_nights_before: u32,
    pub nights_after: u32,
    pub cramp_nights_after: u32,
    /// After against before; `null` with fewer than 14 logged nights on a side.
    pub risk_ratio: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Fisher's test, not adjusted: these changes are outside the family of tested factors.
    pub p_value: Option<f64>,
    pub nights_needed: Option<u32>,
    pub explanation: String,
    pub caution: String,
}

/// Every start and stop of a daily medicine dated inside the nights `days[range]`.
#[must_use]
pub fn changes(
    meds: &[Medication],
    days: &[Day<'_>],
    range: std::ops::Range<usize>,
) -> Vec<MedicationChange> {
    let (Some(first), Some(last)) =
        (range.clone().next().map(|i| days[i].night.date), range.clone().last().map(|i| days[i].night.date))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for med in meds {
        let Schedule::Daily(periods) = &med.schedule else { continue };
        for p in periods {
            // The first night of the new state: the start day, or the day after the last dose.
            let mut events = vec![(Change::Started, p.since, p.since)];
            if let Some(until) = p.until {
                events.push((Change::Stopped, until, until.succ_opt().unwrap_or(until)));
            }
            for (change, date, pivot) in events {
                if pivot <= first || pivot > last {
                    continue;
                }
                let (before, after) = sides(days, range.clone(), pivot);
                let count = |r: Range<usize>| (r.len() as u32, r.filter(|&i| days[i].cramp).count() as u32);
                let (n0, c) = count(before);
                let (n1, a) = count(after);
                out.push(describe(med, change, date, Table { a, n1, c, n0 }));
            }
        }
    }
    out.sort_by_key(|c| c.date);
    out
}

/// The logged nights of `days[range]` in the [`WINDOW_DAYS`] before `pivot` and in the
/// [`WINDOW_DAYS`] from it, as index ranges. `pivot` is the first night of the new state.
#[must_use]
pub fn sides(days: &[Day<'_>], range: Range<usize>, pivot: NaiveDate) -> (Range<usize>, Range<usize>) {
    let at = |date: Option<NaiveDate>, fallback: usize| {
        date.map_or(fallback, |d| index_from(days, d)).clamp(range.start, range.end)
    };
    let split = at(Some(pivot), range.start);
    let lo = at(pivot.checked_sub_days(Days::new(WINDOW_DAYS)), range.start);
    let hi = at(pivot.checked_add_days(Days::new(WINDOW_DAYS)), range.end);
    (lo..split, split..hi)
}

fn describe(med: &Medication, change: Change, date: NaiveDate, t: Table) -> MedicationChange {
    let enough = t.n0 >= MIN_SIDE && t.n1 >= MIN_SIDE;
    let rr = if enough { t.risk_ratio() } else { None };
    let verb = match change {
        Change::Started => "starting",
        Change::Stopped => "stopping",
    };
    let counts = format!(
        "Cramps came on {} of {} logged nights in the 4 weeks after {verb} {} and on {} of {} in the 4 \
         weeks before",
        t.a, t.n1, med.name, t.c, t.n0
    );
    let explanation = match rr {
        Some(r) => format!(
            "{counts} ({} after; the range consistent with your data is {}).",
            wording::how_often(r.rr),
            wording::range(r)
        ),
        None => {
            format!("{counts}. At least {MIN_SIDE} logged nights are needed on each side to compare them.")
        }
    };
    let caution = caution(change, rr.map(|r| Direction::of(r.rr)));
    MedicationChange {
        medicine: med.name.clone(),
        class: med.class,
        change,
        date,
        nights_before: t.n0,
        cramp_nights_before: t.c,
        nights_after: t.n1,
        cramp_nights_after: t.a,
        risk_ratio: rr.map(|r| r.rr),
        ci_low: rr.map(|r| r.low),
        ci_high: rr.map(|r| r.high),
        p_value: enough.then(|| t.fisher_p()),
        nights_needed: (!enough).then(|| MIN_SIDE.saturating_sub(t.n0) + MIN_SIDE.saturating_sub(t.n1)),
        explanation,
        caution: caution.to_owned(),
    }
}

/// The caution for a change, by which way cramps went: "fewer cramps after starting something is
/// weak evidence that it helped" is true only of fewer cramps. `None` when too few nights to say.
fn caution(change: Change, direction: Option<Direction>) -> &'static str {
    match (change, direction) {
        (Change::Started, Some(Direction::Fewer)) => {
            "Night cramps often ease by themselves over time, so fewer cramps after starting \
             something is weak evidence that it helped. Never change a prescribed medicine without \
             your doctor."
        }
        (Change::Started, Some(Direction::More)) => {
            "Cramps come and go by themselves, so more cramps after starting something may be \
             chance, or it may be the medicine: show this to the doctor who prescribed it, and do \
             not stop or change it on your own."
        }
        (Change::Stopped, Some(Direction::Fewer)) => {
            "Night cramps often ease by themselves over time, so fewer cramps after stopping a \
             medicine is weak evidence that it was to blame."
        }
        (Change::Stopped, Some(Direction::More)) => {
            "Cramps come and go by themselves, so more cramps after stopping a medicine may be \
             chance, or it may have been helping: talk to the doctor who prescribed it."
        }
        (Change::Started, _) => {
            "Night cramps come and go by themselves, so a comparison of before and after is a hint, \
             not proof. Never change a prescribed medicine without your doctor."
        }
        (Change::Stopped, _) => {
            "Night cramps come and go and often ease by themselves over time, so a change after \
             stopping a medicine is a hint, not proof."
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Night, Period};

    #[test]
    fn before_and_after_a_start_and_a_stop() {
        let first: NaiveDate = "2026-01-01".parse().unwrap();
        let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T23:00:00+00:00").unwrap();
        let nights: Vec<Night> = (0..100u64)
            .map(|i| {
                let mut n = Night::empty(first + chrono::Days::new(i));
                // Cramps every other night before day 40, every fourth night after.
                if (i < 40 && i % 2 == 0) || (i >= 40 && i % 4 == 0) {
                    n.episodes.push(crate::model::Episode::starting(start));
                }
                n
            })
            .collect();
        let refs: Vec<&Night> = nights.iter().collect();
        let days = super::super::factors::days(&refs, &[]);
        let med = Medication {
            name: MedName::new("Magnesium").unwrap(),
            class: MedClass::Other,
            schedule: Schedule::Daily(vec![
                Period::new(first + chrono::Days::new(40), Some(first + chrono::Days::new(89))).unwrap(),
            ]),
            dose: None,
        };
        let c = changes(&[med], &days, 0..days.len());
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].change, c[0].nights_before, c[0].cramp_nights_before), (Change::Started, 28, 14));
        assert_eq!((c[0].nights_after, c[0].cramp_nights_after), (28, 7));
        assert!((c[0].risk_ratio.unwrap() - (7.0 / 28.0) / (14.0 / 28.0)).abs() < 1e-12);
        assert!(c[0].caution.contains("ease by themselves"));
        // Stopped after day 89: only 10 nights after, too few to compare.
        assert_eq!((c[1].change, c[1].nights_after, c[1].risk_ratio), (Change::Stopped, 10, None));
        assert_eq!(c[1].nights_needed, Some(4));
    }
}
