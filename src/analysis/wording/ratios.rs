//! Ratios in words and figures, in one style wherever cramp shows one: two significant figures,
//! × for more cramps, a share of the usual rate for fewer, and the range in the ratio's style.

use super::super::stats::RiskRatio;
use super::trim;

/// Rounds to two significant figures: a journal's counts cannot carry more.
fn two_figures(x: f64) -> f64 {
    // Scientific notation rounds at the right digit whatever the size, and a carry (9.96 → 10)
    // comes out right by itself.
    format!("{x:.1e}").parse().unwrap_or(x)
}

/// Whether a range, as printed, leaves out 1 ("no difference"): a low end of 1.02 prints as
/// "1×", and the words around it must agree with what is printed.
pub(super) fn leaves_out_one(r: RiskRatio) -> bool {
    two_figures(r.low) > 1.0 || two_figures(r.high) < 1.0
}

/// Whether two ratios print the same: "1.5×" for both 1.46 and 1.5.
pub(super) fn prints_as(x: f64, y: f64) -> bool {
    ratio(x) == ratio(y)
}

/// A ratio to two significant figures: `18`, `1.6`, `0.12`, `170`; `0` for none.
#[must_use]
pub fn ratio(x: f64) -> String {
    if !x.is_finite() || x <= 0.0 {
        return "0".to_owned();
    }
    let r = two_figures(x);
    let decimals = (1 - r.log10().floor() as i32).max(0) as usize;
    trim(format!("{r:.decimals$}"))
}

/// A ratio with ×, never with more than two decimals: `1.6×`, `0.57×`, `under 0.1×`.
pub(super) fn times(x: f64) -> String {
    if x < 0.1 { "under 0.1×".to_owned() } else { format!("{}×", ratio(x)) }
}

/// A ratio as a share of the other nights' rate, to two significant figures but never with a
/// decimal point: `67%`, `170%`, `7%`, `under 1%`.
pub(super) fn share(x: f64) -> String {
    let percent = x * 100.0;
    if percent < 0.5 {
        "under 1%".to_owned()
    } else if percent < 10.0 {
        format!("{percent:.0}%")
    } else {
        format!("{}%", ratio(percent))
    }
}

/// Which way a ratio points, as its two-figure rounding reads: 0.95 to 1.0 is "about as often".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    More,
    Same,
    Fewer,
}

impl Direction {
    #[must_use]
    pub fn of(rr: f64) -> Self {
        let r = two_figures(rr);
        if r > 1.0 {
            Self::More
        } else if r >= 0.95 {
            Self::Same
        } else {
            Self::Fewer
        }
    }
}

/// How much more or less often, in one style for every ratio cramp shows: `about 2.3× as often`,
/// `about as often`, `about 67% as often`, `less than a tenth as often`, and `about half as often`
/// only from 0.475 to 0.525, where the percentage would read 48 % to 52 %.
#[must_use]
pub fn how_often(rr: f64) -> String {
    match Direction::of(rr) {
        Direction::More => format!("about {} as often", times(rr)),
        Direction::Same => "about as often".to_owned(),
        Direction::Fewer if rr < 0.1 => "less than a tenth as often".to_owned(),
        Direction::Fewer if (0.475..0.525).contains(&rr) => "about half as often".to_owned(),
        Direction::Fewer => format!("about {} as often", share(rr)),
    }
}

/// The 95 % range in the style [`how_often`] uses for the same ratio, so one sentence never
/// mixes the two: `1.2× to 3.4×` beside more cramps or about as many, `40% to 110% as often`
/// beside fewer.
#[must_use]
pub fn range(r: RiskRatio) -> String {
    match Direction::of(r.rr) {
        Direction::Fewer => format!("{} to {} as often", share(r.low), share(r.high)),
        _ => format!("{} to {}", times(r.low), times(r.high)),
    }
}

/// One end of a range on its own, in the style its own value calls for: `1.3×`, `45% as often`.
pub(super) fn one(x: f64) -> String {
    if Direction::of(x) == Direction::Fewer { format!("{} as often", share(x)) } else { times(x) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_style_for_every_ratio() {
        assert_eq!(how_often(0.333), "about 33% as often");
        assert_eq!(how_often(2.0 / 3.0), "about 67% as often");
        assert_eq!(how_often(0.6), "about 60% as often");
        assert_eq!(how_often(0.5), "about half as often");
        assert_eq!(how_often(0.05), "less than a tenth as often");
        assert_eq!(how_often(0.96), "about as often");
        assert_eq!(how_often(1.04), "about as often");
        assert_eq!(how_often(1.06), "about 1.1× as often");
        assert_eq!(how_often(1.52), "about 1.5× as often");
        assert_eq!(how_often(172.4), "about 170× as often");
        assert_eq!(ratio(0.121_149), "0.12");
        assert_eq!(ratio(2.0), "2");
        assert_eq!(ratio(9.96), "10");
        assert_eq!(ratio(0.072), "0.072");
        assert_eq!(times(0.072), "under 0.1×");
        assert_eq!(share(0.072), "7%");
        assert_eq!(share(1.72), "170%");
        assert_eq!(one(0.45), "45% as often");
        assert_eq!(one(1.3), "1.3×");
    }

    proptest::proptest! {
        /// Every ratio has at most two significant figures, "half" only near 0.5, and the range
        /// is in the same style as the ratio beside it.
        #[test]
        fn one_style_two_figures(rr in 0.001f64..1000.0, lo in 0.0001f64..1.0, hi in 1.0f64..5000.0) {
            let words = how_often(rr);
            if words.contains("half") {
                proptest::prop_assert!((rr - 0.5).abs() < 0.026, "{}", words);
            }
            let digits: String = words.chars().filter(char::is_ascii_digit).collect();
            proptest::prop_assert!(digits.trim_start_matches('0').trim_end_matches('0').len() <= 2, "{}", words);
            let span = range(RiskRatio { rr, low: rr * lo, high: rr * hi });
            proptest::prop_assert_eq!(words.contains('%'), span.contains('%'), "{} / {}", words, span);
            proptest::prop_assert!(!span.contains("0.0"), "{}", span);
        }
    }
}
