//! `cramp profile` and `cramp settings`.

use std::borrow::Cow;
use std::io::Write;

use clap::Args;

use super::{CliResult, Context, log::warn, usage};
use crate::model::{Condition, Settings};
use crate::printable::printable;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp profile                               show the profile
  cramp profile --add diabetes --add neuropathy
  cramp profile --remove pregnancy
  cramp profile --name \"Ann Müller\"            shown on the summary for your doctor

Conditions: neuropathy, diabetes, circulation (e.g. peripheral arterial disease), kidney,
thyroid, pregnancy, fluid-restricted. They are not tested as triggers; they change the advice
(no 'drink more' when fluid-restricted or with kidney disease) and are listed for your doctor.")]
pub struct ProfileArgs {
    /// A condition to add; repeatable
    #[arg(long, value_name = "CONDITION", value_parser = <Condition as std::str::FromStr>::from_str)]
    pub add: Vec<Condition>,
    /// A condition to remove; repeatable
    #[arg(long, value_name = "CONDITION", value_parser = <Condition as std::str::FromStr>::from_str)]
    pub remove: Vec<Condition>,
    /// Your name, for the doctor's summary; an empty string removes it
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Print the profile as JSON: `{"name", "conditions"}`
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp settings                      all settings
  cramp settings units imperial       metric or imperial
  cramp settings week-start sunday    monday or sunday
  cramp settings day-boundary 11      hour (0–23) before which a time belongs to the previous night")]
pub struct SettingsArgs {
    /// units, week-start or day-boundary
    #[arg(value_name = "KEY")]
    pub key: Option<String>,
    /// The new value; without it the current value is printed
    #[arg(value_name = "VALUE")]
    pub value: Option<String>,
    /// Print every setting as JSON (after any change): `{"units", "week_start", "day_boundary", "evening"}`
    #[arg(long)]
    pub json: bool,
}

pub fn run_profile(ctx: &Context, args: &ProfileArgs, out: &mut dyn Write) -> CliResult {
    if let Some(c) = args.add.iter().find(|c| args.remove.contains(c)) {
        return Err(usage(format!("--add {c} and --remove {c} contradict each other")));
    }
    let name = match args.name.as_deref().map(str::trim) {
        Some("") => Some(None),
        Some(n) => Some(Some(
            crate::model::PersonName::new(n)
                .map_err(|_| usage("--name: use up to 100 characters, without control characters"))?,
        )),
        None => None,
    };
    let mut store = ctx.open()?;
    let mut profile = store.profile()?;
    let changing = name.is_some() || !args.add.is_empty() || !args.remove.is_empty();
    if changing {
        if let Some(n) = name {
            profile.name = n;
        }
        profile.conditions.extend(args.add.iter().copied());
        for c in &args.remove {
            profile.conditions.remove(c);
        }
        store.save_profile(&profile)?;
        warn(&mut store);
    }
    if args.json {
        let conditions: Vec<&str> = profile.conditions.iter().map(|c| c.as_str()).collect();
        let name = profile.name.as_ref().map(crate::model::PersonName::as_str);
        crate::export::json::write_pretty(out, &serde_json::json!({"name": name, "conditions": conditions}))?;
        writeln!(out)?;
        return Ok(());
    }
    let name = profile
        .name
        .as_ref()
        .map(crate::model::PersonName::as_str)
        .map_or(Cow::Borrowed("(not set)"), printable);
    writeln!(out, "Name:       {name}")?;
    let conditions: Vec<&str> = profile.conditions.iter().map(|c| c.as_str()).collect();
    writeln!(
        out,
        "Conditions: {}",
        if conditions.is_empty() { "none".to_owned() } else { conditions.join(", ") }
    )?;
    Ok(())
}

pub fn run_settings(ctx: &Context, args: &SettingsArgs, out: &mut dyn Write) -> CliResult {
    // Check the key before touching the journal.
    if let Some(key) = &args.key {
        Settings::default().get(key).map_err(|e| usage(e.to_string()))?;
    }
    let mut store = ctx.open()?;
    let mut settings = store.settings()?;
    if args.json {
        if let (Some(key), Some(value)) = (&args.key, &args.value) {
            settings.set(key, value).map_err(|e| usage(e.to_string()))?;
            store.save_settings(&settings)?;
            warn(&mut store);
        }
        crate::export::json::write_pretty(out, &settings_json(settings))?;
        writeln!(out)?;
        return Ok(());
    }
    match (&args.key, &args.value) {
        (None, _) => {
            for key in Settings::KEYS {
                writeln!(out, "{key:<13} {}", settings.get(key).map_err(|e| usage(e.to_string()))?)?;
            }
        }
        (Some(key), None) => writeln!(out, "{}", settings.get(key).map_err(|e| usage(e.to_string()))?)?,
        (Some(key), Some(value)) => {
            settings.set(key, value).map_err(|e| usage(e.to_string()))?;
            store.save_settings(&settings)?;
            warn(&mut store);
            writeln!(out, "{key} is now {}", settings.get(key).map_err(|e| usage(e.to_string()))?)?;
        }
    }
    Ok(())
}

/// The settings as `cramp settings --json` prints them: the day boundary as its hour (0–23),
/// as in a JSON export, and the evening as `HH:MM`.
fn settings_json(s: Settings) -> serde_json::Value {
    serde_json::json!({
        "units": s.units.to_string(),
        "week_start": s.week_start.to_string(),
        "day_boundary": s.day_boundary.hour(),
        "evening": s.evening.to_string(),
    })
}
