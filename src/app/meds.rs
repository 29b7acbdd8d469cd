//! The Medicines & profile screen's state: the medicine list, the profile's conditions, the
//! settings, and the form to add or change a medicine (`meds_form.rs`).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::choice::FieldEdit;
use super::keys::{Binding, alias, ctrl, key, lookup};
pub use super::meds_form::{AddMed, NewMed, Taken, next_class};
use super::{Ctx, Effect, View};
use crate::model::{Condition, DayBoundary, Medication, Profile, Settings, Units, WeekStart};

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
    /// Take the selected medicine off the list (asks first; refused while nights name it).
    Remove,
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
    key(KeyCode::Char('x'), "x", "remove a medicine (asks first)", MedsMsg::Remove),
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

impl MedsView {
    /// What Enter (`forward`) or ← does on a row: a condition is switched, a setting stepped.
    fn change(&mut self, row: Row, forward: bool) -> Option<Effect> {
        let mut settings = self.settings;
        match row {
            Row::AddMedicine => {
                self.form = Some(AddMed::new());
                return None;
            }
            Row::Medicine(i) => {
                self.form = self.meds.get(i).map(AddMed::editing);
                return None;
            }
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
            MedsMsg::Remove => {
                let Row::Medicine(i) = row else { return None };
                let m = self.meds.get(i)?;
                let question = format!("Remove {} from the list of medicines? (y/n)", m.name);
                return Some(Effect::Ask { question, yes: Box::new(Effect::RemoveMedicine(m.name.clone())) });
            }
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
    use crate::model::{Dose, MedClass, MedName, Period, Schedule};
    use crate::store::{MedEdit, NewSchedule};
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

    #[test]
    fn enter_on_a_medicine_edits_only_what_changed_and_x_asks_before_removing() {
        let ctx = Ctx::for_tests("2026-11-27".parse().unwrap());
        let since = "2026-10-01".parse().unwrap();
        let med = Medication {
            name: MedName::new("Atorvastatin").unwrap(),
            class: MedClass::Statin,
            schedule: Schedule::Daily(vec![Period::new(since, None).unwrap()]),
            dose: None,
        };
        let mut m = MedsView::new(vec![med], Profile::default(), Settings::default());
        assert_eq!(m.update(MedsMsg::Activate, &ctx), None);
        let form = m.form.as_ref().expect("the form opens on the medicine");
        assert_eq!(
            (form.name.value(), form.class, form.since.value()),
            ("Atorvastatin", Some(MedClass::Statin), "2026-10-01")
        );
        for _ in 0..4 {
            m.update(MedsMsg::FormNext, &ctx);
        }
        for c in "20 mg".chars() {
            let msg = m
                .message_for(&KeyEvent::new(KeyCode::Char(c), ratatui::crossterm::event::KeyModifiers::NONE))
                .unwrap();
            m.update(msg, &ctx);
        }
        let Some(Effect::EditMedicine { name, edit }) = m.update(MedsMsg::FormSave, &ctx) else {
            panic!("an edit")
        };
        assert_eq!(name.as_str(), "Atorvastatin");
        assert_eq!(
            edit,
            MedEdit { dose: Some(Dose::new("20 mg").ok()), ..MedEdit::default() },
            "only the dose"
        );
        m.form = None;
        let Some(Effect::Ask { yes, .. }) = m.update(MedsMsg::Remove, &ctx) else { panic!("asks first") };
        assert_eq!(*yes, Effect::RemoveMedicine(MedName::new("Atorvastatin").unwrap()));
    }
}
