//! Plain-language pieces of every finding: who the exposed nights were ("nights after days under
//! 1.2 L of fluid"), how much more often cramps came ("about 5.3× as often"), and percentages, so
//! a person can read a result without knowing any statistics. Every ratio is said in one style,
//! to two significant figures, and the sentences around a number agree with its direction.

use std::collections::BTreeSet;

use super::catalogue;
use super::factors::Thresholds;
use super::findings::Status;
use super::stats::{RiskRatio, Table, wilson};
use crate::model::{Condition, Factor, MedClass, Units};
use crate::wording::fluid;

mod ratios;
pub use ratios::{Direction, how_often, range, ratio};
use ratios::{leaves_out_one, one, prints_as, share, times};

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
/// 1.2 L of fluid, against 3 of 40 other nights (about 5.3× as often; the range consistent with
/// your data is 1.6× to 18×)." With no cramps at all, or cramps on every night, there is no
/// ratio to speak of, whatever the half-night correction computes, so none is given.
#[must_use]
pub fn finding(t: Table, group: &str, rr: Option<RiskRatio>) -> String {
    if nothing_to_compare(t) && t.a == 0 {
        return format!(
            "There were no cramps on any of the {} {group} or the {} other nights, so there is \
             nothing to compare yet.",
            t.n1, t.n0
        );
    }
    if nothing_to_compare(t) {
        return format!(
            "Cramps came on every night, all {} {group} and all {} other nights, so there is \
             nothing to compare yet.",
            t.n1, t.n0
        );
    }
    let counts =
        format!("Cramps came on {} of {} {group}, against {} of {} other nights", t.a, t.n1, t.c, t.n0);
    // With no cramps on one side the ratio is only the half-night correction's guess, so the
    // sentence gives the end of the range that the data does pin down.
    match rr {
        Some(r) if t.a == 0 => format!(
            "{counts} (with none on these nights there is no ratio to give; the range consistent with \
             your data runs up to {}).",
            one(r.high)
        ),
        Some(r) if t.c == 0 => format!(
            "{counts} (with none on the other nights there is no ratio to give; the range consistent \
             with your data starts at {}).",
            one(r.low)
        ),
        Some(r) => {
            format!("{counts} ({}; the range consistent with your data is {}).", how_often(r.rr), range(r))
        }
        None => format!("{counts}."),
    }
}

/// A finding's ratio for a narrow column, in the same two figures as the sentences: `×4.6
/// (1.9–11)`, `×<0.1 (<0.1–0.6)`; like the sentences, only the end of the range the data pins
/// down when one side had no cramps (`up to ×1.3`, `from ×11`); empty when there is no ratio or
/// nothing to compare.
#[must_use]
pub fn compact(f: &super::FactorResult) -> String {
    let column = |x: f64| if x < 0.1 { "<0.1".to_owned() } else { ratio(x) };
    let t = f.table();
    match (f.risk_ratio, f.ci_low, f.ci_high) {
        _ if nothing_to_compare(t) => String::new(),
        (Some(_), Some(_), Some(hi)) if t.a == 0 => format!("up to ×{}", column(hi)),
        (Some(_), Some(lo), Some(_)) if t.c == 0 => format!("from ×{}", column(lo)),
        (Some(rr), Some(lo), Some(hi)) => format!("×{} ({}–{})", column(rr), column(lo), column(hi)),
        _ => String::new(),
    }
}

/// The one-sentence summary when factors were tested but every night had cramps, or none did:
/// "no pattern" would suggest the factors were compared, and they could not be.
#[must_use]
pub fn nothing_to_compare_summary(r: &super::Report) -> Option<String> {
    if r.outcome != super::Outcome::NoPattern {
        return None;
    }
    let n = r.nights_logged;
    if r.cramp_nights == 0 {
        Some(format!(
            "No cramps on any of these {n} nights, so there is nothing to compare yet: keep logging \
             every night, with or without cramps."
        ))
    } else if r.cramp_nights == n {
        Some(format!(
            "Cramps came on all {n} nights, so there are no cramp-free nights to compare with yet: \
             keep logging every night."
        ))
    } else {
        None
    }
}

/// Both groups have nights, and either none had cramps or all did.
fn nothing_to_compare(t: Table) -> bool {
    t.n1 > 0 && t.n0 > 0 && ((t.a == 0 && t.c == 0) || (t.a == t.n1 && t.c == t.n0))
}

/// The sentence after a "no clear pattern" finding. When the range printed before it leaves out
/// "no difference", it says which of the rules kept the factor from counting (the size of the
/// difference, too few cramp nights, or the allowance for many comparisons at once, with the
/// q-value the decision used), so the two do not seem to disagree. `None` when the finding
/// already said there is nothing to compare.
#[must_use]
///
/// `p` is the pair (Fisher's p, the streak-allowing p the decision used) when the factor was
/// tested: when only the allowance for streaks takes a difference below 0.05 out of reach, that is
/// the reason given, not the number of comparisons.
pub fn no_clear_pattern(
    t: Table,
    rr: Option<RiskRatio>,
    q: Option<f64>,
    p: Option<(f64, f64)>,
) -> Option<String> {
    use super::findings::{FLAG_RR, MAX_Q, MIN_CRAMP_NIGHTS, PROTECT_RR};
    if nothing_to_compare(t) {
        return None;
    }
    let chance = "No clear pattern: a difference this size could easily be chance.".to_owned();
    let Some(r) = rr.filter(|r| leaves_out_one(*r)) else { return Some(chance) };
    let mut why = Vec::new();
    let more = r.low > 1.0;
    // "Too small" beside a ratio that prints as the threshold itself would read as a
    // contradiction, so that case says "just short".
    let small = |x: f64, limit: f64| {
        if prints_as(x, limit) {
            "the difference is just short of"
        } else {
            "the difference is too small for"
        }
    };
    if more && r.rr < FLAG_RR {
        why.push(format!(
            "{} a finding: cramp reports a factor only when cramps come at least {} as often with it",
            small(r.rr, FLAG_RR),
            times(FLAG_RR)
        ));
    }
    if !more && r.rr > PROTECT_RR {
        why.push(format!(
            "{} a finding: cramp reports a factor only when cramps come at most {} as often with it",
            small(r.rr, PROTECT_RR),
            share(PROTECT_RR)
        ));
    }
    let cramp_nights = if more { (t.a, "with") } else { (t.c, "without") };
    if cramp_nights.0 < MIN_CRAMP_NIGHTS {
        why.push(format!(
            "only {} of the nights {} it had cramps, and at least {MIN_CRAMP_NIGHTS} are needed",
            cramp_nights.0, cramp_nights.1
        ));
    }
    let streaks = p.filter(|(fisher, decided)| *fisher < 0.05 && *decided >= 0.05);
    if let Some((_, decided)) = streaks {
        why.push(format!(
            "your cramps and this factor both come in runs of nights, and runs make a difference \
             like this far easier to get by chance (allowing for them, p = {decided:.2}; a finding \
             needs much less)"
        ));
    } else if let Some(q) = q.filter(|q| *q > MAX_Q) {
        why.push(format!(
            "with many comparisons tested together, a difference like this turns up by chance too \
             often to count (q = {q:.2}; a finding needs {MAX_Q:.2} or less)"
        ));
    }
    if why.is_empty() {
        why.push("the test that decides is less sure than this range".to_owned());
    }
    Some(format!(
        "No clear pattern yet, even though the range leaves out \"no difference\": {}.",
        why.join("; and ")
    ))
}

/// What to try, by the direction of the counts `t`: the catalogue's advice for what goes with
/// more cramps (or is a remedy), and no advice to give something up when cramps came about as
/// often or less often with it, or when there is nothing to compare.
#[must_use]
pub fn advice(factor: &Factor, t: Table, status: Status, conditions: &BTreeSet<Condition>) -> String {
    let more = t.risk_ratio().is_some_and(|r| Direction::of(r.rr) == Direction::More);
    let against = t.risk_ratio().is_some() && (!more || nothing_to_compare(t));
    match status {
        Status::Protective if !factor.is_remedy() => "Nothing to change here.".to_owned(),
        Status::NoAssociation | Status::InsufficientData if against && !factor.is_remedy() => {
            "Your records so far do not show more cramps with it, so there is nothing to change for \
             it yet; keep logging."
                .to_owned()
        }
        _ => catalogue::advice(factor, conditions),
    }
}

/// The two cramp rates with their Wilson intervals. Said only of findings (more or fewer
/// cramps), so when the ratio's range still reaches "no difference" it adds why that is no
/// contradiction: the range is an approximation, and the test that decided is surer.
#[must_use]
pub fn rates(t: Table) -> String {
    let (Some((l1, h1)), Some((l0, h0))) = (wilson(t.a, t.n1), wilson(t.c, t.n0)) else {
        return String::new();
    };
    let text = format!(
        "That is {} of those nights (likely between {} and {}) against {} of the others (between {} \
         and {}).",
        percent(f64::from(t.a) / f64::from(t.n1)),
        percent(l1),
        percent(h1),
        percent(f64::from(t.c) / f64::from(t.n0)),
        percent(l0),
        percent(h0)
    );
    match t.risk_ratio() {
        Some(r) if !leaves_out_one(r) => {
            let rough = if t.a == 0 || t.c == 0 {
                "with no cramps on one side it is only a rough guess"
            } else {
                "it is an approximation"
            };
            format!(
                "{text} The range above still reaches \"no difference\": {rough}, and the test that \
                 decides is surer than it."
            )
        }
        _ => text,
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
             nights (about 5.3× as often; the range consistent with your data is 1.6× to 18×)."
        );
        assert_eq!(
            rates(t),
            "That is 40% of those nights (likely between 22% and 61%) against 8% of the others \
             (between 3% and 20%)."
        );
    }

    #[test]
    fn numbers_in_words() {
        let t = Table { a: 0, n1: 28, c: 17, n0: 78 };
        let text = finding(t, "nights", t.risk_ratio());
        let up_to = "(with none on these nights there is no ratio to give; the range consistent with \
                     your data runs up to 1.3×).";
        assert!(text.ends_with(up_to), "{text}");
        let rough = "with no cramps on one side it is only a rough guess, and the test that decides is \
                     surer than it.";
        assert!(rates(t).ends_with(rough), "{}", rates(t));
        let t = Table { a: 15, n1: 15, c: 0, n0: 44 };
        let text = finding(t, "nights", t.risk_ratio());
        assert!(text.contains("with none on the other nights") && !text.contains("as often"), "{text}");
        assert_eq!(fluid(850.0, Units::Metric), "850 ml");
        assert_eq!(fluid(1950.0, Units::Metric), "1.95 L");
        assert_eq!(fluid(1500.0, Units::Imperial), "51 oz");
        assert_eq!(hours(5.5), "5.5 hours");
        assert_eq!(hours(1.0), "1 hour");
    }

    /// A ratio as the findings pass it, ready to hand over.
    #[allow(clippy::unnecessary_wraps)]
    fn rr(rr: f64, low: f64, high: f64) -> Option<RiskRatio> {
        Some(RiskRatio { rr, low, high })
    }

    #[test]
    fn no_clear_pattern_says_which_rule_kept_it_out() {
        let t = Table { a: 300, n1: 500, c: 225, n0: 500 };
        let chance = Some("No clear pattern: a difference this size could easily be chance.".to_owned());
        assert_eq!(no_clear_pattern(t, rr(1.2, 0.9, 1.6), Some(0.5), None), chance);
        let small = no_clear_pattern(t, rr(1.3, 1.2, 1.5), Some(0.01), None).unwrap();
        assert!(
            small.contains("too small for a finding") && small.contains("at least 1.5× as often"),
            "{small}"
        );
        assert!(!small.contains("q ="), "{small}");
        let short = no_clear_pattern(t, rr(1.46, 1.2, 1.8), Some(0.01), None).unwrap();
        assert!(short.contains("just short of a finding"), "{short}");
        // A low end of 1.02 prints as 1×: the words do not claim it leaves out "no difference".
        assert_eq!(no_clear_pattern(t, rr(1.3, 1.02, 1.6), Some(0.5), None), chance);
        let fewer = no_clear_pattern(t, rr(0.8, 0.7, 0.9), Some(0.01), None).unwrap();
        assert!(fewer.contains("at most 67% as often"), "{fewer}");
        let few = Table { a: 2, n1: 10, c: 3, n0: 90 };
        // Fisher's p is 0.01 but the allowance for streaks puts it at 0.38: that is the reason.
        let runs = no_clear_pattern(t, rr(2.2, 1.1, 4.4), Some(0.8), Some((0.01, 0.38))).unwrap();
        assert!(runs.contains("come in runs of nights") && runs.contains("p = 0.38"), "{runs}");
        assert!(!runs.contains("many comparisons"), "{runs}");
        let both = no_clear_pattern(few, rr(6.0, 1.1, 32.0), Some(0.2), None).unwrap();
        assert!(both.contains("only 2 of the nights with it") && both.contains("q = 0.20"), "{both}");
        // Nothing to compare: the finding has said so already.
        assert_eq!(
            no_clear_pattern(Table { a: 0, n1: 8, c: 0, n0: 32 }, rr(3.7, 0.08, 170.0), None, None),
            None
        );
        assert_eq!(
            no_clear_pattern(Table { a: 8, n1: 8, c: 32, n0: 32 }, rr(1.0, 1.0, 1.0), None, None),
            None
        );
    }

    #[test]
    fn advice_follows_the_direction() {
        let none = BTreeSet::new();
        let coffee = Factor::Tag(crate::model::Tag::new("coffee").unwrap());
        let fewer = Table { a: 25, n1: 100, c: 35, n0: 100 };
        let quiet = advice(&coffee, fewer, Status::NoAssociation, &none);
        assert!(!quiet.contains("without it") && quiet.contains("nothing to change"), "{quiet}");
        let more = Table { a: 35, n1: 100, c: 25, n0: 100 };
        let try_it = advice(&coffee, more, Status::NoAssociation, &none);
        assert!(try_it.contains("try a few weeks without it"), "{try_it}");
        // No cramps at all: the correction's 3.7× is no direction.
        let empty = Table { a: 0, n1: 8, c: 0, n0: 32 };
        assert_eq!(advice(&coffee, empty, Status::NoAssociation, &none), quiet);
        assert_eq!(advice(&coffee, fewer, Status::Protective, &none), "Nothing to change here.");
        // A remedy keeps its advice whichever way its numbers point.
        assert!(advice(&Factor::Stretched, more, Status::NoAssociation, &none).starts_with("Keep it up"));
    }
}
