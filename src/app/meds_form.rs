//! The add-or-edit-a-medicine form of the Medicines screen: its fields, what a key does to
//! each, and what saving it asks the journal to do.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::Effect;
use super::choice::{self, FieldEdit, Options};
use super::input::TextInput;
use crate::model::{MedClass, MedName, Medication};
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
    /// The medicine being edited, as stored; `None` when adding one.
    pub editing: Option<Medication>,
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
    pub(super) fn new() -> Self {
        Self {
            name: TextInput::default(),
            class: None,
            taken: Some(Taken::Daily),
            since: TextInput::new("today"),
            dose: TextInput::default(),
            focus: 0,
            editing: None,
            error: None,
        }
    }

    /// The form filled in with a stored medicine, to change it.
    pub(super) fn editing(m: &Medication) -> Self {
        let since = match &m.schedule {
            crate::model::Schedule::Daily(periods) => {
                periods.last().map(|p| p.since.to_string()).unwrap_or_default()
            }
            crate::model::Schedule::AsNeeded => String::new(),
        };
        Self {
            name: TextInput::new(m.name.as_str()),
            class: Some(m.class),
            taken: Some(if m.schedule == crate::model::Schedule::AsNeeded {
                Taken::AsNeeded
            } else {
                Taken::Daily
            }),
            since: TextInput::new(since),
            dose: TextInput::new(m.dose.as_ref().map_or("", crate::model::Dose::as_str)),
            focus: 0,
            editing: Some(m.clone()),
            error: None,
        }
    }

    /// What the edit changes: only the fields that differ from the stored medicine.
    fn edit_of(
        old: &Medication,
        new: NewMed,
        today: chrono::NaiveDate,
    ) -> Result<crate::store::MedEdit, String> {
        let since = match (&old.schedule, new.since) {
            (crate::model::Schedule::Daily(periods), Some(d)) => {
                let d = d.resolve(today);
                if d > today {
                    return Err(format!("Since: {d} is still to come"));
                }
                (periods.last().map(|p| p.since) != Some(d)).then_some(d)
            }
            _ => None,
        };
        Ok(crate::store::MedEdit {
            name: (new.name.as_str() != old.name.as_str()).then_some(new.name),
            class: (new.class != old.class).then_some(new.class),
            dose: (new.dose != old.dose).then_some(new.dose),
            since,
            until: None,
        })
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

impl AddMed {
    /// What a key does to the focused field, decided without changing it.
    pub(super) fn edit_for(&self, ev: &KeyEvent) -> Option<FieldEdit> {
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

    pub(super) fn apply(&mut self, edit: FieldEdit) {
        match (self.focus, edit) {
            (0, FieldEdit::Text(e)) => self.name.apply(e),
            (3, FieldEdit::Text(e)) => self.since.apply(e),
            (4, FieldEdit::Text(e)) => self.dose.apply(e),
            (1, FieldEdit::Pick(choice::Pick::One(i))) => {
                self.class = i.and_then(|i| MedClass::OFFERED.get(i)).copied();
            }
            // Daily or as needed is changed by stopping and adding, so an edit keeps it.
            (2, FieldEdit::Pick(p)) if self.editing.is_none() => choice::set_one(&mut self.taken, p),
            _ => {}
        }
        self.error = None;
    }

    /// The medicine to add, dated by `today`, or why not (said in the form).
    pub(super) fn submit(&mut self, today: chrono::NaiveDate) -> Option<Effect> {
        let new = match self.read() {
            Ok(n) => n,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        if let Some(old) = self.editing.clone() {
            return match Self::edit_of(&old, new, today) {
                Ok(edit) if edit == crate::store::MedEdit::default() => {
                    Some(Effect::Say(format!("{} is unchanged.", old.name)))
                }
                Ok(edit) => Some(Effect::EditMedicine { name: old.name, edit }),
                Err(e) => {
                    self.error = Some(e);
                    None
                }
            };
        }
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
