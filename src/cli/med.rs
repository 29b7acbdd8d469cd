//! `cramp med add|stop|edit|remove|list`: the medicine list.

use std::io::Write;

use clap::{Args, Subcommand};

use super::{CliResult, Context, log::warn, usage};
use crate::model::{Dose, MedClass, MedName, Schedule};
use crate::parse::DateArg;
use crate::printable::printable;
use crate::store::{MedEdit, NewSchedule};

macro_rules! class_help {
    () => {
        "Classes (the ones the evidence links with cramps, then two it does not, then other):
  loop-diuretic  thiazide  potassium-sparing-diuretic  laba (long-acting inhalers)
  calcium-channel-blocker  raloxifene-oestrogen  teriparatide  iv-iron  nsaid
  gabapentinoid  z-drug  antidepressant  lithium  steroid  opioid  statin
  beta-blocker  inhaled-anticholinergic (no link expected)  other
  (diuretic and asthma, the older words, are still accepted)"
    };
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct MedArgs {
    #[command(subcommand)]
    pub command: Option<MedCommand>,
    /// Alone: print the list as JSON, as `cramp med list --json`
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum MedCommand {
    /// Add a medicine: taken daily from a date (the default), or as needed
    Add(AddArgs),
    /// Record the last day a daily medicine was taken
    Stop(StopArgs),
    /// Rename a medicine, change its class or dose, or correct the dates of its latest period
    Edit(EditArgs),
    /// Take a medicine off the list (refused while logged nights name it, unless --merge-into)
    Remove(RemoveArgs),
    /// List medicines with their dates
    List(MedListArgs),
}

#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  cramp med add Furosemide --class diuretic --since 2026-10-01
  cramp med add Atorvastatin --class statin                  daily from today
  cramp med add Ibuprofen --class nsaid --as-needed          then: cramp log --med Ibuprofen
  cramp med add Furosemide --class loop-diuretic --dose \"40 mg mornings\"

Nights a daily medicine was taken are filled in from its dates. Adding a daily medicine that
was stopped starts a new period.

", class_help!()))]
pub struct AddArgs {
    /// The medicine's name, as you want to see it
    #[arg(value_name = "NAME", value_parser = crate::model::MedName::new)]
    pub name: MedName,
    /// The kind of medicine (see the list below)
    #[arg(long, value_name = "CLASS", value_parser = <MedClass as std::str::FromStr>::from_str)]
    pub class: MedClass,
    /// How much and when, as you would write it, e.g. "20 mg at night"
    #[arg(long, value_name = "TEXT", value_parser = crate::model::Dose::new)]
    pub dose: Option<Dose>,
    /// First day taken: YYYY-MM-DD, today, yesterday, last night or a weekday [default: today]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date, conflicts_with = "as_needed")]
    pub since: Option<DateArg>,
    /// Last day taken, if it has already stopped
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date, conflicts_with = "as_needed")]
    pub until: Option<DateArg>,
    /// Taken now and then rather than daily; log it on the nights you take it with --med
    #[arg(long = "as-needed")]
    pub as_needed: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Example:\n  cramp med stop Furosemide --on 2026-11-20")]
pub struct StopArgs {
    #[arg(value_name = "NAME", value_parser = crate::model::MedName::new)]
    pub name: MedName,
    /// The last day it was taken [default: today]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub on: Option<DateArg>,
}

#[derive(Debug, Args)]
#[command(after_help = concat!("Examples:
  cramp med edit Furosemid --name Furosemide          correct a typo
  cramp med edit Furosemide --dose \"20 mg\" --class loop-diuretic
  cramp med edit Atorvastatin --since 2026-10-03     first day of the latest period
  cramp med edit Atorvastatin --until none           still being taken after all

", class_help!()))]
pub struct EditArgs {
    #[arg(value_name = "NAME", value_parser = crate::model::MedName::new)]
    pub name: MedName,
    /// A new name
    #[arg(long = "name", value_name = "NEW", value_parser = crate::model::MedName::new)]
    pub new_name: Option<MedName>,
    /// A new class
    #[arg(long, value_name = "CLASS", value_parser = <MedClass as std::str::FromStr>::from_str)]
    pub class: Option<MedClass>,
    /// A new dose; 'none' clears it
    #[arg(long, value_name = "TEXT")]
    pub dose: Option<String>,
    /// Corrected first day of the latest period (daily medicines)
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub since: Option<DateArg>,
    /// Corrected last day of the latest period; 'none' if it is still being taken
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp med remove Paracetamol                      only if no logged night names it
  cramp med remove Furosemid --merge-into Furosemide  nights that named the typo name the right one")]
pub struct RemoveArgs {
    #[arg(value_name = "NAME", value_parser = crate::model::MedName::new)]
    pub name: MedName,
    /// Move the nights (and dates) that name NAME to this medicine, then remove NAME
    #[arg(long = "merge-into", value_name = "OTHER", value_parser = crate::model::MedName::new)]
    pub merge_into: Option<MedName>,
}

#[derive(Debug, Args)]
pub struct MedListArgs {
    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

fn is_none_word(s: &str) -> bool {
    matches!(s.trim().to_ascii_lowercase().as_str(), "none" | "-" | "")
}

pub fn run(ctx: &Context, args: MedArgs, out: &mut dyn Write) -> CliResult {
    let cmd = args.command.unwrap_or(MedCommand::List(MedListArgs { json: args.json }));
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
            store.add_medication(&a.name, a.class, &schedule, a.dose.as_ref())?;
            warn(&mut store);
            let name = match &a.dose {
                Some(d) => format!("{}, {}", printable(a.name.as_str()), printable(d.as_str())),
                None => printable(a.name.as_str()).into_owned(),
            };
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
        MedCommand::Edit(a) => edit(ctx, a, out)?,
        MedCommand::Remove(a) => remove(ctx, &a, out)?,
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
                            "name": m.name, "class": m.class, "dose": m.dose,
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
                    let dose = m
                        .dose
                        .as_ref()
                        .map_or_else(|| "–".to_owned(), |d| printable(d.as_str()).into_owned());
                    writeln!(
                        out,
                        "{:<24} {:<26} {:<16} {when}",
                        printable(m.name.as_str()),
                        m.class.as_str(),
                        dose
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn edit(ctx: &Context, a: EditArgs, out: &mut dyn Write) -> CliResult {
    let dose = match a.dose.as_deref() {
        None => None,
        Some(t) if is_none_word(t) => Some(None),
        Some(t) => Some(Some(Dose::new(t).map_err(|e| usage(format!("--dose: {e}")))?)),
    };
    let until = match a.until.as_deref() {
        None => None,
        Some(t) if is_none_word(t) => Some(None),
        Some(t) => {
            let d = crate::parse::date(t).map_err(|e| usage(format!("--until: {e}, or 'none'")))?;
            Some(Some(ctx.past_date("--until", d)?))
        }
    };
    let since = a.since.map(|d| ctx.past_date("--since", d)).transpose()?;
    let edit = MedEdit { name: a.new_name, class: a.class, dose, since, until };
    if edit == MedEdit::default() {
        return Err(usage("nothing to change: give --name, --class, --dose, --since or --until"));
    }
    let mut store = ctx.open()?;
    let m = store.edit_medication(&a.name, &edit)?;
    warn(&mut store);
    let dose =
        m.dose.as_ref().map_or_else(|| "no dose recorded".to_owned(), |d| printable(d.as_str()).into_owned());
    writeln!(out, "{}: {}, {dose}, {}.", printable(m.name.as_str()), m.class, m.schedule_text())?;
    Ok(())
}

fn remove(ctx: &Context, a: &RemoveArgs, out: &mut dyn Write) -> CliResult {
    let mut store = ctx.open()?;
    let moved = store.remove_medication(&a.name, a.merge_into.as_ref())?;
    warn(&mut store);
    match &a.merge_into {
        Some(t) => writeln!(
            out,
            "Removed {}; {moved} night{} now name {}.",
            printable(a.name.as_str()),
            if moved == 1 { "" } else { "s" },
            printable(t.as_str())
        )?,
        None => writeln!(out, "Removed {}.", printable(a.name.as_str()))?,
    }
    Ok(())
}
