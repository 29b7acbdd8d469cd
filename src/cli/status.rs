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
    let store = ctx.open()?;
    let settings = store.settings()?;
    let night = ctx.current_night(&settings);
    let start = week_start(night, settings.week_start);
    let week = store.logged_dates(Some(start), Some(night))?;
    let last = match week.iter().find(|(d, _)| *d == night) {
        Some((_, 0)) => "logged, cramp-free".to_owned(),
        Some((_, n)) => format!("logged, {n} cramp{}", if *n == 1 { "" } else { "s" }),
        None => "NOT logged (cramp log)".to_owned(),
    };
    let cramp_nights = week.iter().filter(|(_, n)| *n > 0).count();
    writeln!(
        out,
        "cramp: last night ({}) {last} · this week {cramp_nights} cramp night{} in {} logged",
        night.format("%a %-d %b"),
        if cramp_nights == 1 { "" } else { "s" },
        week.len()
    )?;
    Ok(())
}
