//! The Week screen's state: which week is shown, whether the night bars show the worst
//! intensity or the cramp minutes, and how many weeks the trend spans.

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use super::calendar::Calendar;
use super::keys::{Binding, alias, key};
use super::{Ctx, Effect, View};
use crate::analysis::week::{self as weekly, WeekSummary};

/// What Week keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WeekMsg {
    PrevWeek,
    NextWeek,
    ThisWeek,
    ToggleMeasure,
    /// The trend over 12, then 26, then 52 weeks.
    NextSpan,
    /// The calendar of nights, on the day shown.
    OpenCalendar,
}

/// The trend's spans, in the order `w` steps through them.
pub const SPANS: [usize; 3] = [12, 26, 52];

pub const KEYS: &[Binding<WeekMsg>] = &[
    key(KeyCode::Left, "←/→", "previous / next week", WeekMsg::PrevWeek).bar("week"),
    alias(KeyCode::Right, WeekMsg::NextWeek),
    key(KeyCode::Char('t'), "t", "this week", WeekMsg::ThisWeek),
    key(KeyCode::Char('m'), "m", "bars: worst intensity or minutes", WeekMsg::ToggleMeasure)
        .bar("worst/minutes"),
    key(KeyCode::Char('w'), "w", "trend over 12, 26 or 52 weeks", WeekMsg::NextSpan).bar("weeks"),
    key(KeyCode::Char('d'), "d", "days: a calendar of every night", WeekMsg::OpenCalendar).bar("calendar"),
];

/// The Week screen.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekView {
    /// A date in the week shown.
    pub anchor: NaiveDate,
    pub show_minutes: bool,
    /// Weeks in the trend, one of [`SPANS`].
    pub weeks: usize,
    pub summary: WeekSummary,
    /// The calendar, shown instead of the week while open.
    pub calendar: Calendar,
}

impl View for WeekView {
    type Msg = WeekMsg;

    fn keys(&self) -> &'static [Binding<WeekMsg>] {
        KEYS
    }

    /// Moving to another week asks for its nights to be read; the week after the current one is
    /// refused, since nothing in it has happened.
    fn update(&mut self, msg: WeekMsg, ctx: &Ctx) -> Option<Effect> {
        let step = |d: NaiveDate, days: i64| d.checked_add_signed(chrono::Duration::days(days)).unwrap_or(d);
        match msg {
            WeekMsg::PrevWeek => self.anchor = step(self.anchor, -7),
            WeekMsg::NextWeek => {
                let next = step(self.anchor, 7);
                if weekly::week_start(next, ctx.settings.week_start) > ctx.current_night {
                    return Some(Effect::Say("That week has not started yet.".to_owned()));
                }
                self.anchor = next;
            }
            WeekMsg::ThisWeek => self.anchor = ctx.current_night,
            WeekMsg::ToggleMeasure => {
                self.show_minutes = !self.show_minutes;
                return None;
            }
            WeekMsg::NextSpan => {
                let at = SPANS.iter().position(|&n| n == self.weeks).map_or(0, |i| (i + 1) % SPANS.len());
                self.weeks = SPANS[at];
            }
            WeekMsg::OpenCalendar => {
                // On the week shown: its last night, or last night if the week is under way.
                let end = weekly::week_start(self.anchor, ctx.settings.week_start) + chrono::Days::new(6);
                self.calendar.cursor = end.min(ctx.current_night);
                self.calendar.open = true;
                return Some(Effect::LoadCalendar);
            }
        }
        Some(Effect::LoadWeek)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::WeekStart;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn weeks_move_back_and_never_past_the_current_one() {
        let ctx = Ctx::for_tests(d("2026-11-27"));
        let summary = weekly::summarize(&[], &[], d("2026-11-27"), WeekStart::Monday);
        let calendar = Calendar::new(d("2026-11-27"));
        let mut w = WeekView { anchor: d("2026-11-27"), show_minutes: false, weeks: 12, summary, calendar };
        assert_eq!(w.update(WeekMsg::PrevWeek, &ctx), Some(Effect::LoadWeek));
        assert_eq!(w.anchor, d("2026-11-20"));
        assert_eq!(w.update(WeekMsg::NextWeek, &ctx), Some(Effect::LoadWeek));
        assert_eq!(w.anchor, d("2026-11-27"));
        assert!(matches!(w.update(WeekMsg::NextWeek, &ctx), Some(Effect::Say(_))));
        assert_eq!(w.anchor, d("2026-11-27"), "the coming week is not shown");
        assert_eq!(w.update(WeekMsg::ToggleMeasure, &ctx), None, "nothing to read again");
        assert!(w.show_minutes);
        for want in [26, 52, 12] {
            assert_eq!(w.update(WeekMsg::NextSpan, &ctx), Some(Effect::LoadWeek), "read over the new span");
            assert_eq!(w.weeks, want);
        }
        w.update(WeekMsg::PrevWeek, &ctx);
        assert_eq!(w.update(WeekMsg::OpenCalendar, &ctx), Some(Effect::LoadCalendar));
        assert!(w.calendar.open);
        assert_eq!(w.calendar.cursor, d("2026-11-22"), "the Sunday of the week shown");
    }
}
