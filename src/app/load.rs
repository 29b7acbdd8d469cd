//! Reading the journal into the screens, and moving between them: what the app shows is
//! always read again after a change, never patched by hand.

use chrono::{Datelike, Days, NaiveDate};

use super::insights::Insights;
use super::log_form::LogForm;
use super::meds::MedsView;
use super::{App, Screen, Status};
use crate::analysis::week as weekly;
use crate::store::StoreError;

impl App {
    /// The first thing the status line says: whether last night is logged.
    pub(super) fn nudge(&self) -> Result<Status, StoreError> {
        let night = self.current_night();
        let text = match self.store.night(night)? {
            Some(n) => format!(
                "The night of {} is logged: {}.",
                night.format("%a %-d %b"),
                crate::wording::cramp_summary(&n)
            ),
            None if self.first_run => {
                "Welcome: press l to log last night, or c if a cramp is happening now.".to_owned()
            }
            None => {
                format!("The night of {} is not logged yet: press l to log it.", night.format("%a %-d %b"))
            }
        };
        Ok(Status { text, error: false })
    }

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.status = Status { text: text.into(), error: false };
    }

    pub(super) fn complain(&mut self, text: impl Into<String>) {
        self.status = Status { text: text.into(), error: true };
    }

    pub(super) fn goto(&mut self, screen: Screen) {
        let result = match screen {
            Screen::Log => {
                let night = self.current_night();
                self.return_to = if self.screen == Screen::Log { Screen::Week } else { self.screen };
                self.open_log(night);
                return;
            }
            Screen::Week => self.load_week(),
            Screen::History => self.load_history(),
            Screen::Insights => self.load_insights(),
            Screen::Meds => self.load_meds(),
            Screen::Export => Ok(()),
        };
        match result {
            Ok(()) => {
                self.log = None;
                self.screen = screen;
            }
            Err(e) => self.complain(format!("Could not read the journal: {e}")),
        }
    }

    pub(super) fn load_week(&mut self) -> Result<(), StoreError> {
        let anchor = self.week.anchor;
        let (start, weeks) = (self.settings.week_start, self.week.weeks);
        let from = weekly::first_needed_for(anchor, start, weeks);
        // Nights after the current one have not happened here yet (a zone ahead, a wrong clock).
        let to = anchor.checked_add_days(Days::new(7)).unwrap_or(anchor).min(self.current_night());
        let nights = self.store.nights(Some(from), Some(to))?;
        self.week.summary = weekly::summarize_over(&nights, &self.meds, anchor, start, weeks);
        let measured = self.store.measured_values(Some(from), Some(to))?;
        self.week.summary.add_measured(&measured, self.current_night());
        self.load_experiment_line()
    }

    /// The nights of the calendar's year.
    pub(super) fn load_calendar(&mut self) -> Result<(), StoreError> {
        let year = self.week.calendar.cursor.year();
        let from = NaiveDate::from_ymd_opt(year, 1, 1);
        let to = NaiveDate::from_ymd_opt(year, 12, 31);
        let nights = self.store.nights(from, to)?;
        let current = self.current_night();
        self.week.calendar.fill(&nights, current);
        Ok(())
    }

    fn load_history(&mut self) -> Result<(), StoreError> {
        let nights = self.store.nights(None, None)?;
        let current = self.current_night();
        self.history.load(nights, current);
        Ok(())
    }

    /// Runs the analysis over every logged night; it is fast enough to do on each visit.
    pub(super) fn load_insights(&mut self) -> Result<(), StoreError> {
        let nights = self.store.nights(None, None)?;
        let medications = self.store.medications()?;
        let profile = self.store.profile()?;
        let suspected = self.store.suspected_factors()?;
        let range = self.insights.as_ref().map(|v| v.range).unwrap_or_default();
        let measured = self.store.measured_values(None, None)?;
        let report = crate::analysis::analyze(&crate::analysis::Input {
            nights: &nights,
            medications: &medications,
            profile: &profile,
            suspected: &suspected,
            units: self.settings.units,
            from: range.first_night(self.current_night()),
            to: range.last_night(),
            today: self.now.date_naive(),
            measured: &measured,
        });
        match &mut self.insights {
            Some(v) => v.replace(report),
            None => self.insights = Some(Insights::new(report)),
        }
        Ok(())
    }

    fn load_meds(&mut self) -> Result<(), StoreError> {
        self.meds = self.store.medications()?;
        self.settings = self.store.settings()?;
        let profile = self.store.profile()?;
        let selected = self.meds_view.selected;
        self.meds_view = MedsView { selected, ..MedsView::new(self.meds.clone(), profile, self.settings) };
        self.meds_view.selected = selected.min(self.meds_view.rows().len() - 1);
        Ok(())
    }

    /// After a write: what the screens show is read again.
    pub(super) fn reload(&mut self) {
        let result = (|| {
            self.first_run = self.store.night_count()? == 0;
            self.load_meds()?;
            self.load_week()?;
            if self.week.calendar.open {
                self.load_calendar()?;
            }
            if self.screen == Screen::History {
                self.load_history()?;
            }
            if self.screen == Screen::Insights {
                self.load_insights()?;
            } else {
                self.insights = None;
            }
            Ok::<(), StoreError>(())
        })();
        if let Err(e) = result {
            self.complain(format!("Could not read the journal: {e}"));
        }
    }

    pub(super) fn open_log(&mut self, date: NaiveDate) {
        if date > self.now.date_naive() {
            self.complain(format!("{} is still to come.", date.format("%a %-d %b")));
            return;
        }
        let result = (|| {
            let existing = self.store.night(date)?;
            let from = date.checked_sub_days(Days::new(30));
            let previous = self.store.nights(from, date.pred_opt())?.pop();
            let mut form = LogForm::new(date, existing.as_ref(), previous.as_ref(), &self.meds);
            form.units = self.settings.units;
            let measured: Vec<_> =
                self.store.measured_for(date, date)?.into_iter().map(|m| (m.value, m.origin)).collect();
            form.measured = crate::health::summary_parts(&measured, self.settings.units);
            Ok::<_, StoreError>(form)
        })();
        match result {
            Ok(form) => {
                if self.screen != Screen::Log {
                    self.return_to = self.screen;
                }
                self.log = Some(form);
                self.screen = Screen::Log;
            }
            Err(e) => self.complain(format!("Could not open the night: {e}")),
        }
    }
}
