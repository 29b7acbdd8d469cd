//! Night capture: the episode is saved the moment the screen opens; a key when the cramp eases
//! stores how long it lasted; then the strength can be typed (0–10, corrected with Backspace)
//! and is stored with Enter.

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{Binding, alias, key, lookup};
use super::{Ctx, Effect, View};
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
    /// Leave with the length unknown (while running), or without a strength (afterwards).
    Leave,
    /// A digit of the strength.
    Digit(u8),
    /// Backspace: take back the last digit.
    Erase,
    /// Enter: store the strength typed, if any, and finish.
    Done,
}

/// Keys while the timer runs: any key but Esc means "it eased".
pub const RUNNING_KEYS: &[Binding<CaptureMsg>] = &[
    key(KeyCode::Esc, "Esc", "leave, length unknown", CaptureMsg::Leave).bar("leave"),
    key(KeyCode::Char(' '), "any key", "it eased: save length", CaptureMsg::Eased).bar("it eased"),
    alias(KeyCode::Enter, CaptureMsg::Eased),
];

/// Keys once the length is saved.
pub const STOPPED_KEYS: &[Binding<CaptureMsg>] = &[
    key(KeyCode::Char('0'), "0–10", "how strong (optional)", CaptureMsg::Digit(0)).bar("strength"),
    key(KeyCode::Backspace, "Backspace", "take back a digit", CaptureMsg::Erase),
    key(KeyCode::Enter, "Enter", "save and finish", CaptureMsg::Done).bar("done"),
    key(KeyCode::Esc, "Esc", "finish without a strength", CaptureMsg::Leave),
];

/// A cramp being captured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capture {
    pub id: EpisodeId,
    pub night: NaiveDate,
    pub start: DateTime<FixedOffset>,
    pub phase: Phase,
    /// The strength typed so far, not yet saved.
    pub typed: Option<u8>,
}

impl Capture {
    /// A capture of the cramp saved as `id` at `start`.
    #[must_use]
    pub fn new(id: EpisodeId, night: NaiveDate, start: DateTime<FixedOffset>) -> Self {
        Self { id, night, start, phase: Phase::Running, typed: None }
    }

    /// Seconds since the cramp started, as of `now`.
    #[must_use]
    pub fn elapsed(&self, now: DateTime<FixedOffset>) -> i64 {
        (now - self.start).num_seconds().max(0)
    }
}

/// The strength after typing `digit`: a second digit joins the first while the number stays
/// within 0–10 (so 1 then 0 is 10); otherwise the new digit replaces what was typed.
#[must_use]
pub fn with_digit(typed: Option<u8>, digit: u8) -> u8 {
    match typed.map(|t| u16::from(t) * 10 + u16::from(digit)) {
        Some(n @ 0..=10) if typed != Some(0) => n as u8,
        _ => digit,
    }
}

impl View for Capture {
    type Msg = CaptureMsg;

    fn keys(&self) -> &'static [Binding<CaptureMsg>] {
        match self.phase {
            Phase::Running => RUNNING_KEYS,
            Phase::Stopped(_) | Phase::Rated(..) => STOPPED_KEYS,
        }
    }

    /// While running every key but Esc stops the timer, since a person in pain should not have
    /// to find a particular one.
    fn message_for(&self, ev: &KeyEvent) -> Option<CaptureMsg> {
        match self.phase {
            Phase::Running => Some(lookup(RUNNING_KEYS, ev).unwrap_or(CaptureMsg::Eased)),
            Phase::Stopped(_) => match ev.code {
                KeyCode::Char(c @ '0'..='9') => Some(CaptureMsg::Digit(c as u8 - b'0')),
                _ => lookup(STOPPED_KEYS, ev),
            },
            Phase::Rated(..) => Some(CaptureMsg::Leave),
        }
    }

    fn update(&mut self, msg: CaptureMsg, ctx: &Ctx) -> Option<Effect> {
        match (msg, self.phase) {
            (CaptureMsg::Eased, Phase::Running) => {
                let duration = DurationS::new(self.elapsed(ctx.now).max(1)).ok();
                Some(Effect::CaptureLength { id: self.id, duration })
            }
            (CaptureMsg::Digit(d), Phase::Stopped(_)) => {
                self.typed = Some(with_digit(self.typed, d));
                None
            }
            (CaptureMsg::Erase, Phase::Stopped(_)) => {
                self.typed = self.typed.filter(|t| *t >= 10).map(|t| t / 10);
                None
            }
            (CaptureMsg::Done, Phase::Stopped(_)) => Some(match self.typed.map(i64::from).map(Score::new) {
                Some(Ok(score)) => Effect::CaptureStrength { id: self.id, score },
                _ => Effect::FinishCapture,
            }),
            (CaptureMsg::Leave | CaptureMsg::Done, _) => Some(Effect::FinishCapture),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn ev(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn ten_is_reachable_and_a_wrong_digit_can_be_taken_back() {
        let ctx = Ctx::for_tests("2026-11-27".parse().unwrap());
        let start = ctx.now - chrono::Duration::seconds(95);
        let mut c = Capture::new(EpisodeId(7), "2026-11-27".parse().unwrap(), start);
        let eased = c.message_for(&ev(KeyCode::Char('x'))).unwrap();
        assert_eq!(
            c.update(eased, &ctx),
            Some(Effect::CaptureLength { id: EpisodeId(7), duration: DurationS::new(95).ok() })
        );
        c.phase = Phase::Stopped(DurationS::new(95).ok());
        for (key, want) in [
            (KeyCode::Char('7'), Some(7)),
            (KeyCode::Backspace, None),
            (KeyCode::Char('1'), Some(1)),
            (KeyCode::Char('0'), Some(10)),
            (KeyCode::Char('4'), Some(4)),
            (KeyCode::Char('1'), Some(1)),
            (KeyCode::Char('2'), Some(2)),
            (KeyCode::Char('0'), Some(0)),
            (KeyCode::Char('1'), Some(1)),
            (KeyCode::Char('0'), Some(10)),
            (KeyCode::Backspace, Some(1)),
            (KeyCode::Char('0'), Some(10)),
        ] {
            let msg = c.message_for(&ev(key)).unwrap();
            assert_eq!(c.update(msg, &ctx), None, "nothing is saved while typing");
            assert_eq!(c.typed, want, "after {key:?}");
        }
        let done = c.message_for(&ev(KeyCode::Enter)).unwrap();
        let ten = Score::new(10).unwrap();
        assert_eq!(c.update(done, &ctx), Some(Effect::CaptureStrength { id: EpisodeId(7), score: ten }));
        c.typed = None;
        assert_eq!(c.update(CaptureMsg::Done, &ctx), Some(Effect::FinishCapture), "no strength given");
    }
}
