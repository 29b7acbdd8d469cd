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
  cramp week --json | jq .this_week
  cramp week --weeks 26        cramp nights and cramps per week over 26 weeks
  cramp week --weeks 52 --json")]
pub struct WeekArgs {
    /// A date in the week: YYYY-MM-DD, today, yesterday, last night or a weekday [default: last night]
    #[arg(value_name = "DATE", value_parser = crate::parse::date)]
    pub date: Option<DateArg>,
    /// Print the trend instead: cramp nights and cramps per week over N weeks (1-520) ending
    /// with the week of DATE, with the rolling 4-week rate (cramp nights per 7 logged nights)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=520))]
    pub weeks: Option<u16>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// What `cramp week --weeks N --json` prints.
#[derive(serde::Serialize)]
struct Trend {
    weeks: Vec<week::TrendPoint>,
    medicine_changes: Vec<week::MedChange>,
}

pub fn run(ctx: &Context, args: &WeekArgs, out: &mut dyn Write) -> CliResult {
    let date = args.date.map(|d| ctx.past_date("DATE", d)).transpose()?;
    let store = ctx.open_read()?;
    let settings = store.settings()?;
    let current = ctx.current_night(&settings);
    let date = date.unwrap_or(current);
    if let Some(n) = args.weeks {
        return trend(&store, date, current, usize::from(n), args.json, out);
    }
    let from = week::first_needed(date, settings.week_start);
    // A night after the current one (logged in a zone ahead, or by a clock that was wrong) has
    // not happened here yet: counting it made "so far" read 5 of 2 nights logged.
    let to = date.checked_add_days(Days::new(7)).unwrap_or(date).min(current);
    let nights = store.nights(Some(from), Some(to))?;
    let mut s = week::summarize(&nights, &store.medications()?, date, settings.week_start);
    s.add_measured(&store.measured_values(Some(from), Some(to))?, current);
    if args.json {
        crate::export::json::write_pretty(&mut *out, &s)?;
        writeln!(out)?;
        return Ok(());
    }
    let so_far = s.nights_so_far(current);
    let part = if so_far < 7 { format!(", so far ({so_far} of 7 nights)") } else { String::new() };
    writeln!(out, "Week of {} – {}{part}", s.start.format("%a %-d %b"), s.end.format("%a %-d %b %Y"))?;
    for d in &s.days {
        let what = match (d.logged, d.episodes) {
            _ if d.date > current => "still to come".to_owned(),
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
    let this = if so_far < 7 { "so far" } else { "this week" };
    writeln!(out, "{:<22}{:>10}{:>10}{:>10}  vs avg", "", this, "last week", "4-wk avg")?;
    for m in s.metrics(so_far) {
        let show = |v, average| m.measure.show(v, average, settings.units);
        let change = m.change(m.average).map(|(c, rose)| c.words(rose)).unwrap_or_default();
        writeln!(
            out,
            "{:<22}{:>10}{:>10}{:>10}  {change}",
            m.label,
            m.show_this(settings.units),
            show(m.last_week, false),
            show(m.average, true)
        )?;
    }
    writeln!(out, "(/7 and /night are per logged night, so a part week compares fairly)")?;
    let trend: Vec<String> = s
        .trend
        .iter()
        .map(|p| if p.nights_logged == 0 { "·".to_owned() } else { p.cramp_nights.to_string() })
        .collect();
    writeln!(out, "Cramp nights per week, last 12 weeks (· = nothing logged): {}", trend.join(" "))?;
    if let Some(r) = s.trend.last().and_then(|p| p.rolling_cramp_nights_per_7) {
        writeln!(out, "Rolling 4 weeks: {r:.1} cramp nights per 7 logged nights")?;
    }
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

/// `--weeks N`: one line per week, oldest first, then the medicine changes in those weeks.
fn trend(
    store: &crate::store::Store,
    date: chrono::NaiveDate,
    current: chrono::NaiveDate,
    weeks: usize,
    json: bool,
    out: &mut dyn Write,
) -> CliResult {
    let settings = store.settings()?;
    let last = week::week_start(date, settings.week_start);
    let from = last.checked_sub_days(Days::new(7 * (weeks as u64 - 1))).unwrap_or(last);
    let to = last.checked_add_days(Days::new(6)).unwrap_or(last);
    // The first week's rolling rate pools the three weeks before it too.
    let nights = store
        .nights(Some(week::first_needed_for(date, settings.week_start, weeks)), Some(to.min(current)))?;
    let t = Trend {
        weeks: week::trend(&nights, last, weeks),
        medicine_changes: week::medicine_changes(&store.medications()?, from, to),
    };
    if json {
        crate::export::json::write_pretty(&mut *out, &t)?;
        writeln!(out)?;
        return Ok(());
    }
    writeln!(out, "Cramp nights and cramps per week, {} weeks from {}", weeks, from.format("%a %-d %b %Y"))?;
    writeln!(out, "{:<17}{:>8}{:>14}{:>8}{:>11}", "week of", "logged", "cramp nights", "cramps", "4-wk /7")?;
    for p in &t.weeks {
        let note = if p.week_start <= current && current < p.week_start + chrono::Duration::days(6) {
            "  (so far)"
        } else {
            ""
        };
        let rolling = p.rolling_cramp_nights_per_7.map_or_else(|| "–".to_owned(), |r| format!("{r:.1}"));
        let (cramp_nights, cramps) = if p.nights_logged == 0 {
            ("·".to_owned(), "·".to_owned())
        } else {
            (p.cramp_nights.to_string(), p.episodes.to_string())
        };
        writeln!(
            out,
            "{:<17}{:>8}{:>14}{:>8}{:>11}{note}",
            p.week_start.format("%a %-d %b %Y"),
            format!("{}/7", p.nights_logged),
            cramp_nights,
            cramps,
            rolling
        )?;
    }
    for c in &t.medicine_changes {
        let what = if c.started { "started" } else { "stopped (last day)" };
        writeln!(out, "{}  {} {what}", c.date.format("%a %-d %b %Y"), c.name)?;
    }
    Ok(())
}
