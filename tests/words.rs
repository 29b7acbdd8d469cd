//! Sentences that agree with their numbers (issue 14, point 4): one test per case the issue
//! lists, each built from constructed nights through the library's `analyze`, and checked the way
//! a worried patient would read the words.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Days, NaiveDate};
use cramp_journal::analysis::{self, FactorResult, Input, RedFlagKind, Report, Status, stats, wording};
use cramp_journal::model::{
    Episode, Factor, MedClass, MedName, Medication, Night, Period, Profile, Schedule, Tag, Units,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const FIRST: &str = "2026-01-01";

/// `count` nights from 1 January; `spec(i)` gives night i's tags and whether it had a cramp.
fn nights(count: u64, spec: impl Fn(u64) -> (Vec<&'static str>, bool)) -> Vec<Night> {
    (0..count)
        .map(|i| {
            let mut n = Night::empty(d(FIRST) + Days::new(i));
            let (tags, cramp) = spec(i);
            n.tags = tags.into_iter().map(|t| Tag::new(t).unwrap()).collect();
            if cramp {
                n.episodes.push(Episode::starting(
                    DateTime::parse_from_rfc3339("2026-01-01T23:00:00+01:00").unwrap(),
                ));
            }
            n
        })
        .collect()
}

fn analyze(nights: &[Night], meds: &[Medication]) -> Report {
    let today = nights.last().map_or(d(FIRST), |n| n.date);
    analysis::analyze(&Input {
        nights,
        medications: meds,
        profile: &Profile::default(),
        suspected: &[],
        units: Units::Metric,
        from: None,
        to: None,
        today,
        measured: &[],
    })
}

fn tag<'a>(r: &'a Report, name: &str) -> &'a FactorResult {
    let id = Factor::Tag(Tag::new(name).unwrap());
    r.factors.iter().find(|f| f.id == id).unwrap()
}

/// Every sentence shown for a factor.
fn shown(f: &FactorResult) -> String {
    format!("{} {} {}", f.explanation, f.finding, f.advice)
}

#[test]
fn no_cramps_in_either_group_is_not_a_ratio() {
    // 40 nights, 'coffee' on every fifth, not one cramp.
    let n = nights(40, |i| (if i % 5 == 0 { vec!["coffee"] } else { vec![] }, false));
    let r = analyze(&n, &[]);
    let f = tag(&r, "coffee");
    assert_eq!((f.exposed_cramp_nights, f.unexposed_cramp_nights), (0, 0));
    let text = shown(f);
    assert!(!text.contains("× as often") && !text.contains("% as often"), "{text}");
    assert!(!text.contains("range consistent"), "{text}");
    assert!(text.contains("no cramps"), "{text}");
    assert!(!f.advice.contains("without it"), "{}", f.advice);
    let r = analyze(&n, &[]);
    assert!(r.summary.starts_with("No cramps on any of these 40 nights"), "{}", r.summary);
}

#[test]
fn cramps_every_night_is_not_a_range_of_1_to_1() {
    let n = nights(40, |i| (if i % 5 == 0 { vec!["coffee"] } else { vec![] }, true));
    let r = analyze(&n, &[]);
    let f = tag(&r, "coffee");
    assert_eq!((f.exposed_cramp_nights, f.unexposed_cramp_nights), (f.exposed_nights, f.unexposed_nights));
    let text = shown(f);
    assert!(!text.contains("1× to 1×") && !text.contains("range consistent"), "{text}");
    assert!(text.contains("every night"), "{text}");
    assert!(r.summary.starts_with("Cramps came on all 40 nights"), "{}", r.summary);
}

/// Whether the interval printed for a factor leaves out 1 (no difference).
fn excludes_one(f: &FactorResult) -> bool {
    f.ci_low.is_some_and(|l| l > 1.0) || f.ci_high.is_some_and(|h| h < 1.0)
}

/// A "no clear pattern" factor whose range leaves out 1 must say why it is still not a finding.
fn says_why(f: &FactorResult, why: &str) {
    assert_eq!(f.status, Status::NoAssociation, "{}", f.explanation);
    assert!(excludes_one(f), "{:?} {:?}", f.ci_low, f.ci_high);
    assert!(!f.explanation.contains("could easily be chance"), "{}", f.explanation);
    assert!(f.explanation.contains(why), "wanted {why:?} in: {}", f.explanation);
}

#[test]
fn no_clear_pattern_with_a_range_that_leaves_out_1_says_why() {
    // Too small a difference: 300 of 500 nights against 225 of 500 (1.33×, range 1.2× to 1.5×).
    let n = nights(1000, |i| {
        let j = i / 2;
        if i % 2 == 0 { (vec!["coffee"], j % 5 < 3) } else { (vec![], j % 20 < 9) }
    });
    says_why(tag(&analyze(&n, &[]), "coffee"), "1.5×");

    // Too few cramp nights with it: 2 of 10 against 2 of 90.
    let n = nights(100, |i| if i % 10 == 0 { (vec!["wine"], i < 20) } else { (vec![], i % 45 == 1) });
    says_why(tag(&analyze(&n, &[]), "wine"), "at least 3");

    // Many comparisons: one tag at p below 0.05 among twelve that are pure noise.
    let noise = ["n0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8", "n9", "n10", "n11"];
    let n = nights(200, |i| {
        let j = i / 2;
        let mut tags: Vec<&'static str> = noise
            .iter()
            .enumerate()
            .filter(|(k, _)| (i / (*k as u64 + 3)).is_multiple_of(2))
            .map(|(_, t)| *t)
            .collect();
        let cramp = if i % 2 == 0 {
            tags.push("late");
            j % 50 < 11
        } else {
            j % 10 == 0
        };
        (tags, cramp)
    });
    let r = analyze(&n, &[]);
    let late = tag(&r, "late");
    // Its cramps come in runs of eleven nights, so allowing for streaks takes it out of reach on
    // its own: that, not the number of comparisons, is the reason given.
    assert!(late.p_fisher.unwrap() < 0.05 && late.p_value.unwrap() > 0.05, "{late:?}");
    says_why(late, "come in runs of nights");
    assert!(!late.explanation.contains("many comparisons"), "{}", late.explanation);
    // And not one factor anywhere prints a range that leaves out 1 without a reason.
    for f in r.factors.iter().filter(|f| f.status == Status::NoAssociation && excludes_one(f)) {
        assert!(!f.explanation.contains("could easily be chance"), "{}", f.explanation);
    }
}

/// 84 nights, a daily medicine started on night 42 and one unlogged night 10 days after it:
/// cramps on 2 nights before the start and 9 after.
fn rise_after_a_start() -> (Vec<Night>, Vec<Medication>) {
    let mut n = nights(84, |i| (vec![], [20, 30, 43, 45, 47, 49, 55, 57, 60, 64, 66].contains(&i)));
    n.retain(|night| night.date != d(FIRST) + Days::new(52));
    let med = Medication {
        name: MedName::new("Amlodipine").unwrap(),
        class: MedClass::CalciumChannelBlocker,
        schedule: Schedule::Daily(vec![Period::new(d(FIRST) + Days::new(42), None).unwrap()]),
        dose: None,
    };
    (n, vec![med])
}

#[test]
fn a_rise_after_starting_a_medicine_is_not_called_weak_evidence_that_it_helped() {
    let (n, meds) = rise_after_a_start();
    let r = analyze(&n, &meds);
    let c = &r.medication_changes[0];
    assert_eq!((c.cramp_nights_before, c.cramp_nights_after), (2, 9), "{c:?}");
    let text = format!("{} {}", c.explanation, c.caution);
    assert!(!text.contains("helped") && !text.contains("fewer cramps after"), "{text}");
    assert!(text.contains("more cramps"), "{text}");
}

#[test]
fn a_red_flag_and_the_medicine_change_count_the_same_nights() {
    let (n, meds) = rise_after_a_start();
    let r = analyze(&n, &meds);
    let c = &r.medication_changes[0];
    let flag = r.red_flags.iter().find(|f| f.kind == RedFlagKind::AfterNewMedicine).unwrap();
    let after = format!("{} of {} nights after", c.cramp_nights_after, c.nights_after);
    let before = format!("{} of {}", c.cramp_nights_before, c.nights_before);
    assert!(flag.message.contains(&after) && flag.message.contains(&before), "{}\n{c:?}", flag.message);
    assert!(c.explanation.contains(&format!("{} of {}", c.cramp_nights_after, c.nights_after)));
    // Recounted from the nights themselves: the 4 weeks before the start and the 4 from it.
    let start = d(FIRST) + Days::new(42);
    let side = |keep: &dyn Fn(i64) -> bool| {
        let nights: Vec<&Night> = n.iter().filter(|x| keep((x.date - start).num_days())).collect();
        (nights.iter().filter(|x| !x.episodes.is_empty()).count(), nights.len())
    };
    let (before, after) = (side(&|k| (-28..0).contains(&k)), side(&|k| (0..28).contains(&k)));
    assert_eq!(before, (2, 28));
    assert_eq!(after, (9, 27));
    assert!(flag.message.contains(&format!("{} of {} nights after", after.0, after.1)), "{}", flag.message);
}

#[test]
fn a_confirmed_factor_is_not_also_recurring_not_yet_confirmed() {
    // 'hike' on every fourth night, a cramp after each one and on no other night.
    let n = nights(120, |i| if i % 4 == 0 { (vec!["hike"], true) } else { (vec![], false) });
    let r = analyze(&n, &[]);
    assert_eq!(tag(&r, "hike").status, Status::Flagged);
    let dupes: Vec<String> = r
        .recurring
        .iter()
        .filter(|x| r.factors.iter().any(|f| f.id == x.id && f.lag == x.lag && f.status == Status::Flagged))
        .map(|x| x.explanation.clone())
        .collect();
    assert!(dupes.is_empty(), "{dupes:?}");
}

#[test]
fn recurring_says_that_remedies_are_left_out() {
    // Recent cramp nights all tagged 'late', nothing older: recurring but not yet testable.
    let n = nights(14, |i| if i % 3 == 0 { (vec!["late"], true) } else { (vec![], false) });
    let r = analyze(&n, &[]);
    assert!(!r.recurring.is_empty());
    assert!(
        r.recurring.iter().all(|x| x.explanation.contains("Stretching is left out")),
        "{:?}",
        r.recurring
    );
}

#[test]
fn fewer_cramps_with_it_gets_no_advice_to_go_without_it() {
    // Coffee: 25 of 100 nights against 35 of 100 without (0.71×), no clear pattern.
    let n = nights(200, |i| {
        let j = i / 2;
        if i % 2 == 0 { (vec!["coffee"], j % 4 == 0) } else { (vec![], j % 20 < 7) }
    });
    let r = analyze(&n, &[]);
    let f = tag(&r, "coffee");
    assert_eq!((f.status, f.exposed_cramp_nights, f.unexposed_cramp_nights), (Status::NoAssociation, 25, 35));
    assert!(!f.advice.contains("without it"), "{}", f.advice);
}

#[test]
fn ratios_have_one_style_and_two_significant_figures() {
    // Two thirds is not "about half"; near it, the same words.
    let two_thirds = wording::how_often(2.0 / 3.0);
    assert_eq!(two_thirds, wording::how_often(0.67));
    assert!(!two_thirds.contains("half"), "{two_thirds}");
    assert_eq!(wording::how_often(0.5), "about half as often");
    assert!(!wording::how_often(0.6).contains("half"));
    assert_eq!(wording::how_often(2.3), "about 2.3× as often");
    assert_eq!(wording::how_often(18.4), "about 18× as often");
    // A range whose low end is under a tenth: never "0.072×".
    let t = stats::Table { a: 1, n1: 30, c: 12, n0: 30 };
    let text = wording::finding(t, "nights tagged 'x'", t.risk_ratio());
    assert!(t.risk_ratio().unwrap().low < 0.1, "{text}");
    assert!(!text.contains("0.0"), "{text}");
}

#[test]
fn rising_frequency_says_what_is_flagged_and_the_readme_agrees() {
    // Cramp nights a week over the last four weeks: 1, 1, 2, 3.
    let n = nights(28, |i| (vec![], [0, 7, 14, 15, 21, 22, 23].contains(&i)));
    let r = analyze(&n, &[]);
    let flag = r.red_flags.iter().find(|f| f.kind == RedFlagKind::RisingFrequency).unwrap();
    assert!(!flag.message.contains("week by week"), "{}", flag.message);
    assert!(flag.message.contains("1, then 1, then 2, then 3"), "{}", flag.message);
    let readme = include_str!("../README.md");
    assert!(!readme.contains("rising every week"));
    assert!(readme.contains("never falling from one week to the next"));
    assert!(readme.contains("`stretched` is left out of recurring"));
}

/// Two significant figures, worked out here apart from the code under test.
fn two_figures(x: f64) -> f64 {
    let step = 10f64.powi(x.log10().floor() as i32 - 1);
    (x / step).round() * step
}

/// The ratio each demo sentence states, recomputed from its counts.
#[test]
fn every_stated_ratio_matches_its_counts() {
    let tz = chrono::FixedOffset::east_opt(3600).unwrap();
    let end = d("2026-11-27");
    let demo = cramp_journal::demo::generate(365, 1, end, cramp_journal::model::DayBoundary::default(), &tz);
    let r = analyze(&demo.nights, &demo.medications);
    let mut checked = 0;
    for f in r.factors.iter().filter(|f| f.exposed_cramp_nights > 0 && f.unexposed_cramp_nights > 0) {
        let (a, n1) = (f64::from(f.exposed_cramp_nights), f64::from(f.exposed_nights));
        let (c, n0) = (f64::from(f.unexposed_cramp_nights), f64::from(f.unexposed_nights));
        let rr = (a / n1) / (c / n0);
        let said = f.finding.split(" (").nth(1).unwrap().split(';').next().unwrap();
        let number = |s: &str| -> f64 {
            s.trim_start_matches("about ").split(['×', '%']).next().unwrap().parse().unwrap()
        };
        if said.contains('×') {
            assert!((number(said) - two_figures(rr)).abs() < 1e-9 && rr > 1.0, "{rr}: {said}");
        } else if said.contains('%') {
            assert!((number(said) - (rr * 100.0).round()).abs() < 1e-9 && rr < 0.95, "{rr}: {said}");
        } else if said == "about half as often" {
            assert!((rr - 0.5).abs() < 0.025, "{rr}: {said}");
        } else {
            assert_eq!(said, "about as often");
            assert!((0.95..1.05).contains(&rr), "{rr}: {said}");
        }
        checked += 1;
    }
    // Fluid, standing and sitting are amounts now, not yes/no factors: 13 comparisons remain.
    assert!(checked >= 12, "only {checked} ratios checked");
}
