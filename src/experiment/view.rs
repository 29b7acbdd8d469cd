//! An experiment with its nights summed and analysed: what the CLI, the app and the exports show.

use chrono::NaiveDate;

use super::analysis::{Analysis, PeriodSummary};
use super::power::Power;
use super::wording::{Piece, ReportInput, report};
use super::{Change, Plan, State};
use crate::model::{Night, Units};

/// Everything shown about one experiment on `today`.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub change: Change,
    pub plan: Plan,
    pub state: State,
    pub periods: Vec<PeriodSummary>,
    pub analysis: Option<Analysis>,
    pub power: Power,
    pub amendments: Vec<(NaiveDate, String)>,
    pub today: NaiveDate,
}

impl Overview {
    /// Sums `nights` (those logged in the plan's range) into periods and analyses them.
    #[must_use]
    pub fn new(
        change: Change,
        plan: Plan,
        state: State,
        amendments: Vec<(NaiveDate, String)>,
        nights: &[Night],
        today: NaiveDate,
    ) -> Self {
        let periods = PeriodSummary::all(&plan, &change, nights);
        let analysis = Analysis::of(&periods);
        let power = Power::of(plan.design);
        Self { change, plan, state, periods, analysis, power, amendments, today }
    }

    /// The report's pieces, pre-declared analysis first.
    #[must_use]
    pub fn report(&self, units: Units) -> Vec<Piece> {
        report(&ReportInput {
            change: &self.change,
            plan: &self.plan,
            state: self.state,
            periods: &self.periods,
            analysis: self.analysis.as_ref(),
            power: self.power,
            amendments: &self.amendments,
            today: self.today,
            units,
        })
    }
}
