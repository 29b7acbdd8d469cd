//! The calendar under the Week screen: every night of a month or a year as one mark, the way
//! a habit tracker shows days (cramp-free, cramps by worst intensity, not logged, still to
//! come); the arrows move the day and Enter opens it in the Log form.

use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::crossterm::event::KeyCode;

use super::keys::{Binding, alias, key};
use super::{Ctx, Effect, View};
use crate::model::Night;

/// What calendar keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarMsg {
    Left,
    Right,
    Up,
    Down,
    /// The month (or year) before, and after.
    PrevPage,
    NextPage,
    /// Month view or year view.
    ToggleYear,
    /// Back to the night that has just ended.
    Today,
    /// Open the day in the Log form.
    Open,
    /// Back to the week.
    Close,
}

pub const KEYS: &[Binding<CalendarMsg>] = &[
    key(KeyCode::Left, "arrows", "move the day", CalendarMsg::Left).bar("day"),
    alias(KeyCode::Right, CalendarMsg::Right),
    alias(KeyCode::Up, CalendarMsg::Up),
    alias(KeyCode::Down, CalendarMsg::Down),
    key(KeyCode::PageUp, "PgUp/PgDn [ ]", "month (year) before / after", CalendarMsg::PrevPage).bar("month"),
    alias(KeyCode::PageDown, CalendarMsg::NextPage),
    alias(KeyCode::Char('['), CalendarMsg::PrevPage),
    alias(KeyCode::Char(']'), CalendarMsg::NextPage),
    key(KeyCode::Char('y'), "y", "month or year view", CalendarMsg::ToggleYear).bar("month/year"),
    key(KeyCode::Char('t'), "t", "last night", CalendarMsg::Today),
    key(KeyCode::Enter, "Enter", "open the night in the Log form", CalendarMsg::Open).bar("open"),
    key(KeyCode::Esc, "Esc", "back to the week", CalendarMsg::Close).bar("week"),
];

/// How a night shows on the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// After the night that has just ended.
    ToCome,
    NotLogged,
    CrampFree,
    Cramps {
        count: usize,
        /// The night's worst intensity, if any cramp had one.
        worst: Option<u8>,
    },
}

/// The intensity bands the calendar shades, with their symbols: light to dark, so the
/// difference shows without colour.
pub const BANDS: [(u8, u8, &str); 4] = [(0, 3, "░"), (4, 6, "▒"), (7, 8, "▓"), (9, 10, "█")];

impl Mark {
    /// The symbol drawn for the night; a blank for a night still to come.
    #[must_use]
    pub fn symbol(self) -> &'static str {
        match self {
            Self::ToCome => " ",
            Self::NotLogged => "·",
            Self::CrampFree => "○",
            Self::Cramps { worst: None, .. } => "●",
            Self::Cramps { worst: Some(w), .. } => {
                BANDS.iter().find(|(lo, hi, _)| (*lo..=*hi).contains(&w)).map_or("█", |b| b.2)
            }
        }
    }
}

/// The nights of `[from, to]` counted by mark, for the month or year on show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Nights that have happened.
    pub past: usize,
    pub logged: usize,
    pub cramp_free: usize,
    pub cramp_nights: usize,
    /// Cramp nights in each of [`BANDS`], then those with no intensity noted.
    pub by_band: [usize; 5],
}

/// The calendar's state. It stays on the Week screen while `open`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    pub open: bool,
    pub year_view: bool,
    pub cursor: NaiveDate,
    /// The year whose nights are in `marks`.
    pub year: i32,
    /// One mark per day of `year`, 1 January first.
    pub marks: Vec<Mark>,
    /// The night that has just ended, as of the last reading.
    pub current_night: NaiveDate,
}

impl Calendar {
    #[must_use]
    pub fn new(cursor: NaiveDate) -> Self {
        Self {
            open: false,
            year_view: false,
            cursor,
            year: cursor.year(),
            marks: Vec::new(),
            current_night: cursor,
        }
    }

    /// Fills the marks of the cursor's year from its nights (sorted or not).
    pub fn fill(&mut self, nights: &[Night], current_night: NaiveDate) {
        self.year = self.cursor.year();
        self.current_night = current_night;
        let (first, last) = year_bounds(self.year);
        let days = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
        self.marks = (0..days)
            .map(|i| if first + Days::new(i as u64) > current_night { Mark::ToCome } else { Mark::NotLogged })
            .collect();
        for n in nights {
            let Some(i) = (n.date.year() == self.year).then(|| n.date.ordinal0() as usize) else { continue };
            if n.date > current_night {
                continue;
            }
            self.marks[i] = if n.had_cramps() {
                Mark::Cramps {
                    count: n.episodes.len(),
                    worst: n.worst_intensity().map(crate::model::Score::get),
                }
            } else {
                Mark::CrampFree
            };
        }
    }

    /// The mark of a night of the year read; a night outside it shows as not read.
    #[must_use]
    pub fn mark(&self, date: NaiveDate) -> Mark {
        if date.year() != self.year {
            return if date > self.current_night { Mark::ToCome } else { Mark::NotLogged };
        }
        self.marks.get(date.ordinal0() as usize).copied().unwrap_or(Mark::NotLogged)
    }

    /// The nights of `[from, to]` by mark.
    #[must_use]
    pub fn tally(&self, from: NaiveDate, to: NaiveDate) -> Tally {
        let mut t = Tally::default();
        for day in from.iter_days().take_while(|d| *d <= to) {
            match self.mark(day) {
                Mark::ToCome => continue,
                Mark::NotLogged => {}
                Mark::CrampFree => {
                    t.logged += 1;
                    t.cramp_free += 1;
                }
                Mark::Cramps { worst, .. } => {
                    t.logged += 1;
                    t.cramp_nights += 1;
                    let band = worst.map_or(4, |w| {
                        BANDS.iter().position(|(lo, hi, _)| (*lo..=*hi).contains(&w)).unwrap_or(3)
                    });
                    t.by_band[band] += 1;
                }
            }
            t.past += 1;
        }
        t
    }

    /// The first and last day on show: the cursor's month, or its year.
    #[must_use]
    pub fn page(&self) -> (NaiveDate, NaiveDate) {
        if self.year_view {
            return year_bounds(self.cursor.year());
        }
        let first = self.cursor.with_day(1).unwrap_or(self.cursor);
        let last = first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first);
        (first, last)
    }

    /// Moves the cursor, never past the night that has just ended; a new year is read again.
    fn go(&mut self, to: Option<NaiveDate>, ctx: &Ctx) -> Option<Effect> {
        self.cursor = to.unwrap_or(self.cursor).min(ctx.current_night);
        (self.cursor.year() != self.year || self.current_night != ctx.current_night)
            .then_some(Effect::LoadCalendar)
    }
}

/// 1 January and 31 December of `year`.
fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
    (first, NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(first))
}

impl View for Calendar {
    type Msg = CalendarMsg;

    fn keys(&self) -> &'static [Binding<CalendarMsg>] {
        KEYS
    }

    /// The arrows follow the grid on show: in a month a row is a week, in the year a column is.
    fn update(&mut self, msg: CalendarMsg, ctx: &Ctx) -> Option<Effect> {
        let c = self.cursor;
        let days = |n: i64| c.checked_add_signed(chrono::Duration::days(n));
        let (across, down) = if self.year_view { (7, 1) } else { (1, 7) };
        let months = if self.year_view { 12 } else { 1 };
        match msg {
            CalendarMsg::Left => self.go(days(-across), ctx),
            CalendarMsg::Right => self.go(days(across), ctx),
            CalendarMsg::Up => self.go(days(-down), ctx),
            CalendarMsg::Down => self.go(days(down), ctx),
            CalendarMsg::PrevPage => self.go(c.checked_sub_months(Months::new(months)), ctx),
            CalendarMsg::NextPage => self.go(c.checked_add_months(Months::new(months)), ctx),
            CalendarMsg::ToggleYear => {
                self.year_view = !self.year_view;
                None
            }
            CalendarMsg::Today => self.go(Some(ctx.current_night), ctx),
            CalendarMsg::Open => Some(Effect::OpenLog(c)),
            CalendarMsg::Close => {
                self.open = false;
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Episode, Score};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn night(date: &str, worsts: &[Option<i64>]) -> Night {
        let mut n = Night::empty(d(date));
        let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T03:00:00+01:00").unwrap();
        for (i, w) in worsts.iter().enumerate() {
            n.episodes.push(Episode {
                intensity: w.map(|w| Score::new(w).unwrap()),
                ..Episode::starting(start + chrono::Duration::minutes(i as i64))
            });
        }
        n
    }

    #[test]
    fn nights_are_marked_and_counted_by_worst_intensity() {
        let mut c = Calendar::new(d("2026-12-01"));
        let nights = [
            night("2026-11-29", &[]),
            night("2026-11-30", &[Some(2), Some(8)]),
            night("2026-12-01", &[None]),
            night("2026-12-03", &[Some(9)]),
            night("2025-12-31", &[Some(9)]),
        ];
        c.fill(&nights, d("2026-12-01"));
        assert_eq!(c.mark(d("2026-11-28")), Mark::NotLogged);
        assert_eq!(c.mark(d("2026-11-29")), Mark::CrampFree);
        assert_eq!(c.mark(d("2026-11-30")), Mark::Cramps { count: 2, worst: Some(8) });
        assert_eq!(c.mark(d("2026-11-30")).symbol(), "▓");
        assert_eq!(c.mark(d("2026-12-01")).symbol(), "●", "a cramp with no intensity noted");
        assert_eq!(c.mark(d("2026-12-03")), Mark::ToCome, "a night after last night is still to come");
        let t = c.tally(d("2026-11-01"), d("2026-11-30"));
        assert_eq!((t.past, t.logged, t.cramp_free, t.cramp_nights), (30, 2, 1, 1));
        assert_eq!(t.by_band, [0, 0, 1, 0, 0]);
        let t = c.tally(d("2026-12-01"), d("2026-12-31"));
        assert_eq!((t.past, t.logged, t.by_band[4]), (1, 1, 1));
    }

    #[test]
    fn arrows_follow_the_grid_and_stop_at_last_night() {
        let ctx = Ctx::for_tests(d("2026-12-01"));
        let mut c = Calendar::new(d("2026-12-01"));
        c.fill(&[], ctx.current_night);
        assert_eq!(c.update(CalendarMsg::Right, &ctx), None);
        assert_eq!(c.cursor, d("2026-12-01"), "the future is not a night to open");
        c.update(CalendarMsg::Up, &ctx);
        assert_eq!(c.cursor, d("2026-11-24"));
        c.update(CalendarMsg::PrevPage, &ctx);
        assert_eq!(c.cursor, d("2026-10-24"));
        assert_eq!(c.page(), (d("2026-10-01"), d("2026-10-31")));
        c.update(CalendarMsg::ToggleYear, &ctx);
        c.update(CalendarMsg::Left, &ctx);
        assert_eq!(c.cursor, d("2026-10-17"), "in the year a column is a week");
        assert_eq!(c.update(CalendarMsg::PrevPage, &ctx), Some(Effect::LoadCalendar), "another year is read");
        assert_eq!(c.cursor, d("2025-10-17"));
        assert_eq!(c.update(CalendarMsg::Open, &ctx), Some(Effect::OpenLog(d("2025-10-17"))));
        c.update(CalendarMsg::Close, &ctx);
        assert!(!c.open);
    }
}
