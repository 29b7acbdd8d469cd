//! `cramp list`, `cramp show` and `cramp delete`.

use std::io::Write;

use clap::Args;

use super::{CliResult, Context, log::warn, text, usage};
use crate::export::json::NightRecord;
use crate::parse::DateArg;
use crate::printable::printable;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp list                                every night, oldest first
  cramp list --from 2026-11-01 --to 2026-11-30
  cramp list --json | jq '.[] | select(.episodes | length > 0) | .date'")]
pub struct ListArgs {
    #[command(flatten)]
    pub range: super::RangeArgs,
    /// Print JSON (an array of nights) instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  cramp show 2026-11-27\n  cramp show yesterday --json")]
pub struct ShowArgs {
    /// The night, named by its evening: YYYY-MM-DD, today, yesterday, last night or a weekday
    #[arg(value_name = "DATE", value_parser = crate::parse::date)]
    pub date: DateArg,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  cramp delete 2026-11-27 --yes\n\nA daily backup from before today's first \
                        change is kept in the backups folder beside the journal."
)]
pub struct DeleteArgs {
    /// The night to delete: YYYY-MM-DD, today, yesterday, last night or a weekday
    #[arg(value_name = "DATE", value_parser = crate::parse::date)]
    pub date: DateArg,
    /// Confirm the deletion (required: there is no prompt)
    #[arg(long)]
    pub yes: bool,
    /// Print the deleted night as JSON: `{"deleted", "night"}` (the night as `cramp show --json`)
    #[arg(long)]
    pub json: bool,
}

pub fn run_list(ctx: &Context, args: &ListArgs, out: &mut dyn Write) -> CliResult {
    let (from, to) = args.range.resolve(ctx)?;
    let store = ctx.open_read()?;
    let nights = store.nights(from, to)?;
    if args.json {
        let meds = store.medications()?;
        let records: Vec<NightRecord> = nights.iter().map(|n| NightRecord::new(n, &meds)).collect();
        crate::export::json::write_pretty(&mut *out, &records)?;
        writeln!(out)?;
        return Ok(());
    }
    if nights.is_empty() {
        writeln!(
            out,
            "No nights logged{}. Log one with: cramp log",
            if from.is_some() || to.is_some() { " in that range" } else { " yet" }
        )?;
        return Ok(());
    }
    let settings = store.settings()?;
    write!(out, "{}", printable(&text::night_table(&nights, settings)))?;
    let cramp_nights = nights.iter().filter(|n| n.had_cramps()).count();
    let span = (nights[nights.len() - 1].date - nights[0].date).num_days() + 1;
    writeln!(
        out,
        "{} logged of {span} from first to last; {cramp_nights} with cramps.",
        crate::wording::count(i64::try_from(nights.len()).unwrap_or(i64::MAX), "night", "nights")
    )?;
    Ok(())
}

pub fn run_show(ctx: &Context, args: &ShowArgs, out: &mut dyn Write) -> CliResult {
    let date = ctx.past_date("DATE", args.date)?;
    let store = ctx.open_read()?;
    // Measured values are shown beside a logged night; alone they do not make it logged.
    let measured = store.measured_for(date, date)?;
    let Some(night) = store.night(date)? else {
        let also = if measured.is_empty() { "" } else { " (it has only measured values, from a tracker)" };
        return Err(usage(format!("the night of {date} is not logged{also}")));
    };
    let meds = store.medications()?;
    let settings = store.settings()?;
    if args.json {
        let record = NightRecord::new(&night, &meds);
        let shown = crate::export::measured::NightWithMeasured {
            night: &record,
            measured: measured.iter().map(crate::export::measured::MeasuredRecord::new).collect(),
        };
        crate::export::json::write_pretty(&mut *out, &shown)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", printable(&text::night_detail(&night, &meds, settings)))?;
        let shown: Vec<_> = measured.into_iter().map(|m| (m.value, m.origin)).collect();
        write!(out, "{}", printable(&crate::health::detail_lines(&shown, settings.units)))?;
    }
    Ok(())
}

pub fn run_delete(ctx: &Context, args: &DeleteArgs, out: &mut dyn Write) -> CliResult {
    let date = args.date.resolve(ctx.today());
    if !args.yes {
        return Err(usage(format!("deleting the night of {date} needs --yes (cramp delete {date} --yes)")));
    }
    let mut store = ctx.open()?;
    let Some(night) = store.night(date)? else {
        return Err(usage(format!("the night of {date} is not logged, so there is nothing to delete")));
    };
    let meds = if args.json { store.medications()? } else { Vec::new() };
    store.delete_night(date)?;
    warn(&mut store);
    if args.json {
        let said = serde_json::json!({"deleted": date, "night": NightRecord::new(&night, &meds)});
        crate::export::json::write_pretty(out, &said)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Deleted the night of {} ({}).", text::day(date), text::cramp_summary(&night))?;
    Ok(())
}
