//! The experiment in the app: tonight's line for the Week screen and the Log form, and the
//! report panel (the `e` key), read from the journal when the week is loaded or the panel opened.

use super::{App, Popup};
use crate::experiment::view::Overview;
use crate::experiment::wording::{Piece, day_line};
use crate::store::StoreError;

/// What the app holds about the experiment: tonight's line, and the report once opened.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExperimentState {
    /// "Experiment: night 5 of 14, period B: stretch before bed · last night followed the plan".
    pub line: Option<String>,
    /// The report's pieces, worked out when the panel is opened.
    pub report: Vec<Piece>,
}

/// Lines the panel moves for a scroll key.
pub const PAGE: u16 = 10;

impl App {
    /// Reads tonight's line; cheap (the latest experiment and last night), so done with the week.
    pub(super) fn load_experiment_line(&mut self) -> Result<(), StoreError> {
        let today = self.now.date_naive();
        self.experiment.line = match self.store.latest_experiment()? {
            Some(e) => {
                let last = match today.pred_opt() {
                    Some(d) => self.store.night(d)?,
                    None => None,
                };
                day_line(&e.change, &e.plan, e.state_on(today), today, last.as_ref(), self.settings.units)
            }
            None => None,
        };
        Ok(())
    }

    /// Works out the report and opens the panel over the screen.
    pub(super) fn open_experiment(&mut self) {
        let today = self.now.date_naive();
        let report = self.store.latest_experiment().and_then(|e| {
            let Some(e) = e else { return Ok(None) };
            let nights = self.store.nights(Some(e.plan.start), Some(e.plan.end().min(today)))?;
            let amendments = e.amendments.iter().map(|a| (a.made, a.text.clone())).collect();
            let state = e.state_on(today);
            Ok(Some(Overview::new(e.change, e.plan, state, amendments, &nights, today)))
        });
        match report {
            Ok(Some(view)) => self.experiment.report = view.report(self.settings.units),
            Ok(None) => {
                self.experiment.report = vec![
                    Piece::Heading("No experiment yet".into()),
                    Piece::Text(
                        "An experiment tests one change on nights drawn at random, against nights without it. Plan one at the command line, e.g. `cramp experiment plan stretching`; `cramp experiment --help` explains."
                            .into(),
                    ),
                ];
            }
            Err(e) => {
                self.complain(format!("Could not read the journal: {e}"));
                return;
            }
        }
        self.popup = Some(Popup::Experiment { scroll: 0 });
    }

    /// Moves the panel's text by `lines` (negative: up).
    pub(super) fn scroll_experiment(&mut self, lines: i32) {
        if let Some(Popup::Experiment { scroll }) = &mut self.popup {
            *scroll = u16::try_from((i32::from(*scroll) + lines).max(0)).unwrap_or(u16::MAX);
        }
    }
}
