//! `cramp week`: the Week screen's numbers, from the same computation, as text or JSON.

use std::io::Write;

use chrono::Days;
use clap::Args;

use super::{CliResult, Context};
use crate::analysis::week;
use crate::parse::DateArg;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp week                   the week holding last night
  cramp week 2026-11-02        the week holding that date
  cramp week --json | jq .this_week")]
pub struct WeekArgs {
    /// A date in the week: YYYY-MM-DD, today, yesterday, last night or a weekday [default: last night]
    #[arg(value_name = "DATE", value_parser = crate::parse::date)]
    pub date: Option<DateArg>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &WeekArgs, out: &mut dyn Write) -> CliResult {
    let date = args.date.map(|d| ctx.past_date("DATE", d)).transpose()?;
    let store = ctx.open_read()?;
    let settings = store.settings()?;
    let date = date.unwrap_or_else(|| ctx.current_night(&settings));
    let from = week::first_needed(date, settings.week_start);
    let nights = store.nights(Some(from), date.checked_add_days(Days::new(7)))?;
    let s = week::summarize(&nights, &store.medications()?, date, settings.week_start);
    if args.json {
        crate::export::json::write_pretty(&mut *out, &s)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Week of {} – {}", s.start.format("%a %-d %b"), s.end.format("%a %-d %b %Y"))?;
    for d in &s.days {
        let what = match (d.logged, d.episodes) {
            (false, _) => "not logged".to_owned(),
            (true, 0) => "cramp-free".to_owned(),
            (true, n) => format!(
                "{n} cramp{}{}",
                if n == 1 { "" } else { "s" },
                d.worst_intensity.map(|w| format!(", worst {w}/10")).unwrap_or_default()
            ),
        };
        writeln!(out, "  {}  {what}", d.date.format("%a %d"))?;
    }
    writeln!(out, "{:<22}{:>10}{:>10}{:>10}", "", "this week", "last week", "4-wk avg")?;
    for m in s.metrics() {
        let show = |v, average| m.measure.show(v, average, settings.units);
        writeln!(
            out,
            "{:<22}{:>10}{:>10}{:>10}",
            m.label,
            show(m.this_week, false),
            show(m.last_week, false),
            show(m.average, true)
        )?;
    }
    let trend: Vec<String> = s
        .trend
        .iter()
        .map(|p| if p.nights_logged == 0 { "·".to_owned() } else { p.cramp_nights.to_string() })
        .collect();
    writeln!(out, "Cramp nights per week, last 12 weeks (· = nothing logged): {}", trend.join(" "))?;
    if !s.cramp_night_factors.is_empty() {
        writeln!(
            out,
            "On this week's cramp nights (descriptive; a week is too short to conclude anything):"
        )?;
        for p in &s.cramp_night_factors {
            writeln!(
                out,
                "  {:<38} {} of {} cramp nights, {} of {} cramp-free",
                p.label,
                p.cramp_nights_with,
                p.cramp_nights_known,
                p.cramp_free_nights_with,
                p.cramp_free_nights_known
            )?;
        }
    }
    Ok(())
}
