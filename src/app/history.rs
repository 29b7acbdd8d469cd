//! The History screen's state: nights newest first, unlogged stretches as gap rows, a filter,
//! and the last deletion kept for undo.

use chrono::{Days, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::input::TextInput;
use super::keys::{Binding, alias, key, lookup};
use crate::model::{Night, Tag};
use crate::parse;

/// What History keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryMsg {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Open the selected night (or the newest night of a gap) in the Log form.
    Edit,
    Delete,
    Undo,
    ToggleCrampsOnly,
    OpenFilter,
    ClearFilter,
    PromptKey(KeyEvent),
    ApplyFilter,
    CancelFilter,
}

pub const KEYS: &[Binding<HistoryMsg>] = &[
    key(KeyCode::Down, "↑/↓ j/k", "move", HistoryMsg::Down),
    alias(KeyCode::Up, HistoryMsg::Up),
    alias(KeyCode::Char('j'), HistoryMsg::Down),
    alias(KeyCode::Char('k'), HistoryMsg::Up),
    key(KeyCode::PageDown, "PgUp/PgDn", "move a page", HistoryMsg::PageDown),
    alias(KeyCode::PageUp, HistoryMsg::PageUp),
    key(KeyCode::Home, "Home/End", "newest / oldest", HistoryMsg::Top),
    alias(KeyCode::End, HistoryMsg::Bottom),
    key(KeyCode::Enter, "Enter", "edit (or log a gap)", HistoryMsg::Edit).bar("edit"),
    key(KeyCode::Char('d'), "d", "delete (asks first)", HistoryMsg::Delete).bar("delete"),
    key(KeyCode::Char('u'), "u", "undo the deletion", HistoryMsg::Undo),
    key(KeyCode::Char('f'), "f", "cramp nights only", HistoryMsg::ToggleCrampsOnly).bar("cramp nights only"),
    key(KeyCode::Char('/'), "/", "filter: tag or dates", HistoryMsg::OpenFilter).bar("filter"),
    key(KeyCode::Char('x'), "x", "clear the filter", HistoryMsg::ClearFilter),
];

/// Keys while typing a filter.
pub const PROMPT_KEYS: &[Binding<HistoryMsg>] = &[
    key(KeyCode::Enter, "Enter", "apply the filter", HistoryMsg::ApplyFilter).bar("apply"),
    key(KeyCode::Esc, "Esc", "cancel", HistoryMsg::CancelFilter).bar("cancel"),
];

/// Rows moved by PgUp/PgDn.
const PAGE: usize = 10;

/// Which nights are listed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub cramps_only: bool,
    pub tag: Option<Tag>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Filter {
    fn admits(&self, n: &Night) -> bool {
        (!self.cramps_only || n.had_cramps())
            && self.tag.as_ref().is_none_or(|t| n.tags.contains(t))
            && self.from.is_none_or(|f| n.date >= f)
            && self.to.is_none_or(|t| n.date <= t)
    }

    fn is_narrowed(&self) -> bool {
        self.cramps_only || self.tag.is_some() || self.from.is_some() || self.to.is_some()
    }

    /// In words, for the screen's title.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.cramps_only {
            parts.push("cramp nights".to_owned());
        }
        if let Some(t) = &self.tag {
            parts.push(format!("tag {t}"));
        }
        match (self.from, self.to) {
            (Some(f), Some(t)) => parts.push(format!("{f} to {t}")),
            (Some(f), None) => parts.push(format!("from {f}")),
            (None, Some(t)) => parts.push(format!("until {t}")),
            (None, None) => {}
        }
        if parts.is_empty() { "all nights".to_owned() } else { parts.join(", ") }
    }
}

/// A line of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// Index into [`History::nights`].
    Night(usize),
    /// Nights with nothing logged, newest date first.
    Gap { newest: NaiveDate, count: i64 },
}

/// The History screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Oldest first, as loaded.
    pub nights: Vec<Night>,
    pub rows: Vec<Row>,
    pub selected: usize,
    pub filter: Filter,
    pub prompt: Option<TextInput>,
    pub prompt_error: Option<String>,
    /// The last deleted night, for undo.
    pub undo: Option<Night>,
}

impl History {
    /// Replaces the nights and rebuilds the rows; `current` is the night that has just ended,
    /// so a gap up to it shows that recent nights are missing.
    pub fn load(&mut self, nights: Vec<Night>, current: NaiveDate) {
        let keep = self.selected_date();
        self.nights = nights;
        self.rebuild(current, keep);
    }

    /// Recomputes the rows for the filter, keeping the cursor on `keep` when it is still listed.
    fn rebuild(&mut self, current: NaiveDate, keep: Option<NaiveDate>) {
        self.rows.clear();
        let mut expect = current;
        for (i, n) in self.nights.iter().enumerate().rev() {
            if !self.filter.admits(n) {
                continue;
            }
            let missing = (expect - n.date).num_days();
            if missing > 0 && !self.filter.is_narrowed() {
                self.rows.push(Row::Gap { newest: expect, count: missing });
            }
            self.rows.push(Row::Night(i));
            expect = n.date.checked_sub_days(Days::new(1)).unwrap_or(n.date);
        }
        self.selected = keep
            .and_then(|d| self.rows.iter().position(|r| self.row_date(*r) == d))
            .unwrap_or(0)
            .min(self.rows.len().saturating_sub(1));
    }

    fn row_date(&self, row: Row) -> NaiveDate {
        match row {
            Row::Night(i) => self.nights[i].date,
            Row::Gap { newest, .. } => newest,
        }
    }

    /// The date under the cursor: a night's, or a gap's newest missing night.
    #[must_use]
    pub fn selected_date(&self) -> Option<NaiveDate> {
        self.rows.get(self.selected).map(|r| self.row_date(*r))
    }

    /// The logged night under the cursor.
    #[must_use]
    pub fn selected_night(&self) -> Option<&Night> {
        match self.rows.get(self.selected) {
            Some(Row::Night(i)) => self.nights.get(*i),
            _ => None,
        }
    }

    #[must_use]
    pub fn message_for(&self, ev: &KeyEvent) -> Option<HistoryMsg> {
        if self.prompt.is_some() {
            return lookup(PROMPT_KEYS, ev).or(Some(HistoryMsg::PromptKey(*ev)));
        }
        lookup(KEYS, ev)
    }

    /// Applies messages that need no journal access; the app handles edit, delete and undo.
    pub fn update(&mut self, msg: HistoryMsg, current: NaiveDate) {
        let last = self.rows.len().saturating_sub(1);
        match msg {
            HistoryMsg::Up => self.selected = self.selected.saturating_sub(1),
            HistoryMsg::Down => self.selected = (self.selected + 1).min(last),
            HistoryMsg::PageUp => self.selected = self.selected.saturating_sub(PAGE),
            HistoryMsg::PageDown => self.selected = (self.selected + PAGE).min(last),
            HistoryMsg::Top => self.selected = 0,
            HistoryMsg::Bottom => self.selected = last,
            HistoryMsg::ToggleCrampsOnly => {
                self.filter.cramps_only = !self.filter.cramps_only;
                self.rebuild(current, self.selected_date());
            }
            HistoryMsg::OpenFilter => {
                self.prompt = Some(TextInput::default());
                self.prompt_error = None;
            }
            HistoryMsg::ClearFilter => {
                self.filter = Filter::default();
                self.rebuild(current, self.selected_date());
            }
            HistoryMsg::PromptKey(ev) => {
                if let Some(p) = &mut self.prompt {
                    p.handle(&ev);
                }
            }
            HistoryMsg::CancelFilter => self.prompt = None,
            HistoryMsg::ApplyFilter => {
                let text = self.prompt.as_ref().map(|p| p.value().to_owned()).unwrap_or_default();
                match parse_filter(&text, &self.filter) {
                    Ok(f) => {
                        self.filter = f;
                        self.prompt = None;
                        self.rebuild(current, self.selected_date());
                    }
                    Err(e) => self.prompt_error = Some(e),
                }
            }
            HistoryMsg::Edit | HistoryMsg::Delete | HistoryMsg::Undo => {}
        }
    }
}

/// `coffee` filters by tag; `2026-11-01..2026-11-20` (either end may be left out) by dates; an
/// empty filter keeps only the cramp-nights switch.
fn parse_filter(text: &str, current: &Filter) -> Result<Filter, String> {
    let text = text.trim();
    let mut f = Filter { cramps_only: current.cramps_only, ..Filter::default() };
    if text.is_empty() {
        return Ok(f);
    }
    if let Some((a, b)) = text.split_once("..") {
        let date = |s: &str| -> Result<Option<NaiveDate>, String> {
            match s.trim() {
                "" => Ok(None),
                s => match parse::date(s).map_err(|e| e.to_string())? {
                    parse::DateArg::On(d) => Ok(Some(d)),
                    _ => Err(format!("'{s}': use dates like 2026-11-01")),
                },
            }
        };
        f.from = date(a)?;
        f.to = date(b)?;
        if let (Some(a), Some(b)) = (f.from, f.to)
            && a > b
        {
            return Err(format!("{a} is after {b}"));
        }
    } else {
        f.tag = Some(Tag::new(text).map_err(|e| format!("{e}; or give dates as 2026-11-01..2026-11-20"))?);
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn nights(dates: &[&str]) -> Vec<Night> {
        dates.iter().map(|s| Night::empty(d(s))).collect()
    }

    #[test]
    fn gaps_show_where_nothing_was_logged() {
        let mut h = History::default();
        h.load(nights(&["2026-11-20", "2026-11-21", "2026-11-25"]), d("2026-11-27"));
        assert_eq!(
            h.rows,
            [
                Row::Gap { newest: d("2026-11-27"), count: 2 },
                Row::Night(2),
                Row::Gap { newest: d("2026-11-24"), count: 3 },
                Row::Night(1),
                Row::Night(0),
            ]
        );
    }

    #[test]
    fn filters_narrow_the_list_and_keep_the_selection() {
        let mut h = History::default();
        let mut n = nights(&["2026-11-20", "2026-11-21", "2026-11-22"]);
        n[1].tags.insert(Tag::new("coffee").unwrap());
        h.load(n, d("2026-11-22"));
        h.selected = 1;
        h.update(HistoryMsg::OpenFilter, d("2026-11-22"));
        for c in "coffee".chars() {
            h.update(HistoryMsg::PromptKey(KeyEvent::from(KeyCode::Char(c))), d("2026-11-22"));
        }
        h.update(HistoryMsg::ApplyFilter, d("2026-11-22"));
        assert_eq!(h.rows, [Row::Night(1)]);
        assert_eq!(h.selected_date(), Some(d("2026-11-21")));
        assert_eq!(h.filter.describe(), "tag coffee");
        assert_eq!(parse_filter("2026-11-21..", &Filter::default()).unwrap().from, Some(d("2026-11-21")));
        assert!(parse_filter("two words", &Filter::default()).is_err());
        assert!(parse_filter("2026-11-22..2026-11-01", &Filter::default()).is_err());
    }
}
