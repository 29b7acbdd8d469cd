//! What the design can detect: the chance that the pre-declared rule ("P(RR < 1) ≥ 0.95") fires
//! for a given true effect, by seeded simulation of whole experiments. Computed, never quoted.

use super::analysis::{Analysis, PeriodSummary};
use super::plan::splitmix64;
use super::{Arm, Design};

/// A seeded generator with the few distributions the simulation needs.
#[derive(Debug, Clone)]
pub struct Sim(u64);

impl Sim {
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Uniform in (0, 1): never 0, so logarithms stay finite.
    pub fn unit(&mut self) -> f64 {
        ((splitmix64(&mut self.0) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Standard normal, by Box–Muller.
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Gamma(shape, 1), by Marsaglia and Tsang (with the boost for shapes below 1).
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0) * self.unit().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v > 0.0 && self.unit().ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    /// Poisson(mean), by multiplying uniforms in steps of at most 30 (a sum of Poissons is
    /// Poisson, so large means stay exact without underflow).
    pub fn poisson(&mut self, mean: f64) -> u32 {
        let mut left = mean.max(0.0);
        let mut total = 0;
        while left > 0.0 {
            let step = left.min(30.0);
            left -= step;
            let limit = (-step).exp();
            let mut product = self.unit();
            while product > limit {
                total += 1;
                product *= self.unit();
            }
        }
        total
    }
}

/// One simulated experiment's periods: each period's cramps are Poisson about `rate` a night
/// (times `rr` on B), times a gamma frailty of mean 1 and shape `frailty` (smaller is more
/// overdispersed; coefficient of variation 1/√shape), as good and bad spells make them.
pub fn simulate_periods(
    sim: &mut Sim,
    pairs: u32,
    nights: u32,
    rate: f64,
    rr: f64,
    frailty: f64,
) -> Vec<PeriodSummary> {
    let mut out = Vec::new();
    for pair in 1..=pairs {
        for (i, arm) in [Arm::A, Arm::B].into_iter().enumerate() {
            let mean = rate * f64::from(nights) * if arm == Arm::B { rr } else { 1.0 };
            let spell = sim.gamma(frailty) / frailty;
            let cramps = sim.poisson(mean * spell);
            out.push(PeriodSummary {
                period: pair * 2 - 1 + i as u32,
                pair,
                arm,
                nights,
                cramps,
                cramp_nights: cramps.min(nights),
                worst: None,
                followed: nights,
                known: nights,
            });
        }
    }
    out
}

/// The assumptions behind the power statement: a person with 0.68 cramps a night (the issue's
/// example: 30 in 44 usual nights; the trial entry rule asks for 4 or more in 14) whose periods
/// vary by about a fifth beyond chance (frailty shape 25: coefficient of variation 0.2).
pub const ASSUMED_RATE: f64 = 0.68;
pub const ASSUMED_FRAILTY: f64 = 25.0;
const RUNS: u32 = 1000;

/// The share of simulated experiments with this design in which the rule fires when the change
/// truly multiplies the rate by `rr`.
#[must_use]
pub fn power(design: Design, pairs: u32, rr: f64, seed: u64) -> f64 {
    let mut sim = Sim::new(seed);
    let fired = (0..RUNS)
        .filter(|_| {
            let ps = simulate_periods(
                &mut sim,
                pairs,
                design.analysed_per_period(),
                ASSUMED_RATE,
                rr,
                ASSUMED_FRAILTY,
            );
            Analysis::of(&ps).is_some_and(|a| a.p_lower >= 0.95)
        })
        .count();
    fired as f64 / f64::from(RUNS)
}

/// What the design can detect, as chances "in 10": a halving with its pairs and with 6 pairs,
/// and a 30 % fall with its pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Power {
    pub pairs: u32,
    pub halving: f64,
    pub halving_six_pairs: f64,
    pub fall_30: f64,
}

impl Power {
    #[must_use]
    pub fn of(design: Design) -> Self {
        Self {
            pairs: design.pairs,
            halving: power(design, design.pairs, 0.5, 1),
            halving_six_pairs: power(design, 6, 0.5, 2),
            fall_30: power(design, design.pairs, 0.7, 3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_samplers_have_the_right_means_and_spread() {
        let mut sim = Sim::new(9);
        let n = 20_000;
        let g: Vec<f64> = (0..n).map(|_| sim.gamma(4.0)).collect();
        let mean = g.iter().sum::<f64>() / f64::from(n);
        let var = g.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        assert!((mean - 4.0).abs() < 0.1 && (var - 4.0).abs() < 0.3, "gamma {mean} {var}");
        let small: f64 = (0..n).map(|_| sim.gamma(0.5)).sum::<f64>() / f64::from(n);
        assert!((small - 0.5).abs() < 0.03, "gamma(0.5) mean {small}");
        let p: Vec<f64> = (0..n).map(|_| f64::from(sim.poisson(44.0))).collect();
        let mean = p.iter().sum::<f64>() / f64::from(n);
        let var = p.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / f64::from(n);
        assert!((mean - 44.0).abs() < 0.3 && (var - 44.0).abs() < 2.5, "poisson {mean} {var}");
    }

    /// Φ by the Abramowitz–Stegun 7.1.26 erf (error below 1.5e-7), for the check below.
    fn normal_cdf(x: f64) -> f64 {
        let z = x.abs() / std::f64::consts::SQRT_2;
        let t = 1.0 / (1.0 + 0.327_591_1 * z);
        let poly = t
            * (0.254_829_592
                + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
        let erf = 1.0 - poly * (-z * z).exp();
        0.5 * (1.0 + if x < 0.0 { -erf } else { erf })
    }

    #[test]
    fn the_simulated_power_agrees_with_a_normal_approximation() {
        // log RR is roughly normal with variance (1 + μ/shape)(1/μ_A + 1/μ_B), μ the period mean;
        // the rule fires when it lies 1.645 standard errors below 0.
        let d = Design::default();
        let approx = |pairs: u32, rr: f64| {
            let per_period = ASSUMED_RATE * f64::from(d.analysed_per_period());
            let inflation = 1.0 + per_period / ASSUMED_FRAILTY;
            let mu_a = per_period * f64::from(pairs);
            let se = (inflation * (1.0 / mu_a + 1.0 / (mu_a * rr))).sqrt();
            normal_cdf(-rr.ln() / se - 1.645)
        };
        let p = Power::of(d);
        for (got, want) in
            [(p.halving, approx(4, 0.5)), (p.halving_six_pairs, approx(6, 0.5)), (p.fall_30, approx(4, 0.7))]
        {
            assert!((got - want).abs() < 0.07, "simulated {got:.3}, approximately {want:.3}");
        }
    }

    #[test]
    fn power_grows_with_the_effect_and_the_pairs() {
        let p = Power::of(Design::default());
        println!("{p:?}");
        assert!(p.fall_30 < p.halving && p.halving < p.halving_six_pairs, "{p:?}");
        // With no effect the rule fires at about its 5 % error rate.
        assert!(power(Design::default(), 4, 1.0, 4) < 0.1);
    }
}
