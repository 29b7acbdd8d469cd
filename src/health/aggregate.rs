//! From single samples to one figure per night and kind. Daily totals (steps, standing, water)
//! go with the night of the calendar day they were counted on, since the day comes before its
//! night; sleep goes with the night its start belongs to by the day boundary, as a cramp at 03:10
//! does. Where several sources measured the same thing (phone and watch both count steps), the
//! one with the largest figure that night is taken, never the sum: each device misses the time it
//! was not carried or worn, so the larger is the fuller count, and adding them counts every step
//! twice.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::{Measured, MeasuredFile, MeasuredKind};
use crate::model::DayBoundary;

/// What one sample measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// A daily total's share: steps, stand minutes or millilitres of water.
    Daily(MeasuredKind, f64),
    Sleep(Stage),
}

/// A sleep sample's category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    InBed,
    Awake,
    /// Asleep; `staged` when the tracker told the stage (core, deep, REM), which it does only
    /// where it also records the awake spells between them.
    Asleep {
        staged: bool,
    },
}

/// One sleep source's spells in one night, as (start, end) in seconds since the epoch.
#[derive(Debug, Default)]
struct Spells {
    in_bed: Vec<(i64, i64)>,
    awake: Vec<(i64, i64)>,
    asleep: Vec<(i64, i64)>,
    staged: bool,
}

/// Collects samples; [`Aggregator::finish`] turns them into figures. Memory grows with nights
/// and sources, not with samples: a 1 GB export holds a few thousand days.
#[derive(Debug)]
pub struct Aggregator {
    boundary: DayBoundary,
    sources: Vec<String>,
    source_ids: HashMap<String, usize>,
    daily: BTreeMap<(NaiveDate, MeasuredKind), BTreeMap<usize, f64>>,
    sleep: BTreeMap<(NaiveDate, usize), Spells>,
    records: u64,
}

impl Aggregator {
    #[must_use]
    pub fn new(boundary: DayBoundary) -> Self {
        Self {
            boundary,
            sources: Vec::new(),
            source_ids: HashMap::new(),
            daily: BTreeMap::new(),
            sleep: BTreeMap::new(),
            records: 0,
        }
    }

    /// The night a sample goes with: its start's calendar day for daily totals, the night by
    /// the day boundary for sleep. Both on the sample's own clock (its offset), so a night
    /// that crosses a daylight-saving change keeps its evening.
    #[must_use]
    pub fn night_of(&self, amount: Amount, start: DateTime<FixedOffset>) -> NaiveDate {
        match amount {
            Amount::Daily(..) => start.date_naive(),
            Amount::Sleep(_) => self.boundary.night_of(start.naive_local()),
        }
    }

    /// Adds one sample. `end` is not before `start` (the parser checks).
    pub fn add(
        &mut self,
        source: &str,
        amount: Amount,
        start: DateTime<FixedOffset>,
        end: DateTime<FixedOffset>,
    ) {
        self.records += 1;
        let id = if let Some(id) = self.source_ids.get(source) {
            *id
        } else {
            self.sources.push(source.to_owned());
            self.source_ids.insert(source.to_owned(), self.sources.len() - 1);
            self.sources.len() - 1
        };
        let night = self.night_of(amount, start);
        match amount {
            Amount::Daily(kind, value) => {
                *self.daily.entry((night, kind)).or_default().entry(id).or_default() += value;
            }
            Amount::Sleep(stage) => {
                let spells = self.sleep.entry((night, id)).or_default();
                // Absolute seconds: the length of a spell across a clock change is real time.
                let span = (start.timestamp(), end.timestamp());
                match stage {
                    Stage::InBed => spells.in_bed.push(span),
                    Stage::Awake => spells.awake.push(span),
                    Stage::Asleep { staged } => {
                        spells.asleep.push(span);
                        spells.staged |= staged;
                    }
                }
                spells.staged |= stage == Stage::Awake;
            }
        }
    }

    /// One figure per night and kind, from the source with the largest figure (ties go to the
    /// source named first in the file's order of appearance, so the choice is repeatable).
    #[must_use]
    pub fn finish(self) -> MeasuredFile {
        let mut values = Vec::new();
        for ((night, kind), by_source) in &self.daily {
            if let Some((id, total)) = largest(by_source.iter().map(|(id, v)| (*id, *v))) {
                values.push(Measured {
                    night: *night,
                    kind: *kind,
                    value: total.round() as i64,
                    source: self.sources[id].clone(),
                });
            }
        }
        let mut nights: BTreeMap<NaiveDate, Vec<(usize, &Spells)>> = BTreeMap::new();
        for ((night, id), spells) in &self.sleep {
            nights.entry(*night).or_default().push((*id, spells));
        }
        for (night, sources) in nights {
            let name = |id: usize| self.sources[id].clone();
            let asleep = largest(sources.iter().map(|(id, s)| (*id, covered_seconds(&s.asleep) as f64)));
            if let Some((id, secs)) = asleep.filter(|(_, secs)| *secs > 0.0) {
                let kind = MeasuredKind::SleepAsleepMin;
                values.push(Measured { night, kind, value: minutes(secs), source: name(id) });
                if let Some((_, spells)) = sources.iter().find(|(i, _)| *i == id)
                    && spells.staged
                {
                    let count = awakenings(&spells.asleep, &spells.awake);
                    values.push(Measured {
                        night,
                        kind: MeasuredKind::Awakenings,
                        value: count,
                        source: name(id),
                    });
                }
            }
            let in_bed = largest(sources.iter().map(|(id, s)| (*id, covered_seconds(&s.in_bed) as f64)));
            if let Some((id, secs)) = in_bed.filter(|(_, secs)| *secs > 0.0) {
                values.push(Measured {
                    night,
                    kind: MeasuredKind::SleepInBedMin,
                    value: minutes(secs),
                    source: name(id),
                });
            }
        }
        values.sort();
        MeasuredFile { values, records_read: self.records }
    }
}

fn minutes(seconds: f64) -> i64 {
    (seconds / 60.0).round() as i64
}

/// The (source, figure) with the largest figure; the lowest source id among equals.
fn largest(figures: impl Iterator<Item = (usize, f64)>) -> Option<(usize, f64)> {
    figures.fold(None, |best, (id, v)| match best {
        Some((bid, bv)) if bv.total_cmp(&v).then(id.cmp(&bid)).is_ge() => Some((bid, bv)),
        _ => Some((id, v)),
    })
}

/// The spells joined where they overlap or touch: a tracker that writes the same spell twice, or
/// in pieces, still gives one stretch of time.
fn merged(spells: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut sorted = spells.to_vec();
    sorted.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// Awake spells between falling asleep and the last waking: lying awake before sleep or after
/// the final waking is not an awakening.
fn awakenings(asleep: &[(i64, i64)], awake: &[(i64, i64)]) -> i64 {
    let asleep = merged(asleep);
    let (Some(first), Some(last)) = (asleep.first(), asleep.last()) else { return 0 };
    merged(awake).iter().filter(|(s, e)| *s >= first.0 && *e <= last.1).count() as i64
}

fn covered_seconds(spells: &[(i64, i64)]) -> i64 {
    merged(spells).iter().map(|(s, e)| e - s).sum()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S %z").unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn find(file: &MeasuredFile, night: &str, kind: MeasuredKind) -> Option<(i64, String)> {
        file.values
            .iter()
            .find(|m| m.night == day(night) && m.kind == kind)
            .map(|m| (m.value, m.source.clone()))
    }

    #[test]
    fn steps_take_the_larger_source_per_day_never_the_sum() {
        let mut a = Aggregator::new(DayBoundary::default());
        let steps = |n| Amount::Daily(MeasuredKind::Steps, n);
        a.add("iPhone", steps(3000.0), at("2026-11-20 08:00:00 +0100"), at("2026-11-20 09:00:00 +0100"));
        a.add("Watch", steps(2500.0), at("2026-11-20 08:00:00 +0100"), at("2026-11-20 09:00:00 +0100"));
        a.add("Watch", steps(1000.0), at("2026-11-20 23:30:00 +0100"), at("2026-11-20 23:40:00 +0100"));
        a.add("iPhone", steps(10.0), at("2026-11-21 00:10:00 +0100"), at("2026-11-21 00:12:00 +0100"));
        let file = a.finish();
        assert_eq!(find(&file, "2026-11-20", MeasuredKind::Steps), Some((3500, "Watch".into())));
        // Ten past midnight is the next calendar day, so the next night's total.
        assert_eq!(find(&file, "2026-11-21", MeasuredKind::Steps), Some((10, "iPhone".into())));
        assert_eq!(file.records_read, 4);
    }

    #[test]
    fn a_tie_goes_to_the_source_seen_first() {
        let mut a = Aggregator::new(DayBoundary::default());
        let water = Amount::Daily(MeasuredKind::WaterMl, 250.0);
        let t = at("2026-11-20 08:00:00 +0100");
        a.add("B app", water, t, t);
        a.add("A app", water, t, t);
        assert_eq!(find(&a.finish(), "2026-11-20", MeasuredKind::WaterMl), Some((250, "B app".into())));
    }

    #[test]
    fn sleep_after_midnight_belongs_to_the_previous_evening() {
        let mut a = Aggregator::new(DayBoundary::default());
        let asleep = Amount::Sleep(Stage::Asleep { staged: true });
        a.add("Watch", asleep, at("2026-11-20 23:00:00 +0100"), at("2026-11-21 01:00:00 +0100"));
        a.add(
            "Watch",
            Amount::Sleep(Stage::Awake),
            at("2026-11-21 01:00:00 +0100"),
            at("2026-11-21 01:10:00 +0100"),
        );
        a.add("Watch", asleep, at("2026-11-21 01:10:00 +0100"), at("2026-11-21 06:00:00 +0100"));
        a.add(
            "Watch",
            Amount::Sleep(Stage::Awake),
            at("2026-11-21 03:10:00 +0100"),
            at("2026-11-21 03:15:00 +0100"),
        );
        // Lying awake after the last waking is not an awakening.
        a.add(
            "Watch",
            Amount::Sleep(Stage::Awake),
            at("2026-11-21 06:00:00 +0100"),
            at("2026-11-21 06:20:00 +0100"),
        );
        // The same spell written twice is counted once.
        a.add("Watch", asleep, at("2026-11-21 02:00:00 +0100"), at("2026-11-21 03:00:00 +0100"));
        a.add(
            "iPhone",
            Amount::Sleep(Stage::InBed),
            at("2026-11-20 22:30:00 +0100"),
            at("2026-11-21 06:30:00 +0100"),
        );
        let file = a.finish();
        assert_eq!(find(&file, "2026-11-20", MeasuredKind::SleepAsleepMin), Some((410, "Watch".into())));
        assert_eq!(find(&file, "2026-11-20", MeasuredKind::Awakenings), Some((2, "Watch".into())));
        assert_eq!(find(&file, "2026-11-20", MeasuredKind::SleepInBedMin), Some((480, "iPhone".into())));
        assert_eq!(find(&file, "2026-11-21", MeasuredKind::SleepAsleepMin), None);
    }

    #[test]
    fn unstaged_sleep_says_nothing_about_awakenings() {
        let mut a = Aggregator::new(DayBoundary::default());
        let asleep = Amount::Sleep(Stage::Asleep { staged: false });
        a.add("Old app", asleep, at("2026-11-20 23:00:00 +0100"), at("2026-11-21 02:00:00 +0100"));
        a.add("Old app", asleep, at("2026-11-21 03:00:00 +0100"), at("2026-11-21 06:00:00 +0100"));
        let file = a.finish();
        assert_eq!(find(&file, "2026-11-20", MeasuredKind::SleepAsleepMin), Some((360, "Old app".into())));
        assert_eq!(find(&file, "2026-11-20", MeasuredKind::Awakenings), None);
    }

    #[test]
    fn a_night_across_a_clock_change_counts_real_time() {
        let mut a = Aggregator::new(DayBoundary::default());
        // Autumn in Central Europe: 03:00 summer time becomes 02:00, the night is an hour longer.
        a.add(
            "iPhone",
            Amount::Sleep(Stage::InBed),
            at("2026-10-24 23:00:00 +0200"),
            at("2026-10-25 07:00:00 +0100"),
        );
        // Spring: 02:00 becomes 03:00, an hour shorter.
        a.add(
            "iPhone",
            Amount::Sleep(Stage::InBed),
            at("2026-03-28 23:00:00 +0100"),
            at("2026-03-29 07:00:00 +0200"),
        );
        let file = a.finish();
        assert_eq!(find(&file, "2026-10-24", MeasuredKind::SleepInBedMin), Some((540, "iPhone".into())));
        assert_eq!(find(&file, "2026-03-28", MeasuredKind::SleepInBedMin), Some((420, "iPhone".into())));
    }

    #[test]
    fn merging_joins_overlaps_and_keeps_gaps() {
        assert_eq!(merged(&[(5, 8), (0, 2), (1, 3), (3, 4)]), vec![(0, 4), (5, 8)]);
        assert_eq!(covered_seconds(&[(0, 10), (2, 3), (20, 25)]), 15);
        assert_eq!(covered_seconds(&[]), 0);
    }
}
