//! Which nights were exposed to which factor, same day (lag 0) or the day before (lag 1), and
//! the 2×2 tables built from that. Unknown values leave a night out of a table rather than
//! counting it as unexposed.

use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::stats::{Table, median};
use crate::model::{Activity, Factor, Footwear, MedClass, Medication, Night, Posture, medications_on};

/// One night as the analysis sees it: the night, whether it had cramps, the classes of medicine
/// taken, and the night before it when that was logged.
#[derive(Debug, Clone, Copy)]
pub struct Day<'a> {
    pub night: &'a Night,
    pub cramp: bool,
    /// Bit `i` set when a medicine of class `MedClass::ALL[i]` was taken.
    pub classes: u32,
    /// Index of the previous calendar day's night in the same slice, if logged.
    pub previous: Option<usize>,
}

fn class_bit(class: MedClass) -> u32 {
    let i = MedClass::ALL.iter().position(|c| *c == class).unwrap_or(0);
    1 << i
}

/// Prepares the nights (oldest first, one per date) for the exposure tests.
#[must_use]
pub fn days<'a>(nights: &[&'a Night], meds: &[Medication]) -> Vec<Day<'a>> {
    let mut out: Vec<Day<'a>> = Vec::with_capacity(nights.len());
    for (i, night) in nights.iter().enumerate() {
        let classes = medications_on(night, meds).iter().fold(0, |bits, m| bits | class_bit(m.class));
        let previous = i.checked_sub(1).filter(|&p| nights[p].date.succ_opt() == Some(night.date));
        out.push(Day { night, cramp: night.had_cramps(), classes, previous });
    }
    out
}

/// The person's own medians, which set what counts as "low" fluid or "long" hours.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Thresholds {
    pub fluid_ml: Option<f64>,
    pub standing_h: Option<f64>,
    pub sitting_h: Option<f64>,
}

impl Thresholds {
    /// Medians over the given nights (the range), each over the nights that have the value.
    #[must_use]
    pub fn of(days: &[Day<'_>]) -> Self {
        let collect = |f: fn(&Night) -> Option<f64>| median(days.iter().filter_map(|d| f(d.night)).collect());
        Self {
            fluid_ml: collect(|n| n.fluid.map(|f| f64::from(f.get()))),
            standing_h: collect(|n| n.standing.map(crate::model::Quarters::hours)),
            sitting_h: collect(|n| n.sitting.map(crate::model::Quarters::hours)),
        }
    }
}

/// Whether a night's own day had the factor; `None` when that is unknown.
fn exposed_on(factor: &Factor, day: &Day<'_>, t: &Thresholds) -> Option<bool> {
    let n = day.night;
    let posture = |p: Posture| (!n.postures.is_empty()).then(|| n.postures.contains(p));
    match factor {
        Factor::LowFluid => Some(f64::from(n.fluid?.get()) < t.fluid_ml?),
        Factor::FewMgKFoods => Some(n.mg_k_servings?.get() == 0),
        Factor::HardActivity => Some(n.activity? == Activity::Hard),
        Factor::LongStanding => Some(n.standing?.hours() > t.standing_h?),
        Factor::LongSitting => Some(n.sitting?.hours() > t.sitting_h?),
        Factor::UnsupportiveFootwear => {
            Some(matches!(n.footwear?, Footwear::Unsupportive | Footwear::Barefoot))
        }
        Factor::ToesPointed => posture(Posture::ToesPointed),
        Factor::FeetHanging => posture(Posture::FeetHanging),
        Factor::TuckedCovers => posture(Posture::TuckedCovers),
        Factor::Stretched => n.stretched,
        Factor::Med(class) => Some(day.classes & class_bit(*class) != 0),
        Factor::Tag(tag) => Some(n.tags.contains(tag)),
    }
}

/// Whether the night at `i` was exposed at `lag`: its own day, or the previous calendar day's
/// night when that was logged (otherwise unknown).
#[must_use]
pub fn exposed(factor: &Factor, lag: u8, days: &[Day<'_>], i: usize, t: &Thresholds) -> Option<bool> {
    match lag {
        0 => exposed_on(factor, &days[i], t),
        _ => exposed_on(factor, &days[days[i].previous?], t),
    }
}

/// The 2×2 table of a factor at a lag over the nights `range` (indices into `days`).
#[must_use]
pub fn table(
    factor: &Factor,
    lag: u8,
    days: &[Day<'_>],
    range: std::ops::Range<usize>,
    t: &Thresholds,
) -> Table {
    let mut table = Table::default();
    for i in range {
        match exposed(factor, lag, days, i, t) {
            Some(true) => {
                table.n1 += 1;
                table.a += u32::from(days[i].cramp);
            }
            Some(false) => {
                table.n0 += 1;
                table.c += u32::from(days[i].cramp);
            }
            None => {}
        }
    }
    table
}

/// Every factor to test over these nights: the fixed catalogue, then one per medicine class and
/// one per tag seen in them.
#[must_use]
pub fn candidates(days: &[Day<'_>]) -> Vec<Factor> {
    let mut factors = Factor::FIXED.to_vec();
    let classes = days.iter().fold(0u32, |bits, d| bits | d.classes);
    factors.extend(MedClass::ALL.iter().filter(|c| classes & class_bit(**c) != 0).map(|c| Factor::Med(*c)));
    let tags: BTreeSet<_> = days.iter().flat_map(|d| d.night.tags.iter()).collect();
    factors.extend(tags.into_iter().map(|t| Factor::Tag(t.clone())));
    factors
}

/// The first index whose night is on or after `date`.
#[must_use]
pub fn index_from(days: &[Day<'_>], date: NaiveDate) -> usize {
    days.partition_point(|d| d.night.date < date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FluidMl, Tag};

    fn night(date: &str, fluid: Option<i64>, cramp: bool) -> Night {
        let mut n = Night::empty(date.parse().unwrap());
        n.fluid = fluid.map(|f| FluidMl::new(f).unwrap());
        if cramp {
            let start = chrono::DateTime::parse_from_rfc3339(&format!("{date}T23:00:00+00:00")).unwrap();
            n.episodes.push(crate::model::Episode::starting(start));
        }
        n
    }

    #[test]
    fn medians_and_strictly_below() {
        let nights = [
            night("2026-01-01", Some(1000), true),
            night("2026-01-02", Some(2000), false),
            night("2026-01-03", None, true),
            night("2026-01-04", Some(1500), false),
            night("2026-01-05", Some(1500), true),
        ];
        let refs: Vec<&Night> = nights.iter().collect();
        let days = days(&refs, &[]);
        let t = Thresholds::of(&days);
        assert_eq!(t.fluid_ml, Some(1500.0));
        // 1000 is below; the two 1500s are not; the unknown night is left out.
        let tab = table(&Factor::LowFluid, 0, &days, 0..days.len(), &t);
        assert_eq!(tab, Table { a: 1, n1: 1, c: 1, n0: 3 });
    }

    #[test]
    fn the_day_before_counts_only_when_logged() {
        let nights = [
            night("2026-01-01", Some(1000), false),
            night("2026-01-02", Some(2000), true),
            // 01-03 not logged: the night of 01-04 has no day before and is left out.
            night("2026-01-04", Some(1000), true),
            night("2026-01-05", Some(3000), true),
        ];
        let refs: Vec<&Night> = nights.iter().collect();
        let days = days(&refs, &[]);
        let t = Thresholds::of(&days);
        let tab = table(&Factor::LowFluid, 1, &days, 0..days.len(), &t);
        // 01-02 (after 1000: exposed, cramp) and 01-05 (after 1000: exposed, cramp).
        assert_eq!(tab, Table { a: 2, n1: 2, c: 0, n0: 0 });
    }

    #[test]
    fn candidates_include_tags_seen() {
        let mut n = night("2026-01-01", None, false);
        n.tags.insert(Tag::new("coffee").unwrap());
        let refs = [&n];
        let days = days(&refs, &[]);
        let c = candidates(&days);
        assert_eq!(c.len(), Factor::FIXED.len() + 1);
        assert_eq!(c.last().unwrap().to_string(), "tag:coffee");
        assert_eq!(exposed(&Factor::ToesPointed, 0, &days, 0, &Thresholds::default()), None);
    }
}
