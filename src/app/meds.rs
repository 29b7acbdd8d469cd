//! The Medicines & profile screen's state: the medicine list, the profile's conditions, the
//! settings, and a small form to add a medicine.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::choice::{self, FieldEdit, Options};
use super::input::TextInput;
use super::keys::{Binding, alias, ctrl, key, lookup};
use super::{Ctx, Effect, View};
use crate::model::{
    Condition, DayBoundary, MedClass, MedName, Medication, Profile, Settings, Units, WeekStart,
};
use crate::parse;
use crate::store::NewSchedule;

/// The class a key gives the class field: ←/→ step through the classes offered (and unknown),
/// a letter jumps to the next class starting with it, so `l` goes loop-diuretic, laba, lithium.
#[must_use]
pub fn next_class(value: Option<MedClass>, ev: &KeyEvent) -> Option<Option<MedClass>> {
    let all = MedClass::OFFERED;
    let at = value.and_then(|v| all.iter().position(|c| *c == v));
    Some(match ev.code {
        KeyCode::Right | KeyCode::Char(' ') => match at {
            None => Some(all[0]),
            Some(i) => all.get(i + 1).copied(),
        },
        KeyCode::Left => match at {
            None => all.last().copied(),
            Some(0) => None,
            Some(i) => Some(all[i - 1]),
        },
        KeyCode::Backspace | KeyCode::Delete => None,
        KeyCode::Char(c) if c.is_ascii_alphabetic() => {
            let starts = |m: &&MedClass| m.as_str().starts_with(c.to_ascii_lowercase());
            let after = at.map_or(0, |i| i + 1);
            let found = all[after..].iter().find(starts).or_else(|| all.iter().find(starts))?;
            Some(*found)
        }
        _ => return None,
    })
}

/// How the new medicine is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Taken {
    Daily,
    AsNeeded,
}

impl Options for Taken {
    const OPTIONS: &'static [(Self, char)] = &[(Self::Daily, 'd'), (Self::AsNeeded, 'a')];
    fn word(self) -> &'static str {
        match self {
            Self::Daily => "daily",
            Self::AsNeeded => "as needed",
        }
    }
}

/// What keys on this screen ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MedsMsg {
    Up,
    Down,
    /// Toggle a condition, change a setting, or open the add form on its row.
    Activate,
    /// Step a setting back (←).
    Back,
    Add,
    /// Record today as the last day of the selected daily medicine (asks first).
    Stop,
    FormEdit(FieldEdit),
    FormNext,
    FormPrev,
    FormSave,
    FormCancel,
}

pub const KEYS: &[Binding<MedsMsg>] = &[
    key(KeyCode::Down, "↑/↓", "move", MedsMsg::Down),
    alias(KeyCode::Up, MedsMsg::Up),
    alias(KeyCode::Char('j'), MedsMsg::Down),
    alias(KeyCode::Char('k'), MedsMsg::Up),
    key(KeyCode::Enter, "Enter/→", "toggle or change", MedsMsg::Activate).bar("change"),
    alias(KeyCode::Char(' '), MedsMsg::Activate),
    alias(KeyCode::Right, MedsMsg::Activate),
    key(KeyCode::Left, "←", "change back", MedsMsg::Back),
    key(KeyCode::Char('a'), "a", "add a medicine", MedsMsg::Add).bar("add medicine"),
    key(KeyCode::Char('s'), "s", "stop a daily medicine", MedsMsg::Stop).bar("stop medicine"),
];

pub const FORM_KEYS: &[Binding<MedsMsg>] = &[
    key(KeyCode::Enter, "Enter", "add the medicine", MedsMsg::FormSave).bar("add"),
    key(KeyCode::Tab, "Tab/↓", "next field", MedsMsg::FormNext).bar("next"),
    alias(KeyCode::Down, MedsMsg::FormNext),
    key(KeyCode::BackTab, "Shift-Tab/↑", "previous field", MedsMsg::FormPrev),
    alias(KeyCode::Up, MedsMsg::FormPrev),
    key(KeyCode::Esc, "Esc", "cancel", MedsMsg::FormCancel).bar("cancel"),
    ctrl('s', "Ctrl-S", "add the medicine", MedsMsg::FormSave),
];

/// A row of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Medicine(usize),
    AddMedicine,
    Condition(Condition),
    Units,
    WeekStart,
    DayBoundary,
}

/// The add-a-medicine form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddMed {
    pub name: TextInput,
    pub class: Option<MedClass>,
    pub taken: Option<Taken>,
    pub since: TextInput,
    /// Optional, as the person writes it: "300 mg at night".
    pub dose: TextInput,
    /// 0 name, 1 class, 2 how taken, 3 since, 4 dose.
    pub focus: usize,
    pub error: Option<String>,
}

/// A checked request to add a medicine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMed {
    pub name: MedName,
    pub class: MedClass,
    pub taken: Taken,
    pub since: Option<parse::DateArg>,
    pub dose: Option<crate::model::Dose>,
}

impl AddMed {
    fn new() -> Self {
        Self {
            name: TextInput::default(),
            class: None,
            taken: Some(Taken::Daily),
            since: TextInput::new("today"),
            dose: TextInput::default(),
            focus: 0,
            error: None,
        }
    }

    /// Reads the form, naming the first field that is wrong.
    pub fn read(&self) -> Result<NewMed, String> {
        let name = MedName::new(self.name.value()).map_err(|e| format!("Name: {e}"))?;
        let class = self.class.ok_or("Class: choose one with ←/→ or its first letter")?;
        let taken = self.taken.unwrap_or(Taken::Daily);
        let since = match (taken, self.since.value().trim()) {
            (Taken::AsNeeded, _) | (Taken::Daily, "") => None,
            (Taken::Daily, s) => Some(parse::date(s).map_err(|e| format!("Since: {e}"))?),
        };
        let dose = match self.dose.value().trim() {
            "" => None,
            d => Some(crate::model::Dose::new(d).map_err(|e| format!("Dose: {e}"))?),
        };
        Ok(NewMed { name, class, taken, since, dose })
    }

    pub fn hint(&self) -> String {
        match self.focus {
            0 => "The medicine's name, as you want to see it".to_owned(),
            1 => match self.class {
                Some(c) if !c.expected_link() => {
                    "←/→ or a first letter; this class is not expected to bring cramps".to_owned()
                }
                _ => format!(
                    "←/→ or a first letter, through {} classes (l: loop-diuretic…)",
                    MedClass::OFFERED.len()
                ),
            },
            2 => format!("←/→ or {}", choice::letters_hint::<Taken>()),
            3 => "First day taken: YYYY-MM-DD, today, yesterday, last night or a weekday".to_owned(),
            _ => "Optional: how much and when, e.g. 300 mg at night".to_owned(),
        }
    }
}

/// The screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedsView {
    pub meds: Vec<Medication>,
    pub profile: Profile,
    pub settings: Settings,
    pub selected: usize,
    pub form: Option<AddMed>,
}

impl MedsView {
    #[must_use]
    pub fn new(meds: Vec<Medication>, profile: Profile, settings: Settings) -> Self {
        Self { meds, profile, settings, selected: 0, form: None }
    }

    /// Every row in display order.
    #[must_use]
    pub fn rows(&self) -> Vec<Row> {
        let mut rows: Vec<Row> = (0..self.meds.len()).map(Row::Medicine).collect();
        rows.push(Row::AddMedicine);
        rows.extend(Condition::ALL.iter().map(|c| Row::Condition(*c)));
        rows.extend([Row::Units, Row::WeekStart, Row::DayBoundary]);
        rows
    }

    #[must_use]
    pub fn selected_row(&self) -> Row {
        self.rows().get(self.selected).copied().unwrap_or(Row::AddMedicine)
    }
}

impl AddMed {
    /// What a key does to the focused field, decided without changing it.
    fn edit_for(&self, ev: &KeyEvent) -> Option<FieldEdit> {
        match self.focus {
            0 | 3 | 4 => TextInput::edit_for(ev).map(FieldEdit::Text),
            1 => next_class(self.class, ev).map(|c| {
                FieldEdit::Pick(choice::Pick::One(
                    c.and_then(|c| MedClass::OFFERED.iter().position(|o| *o == c)),
                ))
            }),
            _ => choice::pick_one(self.taken, ev).map(FieldEdit::Pick),
        }
    }

    fn apply(&mut self, edit: FieldEdit) {
        match (self.focus, edit) {
            (0, FieldEdit::Text(e)) => self.name.apply(e),
            (3, FieldEdit::Text(e)) => self.since.apply(e),
            (4, FieldEdit::Text(e)) => self.dose.apply(e),
            (1, FieldEdit::Pick(choice::Pick::One(i))) => {
                self.class = i.and_then(|i| MedClass::OFFERED.get(i)).copied();
            }
            (2, FieldEdit::Pick(p)) => choice::set_one(&mut self.taken, p),
            _ => {}
        }
        self.error = None;
    }

    /// The medicine to add, dated by `today`, or why not (said in the form).
    fn submit(&mut self, today: chrono::NaiveDate) -> Option<Effect> {
        let new = match self.read() {
            Ok(n) => n,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        let schedule = match new.taken {
            Taken::AsNeeded => NewSchedule::AsNeeded,
            Taken::Daily => {
                let since = new.since.map_or(today, |d| d.resolve(today));
                if since > today {
                    self.error = Some(format!("Since: {since} is still to come"));
                    return None;
                }
                NewSchedule::Daily { since, until: None }
            }
        };
        Some(Effect::AddMedicine { name: new.name, class: new.class, schedule, dose: new.dose })
    }
}

impl MedsView {
    /// What Enter (`forward`) or ← does on a row: a condition is switched, a setting stepped.
    fn change(&mut self, row: Row, forward: bool) -> Option<Effect> {
        let mut settings = self.settings;
        match row {
            Row::AddMedicine => {
                self.form = Some(AddMed::new());
                return None;
            }
            Row::Medicine(_) => return None,
            Row::Condition(c) => {
                let mut profile = self.profile.clone();
                if !profile.conditions.remove(&c) {
                    profile.conditions.insert(c);
                }
                return Some(Effect::SaveProfile(profile));
            }
            Row::Units => settings.units = cycle(Units::ALL, settings.units, forward),
            Row::WeekStart => settings.week_start = cycle(WeekStart::ALL, settings.week_start, forward),
            Row::DayBoundary => {
                let h = i64::from(settings.day_boundary.hour()) + if forward { 1 } else { -1 };
                settings.day_boundary = DayBoundary::new(h.rem_euclid(24)).unwrap_or(settings.day_boundary);
            }
        }
        Some(Effect::SaveSettings(settings))
    }

    /// Stopping a daily medicine asks first; one taken as needed has nothing to stop.
    fn stop(&self, row: Row, ctx: &Ctx) -> Option<Effect> {
        let Row::Medicine(i) = row else { return None };
        let m = self.meds.get(i)?;
        if m.open_period().is_none() {
            return Some(Effect::Say(format!("{} is not being taken daily at the moment.", m.name)));
        }
        let question =
            format!("Record today ({}) as the last day of {}? (y/n)", ctx.now.format("%a %-d %b"), m.name);
        Some(Effect::Ask { question, yes: Box::new(Effect::StopMedicine(m.name.clone())) })
    }
}

impl View for MedsView {
    type Msg = MedsMsg;

    fn keys(&self) -> &'static [Binding<MedsMsg>] {
        if self.form.is_some() { FORM_KEYS } else { KEYS }
    }

    fn is_editing_text(&self) -> bool {
        self.form.as_ref().is_some_and(|f| matches!(f.focus, 0 | 3 | 4))
    }

    fn message_for(&self, ev: &KeyEvent) -> Option<MedsMsg> {
        let bound = lookup(self.keys(), ev);
        match &self.form {
            Some(form) => bound.or_else(|| form.edit_for(ev).map(MedsMsg::FormEdit)),
            None => bound,
        }
    }

    fn update(&mut self, msg: MedsMsg, ctx: &Ctx) -> Option<Effect> {
        let last = self.rows().len() - 1;
        let row = self.selected_row();
        match msg {
            MedsMsg::Up => self.selected = self.selected.saturating_sub(1),
            MedsMsg::Down => self.selected = (self.selected + 1).min(last),
            MedsMsg::Activate => return self.change(row, true),
            MedsMsg::Back => return self.change(row, false),
            MedsMsg::Stop => return self.stop(row, ctx),
            MedsMsg::Add => self.form = Some(AddMed::new()),
            MedsMsg::FormCancel => self.form = None,
            MedsMsg::FormNext | MedsMsg::FormPrev => {
                if let Some(f) = &mut self.form {
                    f.focus = if msg == MedsMsg::FormNext { (f.focus + 1) % 5 } else { (f.focus + 4) % 5 };
                }
            }
            MedsMsg::FormEdit(edit) => {
                if let Some(f) = &mut self.form {
                    f.apply(edit);
                }
            }
            MedsMsg::FormSave => return self.form.as_mut()?.submit(ctx.today()),
        }
        None
    }
}

fn cycle<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
    let i = all.iter().position(|v| *v == current).unwrap_or(0);
    let n = all.len();
    all[if forward { (i + 1) % n } else { (i + n - 1) % n }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn view() -> MedsView {
        MedsView::new(Vec::new(), Profile::default(), Settings::default())
    }

    #[test]
    fn rows_ask_for_the_profile_or_settings_they_change() {
        let ctx = Ctx::for_tests("2026-11-27".parse().unwrap());
        let mut m = view();
        m.selected = m.rows().iter().position(|r| *r == Row::Condition(Condition::Kidney)).unwrap();
        let Some(Effect::SaveProfile(p)) = m.update(MedsMsg::Activate, &ctx) else { panic!("a profile") };
        assert!(p.conditions.contains(&Condition::Kidney));
        assert!(m.profile.conditions.is_empty(), "the screen waits for the journal to say it is saved");
        m.selected = m.rows().iter().position(|r| *r == Row::DayBoundary).unwrap();
        let Some(Effect::SaveSettings(s)) = m.update(MedsMsg::Back, &ctx) else { panic!("settings") };
        assert_eq!(s.day_boundary.hour() + 1, Settings::default().day_boundary.hour());
    }

    #[test]
    fn the_add_form_names_what_is_missing_and_dates_a_daily_medicine() {
        let ctx = Ctx::for_tests("2026-11-27".parse().unwrap());
        let mut m = view();
        m.update(MedsMsg::Add, &ctx);
        assert_eq!(m.update(MedsMsg::FormSave, &ctx), None);
        assert!(m.form.as_ref().unwrap().error.as_deref().unwrap().starts_with("Name:"));
        for c in "Losartan".chars() {
            let msg = m.message_for(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).unwrap();
            m.update(msg, &ctx);
        }
        m.update(MedsMsg::FormNext, &ctx);
        // A letter goes through the classes starting with it: o is opioid, then other.
        for want in [MedClass::Opioid, MedClass::Other, MedClass::Opioid, MedClass::Other] {
            let msg = m.message_for(&KeyEvent::new(KeyCode::Char('o'), KeyModifiers::NONE)).unwrap();
            m.update(msg, &ctx);
            assert_eq!(m.form.as_ref().unwrap().class, Some(want));
        }
        for _ in 0..3 {
            m.update(MedsMsg::FormNext, &ctx);
        }
        for c in "20 mg".chars() {
            let msg = m.message_for(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).unwrap();
            m.update(msg, &ctx);
        }
        let Some(Effect::AddMedicine { name, class, schedule, .. }) = m.update(MedsMsg::FormSave, &ctx)
        else {
            panic!("a medicine to add")
        };
        assert_eq!((name.as_str(), class), ("Losartan", MedClass::Other));
        assert_eq!(schedule, NewSchedule::Daily { since: ctx.today(), until: None });
    }
}
