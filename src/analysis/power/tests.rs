use super::*;

#[test]
fn a_worked_case() {
    // 180 nights, a quarter with cramps, 10 tests: p0 = 1/6, p1 = 1/3, 90 nights each, a lone
    // finding needs p ≤ 0.005, so |z| ≥ 2.807034; pooled share 1/4.
    let null_se = (0.25_f64 * 0.75 * 2.0 / 90.0).sqrt();
    let se = ((1.0 / 3.0) * (2.0 / 3.0) / 90.0 + (1.0 / 6.0) * (5.0 / 6.0) / 90.0_f64).sqrt();
    let want = normal_cdf((1.0 / 6.0 - 1.0 / 90.0 - 2.807_034 * null_se) / se);
    assert!((want - 0.3428).abs() < 1e-3, "{want}");
    assert!((chance(180, 0.25, 10) - want).abs() < 1e-5);
    let p = power(180, 45, 10).unwrap();
    assert_eq!(p.sentence.matches("about 3 times in 10 with these 180 nights").count(), 1, "{}", p.sentence);
    let target = p.nights_for_target.unwrap();
    assert!(chance(target, 0.25, 10) >= 0.9 && chance(target - 1, 0.25, 10) < 0.9);
    assert!(
        p.sentence.ends_with(&format!("about 9 times in 10 with about {} nights.", round_nights(target)))
    );
}

/// A seeded simulation of the same design agrees with the formula: tables drawn night by night,
/// each tested by Fisher's exact test at the same level, in the direction of more cramps.
#[test]
fn the_formula_agrees_with_a_simulation() {
    let mut state = 42u64;
    let mut unit = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    for (nights, share, tests) in [(60u32, 0.3, 8u32), (240, 0.2, 16)] {
        let p0 = share / 1.5;
        let half = nights / 2;
        let z_crit = -normal_quantile(MAX_Q / f64::from(tests) / 2.0);
        let runs = 4_000;
        let mut seen = 0;
        for _ in 0..runs {
            let a = (0..half).filter(|_| unit() < 2.0 * p0).count() as u32;
            let c = (0..nights - half).filter(|_| unit() < p0).count() as u32;
            let t = crate::analysis::stats::Table { a, n1: half, c, n0: nights - half };
            let more = f64::from(a) * f64::from(t.n0) > f64::from(c) * f64::from(t.n1);
            seen += u32::from(more && t.fisher_p() <= 2.0 * normal_cdf(-z_crit));
        }
        let simulated = f64::from(seen) / f64::from(runs);
        let formula = chance(nights, share, tests);
        assert!((simulated - formula).abs() < 0.06, "{nights}: simulated {simulated}, formula {formula}");
    }
}

#[test]
fn words_for_chances() {
    assert_eq!(times(0.25), "about 3 times in 10");
    assert_eq!(times(0.12), "about 1 time in 8");
    assert_eq!(times(0.97), "almost every time");
    assert_eq!(times(0.01), "hardly ever");
    assert_eq!(round_nights(183), "180");
    assert_eq!(round_nights(1_234), "1,200");
    assert_eq!(round_nights(7), "7");
    assert!(power(0, 0, 3).is_none() && power(30, 30, 3).is_none());
    // Past the target already: the sentence stops after the nights analysed.
    let p = power(3_000, 900, 10).unwrap();
    assert!(p.sentence.ends_with("almost every time with these 3000 nights."), "{}", p.sentence);
}
