//! The terminal app: a key becomes a message (`keyboard.rs`), the screen's `update` changes its
//! own state and may ask for an effect, `App::perform` (`effects.rs`) carries it out against the
//! journal, and the `ui` module draws from `&App`.

pub mod calendar;
pub mod capture;
#[macro_use]
pub mod choice;
pub mod effects;
pub mod experiment;
pub mod export;
mod files;
pub mod history;
pub mod input;
pub mod insights;
pub mod keyboard;
pub mod keys;
mod load;
pub mod log_fields;
pub mod log_form;
mod log_read;
pub mod meds;
pub mod meds_form;
pub mod range;
pub mod run;
pub mod week;

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::analysis::week as weekly;
use crate::model::{Medication, Night, Settings, Zone};
use crate::store::{Store, StoreError};
use crate::ui::theme::Theme;
use capture::{Capture, CaptureMsg, Phase};
pub use effects::Effect;
use export::{ExportForm, ExportMsg};
use history::{History, HistoryMsg};
use insights::{Insights, InsightsMsg};
pub use keyboard::{ALWAYS_KEYS, GLOBAL_KEYS, Global, View};
use log_form::{LogForm, LogMsg};
use meds::{MedsMsg, MedsView};
use week::{WeekMsg, WeekView};

/// The screens, numbered as on the tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    Week,
    Log,
    History,
    Insights,
    Meds,
    Export,
}

impl Screen {
    pub const ALL: [Screen; 6] =
        [Screen::Week, Screen::Log, Screen::History, Screen::Insights, Screen::Meds, Screen::Export];

    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::Week => "Week",
            Self::Log => "Log",
            Self::History => "History",
            Self::Insights => "Insights",
            Self::Meds => "Medicines",
            Self::Export => "Export",
        }
    }

    #[must_use]
    pub fn number(self) -> char {
        char::from(b'1' + Self::ALL.iter().position(|s| *s == self).unwrap_or(0) as u8)
    }
}

/// Everything that can happen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Msg {
    /// `q`: leave the app (asks first if a form has unsaved changes).
    Quit,
    /// Ctrl-C: leave at once; nothing half-typed is saved.
    ForceQuit,
    /// Esc: back out one level.
    Back,
    Goto(Screen),
    /// Open the Log form on a night.
    OpenLog(NaiveDate),
    /// `e`: the experiment panel; and scrolling it.
    OpenExperiment,
    ScrollExperiment(i32),
    Help,
    ClosePopup,
    /// The answer to a yes/no question.
    Answer(bool),
    StartCapture,
    Capture(CaptureMsg),
    /// Time passed (the capture timer redraws once a second).
    Tick,
    Week(WeekMsg),
    Calendar(calendar::CalendarMsg),
    Log(LogMsg),
    History(HistoryMsg),
    Insights(InsightsMsg),
    Meds(MedsMsg),
    Export(ExportMsg),
}

/// A question or panel over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help,
    /// A yes/no question and what is done on yes.
    Confirm {
        question: String,
        yes: Box<Effect>,
    },
    /// The experiment's report, scrolled down by `scroll` lines.
    Experiment {
        scroll: u16,
    },
}

/// The line at the bottom that says what just happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// What a screen may read while it decides: the time, the night that has just ended, the
/// settings. Screens get this, never the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    pub now: DateTime<FixedOffset>,
    pub current_night: NaiveDate,
    pub settings: Settings,
    pub zone: Zone,
}

impl Ctx {
    #[must_use]
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// The morning after `night`, 09:00 at UTC+1, with the default settings.
    #[cfg(test)]
    pub(crate) fn for_tests(night: NaiveDate) -> Self {
        let offset = FixedOffset::east_opt(3600).unwrap_or_else(|| unreachable!());
        let morning = night.succ_opt().and_then(|d| d.and_hms_opt(9, 0, 0)).unwrap_or_default();
        let now = morning.and_local_timezone(offset).single().unwrap_or_else(|| unreachable!());
        Self { now, current_night: night, settings: Settings::default(), zone: Zone::Fixed(offset) }
    }
}

/// The whole app.
#[derive(Debug)]
pub struct App {
    store: Store,
    pub zone: Zone,
    /// The time as of the last event; drawing reads it, never the clock.
    pub now: DateTime<FixedOffset>,
    pub theme: Theme,
    pub settings: Settings,
    pub meds: Vec<Medication>,
    pub screen: Screen,
    /// Where Esc or a save returns to from the Log form.
    pub return_to: Screen,
    pub week: WeekView,
    pub log: Option<LogForm>,
    pub history: History,
    /// Worked out when the screen is opened, and again after each change.
    pub insights: Option<Insights>,
    pub meds_view: MedsView,
    pub export: ExportForm,
    pub capture: Option<Capture>,
    pub experiment: experiment::ExperimentState,
    pub popup: Option<Popup>,
    pub status: Status,
    /// No night logged yet: the Week screen shows a welcome.
    pub first_run: bool,
    pub quit: bool,
    pub options: Options,
}

/// How the app was started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Started by `cramp now --timer`: leave when the capture ends.
    pub quit_after_capture: bool,
    /// F12 panics: only for the test that proves a panic leaves the terminal usable
    /// (`CRAMP_TEST_PANIC_KEY=1`).
    pub panic_key: bool,
}

impl App {
    /// Opens the app on a journal at `now`, on the Week screen.
    pub fn new(
        store: Store,
        zone: Zone,
        now: DateTime<FixedOffset>,
        theme: Theme,
    ) -> Result<Self, StoreError> {
        let settings = store.settings()?;
        let meds = store.medications()?;
        let profile = store.profile()?;
        let current = crate::model::default_night(now.naive_local(), settings.evening);
        let summary = weekly::summarize(&[], &[], current, settings.week_start);
        let mut app = Self {
            first_run: store.night_count()? == 0,
            store,
            zone,
            now,
            theme,
            settings,
            meds_view: MedsView::new(meds.clone(), profile, settings),
            meds,
            export: ExportForm::new(current),
            screen: Screen::Week,
            return_to: Screen::Week,
            week: WeekView {
                anchor: current,
                show_minutes: false,
                weeks: weekly::TREND_WEEKS,
                summary,
                calendar: calendar::Calendar::new(current),
            },
            log: None,
            history: History::default(),
            insights: None,
            capture: None,
            experiment: experiment::ExperimentState::default(),
            popup: None,
            status: Status::default(),
            quit: false,
            options: Options::default(),
        };
        app.load_week()?;
        app.status = app.nudge()?;
        Ok(app)
    }

    /// The night that has just ended (after the day boundary: tonight).
    #[must_use]
    pub fn current_night(&self) -> NaiveDate {
        crate::model::default_night(self.now.naive_local(), self.settings.evening)
    }

    /// What screens may read.
    #[must_use]
    pub fn ctx(&self) -> Ctx {
        Ctx { now: self.now, current_night: self.current_night(), settings: self.settings, zone: self.zone }
    }

    pub fn set_now(&mut self, now: DateTime<FixedOffset>) {
        self.now = now;
    }

    /// The capture timer needs a redraw each second; otherwise the app waits for keys.
    #[must_use]
    pub fn tick_interval(&self) -> Option<std::time::Duration> {
        let c = self.capture.as_ref().filter(|c| c.phase == Phase::Running)?;
        let ms = (self.now - c.start).num_milliseconds().rem_euclid(1000);
        Some(std::time::Duration::from_millis((1000 - ms).clamp(1, 1000) as u64))
    }

    /// Handles one key press.
    ///
    /// # Panics
    /// On F12 when [`Options::panic_key`] is set, by design.
    pub fn handle_key(&mut self, ev: &KeyEvent) {
        assert!(
            !(self.options.panic_key && ev.code == KeyCode::F(12)),
            "test-only panic (CRAMP_TEST_PANIC_KEY)"
        );
        if let Some(msg) = self.message_for(ev) {
            self.update(msg);
        }
    }

    /// `next`, unless the Log form on screen has unsaved changes: then a question first.
    fn guarded(&self, next: Effect) -> Effect {
        match (&self.log, self.screen) {
            (Some(form), Screen::Log) => form.guard(next),
            _ => next,
        }
    }

    /// Routes a message: the app's own are handled here, a screen's go to its `update`, and
    /// whatever effect comes back is performed.
    pub fn update(&mut self, msg: Msg) {
        let ctx = self.ctx();
        let effect = match msg {
            Msg::ForceQuit => Some(Effect::Quit),
            Msg::Quit => Some(self.guarded(Effect::Quit)),
            Msg::Back => self.back(),
            Msg::Goto(screen) => (screen != self.screen).then(|| self.guarded(Effect::Goto(screen))),
            Msg::OpenLog(date) => Some(Effect::OpenLog(date)),
            Msg::Help => {
                self.popup = Some(Popup::Help);
                None
            }
            Msg::ClosePopup => self.popup.take().and(None),
            Msg::OpenExperiment => {
                self.open_experiment();
                None
            }
            Msg::ScrollExperiment(lines) => {
                self.scroll_experiment(lines);
                None
            }
            Msg::Answer(yes) => match self.popup.take() {
                Some(Popup::Confirm { yes: then, .. }) if yes => Some(*then),
                _ => None,
            },
            Msg::StartCapture => Some(Effect::StartCapture),
            Msg::Capture(m) => self.capture.as_mut().and_then(|c| c.update(m, &ctx)),
            Msg::Tick => None,
            Msg::Week(m) => self.week.update(m, &ctx),
            Msg::Calendar(m) => self.week.calendar.update(m, &ctx),
            Msg::Log(m) => self.log.as_mut().and_then(|f| f.update(m, &ctx)),
            Msg::History(m) => self.history.update(m, &ctx),
            Msg::Insights(m) => self.insights.as_mut().and_then(|v| v.update(m, &ctx)),
            Msg::Meds(m) => self.meds_view.update(m, &ctx),
            Msg::Export(m) => self.export.update(m, &ctx),
        };
        if let Some(effect) = effect {
            self.perform(effect);
        }
    }

    /// Esc when the screen itself has no use for it: the Log form returns where it came from
    /// (asking first about unsaved changes), other screens go to the Week.
    fn back(&self) -> Option<Effect> {
        match self.screen {
            Screen::Log => Some(self.guarded(Effect::Goto(self.return_to))),
            Screen::Week => None,
            Screen::History | Screen::Insights | Screen::Meds | Screen::Export => {
                Some(Effect::Goto(Screen::Week))
            }
        }
    }

    /// The journal, for callers that check what the app wrote.
    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A night as stored now, if logged.
    #[must_use]
    pub fn night(&self, date: NaiveDate) -> Option<Night> {
        self.store.night(date).ok().flatten()
    }
}
