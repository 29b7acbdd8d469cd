use super::*;

/// A small deterministic generator, so the tests need no seed crate.
struct Lcg(u64);
impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A 0/1 Markov chain with the given share of ones and lag-one correlation.
fn chain(rng: &mut Lcg, n: usize, share: f64, rho: f64) -> Vec<bool> {
    let mut x = rng.unit() < share;
    (0..n)
        .map(|_| {
            let p = if x { share + rho * (1.0 - share) } else { share * (1.0 - rho) };
            x = rng.unit() < p;
            x
        })
        .collect()
}

/// The p-value recomputed the slow way: every listed shift paired night by night.
fn brute_force(cramps: &[bool], exposure: &[Option<bool>], shifts: &[usize]) -> f64 {
    let n = cramps.len();
    let diff = |s: usize| {
        let (mut a, mut n1, mut c, mut n0) = (0.0, 0.0, 0.0, 0.0);
        for j in 0..n {
            let y = f64::from(u8::from(cramps[(j + n - s) % n]));
            match exposure[j] {
                Some(true) => (a, n1) = (a + y, n1 + 1.0),
                Some(false) => (c, n0) = (c + y, n0 + 1.0),
                None => {}
            }
        }
        (a / n1 - c / n0).abs()
    };
    let observed = diff(0);
    let hits = shifts.iter().filter(|&&s| diff(s) >= observed - 1e-12).count();
    (1 + hits) as f64 / (1 + shifts.len()) as f64
}

#[test]
fn the_permutation_p_matches_brute_force() {
    let mut rng = Lcg(7);
    // 333 nights have every exposure known, which takes the one-count path.
    for (n, related) in [(150, false), (200, true), (333, false), (1_500, true)] {
        let cramps = chain(&mut rng, n, 0.3, 0.5);
        let exposure: Vec<Option<bool>> = cramps
            .iter()
            .map(|&c| {
                let u = rng.unit();
                if u < 0.1 && n != 333 { None } else { Some(if related && c { u < 0.7 } else { u < 0.4 }) }
            })
            .collect();
        let prepared = Cramps::new(cramps.clone());
        // Every shift of at least 14 nights each way, or 999 evenly spread.
        let listed: Vec<usize> = if n - 27 <= MAX_SHIFTS {
            (14..=n - 14).collect()
        } else {
            (0..MAX_SHIFTS).map(|j| 14 + j * (n - 28) / (MAX_SHIFTS - 1)).collect()
        };
        assert_eq!(prepared.shift_count(), listed.len());
        assert_eq!((listed[0], *listed.last().unwrap()), (14, n - 14));
        let want = brute_force(&cramps, &exposure, &listed);
        let got = prepared.circular_p(&exposure);
        assert!((got - want).abs() < 1e-12, "n {n}: got {got}, want {want}");
        if related {
            assert!(got < 0.01, "n {n}: {got}");
        }
    }
}

#[test]
fn autocorrelations_of_known_series() {
    let alternating: Vec<Option<bool>> = (0..100).map(|i| Some(i % 2 == 0)).collect();
    let r = autocorrelations(&alternating, 2);
    assert!((r[0] + 0.99).abs() < 1e-9 && (r[1] - 0.98).abs() < 1e-9, "{r:?}");
    assert_eq!(autocorrelations(&[Some(true); 10], 3), vec![0.0; 3]);
    let mut rng = Lcg(3);
    let long: Vec<Option<bool>> = chain(&mut rng, 20_000, 0.3, 0.6).into_iter().map(Some).collect();
    let r = autocorrelations(&long, 2);
    assert!((r[0] - 0.6).abs() < 0.03 && (r[1] - 0.36).abs() < 0.03, "{r:?}");
    // A gap leaves its pairs out, without shifting the others.
    let gapped = [Some(true), None, Some(true), Some(true), Some(false)];
    let r = autocorrelations(&gapped, 1);
    // Mean 0.75 and variance 0.1875 over the 4 known; the complete pairs at lag 1 are
    // (true, true) and (true, false): 0.0625 − 0.1875.
    assert!((r[0] - (-0.125 / 4.0 / 0.1875)).abs() < 1e-12, "{r:?}");
}

#[test]
fn inflation_widens_fisher_and_never_narrows_it() {
    assert!((inflated_p(0.05, 1.0) - 0.05).abs() < 1e-6);
    // z = 1.96 halved by √4: p = 2Φ(−0.98).
    assert!((inflated_p(0.05, 4.0) - 0.327_05).abs() < 1e-4, "{}", inflated_p(0.05, 4.0));
    assert!((inflated_p(0.05, 0.5) - 0.05).abs() < 1e-6);
    assert!((inflated_p(1.0, 3.0) - 1.0).abs() < 1e-15);
    assert!(inflated_p(1e-200, 2.0) > 0.0);
    let mut rng = Lcg(11);
    let cramps = chain(&mut rng, 120, 0.3, 0.5);
    let streaky: Vec<Option<bool>> = chain(&mut rng, 120, 0.4, 0.8).into_iter().map(Some).collect();
    let prepared = Cramps::new(cramps);
    assert!(prepared.inflation(&streaky) >= 1.0);
    // The exposure equal to the cramps inflates by 1 + 2 Σ r(k)².
    let same: Vec<Option<bool>> = prepared.nights.iter().map(|&c| Some(c)).collect();
    let want = 1.0 + 2.0 * prepared.acf.iter().map(|r| r * r).sum::<f64>();
    assert!((prepared.inflation(&same) - want).abs() < 1e-12);
    assert_eq!(prepared.acf.len(), 10);
}

#[test]
fn the_method_depends_on_nights_and_tests() {
    let few = Cramps::new(vec![false; 149]);
    assert_eq!(few.method(1), Method::Bartlett);
    let year = Cramps::new(vec![false; 365]);
    // 338 shifts: a lone p of 1/339 can reach q ≤ 0.05 for up to 16 tests.
    assert_eq!(year.shift_count(), 338);
    assert_eq!(year.method(16), Method::CircularShift);
    assert_eq!(year.method(17), Method::Bartlett);
    assert!((few.circular_p(&[Some(true); 149]) - 1.0).abs() < 1e-15);
}
