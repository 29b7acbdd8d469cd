//! Reading the Log form: every field through the same parsers as the command line, every
//! problem listed rather than the first, and the cramps placed in time.

use chrono::{DateTime, FixedOffset};

use super::choice::YesNo;
use super::input::TextInput;
use super::log_fields::{CrampField, Field};
use super::log_form::{CrampRow, LogForm};
use crate::model::{DurationS, Episode, Night, Note, Postures, Settings, Tag, Zone};
use crate::parse;

impl LogForm {
    /// What is wrong with what was typed, field by field, in focus order.
    #[must_use]
    pub fn problems(&self) -> Vec<(Field, String)> {
        let mut problems = match self.parse() {
            Ok(_) => Vec::new(),
            Err(problems) => problems,
        };
        // A save lists typing problems too; each is counted once, as on the status line.
        for p in &self.save_problems {
            if !problems.contains(p) {
                problems.push(p.clone());
            }
        }
        problems
    }

    /// The problem with one field, if any.
    #[must_use]
    pub fn problem(&self, field: Field) -> Option<String> {
        self.problems().into_iter().find(|(f, _)| *f == field).map(|(_, p)| p)
    }

    /// Reads every field into a night whose episodes still lack their start (placed by
    /// [`LogForm::build`]); lists every problem rather than stopping at the first.
    fn parse(&self) -> Result<(Night, Vec<parse_row::Row>), Problems> {
        self.parse_values(&self.v)
    }

    /// The night as the form opened, without its cramps: a save keeps whatever was changed
    /// elsewhere in the fields the person did not touch.
    #[must_use]
    pub fn opened_as(&self) -> Option<Night> {
        self.parse_values(self.initial()).ok().map(|(n, _)| n)
    }

    fn parse_values(&self, v: &super::log_form::Values) -> Result<(Night, Vec<parse_row::Row>), Problems> {
        let mut problems = Vec::new();
        let mut night = Night::empty(self.date);
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
        // Commas separate tags; a space inside one is refused as `--tag` refuses it, never
        // split silently into two tags.
        for word in v.tags.value().split(',').filter(|w| !w.trim().is_empty()) {
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
