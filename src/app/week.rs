//! The Week screen's state: which week is shown and whether bars count episodes or minutes.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use super::keys::{Binding, alias, key};
use crate::analysis::week::WeekSummary;

/// What Week keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekMsg {
    PrevWeek,
    NextWeek,
    ThisWeek,
    ToggleMeasure,
}

pub const KEYS: &[Binding<WeekMsg>] = &[
    key(KeyCode::Left, "←/→", "previous / next week", WeekMsg::PrevWeek).bar("week"),
    alias(KeyCode::Right, WeekMsg::NextWeek),
    key(KeyCode::Char('t'), "t", "this week", WeekMsg::ThisWeek),
    key(KeyCode::Char('m'), "m", "cramps or minutes", WeekMsg::ToggleMeasure).bar("cramps/minutes"),
];

/// The Week screen.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekView {
    /// A date in the week shown.
    pub anchor: NaiveDate,
    pub show_minutes: bool,
    pub summary: WeekSummary,
}
