//! Night capture: the episode is saved the moment the screen opens; a key when the cramp eases
//! stores how long it lasted; a digit afterwards stores how strong it was.

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Binding, alias, key, lookup};
use crate::model::{DurationS, Score};
use crate::store::EpisodeId;

/// Where the capture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The cramp is going on; the timer runs.
    Running,
    /// It eased; its length is saved (`None` if it ran past what a cramp can last).
    Stopped(Option<DurationS>),
    /// Its strength is saved too.
    Rated(Option<DurationS>, Score),
}

/// What capture keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureMsg {
    /// The cramp eased: store its length.
    Eased,
    /// Leave with the length unknown (while running) or finish (afterwards).
    Leave,
    /// How strong it was, 0–9 (10 is typed on the Log screen).
    Rate(u8),
}

/// Keys while the timer runs: any key but Esc means "it eased".
pub const RUNNING_KEYS: &[Binding<CaptureMsg>] = &[
    key(KeyCode::Esc, "Esc", "leave, length unknown", CaptureMsg::Leave).bar("leave"),
    key(KeyCode::Char(' '), "any key", "it eased: save length", CaptureMsg::Eased).bar("it eased"),
    alias(KeyCode::Enter, CaptureMsg::Eased),
];

/// Keys once the length is saved.
pub const STOPPED_KEYS: &[Binding<CaptureMsg>] = &[
    key(KeyCode::Char('0'), "0–9", "strength (optional)", CaptureMsg::Rate(0)).bar("strength"),
    key(KeyCode::Enter, "Enter/Esc", "done", CaptureMsg::Leave).bar("done"),
    alias(KeyCode::Esc, CaptureMsg::Leave),
];

/// A cramp being captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub id: EpisodeId,
    pub night: NaiveDate,
    pub start: DateTime<FixedOffset>,
    pub phase: Phase,
}

impl Capture {
    #[must_use]
    pub fn keys(&self) -> &'static [Binding<CaptureMsg>] {
        match self.phase {
            Phase::Running => RUNNING_KEYS,
            Phase::Stopped(_) | Phase::Rated(..) => STOPPED_KEYS,
        }
    }

    /// The message for a key: while running every key but Esc stops the timer, since a person
    /// in pain should not have to find a particular one.
    #[must_use]
    pub fn message_for(&self, ev: &KeyEvent) -> Option<CaptureMsg> {
        match self.phase {
            Phase::Running => Some(lookup(RUNNING_KEYS, ev).unwrap_or(CaptureMsg::Eased)),
            Phase::Stopped(_) => match ev.code {
                KeyCode::Char(c @ '0'..='9') => Some(CaptureMsg::Rate(c as u8 - b'0')),
                _ => lookup(STOPPED_KEYS, ev),
            },
            Phase::Rated(..) => Some(CaptureMsg::Leave),
        }
    }

    /// Seconds since the cramp started, as of `now`.
    #[must_use]
    pub fn elapsed(&self, now: DateTime<FixedOffset>) -> i64 {
        (now - self.start).num_seconds().max(0)
    }
}
