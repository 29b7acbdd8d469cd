//! The pre-declared analysis, as assigned: a Gamma–Poisson rate ratio B/A with a Jeffreys prior
//! and an overdispersion factor, an exact sign-flip randomisation test over the pairs, and a
//! paired t-test on the period means as a sensitivity check.

use super::special::{beta_cdf, beta_quantile, t_two_sided};
use super::{Arm, Change, Plan};
use crate::model::{Night, Score};

/// Periods with fewer analysed nights than this are flagged in the report.
pub const FEW_NIGHTS: u32 = 7;

/// What one period's analysed nights hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodSummary {
    pub period: u32,
    pub pair: u32,
    pub arm: Arm,
    /// Analysed nights that were logged (a night not logged is not counted either way).
    pub nights: u32,
    pub cramps: u32,
    pub cramp_nights: u32,
    pub worst: Option<Score>,
    /// Analysed nights whose logged fields show the assignment followed, and those that show
    /// either way (a night whose field was left empty shows neither).
    pub followed: u32,
    pub known: u32,
}

impl PeriodSummary {
    /// Sums the analysed nights of every period of `plan` from the logged `nights`.
    #[must_use]
    pub fn all(plan: &Plan, change: &Change, nights: &[Night]) -> Vec<Self> {
        let mut out: Vec<Self> = (1..=plan.design.pairs * 2)
            .filter_map(|period| {
                Some(Self {
                    period,
                    pair: period.div_ceil(2),
                    arm: plan.arm_of(period)?,
                    nights: 0,
                    cramps: 0,
                    cramp_nights: 0,
                    worst: None,
                    followed: 0,
                    known: 0,
                })
            })
            .collect();
        for night in nights {
            let Some(a) = plan.on(night.date).filter(|a| a.analysed) else { continue };
            let Some(p) = out.get_mut((a.period - 1) as usize) else { continue };
            p.nights += 1;
            p.cramps += night.episodes.len() as u32;
            p.cramp_nights += u32::from(night.had_cramps());
            p.worst = p.worst.max(night.worst_intensity());
            if let Some(made) = change.made_on(night) {
                p.known += 1;
                p.followed += u32::from(made == (a.arm == Arm::B));
            }
        }
        out
    }
}

/// One arm's totals over its periods.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArmSummary {
    pub nights: u32,
    pub cramps: u32,
    pub cramp_nights: u32,
    pub worst: Option<Score>,
    pub followed: u32,
    pub known: u32,
}

impl ArmSummary {
    #[must_use]
    pub fn of(periods: &[PeriodSummary], arm: Arm) -> Self {
        periods.iter().filter(|p| p.arm == arm).fold(Self::default(), |s, p| Self {
            nights: s.nights + p.nights,
            cramps: s.cramps + p.cramps,
            cramp_nights: s.cramp_nights + p.cramp_nights,
            worst: s.worst.max(p.worst),
            followed: s.followed + p.followed,
            known: s.known + p.known,
        })
    }

    /// Cramps a night.
    #[must_use]
    pub fn rate(&self) -> f64 {
        f64::from(self.cramps) / f64::from(self.nights.max(1))
    }
}

/// The posterior of the rate ratio B/A: with λ ~ Gamma((0.5 + cramps)/φ, nights/φ) for each
/// arm, B/(A + B) of the two standardised gammas is `Beta(shape_b, shape_a)`, so
/// `P(RR < r) = I_{c/(1+c)}(shape_b, shape_a)` with `c = r · nights_b / nights_a`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateRatio {
    shape_a: f64,
    shape_b: f64,
    /// `nights_a / nights_b`: turns the ratio of standardised gammas into the rate ratio.
    scale: f64,
}

impl RateRatio {
    #[must_use]
    pub fn new(a: (u32, u32), b: (u32, u32), phi: f64) -> Self {
        Self {
            shape_a: (0.5 + f64::from(a.0)) / phi,
            shape_b: (0.5 + f64::from(b.0)) / phi,
            scale: f64::from(a.1) / f64::from(b.1),
        }
    }

    /// P(RR < r).
    #[must_use]
    pub fn below(&self, r: f64) -> f64 {
        let c = r / self.scale;
        beta_cdf(c / (1.0 + c), self.shape_b, self.shape_a)
    }

    /// The `q` quantile of RR.
    #[must_use]
    pub fn quantile(&self, q: f64) -> f64 {
        let x = beta_quantile(q, self.shape_b, self.shape_a);
        self.scale * x / (1.0 - x)
    }
}

/// φ = max(1, Pearson χ² of the period totals about their arm's expectation / (periods − 2)).
/// The expectation is the arm's rate times the period's nights (the arm mean when all periods
/// have the same number of nights).
#[must_use]
pub fn overdispersion(periods: &[PeriodSummary]) -> f64 {
    let used: Vec<&PeriodSummary> = periods.iter().filter(|p| p.nights > 0).collect();
    if used.len() <= 2 {
        return 1.0;
    }
    let chi2: f64 = used
        .iter()
        .map(|p| {
            let rate = ArmSummary::of(periods, p.arm).rate();
            let expected = rate * f64::from(p.nights);
            if expected > 0.0 { (f64::from(p.cramps) - expected).powi(2) / expected } else { 0.0 }
        })
        .sum();
    (chi2 / (used.len() - 2) as f64).max(1.0)
}

/// The exact one-sided sign-flip test: of the 2^k ways to swap A and B within pairs, the share
/// whose summed difference (B − A cramps a night) is as low as or lower than the one observed.
#[must_use]
pub fn sign_flip_p(differences: &[f64]) -> f64 {
    let k = differences.len();
    if k == 0 || k > 20 {
        return 1.0;
    }
    let observed: f64 = differences.iter().sum();
    let arrangements = 1u32 << k;
    let as_low = (0..arrangements)
        .filter(|mask| {
            let s: f64 =
                differences.iter().enumerate().map(|(i, d)| if mask >> i & 1 == 1 { -d } else { *d }).sum();
            s <= observed + 1e-12
        })
        .count();
    as_low as f64 / f64::from(arrangements)
}

/// Two-sided paired t-test on the differences; `None` with fewer than 2 or no spread.
#[must_use]
pub fn paired_t(differences: &[f64]) -> Option<(f64, f64)> {
    let n = differences.len() as f64;
    if differences.len() < 2 {
        return None;
    }
    let mean = differences.iter().sum::<f64>() / n;
    let var = differences.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0);
    if var <= 0.0 {
        return None;
    }
    let t = mean / (var / n).sqrt();
    Some((t, t_two_sided(t, n - 1.0)))
}

/// The whole pre-declared analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub a: ArmSummary,
    pub b: ArmSummary,
    pub phi: f64,
    /// P(RR < 1) and P(RR < 0.75).
    pub p_lower: f64,
    pub p_quarter: f64,
    pub median: f64,
    /// The 95 % interval.
    pub interval: (f64, f64),
    /// Pairs with analysed nights in both periods: the ones the paired tests use.
    pub pairs: u32,
    pub randomisation_p: f64,
    /// The smallest one-sided p the sign-flip test can give with this many pairs: 1 / 2^k.
    pub randomisation_floor: f64,
    /// t and its two-sided p.
    pub paired_t: Option<(f64, f64)>,
}

impl Analysis {
    /// `None` until both arms have analysed nights.
    #[must_use]
    pub fn of(periods: &[PeriodSummary]) -> Option<Self> {
        let (a, b) = (ArmSummary::of(periods, Arm::A), ArmSummary::of(periods, Arm::B));
        if a.nights == 0 || b.nights == 0 {
            return None;
        }
        let phi = overdispersion(periods);
        let rr = RateRatio::new((a.cramps, a.nights), (b.cramps, b.nights), phi);
        let differences = pair_differences(periods);
        let k = differences.len() as u32;
        Some(Self {
            a,
            b,
            phi,
            p_lower: rr.below(1.0),
            p_quarter: rr.below(0.75),
            median: rr.quantile(0.5),
            interval: (rr.quantile(0.025), rr.quantile(0.975)),
            pairs: k,
            randomisation_p: sign_flip_p(&differences),
            randomisation_floor: 0.5_f64.powi(k as i32),
            paired_t: paired_t(&differences),
        })
    }
}

/// B − A cramps a night in each pair with analysed nights in both periods.
#[must_use]
pub fn pair_differences(periods: &[PeriodSummary]) -> Vec<f64> {
    let rate = |p: &PeriodSummary| f64::from(p.cramps) / f64::from(p.nights);
    let mut pairs: Vec<u32> = periods.iter().map(|p| p.pair).collect();
    pairs.dedup();
    pairs
        .into_iter()
        .filter_map(|pair| {
            let arm = |arm| periods.iter().find(|p| p.pair == pair && p.arm == arm && p.nights > 0);
            Some(rate(arm(Arm::B)?) - rate(arm(Arm::A)?))
        })
        .collect()
}

/// The fewest pairs with which the sign-flip test can reach `alpha` at all: its smallest p is
/// 1 / 2^k one-sided and 2 / 2^k two-sided (4 pairs: 0.0625 one-sided; 0.05 two-sided needs 6).
#[must_use]
pub fn pairs_needed(alpha: f64, two_sided: bool) -> u32 {
    let sides = if two_sided { 2.0 } else { 1.0 };
    (1..=30).find(|&k| sides * 0.5_f64.powi(k) <= alpha + 1e-12).map_or(30, |k| k as u32)
}

#[cfg(test)]
#[path = "analysis_tests.rs"]
mod tests;
