//! Realistic synthetic journals from a seed, with a few planted associations, so a newcomer can
//! try every screen and benchmarks have data. Pure: the caller supplies the end date and zone.
//!
//! Planted (each shifts the odds of a cramp night): low fluid that day, a hard day before,
//! sleeping with toes pointed, and stretching before bed (protective). Footwear, magnesium
//! foods, sitting, the `coffee` and `alcohol` tags and the statin are drawn at random and have no
//! effect.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate, NaiveTime, TimeZone};

use crate::model::{
    Activity, DayBoundary, DurationS, Episode, FluidMl, Footwear, Location, MedClass, MedName, Medication,
    Night, Note, Period, Posture, Postures, Quarters, Relief, Schedule, Score, Servings, Side, Tag,
};

/// A small, fast, well-distributed generator (`SplitMix64`); demo data needs no more.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform integer in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.unit() * (hi - lo + 1) as f64) as i64
    }

    /// Roughly normal (sum of uniforms), good enough for plausible amounts.
    pub fn normal(&mut self, mean: f64, sd: f64) -> f64 {
        let s: f64 = (0..6).map(|_| self.unit()).sum::<f64>() - 3.0;
        mean + sd * s * std::f64::consts::SQRT_2
    }

    pub fn pick<T: Copy>(&mut self, weighted: &[(T, f64)]) -> T {
        let total: f64 = weighted.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for (item, w) in weighted {
            if x < *w {
                return *item;
            }
            x -= w;
        }
        weighted[weighted.len() - 1].0
    }
}

/// A generated journal: the nights and the medicine list they refer to.
#[derive(Debug, Clone)]
pub struct DemoJournal {
    pub nights: Vec<Night>,
    pub medications: Vec<Medication>,
}

fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Fluid below this (in ml) counts as a low day in the planted effect.
const LOW_FLUID_ML: f64 = 1700.0;

/// Generates `count` nights ending on the night of `end`, about one in fifteen left unlogged.
#[must_use]
pub fn generate<Tz: TimeZone>(
    count: usize,
    seed: u64,
    end: NaiveDate,
    boundary: DayBoundary,
    tz: &Tz,
) -> DemoJournal {
    let mut rng = Rng::new(seed);
    let first = end.checked_sub_days(Days::new(count.saturating_sub(1) as u64)).unwrap_or(end);
    let statin_start = first.checked_add_days(Days::new((count as u64) * 3 / 5)).unwrap_or(first);
    let medications = demo_medications(statin_start);
    let ibuprofen = medications[1].name.clone();

    let mut nights = Vec::with_capacity(count);
    let mut hard_yesterday = false;
    for i in 0..count {
        let date = first.checked_add_days(Days::new(i as u64)).unwrap_or(end);
        let activity = rng.pick(&[
            (Activity::Rest, 0.15),
            (Activity::Light, 0.40),
            (Activity::Moderate, 0.33),
            (Activity::Hard, 0.12),
        ]);
        let was_hard_yesterday = std::mem::replace(&mut hard_yesterday, activity == Activity::Hard);
        // About one night in fifteen goes unlogged: gaps are part of real journals.
        if rng.chance(1.0 / 15.0) {
            continue;
        }
        let fluid_ml = (rng.normal(1900.0, 450.0).clamp(400.0, 4200.0) / 50.0).round() * 50.0;
        let standing = rng.between(4, 40);
        let sitting = rng.between(8, 48).min(96 - standing);
        let toes = rng.chance(0.3);
        let mut postures = Vec::new();
        if toes {
            postures.push(Posture::ToesPointed);
        }
        if rng.chance(0.25) {
            postures.push(Posture::TuckedCovers);
        }
        if rng.chance(0.1) {
            postures.push(Posture::FeetHanging);
        }
        if postures.is_empty() {
            postures.push(Posture::Neutral);
        }
        let stretched = rng.chance(0.4);
        let mut tags = BTreeSet::new();
        for (tag, p) in [("coffee", 0.35), ("alcohol", 0.15)] {
            if rng.chance(p) {
                tags.extend(Tag::new(tag));
            }
        }
        if activity == Activity::Hard && rng.chance(0.5) {
            tags.extend(Tag::new("hiking"));
        }

        let odds = -2.3
            + if fluid_ml < LOW_FLUID_ML { 1.7 } else { 0.0 }
            + if was_hard_yesterday { 1.5 } else { 0.0 }
            + if toes { 1.3 } else { 0.0 }
            + if stretched { -1.3 } else { 0.0 };
        let cramped = rng.chance(logistic(odds));

        let mut night = Night::empty(date);
        night.fluid = FluidMl::new(fluid_ml as i64).ok();
        night.activity = Some(activity);
        night.standing = Quarters::new(standing).ok();
        night.sitting = Quarters::new(sitting).ok();
        night.footwear = Some(rng.pick(&[
            (Footwear::Supportive, 0.6),
            (Footwear::Unsupportive, 0.25),
            (Footwear::Barefoot, 0.15),
        ]));
        night.mg_k_servings =
            Servings::new(rng.pick(&[(0, 0.25), (1, 0.3), (2, 0.25), (3, 0.15), (4, 0.05)])).ok();
        night.postures = Postures::new(postures).unwrap_or_default();
        night.stretched = Some(stretched);
        night.tags = tags;
        if rng.chance(0.08) {
            night.medications.insert(ibuprofen.clone());
        }
        if cramped {
            let count = rng.pick(&[(1, 0.7), (2, 0.25), (3, 0.05)]);
            for _ in 0..count {
                if let Some(mut e) = demo_episode(&mut rng, date, boundary, tz) {
                    // Two cramps drawn at one minute are one minute apart: one cramp is one entry.
                    while night.episodes.iter().any(|o| o.start == e.start) {
                        e.start += chrono::TimeDelta::minutes(1);
                    }
                    night.episodes.push(e);
                }
            }
            night.sort_episodes();
            night.sleep_disturbance = Score::new(rng.between(2, 8)).ok();
        } else {
            night.sleep_disturbance = Score::new(rng.pick(&[(0, 0.7), (1, 0.2), (2, 0.1)])).ok();
        }
        if rng.chance(0.05) {
            let text =
                ["Long day at the market.", "Slept at my sister's.", "Cold bedroom.", "New running shoes."];
            night.note = Note::new(text[rng.between(0, 3) as usize]).ok();
        }
        nights.push(night);
    }
    DemoJournal { nights, medications }
}

fn demo_medications(statin_start: NaiveDate) -> Vec<Medication> {
    let name = |s: &str| MedName::new(s).unwrap_or_else(|_| unreachable!("fixed demo names are valid"));
    vec![
        Medication {
            name: name("Atorvastatin"),
            class: MedClass::Statin,
            schedule: Schedule::Daily(Period::new(statin_start, None).into_iter().collect()),
            dose: None,
        },
        Medication {
            name: name("Ibuprofen"),
            class: MedClass::Other,
            schedule: Schedule::AsNeeded,
            dose: None,
        },
    ]
}

fn demo_episode<Tz: TimeZone>(
    rng: &mut Rng,
    night: NaiveDate,
    boundary: DayBoundary,
    tz: &Tz,
) -> Option<Episode> {
    // Mostly in the small hours; a few just after going to bed.
    let minutes =
        if rng.chance(0.15) { rng.between(22 * 60 + 30, 23 * 60 + 59) } else { rng.between(30, 5 * 60 + 45) };
    let time = NaiveTime::from_hms_opt((minutes / 60) as u32, (minutes % 60) as u32, 0)?;
    let start = boundary
        .place(tz, night, time)
        .or_else(|_| boundary.place(tz, night, time + chrono::Duration::hours(1)))
        .ok()?;
    let seconds = (rng.normal(4.3, 0.9).exp()).clamp(10.0, 540.0) as i64;
    let relief: BTreeSet<Relief> =
        [(Relief::Stretch, 0.6), (Relief::Walk, 0.3), (Relief::Warmth, 0.1), (Relief::Massage, 0.2)]
            .into_iter()
            .filter(|(_, p)| rng.chance(*p))
            .map(|(r, _)| r)
            .collect();
    Some(Episode {
        start,
        duration: if rng.chance(0.05) { None } else { DurationS::new(seconds).ok() },
        intensity: Score::new(rng.between(3, 9)).ok(),
        location: Some(rng.pick(&[
            (Location::Calf, 0.45),
            (Location::Toes, 0.2),
            (Location::Arch, 0.2),
            (Location::Heel, 0.05),
            (Location::TopOfFoot, 0.05),
            (Location::Thigh, 0.05),
        ])),
        side: Some(rng.pick(&[(Side::Left, 0.45), (Side::Right, 0.45), (Side::Both, 0.1)])),
        relief,
        note: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn journal(n: usize, seed: u64) -> DemoJournal {
        let tz = FixedOffset::east_opt(3600).unwrap();
        generate(n, seed, "2026-11-27".parse().unwrap(), DayBoundary::default(), &tz)
    }

    #[test]
    fn same_seed_same_journal() {
        assert_eq!(journal(120, 7).nights, journal(120, 7).nights);
        assert_ne!(journal(120, 7).nights, journal(120, 8).nights);
    }

    #[test]
    fn nights_are_valid_and_in_range() {
        let j = journal(365, 1);
        assert!(j.nights.len() > 300 && j.nights.len() < 365, "{}", j.nights.len());
        assert_eq!(j.nights.last().unwrap().date.to_string(), "2026-11-27");
        for n in &j.nights {
            n.check().unwrap();
            for e in &n.episodes {
                assert_eq!(DayBoundary::default().night_of(e.start.naive_local()), n.date);
            }
        }
    }

    #[test]
    fn planted_low_fluid_shows_in_the_raw_rates() {
        let j = journal(3650, 1);
        let rate = |low: bool| {
            let group: Vec<&Night> = j
                .nights
                .iter()
                .filter(|n| (f64::from(n.fluid.unwrap().get()) < LOW_FLUID_ML) == low)
                .collect();
            group.iter().filter(|n| n.had_cramps()).count() as f64 / group.len() as f64
        };
        assert!(rate(true) > 1.8 * rate(false), "{} vs {}", rate(true), rate(false));
    }
}
