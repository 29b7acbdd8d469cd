//! The History screen's state: nights newest first, unlogged stretches as gap rows, a filter,
//! and the last deletion kept for undo.

use chrono::{Days, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::input::{Edit, TextInput};
use super::keys::{Binding, alias, key, lookup};
use super::{Ctx, Effect, View};
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
    PromptEdit(Edit),
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
}

impl View for History {
    type Msg = HistoryMsg;

    fn keys(&self) -> &'static [Binding<HistoryMsg>] {
        if self.prompt.is_some() { PROMPT_KEYS } else { KEYS }
    }

    fn is_editing_text(&self) -> bool {
        self.prompt.is_some()
    }

    fn message_for(&self, ev: &KeyEvent) -> Option<HistoryMsg> {
        let bound = lookup(self.keys(), ev);
        if self.prompt.is_some() {
            bound.or_else(|| TextInput::edit_for(ev).map(HistoryMsg::PromptEdit))
        } else {
            bound
        }
    }

    /// Moves and filters here; editing, deleting and undoing are effects on the journal.
    fn update(&mut self, msg: HistoryMsg, ctx: &Ctx) -> Option<Effect> {
        let last = self.rows.len().saturating_sub(1);
        let current = ctx.current_night;
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
            HistoryMsg::PromptEdit(edit) => {
                if let Some(p) = &mut self.prompt {
                    p.apply(edit);
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
            HistoryMsg::Edit => return self.selected_date().map(Effect::OpenLog),
            HistoryMsg::Delete => {
                let n = self.selected_night()?;
                let question = format!(
                    "Delete the night of {} ({})? (y/n)",
                    n.date.format("%a %-d %b %Y"),
                    crate::wording::cramp_summary(n)
                );
                return Some(Effect::Ask { question, yes: Box::new(Effect::DeleteNight(n.date)) });
            }
            HistoryMsg::Undo => {
                return Some(match &self.undo {
                    Some(night) => Effect::RestoreNight(night.clone()),
                    None => Effect::Say("Nothing to undo.".to_owned()),
                });
            }
        }
        None
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
        let ctx = Ctx::for_tests(d("2026-11-22"));
        h.update(HistoryMsg::OpenFilter, &ctx);
        for c in "coffee".chars() {
            let msg = h.message_for(&KeyEvent::from(KeyCode::Char(c))).unwrap();
            assert_eq!(h.update(msg, &ctx), None);
        }
        h.update(HistoryMsg::ApplyFilter, &ctx);
        assert_eq!(h.rows, [Row::Night(1)]);
        assert_eq!(h.selected_date(), Some(d("2026-11-21")));
        assert_eq!(h.filter.describe(), "tag coffee");
        assert_eq!(parse_filter("2026-11-21..", &Filter::default()).unwrap().from, Some(d("2026-11-21")));
        assert!(parse_filter("two words", &Filter::default()).is_err());
        assert!(parse_filter("2026-11-22..2026-11-01", &Filter::default()).is_err());
    }

    #[test]
    fn deleting_asks_first_and_undo_restores_what_was_deleted() {
        let ctx = Ctx::for_tests(d("2026-11-22"));
        let mut h = History::default();
        h.load(nights(&["2026-11-21", "2026-11-22"]), d("2026-11-22"));
        let Some(Effect::Ask { question, yes }) = h.update(HistoryMsg::Delete, &ctx) else {
            panic!("deleting must ask first")
        };
        assert!(question.contains("Sun 22 Nov 2026"), "{question}");
        assert_eq!(*yes, Effect::DeleteNight(d("2026-11-22")));
        assert_eq!(h.update(HistoryMsg::Undo, &ctx), Some(Effect::Say("Nothing to undo.".to_owned())));
        h.undo = Some(Night::empty(d("2026-11-20")));
        assert_eq!(
            h.update(HistoryMsg::Undo, &ctx),
            Some(Effect::RestoreNight(Night::empty(d("2026-11-20"))))
        );
        assert_eq!(h.update(HistoryMsg::Edit, &ctx), Some(Effect::OpenLog(d("2026-11-22"))));
        h.update(HistoryMsg::Down, &ctx);
        h.update(HistoryMsg::Down, &ctx);
        assert_eq!(h.selected, 1, "the cursor stops at the oldest night");
    }
}
