//! The JSON shape of a night, shared by `list --json`, `show --json` and the JSON export, and
//! the whole export document that import reads back. Field names are a public contract.

use std::io::Write;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat};
use serde::{Deserialize, Serialize};
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::model::PersonName;
use crate::model::{
    Activity, Condition, DayBoundary, Dose, DurationS, Episode, FluidMl, Footwear, Location, MedClass,
    MedName, Medication, Night, NightProblem, Note, Period, Posture, Postures, Profile, Quarters, Relief,
    Schedule, Score, Servings, Settings, Side, Tag, Units, WeekStart, medications_on, storable_date,
    storable_time,
};

/// The version of the export document's layout. Bumped when a field changes meaning or goes
/// away; import refuses documents newer than it knows.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole JSON export: everything needed to rebuild the journal's nights in a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    pub schema_version: u32,
    /// When the export was made, RFC 3339 with offset.
    pub generated_at: String,
    /// The nights asked for, both ends included.
    pub range: RangeRecord,
    /// Whether free-text notes were left out (`--redact-notes`).
    pub notes_redacted: bool,
    pub profile: ProfileRecord,
    pub settings: SettingsRecord,
    /// Every medicine on the list, by name, not only those taken in the range.
    pub medications: Vec<MedicationRecord>,
    /// The logged nights in the range, oldest first.
    pub nights: Vec<NightRecord>,
    /// Values measured by trackers in the range; absent when there are none, and in exports
    /// made before cramp imported them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measured: Vec<super::measured::MeasuredRecord>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RangeRecord {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileRecord {
    pub name: Option<String>,
    pub conditions: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsRecord {
    pub units: Units,
    pub week_start: WeekStart,
    /// The hour (0–23) before which a time belongs to the previous evening's night.
    pub day_boundary: u8,
    /// "HH:MM" from which the default night is tonight; absent in older exports (18:00).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evening: Option<String>,
}

/// A medicine with everything needed to rebuild it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicationRecord {
    pub name: MedName,
    pub class: MedClass,
    pub as_needed: bool,
    /// Dates a daily medicine was taken, oldest first; empty for an as-needed one.
    pub periods: Vec<PeriodRecord>,
    /// As the person wrote it; absent in exports made before doses were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dose: Option<Dose>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRecord {
    pub since: NaiveDate,
    /// The last day taken; `null` while still taken.
    pub until: Option<NaiveDate>,
}

/// The journal data a JSON export holds.
#[derive(Debug, Clone, Copy)]
pub struct DocumentInput<'a> {
    pub nights: &'a [Night],
    pub medications: &'a [Medication],
    pub profile: &'a Profile,
    pub settings: Settings,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub generated_at: DateTime<FixedOffset>,
    pub notes_redacted: bool,
    pub measured: &'a [crate::store::StoredMeasured],
}

impl ExportDocument {
    #[must_use]
    pub fn new(input: &DocumentInput<'_>) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            generated_at: input.generated_at.to_rfc3339_opts(SecondsFormat::Secs, false),
            range: RangeRecord { from: input.from, to: input.to },
            notes_redacted: input.notes_redacted,
            profile: ProfileRecord {
                name: input.profile.name.as_ref().map(ToString::to_string),
                conditions: input.profile.conditions.iter().copied().collect(),
            },
            settings: SettingsRecord {
                units: input.settings.units,
                week_start: input.settings.week_start,
                day_boundary: input.settings.day_boundary.hour(),
                evening: Some(input.settings.evening.to_string()),
            },
            medications: input.medications.iter().map(MedicationRecord::new).collect(),
            nights: input.nights.iter().map(|n| NightRecord::new(n, input.medications)).collect(),
            measured: input.measured.iter().map(super::measured::MeasuredRecord::new).collect(),
        }
    }
}

/// Writes the document as pretty-printed JSON with a final newline.
pub fn write(input: &DocumentInput<'_>, out: &mut dyn Write) -> std::io::Result<()> {
    write_pretty(&mut *out, &ExportDocument::new(input))?;
    writeln!(out)
}

/// Writes `value` as pretty-printed JSON in which delete, the C1 controls, the line and paragraph
/// separators and the bidirectional formatting characters are `\u` escapes, as `serde_json`
/// already writes the C0 controls. Notes keep every character when read back, but cannot
/// recolour a terminal the JSON is printed on, or reorder the lines of an editor showing it.
pub fn write_pretty<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, Escaping(PrettyFormatter::new()));
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// `serde_json`'s pretty layout, with the extra escapes of [`write_pretty`].
struct Escaping<'a>(PrettyFormatter<'a>);

fn needs_escape(c: char) -> bool {
    matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

impl Formatter for Escaping<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, w: &mut W, fragment: &str) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some((i, c)) = rest.char_indices().find(|(_, c)| needs_escape(*c)) {
            w.write_all(&rest.as_bytes()[..i])?;
            write!(w, "\\u{:04x}", u32::from(c))?;
            rest = &rest[i + c.len_utf8()..];
        }
        w.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

impl MedicationRecord {
    #[must_use]
    pub fn new(m: &Medication) -> Self {
        let (as_needed, periods) = match &m.schedule {
            Schedule::AsNeeded => (true, Vec::new()),
            Schedule::Daily(ps) => {
                (false, ps.iter().map(|p| PeriodRecord { since: p.since, until: p.until }).collect())
            }
        };
        Self { name: m.name.clone(), class: m.class, as_needed, periods, dose: m.dose.clone() }
    }

    /// Back to a medicine, checking what serde cannot: periods run forwards, in order, without
    /// overlapping, only the last may be open, and an as-needed medicine has none.
    pub fn into_medication(self) -> Result<Medication, String> {
        if self.as_needed {
            if !self.periods.is_empty() {
                return Err("periods: an as-needed medicine has no periods".to_owned());
            }
            return Ok(Medication {
                name: self.name,
                class: self.class,
                schedule: Schedule::AsNeeded,
                dose: self.dose,
            });
        }
        let mut periods: Vec<Period> = Vec::with_capacity(self.periods.len());
        for (i, p) in self.periods.iter().enumerate() {
            for date in [Some(p.since), p.until].into_iter().flatten() {
                storable_date(date).map_err(|e| format!("periods[{i}]: {e}"))?;
            }
            let period = Period::new(p.since, p.until).map_err(|e| format!("periods[{i}]: {e}"))?;
            if let Some(prev) = periods.last() {
                match prev.until {
                    None => return Err(format!("periods[{i}]: follows a period that has not ended")),
                    Some(u) if p.since <= u => {
                        return Err(format!(
                            "periods[{i}]: starts on {} before the previous one ended",
                            p.since
                        ));
                    }
                    Some(_) => {}
                }
            }
            periods.push(period);
        }
        Ok(Medication {
            name: self.name,
            class: self.class,
            schedule: Schedule::Daily(periods),
            dose: self.dose,
        })
    }
}

impl ProfileRecord {
    /// Back to a profile; the name follows the same rule as `cramp profile --name`.
    pub fn into_profile(self) -> Result<Profile, String> {
        let name = match &self.name {
            Some(n) if n.trim() != n => {
                return Err(
                    "name: use 1–100 characters without control characters or outer spaces".to_owned()
                );
            }
            Some(n) => Some(PersonName::new(n).map_err(|e| format!("name: {e}"))?),
            None => None,
        };
        Ok(Profile { name, conditions: self.conditions.into_iter().collect() })
    }
}

impl SettingsRecord {
    pub fn into_settings(self) -> Result<Settings, String> {
        let mut settings = Settings {
            units: self.units,
            week_start: self.week_start,
            day_boundary: DayBoundary::new(i64::from(self.day_boundary))
                .map_err(|e| format!("day_boundary: {e}"))?,
            ..Settings::default()
        };
        if let Some(evening) = &self.evening {
            settings.set("evening", evening).map_err(|e| e.to_string())?;
        }
        Ok(settings)
    }
}

/// One night as JSON. Unknown values are `null`; sets are arrays in a fixed order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NightRecord {
    pub date: NaiveDate,
    pub fluid_ml: Option<FluidMl>,
    pub activity: Option<Activity>,
    pub standing_h: Option<f64>,
    pub sitting_h: Option<f64>,
    pub footwear: Option<Footwear>,
    pub mg_k_servings: Option<Servings>,
    pub postures: Vec<Posture>,
    pub stretched: Option<bool>,
    /// Every medicine taken that night, daily ones included.
    pub medications: Vec<MedName>,
    pub tags: Vec<Tag>,
    pub sleep_disturbance: Option<Score>,
    pub note: Option<Note>,
    pub episodes: Vec<EpisodeRecord>,
}

/// One episode as JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpisodeRecord {
    /// RFC 3339 with the UTC offset in force, e.g. `2026-11-28T03:10:00+01:00`.
    pub start: String,
    pub duration_s: Option<DurationS>,
    pub intensity: Option<Score>,
    pub location: Option<Location>,
    pub side: Option<Side>,
    pub relief: Vec<Relief>,
    pub note: Option<Note>,
}

impl NightRecord {
    /// The record for a night, with the medicines derived from `meds`.
    #[must_use]
    pub fn new(night: &Night, meds: &[Medication]) -> Self {
        Self {
            date: night.date,
            fluid_ml: night.fluid,
            activity: night.activity,
            standing_h: night.standing.map(Quarters::hours),
            sitting_h: night.sitting.map(Quarters::hours),
            footwear: night.footwear,
            mg_k_servings: night.mg_k_servings,
            postures: night.postures.iter().collect(),
            stretched: night.stretched,
            medications: medications_on(night, meds).into_iter().map(|m| m.name.clone()).collect(),
            tags: night.tags.iter().cloned().collect(),
            sleep_disturbance: night.sleep_disturbance,
            note: night.note.clone(),
            episodes: night.episodes.iter().map(EpisodeRecord::new).collect(),
        }
    }

    /// Back to a night. Medicines that `meds` schedules on this date are derived again, so only
    /// the others are kept as logged by hand.
    pub fn into_night(self, meds: &[Medication]) -> Result<Night, String> {
        let hours = |field: &str, h: Option<f64>| {
            h.map(|h| {
                Quarters::from_hours(h).map_err(|_| format!("{field}: {h} is not 0–24 in quarter-hour steps"))
            })
            .transpose()
        };
        let mut night = Night::empty(storable_date(self.date).map_err(|e| format!("date: {e}"))?);
        night.fluid = self.fluid_ml;
        night.activity = self.activity;
        night.standing = hours("standing_h", self.standing_h)?;
        night.sitting = hours("sitting_h", self.sitting_h)?;
        night.footwear = self.footwear;
        night.mg_k_servings = self.mg_k_servings;
        night.postures = Postures::new(self.postures).map_err(|e| format!("postures: {e}"))?;
        night.stretched = self.stretched;
        for name in self.medications {
            let Some(med) = meds.iter().find(|m| m.name == name) else {
                return Err(format!("medications: '{name}' is not on the medicine list"));
            };
            if !med.scheduled_on(self.date) {
                night.medications.insert(med.name.clone());
            }
        }
        night.tags = self.tags.into_iter().collect();
        night.sleep_disturbance = self.sleep_disturbance;
        night.note = self.note;
        for (i, e) in self.episodes.into_iter().enumerate() {
            let e = e.into_episode().map_err(|why| format!("episodes[{i}].{why}"))?;
            night.holds(&e).map_err(|why| format!("episodes[{i}].start: {why}"))?;
            if let Some(j) = night.episodes.iter().position(|o| o.start == e.start) {
                return Err(format!(
                    "episodes[{i}].start: the same start as episodes[{j}]; one cramp is one entry"
                ));
            }
            night.episodes.push(e);
        }
        night.sort_episodes();
        night.check().map_err(|e| match e {
            NightProblem::MoreThanADay { .. } => format!("sitting_h: {e}"),
            // Dates, times and cramps were checked one by one above.
            NightProblem::OutsideYears(_)
            | NightProblem::NotThisNight { .. }
            | NightProblem::SameStart(_) => e.to_string(),
        })?;
        Ok(night)
    }
}

impl EpisodeRecord {
    #[must_use]
    pub fn new(e: &Episode) -> Self {
        Self {
            start: e.start.to_rfc3339_opts(SecondsFormat::Secs, false),
            duration_s: e.duration,
            intensity: e.intensity,
            location: e.location,
            side: e.side,
            relief: e.relief.iter().copied().collect(),
            note: e.note.clone(),
        }
    }

    fn into_episode(self) -> Result<Episode, String> {
        let start = DateTime::parse_from_rfc3339(&self.start)
            .map_err(|e| format!("start: '{}' is not an RFC 3339 time with offset ({e})", self.start))?;
        let start = storable_time(start).map_err(|e| format!("start: {e}"))?;
        let start = crate::model::exact_clock_time(start).map_err(|e| format!("start: {e}"))?;
        Ok(Episode {
            start,
            duration: self.duration_s,
            intensity: self.intensity,
            location: self.location,
            side: self.side,
            relief: self.relief.into_iter().collect(),
            note: self.note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MedClass, Period, Schedule};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn invisible_and_reordering_characters_are_escaped_and_read_back() {
        let text = "a\u{1b}[31m\u{7f}\u{9b}\u{202e}b\u{2069}\u{2028}é\"\\";
        let mut out = Vec::new();
        write_pretty(&mut out, &serde_json::json!({ "note": text })).unwrap();
        let json = String::from_utf8(out).unwrap();
        assert_eq!(json, "{\n  \"note\": \"a\\u001b[31m\\u007f\\u009b\\u202eb\\u2069\\u2028é\\\"\\\\\"\n}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["note"], text);
    }

    #[test]
    fn field_names_are_the_contract() {
        let mut night = Night::empty(d("2026-11-27"));
        night.fluid = Some(FluidMl::new(1500).unwrap());
        night
            .episodes
            .push(Episode::starting(DateTime::parse_from_rfc3339("2026-11-28T03:10:00+01:00").unwrap()));
        let v = serde_json::to_value(NightRecord::new(&night, &[])).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = vec![
            "date",
            "fluid_ml",
            "activity",
            "standing_h",
            "sitting_h",
            "footwear",
            "mg_k_servings",
            "postures",
            "stretched",
            "medications",
            "tags",
            "sleep_disturbance",
            "note",
            "episodes",
        ];
        expected.sort_unstable();
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        assert_eq!(keys_sorted, expected);
        assert_eq!(v["date"], "2026-11-27");
        assert_eq!(v["fluid_ml"], 1500);
        assert_eq!(v["activity"], serde_json::Value::Null);
        let ep = &v["episodes"][0];
        assert_eq!(ep["start"], "2026-11-28T03:10:00+01:00");
        let mut ep_keys: Vec<&str> = ep.as_object().unwrap().keys().map(String::as_str).collect();
        ep_keys.sort_unstable();
        assert_eq!(ep_keys, ["duration_s", "intensity", "location", "note", "relief", "side", "start"]);
    }

    #[test]
    fn daily_medicines_are_listed_then_derived_again() {
        let meds = vec![Medication {
            name: MedName::new("Atorvastatin").unwrap(),
            class: MedClass::Statin,
            schedule: Schedule::Daily(vec![Period::new(d("2026-11-01"), None).unwrap()]),
            dose: None,
        }];
        let night = Night::empty(d("2026-11-27"));
        let record = NightRecord::new(&night, &meds);
        assert_eq!(record.medications.len(), 1);
        let back = record.into_night(&meds).unwrap();
        assert!(back.medications.is_empty(), "derived medicines are not stored as logged ones");
        assert_eq!(back, night);
    }

    #[test]
    fn bad_records_name_the_field() {
        let json = r#"{"date":"2026-11-27","fluid_ml":null,"activity":null,"standing_h":5.1,"sitting_h":null,
            "footwear":null,"mg_k_servings":null,"postures":[],"stretched":null,"medications":[],"tags":[],
            "sleep_disturbance":null,"note":null,"episodes":[]}"#;
        let record: NightRecord = serde_json::from_str(json).unwrap();
        assert_eq!(record.into_night(&[]).unwrap_err(), "standing_h: 5.1 is not 0–24 in quarter-hour steps");
        assert!(
            serde_json::from_str::<NightRecord>(&json.replace("null,\"activity\"", "20000,\"activity\""))
                .is_err()
        );
    }
}
