//! Plain-language pieces of every finding: who the exposed nights were ("nights after days under
//! 1.2 L of fluid"), how much more often cramps came ("about 5× as often"), and percentages, so
//! a person can read a result without knowing any statistics.

use super::factors::Thresholds;
use super::stats::{RiskRatio, Table, wilson};
use crate::model::{Factor, MedClass, Units};
use crate::wording::fluid;

/// Hours as a person would say them: `6 hours`, `5.5 hours`, `1 hour`.
#[must_use]
pub fn hours(h: f64) -> String {
    let n = trim(format!("{h:.1}"));
    if n == "1" { "1 hour".to_owned() } else { format!("{n} hours") }
}

/// Drops trailing zeros after a decimal point: `1.20` → `1.2`, `2.0` → `2`.
fn trim(s: String) -> String {
    if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_owned() } else { s }
}

/// A ratio to two significant digits: `18`, `1.6`, `0.12`.
#[must_use]
pub fn ratio(x: f64) -> String {
    if !x.is_finite() || x <= 0.0 {
        return "0".to_owned();
    }
    let decimals = (1 - x.log10().floor() as i32).max(0) as usize;
    trim(format!("{x:.decimals$}"))
}

/// "about 5× as often", "about half as often", "about 70% as often".
#[must_use]
pub fn how_often(rr: f64) -> String {
    if (0.95..1.05).contains(&rr) {
        return "about as often".to_owned();
    }
    if rr >= 1.0 {
        let n = if rr >= 1.95 { format!("{rr:.0}") } else { trim(format!("{rr:.1}")) };
        return format!("about {n}× as often");
    }
    let parts = ["", "", "half", "a third", "a quarter", "a fifth", "a sixth", "a seventh", "an eighth"];
    let k = (1.0 / rr).round() as usize;
    if rr < 0.1 {
        "less than a tenth as often".to_owned()
    } else if k >= 2 && k < parts.len() {
        format!("about {} as often", parts[k])
    } else {
        format!("about {:.0}% as often", rr * 100.0)
    }
}

/// A share as a whole percentage.
#[must_use]
pub fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// Which nights had the factor, as the subject of "Cramps came on 8 of 20 …".
#[must_use]
pub fn exposed_nights(factor: &Factor, lag: u8, t: &Thresholds, units: Units) -> String {
    let fluid = t.fluid_ml.map_or_else(|| "your usual amount".to_owned(), |ml| fluid(ml, units));
    let standing = t.standing_h.map_or_else(|| "your usual hours".to_owned(), hours);
    let sitting = t.sitting_h.map_or_else(|| "your usual hours".to_owned(), hours);
    let before = lag > 0;
    match factor {
        Factor::LowFluid if before => format!("nights when the day before had under {fluid} of fluid"),
        Factor::LowFluid => format!("nights after days under {fluid} of fluid"),
        Factor::HardActivity if before => "nights when the day before was a hard day".to_owned(),
        Factor::HardActivity => "nights after a hard day".to_owned(),
        Factor::LongStanding if before => {
            format!("nights when the day before had more than {standing} on your feet")
        }
        Factor::LongStanding => format!("nights after more than {standing} on your feet"),
        Factor::LongSitting if before => {
            format!("nights when the day before had more than {sitting} sitting")
        }
        Factor::LongSitting => format!("nights after more than {sitting} sitting"),
        Factor::FewMgKFoods => "nights after days without magnesium- or potassium-rich food".to_owned(),
        Factor::UnsupportiveFootwear => "nights after days in unsupportive shoes or barefoot".to_owned(),
        Factor::ToesPointed => "nights you slept with your toes pointed".to_owned(),
        Factor::FeetHanging => "nights your feet hung over the edge of the bed".to_owned(),
        Factor::TuckedCovers => "nights with the covers tucked tightly over your feet".to_owned(),
        Factor::Stretched => "nights you stretched before bed".to_owned(),
        Factor::Med(class) => format!("nights you took {}", medicine(*class)),
        Factor::Tag(tag) => format!("nights tagged '{tag}'"),
    }
}

/// "a statin", "an asthma medicine"…
#[must_use]
pub fn medicine(class: MedClass) -> &'static str {
    match class {
        MedClass::Diuretic => "a diuretic",
        MedClass::LoopDiuretic => "a loop diuretic",
        MedClass::Thiazide => "a thiazide diuretic",
        MedClass::PotassiumSparingDiuretic => "a potassium-sparing diuretic",
        MedClass::Laba => "a long-acting reliever inhaler (LABA)",
        MedClass::Statin => "a statin",
        MedClass::Asthma => "an asthma medicine",
        MedClass::CalciumChannelBlocker => "a calcium-channel blocker",
        MedClass::RaloxifeneOestrogen => "raloxifene or an oestrogen",
        MedClass::Teriparatide => "teriparatide",
        MedClass::IvIron => "intravenous iron",
        MedClass::Nsaid => "an anti-inflammatory painkiller (NSAID)",
        MedClass::Gabapentinoid => "gabapentin or pregabalin",
        MedClass::ZDrug => "a sleeping pill such as zolpidem",
        MedClass::Antidepressant => "an antidepressant",
        MedClass::Lithium => "lithium",
        MedClass::Steroid => "a steroid",
        MedClass::Opioid => "an opioid painkiller",
        MedClass::BetaBlocker => "a beta-blocker",
        MedClass::InhaledAnticholinergic => "an inhaled anticholinergic",
        MedClass::Other => "a medicine of class 'other'",
    }
}

/// The finding in one sentence, with the counts: "Cramps came on 8 of 20 nights after days under
/// 1.2 L of fluid, against 3 of 40 other nights (about 5× as often; the range consistent with
/// your data is 1.6× to 18×)."
#[must_use]
pub fn finding(t: Table, group: &str, rr: Option<RiskRatio>) -> String {
    let counts =
        format!("Cramps came on {} of {} {group}, against {} of {} other nights", t.a, t.n1, t.c, t.n0);
    match rr {
        Some(r) => format!(
            "{counts} ({}; the range consistent with your data is {}× to {}×).",
            how_often(r.rr),
            ratio(r.low),
            ratio(r.high)
        ),
        None => format!("{counts}."),
    }
}

/// The two cramp rates with their Wilson intervals.
#[must_use]
pub fn rates(t: Table) -> String {
    match (wilson(t.a, t.n1), wilson(t.c, t.n0)) {
        (Some((l1, h1)), Some((l0, h0))) => format!(
            "That is {} of those nights (likely between {} and {}) against {} of the others \
             (between {} and {}).",
            percent(f64::from(t.a) / f64::from(t.n1)),
            percent(l1),
            percent(h1),
            percent(f64::from(t.c) / f64::from(t.n0)),
            percent(l0),
            percent(h0)
        ),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worked_example_reads_as_the_issue_says() {
        let t = Table { a: 8, n1: 20, c: 3, n0: 40 };
        let th = Thresholds { fluid_ml: Some(1200.0), ..Thresholds::default() };
        let group = exposed_nights(&Factor::LowFluid, 0, &th, Units::Metric);
        assert_eq!(
            finding(t, &group, t.risk_ratio()),
            "Cramps came on 8 of 20 nights after days under 1.2 L of fluid, against 3 of 40 other \
             nights (about 5× as often; the range consistent with your data is 1.6× to 18×)."
        );
        assert_eq!(
            rates(t),
            "That is 40% of those nights (likely between 22% and 61%) against 8% of the others \
             (between 3% and 20%)."
        );
    }

    #[test]
    fn numbers_in_words() {
        assert_eq!(how_often(0.333), "about a third as often");
        assert_eq!(how_often(0.5), "about half as often");
        assert_eq!(how_often(0.7), "about 70% as often");
        assert_eq!(how_often(0.05), "less than a tenth as often");
        assert_eq!(how_often(1.52), "about 1.5× as often");
        assert_eq!(how_often(1.0), "about as often");
        assert_eq!(ratio(0.121_149), "0.12");
        assert_eq!(ratio(2.0), "2");
        assert_eq!(fluid(850.0, Units::Metric), "850 ml");
        assert_eq!(fluid(1950.0, Units::Metric), "1.95 L");
        assert_eq!(fluid(1500.0, Units::Imperial), "51 oz");
        assert_eq!(hours(5.5), "5.5 hours");
        assert_eq!(hours(1.0), "1 hour");
    }
}
