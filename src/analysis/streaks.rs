//! P-values that stay valid when cramps come in spells and factors in stretches: a circular-shift
//! permutation test over the analysed nights, or, when there are too few nights for one, Fisher's
//! p with its variance inflated by Bartlett's correction from both series' autocorrelations.
//!
//! Fisher's test assumes independent nights. When both series are autocorrelated, two unrelated
//! series agree by chance far more often than it allows, so its p-values are too small.

use super::findings::MAX_Q;
use super::stats::{normal_cdf, normal_quantile};

/// Shifts shorter than this keep too much of a spell together to count as "unrelated" nights.
pub const MIN_SHIFT: usize = 14;
/// Fewest analysed nights for the permutation test.
pub const MIN_PERMUTATION_NIGHTS: usize = 150;
/// At most this many shifts are used, evenly spread, so 100 years stays fast; up to about 1,000
/// nights that is every shift.
pub const MAX_SHIFTS: usize = 999;
/// Bartlett's sum runs over lags 1..=L with L = √n, at most this.
const MAX_BARTLETT_LAG: usize = 30;

/// How a decision p-value was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Rank of the observed difference among the circularly shifted ones.
    CircularShift,
    /// Fisher's p with its z divided by √(Bartlett's variance inflation).
    Bartlett,
}

/// The cramp series of the analysed nights, prepared once for every factor.
#[derive(Debug, Clone)]
pub struct Cramps {
    nights: Vec<bool>,
    /// `windows[r][k]`: word `k` of the doubled cramp bits shifted right by `r` bits, so any
    /// circular shift of the cramp series can be read as whole words.
    windows: Vec<Vec<u64>>,
    /// The shifts the permutation test uses.
    shifts: Vec<usize>,
    acf: Vec<f64>,
}

impl Cramps {
    #[must_use]
    pub fn new(cramps: Vec<bool>) -> Self {
        let n = cramps.len();
        let lags = bartlett_lags(n);
        let acf = autocorrelations(&cramps.iter().map(|&c| Some(c)).collect::<Vec<_>>(), lags);
        let shifts = shifts(n);
        let windows = if n >= MIN_PERMUTATION_NIGHTS { windows(&cramps) } else { Vec::new() };
        Self { nights: cramps, windows, shifts, acf }
    }

    /// The method used for a family of `tests` comparisons: the permutation test when there are
    /// enough nights and enough shifts that a lone finding at the smallest possible p,
    /// 1/(shifts + 1), can still reach q ≤ `MAX_Q` after Benjamini–Hochberg.
    #[must_use]
    pub fn method(&self, tests: usize) -> Method {
        let enough_shifts = (self.shifts.len() + 1) as f64 * MAX_Q >= tests as f64;
        if self.nights.len() >= MIN_PERMUTATION_NIGHTS && enough_shifts {
            Method::CircularShift
        } else {
            Method::Bartlett
        }
    }

    /// Whether each analysed night had cramps.
    #[must_use]
    pub fn series(&self) -> &[bool] {
        &self.nights
    }

    /// How many shifts the permutation test uses.
    #[must_use]
    pub fn shift_count(&self) -> usize {
        self.shifts.len()
    }

    /// The two-sided circular-shift p-value for one factor's exposure on the same nights
    /// (`None` = unknown): (1 + shifts whose |rate difference| is at least the observed) /
    /// (1 + shifts). Needs at least [`MIN_PERMUTATION_NIGHTS`] nights.
    #[must_use]
    pub fn circular_p(&self, exposure: &[Option<bool>]) -> f64 {
        let n = self.nights.len();
        if self.windows.is_empty() || exposure.len() != n {
            return 1.0;
        }
        let words = n.div_ceil(64);
        let (mut with, mut without) = (vec![0u64; words], vec![0u64; words]);
        for (i, e) in exposure.iter().enumerate() {
            match e {
                Some(true) => with[i / 64] |= 1 << (i % 64),
                Some(false) => without[i / 64] |= 1 << (i % 64),
                None => {}
            }
        }
        let n1: u32 = with.iter().map(|w| w.count_ones()).sum();
        let n0: u32 = without.iter().map(|w| w.count_ones()).sum();
        if n1 == 0 || n0 == 0 {
            return 1.0;
        }
        let cramps_total = self.nights.iter().filter(|&&c| c).count() as u32;
        // With every night known, the cramps without the factor are the rest: one count a shift.
        let all_known = (n1 + n0) as usize == n;
        let difference = |shift: usize| {
            // Night j's exposure meets the cramps of night j − shift (circularly).
            let start = n - shift;
            let window = &self.windows[start % 64][start / 64..start / 64 + words];
            let a = and_count(&with, window);
            let c = if all_known { cramps_total - a } else { and_count(&without, window) };
            (f64::from(a) / f64::from(n1) - f64::from(c) / f64::from(n0)).abs()
        };
        let observed = difference(n) - 1e-12;
        let as_large = self.shifts.iter().filter(|&&s| difference(s) >= observed).count();
        (1 + as_large) as f64 / (1 + self.shifts.len()) as f64
    }

    /// Bartlett's variance inflation for the association of this exposure with the cramps:
    /// 1 + 2 Σ `r_x(k) r_y(k)` over lags 1..=√n (at most 30), never below 1, so a noisy estimate
    /// can make the test more careful but never bolder than Fisher's.
    #[must_use]
    pub fn inflation(&self, exposure: &[Option<bool>]) -> f64 {
        let rx = autocorrelations(exposure, self.acf.len());
        let sum: f64 = rx.iter().zip(&self.acf).map(|(x, y)| x * y).sum();
        (1.0 + 2.0 * sum).max(1.0)
    }
}

/// Fisher's p made allowance for streaks: its normal deviate divided by √`inflation`.
#[must_use]
pub fn inflated_p(p_fisher: f64, inflation: f64) -> f64 {
    if p_fisher.is_nan() || p_fisher <= 0.0 || p_fisher >= 1.0 {
        return p_fisher.clamp(0.0, 1.0);
    }
    let z = -normal_quantile(p_fisher / 2.0);
    (2.0 * normal_cdf(-z / inflation.max(1.0).sqrt())).min(1.0)
}

/// Set bits in common: kept to one plain loop over equal slices so it vectorises.
fn and_count(a: &[u64], b: &[u64]) -> u32 {
    a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
}

/// The lags Bartlett's sum runs over for `n` nights.
#[must_use]
pub fn bartlett_lags(n: usize) -> usize {
    (n as f64).sqrt().floor().min(MAX_BARTLETT_LAG as f64).min(n.saturating_sub(1) as f64) as usize
}

/// Every shift from `MIN_SHIFT` to n − `MIN_SHIFT`, or `MAX_SHIFTS` of them evenly spread.
fn shifts(n: usize) -> Vec<usize> {
    if n < 2 * MIN_SHIFT + 1 {
        return Vec::new();
    }
    let all = n - 2 * MIN_SHIFT + 1;
    if all <= MAX_SHIFTS {
        (MIN_SHIFT..=n - MIN_SHIFT).collect()
    } else {
        (0..MAX_SHIFTS).map(|j| MIN_SHIFT + j * (all - 1) / (MAX_SHIFTS - 1)).collect()
    }
}

/// The cramp bits twice over (so a circular shift is a plain window), shifted right by 0..64.
fn windows(cramps: &[bool]) -> Vec<Vec<u64>> {
    let n = cramps.len();
    let words = (2 * n).div_ceil(64) + 2;
    let mut doubled = vec![0u64; words];
    for (i, &c) in cramps.iter().chain(cramps).enumerate() {
        if c {
            doubled[i / 64] |= 1 << (i % 64);
        }
    }
    (0..64)
        .map(|r| {
            (0..words - 1)
                .map(|k| if r == 0 { doubled[k] } else { (doubled[k] >> r) | (doubled[k + 1] << (64 - r)) })
                .collect()
        })
        .collect()
}

/// Sample autocorrelations at lags 1..=`lags` of a 0/1 series with gaps: mean and variance over
/// the known values, each lag's sum over the pairs where both are known, divided by the count of
/// known values (the usual estimator). All zero for a constant series.
#[must_use]
pub fn autocorrelations(series: &[Option<bool>], lags: usize) -> Vec<f64> {
    let values: Vec<Option<f64>> = series.iter().map(|v| v.map(|b| f64::from(u8::from(b)))).collect();
    autocorrelations_of(&values, lags)
}

/// The same for a series of amounts (fluid, hours, steps) with gaps.
#[must_use]
pub fn autocorrelations_of(series: &[Option<f64>], lags: usize) -> Vec<f64> {
    let known: Vec<f64> = series.iter().flatten().copied().collect();
    if known.is_empty() {
        return vec![0.0; lags];
    }
    let count = known.len() as f64;
    let mean = known.iter().sum::<f64>() / count;
    let var = known.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / count;
    let centred: Vec<Option<f64>> = series.iter().map(|v| v.map(|x| x - mean)).collect();
    (1..=lags)
        .map(|k| {
            if var <= 1e-12 || k >= series.len() {
                return 0.0;
            }
            let sum: f64 = centred.iter().zip(&centred[k..]).filter_map(|(a, b)| Some((*a)? * (*b)?)).sum();
            sum / count / var
        })
        .collect()
}

#[cfg(test)]
mod tests;
