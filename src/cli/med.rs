//! `cramp med add|stop|list`: the medicine list.

use std::io::Write;

use clap::{Args, Subcommand};

use super::{CliResult, Context, log::warn, usage, value};
use crate::model::{MedClass, MedName, Schedule};
use crate::parse::DateArg;
use crate::printable::printable;
use crate::store::NewSchedule;

#[derive(Debug, Subcommand)]
pub enum MedCommand {
    /// Add a medicine: taken daily from a date (the default), or as needed
    Add(AddArgs),
    /// Record the last day a daily medicine was taken
    Stop(StopArgs),
    /// List medicines with their dates
    List(MedListArgs),
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp med add Furosemide --class diuretic --since 2026-10-01
  cramp med add Atorvastatin --class statin                  daily from today
  cramp med add Ibuprofen --class other --as-needed          then: cramp log --med Ibuprofen

Nights a daily medicine was taken are filled in from its dates. Adding a daily medicine that
was stopped starts a new period.")]
pub struct AddArgs {
    /// The medicine's name, as you want to see it
    #[arg(value_name = "NAME", value_parser = value::med_name)]
    pub name: MedName,
    /// diuretic, statin, asthma, antidepressant or other
    #[arg(long, value_name = "CLASS", value_parser = value::word::<MedClass>)]
    pub class: MedClass,
    /// First day taken: YYYY-MM-DD, today or yesterday [default: today]
    #[arg(long, value_name = "DATE", value_parser = value::date, conflicts_with = "as_needed")]
    pub since: Option<DateArg>,
    /// Last day taken, if it has already stopped
    #[arg(long, value_name = "DATE", value_parser = value::date, conflicts_with = "as_needed")]
    pub until: Option<DateArg>,
    /// Taken now and then rather than daily; log it on the nights you take it with --med
    #[arg(long = "as-needed")]
    pub as_needed: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Example:\n  cramp med stop Furosemide --on 2026-11-20")]
pub struct StopArgs {
    #[arg(value_name = "NAME", value_parser = value::med_name)]
    pub name: MedName,
    /// The last day it was taken [default: today]
    #[arg(long, value_name = "DATE", value_parser = value::date)]
    pub on: Option<DateArg>,
}

#[derive(Debug, Args)]
pub struct MedListArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, cmd: MedCommand, out: &mut dyn Write) -> CliResult {
    match cmd {
        MedCommand::Add(a) => {
            let schedule = if a.as_needed {
                NewSchedule::AsNeeded
            } else {
                let since = a.since.map_or(Ok(ctx.today()), |d| ctx.past_date("--since", d))?;
                let until = a.until.map(|d| ctx.past_date("--until", d)).transpose()?;
                if let Some(u) = until
                    && u < since
                {
                    return Err(usage(format!("--until {u} is before --since {since}")));
                }
                NewSchedule::Daily { since, until }
            };
            let mut store = ctx.open()?;
            store.add_medication(&a.name, a.class, &schedule)?;
            warn(&mut store);
            let name = printable(a.name.as_str());
            match schedule {
                NewSchedule::AsNeeded => writeln!(out, "Added {name} ({}), taken as needed.", a.class)?,
                NewSchedule::Daily { since, until: None } => {
                    writeln!(out, "Added {name} ({}), taken daily since {since}.", a.class)?;
                }
                NewSchedule::Daily { since, until: Some(u) } => {
                    writeln!(out, "Added {name} ({}), taken daily from {since} to {u}.", a.class)?;
                }
            }
        }
        MedCommand::Stop(a) => {
            let on = a.on.map_or(Ok(ctx.today()), |d| ctx.past_date("--on", d))?;
            let mut store = ctx.open()?;
            let period = store.stop_medication(&a.name, on)?;
            warn(&mut store);
            writeln!(
                out,
                "{} stopped: taken daily from {} to {on}.",
                printable(a.name.as_str()),
                period.since
            )?;
        }
        MedCommand::List(a) => {
            let store = ctx.open()?;
            let meds = store.medications()?;
            if a.json {
                let rows: Vec<serde_json::Value> = meds
                    .iter()
                    .map(|m| {
                        let periods: Vec<serde_json::Value> = match &m.schedule {
                            Schedule::Daily(ps) => ps
                                .iter()
                                .map(|p| serde_json::json!({"since": p.since, "until": p.until}))
                                .collect(),
                            Schedule::AsNeeded => Vec::new(),
                        };
                        serde_json::json!({
                            "name": m.name, "class": m.class,
                            "as_needed": m.schedule == Schedule::AsNeeded, "periods": periods,
                        })
                    })
                    .collect();
                crate::export::json::write_pretty(&mut *out, &rows)?;
                writeln!(out)?;
            } else if meds.is_empty() {
                writeln!(out, "No medicines listed. Add one with: cramp med add NAME --class CLASS")?;
            } else {
                for m in &meds {
                    let when = m.schedule_text();
                    writeln!(out, "{:<24} {:<15} {when}", printable(m.name.as_str()), m.class.as_str())?;
                }
            }
        }
    }
    Ok(())
}
