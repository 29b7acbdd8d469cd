//! The Log screen's state: a form for one night and its cramps. Routine fields start from the
//! previous logged night; what was typed is kept until it is saved or deliberately discarded.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::choice::{FieldEdit, YesNo};
use super::input::TextInput;
use super::keys::{Binding, alias, ctrl, key, lookup};
pub use super::log_fields::{CRAMP_FIELDS, CrampField, Field, NIGHT_FIELDS};
use super::{Ctx, Effect, View};
use crate::model::{
    Activity, Episode, Footwear, Location, MedName, Medication, Night, Posture, Relief, Side, Tag,
};
use crate::parse;

/// What the form's own keys ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogMsg {
    Next,
    Prev,
    Save,
    AddCramp,
    DeleteCramp,
    PrevNight,
    NextNight,
    /// A change to the focused field itself (typing, choosing).
    Edit(FieldEdit),
}

/// The form's keys; the focused field handles the rest (see [`LogForm::hint`]).
pub const KEYS: &[Binding<LogMsg>] = &[
    ctrl('s', "Ctrl-S", "save the night", LogMsg::Save).bar("save"),
    key(KeyCode::Tab, "Tab/↓", "next field", LogMsg::Next).bar("next"),
    alias(KeyCode::Down, LogMsg::Next),
    alias(KeyCode::Enter, LogMsg::Next),
    key(KeyCode::BackTab, "Shift-Tab/↑", "previous field", LogMsg::Prev),
    alias(KeyCode::Up, LogMsg::Prev),
    ctrl('n', "Ctrl-N", "add a cramp", LogMsg::AddCramp).bar("add cramp"),
    ctrl('d', "Ctrl-D", "remove this cramp", LogMsg::DeleteCramp),
    key(KeyCode::PageUp, "PgUp/PgDn", "previous / next night", LogMsg::PrevNight),
    alias(KeyCode::PageDown, LogMsg::NextNight),
];

/// One cramp being edited.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CrampRow {
    /// The stored start, kept exactly (seconds and offset) while its clock time is unchanged.
    pub stored_start: Option<DateTime<FixedOffset>>,
    pub time: TextInput,
    pub duration: TextInput,
    pub intensity: TextInput,
    pub location: Option<Location>,
    pub side: Option<Side>,
    pub relief: BTreeSet<Relief>,
    pub note: TextInput,
}

/// A medicine on the list, as the form offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedOption {
    pub name: MedName,
    /// Taken by schedule that night: shown ticked and not toggled.
    pub scheduled: bool,
    pub taken: bool,
}

/// Everything the person can change; compared with its starting state to know if it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub fluid: TextInput,
    pub activity: Option<Activity>,
    pub standing: TextInput,
    pub sitting: TextInput,
    pub footwear: Option<Footwear>,
    pub mg_k: TextInput,
    pub postures: BTreeSet<Posture>,
    pub stretched: Option<YesNo>,
    pub meds: Vec<MedOption>,
    pub tags: TextInput,
    pub disturbance: TextInput,
    pub note: TextInput,
    pub cramps: Vec<CrampRow>,
}

/// The Log screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogForm {
    pub date: NaiveDate,
    /// Whether the night was already logged (then saving edits it).
    pub existed: bool,
    /// The night routine fields were copied from, for a new entry.
    pub copied_from: Option<NaiveDate>,
    pub v: Values,
    initial: Values,
    pub focus: Field,
    /// Cursor within a set field (postures, medicines, relief).
    pub set_cursor: usize,
    /// Problems found on the last save attempt that typing alone cannot show (a skipped clock
    /// time, a time still to come).
    pub save_problems: Vec<(Field, String)>,
    /// How a bare amount typed in the fluid field is read, as on the command line.
    pub units: crate::model::Units,
    /// What trackers measured for the night, shown read-only under the fields: a heading, then
    /// the figures (empty: none).
    pub measured: Vec<String>,
}

fn text_of<T: ToString>(v: Option<T>) -> TextInput {
    TextInput::new(v.map(|v| v.to_string()).unwrap_or_default())
}

impl CrampRow {
    fn from_episode(e: &Episode) -> Self {
        Self {
            stored_start: Some(e.start),
            time: TextInput::new(parse::format_time(e.start.time())),
            duration: text_of(e.duration),
            intensity: text_of(e.intensity),
            location: e.location,
            side: e.side,
            relief: e.relief.clone(),
            note: TextInput::new(e.note.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default()),
        }
    }
}

impl LogForm {
    /// The form for `date`: the stored night if there is one, otherwise a new night whose
    /// routine fields (postures, footwear, medicines, tags) come from `previous`.
    #[must_use]
    pub fn new(
        date: NaiveDate,
        existing: Option<&Night>,
        previous: Option<&Night>,
        meds: &[Medication],
    ) -> Self {
        let source = existing.or(previous);
        let meds = meds
            .iter()
            .map(|m| MedOption {
                name: m.name.clone(),
                scheduled: m.scheduled_on(date),
                taken: m.scheduled_on(date) || source.is_some_and(|n| n.medications.contains(&m.name)),
            })
            .collect();
        let routine = |f: &dyn Fn(&Night) -> TextInput| source.map(f).unwrap_or_default();
        let own = |f: &dyn Fn(&Night) -> TextInput| existing.map(f).unwrap_or_default();
        let v = Values {
            fluid: own(&|n| text_of(n.fluid)),
            activity: existing.and_then(|n| n.activity),
            standing: own(&|n| text_of(n.standing)),
            sitting: own(&|n| text_of(n.sitting)),
            footwear: source.and_then(|n| n.footwear),
            mg_k: own(&|n| text_of(n.mg_k_servings)),
            postures: source.map(|n| n.postures.iter().collect()).unwrap_or_default(),
            stretched: existing.and_then(|n| n.stretched).map(|s| if s { YesNo::Yes } else { YesNo::No }),
            meds,
            tags: routine(&|n| TextInput::new(n.tags.iter().map(Tag::as_str).collect::<Vec<_>>().join(", "))),
            disturbance: own(&|n| text_of(n.sleep_disturbance)),
            note: own(&|n| {
                TextInput::new(n.note.as_ref().map(|t| t.as_str().to_owned()).unwrap_or_default())
            }),
            cramps: existing
                .map(|n| n.episodes.iter().map(CrampRow::from_episode).collect())
                .unwrap_or_default(),
        };
        Self {
            date,
            existed: existing.is_some(),
            copied_from: if existing.is_none() { previous.map(|n| n.date) } else { None },
            initial: v.clone(),
            v,
            focus: Field::Fluid,
            set_cursor: 0,
            save_problems: Vec::new(),
            units: crate::model::Units::Metric,
            measured: Vec::new(),
        }
    }

    /// The starts of the cramps the form opened with: a save removes only these, never a cramp
    /// saved meanwhile elsewhere.
    #[must_use]
    pub fn known_starts(&self) -> Vec<DateTime<FixedOffset>> {
        self.initial.cramps.iter().filter_map(|c| c.stored_start).collect()
    }

    /// What the form opened with.
    #[must_use]
    pub fn initial(&self) -> &Values {
        &self.initial
    }

    /// Whether anything differs from what the form opened with.
    #[must_use]
    pub fn is_dirty(&self) -> bool {
        self.v != self.initial
    }

    /// Every field in focus order.
    #[must_use]
    pub fn fields(&self) -> Vec<Field> {
        let mut all = NIGHT_FIELDS.to_vec();
        for i in 0..self.v.cramps.len() {
            all.extend(CRAMP_FIELDS.iter().map(|f| Field::Cramp(i, *f)));
        }
        all.push(Field::AddCramp);
        all
    }

    fn move_focus(&mut self, step: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = (at as isize + step).rem_euclid(fields.len() as isize) as usize;
        self.focus = fields[next];
        self.set_cursor = 0;
    }

    /// `next`, or, when there are unsaved changes, a question whose yes drops them first.
    #[must_use]
    pub fn guard(&self, next: Effect) -> Effect {
        if !self.is_dirty() {
            return next;
        }
        let question =
            format!("Drop the unsaved changes to the night of {}? (y/n)", self.date.format("%a %-d %b"));
        Effect::Ask { question, yes: Box::new(Effect::Discard(Box::new(next))) }
    }

    /// The night to save, or the problems said on the status line and beside each field.
    fn save(&mut self, ctx: &Ctx) -> Effect {
        self.save_problems.clear();
        match self.build(&ctx.settings, ctx.zone, ctx.now) {
            Ok(night) => Effect::SaveNight { night, known: self.known_starts(), opened: self.opened_as() },
            Err(problems) => {
                let n = problems.len();
                let first = problems.first().map(|(_, p)| p.clone()).unwrap_or_default();
                self.save_problems = problems;
                Effect::Complain(format!(
                    "Not saved: {n} field{} to fix. {first}",
                    if n == 1 { "" } else { "s" }
                ))
            }
        }
    }
}

impl View for LogForm {
    type Msg = LogMsg;

    fn keys(&self) -> &'static [Binding<LogMsg>] {
        KEYS
    }

    fn is_editing_text(&self) -> bool {
        self.text_input(self.focus).is_some()
    }

    fn field_hint(&self) -> Option<String> {
        Some(self.focus.hint())
    }

    /// The field gets first say on arrows and letters, so a choice reacts to ←/→; moving between
    /// fields (Tab, Enter, ↑/↓) is the form's.
    fn message_for(&self, ev: &KeyEvent) -> Option<LogMsg> {
        if self.focus == Field::AddCramp && matches!(ev.code, KeyCode::Enter | KeyCode::Char(' ')) {
            return Some(LogMsg::AddCramp);
        }
        let moves =
            matches!(ev.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter | KeyCode::Up | KeyCode::Down);
        let edit = if moves { None } else { self.edit_for(ev) };
        edit.map(LogMsg::Edit).or_else(|| lookup(KEYS, ev))
    }

    fn update(&mut self, msg: LogMsg, ctx: &Ctx) -> Option<Effect> {
        match msg {
            LogMsg::Next => self.move_focus(1),
            LogMsg::Prev => self.move_focus(-1),
            LogMsg::AddCramp => {
                self.v.cramps.push(CrampRow::default());
                self.focus = Field::Cramp(self.v.cramps.len() - 1, CrampField::Time);
            }
            LogMsg::DeleteCramp => {
                if let Field::Cramp(i, _) = self.focus {
                    self.v.cramps.remove(i);
                    self.focus = if self.v.cramps.is_empty() {
                        Field::AddCramp
                    } else {
                        Field::Cramp(i.min(self.v.cramps.len() - 1), CrampField::Time)
                    };
                }
            }
            LogMsg::Edit(edit) => {
                self.apply(edit);
                self.save_problems.retain(|(f, _)| *f != self.focus);
            }
            LogMsg::Save => return Some(self.save(ctx)),
            LogMsg::PrevNight | LogMsg::NextNight => {
                let date = if msg == LogMsg::PrevNight { self.date.pred_opt() } else { self.date.succ_opt() };
                return date.map(|d| self.guard(Effect::OpenLog(d)));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn type_in(form: &mut LogForm, ctx: &Ctx, text: &str) {
        for c in text.chars() {
            let msg = form.message_for(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).expect("typed");
            assert_eq!(form.update(msg, ctx), None);
        }
    }

    #[test]
    fn saving_names_every_problem_or_asks_for_the_night_to_be_saved() {
        let night: NaiveDate = "2026-11-27".parse().unwrap();
        let ctx = Ctx::for_tests(night);
        let mut form = LogForm::new(night, None, None, &[]);
        type_in(&mut form, &ctx, "50");
        let Some(Effect::Complain(text)) = form.update(LogMsg::Save, &ctx) else { panic!("not saved") };
        assert!(text.starts_with("Not saved: 1 field to fix."), "{text}");
        assert!(form.problem(Field::Fluid).is_some());
        let backspace = form.message_for(&KeyEvent::from(KeyCode::Backspace)).unwrap();
        form.update(backspace, &ctx);
        type_in(&mut form, &ctx, "00");
        let Some(Effect::SaveNight { night: saved, known, .. }) = form.update(LogMsg::Save, &ctx) else {
            panic!("saved")
        };
        assert_eq!(
            (saved.date, saved.fluid.map(crate::model::FluidMl::get), known.len()),
            (night, Some(500), 0)
        );
    }

    #[test]
    fn the_form_refuses_what_the_command_line_refuses_in_the_same_words() {
        let night: NaiveDate = "2026-11-27".parse().unwrap();
        let ctx = Ctx::for_tests(night);
        let mut form = LogForm::new(night, None, None, &[]);
        form.focus = Field::Tags;
        type_in(&mut form, &ctx, "coffee, long drive");
        let cli = crate::model::Tag::new(" long drive").unwrap_err().to_string();
        assert_eq!(form.problem(Field::Tags), Some(cli), "the same message as --tag");
        form.focus = Field::Standing;
        type_in(&mut form, &ctx, "20");
        form.focus = Field::Sitting;
        type_in(&mut form, &ctx, "6");
        let shown = form.problem(Field::Sitting).expect("a conflict is shown as soon as it arises");
        assert!(shown.contains("more than 24 hours"), "{shown}");
        let Some(Effect::Complain(status)) = form.update(LogMsg::Save, &ctx) else { panic!("refused") };
        assert!(status.starts_with("Not saved: 2 fields to fix."), "one count everywhere: {status}");
        assert_eq!(form.problems().len(), 2);
    }

    #[test]
    fn leaving_with_unsaved_changes_asks_first() {
        let night: NaiveDate = "2026-11-27".parse().unwrap();
        let ctx = Ctx::for_tests(night);
        let mut form = LogForm::new(night, None, None, &[]);
        let prev = night.pred_opt().unwrap();
        assert_eq!(form.update(LogMsg::PrevNight, &ctx), Some(Effect::OpenLog(prev)), "nothing to lose");
        // Activity is a choice: → picks its first word, without copying the form to find out.
        form.focus = Field::Activity;
        let right = form.message_for(&KeyEvent::from(KeyCode::Right)).unwrap();
        form.update(right, &ctx);
        assert_eq!(form.v.activity, Some(Activity::Rest));
        let Some(Effect::Ask { yes, .. }) = form.update(LogMsg::PrevNight, &ctx) else { panic!("asks") };
        assert_eq!(*yes, Effect::Discard(Box::new(Effect::OpenLog(prev))));
    }
}
