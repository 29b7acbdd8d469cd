use super::*;
use crate::model::{Episode, FluidMl};

fn nights(values: &[(i64, bool)]) -> Vec<Night> {
    let first: chrono::NaiveDate = "2026-01-01".parse().unwrap();
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T23:00:00+01:00").unwrap();
    values
        .iter()
        .enumerate()
        .map(|(i, &(ml, cramp))| {
            let mut n = Night::empty(first + chrono::Days::new(i as u64));
            n.fluid = Some(FluidMl::new(ml).unwrap());
            if cramp {
                n.episodes.push(Episode::starting(start));
            }
            n
        })
        .collect()
}

fn run(values: &[(i64, bool)]) -> Vec<Dose> {
    let all = nights(values);
    let refs: Vec<&Night> = all.iter().collect();
    let days = super::super::factors::days(&refs, &[]);
    doses(&days, 0..days.len(), &MeasuredByNight::new(), Units::Metric)
}

fn measured(night: chrono::NaiveDate, kind: MeasuredKind, value: i64) -> Measured {
    Measured { night, kind, value, source: "Watch".to_owned() }
}

/// Steps a watch counted, 4,000 on even days (a cramp on 3 of every 5 nights after them) and
/// 6,000 on odd ones (1 of every 5): per 1,000 steps more the ratio is the square root of the
/// plain rate ratio, as the two amounts are two steps apart.
#[test]
fn measured_steps_are_an_amount_of_their_own() {
    let values: Vec<(i64, bool)> = (0..200)
        .map(|i| if i % 2 == 0 { (1500, (i / 2) % 5 < 3) } else { (1500, (i / 2) % 5 == 0) })
        .collect();
    let all = nights(&values);
    let steps: Vec<Measured> = all
        .iter()
        .enumerate()
        .map(|(i, n)| measured(n.date, MeasuredKind::Steps, if i % 2 == 0 { 4000 } else { 6000 }))
        .collect();
    let refs: Vec<&Night> = all.iter().collect();
    let days = super::super::factors::days(&refs, &[]);
    let d = doses(&days, 0..days.len(), &by_night(&steps), Units::Metric);
    let same_day = d.iter().find(|d| d.amount == Amount::Steps && d.lag == 0).unwrap();
    assert!((same_day.risk_ratio - (20.0_f64 / 60.0).sqrt()).abs() < 1e-4, "{same_day:?}");
    assert_eq!((same_day.nights, same_day.measured_nights), (200, 200));
    assert!(same_day.sentence.contains("each 1,000 steps more"), "{}", same_day.sentence);
    assert!(same_day.sentence.contains("4,000 steps"), "{}", same_day.sentence);
    // The day before: the first night's day before was not measured.
    let before = d.iter().find(|d| d.amount == Amount::Steps && d.lag == 1).unwrap();
    assert_eq!(before.nights, 199);
}

/// Water a tracker measured counts as the day's fluid only where none was typed: a typed
/// figure always wins, and the sentence says how many days came from the tracker.
#[test]
fn measured_water_fills_in_only_where_no_fluid_was_typed() {
    let values: Vec<(i64, bool)> =
        (0..120).map(|i| (if i % 2 == 0 { 1000 } else { 1500 }, i % 3 == 0)).collect();
    let mut all = nights(&values);
    // The first 40 nights have no fluid typed; the tracker has water for every day, set far
    // from the typed figure so a mix-up would show in the median.
    for n in &mut all[..40] {
        n.fluid = None;
    }
    let water: Vec<Measured> = all.iter().map(|n| measured(n.date, MeasuredKind::WaterMl, 3000)).collect();
    let refs: Vec<&Night> = all.iter().collect();
    let days = super::super::factors::days(&refs, &[]);
    let d = doses(&days, 0..days.len(), &by_night(&water), Units::Metric);
    let fluid = d.iter().find(|d| d.amount == Amount::Fluid && d.lag == 0).unwrap();
    assert_eq!((fluid.nights, fluid.measured_nights), (120, 40));
    assert!((fluid.thirds.last().unwrap().high - 3000.0).abs() < 1e-9);
    // 40 at 3 L, 40 at 1 L, 40 at 1.5 L: the median is the typed 1.5 L.
    assert!((fluid.median - 1500.0).abs() < 1e-9, "{}", fluid.median);
    assert!(fluid.sentence.contains("On 40 of these 120 days no fluid was typed"), "{}", fluid.sentence);
}

#[test]
fn two_amounts_half_a_litre_apart_give_the_plain_rate_ratio() {
    // 1 L on even nights (a cramp on 3 of every 5 of them), 1.5 L on odd ones (1 of every 5).
    let values: Vec<(i64, bool)> = (0..200)
        .map(|i| if i % 2 == 0 { (1000, (i / 2) % 5 < 3) } else { (1500, (i / 2) % 5 == 0) })
        .collect();
    let d = run(&values);
    let same_day = d.iter().find(|d| d.amount == Amount::Fluid && d.lag == 0).unwrap();
    // Per 0.5 L more: (20 of 100) / (60 of 100).
    assert!((same_day.risk_ratio - 20.0 / 60.0).abs() < 1e-4, "{same_day:?}");
    assert!(same_day.ci_high < 1.0 && same_day.p_value < 0.001);
    assert_eq!(same_day.nights, 200);
    assert!((same_day.median - 1250.0).abs() < 1e-9);
    // The thirds hold every night once, lowest first, with their own cramp counts.
    let total: u32 = same_day.thirds.iter().map(|t| t.nights).sum();
    assert_eq!(total, 200);
    let low = &same_day.thirds[0];
    assert_eq!((low.low, low.high, low.nights, low.cramp_nights), (1000.0, 1000.0, 100, 60));
    assert!(
        same_day
            .sentence
            .starts_with("With 500 ml more fluid (the same day), cramps came about 0.33× as often"),
        "{}",
        same_day.sentence
    );
    assert!(
        same_day.sentence.contains("1 L: 60 of 100 nights; 1.5 L: 20 of 100 nights"),
        "{}",
        same_day.sentence
    );
    // The day before: night i's cramp against night i − 1's fluid, 199 pairs.
    let before = d.iter().find(|d| d.amount == Amount::Fluid && d.lag == 1).unwrap();
    assert_eq!(before.nights, 199);
}

#[test]
fn thirds_split_a_spread_of_amounts_by_rank() {
    let values: Vec<(i64, bool)> = (0..90).map(|i| (1000 + 10 * i, i % 4 == 0)).collect();
    let d = run(&values);
    let f = d.iter().find(|d| d.lag == 0).unwrap();
    let counts: Vec<u32> = f.thirds.iter().map(|t| t.nights).collect();
    assert_eq!(counts, [31, 30, 29]);
    let cramps: Vec<u32> = f.thirds.iter().map(|t| t.cramp_nights).collect();
    // Recount by hand: cramps on multiples of 4 among indices 0..=30, 31..=60, 61..=89.
    let by_hand = |r: std::ops::RangeInclusive<i64>| r.filter(|i| i % 4 == 0).count() as u32;
    assert_eq!(cramps, [by_hand(0..=30), by_hand(31..=60), by_hand(61..=89)]);
    assert!(run(&values[..20]).is_empty(), "too few nights");
}
