//! `cramp demo`: fill an empty journal with made-up nights.

use std::io::Write;

use clap::Args;

use super::{CliResult, Context, log::warn, usage};
use crate::demo;
use crate::model::Schedule;
use crate::parse::DateArg;
use crate::store::NewSchedule;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp --db demo.db demo                       120 nights ending last night
  cramp --db ten-years.db demo --nights 3650 --seed 1

The made-up nights have a few patterns planted in them (more cramps after low-fluid days, after
a hard day, and with toes pointed in bed; fewer after stretching) so every screen has something
to show. Use a separate file: demo refuses a journal that already holds nights.")]
pub struct DemoArgs {
    /// How many nights to make up, 1–36500
    #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..=36_500))]
    pub nights: u32,
    /// Seed for the random generator: the same seed makes the same journal
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The last night: YYYY-MM-DD, today, yesterday, last night or a weekday [default: the night that has just ended]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub end: Option<DateArg>,
    /// Print JSON: `{"nights", "cramp_nights", "end", "journal"}`
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &DemoArgs, out: &mut dyn Write) -> CliResult {
    let end = args.end.map(|d| ctx.past_date("--end", d)).transpose()?;
    let mut store = ctx.open()?;
    if store.night_count()? > 0 || !store.medications()?.is_empty() {
        return Err(usage(format!(
            "{} already holds a journal; demo only fills an empty one (try: cramp --db demo.db demo)",
            store.path().display()
        )));
    }
    let settings = store.settings()?;
    let end = end.unwrap_or_else(|| ctx.current_night(&settings));
    let journal = demo::generate(args.nights as usize, args.seed, end, settings.day_boundary, &chrono::Local);
    for m in &journal.medications {
        let schedule = match &m.schedule {
            Schedule::AsNeeded => NewSchedule::AsNeeded,
            Schedule::Daily(periods) => {
                let Some(p) = periods.first() else { continue };
                NewSchedule::Daily { since: p.since, until: p.until }
            }
        };
        store.add_medication(&m.name, m.class, &schedule, m.dose.as_ref())?;
    }
    store.save_nights(&journal.nights)?;
    warn(&mut store);
    let cramp_nights = journal.nights.iter().filter(|n| n.had_cramps()).count();
    if args.json {
        let said = serde_json::json!({
            "nights": journal.nights.len(),
            "cramp_nights": cramp_nights,
            "end": end,
            "journal": store.path().display().to_string(),
        });
        crate::export::json::write_pretty(&mut *out, &said)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(
        out,
        "Made up {} nights ({} with cramps) ending {} in {}.",
        journal.nights.len(),
        cramp_nights,
        end,
        store.path().display()
    )?;
    Ok(())
}
