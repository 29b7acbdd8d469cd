//! Suspected against supported: for each factor the person suspects, what their own records say
//! about it, so a hunch and the data can be read side by side.

use super::catalogue;
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

/// Sets each suspicion beside the findings for its factor.
#[must_use]
pub fn suspicions(suspected: &[Factor], findings: &[FactorResult]) -> Vec<Suspicion> {
    suspected
        .iter()
        .map(|id| {
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
            result(Factor::LowFluid, 0, Status::NoAssociation, t),
            result(Factor::LowFluid, 1, Status::Flagged, t),
            result(Factor::Stretched, 0, Status::Flagged, t),
            result(coffee.clone(), 0, Status::InsufficientData, Table { n1: 3, ..t }),
            result(Factor::FeetHanging, 0, Status::InsufficientData, Table { n1: 0, a: 0, ..t }),
        ];
        let suspected =
            [Factor::LowFluid, Factor::Stretched, coffee, Factor::FeetHanging, Factor::ToesPointed];
        let verdicts: Vec<Verdict> = suspicions(&suspected, &findings).iter().map(|s| s.verdict).collect();
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
        let s = &suspicions(&[Factor::LowFluid], &findings)[0];
        assert_eq!(s.results.len(), 2);
        assert!(s.message.starts_with("Suspected: Low fluid. Your records support it. Cramps came on"));
    }
}
