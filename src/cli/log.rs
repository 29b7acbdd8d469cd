//! `cramp log` and `cramp now`: recording nights and cramps.

use std::io::Write;

use chrono::{DateTime, FixedOffset, NaiveDate, SubsecRound, Timelike};
use clap::Args;

use super::{CliResult, Context, text, usage};
use crate::model::{
    Activity, DurationS, Episode, FluidMl, Footwear, Location, MedName, Night, Note, Posture, Postures,
    Quarters, Score, Servings, Side, Tag,
};
use crate::parse::{CrampSpec, DateArg};
use crate::printable::printable;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp log                                   a cramp-free night (the night that just ended)
  cramp log --fluid 1.5l --activity hard --standing 7h --footwear unsupportive
  cramp log --date yesterday --cramp 03:10,4m,7,calf,left --cramp 05:20,?,4,toes
  cramp log --posture toes-pointed --posture tucked-covers --stretched --tag coffee

Given fields replace what was stored for the night; each --cramp fills in the nearest cramp of
unknown length within 15 minutes (one saved with `cramp now`, say), or else adds a cramp. A night logged without
--cramp counts as cramp-free. Times before the day boundary (default 12:00) belong to
the previous evening's night, so --date 2026-11-27 --cramp 03:10 means 03:10 on the 28th.")]
pub struct LogArgs {
    /// The night, named by its evening: YYYY-MM-DD, today, yesterday, last night or a weekday [default: the night that
    /// has just ended; after the day boundary, tonight]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub date: Option<DateArg>,
    /// The day's fluid intake: 1.5l, 1500ml, 1,5l, 6 cups or 50oz. A bare number is read in your
    /// units: metric, up to 10 is litres and 100 or more millilitres (in between, give a unit);
    /// imperial, US fluid ounces
    #[arg(long, value_name = "AMOUNT")]
    pub fluid: Option<String>,
    /// How demanding the day was: rest, light, moderate or hard (hard = unusually strenuous for you)
    #[arg(long, value_name = "LEVEL", value_parser = <Activity as std::str::FromStr>::from_str)]
    pub activity: Option<Activity>,
    /// Hours on your feet: 6, 6h, 5h30m or 5.5 (quarter-hour steps)
    #[arg(long, value_name = "HOURS", value_parser = crate::parse::hours)]
    pub standing: Option<Quarters>,
    /// Hours sitting: 6, 6h, 5h30m or 5.5 (quarter-hour steps)
    #[arg(long, value_name = "HOURS", value_parser = crate::parse::hours)]
    pub sitting: Option<Quarters>,
    /// Footwear most of the day: supportive, unsupportive or barefoot
    #[arg(long, value_name = "KIND", value_parser = <Footwear as std::str::FromStr>::from_str)]
    pub footwear: Option<Footwear>,
    /// Servings of magnesium/potassium-rich food (leafy greens, nuts, bananas…), 0–20
    #[arg(long = "mg-k-foods", value_name = "N", value_parser = crate::parse::servings)]
    pub mg_k_foods: Option<Servings>,
    /// How your feet lay in bed: toes-pointed, feet-hanging, tucked-covers or neutral; repeat or
    /// separate with commas
    #[arg(long, value_name = "P", value_delimiter = ',', value_parser = <Posture as std::str::FromStr>::from_str)]
    pub posture: Vec<Posture>,
    /// You stretched calves and feet before bed
    #[arg(long, conflicts_with = "no_stretch")]
    pub stretched: bool,
    /// You did not stretch before bed
    #[arg(long = "no-stretch")]
    pub no_stretch: bool,
    /// A medicine taken that day, by its name on the medicine list (see `cramp med`); repeatable.
    /// Daily medicines are filled in from their dates and need not be given
    #[arg(long, value_name = "NAME", value_parser = crate::model::MedName::new)]
    pub med: Vec<MedName>,
    /// A factor of your own to track, e.g. coffee or alcohol; repeatable, stored lower-case
    #[arg(long, value_name = "TAG", value_parser = crate::model::Tag::new)]
    pub tag: Vec<Tag>,
    /// A cramp: TIME,DURATION,INTENSITY[,LOCATION[,SIDE[,RELIEF+RELIEF]]], e.g.
    /// 03:10,4m,7,calf,left or 02:00,?,5 (? = duration unknown); repeatable. Locations: toes,
    /// arch, heel, top-of-foot, calf, thigh, other. Sides: left, right, both. Relief: stretch,
    /// walk, warmth, massage, other
    #[arg(long, value_name = "SPEC", value_parser = crate::parse::cramp)]
    pub cramp: Vec<CrampSpec>,
    /// How much cramps disturbed your sleep, 0 (not at all) to 10
    #[arg(long = "sleep-disturbance", value_name = "N", value_parser = crate::parse::score)]
    pub sleep_disturbance: Option<Score>,
    /// A note, any text
    #[arg(long, value_name = "TEXT", value_parser = crate::model::Note::new)]
    pub note: Option<Note>,
    /// Print JSON: `{"action", "night"}`, "logged" or "updated" and the night as `cramp show --json`
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp now                          saves the start time at once; add details later
  cramp now --timer                  full-screen timer: press a key when the cramp eases
  cramp now --intensity 7 --location calf --side left
  cramp now --duration 3m --intensity 5

The cramp is filed under the right night: at 03:10 that is the previous evening's night.")]
pub struct NowArgs {
    /// Open a large, dim timer: the cramp is saved at once, and a key press when it eases
    /// saves how long it lasted
    #[arg(long, conflicts_with = "duration")]
    pub timer: bool,
    /// How long it lasted, if it is already over: 90s, 4m, 4m30s or 1h
    #[arg(long, value_name = "DUR", value_parser = crate::parse::duration)]
    pub duration: Option<DurationS>,
    /// How strong, 0–10
    #[arg(long, value_name = "N", value_parser = crate::parse::score)]
    pub intensity: Option<Score>,
    /// Where: toes, arch, heel, top-of-foot, calf, thigh or other
    #[arg(long, value_name = "L", value_parser = <Location as std::str::FromStr>::from_str)]
    pub location: Option<Location>,
    /// Which leg: left, right or both
    #[arg(long, value_name = "S", value_parser = <Side as std::str::FromStr>::from_str)]
    pub side: Option<Side>,
    /// Print JSON: `{"night", "start", "added"}` (added is false when it was the cramp saved
    /// moments ago, whose length is still unknown)
    #[arg(long, conflicts_with = "timer")]
    pub json: bool,
}

impl LogArgs {
    /// Applies the given fields to a stored night (or a new one) and adds the episodes.
    fn apply(
        &self,
        existing: Option<Night>,
        date: chrono::NaiveDate,
        fluid: Option<FluidMl>,
        episodes: &[Episode],
    ) -> Night {
        let mut night = existing.unwrap_or_else(|| Night::empty(date));
        set(&mut night.fluid, fluid);
        set(&mut night.activity, self.activity);
        set(&mut night.standing, self.standing);
        set(&mut night.sitting, self.sitting);
        set(&mut night.footwear, self.footwear);
        set(&mut night.mg_k_servings, self.mg_k_foods);
        set(&mut night.sleep_disturbance, self.sleep_disturbance);
        set(&mut night.note, self.note.clone());
        if self.stretched || self.no_stretch {
            night.stretched = Some(self.stretched);
        }
        if !self.posture.is_empty() {
            // Checked before the journal was opened.
            night.postures = Postures::new(self.posture.iter().copied()).unwrap_or_default();
        }
        if !self.med.is_empty() {
            night.medications = self.med.iter().cloned().collect();
        }
        if !self.tag.is_empty() {
            night.tags = self.tag.iter().cloned().collect();
        }
        for episode in episodes {
            match open_cramp_near(&night.episodes, episode.start, FILL_IN_WITHIN, FILL_IN_WITHIN)
                .or_else(|| night.episodes.iter().position(|e| same_minute(e, episode)))
            {
                Some(i) => fill_in(&mut night.episodes[i], episode),
                None => night.episodes.push(episode.clone()),
            }
        }
        night.sort_episodes();
        night
    }
}

use crate::model::{FILL_IN_WITHIN, SAME_CRAMP_WITHIN, open_cramp_near};

/// Two cramps starting in the same minute of a night are one cramp: that is how a cramp saved
/// half-asleep with `cramp now` gets its details later.
fn same_minute(a: &Episode, b: &Episode) -> bool {
    a.start.timestamp().div_euclid(60) == b.start.timestamp().div_euclid(60)
}

/// Completes a stored cramp with what a `--cramp` spec gives, keeping its exact start.
fn fill_in(stored: &mut Episode, given: &Episode) {
    set(&mut stored.duration, given.duration);
    set(&mut stored.intensity, given.intensity);
    set(&mut stored.location, given.location);
    set(&mut stored.side, given.side);
    if !given.relief.is_empty() {
        stored.relief.clone_from(&given.relief);
    }
}

fn set<T>(field: &mut Option<T>, given: Option<T>) {
    if given.is_some() {
        *field = given;
    }
}

pub fn run_log(ctx: &Context, args: &LogArgs, out: &mut dyn Write) -> CliResult {
    // Everything that can be checked without the journal is checked before it is opened.
    let explicit_date = args.date.map(|d| ctx.past_date("--date", d)).transpose()?;
    Postures::new(args.posture.iter().copied()).map_err(|e| usage(format!("--posture: {e}")))?;
    if let (Some(st), Some(si)) = (args.standing, args.sitting)
        && u16::from(st.get()) + u16::from(si.get()) > 96
    {
        return Err(usage(format!("--standing {st} and --sitting {si} add up to more than 24 hours")));
    }

    // A new journal would have the default units: check the amount before creating one.
    if !ctx.db.exists()
        && let Some(f) = &args.fluid
    {
        crate::parse::fluid_in(f, crate::model::Units::default())
            .map_err(|e| usage(format!("--fluid: {e}")))?;
    }
    let mut store = ctx.open()?;
    let settings = store.settings()?;
    let fluid = args
        .fluid
        .as_deref()
        .map(|f| crate::parse::fluid_in(f, settings.units))
        .transpose()
        .map_err(|e| usage(format!("--fluid: {e}")))?;
    let date = explicit_date.unwrap_or_else(|| ctx.current_night(&settings));
    let known = store.medications()?;
    for name in &args.med {
        if !known.iter().any(|m| &m.name == name) {
            let list: Vec<String> = known.iter().map(|m| m.name.to_string()).collect();
            let list = if list.is_empty() {
                "the list is empty".to_owned()
            } else {
                format!("known: {}", list.join(", "))
            };
            return Err(usage(format!(
                "--med '{name}': no such medicine ({list}); add it with: cramp med add \"{name}\" --class CLASS"
            )));
        }
    }
    let mut episodes = Vec::with_capacity(args.cramp.len());
    for (i, spec) in args.cramp.iter().enumerate() {
        if let Some(other) = args.cramp[..i].iter().find(|o| o.time == spec.time) {
            return Err(usage(format!(
                "--cramp '{spec}' and --cramp '{other}' start at the same minute; one cramp is one --cramp"
            )));
        }
        let start = settings
            .day_boundary
            .place(&chrono::Local, date, spec.time)
            .map_err(|e| usage(format!("--cramp '{spec}': {e}")))?;
        if start > ctx.now.fixed_offset() {
            return Err(usage(format!(
                "--cramp '{spec}': {} on {} has not happened yet",
                crate::parse::format_time(spec.time),
                start.date_naive()
            )));
        }
        episodes.push(Episode {
            start,
            duration: spec.duration,
            intensity: Some(spec.intensity),
            location: spec.location,
            side: spec.side,
            relief: spec.relief.clone(),
            note: None,
        });
    }

    let mut existed = false;
    let night = store
        .update_night(date, |stored| {
            existed = stored.is_some();
            let night = args.apply(stored, date, fluid, &episodes);
            night.check().map(|()| night)
        })?
        .map_err(|e| usage(e.to_string()))?;
    warn(&mut store);
    if args.json {
        let meds = store.medications()?;
        let said = serde_json::json!({
            "action": if existed { "updated" } else { "logged" },
            "night": crate::export::json::NightRecord::new(&night, &meds),
        });
        crate::export::json::write_pretty(out, &said)?;
        writeln!(out)?;
        return Ok(());
    }
    let verb = if existed { "Updated" } else { "Logged" };
    let given = args.given(fluid, settings.units);
    let given = if given.is_empty() { String::new() } else { format!(" · {}", given.join(" · ")) };
    writeln!(out, "{verb} {}: {}{given}.", ctx.night_words(night.date), text::cramp_summary(&night))?;
    Ok(())
}

impl LogArgs {
    /// Each value given on the command line, as it was stored and in the person's units, so a
    /// misread amount is seen at once.
    fn given(&self, fluid: Option<FluidMl>, units: crate::model::Units) -> Vec<String> {
        let mut said = Vec::new();
        if let Some(f) = fluid {
            said.push(format!("fluid {}", crate::wording::fluid_ml(f, units)));
        }
        if let Some(a) = self.activity {
            said.push(format!("activity {a}"));
        }
        if let Some(h) = self.standing {
            said.push(format!("standing {h}"));
        }
        if let Some(h) = self.sitting {
            said.push(format!("sitting {h}"));
        }
        if let Some(f) = self.footwear {
            said.push(format!("footwear {f}"));
        }
        if let Some(n) = self.mg_k_foods {
            said.push(format!("Mg/K-rich foods {n}"));
        }
        if !self.posture.is_empty() {
            let words: Vec<&str> = self.posture.iter().map(|p| p.as_str()).collect();
            said.push(format!("posture {}", words.join(", ")));
        }
        if self.stretched {
            said.push("stretched".to_owned());
        }
        if self.no_stretch {
            said.push("did not stretch".to_owned());
        }
        if !self.med.is_empty() {
            let names: Vec<String> = self.med.iter().map(|m| printable(m.as_str()).into_owned()).collect();
            said.push(format!("medicines {}", names.join(", ")));
        }
        if !self.tag.is_empty() {
            let tags: Vec<String> = self.tag.iter().map(|t| printable(t.as_str()).into_owned()).collect();
            said.push(format!("tags {}", tags.join(", ")));
        }
        if let Some(n) = self.sleep_disturbance {
            said.push(format!("sleep disturbance {n}/10"));
        }
        if self.note.is_some() {
            said.push("note saved".to_owned());
        }
        said
    }
}

pub fn run_now(ctx: &Context, args: &NowArgs, out: &mut dyn Write) -> CliResult {
    let mut store = ctx.open()?;
    let settings = store.settings()?;
    let start = ctx.now.fixed_offset().trunc_subsecs(0);
    let night = settings.day_boundary.night_of(start.naive_local());
    let episode = Episode {
        duration: args.duration,
        intensity: args.intensity,
        location: args.location,
        side: args.side,
        ..Episode::starting(start)
    };
    let stored = store.night(night)?;
    let open = stored
        .as_ref()
        .and_then(|n| open_cramp_near(&n.episodes, start, SAME_CRAMP_WITHIN, chrono::TimeDelta::zero()));
    if let (Some(i), Some(n)) = (open, stored) {
        let first = n.episodes[i].start;
        store
            .update_night(night, |current| {
                let mut current = current.unwrap_or(n);
                if let Some(e) = current.episodes.iter_mut().find(|e| e.start == first) {
                    fill_in(e, &episode);
                }
                current.check().map(|()| current)
            })?
            .map_err(|e| usage(e.to_string()))?;
        warn(&mut store);
        if args.json {
            return now_json(out, night, first, false);
        }
        writeln!(
            out,
            "That is the cramp saved at {:02}:{:02}, whose length is not known yet: no second cramp was added.",
            first.hour(),
            first.minute()
        )?;
        return Ok(());
    }
    store.add_episode(night, &episode)?;
    warn(&mut store);
    if args.json {
        return now_json(out, night, start, true);
    }
    let time = format!("{:02}:{:02}", start.hour(), start.minute());
    writeln!(out, "Saved a cramp at {time} on the night of {}.", text::day(night))?;
    if episode.duration.is_none() || episode.intensity.is_none() {
        writeln!(
            out,
            "Add the details later with: cramp log --date {night} --cramp {time},DURATION,INTENSITY,LOCATION,SIDE"
        )?;
    }
    Ok(())
}

/// `cramp now --json`: the night, the cramp's start, and whether it is a new cramp.
fn now_json(out: &mut dyn Write, night: NaiveDate, start: DateTime<FixedOffset>, added: bool) -> CliResult {
    let said = serde_json::json!({"night": night, "start": start.to_rfc3339(), "added": added});
    crate::export::json::write_pretty(&mut *out, &said)?;
    Ok(writeln!(out)?)
}

/// Passes on what the journal noticed but did not stop for (a failed daily backup).
pub(super) fn warn(store: &mut crate::store::Store) {
    for w in store.take_warnings() {
        // A warning may quote the journal's own text (a path, SQLite's message): shown, not obeyed.
        eprintln!("warning: {}", crate::printable::one_line(&w));
    }
}
