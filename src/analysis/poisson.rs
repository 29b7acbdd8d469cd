//! Adjusted risk ratios: a modified-Poisson model (log link on 0/1 cramp nights, Newton–IRLS,
//! robust sandwich errors clustered by week) of each screened factor with the factors that come
//! with it and a piecewise-linear time trend, ridge-penalised when cramp nights are few.
//!
//! A 2×2 table cannot tell two factors apart when they come on the same days; the model can say
//! how much of the difference is left for each once the other is held fixed.

use super::stats::{Z95, normal_cdf};
use crate::model::Factor;

/// Nights per cluster of the sandwich: cramps in spells make neighbouring nights' residuals
/// alike, so whole weeks are treated as the independent units.
pub const CLUSTER_NIGHTS: usize = 7;
/// Fewer cramp nights than this per coefficient turns the ridge penalty on.
pub const EVENTS_PER_COEFFICIENT: f64 = 10.0;
/// The ridge penalty then: a normal prior with variance 1 on each log ratio (a ratio beyond
/// e² ≈ 7.4 needs real evidence), which keeps the fit finite when a group has no cramps.
pub const RIDGE: f64 = 1.0;

/// A fitted model: coefficients (log ratios; the first is the intercept) and their robust
/// standard errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub beta: Vec<f64>,
    pub se: Vec<f64>,
    /// Whether the ridge penalty was used.
    pub penalised: bool,
}

impl Fit {
    /// The ratio for coefficient `j` with its 95 % interval and two-sided Wald p.
    #[must_use]
    pub fn ratio(&self, j: usize) -> (f64, f64, f64, f64) {
        let (b, se) = (self.beta[j], self.se[j]);
        let p = 2.0 * normal_cdf(-(b / se).abs());
        (b.exp(), (b - Z95 * se).exp(), (b + Z95 * se).exp(), p)
    }
}

/// Fits log E[y] = Xβ. `x` holds `rows` rows of `cols` values each, the first column all ones;
/// `cluster[i]` groups rows for the sandwich. `None` when there are no cramps, no rows, or the
/// fit does not settle.
#[must_use]
pub fn fit(x: &[f64], cols: usize, y: &[bool], cluster: &[usize]) -> Option<Fit> {
    let rows = y.len();
    let events = y.iter().filter(|&&c| c).count() as f64;
    if rows == 0 || events == 0.0 || x.len() != rows * cols || cluster.len() != rows {
        return None;
    }
    let penalised = events < EVENTS_PER_COEFFICIENT * (cols - 1) as f64;
    // A whisker of ridge even unpenalised, so a column that never varies cannot stop the fit.
    let lambda = if penalised { RIDGE } else { 1e-6 };
    let yf: Vec<f64> = y.iter().map(|&c| f64::from(u8::from(c))).collect();
    let rows = Rows::of(x, cols, &yf);
    let mut beta = vec![0.0; cols];
    beta[0] = (events / rows.count.iter().sum::<f64>()).ln();
    // Each evaluation gives the objective and its derivatives in one pass over the rows, so an
    // accepted step's derivatives serve the next step.
    let mut here = evaluate(&rows, cols, &beta, lambda);
    for _ in 0..100 {
        let step = solve(&here.hessian, &here.grad, cols)?;
        let mut scale = 1.0;
        let (next, at) = loop {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + scale * s).collect();
            let at = evaluate(&rows, cols, &trial, lambda);
            if at.objective >= here.objective - 1e-12 || scale < 1e-6 {
                break (trial, at);
            }
            scale /= 2.0;
        };
        let moved = step.iter().map(|s| (s * scale).abs()).fold(0.0, f64::max);
        (beta, here) = (next, at);
        if moved < 1e-8 {
            break;
        }
    }
    if beta.iter().any(|b| !b.is_finite()) {
        return None;
    }
    let hessian = here.hessian;
    let mu: Vec<f64> = rows
        .x
        .chunks_exact(cols)
        .map(|row| row.iter().zip(&beta).map(|(a, b)| a * b).sum::<f64>().exp())
        .collect();
    let se = sandwich(x, cols, &yf, &rows.of_row, &mu, cluster, &hessian)?;
    Some(Fit { beta, se, penalised })
}

/// The penalised log-likelihood, its gradient and the information matrix at one `beta`.
struct Evaluation {
    objective: f64,
    grad: Vec<f64>,
    hessian: Vec<f64>,
}

/// The distinct rows of a design, with how many nights share each and how many had cramps:
/// the likelihood depends on nothing else, so fitting on them is exact and, for amounts that
/// take a few dozen values, far quicker.
struct Rows {
    x: Vec<f64>,
    count: Vec<f64>,
    events: Vec<f64>,
    /// For each original row, its distinct row.
    of_row: Vec<usize>,
}

impl Rows {
    fn of(x: &[f64], cols: usize, y: &[f64]) -> Self {
        let mut index: std::collections::HashMap<Vec<u64>, usize> = std::collections::HashMap::new();
        let mut rows = Self { x: Vec::new(), count: Vec::new(), events: Vec::new(), of_row: Vec::new() };
        for (row, y) in x.chunks_exact(cols).zip(y) {
            let key: Vec<u64> = row.iter().map(|v| v.to_bits()).collect();
            let next = rows.count.len();
            let k = *index.entry(key).or_insert(next);
            if k == next {
                rows.x.extend_from_slice(row);
                rows.count.push(0.0);
                rows.events.push(0.0);
            }
            rows.count[k] += 1.0;
            rows.events[k] += y;
            rows.of_row.push(k);
        }
        rows
    }
}

fn evaluate(rows: &Rows, cols: usize, beta: &[f64], lambda: f64) -> Evaluation {
    let mut objective = 0.0;
    let mut grad = vec![0.0; cols];
    let mut h = vec![0.0; cols * cols];
    for ((row, n), y) in rows.x.chunks_exact(cols).zip(&rows.count).zip(&rows.events) {
        let eta: f64 = row.iter().zip(beta).map(|(a, b)| a * b).sum();
        let mu = n * eta.exp();
        objective += y * eta - mu;
        for j in 0..cols {
            grad[j] += row[j] * (y - mu);
            let weighted = mu * row[j];
            for k in 0..=j {
                h[j * cols + k] += weighted * row[k];
            }
        }
    }
    for j in 1..cols {
        objective -= 0.5 * lambda * beta[j] * beta[j];
        grad[j] -= lambda * beta[j];
        h[j * cols + j] += lambda;
    }
    for j in 0..cols {
        for k in 0..j {
            h[k * cols + j] = h[j * cols + k];
        }
    }
    Evaluation { objective, grad, hessian: h }
}

/// Robust standard errors H⁻¹ M H⁻¹, with M summed over clusters of rows and scaled by
/// G / (G − 1) for G clusters.
fn sandwich(
    x: &[f64],
    cols: usize,
    y: &[f64],
    of_row: &[usize],
    mu: &[f64],
    cluster: &[usize],
    hessian: &[f64],
) -> Option<Vec<f64>> {
    let mut meat = vec![0.0; cols * cols];
    let mut sum = vec![0.0; cols];
    let mut groups = 0usize;
    let flush = |sum: &mut Vec<f64>, meat: &mut Vec<f64>| {
        for j in 0..cols {
            for k in 0..cols {
                meat[j * cols + k] += sum[j] * sum[k];
            }
        }
        sum.fill(0.0);
    };
    for (i, (row, y)) in x.chunks_exact(cols).zip(y).enumerate() {
        if i > 0 && cluster[i] != cluster[i - 1] {
            flush(&mut sum, &mut meat);
            groups += 1;
        }
        let mu = mu[of_row[i]];
        for j in 0..cols {
            sum[j] += row[j] * (y - mu);
        }
    }
    flush(&mut sum, &mut meat);
    groups += 1;
    let scale = if groups > 1 { groups as f64 / (groups - 1) as f64 } else { 1.0 };
    let mut se = Vec::with_capacity(cols);
    let columns: Vec<Vec<f64>> = (0..cols)
        .map(|j| {
            let unit: Vec<f64> = (0..cols).map(|k| f64::from(u8::from(j == k))).collect();
            solve(hessian, &unit, cols)
        })
        .collect::<Option<_>>()?;
    for hj in &columns {
        let mut v = 0.0;
        for a in 0..cols {
            for b in 0..cols {
                v += hj[a] * meat[a * cols + b] * hj[b];
            }
        }
        se.push((scale * v).max(0.0).sqrt());
    }
    Some(se)
}

/// Solves H s = g for a symmetric positive-definite H (Cholesky); `None` if it is not.
fn solve(matrix: &[f64], rhs: &[f64], size: usize) -> Option<Vec<f64>> {
    let n = size;
    let mut chol = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let dot: f64 = (0..j).map(|k| chol[i * n + k] * chol[j * n + k]).sum();
            if i == j {
                let diagonal = matrix[i * n + i] - dot;
                if diagonal.is_nan() || diagonal <= 1e-300 {
                    return None;
                }
                chol[i * n + i] = diagonal.sqrt();
            } else {
                chol[i * n + j] = (matrix[i * n + j] - dot) / chol[j * n + j];
            }
        }
    }
    let mut forward = vec![0.0; n];
    for i in 0..n {
        let dot: f64 = (0..i).map(|k| chol[i * n + k] * forward[k]).sum();
        forward[i] = (rhs[i] - dot) / chol[i * n + i];
    }
    let mut out = vec![0.0; n];
    for i in (0..n).rev() {
        let dot: f64 = (i + 1..n).map(|k| chol[k * n + i] * out[k]).sum();
        out[i] = (forward[i] - dot) / chol[i * n + i];
    }
    Some(out)
}

/// Smallest |phi| between two factors' nights for one to be held fixed in the other's model.
pub const MIN_PHI: f64 = 0.3;
/// A co-factor must itself go with the cramps at least this loosely (its decision p).
pub const MAX_CO_P: f64 = 0.2;
/// At most this many co-factors in one model, the most closely related first.
pub const MAX_CO_FACTORS: usize = 3;

/// Another factor (at a lag) held fixed in a model.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CoFactor {
    pub id: Factor,
    pub lag: u8,
    /// Nights with both, and nights with the adjusted factor, among nights where both are known.
    #[serde(skip)]
    pub together: u32,
    #[serde(skip)]
    pub of: u32,
}

/// A factor's risk ratio once its co-factors and the time trend are held fixed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Adjusted {
    pub risk_ratio: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// Two-sided Wald p from the robust standard error.
    pub p_value: f64,
    /// Nights in the model: those where the factor and every co-factor are known.
    pub nights: u32,
    pub adjusted_for: Vec<CoFactor>,
    /// Whether the ridge penalty was on (few cramp nights for the number of coefficients).
    pub penalised: bool,
}

impl Adjusted {
    /// Whether the adjusted interval still lies wholly on the side of 1 that `more` names.
    #[must_use]
    pub fn holds(&self, more: bool) -> bool {
        if more { self.ci_low > 1.0 } else { self.ci_high < 1.0 }
    }
}

/// One comparison's exposure series over the analysed nights.
pub type Exposure<'a> = (&'a Factor, u8, &'a [Option<bool>]);

/// The adjusted ratio of `target`, with co-factors chosen from `pool` (the other tested
/// comparisons with their decision p): those with |phi| ≥ [`MIN_PHI`] and p ≤ [`MAX_CO_P`].
#[must_use]
pub fn adjust(target: Exposure<'_>, pool: &[(Exposure<'_>, f64)], cramps: &[bool]) -> Option<Adjusted> {
    let mut co: Vec<(f64, CoFactor, &[Option<bool>])> = pool
        .iter()
        .filter(|((id, lag, _), p)| *p <= MAX_CO_P && !(*id == target.0 && *lag == target.1))
        .filter_map(|((id, lag, e), _)| {
            let (phi, together, of) = phi(target.2, e);
            (phi.abs() >= MIN_PHI)
                .then(|| (phi.abs(), CoFactor { id: (*id).clone(), lag: *lag, together, of }, *e))
        })
        .collect();
    co.sort_by(|a, b| b.0.total_cmp(&a.0));
    co.truncate(MAX_CO_FACTORS);
    let n = cramps.len();
    // Intercept, the factor, the co-factors, and the trend t, (t − ⅓)₊, (t − ⅔)₊ on t in [0, 1].
    let cols = 2 + co.len() + 3;
    let (mut x, mut y, mut cluster) = (Vec::new(), Vec::new(), Vec::new());
    for (i, &cramp) in cramps.iter().enumerate() {
        let Some(own) = target.2[i] else { continue };
        let others: Option<Vec<bool>> = co.iter().map(|c| c.2[i]).collect();
        let Some(others) = others else { continue };
        // The trend moves week by week, so the nights of a week with the same factors share one
        // row of the design and the fit runs on far fewer rows.
        let week_start = i / CLUSTER_NIGHTS * CLUSTER_NIGHTS;
        let t = if n > 1 { week_start as f64 / (n - 1) as f64 } else { 0.0 };
        x.extend([1.0, f64::from(u8::from(own))]);
        x.extend(others.into_iter().map(|b| f64::from(u8::from(b))));
        x.extend([t, (t - 1.0 / 3.0).max(0.0), (t - 2.0 / 3.0).max(0.0)]);
        y.push(cramp);
        cluster.push(i / CLUSTER_NIGHTS);
    }
    let model = fit(&x, cols, &y, &cluster)?;
    let (risk_ratio, ci_low, ci_high, p_value) = model.ratio(1);
    Some(Adjusted {
        risk_ratio,
        ci_low,
        ci_high,
        p_value,
        nights: y.len() as u32,
        adjusted_for: co.into_iter().map(|c| c.1).collect(),
        penalised: model.penalised,
    })
}

/// The phi coefficient of two 0/1 series over the nights where both are known, with the nights
/// that have both and the nights that have the first.
fn phi(a: &[Option<bool>], b: &[Option<bool>]) -> (f64, u32, u32) {
    let mut cells = [0u32; 4];
    for (x, y) in a.iter().zip(b) {
        if let (Some(x), Some(y)) = (x, y) {
            cells[usize::from(*x) * 2 + usize::from(*y)] += 1;
        }
    }
    let [n00, n01, n10, n11] = cells.map(f64::from);
    let denominator = ((n10 + n11) * (n00 + n01) * (n01 + n11) * (n00 + n10)).sqrt();
    let phi = if denominator > 0.0 { (n11 * n00 - n10 * n01) / denominator } else { 0.0 };
    (phi, cells[3], cells[2] + cells[3])
}

#[cfg(test)]
mod tests;
