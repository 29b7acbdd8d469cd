//! Suspected against supported: for each factor the person suspects, what their own records say
//! about it, so a hunch and the data can be read side by side.

use super::catalogue;
use super::dose::Dose;
use super::findings::{FactorResult, Status};
use crate::model::Factor;

/// How a suspicion stands against the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The data shows the expected association (more cramps; fewer for a remedy).
    Supported,
    /// The data shows the opposite association.
    Opposite,
    /// Tested, with no clear difference.
    NoPattern,
    /// Seen, but not on enough nights to test yet.
    NotEnoughNights,
    /// Never recorded in the range.
    NotTested,
}

/// One suspected factor and what the data says.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suspicion {
    pub id: Factor,
    pub verdict: Verdict,
    /// The suspicion and the evidence, in a sentence or two.
    pub message: String,
    /// The factor's results at each lag tested, same day first.
    pub results: Vec<SuspicionResult>,
}

/// The counts and status behind a suspicion, at one lag.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SuspicionResult {
    pub lag: u8,
    pub status: Status,
    pub exposed_nights: u32,
    pub exposed_cramp_nights: u32,
    pub unexposed_nights: u32,
    pub unexposed_cramp_nights: u32,
}

/// Sets each suspicion beside the findings for its factor; a suspicion about an amount split
/// at the median ("low fluid") beside the amount's trend.
#[must_use]
pub fn suspicions(suspected: &[Factor], findings: &[FactorResult], doses: &[Dose]) -> Vec<Suspicion> {
    suspected
        .iter()
        .map(|id| {
            if id.is_median_split() {
                return amount_suspicion(id, doses);
            }
            let mine: Vec<&FactorResult> = findings.iter().filter(|f| &f.id == id).collect();
            let results = mine
                .iter()
                .map(|f| SuspicionResult {
                    lag: f.lag,
                    status: f.status,
                    exposed_nights: f.exposed_nights,
                    exposed_cramp_nights: f.exposed_cramp_nights,
                    unexposed_nights: f.unexposed_nights,
                    unexposed_cramp_nights: f.unexposed_cramp_nights,
                })
                .collect();
            let (verdict, message) = verdict(id, &mine);
            Suspicion { id: id.clone(), verdict, message, results }
        })
        .collect()
}

/// A suspicion about low fluid, long standing or long sitting, answered by the amount: more
/// fluid going with fewer cramps supports "low fluid"; more hours on the feet (or sitting)
/// going with more cramps supports "long standing" ("long sitting").
fn amount_suspicion(id: &Factor, doses: &[Dose]) -> Suspicion {
    let lead = format!("Suspected: {}.", catalogue::name(id));
    let mine: Vec<&Dose> = doses.iter().filter(|d| d.amount.median_factor().as_ref() == Some(id)).collect();
    // Less fluid is the suspicion, so fewer cramps with more fluid supports it.
    let supports = |d: &Dose| if *id == Factor::LowFluid { d.risk_ratio < 1.0 } else { d.risk_ratio > 1.0 };
    let (verdict, message) = if let Some(d) = mine.iter().find(|d| d.clear && supports(d)) {
        (Verdict::Supported, format!("{lead} Your records support it, counted as an amount. {}", d.headline))
    } else if let Some(d) = mine.iter().find(|d| d.clear) {
        (Verdict::Opposite, format!("{lead} Your records point the other way. {}", d.headline))
    } else if let Some(d) = mine.first() {
        (Verdict::NoPattern, format!("{lead} No clear trend in your records so far. {}", d.headline))
    } else {
        let text = format!(
            "{lead} Not enough nights with the amount recorded to test it yet (at least {} are needed).",
            super::dose::MIN_NIGHTS
        );
        (Verdict::NotEnoughNights, text)
    };
    Suspicion { id: id.clone(), verdict, message, results: Vec::new() }
}

/// The verdict on one suspicion from the factor's findings, with the sentence that says it.
fn verdict(id: &Factor, mine: &[&FactorResult]) -> (Verdict, String) {
    // For a remedy the hoped-for finding is "fewer cramps"; for anything else, "more".
    let (hoped, feared) = if id.is_remedy() {
        (Status::Protective, Status::Flagged)
    } else {
        (Status::Flagged, Status::Protective)
    };
    let has = |s: Status| mine.iter().find(|f| f.status == s);
    let lead = format!("Suspected: {}.", catalogue::name(id));
    if let Some(f) = has(hoped) {
        (Verdict::Supported, format!("{lead} Your records support it. {}", f.finding))
    } else if let Some(f) = has(feared) {
        (Verdict::Opposite, format!("{lead} Your records point the other way. {}", f.finding))
    } else if let Some(f) = has(Status::NoAssociation) {
        (Verdict::NoPattern, format!("{lead} No clear pattern in your records so far. {}", f.finding))
    } else if let Some(f) = mine.iter().find(|f| f.exposed_nights > 0) {
        let more = f.nights_needed.unwrap_or(0);
        (Verdict::NotEnoughNights, format!("{lead} Not enough nights to test it yet (at least {more} more)."))
    } else {
        let text = format!(
            "{lead} It was not present on any logged night in this range, so it cannot be tested yet."
        );
        (Verdict::NotTested, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::stats::Table;
    use crate::model::Tag;

    fn result(id: Factor, lag: u8, status: Status, t: Table) -> FactorResult {
        FactorResult {
            id,
            lag,
            cause: "",
            exposed_nights: t.n1,
            exposed_cramp_nights: t.a,
            unexposed_nights: t.n0,
            unexposed_cramp_nights: t.c,
            risk_ratio: None,
            ci_low: None,
            ci_high: None,
            p_fisher: None,
            p_value: None,
            q_value: None,
            status,
            adjusted: None,
            explained_by: Vec::new(),
            nights_needed: None,
            explanation: String::new(),
            advice: String::new(),
            finding: "Cramps came on …".to_owned(),
        }
    }

    #[test]
    fn each_suspicion_meets_its_evidence() {
        let t = Table { a: 5, n1: 20, c: 5, n0: 20 };
        let coffee = Factor::Tag(Tag::new("coffee").unwrap());
        let findings = [
            result(Factor::HardActivity, 0, Status::NoAssociation, t),
            result(Factor::HardActivity, 1, Status::Flagged, t),
            result(Factor::Stretched, 0, Status::Flagged, t),
            result(coffee.clone(), 0, Status::InsufficientData, Table { n1: 3, ..t }),
            result(Factor::FeetHanging, 0, Status::InsufficientData, Table { n1: 0, a: 0, ..t }),
        ];
        let suspected =
            [Factor::HardActivity, Factor::Stretched, coffee, Factor::FeetHanging, Factor::ToesPointed];
        let verdicts: Vec<Verdict> =
            suspicions(&suspected, &findings, &[]).iter().map(|s| s.verdict).collect();
        assert_eq!(
            verdicts,
            [
                Verdict::Supported,
                Verdict::Opposite,
                Verdict::NotEnoughNights,
                Verdict::NotTested,
                Verdict::NotTested
            ]
        );
        let s = &suspicions(&[Factor::HardActivity], &findings, &[])[0];
        assert_eq!(s.results.len(), 2);
        assert!(s.message.starts_with("Suspected: Hard activity. Your records support it. Cramps came on"));
    }

    /// Low fluid is answered by fluid as an amount: fewer cramps with more fluid supports it,
    /// more cramps with more fluid points the other way; long standing the reverse.
    #[test]
    fn a_suspected_median_split_is_answered_by_the_amount() {
        use crate::analysis::dose::Amount;
        let dose = |amount, rr: f64, clear| Dose {
            amount,
            lag: 0,
            step: 500.0,
            nights: 60,
            measured_nights: 0,
            risk_ratio: rr,
            ci_low: rr * 0.8,
            ci_high: rr * 1.2,
            p_value: 0.001,
            inflation: 1.0,
            q_value: 0.001,
            clear,
            median: 1500.0,
            thirds: Vec::new(),
            sentence: String::new(),
            headline: format!("About {rr}× per step."),
            per: String::new(),
        };
        let verdict = |id: Factor, doses: &[Dose]| suspicions(&[id], &[], doses)[0].clone();
        let low = verdict(Factor::LowFluid, &[dose(Amount::Fluid, 0.6, true)]);
        assert_eq!(low.verdict, Verdict::Supported, "{}", low.message);
        assert!(low.message.contains("About 0.6× per step."), "{}", low.message);
        assert_eq!(verdict(Factor::LowFluid, &[dose(Amount::Fluid, 1.7, true)]).verdict, Verdict::Opposite);
        assert_eq!(verdict(Factor::LowFluid, &[dose(Amount::Fluid, 0.6, false)]).verdict, Verdict::NoPattern);
        assert_eq!(verdict(Factor::LowFluid, &[]).verdict, Verdict::NotEnoughNights);
        assert_eq!(
            verdict(Factor::LongStanding, &[dose(Amount::Standing, 1.4, true)]).verdict,
            Verdict::Supported
        );
        // Another amount says nothing about this one.
        assert_eq!(
            verdict(Factor::LongSitting, &[dose(Amount::Standing, 1.4, true)]).verdict,
            Verdict::NotEnoughNights
        );
    }
}
