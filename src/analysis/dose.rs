//! Amounts as amounts: fluid, standing and sitting hours and magnesium/potassium servings as a
//! dose–response (cramps per 0.5 L, per hour, per serving more), shown by thirds of the
//! person's own range. A median split calls half of all days "low" even when every day was
//! fine, and throws away how much lower. Steps and standing time measured by a phone or watch
//! come in the same way, and measured water stands in for fluid on days none was typed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

use super::factors::Day;
use super::findings::{MAX_Q, sig2};
use super::poisson::{CLUSTER_NIGHTS, fit};
use super::stats::benjamini_hochberg;
use super::stats::{Z95, normal_cdf};
use super::streaks::{autocorrelations_of, bartlett_lags};
use crate::health::{Measured, MeasuredKind};
use crate::model::{Night, Quarters, Units};
use crate::wording::fluid;

/// Which amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    Fluid,
    Standing,
    Sitting,
    MgKServings,
    /// Steps a phone or watch counted that day.
    Steps,
    /// Minutes of standing a watch counted that day.
    StandMin,
}

/// Measured figures by night and kind, as the analysis reads them.
pub type MeasuredByNight = BTreeMap<NaiveDate, BTreeMap<MeasuredKind, i64>>;

/// Groups measured values by night.
#[must_use]
pub fn by_night(values: &[Measured]) -> MeasuredByNight {
    let mut out = MeasuredByNight::new();
    for m in values {
        out.entry(m.night).or_default().insert(m.kind, m.value);
    }
    out
}

impl Amount {
    pub const ALL: [Self; 6] =
        [Self::Fluid, Self::Standing, Self::Sitting, Self::MgKServings, Self::Steps, Self::StandMin];

    /// What the person typed for the night, if anything.
    fn typed(self, n: &Night) -> Option<f64> {
        match self {
            Self::Fluid => n.fluid.map(|f| f64::from(f.get())),
            Self::Standing => n.standing.map(Quarters::hours),
            Self::Sitting => n.sitting.map(Quarters::hours),
            Self::MgKServings => n.mg_k_servings.map(|s| f64::from(s.get())),
            Self::Steps | Self::StandMin => None,
        }
    }

    /// What a tracker measured for the day: water stands in for fluid only where none was typed.
    fn measured(self, m: Option<&BTreeMap<MeasuredKind, i64>>) -> Option<f64> {
        let kind = match self {
            Self::Fluid => MeasuredKind::WaterMl,
            Self::Steps => MeasuredKind::Steps,
            Self::StandMin => MeasuredKind::StandMin,
            Self::Standing | Self::Sitting | Self::MgKServings => return None,
        };
        m?.get(&kind).map(|&v| v as f64)
    }

    /// The step the ratio is given per, in the value's own scale (ml, hours, servings, steps,
    /// minutes).
    #[must_use]
    pub fn step(self) -> f64 {
        match self {
            Self::Fluid => 500.0,
            Self::Steps => 1000.0,
            Self::StandMin => 30.0,
            Self::Standing | Self::Sitting | Self::MgKServings => 1.0,
        }
    }

    /// What the amount is called in a list: "Fluid", "Measured steps".
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Fluid => "Fluid",
            Self::Standing => "Standing",
            Self::Sitting => "Sitting",
            Self::MgKServings => "Magnesium- or potassium-rich food",
            Self::Steps => "Measured steps",
            Self::StandMin => "Measured standing time",
        }
    }

    /// The label for a narrow column.
    #[must_use]
    pub const fn short_label(self) -> &'static str {
        match self {
            Self::MgKServings => "Mg/K-rich food",
            Self::StandMin => "Measured standing",
            other => other.label(),
        }
    }

    /// The yes/no factor that splits this amount at the person's median, if there is one.
    #[must_use]
    pub fn median_factor(self) -> Option<crate::model::Factor> {
        use crate::model::Factor;
        match self {
            Self::Fluid => Some(Factor::LowFluid),
            Self::Standing => Some(Factor::LongStanding),
            Self::Sitting => Some(Factor::LongSitting),
            Self::MgKServings | Self::Steps | Self::StandMin => None,
        }
    }

    fn lags(self) -> &'static [u8] {
        if self == Self::MgKServings { &[0] } else { &[0, 1] }
    }

    fn words(self, units: Units) -> (&'static str, String) {
        match self {
            Self::Fluid => ("fluid", format!("{} more fluid", fluid(500.0, units))),
            Self::Standing => ("standing", "each hour more on your feet".to_owned()),
            Self::Sitting => ("sitting", "each hour more sitting".to_owned()),
            Self::MgKServings => {
                ("Mg/K servings", "each serving more of magnesium- or potassium-rich food".to_owned())
            }
            Self::Steps => ("measured steps", "each 1,000 steps more".to_owned()),
            Self::StandMin => ("measured standing", "each half hour more standing, as measured".to_owned()),
        }
    }

    fn show(self, v: f64, units: Units) -> String {
        match self {
            Self::Fluid => fluid(v, units),
            // Typed hours are quarters; a median between two of them is shown to a tenth.
            Self::Standing | Self::Sitting if (v * 4.0).fract().abs() > 1e-9 => format!("{v:.1}h"),
            Self::Standing | Self::Sitting => format!("{v}h"),
            Self::MgKServings => format!("{v}"),
            Self::Steps => format!("{} steps", crate::wording::grouped(v)),
            Self::StandMin => format!("{v:.0} min"),
        }
    }
}

/// Fewest nights with the amount known before it is fitted.
pub const MIN_NIGHTS: usize = 28;

/// The nights in one third of the person's own range.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Third {
    /// Lowest and highest amount in this third (ml, hours or servings).
    pub low: f64,
    pub high: f64,
    pub nights: u32,
    pub cramp_nights: u32,
}

/// One amount at one lag. Serializes to the `doses` objects of `cramp analyze --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Dose {
    pub amount: Amount,
    /// 0: the same day; 1: the day before.
    pub lag: u8,
    /// The step the ratio is per: 500 (ml) for fluid, 1,000 for steps, 30 (minutes) for
    /// measured standing, 1 (hour or serving) otherwise.
    pub step: f64,
    pub nights: u32,
    /// Of `nights`, those whose amount a tracker measured (all of them for steps and measured
    /// standing; for fluid, the days with no fluid typed and water measured).
    pub measured_nights: u32,
    /// Cramps per step more, as a ratio, with its 95 % interval and robust p (weekly clusters).
    pub risk_ratio: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub p_value: f64,
    /// Bartlett's variance inflation applied to the interval and `p_value` (1 = none), from
    /// the autocorrelations of the amount and of the cramps.
    pub inflation: f64,
    /// Benjamini–Hochberg over the doses fitted.
    pub q_value: f64,
    /// Whether `q_value` ≤ 0.05, the same bar as the factors.
    pub clear: bool,
    /// The person's median: a label only.
    pub median: f64,
    pub thirds: Vec<Third>,
    pub sentence: String,
    /// The ratio in one sentence, for lists: "With 500 ml more fluid (the same day), cramps came
    /// about 0.60× as often (0.46× to 0.77×)."
    #[serde(skip)]
    pub headline: String,
    /// The step in words: "500 ml more fluid", "each hour more on your feet".
    #[serde(skip)]
    pub per: String,
}

impl Dose {
    /// "Fluid (same day)".
    #[must_use]
    pub fn label(&self) -> String {
        format!("{} ({})", self.amount.label(), self.when())
    }

    /// "Mg/K-rich food (same day)", for a narrow column.
    #[must_use]
    pub fn short_label(&self) -> String {
        format!("{} ({})", self.amount.short_label(), self.when())
    }

    fn when(&self) -> &'static str {
        if self.lag == 0 { "same day" } else { "the day before" }
    }
}

/// Every amount with enough known nights in `range`, at each of its lags.
#[must_use]
pub fn doses(
    days: &[Day<'_>],
    range: std::ops::Range<usize>,
    measured: &MeasuredByNight,
    units: Units,
) -> Vec<Dose> {
    let mut out = Vec::new();
    // The cramps' autocorrelations are the same for every amount.
    let lags = bartlett_lags(range.len());
    let cramps: Vec<Option<f64>> = range.clone().map(|i| Some(f64::from(u8::from(days[i].cramp)))).collect();
    let ry = autocorrelations_of(&cramps, lags);
    for amount in Amount::ALL {
        for &lag in amount.lags() {
            let mut pairs: Vec<(usize, f64, bool)> = Vec::new();
            let mut from_tracker = 0;
            for i in range.clone() {
                let source = if lag == 0 { Some(i) } else { days[i].previous };
                // A day before that was not logged can still have been measured.
                let day = days[i].night.date.checked_sub_days(Days::new(u64::from(lag)));
                let typed = source.and_then(|s| amount.typed(days[s].night));
                let value = typed.or_else(|| {
                    let v = amount.measured(day.and_then(|d| measured.get(&d)));
                    from_tracker += usize::from(v.is_some());
                    v
                });
                if let Some(v) = value {
                    pairs.push((i - range.start, v, days[i].cramp));
                }
            }
            // Both series run in stretches: Bartlett's inflation from their autocorrelations
            // widens the interval and the p-value, as for the yes/no factors.
            let n = range.len();
            let mut x: Vec<Option<f64>> = vec![None; n];
            for p in &pairs {
                x[p.0] = Some(p.1);
            }
            let rx = autocorrelations_of(&x, lags);
            let inflation = (1.0 + 2.0 * rx.iter().zip(&ry).map(|(a, b)| a * b).sum::<f64>()).max(1.0);
            if let Some(mut d) = dose(amount, lag, &pairs, inflation, units) {
                d.measured_nights = from_tracker as u32;
                if amount == Amount::Fluid && from_tracker > 0 {
                    let _ = write!(
                        d.sentence,
                        " On {from_tracker} of these {} days no fluid was typed, so the water your \
                         tracker measured is used.",
                        d.nights
                    );
                }
                out.push(d);
            }
        }
    }
    let q = benjamini_hochberg(&out.iter().map(|d| d.p_value).collect::<Vec<_>>());
    let fitted = out.len();
    for (d, q) in out.iter_mut().zip(q) {
        d.q_value = q;
        d.clear = q <= MAX_Q;
        let excludes_one = d.ci_low > 1.0 || d.ci_high < 1.0;
        let verdict = if d.clear {
            " The trend is more than chance easily explains.".to_owned()
        } else if excludes_one {
            format!(
                " Its range leaves out 1×, but among the {fitted} amounts looked at, a trend this \
                 size could still be chance."
            )
        } else {
            " A trend this size could easily be chance.".to_owned()
        };
        d.sentence.push_str(&verdict);
    }
    out
}

/// The fit and the thirds for one amount from (night index, amount, cramp) triples.
fn dose(amount: Amount, lag: u8, pairs: &[(usize, f64, bool)], inflation: f64, units: Units) -> Option<Dose> {
    if pairs.len() < MIN_NIGHTS {
        return None;
    }
    let mut sorted: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    sorted.sort_by(f64::total_cmp);
    let (lowest, highest) = (sorted[0], sorted[sorted.len() - 1]);
    if highest <= lowest {
        return None;
    }
    let x: Vec<f64> = pairs.iter().flat_map(|p| [1.0, p.1 / amount.step()]).collect();
    let y: Vec<bool> = pairs.iter().map(|p| p.2).collect();
    let cluster: Vec<usize> = pairs.iter().map(|p| p.0 / CLUSTER_NIGHTS).collect();
    let model = fit(&x, 2, &y, &cluster)?;
    let (b, se) = (model.beta[1], model.se[1] * inflation.max(1.0).sqrt());
    let (risk_ratio, ci_low, ci_high) = (b.exp(), (b - Z95 * se).exp(), (b + Z95 * se).exp());
    let p_value = 2.0 * normal_cdf(-(b / se).abs());
    // Thirds by rank, so ties in the middle stay in one third.
    let cut = |k: usize| sorted[(k * sorted.len() / 3).min(sorted.len() - 1)];
    let (c1, c2) = (cut(1), cut(2));
    let mut thirds: Vec<Third> = Vec::new();
    for (low, high) in [(lowest, c1), (c1, c2), (c2, highest)] {
        let first = thirds.is_empty();
        let inside: Vec<&(usize, f64, bool)> =
            pairs.iter().filter(|p| (p.1 > low || (first && p.1 >= low)) && p.1 <= high).collect();
        if inside.is_empty() {
            continue;
        }
        let shown_low = inside.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
        thirds.push(Third {
            low: shown_low,
            high: inside.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max),
            nights: inside.len() as u32,
            cramp_nights: inside.iter().filter(|p| p.2).count() as u32,
        });
    }
    let median = super::stats::median(sorted.clone()).unwrap_or(lowest);
    let (name, per) = amount.words(units);
    let when = if lag == 0 { "the same day" } else { "the day before" };
    let by_thirds: Vec<String> = thirds
        .iter()
        .map(|t| {
            let span = if (t.high - t.low).abs() < 1e-9 {
                amount.show(t.low, units)
            } else {
                format!("{} to {}", amount.show(t.low, units), amount.show(t.high, units))
            };
            format!("{span}: {} of {} nights", t.cramp_nights, t.nights)
        })
        .collect();
    let headline = format!(
        "With {per} ({when}), cramps came about {}× as often ({}× to {}×).",
        sig2(risk_ratio),
        sig2(ci_low),
        sig2(ci_high)
    );
    let sentence = format!(
        "{headline} Nights with cramps by thirds of your own {name}: {}. Your median is {}.",
        by_thirds.join("; "),
        amount.show(median, units)
    );
    Some(Dose {
        amount,
        lag,
        step: amount.step(),
        nights: pairs.len() as u32,
        measured_nights: 0,
        risk_ratio,
        ci_low,
        ci_high,
        p_value,
        inflation: inflation.max(1.0),
        q_value: p_value,
        clear: false,
        median,
        thirds,
        sentence,
        headline,
        per: per.clone(),
    })
}

#[cfg(test)]
mod tests;
