//! Who has the keyboard, decided in one place: the popup, then a capture, then the keys that
//! work anywhere, then the screen (through its [`View`]), then the keys that work on every
//! screen. The help popup and the hint bar read the same tables through [`App::key_info`].

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{self, Binding, bar_hints, help_lines, key, lookup};
use super::{App, Ctx, Effect, Msg, Popup, Screen};

/// A screen's state, as the router sees it.
pub trait View {
    type Msg: Copy + 'static;

    /// The bindings that apply now (they change with the screen's mode).
    fn keys(&self) -> &'static [Binding<Self::Msg>];

    /// Whether a text field has the keyboard (then letters and digits are text, not shortcuts).
    fn is_editing_text(&self) -> bool {
        false
    }

    /// How to fill the focused field, for the help popup.
    fn field_hint(&self) -> Option<String> {
        None
    }

    /// The message for a key, or `None` to let the keys of every screen have it.
    fn message_for(&self, ev: &KeyEvent) -> Option<Self::Msg> {
        lookup(self.keys(), ev)
    }

    /// Changes the screen's own state; anything beyond it (the journal, another screen, the
    /// status line, a question) is asked for as an effect.
    fn update(&mut self, msg: Self::Msg, ctx: &Ctx) -> Option<Effect>;
}

/// What the keys that work on every screen ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Capture,
    Goto(Screen),
    Help,
    Experiment,
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
            Global::Experiment => Msg::OpenExperiment,
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
    key(KeyCode::Char('e'), "e", "your experiment", Global::Experiment),
    key(KeyCode::Char('?'), "?/F1", "this help", Global::Help).bar("help"),
    key(KeyCode::Esc, "Esc", "back", Global::Back),
    key(KeyCode::Char('q'), "q", "quit", Global::Quit).bar("quit"),
];

/// Keys that work even while typing, before the screen sees the key: none of them is text.
pub const ANYWHERE_KEYS: &[Binding<Global>] = &[
    keys::ctrl('t', "Ctrl-T", "a cramp now (anywhere)", Global::Capture),
    keys::ctrl('c', "Ctrl-C", "quit, dropping changes", Global::ForceQuit),
    key(KeyCode::F(1), "F1", "help", Global::Help),
];

/// While typing, Esc is still back once the screen has had its say.
pub const TYPING_KEYS: &[Binding<Global>] = &[key(KeyCode::Esc, "Esc", "back", Global::Back)];

/// Every key that works while typing, for the help.
pub const ALWAYS_KEYS: [&[Binding<Global>]; 2] = [ANYWHERE_KEYS, TYPING_KEYS];

/// What the screen on show says about its keys, whatever its message type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyInfo {
    pub editing_text: bool,
    /// `(keys, help)` for the help popup.
    pub help: Vec<(&'static str, &'static str)>,
    /// `(keys, label)` for the hint bar.
    pub bar: Vec<(&'static str, &'static str)>,
    pub field_hint: Option<String>,
}

fn info<V: View>(v: &V) -> KeyInfo {
    KeyInfo {
        editing_text: v.is_editing_text(),
        help: help_lines(v.keys()).collect(),
        bar: bar_hints(v.keys()).collect(),
        field_hint: v.field_hint(),
    }
}

impl App {
    /// The keys of the screen on show.
    #[must_use]
    pub fn key_info(&self) -> KeyInfo {
        match self.screen {
            Screen::Week if self.week.calendar.open => info(&self.week.calendar),
            Screen::Week => info(&self.week),
            Screen::Log => self.log.as_ref().map(info).unwrap_or_default(),
            Screen::History => info(&self.history),
            Screen::Insights => self.insights.as_ref().map(info).unwrap_or_default(),
            Screen::Meds => info(&self.meds_view),
            Screen::Export => info(&self.export),
        }
    }

    /// Whether a text field has the keyboard.
    #[must_use]
    pub fn is_editing_text(&self) -> bool {
        // Asked on every key and frame: the screen's own answer, without building the key lists.
        match self.screen {
            Screen::Week => self.week.is_editing_text(),
            Screen::Log => self.log.as_ref().is_some_and(View::is_editing_text),
            Screen::History => self.history.is_editing_text(),
            Screen::Insights => self.insights.as_ref().is_some_and(View::is_editing_text),
            Screen::Meds => self.meds_view.is_editing_text(),
            Screen::Export => self.export.is_editing_text(),
        }
    }

    /// Turns a key into a message, looking at what has the keyboard.
    #[must_use]
    pub fn message_for(&self, ev: &KeyEvent) -> Option<Msg> {
        let anywhere = lookup(ANYWHERE_KEYS, ev);
        if anywhere == Some(Global::ForceQuit) {
            return Some(Msg::ForceQuit);
        }
        if let Some(popup) = &self.popup {
            return match popup {
                Popup::Help => Some(Msg::ClosePopup),
                Popup::Experiment { .. } => Some(match ev.code {
                    KeyCode::Down | KeyCode::Char('j') => Msg::ScrollExperiment(1),
                    KeyCode::Up | KeyCode::Char('k') => Msg::ScrollExperiment(-1),
                    KeyCode::PageDown | KeyCode::Char(' ') => {
                        Msg::ScrollExperiment(super::experiment::PAGE.into())
                    }
                    KeyCode::PageUp => Msg::ScrollExperiment(-i32::from(super::experiment::PAGE)),
                    _ => Msg::ClosePopup,
                }),
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
        self.on_screen(ev)
    }

    /// The key that starts a capture on the screen as it is: `c`, unless the focused field
    /// takes that letter (a choice) or text is being typed.
    #[must_use]
    pub fn capture_key(&self) -> &'static str {
        let c = KeyEvent::from(KeyCode::Char('c'));
        if self.on_screen(&c) == Some(Msg::StartCapture) { "c" } else { "Ctrl-T" }
    }

    /// A key on the screen itself, when no popup or capture is over it.
    fn on_screen(&self, ev: &KeyEvent) -> Option<Msg> {
        if let Some(g) = lookup(ANYWHERE_KEYS, ev) {
            return Some(g.into());
        }
        let screen = match self.screen {
            Screen::Week if self.week.calendar.open => self.week.calendar.message_for(ev).map(Msg::Calendar),
            Screen::Week => self.week.message_for(ev).map(Msg::Week),
            Screen::Log => self.log.as_ref().and_then(|f| f.message_for(ev)).map(Msg::Log),
            Screen::History => self.history.message_for(ev).map(Msg::History),
            Screen::Insights => self.insights.as_ref().and_then(|v| v.message_for(ev)).map(Msg::Insights),
            Screen::Meds => self.meds_view.message_for(ev).map(Msg::Meds),
            Screen::Export => self.export.message_for(ev).map(Msg::Export),
        };
        let everywhere = if self.is_editing_text() { TYPING_KEYS } else { GLOBAL_KEYS };
        screen.or_else(|| lookup(everywhere, ev).map(Msg::from))
    }
}
