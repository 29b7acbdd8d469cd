//! `cramp status`: one quick line for a shell prompt or login script.

use std::io::Write;

use super::{CliResult, Context};
use crate::analysis::week::week_start;

pub fn run(ctx: &Context, out: &mut dyn Write) -> CliResult {
    // A prompt should never create a journal by looking for one.
    if !ctx.db.exists() {
        writeln!(out, "cramp: no journal yet; start with: cramp log")?;
        return Ok(());
    }
    let store = ctx.open_read()?;
    let settings = store.settings()?;
    let night = ctx.current_night(&settings);
    // Only from the evening on is the default night one that has not been slept yet.
    let tonight = night == ctx.now.date_naive();
    let last_night = night.pred_opt().unwrap_or(night);
    let start = week_start(night, settings.week_start);
    let week = store.logged_dates(Some(start.min(last_night)), Some(night))?;
    let state = |date| match week.iter().find(|(d, _)| *d == date) {
        Some((_, 0)) => "logged, cramp-free".to_owned(),
        Some((_, n)) => format!("logged, {n} cramp{}", if *n == 1 { "" } else { "s" }),
        None if date == night && tonight => "not logged yet (cramp log at bedtime)".to_owned(),
        None => "NOT logged (cramp log)".to_owned(),
    };
    let label = |date: chrono::NaiveDate| date.format("%a %-d %b").to_string();
    let said = if tonight {
        let missed = if week.iter().any(|(d, _)| *d == last_night) {
            String::new()
        } else {
            format!("last night ({}) NOT logged (cramp log --date {last_night}) · ", label(last_night))
        };
        format!("cramp: {missed}tonight ({}) {}", label(night), state(night))
    } else {
        format!("cramp: last night ({}) {}", label(night), state(night))
    };
    let this_week: Vec<_> = week.iter().filter(|(d, _)| *d >= start).collect();
    let cramp_nights = this_week.iter().filter(|(_, n)| *n > 0).count();
    writeln!(
        out,
        "{said} · this week {cramp_nights} cramp night{} in {} logged",
        if cramp_nights == 1 { "" } else { "s" },
        this_week.len()
    )?;
    if let Some(line) = super::experiment::tonight_line(&store, ctx.today(), settings.units)? {
        writeln!(out, "{line}")?;
    }
    Ok(())
}
