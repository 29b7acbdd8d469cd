//! The Log form's fields: their order, labels and hints, which input each one is, and what a
//! key does to it (decided without changing the form, then applied).

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::choice::{self, FieldEdit, Options, Pick, YesNo, letters_hint};
use super::input::TextInput;
use super::log_form::{LogForm, MedOption};
use crate::model::{Activity, Footwear, Location, Posture, Relief, Side};

/// A place the cursor can be in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Fluid,
    Activity,
    Standing,
    Sitting,
    Footwear,
    MgK,
    Posture,
    Stretched,
    Meds,
    Tags,
    Disturbance,
    Note,
    Cramp(usize, CrampField),
    AddCramp,
}

/// A column of a cramp's row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrampField {
    Time,
    Duration,
    Intensity,
    Location,
    Side,
    Relief,
    Note,
}

/// The night's own fields, in focus order.
pub const NIGHT_FIELDS: [Field; 12] = [
    Field::Fluid,
    Field::Activity,
    Field::Standing,
    Field::Sitting,
    Field::Footwear,
    Field::MgK,
    Field::Posture,
    Field::Stretched,
    Field::Meds,
    Field::Tags,
    Field::Disturbance,
    Field::Note,
];

pub const CRAMP_FIELDS: [CrampField; 7] = [
    CrampField::Time,
    CrampField::Duration,
    CrampField::Intensity,
    CrampField::Location,
    CrampField::Side,
    CrampField::Relief,
    CrampField::Note,
];

impl Field {
    /// The label drawn before the field.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Fluid => "Fluid",
            Self::Activity => "Activity",
            Self::Standing => "Standing",
            Self::Sitting => "Sitting",
            Self::Footwear => "Footwear",
            Self::MgK => "Mg/K-rich food",
            Self::Posture => "Posture in bed",
            Self::Stretched => "Stretched",
            Self::Meds => "Medicines",
            Self::Tags => "Tags",
            Self::Disturbance => "Sleep disturbance",
            Self::Note => "Note",
            Self::Cramp(..) => "Cramp",
            Self::AddCramp => "Cramps",
        }
    }

    /// How to fill the field, for the hint line.
    #[must_use]
    pub fn hint(self) -> String {
        match self {
            Self::Fluid => "Fluid drunk that day: 1500 (ml), 1.5l or 50oz".to_owned(),
            Self::Activity => format!("←/→ or {}", letters_hint::<Activity>()),
            Self::Standing | Self::Sitting => "Hours: 6, 5h30m or 5.5 (quarter hours)".to_owned(),
            Self::Footwear => format!("←/→ or {}", letters_hint::<Footwear>()),
            Self::MgK => "Servings of leafy greens, nuts, bananas and the like (0–20)".to_owned(),
            Self::Posture => format!("Space toggles, or {}", letters_hint::<Posture>()),
            Self::Stretched => format!("Stretched calves and feet before bed? {}", letters_hint::<YesNo>()),
            Self::Meds => "←/→ and Space: medicines taken that day (daily ones tick themselves)".to_owned(),
            Self::Tags => "Your own factors, separated by commas: coffee, long-drive".to_owned(),
            Self::Disturbance => "How much cramps disturbed your sleep, 0–10".to_owned(),
            Self::Note => "Anything else worth remembering".to_owned(),
            Self::Cramp(_, f) => match f {
                CrampField::Time => {
                    "When it started: 03:10 (or 0310); before noon counts as this night".to_owned()
                }
                CrampField::Duration => "How long: 90s, 4m, 4m30s; leave empty if unsure".to_owned(),
                CrampField::Intensity => "How strong, 0–10".to_owned(),
                CrampField::Location => format!("←/→ or {}", letters_hint::<Location>()),
                CrampField::Side => format!("←/→ or {}", letters_hint::<Side>()),
                CrampField::Relief => {
                    format!("Eased by (Space toggles): {}", letters_hint::<Relief>())
                }
                CrampField::Note => "A note on this cramp".to_owned(),
            },
            Self::AddCramp => "Enter adds a cramp (Ctrl-N from anywhere); Ctrl-D removes one".to_owned(),
        }
    }
}

/// What a night field holds, for drawing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown<'a> {
    Text(&'a TextInput),
    /// One word of several (or none): the words and the index of the chosen one.
    One(Vec<&'static str>, Option<usize>),
    /// Any number of items, each with whether it is ticked.
    Set(Vec<(String, bool)>),
}

fn one<T: Options>(value: Option<T>) -> Shown<'static> {
    Shown::One(choice::words::<T>(), choice::index_of(value))
}

impl LogForm {
    /// The night field `field` as it is to be drawn.
    #[must_use]
    pub fn shown(&self, field: Field) -> Shown<'_> {
        let v = &self.v;
        if let Some(input) = self.text_input(field) {
            return Shown::Text(input);
        }
        match field {
            Field::Activity => one(v.activity),
            Field::Footwear => one(v.footwear),
            Field::Stretched => one(v.stretched),
            Field::Posture => Shown::Set(
                Posture::OPTIONS.iter().map(|(p, _)| (p.word().to_owned(), v.postures.contains(p))).collect(),
            ),
            Field::Meds => Shown::Set(
                v.meds
                    .iter()
                    .map(|m| (format!("{}{}", m.name, if m.scheduled { " (daily)" } else { "" }), m.taken))
                    .collect(),
            ),
            _ => Shown::Set(Vec::new()),
        }
    }

    /// The text input behind a field, if it is a text field.
    #[must_use]
    pub fn text_input(&self, field: Field) -> Option<&TextInput> {
        let v = &self.v;
        Some(match field {
            Field::Fluid => &v.fluid,
            Field::Standing => &v.standing,
            Field::Sitting => &v.sitting,
            Field::MgK => &v.mg_k,
            Field::Tags => &v.tags,
            Field::Disturbance => &v.disturbance,
            Field::Note => &v.note,
            Field::Cramp(i, f) => {
                let row = v.cramps.get(i)?;
                match f {
                    CrampField::Time => &row.time,
                    CrampField::Duration => &row.duration,
                    CrampField::Intensity => &row.intensity,
                    CrampField::Note => &row.note,
                    CrampField::Location | CrampField::Side | CrampField::Relief => return None,
                }
            }
            _ => return None,
        })
    }

    fn text_input_mut(&mut self, field: Field) -> Option<&mut TextInput> {
        let v = &mut self.v;
        Some(match field {
            Field::Fluid => &mut v.fluid,
            Field::Standing => &mut v.standing,
            Field::Sitting => &mut v.sitting,
            Field::MgK => &mut v.mg_k,
            Field::Tags => &mut v.tags,
            Field::Disturbance => &mut v.disturbance,
            Field::Note => &mut v.note,
            Field::Cramp(i, f) => {
                let row = v.cramps.get_mut(i)?;
                match f {
                    CrampField::Time => &mut row.time,
                    CrampField::Duration => &mut row.duration,
                    CrampField::Intensity => &mut row.intensity,
                    CrampField::Note => &mut row.note,
                    CrampField::Location | CrampField::Side | CrampField::Relief => return None,
                }
            }
            _ => return None,
        })
    }

    /// What a key does to the focused field, if it is for the field; nothing changes.
    #[must_use]
    pub fn edit_for(&self, ev: &KeyEvent) -> Option<FieldEdit> {
        if self.text_input(self.focus).is_some() {
            return TextInput::edit_for(ev).map(FieldEdit::Text);
        }
        let (v, cursor) = (&self.v, self.set_cursor);
        let pick = match self.focus {
            Field::Activity => choice::pick_one(v.activity, ev),
            Field::Footwear => choice::pick_one(v.footwear, ev),
            Field::Stretched => choice::pick_one(v.stretched, ev),
            Field::Posture => choice::pick_set::<Posture>(cursor, ev),
            Field::Meds => med_pick(&v.meds, cursor, ev),
            Field::Cramp(i, f) => match (v.cramps.get(i), f) {
                (Some(row), CrampField::Location) => choice::pick_one(row.location, ev),
                (Some(row), CrampField::Side) => choice::pick_one(row.side, ev),
                (Some(_), CrampField::Relief) => choice::pick_set::<Relief>(cursor, ev),
                _ => None,
            },
            _ => None,
        };
        pick.map(FieldEdit::Pick)
    }

    /// Applies an edit to the focused field.
    pub fn apply(&mut self, edit: FieldEdit) {
        let focus = self.focus;
        let pick = match edit {
            FieldEdit::Text(e) => {
                if let Some(input) = self.text_input_mut(focus) {
                    input.apply(e);
                }
                return;
            }
            FieldEdit::Pick(p) => p,
        };
        let (v, cursor) = (&mut self.v, &mut self.set_cursor);
        match focus {
            Field::Activity => choice::set_one(&mut v.activity, pick),
            Field::Footwear => choice::set_one(&mut v.footwear, pick),
            Field::Stretched => choice::set_one(&mut v.stretched, pick),
            Field::Posture => choice::set_many(&mut v.postures, cursor, pick),
            Field::Meds => apply_med(&mut v.meds, cursor, pick),
            Field::Cramp(i, f) => match (v.cramps.get_mut(i), f) {
                (Some(row), CrampField::Location) => choice::set_one(&mut row.location, pick),
                (Some(row), CrampField::Side) => choice::set_one(&mut row.side, pick),
                (Some(row), CrampField::Relief) => choice::set_many(&mut row.relief, cursor, pick),
                _ => {}
            },
            _ => {}
        }
    }
}

/// Medicines are ticked with Space only (their names have no letters of their own).
fn med_pick(meds: &[MedOption], cursor: usize, ev: &KeyEvent) -> Option<Pick> {
    match ev.code {
        KeyCode::Right | KeyCode::Left | KeyCode::Char(' ') => {
            choice::pick_in_set(meds.len(), cursor, |_| None, ev)
        }
        _ => None,
    }
}

/// A medicine taken by schedule stays ticked.
fn apply_med(meds: &mut [MedOption], cursor: &mut usize, pick: Pick) {
    match pick {
        Pick::Move(i) => *cursor = i,
        Pick::Flip(i) => {
            if let Some(m) = meds.get_mut(i).filter(|m| !m.scheduled) {
                m.taken = !m.taken;
            }
        }
        Pick::One(_) | Pick::Clear => {}
    }
}
