//! The Log screen's state: a form for one night and its cramps. Routine fields start from the
//! previous logged night; what was typed is kept until it is saved or deliberately discarded.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::choice::{self, YesNo};
use super::input::TextInput;
use super::keys::{Binding, alias, ctrl, key, lookup};
use crate::model::{
    Activity, DurationS, Episode, Footwear, Location, MedName, Medication, Night, Note, Posture, Postures,
    Relief, Settings, Side, Tag, Zone,
};
use crate::parse;

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

const NIGHT_FIELDS: [Field; 12] = [
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
    /// A key for the focused field itself (typing, choosing).
    FieldKey(KeyEvent),
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
        }
    }

    /// The starts of the cramps the form opened with: a save removes only these, never a cramp
    /// saved meanwhile elsewhere.
    #[must_use]
    pub fn known_starts(&self) -> Vec<DateTime<FixedOffset>> {
        self.initial.cramps.iter().filter_map(|c| c.stored_start).collect()
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

    /// Whether the focused field takes typed text (so letters and digits are not shortcuts).
    #[must_use]
    pub fn is_editing_text(&self) -> bool {
        self.text_input(self.focus).is_some()
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

    /// Applies a key to the focused field; returns whether the field used it.
    fn apply_field_key(&mut self, ev: &KeyEvent) -> bool {
        let focus = self.focus;
        if let Some(input) = self.text_input_mut(focus) {
            return input.handle(ev);
        }
        let cursor = &mut self.set_cursor;
        let v = &mut self.v;
        match focus {
            Field::Activity => choice::choose(&mut v.activity, ev),
            Field::Footwear => choice::choose(&mut v.footwear, ev),
            Field::Stretched => choice::choose(&mut v.stretched, ev),
            Field::Posture => choice::toggle(&mut v.postures, cursor, ev),
            Field::Meds => toggle_med(&mut v.meds, cursor, ev),
            Field::Cramp(i, f) => match (v.cramps.get_mut(i), f) {
                (Some(row), CrampField::Location) => choice::choose(&mut row.location, ev),
                (Some(row), CrampField::Side) => choice::choose(&mut row.side, ev),
                (Some(row), CrampField::Relief) => choice::toggle(&mut row.relief, cursor, ev),
                _ => false,
            },
            _ => false,
        }
    }

    /// The message for a key, or `None` when the form has no use for it (then it may be a
    /// global key such as `q` or a screen number).
    #[must_use]
    pub fn message_for(&self, ev: &KeyEvent) -> Option<LogMsg> {
        if self.focus == Field::AddCramp && matches!(ev.code, KeyCode::Enter | KeyCode::Char(' ')) {
            return Some(LogMsg::AddCramp);
        }
        // The field gets first say on arrows and letters, so a choice reacts to ←/→.
        let mut trial = self.clone();
        if !matches!(ev.code, KeyCode::Tab | KeyCode::BackTab | KeyCode::Enter | KeyCode::Up | KeyCode::Down)
            && trial.apply_field_key(ev)
        {
            return Some(LogMsg::FieldKey(*ev));
        }
        lookup(KEYS, ev)
    }

    /// Applies a form message that does not need the journal; the app handles the others.
    pub fn update(&mut self, msg: LogMsg) {
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
            LogMsg::FieldKey(ev) => {
                self.apply_field_key(&ev);
                self.save_problems.retain(|(f, _)| *f != self.focus);
            }
            LogMsg::Save | LogMsg::PrevNight | LogMsg::NextNight => {}
        }
    }

    fn move_focus(&mut self, step: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let next = (at as isize + step).rem_euclid(fields.len() as isize) as usize;
        self.focus = fields[next];
        self.set_cursor = 0;
    }

    /// What is wrong with what was typed, field by field, in focus order.
    #[must_use]
    pub fn problems(&self) -> Vec<(Field, String)> {
        match self.parse() {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        }
        .into_iter()
        .chain(self.save_problems.iter().cloned())
        .collect()
    }

    /// The problem with one field, if any.
    #[must_use]
    pub fn problem(&self, field: Field) -> Option<String> {
        self.problems().into_iter().find(|(f, _)| *f == field).map(|(_, p)| p)
    }

    /// Reads every field into a night whose episodes still lack their start (placed by
    /// [`LogForm::build`]); lists every problem rather than stopping at the first.
    fn parse(&self) -> Result<(Night, Vec<parse_row::Row>), Problems> {
        let mut problems = Vec::new();
        let mut night = Night::empty(self.date);
        let v = &self.v;
        let units = self.units;
        night.fluid = optional(Field::Fluid, &v.fluid, |t| parse::fluid_in(t, units), &mut problems);
        night.standing = optional(Field::Standing, &v.standing, parse::hours, &mut problems);
        night.sitting = optional(Field::Sitting, &v.sitting, parse::hours, &mut problems);
        night.mg_k_servings = optional(Field::MgK, &v.mg_k, parse::servings, &mut problems);
        night.sleep_disturbance = optional(Field::Disturbance, &v.disturbance, parse::score, &mut problems);
        if !v.note.value().trim().is_empty() {
            match Note::new(v.note.value()) {
                Ok(n) => night.note = Some(n),
                Err(e) => problems.push((Field::Note, e.to_string())),
            }
        }
        for word in v.tags.value().split([',', ' ']).filter(|w| !w.trim().is_empty()) {
            match Tag::new(word) {
                Ok(tag) => {
                    night.tags.insert(tag);
                }
                Err(e) => {
                    problems.push((Field::Tags, e.to_string()));
                    break;
                }
            }
        }
        night.activity = v.activity;
        night.footwear = v.footwear;
        night.stretched = v.stretched.map(|s| s == YesNo::Yes);
        match Postures::new(v.postures.iter().copied()) {
            Ok(p) => night.postures = p,
            Err(e) => problems.push((Field::Posture, e.to_string())),
        }
        night.medications =
            v.meds.iter().filter(|m| m.taken && !m.scheduled).map(|m| m.name.clone()).collect();
        if let Err(e) = night.check() {
            problems.push((Field::Sitting, e.to_string()));
        }

        let mut rows = Vec::new();
        for (i, row) in v.cramps.iter().enumerate() {
            match parse_row::read(row) {
                Ok(r) => rows.push(r),
                Err(list) => problems.extend(list.into_iter().map(|(f, p)| (Field::Cramp(i, f), p))),
            }
        }
        if problems.is_empty() { Ok((night, rows)) } else { Err(problems) }
    }

    /// The night to save: every field read and each cramp placed in time. `now` refuses cramps
    /// still to come; `zone` and the day boundary place clock times on the right day.
    pub fn build(
        &self,
        settings: &Settings,
        zone: Zone,
        now: DateTime<FixedOffset>,
    ) -> Result<Night, Vec<(Field, String)>> {
        let (mut night, rows) = self.parse()?;
        let mut problems = Vec::new();
        for (i, (row, parsed)) in self.v.cramps.iter().zip(rows).enumerate() {
            let start = match row.stored_start {
                Some(s) if s.time().format("%H:%M").to_string() == parse::format_time(parsed.time) => Ok(s),
                _ => zone.place(settings.day_boundary, self.date, parsed.time).map_err(|e| e.to_string()),
            };
            match start {
                Ok(s) if s > now => problems.push((
                    Field::Cramp(i, CrampField::Time),
                    format!("{} on {} has not happened yet", parse::format_time(parsed.time), s.date_naive()),
                )),
                Ok(s) => night.episodes.push(Episode {
                    start: s,
                    duration: parsed.duration,
                    intensity: parsed.intensity,
                    location: row.location,
                    side: row.side,
                    relief: row.relief.clone(),
                    note: parsed.note,
                }),
                Err(e) => problems.push((Field::Cramp(i, CrampField::Time), e)),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        night.sort_episodes();
        Ok(night)
    }

    /// How to use the focused field, for the hint line.
    #[must_use]
    pub fn hint(&self) -> String {
        use choice::letters_hint;
        match self.focus {
            Field::Fluid => "Fluid drunk that day: 1500 (ml), 1.5l or 50oz".to_owned(),
            Field::Activity => format!("←/→ or {}", letters_hint::<Activity>()),
            Field::Standing | Field::Sitting => "Hours: 6, 5h30m or 5.5 (quarter hours)".to_owned(),
            Field::Footwear => format!("←/→ or {}", letters_hint::<Footwear>()),
            Field::MgK => "Servings of leafy greens, nuts, bananas and the like (0–20)".to_owned(),
            Field::Posture => format!("Space toggles, or {}", letters_hint::<Posture>()),
            Field::Stretched => format!("Stretched calves and feet before bed? {}", letters_hint::<YesNo>()),
            Field::Meds => "←/→ and Space: medicines taken that day (daily ones tick themselves)".to_owned(),
            Field::Tags => "Your own factors, separated by commas: coffee, long-drive".to_owned(),
            Field::Disturbance => "How much cramps disturbed your sleep, 0–10".to_owned(),
            Field::Note => "Anything else worth remembering".to_owned(),
            Field::Cramp(_, f) => match f {
                CrampField::Time => {
                    "When it started: 03:10 (or 0310); before noon counts as this night".to_owned()
                }
                CrampField::Duration => "How long: 90s, 4m, 4m30s; leave empty if unsure".to_owned(),
                CrampField::Intensity => "How strong, 0–10".to_owned(),
                CrampField::Location => format!("←/→ or {}", letters_hint::<Location>()),
                CrampField::Side => format!("←/→ or {}", letters_hint::<Side>()),
                CrampField::Relief => {
                    format!("What eased it; Space toggles, or {}", letters_hint::<Relief>())
                }
                CrampField::Note => "A note on this cramp".to_owned(),
            },
            Field::AddCramp => "Enter adds a cramp (Ctrl-N from anywhere); Ctrl-D removes one".to_owned(),
        }
    }
}

/// Reads an optional text field: empty is unknown, anything else must parse.
fn optional<T, E: ToString>(
    field: Field,
    text: &TextInput,
    read: impl Fn(&str) -> Result<T, E>,
    problems: &mut Vec<(Field, String)>,
) -> Option<T> {
    let t = text.value().trim();
    if t.is_empty() {
        return None;
    }
    read(t).map_err(|e| problems.push((field, e.to_string()))).ok()
}

fn toggle_med(meds: &mut [MedOption], cursor: &mut usize, ev: &KeyEvent) -> bool {
    if meds.is_empty() {
        return false;
    }
    match ev.code {
        KeyCode::Right => *cursor = (*cursor + 1) % meds.len(),
        KeyCode::Left => *cursor = (*cursor + meds.len() - 1) % meds.len(),
        KeyCode::Char(' ') => {
            if let Some(m) = meds.get_mut(*cursor)
                && !m.scheduled
            {
                m.taken = !m.taken;
            }
        }
        _ => return false,
    }
    true
}

/// What is wrong with a form, field by field.
pub type Problems = Vec<(Field, String)>;

/// Reading one cramp row's typed values.
mod parse_row {
    use super::{CrampField, CrampRow, DurationS, Note, parse};
    use crate::model::Score;

    pub struct Row {
        pub time: chrono::NaiveTime,
        pub duration: Option<DurationS>,
        pub intensity: Option<Score>,
        pub note: Option<Note>,
    }

    pub fn read(row: &CrampRow) -> Result<Row, Vec<(CrampField, String)>> {
        let mut problems = Vec::new();
        let time = match row.time.value().trim() {
            "" => {
                problems.push((CrampField::Time, "when did it start? e.g. 03:10".to_owned()));
                None
            }
            t => parse::time(t).map_err(|e| problems.push((CrampField::Time, e.to_string()))).ok(),
        };
        let duration = match row.duration.value().trim() {
            "" | "?" => None,
            t => parse::duration(t).map_err(|e| problems.push((CrampField::Duration, e.to_string()))).ok(),
        };
        let intensity = match row.intensity.value().trim() {
            "" => None,
            t => parse::score(t).map_err(|e| problems.push((CrampField::Intensity, e.to_string()))).ok(),
        };
        let note = match row.note.value() {
            t if t.trim().is_empty() => None,
            t => Note::new(t).map_err(|e| problems.push((CrampField::Note, e.to_string()))).ok(),
        };
        match time {
            Some(time) if problems.is_empty() => Ok(Row { time, duration, intensity, note }),
            _ => Err(problems),
        }
    }
}
