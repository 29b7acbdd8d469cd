//! Special functions the experiment's analysis needs: log-gamma, the regularised incomplete beta
//! (by its continued fraction), its inverse, and Student's t distribution built on it.

/// ln Γ(x) for x > 0, by the Lanczos approximation (g = 7, 9 terms): about 15 significant digits.
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in the range where it is accurate.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularised incomplete beta `I_x(a, b)` = P(X ≤ x) for X ~ Beta(a, b), a, b > 0.
pub fn beta_cdf(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    // The continued fraction converges fast only below the mean; use the symmetry above it.
    if x < (a + 1.0) / (a + b + 2.0) {
        front * continued_fraction(x, a, b) / a
    } else {
        1.0 - front * continued_fraction(1.0 - x, b, a) / b
    }
}

/// The continued fraction for the incomplete beta, by the modified Lentz method.
#[allow(clippy::many_single_char_names)] // the names of the published recurrence
fn continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    let tiny_guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / tiny_guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=500 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / tiny_guard(1.0 + even * d);
        c = tiny_guard(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / tiny_guard(1.0 + odd * d);
        c = tiny_guard(1.0 + odd / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// The `q` quantile of Beta(a, b), by bisection on [`beta_cdf`] (monotone, so it cannot fail).
pub fn beta_quantile(q: f64, a: f64, b: f64) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, 1.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if beta_cdf(mid, a, b) < q {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-15 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Two-sided p-value of Student's t with `df` degrees of freedom: P(|T| ≥ |t|).
pub fn t_two_sided(t: f64, df: f64) -> f64 {
    if !t.is_finite() {
        return if t.is_nan() { 1.0 } else { 0.0 };
    }
    beta_cdf(df / (df + t * t), df / 2.0, 0.5)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_gamma_matches_factorials_and_the_half() {
        // Γ(n) = (n−1)!, Γ(1/2) = √π.
        let mut fact = 1.0_f64;
        for n in 1..30 {
            assert!((ln_gamma(f64::from(n)) - fact.ln()).abs() < 1e-12, "n = {n}");
            fact *= f64::from(n);
        }
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-13);
        assert!((ln_gamma(0.1) - 2.252_712_651_734_206).abs() < 1e-12);
    }

    #[test]
    fn incomplete_beta_agrees_with_closed_forms() {
        // I_x(1, b) = 1 − (1 − x)^b; I_x(a, 1) = x^a; I_x(a, a) at ½ is ½.
        for &x in &[0.01, 0.2, 0.5, 0.77, 0.99] {
            for &p in &[0.5, 1.0, 3.0, 30.5] {
                assert!((beta_cdf(x, 1.0, p) - (1.0 - (1.0 - x).powf(p))).abs() < 1e-13);
                assert!((beta_cdf(x, p, 1.0) - x.powf(p)).abs() < 1e-13);
            }
        }
        for &a in &[0.5, 2.0, 18.5, 200.0] {
            assert!((beta_cdf(0.5, a, a) - 0.5).abs() < 1e-12);
        }
        // I_x(1/2, 1/2) = (2/π) asin √x.
        let x: f64 = 0.3;
        let arcsine = 2.0 / std::f64::consts::PI * x.sqrt().asin();
        assert!((beta_cdf(x, 0.5, 0.5) - arcsine).abs() < 1e-13);
        // Symmetry I_x(a, b) = 1 − I_{1−x}(b, a), across the switch point.
        for &x in &[0.1, 0.37, 0.38, 0.39, 0.9] {
            assert!((beta_cdf(x, 18.5, 30.5) + beta_cdf(1.0 - x, 30.5, 18.5) - 1.0).abs() < 1e-13);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_incomplete_beta_is_a_distribution_function(
            a in 0.2f64..200.0, b in 0.2f64..200.0, x in 0.0f64..1.0, y in 0.0f64..1.0,
        ) {
            let (lo, hi) = if x <= y { (x, y) } else { (y, x) };
            let (p, q) = (beta_cdf(lo, a, b), beta_cdf(hi, a, b));
            proptest::prop_assert!((0.0..=1.0).contains(&p) && p <= q + 1e-12, "{p} {q}");
            proptest::prop_assert!((p + beta_cdf(1.0 - lo, b, a) - 1.0).abs() < 1e-9);
        }
    }

    #[test]
    fn the_quantile_inverts_the_cdf() {
        for &q in &[0.025, 0.5, 0.975] {
            let x = beta_quantile(q, 18.5, 30.5);
            assert!((beta_cdf(x, 18.5, 30.5) - q).abs() < 1e-12);
        }
    }

    #[test]
    fn student_t_matches_known_points() {
        // t(1) is Cauchy: P(|T| ≥ 1) = ½. Critical values: 12.706 for 1 df, 2.776 for 4 df, 0.05.
        assert!((t_two_sided(1.0, 1.0) - 0.5).abs() < 1e-12);
        assert!((t_two_sided(12.706_204_736, 1.0) - 0.05).abs() < 1e-9);
        assert!((t_two_sided(2.776_445_105, 4.0) - 0.05).abs() < 1e-9);
        assert!((t_two_sided(0.0, 3.0) - 1.0).abs() < 1e-12);
    }
}
