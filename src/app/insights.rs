//! The Insights screen's state: the analysis report as a list in the order that matters (red
//! flags, then what goes with more or fewer cramps, then the amounts per step more, then
//! recurring patterns, then the person's suspicions, then what needs more nights), each opening to its explanation and advice; over
//! all nights, the last year, the last 12 weeks, or a from–to range typed as for `cramp analyze`.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::input::{Edit, TextInput};
use super::keys::{Binding, alias, key, lookup};
pub use super::range::{Range, RangePrompt};
use super::{Ctx, Effect, View};
use crate::analysis::Report;

/// What Insights keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InsightsMsg {
    Up,
    Down,
    /// Open (or close) the explanation of the selected line.
    Toggle,
    /// Mark or unmark the selected factor as one you suspect.
    Suspect,
    /// Close the explanation.
    Close,
    /// Analyse another stretch of nights: all, the last year, the last 12 weeks.
    NextRange,
    /// Type a range of one's own.
    AskRange,
    RangeEdit(Edit),
    RangeSubmit,
    RangeCancel,
}

pub const KEYS: &[Binding<InsightsMsg>] = &[
    key(KeyCode::Down, "↑/↓ j/k", "move", InsightsMsg::Down),
    alias(KeyCode::Up, InsightsMsg::Up),
    alias(KeyCode::Char('j'), InsightsMsg::Down),
    alias(KeyCode::Char('k'), InsightsMsg::Up),
    key(KeyCode::Enter, "Enter", "explanation and advice", InsightsMsg::Toggle).bar("details"),
    key(KeyCode::Char('s'), "s", "mark / unmark as suspected", InsightsMsg::Suspect).bar("suspect"),
    key(KeyCode::Char('r'), "r", "nights: all, last year, last 12 weeks", InsightsMsg::NextRange)
        .bar("range"),
    key(KeyCode::Char('f'), "f", "nights from … to …, typed", InsightsMsg::AskRange).bar("from–to"),
];

/// Keys while a range is typed; every other key is text.
pub const PROMPT_KEYS: &[Binding<InsightsMsg>] = &[
    key(KeyCode::Enter, "Enter", "analyse that range", InsightsMsg::RangeSubmit).bar("apply"),
    key(KeyCode::Esc, "Esc", "keep the range as it was", InsightsMsg::RangeCancel).bar("cancel"),
];

/// Keys while an explanation is open: the same, and Esc closes it.
pub const DETAIL_KEYS: &[Binding<InsightsMsg>] = &[
    key(KeyCode::Down, "↑/↓ j/k", "move", InsightsMsg::Down),
    alias(KeyCode::Up, InsightsMsg::Up),
    alias(KeyCode::Char('j'), InsightsMsg::Down),
    alias(KeyCode::Char('k'), InsightsMsg::Up),
    key(KeyCode::Enter, "Enter", "explanation and advice", InsightsMsg::Toggle).bar("details"),
    key(KeyCode::Char('s'), "s", "mark / unmark as suspected", InsightsMsg::Suspect).bar("suspect"),
    key(KeyCode::Char('r'), "r", "nights: all, last year, last 12 weeks", InsightsMsg::NextRange),
    key(KeyCode::Char('f'), "f", "nights from … to …, typed", InsightsMsg::AskRange),
    key(KeyCode::Esc, "Esc", "close the explanation", InsightsMsg::Close),
];

/// The sections, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    RedFlags,
    More,
    Fewer,
    /// Fluid, hours, servings and measured steps as amounts, per step more.
    Amounts,
    Recurring,
    Medicines,
    Suspicions,
    NeedsData,
    NoPattern,
}

impl Section {
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Self::RedFlags => "Talk to a doctor",
            Self::More => "Associated with more cramps",
            Self::Fewer => "Associated with fewer cramps",
            Self::Amounts => "Amounts (per step more)",
            Self::Recurring => "Recurring lately, not yet confirmed",
            Self::Medicines => "Medicine changes",
            Self::Suspicions => "What you suspect, against your data",
            Self::NeedsData => "Needs more nights before it can be tested",
            Self::NoPattern => "Tested, no clear difference",
        }
    }
}

/// One selectable line: a section and an index into the matching list of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub section: Section,
    pub index: usize,
}

/// The Insights screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Insights {
    pub report: Report,
    pub items: Vec<Item>,
    pub selected: usize,
    pub detail: bool,
    /// The nights analysed; kept when the report is worked out again.
    pub range: Range,
    /// A range being typed.
    pub prompt: Option<RangePrompt>,
}

impl Insights {
    #[must_use]
    pub fn new(report: Report) -> Self {
        let mut items = Vec::new();
        let mut add = |section, n: usize| items.extend((0..n).map(|index| Item { section, index }));
        add(Section::RedFlags, report.red_flags.len());
        add(Section::More, report.flagged().len());
        add(Section::Fewer, report.protective().len());
        add(Section::Amounts, report.doses.len());
        add(Section::Recurring, report.recurring.len());
        add(Section::Medicines, report.medication_changes.len());
        add(Section::Suspicions, report.suspicions.len());
        add(Section::NeedsData, report.needs_more_data().len());
        add(Section::NoPattern, report.no_association().len());
        Self { report, items, selected: 0, detail: false, range: Range::All, prompt: None }
    }

    /// Keeps the cursor on the same line after the report is recomputed.
    pub fn replace(&mut self, report: Report) {
        let (selected, detail, range) = (self.selected, self.detail, self.range);
        *self = Self::new(report);
        self.selected = selected.min(self.items.len().saturating_sub(1));
        self.detail = detail;
        self.range = range;
    }

    /// The factor under the cursor, if the line is about one.
    #[must_use]
    pub fn selected_factor(&self) -> Option<crate::model::Factor> {
        let item = self.items.get(self.selected)?;
        let r = &self.report;
        match item.section {
            Section::More => r.flagged().get(item.index).map(|f| f.id.clone()),
            Section::Fewer => r.protective().get(item.index).map(|f| f.id.clone()),
            Section::NeedsData => r.needs_more_data().get(item.index).map(|f| f.id.clone()),
            Section::NoPattern => r.no_association().get(item.index).map(|f| f.id.clone()),
            Section::Recurring => r.recurring.get(item.index).map(|f| f.id.clone()),
            Section::Suspicions => r.suspicions.get(item.index).map(|s| s.id.clone()),
            // Suspecting fluid, standing or sitting is suspecting too little or too much of it.
            Section::Amounts => r.doses.get(item.index).and_then(|d| d.amount.median_factor()),
            Section::RedFlags | Section::Medicines => None,
        }
    }

    /// The selected line's heading, explanation and advice.
    #[must_use]
    pub fn details(&self, item: Item) -> (String, String, String) {
        let r = &self.report;
        let factor = |f: Option<&&crate::analysis::FactorResult>| {
            f.map(|f| (f.label(), f.explanation.clone(), f.advice.clone())).unwrap_or_default()
        };
        match item.section {
            Section::RedFlags => r
                .red_flags
                .get(item.index)
                .map(|f| ("Talk to a doctor".to_owned(), f.message.clone(), f.advice.clone()))
                .unwrap_or_default(),
            Section::More => factor(r.flagged().get(item.index)),
            Section::Fewer => factor(r.protective().get(item.index)),
            Section::NeedsData => factor(r.needs_more_data().get(item.index)),
            Section::NoPattern => factor(r.no_association().get(item.index)),
            Section::Amounts => r
                .doses
                .get(item.index)
                .map(|d| (d.label(), d.sentence.clone(), String::new()))
                .unwrap_or_default(),
            Section::Recurring => r
                .recurring
                .get(item.index)
                .map(|x| {
                    (crate::analysis::catalogue::label(&x.id, x.lag), x.explanation.clone(), x.advice.clone())
                })
                .unwrap_or_default(),
            Section::Medicines => r
                .medication_changes
                .get(item.index)
                .map(|m| (format!("{} ({})", m.medicine, m.class), m.explanation.clone(), m.caution.clone()))
                .unwrap_or_default(),
            Section::Suspicions => r
                .suspicions
                .get(item.index)
                .map(|s| (crate::analysis::catalogue::name(&s.id), s.message.clone(), String::new()))
                .unwrap_or_default(),
        }
    }
}

impl View for Insights {
    type Msg = InsightsMsg;

    fn keys(&self) -> &'static [Binding<InsightsMsg>] {
        match () {
            () if self.prompt.is_some() => PROMPT_KEYS,
            () if self.detail => DETAIL_KEYS,
            () => KEYS,
        }
    }

    fn is_editing_text(&self) -> bool {
        self.prompt.is_some()
    }

    fn field_hint(&self) -> Option<String> {
        self.prompt.as_ref().map(|_| {
            "FROM to TO (or FROM alone, or to TO), dates as YYYY-MM-DD, today, yesterday, last night \
             or a weekday, as for cramp analyze --from --to"
                .to_owned()
        })
    }

    fn message_for(&self, ev: &KeyEvent) -> Option<InsightsMsg> {
        let bound = lookup(self.keys(), ev);
        if self.prompt.is_some() {
            bound.or_else(|| TextInput::edit_for(ev).map(InsightsMsg::RangeEdit))
        } else {
            bound
        }
    }

    /// Moves and opens here; marking a suspicion is an effect on the journal.
    fn update(&mut self, msg: InsightsMsg, ctx: &Ctx) -> Option<Effect> {
        let last = self.items.len().saturating_sub(1);
        match msg {
            InsightsMsg::AskRange => {
                let typed = match self.range {
                    Range::Custom { from, to } => {
                        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                        format!("{} to {}", day(from), day(to)).trim().to_owned()
                    }
                    _ => String::new(),
                };
                self.prompt = Some(RangePrompt { input: TextInput::new(typed), error: None });
            }
            InsightsMsg::RangeEdit(edit) => {
                if let Some(p) = &mut self.prompt {
                    p.input.apply(edit);
                }
            }
            InsightsMsg::RangeCancel => self.prompt = None,
            InsightsMsg::RangeSubmit => {
                let p = self.prompt.as_mut()?;
                match Range::parse(p.input.value(), ctx.today()) {
                    Ok(range) => {
                        self.range = range;
                        self.prompt = None;
                        return Some(Effect::LoadInsights);
                    }
                    Err(e) => p.error = Some(e),
                }
            }
            InsightsMsg::Up => self.selected = self.selected.saturating_sub(1),
            InsightsMsg::Down => self.selected = (self.selected + 1).min(last),
            InsightsMsg::Toggle => self.detail = !self.detail && !self.items.is_empty(),
            InsightsMsg::Close => self.detail = false,
            InsightsMsg::NextRange => {
                self.range = self.range.next();
                return Some(Effect::LoadInsights);
            }
            InsightsMsg::Suspect => {
                return Some(match self.selected_factor() {
                    Some(f) => Effect::ToggleSuspicion(f),
                    None => Effect::Say("That line is not about a factor you can suspect.".to_owned()),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_steps_round_and_asks_for_the_report_again() {
        let night: chrono::NaiveDate = "2026-11-27".parse().unwrap();
        let ctx = Ctx::for_tests(night);
        let report = crate::analysis::analyze(&crate::analysis::Input {
            nights: &[],
            medications: &[],
            profile: &crate::model::Profile::default(),
            suspected: &[],
            units: crate::model::Units::Metric,
            from: None,
            to: None,
            today: ctx.today(),
            measured: &[],
        });
        let mut v = Insights::new(report.clone());
        for want in [Range::LastYear, Range::Last12Weeks, Range::All] {
            assert_eq!(v.update(InsightsMsg::NextRange, &ctx), Some(Effect::LoadInsights));
            assert_eq!(v.range, want);
        }
        v.range = Range::LastYear;
        v.replace(report.clone());
        assert_eq!(v.range, Range::LastYear, "kept when the report is worked out again");
        assert_eq!(Range::Last12Weeks.first_night(night), "2026-09-05".parse().ok(), "84 nights in all");
        assert_eq!(Range::LastYear.first_night(night), "2025-11-28".parse().ok());

        // A range of one's own, typed as for `cramp analyze`; a mistake is said and kept.
        let mut v = Insights::new(report);
        v.update(InsightsMsg::AskRange, &ctx);
        assert!(v.is_editing_text());
        for c in "2026-06-01 to 2026-05-01".chars() {
            v.update(InsightsMsg::RangeEdit(Edit::Insert(c)), &ctx);
        }
        assert_eq!(v.update(InsightsMsg::RangeSubmit, &ctx), None);
        assert_eq!(
            v.prompt.as_ref().unwrap().error.as_deref(),
            Some("from 2026-06-01 is after to 2026-05-01")
        );
        assert_eq!(v.range, Range::All, "unchanged until the range is right");
        v.update(InsightsMsg::RangeEdit(Edit::ClearToStart), &ctx);
        for c in "2026-06-01 to yesterday".chars() {
            v.update(InsightsMsg::RangeEdit(Edit::Insert(c)), &ctx);
        }
        assert_eq!(v.update(InsightsMsg::RangeSubmit, &ctx), Some(Effect::LoadInsights));
        let d = |s: &str| s.parse::<NaiveDate>().ok();
        assert_eq!(
            v.range,
            Range::Custom { from: d("2026-06-01"), to: d("2026-11-27") },
            "yesterday of 28 Nov"
        );
        assert_eq!(v.range.label(), "1 Jun – 27 Nov 2026");
        assert_eq!(v.range.last_night(), d("2026-11-27"));
    }
}
