//! The terminal app's state and its one mutator: keys become messages, `update` applies them
//! (reading and writing the journal), and the `ui` module draws from `&App`.

pub mod capture;
#[macro_use]
pub mod choice;
pub mod export;
pub mod history;
pub mod input;
pub mod insights;
pub mod keys;
pub mod log_form;
pub mod meds;
pub mod run;
pub mod week;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, SubsecRound};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::analysis::week as weekly;
use crate::model::{DurationS, Episode, Medication, Night, Score, Settings, Zone};
use crate::store::{NewSchedule, Store, StoreError};
use crate::ui::theme::Theme;
use capture::{Capture, CaptureMsg, Phase};
use export::{ExportForm, ExportMsg};
use history::{History, HistoryMsg};
use insights::{Insights, InsightsMsg};
use keys::{Binding, is_ctrl, key, lookup};
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
        match self {
            Self::Week => '1',
            Self::Log => '2',
            Self::History => '3',
            Self::Insights => '4',
            Self::Meds => '5',
            Self::Export => '6',
        }
    }
}

/// Everything that can happen.
#[derive(Debug, Clone, PartialEq)]
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
    Help,
    ClosePopup,
    /// The answer to a yes/no question.
    Answer(bool),
    /// Carry on with a message after agreeing to drop unsaved changes.
    Discard(Box<Msg>),
    StartCapture,
    Capture(CaptureMsg),
    /// Time passed (the capture timer redraws once a second).
    Tick,
    Week(WeekMsg),
    Log(LogMsg),
    History(HistoryMsg),
    Insights(InsightsMsg),
    Meds(MedsMsg),
    Export(ExportMsg),
    /// Export even though the file exists (after asking).
    ExportReplacing,
    DeleteNight(NaiveDate),
    StopMedicine(usize),
}

/// What the keys that work on every screen ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Capture,
    Goto(Screen),
    Help,
    Back,
    Quit,
    ForceQuit,
}

impl From<Global> for Msg {
    fn from(g: Global) -> Self {
        match g {
            Global::Capture => Msg::StartCapture,
            Global::Goto(s) => Msg::Goto(s),
            Global::Help => Msg::Help,
            Global::Back => Msg::Back,
            Global::Quit => Msg::Quit,
            Global::ForceQuit => Msg::ForceQuit,
        }
    }
}

/// Keys that work on every screen when no text is being typed.
pub const GLOBAL_KEYS: &[Binding<Global>] = &[
    key(KeyCode::Char('c'), "c", "a cramp now (timed)", Global::Capture),
    key(KeyCode::Char('l'), "l", "log a night", Global::Goto(Screen::Log)),
    key(KeyCode::Char('1'), "1", "Week", Global::Goto(Screen::Week)),
    key(KeyCode::Char('2'), "2", "Log", Global::Goto(Screen::Log)),
    key(KeyCode::Char('3'), "3", "History", Global::Goto(Screen::History)),
    key(KeyCode::Char('4'), "4", "Insights", Global::Goto(Screen::Insights)),
    key(KeyCode::Char('5'), "5", "Medicines, profile, settings", Global::Goto(Screen::Meds)),
    key(KeyCode::Char('6'), "6", "Export", Global::Goto(Screen::Export)),
    key(KeyCode::Char('?'), "?/F1", "this help", Global::Help).bar("help"),
    key(KeyCode::F(1), "", "", Global::Help),
    key(KeyCode::Esc, "Esc", "back", Global::Back),
    key(KeyCode::Char('q'), "q", "quit", Global::Quit).bar("quit"),
];

/// Keys that work even while typing.
pub const ALWAYS_KEYS: &[Binding<Global>] = &[
    keys::ctrl('t', "Ctrl-T", "a cramp now (anywhere)", Global::Capture),
    keys::ctrl('c', "Ctrl-C", "quit, dropping changes", Global::ForceQuit),
    key(KeyCode::F(1), "F1", "help", Global::Help),
    key(KeyCode::Esc, "Esc", "back", Global::Back),
];

/// A question or panel over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Popup {
    Help,
    Confirm { question: String, yes: Box<Msg> },
}

/// The line at the bottom that says what just happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
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
            week: WeekView { anchor: current, show_minutes: false, summary },
            log: None,
            history: History::default(),
            insights: None,
            capture: None,
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

    /// The first thing the status line says: whether last night is logged.
    fn nudge(&self) -> Result<Status, StoreError> {
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

    pub fn set_now(&mut self, now: DateTime<FixedOffset>) {
        self.now = now;
    }

    /// Whether a text field has the keyboard (then letters and digits are text, not shortcuts).
    #[must_use]
    pub fn is_editing_text(&self) -> bool {
        match self.screen {
            Screen::Log => self.log.as_ref().is_some_and(LogForm::is_editing_text),
            Screen::History => self.history.prompt.is_some(),
            Screen::Meds => self.meds_view.is_editing_text(),
            Screen::Export => self.export.is_editing_text(),
            Screen::Week | Screen::Insights => false,
        }
    }

    /// The capture timer needs a redraw each second; otherwise the app waits for keys.
    #[must_use]
    pub fn tick_interval(&self) -> Option<std::time::Duration> {
        let c = self.capture.as_ref().filter(|c| c.phase == Phase::Running)?;
        let ms = (self.now - c.start).num_milliseconds().rem_euclid(1000);
        Some(std::time::Duration::from_millis((1000 - ms).clamp(1, 1000) as u64))
    }

    /// Turns a key into a message, looking at what has the keyboard.
    #[must_use]
    pub fn message_for(&self, ev: &KeyEvent) -> Option<Msg> {
        if is_ctrl(ev, 'c') {
            return Some(Msg::ForceQuit);
        }
        if let Some(popup) = &self.popup {
            return match popup {
                Popup::Help => Some(Msg::ClosePopup),
                Popup::Confirm { .. } => match ev.code {
                    KeyCode::Char('y' | 'Y') => Some(Msg::Answer(true)),
                    KeyCode::Char('n' | 'N') | KeyCode::Esc => Some(Msg::Answer(false)),
                    _ => None,
                },
            };
        }
        if let Some(c) = &self.capture {
            return c.message_for(ev).map(Msg::Capture);
        }
        if let Some(m) = lookup(&ALWAYS_KEYS[..1], ev) {
            return Some(m.into());
        }
        let screen_msg = match self.screen {
            Screen::Log => self.log.as_ref().and_then(|f| f.message_for(ev)).map(Msg::Log),
            Screen::History if self.history.prompt.is_some() => {
                self.history.message_for(ev).map(Msg::History)
            }
            Screen::Meds if self.meds_view.form.is_some() => self.meds_view.message_for(ev).map(Msg::Meds),
            Screen::Export => self.export.message_for(ev).map(Msg::Export),
            _ => None,
        };
        if screen_msg.is_some() {
            return screen_msg;
        }
        if self.is_editing_text() {
            return lookup(ALWAYS_KEYS, ev).map(Msg::from);
        }
        lookup(GLOBAL_KEYS, ev).map(Msg::from).or_else(|| match self.screen {
            Screen::Week => lookup(week::KEYS, ev).map(Msg::Week),
            Screen::History => self.history.message_for(ev).map(Msg::History),
            Screen::Insights => self.insights.as_ref().and_then(|v| v.message_for(ev)).map(Msg::Insights),
            Screen::Meds => self.meds_view.message_for(ev).map(Msg::Meds),
            Screen::Log | Screen::Export => None,
        })
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

    fn say(&mut self, text: impl Into<String>) {
        self.status = Status { text: text.into(), error: false };
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.status = Status { text: text.into(), error: true };
    }

    /// Asks before `next` throws away unsaved changes in the Log form; returns whether it asked.
    fn ask_before_discarding(&mut self, next: &Msg) -> bool {
        let Some(form) = self.log.as_ref().filter(|f| f.is_dirty() && self.screen == Screen::Log) else {
            return false;
        };
        let question =
            format!("Drop the unsaved changes to the night of {}? (y/n)", form.date.format("%a %-d %b"));
        self.popup = Some(Popup::Confirm { question, yes: Box::new(Msg::Discard(Box::new(next.clone()))) });
        true
    }

    /// The only place state changes.
    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::ForceQuit => self.quit = true,
            Msg::Quit => {
                if !self.ask_before_discarding(&Msg::Quit) {
                    self.quit = true;
                }
            }
            Msg::Discard(next) => {
                self.log = None;
                self.update(*next);
            }
            Msg::Back => self.back(),
            Msg::Goto(screen) => {
                if screen != self.screen && !self.ask_before_discarding(&Msg::Goto(screen)) {
                    self.goto(screen);
                }
            }
            Msg::OpenLog(date) => self.open_log(date),
            Msg::Help => self.popup = Some(Popup::Help),
            Msg::ClosePopup => self.popup = None,
            Msg::Answer(yes) => {
                if let Some(Popup::Confirm { yes: then, .. }) = self.popup.take()
                    && yes
                {
                    self.update(*then);
                }
            }
            Msg::StartCapture => self.start_capture(),
            Msg::Capture(m) => self.capture_update(m),
            Msg::Tick => {}
            Msg::Week(m) => self.week_update(m),
            Msg::Log(m) => self.log_update(m),
            Msg::History(m) => self.history_update(m),
            Msg::Insights(m) => self.insights_update(m),
            Msg::Export(ExportMsg::Export) => self.run_export(false),
            Msg::Export(m) => self.export.update(m),
            Msg::ExportReplacing => self.run_export(true),
            Msg::Meds(m) => self.meds_update(m),
            Msg::DeleteNight(date) => self.delete_night(date),
            Msg::StopMedicine(i) => self.stop_medicine(i),
        }
    }

    fn back(&mut self) {
        match self.screen {
            Screen::Log => {
                let to = self.return_to;
                if !self.ask_before_discarding(&Msg::Goto(to)) {
                    self.log = None;
                    self.goto(to);
                }
            }
            Screen::History if self.history.prompt.is_some() => self.history.prompt = None,
            Screen::Meds if self.meds_view.form.is_some() => self.meds_view.form = None,
            Screen::Insights if self.insights.as_ref().is_some_and(|v| v.detail) => {
                if let Some(v) = &mut self.insights {
                    v.detail = false;
                }
            }
            Screen::History | Screen::Insights | Screen::Meds | Screen::Export => self.goto(Screen::Week),
            Screen::Week => {}
        }
    }

    fn goto(&mut self, screen: Screen) {
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

    fn load_week(&mut self) -> Result<(), StoreError> {
        let anchor = self.week.anchor;
        let from = weekly::first_needed(anchor, self.settings.week_start);
        let nights =
            self.store.nights(Some(from), Some(anchor.checked_add_days(Days::new(7)).unwrap_or(anchor)))?;
        self.week.summary = weekly::summarize(&nights, &self.meds, anchor, self.settings.week_start);
        Ok(())
    }

    fn load_history(&mut self) -> Result<(), StoreError> {
        let nights = self.store.nights(None, None)?;
        let current = self.current_night();
        self.history.load(nights, current);
        Ok(())
    }

    /// Runs the analysis over every logged night; it is fast enough to do on each visit.
    fn load_insights(&mut self) -> Result<(), StoreError> {
        let nights = self.store.nights(None, None)?;
        let medications = self.store.medications()?;
        let profile = self.store.profile()?;
        let suspected = self.store.suspected_factors()?;
        let report = crate::analysis::analyze(&crate::analysis::Input {
            nights: &nights,
            medications: &medications,
            profile: &profile,
            suspected: &suspected,
            units: self.settings.units,
            from: None,
            to: None,
            today: self.now.date_naive(),
        });
        match &mut self.insights {
            Some(v) => v.replace(report),
            None => self.insights = Some(Insights::new(report)),
        }
        Ok(())
    }

    fn insights_update(&mut self, msg: InsightsMsg) {
        let Some(view) = &mut self.insights else { return };
        if msg != InsightsMsg::Suspect {
            view.update(msg);
            return;
        }
        let Some(factor) = view.selected_factor() else {
            self.say("That line is not about a factor you can suspect.");
            return;
        };
        let result = self.store.suspected_factors().and_then(|now| {
            let name = crate::analysis::catalogue::name(&factor);
            if now.contains(&factor) {
                self.store
                    .change_suspected(&[], std::slice::from_ref(&factor))
                    .map(|()| format!("No longer suspected: {name}."))
            } else {
                self.store.change_suspected(std::slice::from_ref(&factor), &[]).map(|()| {
                    format!("Suspected: {name}. See it against your data under \"What you suspect\".")
                })
            }
        });
        match result.and_then(|text| self.load_insights().map(|()| text)) {
            Ok(text) => self.say(text),
            Err(e) => self.complain(format!("Not changed: {e}")),
        }
    }

    /// Writes the export the form describes; asks before replacing a file unless `replace`.
    fn run_export(&mut self, replace: bool) {
        let (options, file) = match self.export.read(self.now.date_naive()) {
            Ok(x) => x,
            Err(e) => {
                self.export.error = Some(e);
                return;
            }
        };
        let path = std::path::PathBuf::from(&file);
        if path.exists() && !replace {
            let question = format!("{file} exists. Replace it? (y/n)");
            self.popup = Some(Popup::Confirm { question, yes: Box::new(Msg::ExportReplacing) });
            return;
        }
        match crate::export::export_to_file(&self.store, &options, self.now, None, &path, replace) {
            Ok(written) => {
                let shown = std::path::absolute(&written).unwrap_or(written).display().to_string();
                self.say(format!("Exported {} to {shown}.", options.format));
                self.export.written = Some(shown);
            }
            Err(e) => {
                self.export.error = Some(e.to_string());
                self.complain(format!("Not exported: {e}"));
            }
        }
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
    fn reload(&mut self) {
        let result = (|| {
            self.first_run = self.store.night_count()? == 0;
            self.load_meds()?;
            self.load_week()?;
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

    fn open_log(&mut self, date: NaiveDate) {
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

    fn log_update(&mut self, msg: LogMsg) {
        let Some(form) = &mut self.log else { return };
        match msg {
            LogMsg::Save => self.save_log(),
            LogMsg::PrevNight | LogMsg::NextNight => {
                let date = if msg == LogMsg::PrevNight { form.date.pred_opt() } else { form.date.succ_opt() };
                if let Some(date) = date {
                    let next = Msg::OpenLog(date);
                    if !self.ask_before_discarding(&next) {
                        self.update(next);
                    }
                }
            }
            other => form.update(other),
        }
    }

    fn save_log(&mut self) {
        let Some(form) = &mut self.log else { return };
        form.save_problems.clear();
        let night = match form.build(&self.settings, self.zone, self.now) {
            Ok(n) => n,
            Err(problems) => {
                let n = problems.len();
                let first = problems.first().map(|(_, p)| p.clone()).unwrap_or_default();
                form.save_problems = problems;
                self.complain(format!(
                    "Not saved: {n} field{} to fix. {first}",
                    if n == 1 { "" } else { "s" }
                ));
                return;
            }
        };
        // Cramps saved meanwhile by a capture or another cramp process are kept: the form only
        // removes cramps it showed and the person deleted.
        let known: Vec<DateTime<FixedOffset>> = form.known_starts();
        let result = self.store.update_night(night.date, |stored| {
            let mut merged = night.clone();
            if let Some(stored) = stored {
                merged.episodes.extend(stored.episodes.into_iter().filter(|e| {
                    !known.contains(&e.start) && !night.episodes.iter().any(|n| n.start == e.start)
                }));
                merged.sort_episodes();
            }
            Ok::<_, std::convert::Infallible>(merged)
        });
        match result {
            Ok(Ok(saved)) => {
                let date = saved.date;
                self.log = None;
                let to = self.return_to;
                self.goto(to);
                self.reload();
                self.say(format!(
                    "Saved the night of {}: {}.",
                    date.format("%a %-d %b"),
                    crate::wording::cramp_summary(&saved)
                ));
            }
            Ok(Err(never)) => match never {},
            Err(e) => self.complain(format!("Not saved (what you typed is kept): {e}")),
        }
    }

    fn start_capture(&mut self) {
        if self.capture.is_some() {
            return;
        }
        let start = self.now.trunc_subsecs(0);
        let night = self.settings.day_boundary.night_of(start.naive_local());
        match self.store.add_episode(night, &Episode::starting(start)) {
            Ok(id) => {
                self.popup = None;
                self.capture = Some(Capture { id, night, start, phase: Phase::Running });
            }
            Err(e) => self.complain(format!("The cramp could NOT be saved: {e}")),
        }
    }

    fn capture_update(&mut self, msg: CaptureMsg) {
        let Some(c) = &mut self.capture else { return };
        let id = c.id;
        match (msg, c.phase) {
            (CaptureMsg::Eased, Phase::Running) => {
                let seconds = c.elapsed(self.now).max(1);
                let duration = DurationS::new(seconds).ok();
                match self.store.set_episode_duration(id, duration) {
                    Ok(()) => c.phase = Phase::Stopped(duration),
                    Err(e) => self.complain(format!("The length was not saved: {e}")),
                }
            }
            (CaptureMsg::Rate(n), Phase::Stopped(d)) => {
                let score = Score::new(i64::from(n)).unwrap_or_else(|_| unreachable!("digits are 0–9"));
                match self.store.set_episode_intensity(id, Some(score)) {
                    Ok(()) => {
                        c.phase = Phase::Rated(d, score);
                        self.finish_capture();
                    }
                    Err(e) => self.complain(format!("The strength was not saved: {e}")),
                }
            }
            (CaptureMsg::Leave, _) => self.finish_capture(),
            _ => {}
        }
    }

    fn finish_capture(&mut self) {
        let Some(c) = self.capture.take() else { return };
        let time = c.start.format("%H:%M");
        let text = match c.phase {
            Phase::Running => {
                format!("Cramp at {time} saved; its length is unknown (fill it in on the Log screen).")
            }
            Phase::Stopped(Some(d)) => format!("Cramp at {time} saved: {d}."),
            Phase::Rated(Some(d), s) => format!("Cramp at {time} saved: {d}, strength {s}/10."),
            Phase::Stopped(None) | Phase::Rated(None, _) => format!("Cramp at {time} saved."),
        };
        self.say(text);
        self.reload();
        if let Some(form) = &mut self.log
            && form.date == c.night
        {
            self.status.text.push_str(" Saving this form keeps it.");
        }
        if self.options.quit_after_capture {
            self.quit = true;
        }
    }

    fn week_update(&mut self, msg: WeekMsg) {
        let step = |d: NaiveDate, days: i64| d.checked_add_signed(chrono::Duration::days(days)).unwrap_or(d);
        match msg {
            WeekMsg::PrevWeek => self.week.anchor = step(self.week.anchor, -7),
            WeekMsg::NextWeek => {
                let next = step(self.week.anchor, 7);
                if weekly::week_start(next, self.settings.week_start) > self.current_night() {
                    self.say("That week has not started yet.");
                    return;
                }
                self.week.anchor = next;
            }
            WeekMsg::ThisWeek => self.week.anchor = self.current_night(),
            WeekMsg::ToggleMeasure => {
                self.week.show_minutes = !self.week.show_minutes;
                return;
            }
        }
        if let Err(e) = self.load_week() {
            self.complain(format!("Could not read the journal: {e}"));
        }
    }

    fn history_update(&mut self, msg: HistoryMsg) {
        match msg {
            HistoryMsg::Edit => {
                if let Some(date) = self.history.selected_date() {
                    self.open_log(date);
                }
            }
            HistoryMsg::Delete => {
                if let Some(n) = self.history.selected_night() {
                    let question = format!(
                        "Delete the night of {} ({})? (y/n)",
                        n.date.format("%a %-d %b %Y"),
                        crate::wording::cramp_summary(n)
                    );
                    self.popup = Some(Popup::Confirm { question, yes: Box::new(Msg::DeleteNight(n.date)) });
                }
            }
            HistoryMsg::Undo => match self.history.undo.take() {
                Some(night) => match self.store.save_night(&night) {
                    Ok(()) => {
                        self.reload();
                        self.say(format!("Restored the night of {}.", night.date.format("%a %-d %b")));
                    }
                    Err(e) => {
                        self.complain(format!("Could not restore it: {e}"));
                        self.history.undo = Some(night);
                    }
                },
                None => self.say("Nothing to undo."),
            },
            other => {
                let current = self.current_night();
                self.history.update(other, current);
            }
        }
    }

    fn delete_night(&mut self, date: NaiveDate) {
        let night = self.history.nights.iter().find(|n| n.date == date).cloned();
        match self.store.delete_night(date) {
            Ok(_) => {
                self.history.undo = night;
                self.reload();
                self.say(format!("Deleted the night of {}. Press u to undo.", date.format("%a %-d %b")));
            }
            Err(e) => self.complain(format!("Not deleted: {e}")),
        }
    }

    fn meds_update(&mut self, msg: MedsMsg) {
        use meds::Row;
        let row = self.meds_view.selected_row();
        match msg {
            MedsMsg::Activate | MedsMsg::Back => {
                let forward = msg == MedsMsg::Activate;
                let mut settings = self.settings;
                let mut profile = self.meds_view.profile.clone();
                let result = match row {
                    Row::AddMedicine => {
                        self.meds_view.update(MedsMsg::Add);
                        return;
                    }
                    Row::Medicine(_) => return,
                    Row::Condition(c) => {
                        if !profile.conditions.remove(&c) {
                            profile.conditions.insert(c);
                        }
                        self.store.save_profile(&profile)
                    }
                    Row::Units => {
                        settings.units = cycle(crate::model::Units::ALL, settings.units, forward);
                        self.store.save_settings(&settings)
                    }
                    Row::WeekStart => {
                        settings.week_start =
                            cycle(crate::model::WeekStart::ALL, settings.week_start, forward);
                        self.store.save_settings(&settings)
                    }
                    Row::DayBoundary => {
                        let h = i64::from(settings.day_boundary.hour()) + if forward { 1 } else { -1 };
                        settings.day_boundary =
                            crate::model::DayBoundary::new(h.rem_euclid(24)).unwrap_or(settings.day_boundary);
                        self.store.save_settings(&settings)
                    }
                };
                match result {
                    Ok(()) => {
                        self.settings = settings;
                        self.reload();
                        self.say("Saved.");
                    }
                    Err(e) => self.complain(format!("Not saved: {e}")),
                }
            }
            MedsMsg::Stop => {
                if let Row::Medicine(i) = row
                    && let Some(m) = self.meds.get(i)
                {
                    if m.open_period().is_none() {
                        self.say(format!("{} is not being taken daily at the moment.", m.name));
                        return;
                    }
                    let question = format!(
                        "Record today ({}) as the last day of {}? (y/n)",
                        self.now.format("%a %-d %b"),
                        m.name
                    );
                    self.popup = Some(Popup::Confirm { question, yes: Box::new(Msg::StopMedicine(i)) });
                }
            }
            MedsMsg::FormSave => self.add_medicine(),
            other => self.meds_view.update(other),
        }
    }

    fn add_medicine(&mut self) {
        let Some(form) = &mut self.meds_view.form else { return };
        let new = match form.read() {
            Ok(n) => n,
            Err(e) => {
                form.error = Some(e);
                return;
            }
        };
        let today = self.now.date_naive();
        let schedule = match new.taken {
            meds::Taken::AsNeeded => NewSchedule::AsNeeded,
            meds::Taken::Daily => {
                let since = new.since.map_or(today, |d| d.resolve(today));
                if since > today {
                    form.error = Some(format!("Since: {since} is still to come"));
                    return;
                }
                NewSchedule::Daily { since, until: None }
            }
        };
        match self.store.add_medication(&new.name, new.class, &schedule, None) {
            Ok(()) => {
                self.meds_view.form = None;
                self.reload();
                self.say(format!("Added {} ({}).", new.name, new.class));
            }
            Err(e) => {
                if let Some(form) = &mut self.meds_view.form {
                    form.error = Some(e.to_string());
                }
            }
        }
    }

    fn stop_medicine(&mut self, i: usize) {
        let Some(name) = self.meds.get(i).map(|m| m.name.clone()) else { return };
        match self.store.stop_medication(&name, self.now.date_naive()) {
            Ok(p) => {
                self.reload();
                self.say(format!("{name}: taken daily from {} to {}.", p.since, self.now.date_naive()));
            }
            Err(e) => self.complain(format!("Not changed: {e}")),
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

fn cycle<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
    let i = all.iter().position(|v| *v == current).unwrap_or(0);
    let n = all.len();
    all[if forward { (i + 1) % n } else { (i + n - 1) % n }]
}
