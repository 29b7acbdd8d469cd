//! Plain-text tables and details of nights for the terminal commands, in the words of
//! [`crate::wording`]. Callers pass the text through
//! [`crate::printable::printable`] before it reaches the terminal.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::{DurationS, Episode, Medication, Night, Settings, medications_on};
use crate::parse::format_time;
use crate::wording::{UNKNOWN, fluid_ml, intensity as score, or_unknown};

pub use crate::wording::{cramp_summary, day};

/// One line per night for `cramp list`, with a header; unlogged stretches show as gaps.
#[must_use]
pub fn night_table(nights: &[Night], settings: Settings) -> String {
    let mut out = String::new();
    out.push_str("Night           Cramps Worst    Time   Fluid  Activity  Tags\n");
    let mut previous: Option<NaiveDate> = None;
    for night in nights {
        if let Some(prev) = previous {
            let missing = (night.date - prev).num_days() - 1;
            if missing > 0 {
                let _ =
                    writeln!(out, "  ·· {missing} night{} not logged", if missing == 1 { "" } else { "s" });
            }
        }
        previous = Some(night.date);
        let time = DurationS::new(i64::from(night.cramp_seconds())).ok();
        let tags: Vec<&str> = night.tags.iter().map(crate::model::Tag::as_str).collect();
        let _ = writeln!(
            out,
            "{:<15} {:>6} {:>5} {:>7} {:>7}  {:<8}  {}",
            day(night.date),
            night.episodes.len(),
            if night.had_cramps() { score(night.worst_intensity()) } else { UNKNOWN.to_owned() },
            or_unknown(time),
            night.fluid.map_or_else(|| UNKNOWN.to_owned(), |f| fluid_ml(f, settings.units)),
            or_unknown(night.activity),
            tags.join(", ")
        );
    }
    out
}

/// Everything about one night, for `cramp show`.
#[must_use]
pub fn night_detail(night: &Night, meds: &[Medication], settings: Settings) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Night of {} — {}", night.date.format("%A %-d %B %Y"), cramp_summary(night));
    let mut field = |label: &str, value: String| {
        let _ = writeln!(out, "  {label:<18} {value}");
    };
    field("Fluid", night.fluid.map_or_else(|| UNKNOWN.to_owned(), |f| fluid_ml(f, settings.units)));
    field("Activity", or_unknown(night.activity));
    field("Standing", or_unknown(night.standing));
    field("Sitting", or_unknown(night.sitting));
    field("Footwear", or_unknown(night.footwear));
    field(
        "Mg/K-rich food",
        night.mg_k_servings.map_or_else(|| UNKNOWN.to_owned(), |s| format!("{s} servings")),
    );
    let postures: Vec<&str> = night.postures.iter().map(crate::model::Posture::as_str).collect();
    field("Posture", if postures.is_empty() { UNKNOWN.to_owned() } else { postures.join(", ") });
    field(
        "Stretched",
        night.stretched.map_or_else(|| UNKNOWN.to_owned(), |s| if s { "yes" } else { "no" }.to_owned()),
    );
    let taken: Vec<String> =
        medications_on(night, meds).iter().map(|m| format!("{} ({})", m.name, m.class)).collect();
    field("Medicines", if taken.is_empty() { UNKNOWN.to_owned() } else { taken.join(", ") });
    let tags: Vec<&str> = night.tags.iter().map(crate::model::Tag::as_str).collect();
    field("Tags", if tags.is_empty() { UNKNOWN.to_owned() } else { tags.join(", ") });
    field("Sleep disturbance", score(night.sleep_disturbance));
    if let Some(note) = &night.note {
        field("Note", note.as_str().replace("\r\n", "\n").replace('\n', "\n                     "));
    }
    for e in &night.episodes {
        let _ = writeln!(out, "  {}", episode_line(e));
    }
    out
}

/// `03:10  4m30s  7/10  calf, left  eased by stretch, walk`.
#[must_use]
pub fn episode_line(e: &Episode) -> String {
    let place: Vec<&str> =
        [e.location.map(crate::model::Location::as_str), e.side.map(crate::model::Side::as_str)]
            .into_iter()
            .flatten()
            .collect();
    let relief: Vec<&str> = e.relief.iter().map(|r| r.as_str()).collect();
    let mut line = format!(
        "Cramp {}  {:>7}  {:>5}  {}",
        format_time(e.start.time()),
        e.duration.map_or_else(|| "? long".to_owned(), |d| d.to_string()),
        score(e.intensity),
        if place.is_empty() { UNKNOWN.to_owned() } else { place.join(", ") }
    );
    if !relief.is_empty() {
        let _ = write!(line, "  eased by {}", relief.join(", "));
    }
    if let Some(note) = &e.note {
        let _ = write!(line, "  “{}”", crate::printable::one_line(note.as_str()));
    }
    line
}
