//! Power in words: how likely this journal was to show a factor that doubled the cramps, so
//! "nothing stands out" can be read for what it is worth.
//!
//! Computed analytically for a factor on half the nights, at the level a lone finding needs
//! after Benjamini–Hochberg, p ≤ `MAX_Q` / tests: the two-proportion formula with Yates'
//! continuity correction (Fleiss), which tracks Fisher's exact test closely (checked against a
//! seeded simulation of Fisher's test in the tests).

use std::fmt::Write as _;

use super::findings::MAX_Q;
use super::stats::{normal_cdf, normal_quantile};

/// The effect the sentence is about: cramps twice as often with the factor.
pub const RATIO: f64 = 2.0;
/// The share of nights with the factor.
pub const EXPOSED_SHARE: f64 = 0.5;
/// The power the second half of the sentence aims at.
pub const TARGET: f64 = 0.9;

/// How likely a doubling would be seen. Serializes to `power` in `cramp analyze --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Power {
    /// The chance with the nights analysed.
    pub chance: f64,
    pub nights: u32,
    /// Nights needed for a [`TARGET`] chance, at the same cramp rate; `None` when unreachable.
    pub nights_for_target: Option<u32>,
    pub sentence: String,
}

/// The chance that a factor on [`EXPOSED_SHARE`] of `nights` nights, with cramps [`RATIO`] times
/// as often, reaches p ≤ `MAX_Q` / `tests`, when `cramp_share` of all nights have cramps.
#[must_use]
pub fn chance(nights: u32, cramp_share: f64, tests: u32) -> f64 {
    if nights == 0 || !(cramp_share > 0.0 && cramp_share < 1.0) {
        return 0.0;
    }
    // The overall share mixes the two groups: p̄ = e·RR·p0 + (1 − e)·p0.
    let p0 = cramp_share / (1.0 + EXPOSED_SHARE * (RATIO - 1.0));
    let p1 = (RATIO * p0).min(0.99);
    let n1 = f64::from(nights) * EXPOSED_SHARE;
    let n0 = f64::from(nights) - n1;
    let pooled = (n1 * p1 + n0 * p0) / (n1 + n0);
    let null_se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n0)).sqrt();
    let se = (p1 * (1.0 - p1) / n1 + p0 * (1.0 - p0) / n0).sqrt();
    let correction = 0.5 * (1.0 / n1 + 1.0 / n0);
    let alpha = MAX_Q / f64::from(tests.max(1));
    let z = -normal_quantile(alpha / 2.0);
    normal_cdf((p1 - p0 - correction - z * null_se) / se)
}

/// The power of this journal, with the nights for [`TARGET`] and the sentence.
#[must_use]
pub fn power(nights: u32, cramp_nights: u32, tests: u32) -> Option<Power> {
    if nights == 0 || cramp_nights == 0 || cramp_nights >= nights {
        return None;
    }
    let share = f64::from(cramp_nights) / f64::from(nights);
    let now = chance(nights, share, tests);
    // The chance only grows with nights: bisect for the first count that reaches the target.
    let target = (chance(200_000, share, tests) >= TARGET).then(|| {
        let (mut low, mut high) = (1u32, 200_000u32);
        while low < high {
            let mid = low + (high - low) / 2;
            if chance(mid, share, tests) >= TARGET { high = mid } else { low = mid + 1 }
        }
        low
    });
    let mut sentence = format!(
        "A factor on about half your nights that doubled your cramps would show up {} with these \
         {nights} nights",
        times(now)
    );
    match target {
        Some(more) if more > nights => {
            let _ = write!(sentence, "; {} with about {} nights.", times(TARGET), round_nights(more));
        }
        _ => sentence.push('.'),
    }
    Some(Power { chance: now, nights, nights_for_target: target, sentence })
}

/// "about 1 time in 4", "about 7 times in 10", "almost every time".
#[must_use]
pub fn times(p: f64) -> String {
    if p >= 0.95 {
        "almost every time".to_owned()
    } else if p >= 0.15 {
        let tenths = (p * 10.0).round() as u32;
        format!("about {tenths} times in 10")
    } else if p >= 0.02 {
        format!("about 1 time in {}", (1.0 / p).round() as u32)
    } else {
        "hardly ever".to_owned()
    }
}

/// Nights to two significant figures, as an estimate should be: 183 → 180, 1,234 → 1,200.
fn round_nights(n: u32) -> String {
    let step = 10u32.pow((n.max(1).ilog10()).saturating_sub(1));
    let rounded = (n + step / 2) / step * step;
    if rounded >= 1_000 { format!("{},{:03}", rounded / 1_000, rounded % 1_000) } else { rounded.to_string() }
}

#[cfg(test)]
mod tests;
