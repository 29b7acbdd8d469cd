//! Tests of the pre-declared analysis: the worked example and the test's own recomputation.

use super::*;
use crate::experiment::power::{Sim, simulate_periods};

/// Periods from cramp counts, 11 analysed nights each, pairs in order A then B.
fn periods(a: &[u32], b: &[u32]) -> Vec<PeriodSummary> {
    let make = |pair: u32, arm: Arm, cramps: u32| PeriodSummary {
        period: pair * 2 - u32::from(arm == Arm::A),
        pair,
        arm,
        nights: 11,
        cramps,
        cramp_nights: cramps.min(11),
        worst: None,
        followed: 11,
        known: 11,
    };
    a.iter()
        .zip(b)
        .enumerate()
        .flat_map(|(i, (&ca, &cb))| [make(i as u32 + 1, Arm::A, ca), make(i as u32 + 1, Arm::B, cb)])
        .collect()
}

#[test]
fn the_worked_example_gives_the_pre_declared_figures() {
    let got = Analysis::of(&periods(&[8, 7, 9, 6], &[5, 4, 7, 2])).unwrap();
    assert_eq!((got.a.cramps, got.a.nights, got.b.cramps, got.b.nights), (30, 44, 18, 44));
    assert!((got.phi - 1.0).abs() < 1e-12, "φ = {}", got.phi);
    assert!((got.p_lower - 0.958_906).abs() < 1e-5, "P(RR<1) = {}", got.p_lower);
    assert!((got.p_quarter - 0.772_256).abs() < 1e-5, "P(RR<0.75) = {}", got.p_quarter);
    assert!((got.interval.0 - 0.331).abs() < 5e-4, "low {}", got.interval.0);
    assert!((got.interval.1 - 1.066).abs() < 5e-4, "high {}", got.interval.1);
    assert!((got.median - 0.602).abs() < 5e-4, "median {}", got.median);
    assert_eq!(got.pairs, 4);
    assert!((got.randomisation_p - 0.0625).abs() < 1e-12);
    assert!((got.randomisation_floor - 0.0625).abs() < 1e-12);
    let (_, p) = got.paired_t.unwrap();
    assert!((p - 0.00521).abs() < 1e-5, "paired t p = {p}");
}

#[test]
fn overdispersion_is_the_pearson_ratio_when_periods_vary_a_lot() {
    // A = [2, 20, 3, 19] about 11: χ² = (81 + 81 + 64 + 64) / 11; B = [5, 5, 5, 5] adds nothing.
    let got = overdispersion(&periods(&[2, 20, 3, 19], &[5, 5, 5, 5]));
    let expected = (81.0 + 81.0 + 64.0 + 64.0) / 11.0 / 6.0;
    assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
    // Wider intervals follow: the same totals with φ > 1 are less certain.
    let spread = Analysis::of(&periods(&[2, 20, 3, 19], &[5, 5, 5, 5])).unwrap();
    let calm = Analysis::of(&periods(&[11, 11, 11, 11], &[5, 5, 5, 5])).unwrap();
    assert!(spread.interval.1 - spread.interval.0 > calm.interval.1 - calm.interval.0);
}

#[test]
fn the_sign_flip_test_counts_arrangements() {
    // Recounted by hand: differences −1, −2, +1 → sums over the 8 flips; observed −2.
    // Flips give: −2, 0, 2, 4, −4, −2, 0, 2 → 3 of 8 are ≤ −2.
    assert!((sign_flip_p(&[-1.0, -2.0, 1.0]) - 3.0 / 8.0).abs() < 1e-12);
    assert!((sign_flip_p(&[-1.0; 6]) - 1.0 / 64.0).abs() < 1e-12);
    assert_eq!(pairs_needed(0.05, false), 5);
    assert_eq!(pairs_needed(0.05, true), 6);
}

#[test]
fn a_missing_arm_gives_no_analysis_and_a_lone_pair_no_t() {
    let mut p = periods(&[3], &[1]);
    assert!(Analysis::of(&p).unwrap().paired_t.is_none());
    p[1].nights = 0;
    assert!(Analysis::of(&p).is_none());
}

#[test]
fn with_no_real_effect_the_rule_rarely_fires_even_when_periods_are_overdispersed() {
    // Periods drawn with a gamma frailty (coefficient of variation 0.5) about 0.6 cramps a night:
    // clearly overdispersed. The rule "P(RR < 1) ≥ 0.95" should fire about 5 % of the time and
    // must stay at or under 10 %.
    let mut sim = Sim::new(20_261_202);
    let runs = 2000;
    let mut fired = 0;
    let mut phi_above_one = 0;
    for _ in 0..runs {
        let ps = simulate_periods(&mut sim, 4, 11, 0.6, 1.0, 4.0);
        let got = Analysis::of(&ps).unwrap();
        fired += u32::from(got.p_lower >= 0.95);
        phi_above_one += u32::from(got.phi > 1.0);
    }
    let share = f64::from(fired) / f64::from(runs);
    assert!(share <= 0.10, "the rule fired in {share:.3} of null experiments");
    assert!(share > 0.0, "a rule that never fires is not being tested");
    assert!(phi_above_one > runs / 2, "the simulated periods were not overdispersed");
}
