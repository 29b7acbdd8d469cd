//! Red flags: signs that cramps need a doctor's eye rather than a change of habit. They are
//! shown before anything else, each with the advice to talk to a doctor.

use chrono::{Days, NaiveDate};

use super::factors::Day;
use super::{catalogue, medchange};
use crate::model::{Condition, Location, Medication, Profile, Schedule};

/// A cramp longer than this many seconds is a red flag.
pub const LONG_EPISODE_S: u32 = 10 * 60;
/// "Several nights".
pub const SEVERAL: usize = 3;
/// Sleep disturbance from this rating up counts as severe.
pub const SEVERE_SLEEP: u8 = 7;
/// Days in the recent windows: four weeks.
const FOUR_WEEKS: u64 = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RedFlagKind {
    /// A cramp lasted longer than 10 minutes.
    LongEpisode,
    /// Cramps in the thigh or elsewhere beyond the foot and calf on several nights.
    BeyondFootAndCalf,
    /// Cramp nights per week rising over the last 4 weeks.
    RisingFrequency,
    /// Cramps started or worsened within 4 weeks of starting a medicine.
    AfterNewMedicine,
    /// Sleep disturbance of 7 or more on several nights in the last 4 weeks.
    SleepDisturbance,
    /// A condition in the profile that calls for a review of the cramps.
    Condition,
}

/// A reason to see a doctor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RedFlag {
    pub kind: RedFlagKind,
    pub message: String,
    /// Always says to talk to a doctor.
    pub advice: String,
    /// The nights concerned, oldest first (none for a condition).
    pub dates: Vec<NaiveDate>,
}

fn flag(kind: RedFlagKind, message: String, why: &str, dates: Vec<NaiveDate>) -> RedFlag {
    RedFlag { kind, message, advice: format!("Talk to a doctor: {why}"), dates }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// Every red flag in the nights `days[range]`, most urgent kind first.
#[must_use]
pub fn red_flags(
    days: &[Day<'_>],
    range: std::ops::Range<usize>,
    meds: &[Medication],
    profile: &Profile,
) -> Vec<RedFlag> {
    let nights = &days[range.clone()];
    let mut out = Vec::new();
    let dates = |keep: &dyn Fn(&Day<'_>) -> bool| -> Vec<NaiveDate> {
        nights.iter().filter(|d| keep(d)).map(|d| d.night.date).collect()
    };

    let long =
        dates(&|d| d.night.episodes.iter().any(|e| e.duration.is_some_and(|s| s.seconds() > LONG_EPISODE_S)));
    if let Some(last) = long.last() {
        out.push(flag(
            RedFlagKind::LongEpisode,
            match long.len() {
                1 => format!("A cramp lasted longer than 10 minutes on the night of {}.", day(*last)),
                n => format!(
                    "Cramps lasted longer than 10 minutes on {n} nights, most recently {}.",
                    day(*last)
                ),
            },
            "cramps that last this long are unusual and worth having checked.",
            long,
        ));
    }
    let beyond = dates(&|d| {
        d.night.episodes.iter().any(|e| matches!(e.location, Some(Location::Thigh | Location::Other)))
    });
    if beyond.len() >= SEVERAL {
        out.push(flag(
            RedFlagKind::BeyondFootAndCalf,
            format!(
                "Cramps reached the thigh or elsewhere beyond the foot and calf on {} nights.",
                beyond.len()
            ),
            "cramps that spread beyond the foot and calf can have other causes worth ruling out.",
            beyond,
        ));
    }
    if let Some(last) = nights.last() {
        out.extend(rising(nights, last.night.date));
        let since = last.night.date.checked_sub_days(Days::new(FOUR_WEEKS - 1)).unwrap_or(last.night.date);
        let bad = dates(&|d| {
            d.night.date >= since && d.night.sleep_disturbance.is_some_and(|s| s.get() >= SEVERE_SLEEP)
        });
        if bad.len() >= SEVERAL {
            out.push(flag(
                RedFlagKind::SleepDisturbance,
                format!(
                    "Cramps disturbed your sleep badly (7 or more out of 10) on {} nights in the last 4 \
                     weeks.",
                    bad.len()
                ),
                "sleep this broken deserves care, whatever the cause.",
                bad,
            ));
        }
    }
    out.extend(after_new_medicine(days, range, meds));
    if nights.iter().any(|d| d.cramp) {
        out.extend(profile.conditions.iter().filter(|c| reviewed(**c)).map(|c| {
            flag(
                RedFlagKind::Condition,
                format!(
                    "Your profile lists {}. {}",
                    catalogue::condition_name(*c),
                    catalogue::condition_note(*c)
                ),
                "go over your cramps with the doctor who looks after this condition.",
                Vec::new(),
            )
        }));
    }
    out.sort_by_key(|f| f.kind);
    out
}

/// Conditions that call for a doctor to look at the cramps.
fn reviewed(c: Condition) -> bool {
    !matches!(c, Condition::Pregnancy)
}

/// Cramp nights per week over the 4 weeks ending `end`: never falling from one week to the next,
/// and at least two nights a week more by the last week than in the first. A level week within a
/// climb is allowed on purpose: weekly counts are small whole numbers, so 1, 1, 2, 3 (three
/// times as many cramp nights in a month) is as much a reason for a check-up as 0, 1, 2, 3, and
/// demanding a rise every single week would hide it. Rates are per 7 logged nights so a gap in
/// logging cannot fake a rise.
fn rising(nights: &[Day<'_>], end: NaiveDate) -> Option<RedFlag> {
    let mut per_week = Vec::new();
    for w in (0..4u64).rev() {
        let last = end.checked_sub_days(Days::new(7 * w))?;
        let first = last.checked_sub_days(Days::new(6))?;
        let week: Vec<&Day<'_>> = nights.iter().filter(|d| (first..=last).contains(&d.night.date)).collect();
        if week.len() < 4 {
            return None;
        }
        per_week.push(7.0 * week.iter().filter(|d| d.cramp).count() as f64 / week.len() as f64);
    }
    let steady = per_week.windows(2).all(|w| w[1] >= w[0]);
    if !steady || per_week[3] - per_week[0] < 2.0 {
        return None;
    }
    let counts: Vec<String> = per_week.iter().map(|r| format!("{r:.0}")).collect();
    let since = end.checked_sub_days(Days::new(FOUR_WEEKS - 1))?;
    let dates = nights.iter().filter(|d| d.cramp && d.night.date >= since).map(|d| d.night.date).collect();
    Some(flag(
        RedFlagKind::RisingFrequency,
        format!(
            "Cramp nights have climbed over the last 4 weeks without falling back in any week: \
             about {} a week.",
            counts.join(", then ")
        ),
        "cramps that keep getting more frequent deserve a check-up.",
        dates,
    ))
}

/// Cramps that began, or came at least half as often again, in the 4 weeks after a daily
/// medicine was started, compared with the 4 weeks before (7 logged nights each side at least).
/// The nights are those [`medchange::sides`] gives, so this flag and the medicine change it
/// refers to quote the same counts.
fn after_new_medicine(days: &[Day<'_>], range: std::ops::Range<usize>, meds: &[Medication]) -> Vec<RedFlag> {
    let mut out = Vec::new();
    let starts = meds.iter().flat_map(|m| match &m.schedule {
        Schedule::Daily(periods) => periods.iter().map(|p| (m, p.since)).collect::<Vec<_>>(),
        Schedule::AsNeeded => Vec::new(),
    });
    for (med, start) in starts {
        let (pre, post) = medchange::sides(days, range.clone(), start);
        let cramps = |r: std::ops::Range<usize>| r.filter(|&i| days[i].cramp).count();
        let (c, a) = (cramps(pre.clone()), cramps(post.clone()));
        if pre.len() < 7 || post.len() < 7 || a < SEVERAL || 2 * a * pre.len() < 3 * c * post.len() {
            continue;
        }
        let what = if c == 0 { "Cramps started" } else { "Cramps became more frequent" };
        out.push(flag(
            RedFlagKind::AfterNewMedicine,
            format!(
                "{what} within 4 weeks of starting {} on {}: {a} of {} nights after, against {c} of {} in \
                 the 4 weeks before.",
                med.name,
                day(start),
                post.len(),
                pre.len()
            ),
            &format!(
                "ask the doctor who prescribed {} whether it could play a part; do not stop it on your own.",
                med.name
            ),
            post.filter(|&i| days[i].cramp).map(|i| days[i].night.date).collect(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DurationS, Episode, MedClass, MedName, Night, Period, Score};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// `count` nights ending 2026-11-27; `cramp(i)` gives the night's cramp, if any.
    fn nights(count: u64, cramp: impl Fn(u64) -> Option<Episode>) -> Vec<Night> {
        let first = d("2026-11-27") - Days::new(count - 1);
        (0..count)
            .map(|i| {
                let mut n = Night::empty(first + Days::new(i));
                n.episodes.extend(cramp(i));
                n
            })
            .collect()
    }

    fn ep() -> Episode {
        Episode::starting(chrono::DateTime::parse_from_rfc3339("2026-01-01T03:00:00+01:00").unwrap())
    }

    fn flags(nights: &[Night], meds: &[Medication], profile: &Profile) -> Vec<RedFlag> {
        let refs: Vec<&Night> = nights.iter().collect();
        let days = super::super::factors::days(&refs, meds);
        red_flags(&days, 0..days.len(), meds, profile)
    }

    fn kinds(f: &[RedFlag]) -> Vec<RedFlagKind> {
        f.iter().map(|f| f.kind).collect()
    }

    #[test]
    fn quiet_nights_raise_no_flags() {
        let n = nights(60, |i| (i % 5 == 0).then(ep));
        assert!(flags(&n, &[], &Profile::default()).is_empty());
    }

    #[test]
    fn long_cramps_and_cramps_beyond_the_calf() {
        let n = nights(40, |i| {
            let mut e = ep();
            match i {
                3 => e.duration = DurationS::new(601).ok(),
                10 | 20 | 30 => e.location = Some(Location::Thigh),
                _ => return None,
            }
            Some(e)
        });
        let f = flags(&n, &[], &Profile::default());
        assert_eq!(kinds(&f), [RedFlagKind::LongEpisode, RedFlagKind::BeyondFootAndCalf]);
        assert_eq!(f[0].dates, [d("2026-10-22")]);
        assert_eq!(f[1].dates.len(), 3);
        assert!(f.iter().all(|f| f.advice.starts_with("Talk to a doctor")));
    }

    #[test]
    fn rising_week_by_week() {
        // Cramp nights per week over the last four weeks: 0, 1, 2, 4.
        let n = nights(28, |i| match i / 7 {
            1 => (i % 7 == 0).then(ep),
            2 => (i % 7 < 2).then(ep),
            3 => (i % 7 < 4).then(ep),
            _ => None,
        });
        let f = flags(&n, &[], &Profile::default());
        assert_eq!(kinds(&f), [RedFlagKind::RisingFrequency]);
        assert!(f[0].message.contains("about 0, then 1, then 2, then 4 a week"), "{}", f[0].message);
        // A level week within the climb still counts, and the words do not claim a rise every week.
        let n = nights(28, |i| match i / 7 {
            0 | 1 => (i % 7 == 0).then(ep),
            2 => (i % 7 < 2).then(ep),
            _ => (i % 7 < 3).then(ep),
        });
        let f = flags(&n, &[], &Profile::default());
        assert_eq!(kinds(&f), [RedFlagKind::RisingFrequency]);
        assert!(f[0].message.contains("without falling back"), "{}", f[0].message);
        // A dip in between is not a steady rise.
        let n = nights(28, |i| match i / 7 {
            0 | 2 => (i % 7 == 0).then(ep),
            3 => (i % 7 < 4).then(ep),
            _ => None,
        });
        assert!(flags(&n, &[], &Profile::default()).is_empty());
    }

    #[test]
    fn cramps_after_starting_a_medicine_and_bad_sleep() {
        let meds = [Medication {
            name: MedName::new("Furosemide").unwrap(),
            class: MedClass::Diuretic,
            schedule: Schedule::Daily(vec![Period::new(d("2026-11-01"), None).unwrap()]),
            dose: None,
        }];
        // Cramp-free before 1 November; every third night after.
        let mut n = nights(60, |i| (i >= 33 && i % 3 == 0).then(ep));
        for night in n.iter_mut().rev().take(3) {
            night.sleep_disturbance = Score::new(8).ok();
        }
        let profile = Profile { name: None, conditions: [Condition::Diabetes, Condition::Pregnancy].into() };
        let f = flags(&n, &meds, &profile);
        assert_eq!(
            kinds(&f),
            [RedFlagKind::AfterNewMedicine, RedFlagKind::SleepDisturbance, RedFlagKind::Condition]
        );
        assert!(
            f[0].message.starts_with("Cramps started within 4 weeks of starting Furosemide"),
            "{}",
            f[0].message
        );
        assert!(f[0].advice.contains("do not stop it on your own"));
        assert!(f[2].message.contains("diabetes"));
    }
}
