//! The Medicines & profile screen's state: the medicine list, the profile's conditions, the
//! settings, and a small form to add a medicine.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::choice::{self, Options};
use super::input::TextInput;
use super::keys::{Binding, alias, ctrl, key, lookup};
use crate::model::{Condition, MedClass, MedName, Medication, Profile, Settings};
use crate::parse;

options!(MedClass: MedClass::Diuretic => 'd', MedClass::Statin => 's', MedClass::Asthma => 'a',
    MedClass::Antidepressant => 'n', MedClass::Other => 'o');

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
    FormKey(KeyEvent),
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
    /// 0 name, 1 class, 2 how taken, 3 since.
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
}

impl AddMed {
    fn new() -> Self {
        Self {
            name: TextInput::default(),
            class: None,
            taken: Some(Taken::Daily),
            since: TextInput::new("today"),
            focus: 0,
            error: None,
        }
    }

    /// Reads the form, naming the first field that is wrong.
    pub fn read(&self) -> Result<NewMed, String> {
        let name = MedName::new(self.name.value()).map_err(|e| format!("Name: {e}"))?;
        let class = self.class.ok_or("Class: choose one with ←/→ or its letter")?;
        let taken = self.taken.unwrap_or(Taken::Daily);
        let since = match (taken, self.since.value().trim()) {
            (Taken::AsNeeded, _) | (Taken::Daily, "") => None,
            (Taken::Daily, s) => Some(parse::date(s).map_err(|e| format!("Since: {e}"))?),
        };
        Ok(NewMed { name, class, taken, since })
    }

    pub fn hint(&self) -> String {
        match self.focus {
            0 => "The medicine's name, as you want to see it".to_owned(),
            1 => format!("←/→ or {}", choice::letters_hint::<MedClass>()),
            2 => format!("←/→ or {}", choice::letters_hint::<Taken>()),
            _ => "First day taken: YYYY-MM-DD, today or yesterday".to_owned(),
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

    #[must_use]
    pub fn is_editing_text(&self) -> bool {
        self.form.as_ref().is_some_and(|f| f.focus == 0 || f.focus == 3)
    }

    #[must_use]
    pub fn message_for(&self, ev: &KeyEvent) -> Option<MedsMsg> {
        match &self.form {
            Some(form) => lookup(FORM_KEYS, ev).or_else(|| {
                let mut trial = form.clone();
                form_key(&mut trial, ev).then_some(MedsMsg::FormKey(*ev))
            }),
            None => lookup(KEYS, ev),
        }
    }

    /// Moves and form edits; the app does what touches the journal.
    pub fn update(&mut self, msg: MedsMsg) {
        let last = self.rows().len() - 1;
        match msg {
            MedsMsg::Up => self.selected = self.selected.saturating_sub(1),
            MedsMsg::Down => self.selected = (self.selected + 1).min(last),
            MedsMsg::Add => self.form = Some(AddMed::new()),
            MedsMsg::FormCancel => self.form = None,
            MedsMsg::FormNext | MedsMsg::FormPrev => {
                if let Some(f) = &mut self.form {
                    f.focus = if msg == MedsMsg::FormNext { (f.focus + 1) % 4 } else { (f.focus + 3) % 4 };
                }
            }
            MedsMsg::FormKey(ev) => {
                if let Some(f) = &mut self.form {
                    form_key(f, &ev);
                    f.error = None;
                }
            }
            MedsMsg::Activate | MedsMsg::Back | MedsMsg::Stop | MedsMsg::FormSave => {}
        }
    }
}

fn form_key(f: &mut AddMed, ev: &KeyEvent) -> bool {
    match f.focus {
        0 => f.name.handle(ev),
        1 => choice::choose(&mut f.class, ev),
        2 => choice::choose(&mut f.taken, ev),
        _ => f.since.handle(ev),
    }
}
