//! `cramp experiment`: plan a randomised n-of-1 experiment, follow it night by night, report it.

use std::hash::{BuildHasher, Hasher};
use std::io::Write;

use chrono::{Days, NaiveDate};
use clap::{Args, Subcommand};

use super::{CliResult, Context, log::warn, usage};
use crate::experiment::view::Overview;
use crate::experiment::wording::{Piece, day_line};
use crate::experiment::{Change, Design, Plan, State};
use crate::model::{Condition, Profile, Units};
use crate::parse::DateArg;
use crate::store::{Store, StoredExperiment};

#[derive(Debug, Args)]
#[command(after_help = "An n-of-1 experiment answers \"does this help me?\" better than a diary can: you
alternate periods with the change (B) and without it (A), in an order drawn at random and
locked in advance, and the cramps a night are compared. The first nights of each period are
not counted, so the previous period can wear off.

Examples:
  cramp experiment plan stretching
  cramp experiment plan fluid --at-least 2l --pairs 6
  cramp experiment plan mg-k-foods --at-least 2 --seed 42
  cramp experiment plan tag:ginger-tea      a change of your own: tag the nights you made it
  cramp experiment status                   tonight's assignment
  cramp experiment report --json
  cramp experiment amend \"away 12-16 March, nights not logged\"
  cramp experiment abandon")]
pub struct ExperimentArgs {
    #[command(subcommand)]
    pub command: ExperimentCommand,
}

#[derive(Debug, Subcommand)]
pub enum ExperimentCommand {
    /// Plan and lock an experiment: WHAT is stretching, fluid, mg-k-foods or tag:NAME
    Plan(PlanArgs),
    /// Tonight's assignment and how far the experiment has come
    Status,
    /// The pre-declared analysis, the periods, adherence and any amendments
    Report {
        /// As JSON, for other programs
        #[arg(long)]
        json: bool,
    },
    /// Stop the experiment early (its nights so far stay in the report)
    Abandon,
    /// Add a note to the locked plan; amendments are kept and shown in the report
    Amend {
        /// What changed and why, up to 500 characters
        text: String,
    },
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// stretching, fluid, mg-k-foods or tag:NAME
    pub what: String,
    /// The B-night target for fluid (2l, 2000ml, 64oz) or mg-k-foods (servings)
    #[arg(long, value_name = "AMOUNT")]
    pub at_least: Option<String>,
    /// The seed that draws the order (the same seed gives the same plan) [default: random, stored]
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Nights in each period, 7–56
    #[arg(long, default_value_t = 14, value_name = "NIGHTS")]
    pub period: u32,
    /// Pairs of periods (each pair holds one A and one B), 2–12
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub pairs: u32,
    /// Nights at the start of each period that are not counted
    #[arg(long, default_value_t = 3, value_name = "NIGHTS")]
    pub washout: u32,
    /// The first night: YYYY-MM-DD, today or a weekday (the next one) [default: tonight]
    #[arg(long, value_name = "DATE", value_parser = crate::parse::date)]
    pub start: Option<DateArg>,
}

impl ExperimentCommand {
    /// Whether it changes the journal (and so prints only after the change has landed).
    pub(super) fn writes(&self) -> bool {
        matches!(self, Self::Plan(_) | Self::Abandon | Self::Amend { .. })
    }
}

pub fn run(ctx: &Context, args: &ExperimentArgs, out: &mut dyn Write) -> CliResult {
    match &args.command {
        ExperimentCommand::Plan(p) => plan(ctx, p, out),
        ExperimentCommand::Status => status(ctx, out),
        ExperimentCommand::Report { json } => report(ctx, *json, out),
        ExperimentCommand::Abandon => abandon(ctx, out),
        ExperimentCommand::Amend { text } => amend(ctx, text, out),
    }
}

/// Why a change is not one to try alone: `Some` names the reason and what to do instead.
fn unsafe_for(change: &Change, profile: &Profile, medicines: &[String]) -> Option<String> {
    let has = |c| profile.conditions.contains(&c);
    match change {
        Change::Fluid { .. } if has(Condition::FluidRestricted) || has(Condition::Kidney) || has(Condition::HeartFailure) => {
            Some("your profile lists a condition for which fluid is often limited (fluid-restricted, kidney or heart failure); drinking to a target is not one to try alone, so ask your doctor what amount is right for you".into())
        }
        Change::MgKFoods { .. } if has(Condition::Kidney) => Some(
            "with kidney disease, magnesium and potassium can build up in the blood; ask your doctor before eating more of them on purpose".into(),
        ),
        Change::Tag(t) => {
            let name = t.as_str();
            if medicines.iter().any(|m| m.eq_ignore_ascii_case(name)) || ["quinine", "quinine-sulfate"].contains(&name) {
                Some(format!("{name} is a medicine: cramp never plans around starting, stopping or timing a prescribed medicine; ask your doctor, who can set up a trial of it with you"))
            } else if has(Condition::Kidney) && name.contains("magnesium") {
                Some("with kidney disease, magnesium can build up in the blood; ask your doctor before taking it".into())
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A start date as typed: a weekday means the next one from today on (a plan looks forward).
fn forward(arg: DateArg, today: NaiveDate) -> NaiveDate {
    match arg {
        DateArg::Last(day) => {
            today.iter_days().take(7).find(|d| chrono::Datelike::weekday(d) == day).unwrap_or(today)
        }
        other => other.resolve(today),
    }
}

fn random_seed() -> u64 {
    // Seeded from the system's randomness once per process; stored, so it need not be secret.
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0x0063_7261_6d70);
    h.finish()
}

fn plan(ctx: &Context, args: &PlanArgs, out: &mut dyn Write) -> CliResult {
    let mut store = ctx.open()?;
    let settings = store.settings()?;
    let change = Change::from_words(&args.what, args.at_least.as_deref(), settings.units)
        .map_err(|e| usage(e.to_string()))?;
    let design = Design::new(args.period, args.pairs, args.washout).map_err(|e| usage(e.to_string()))?;
    let today = ctx.today();
    let start = args.start.map_or(today, |d| forward(d, today));
    if start < today {
        return Err(usage(format!(
            "--start {start} is in the past; an experiment starts tonight ({today}) or later, so its order is fixed before any of its nights"
        )));
    }
    let medicines: Vec<String> = store.medications()?.iter().map(|m| m.name.to_string()).collect();
    if let Some(why) = unsafe_for(&change, &store.profile()?, &medicines) {
        return Err(usage(format!("not planned: {why}")));
    }
    let plan = Plan::draw(design, args.seed.unwrap_or_else(random_seed), start);
    let recent = store.nights(today.checked_sub_days(Days::new(14)), today.pred_opt())?;
    let recent_cramps: usize = recent.iter().map(|n| n.episodes.len()).sum();
    store.create_experiment(&change, &plan, today)?;
    warn(&mut store);
    if recent_cramps < 4 {
        eprintln!(
            "warning: {recent_cramps} cramp{} logged in the last 14 nights; trials ask for at least 4, since with fewer the experiment can show little",
            if recent_cramps == 1 { "" } else { "s" }
        );
    }
    let order: String =
        (1..=design.pairs * 2).filter_map(|p| plan.arm_of(p)).map(crate::experiment::Arm::letter).collect();
    writeln!(
        out,
        "Planned and locked: {}. {} pairs of {}-night periods, {} to {}, order {order} (seed {}).",
        change.gerund(settings.units),
        design.pairs,
        design.period,
        plan.start,
        plan.end(),
        plan.seed
    )?;
    writeln!(
        out,
        "B nights: {}. A nights: {}. The first {} nights of each period are not counted.",
        change.instruction(settings.units),
        change.usual(settings.units),
        design.washout
    )?;
    writeln!(out, "`cramp status` says each day which it is; log every night as usual.")?;
    Ok(())
}

fn latest(store: &Store) -> CliResult<StoredExperiment> {
    store
        .latest_experiment()?
        .ok_or_else(|| usage("no experiment yet; plan one with: cramp experiment plan stretching"))
}

/// The experiment summed and analysed on `today`.
pub(crate) fn overview(store: &Store, e: &StoredExperiment, today: NaiveDate) -> CliResult<Overview> {
    let last = e.plan.end().min(today);
    let nights = store.nights(Some(e.plan.start), Some(last))?;
    let amendments = e.amendments.iter().map(|a| (a.made, a.text.clone())).collect();
    Ok(Overview::new(e.change.clone(), e.plan.clone(), e.state_on(today), amendments, &nights, today))
}

/// Tonight's line for `cramp status`, `None` without an experiment planned or running.
pub(crate) fn tonight_line(store: &Store, today: NaiveDate, units: Units) -> CliResult<Option<String>> {
    let Some(e) = store.latest_experiment()? else { return Ok(None) };
    let last = match today.pred_opt() {
        Some(d) => store.night(d)?,
        None => None,
    };
    Ok(day_line(&e.change, &e.plan, e.state_on(today), today, last.as_ref(), units))
}

fn status(ctx: &Context, out: &mut dyn Write) -> CliResult {
    let store = ctx.open_read()?;
    let units = store.settings()?.units;
    let e = latest(&store)?;
    let today = ctx.today();
    let state = e.state_on(today);
    let line = tonight_line(&store, today, units)?;
    let done = e.plan.on(today).map_or(0, |a| (a.period - 1) * e.plan.design.period + a.night - 1);
    writeln!(
        out,
        "Experiment ({}), {}: {} to {}, {done} of {} nights done.",
        e.change.gerund(units),
        state.word(),
        e.plan.start,
        e.plan.end(),
        e.plan.design.nights()
    )?;
    if let Some(line) = line {
        writeln!(out, "{line}")?;
    } else if state == State::Finished {
        writeln!(out, "It is over: `cramp experiment report` shows what it found.")?;
    }
    Ok(())
}

fn report(ctx: &Context, json: bool, out: &mut dyn Write) -> CliResult {
    let store = ctx.open_read()?;
    let units = store.settings()?.units;
    let e = latest(&store)?;
    let view = overview(&store, &e, ctx.today())?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &json_report(&view, units))
            .map_err(|e| super::CliError::Failed(e.into()))?;
        writeln!(out)?;
        return Ok(());
    }
    for piece in view.report(units) {
        match piece {
            Piece::Heading(h) => writeln!(out, "\n{h}")?,
            Piece::Text(t) => writeln!(out, "{t}")?,
            Piece::Item(i) => writeln!(out, "  - {i}")?,
        }
    }
    Ok(())
}

fn abandon(ctx: &Context, out: &mut dyn Write) -> CliResult {
    let mut store = ctx.open()?;
    let e = latest(&store)?;
    let state = e.state_on(ctx.today());
    if !matches!(state, State::Planned | State::Running) {
        return Err(usage(format!("the latest experiment is already {}; nothing to abandon", state.word())));
    }
    store.abandon_experiment(e.id, ctx.today())?;
    warn(&mut store);
    writeln!(out, "Abandoned. Its nights so far stay in `cramp experiment report`; you can plan another.")?;
    Ok(())
}

fn amend(ctx: &Context, text: &str, out: &mut dyn Write) -> CliResult {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 500 || text.chars().any(char::is_control) {
        return Err(usage("the amendment must be 1–500 characters without control characters"));
    }
    let mut store = ctx.open()?;
    let e = latest(&store)?;
    store.amend_experiment(e.id, ctx.today(), text)?;
    warn(&mut store);
    writeln!(out, "Added to the experiment's amendments; the plan itself stays as locked.")?;
    Ok(())
}

/// The report for other programs: the plan, the periods and every figure the text shows.
fn json_report(v: &Overview, units: Units) -> serde_json::Value {
    use serde_json::json;
    let d = v.plan.design;
    let (what, target) = v.change.stored();
    let periods: Vec<_> = v
        .periods
        .iter()
        .map(|p| {
            let (first, last) = v.plan.period_dates(p.period);
            json!({
                "period": p.period, "pair": p.pair, "arm": p.arm.letter().to_string(),
                "first_night": first.to_string(), "last_night": last.to_string(),
                "analysed_nights": p.nights, "cramps": p.cramps, "cramp_nights": p.cramp_nights,
                "worst_intensity": p.worst.map(crate::model::Score::get),
                "followed": p.followed, "adherence_known": p.known,
            })
        })
        .collect();
    let arm = |a: &crate::experiment::ArmSummary| {
        json!({"nights": a.nights, "cramps": a.cramps, "rate": a.rate(), "cramp_nights": a.cramp_nights,
               "worst_intensity": a.worst.map(crate::model::Score::get), "followed": a.followed, "adherence_known": a.known})
    };
    let analysis = v.analysis.as_ref().map(|a| {
        json!({
            "a": arm(&a.a), "b": arm(&a.b), "phi": a.phi,
            "p_rr_below_1": a.p_lower, "p_rr_below_0_75": a.p_quarter,
            "rr_median": a.median, "rr_interval_95": [a.interval.0, a.interval.1],
            "pairs": a.pairs, "randomisation_p_one_sided": a.randomisation_p,
            "randomisation_floor": a.randomisation_floor,
            "paired_t": a.paired_t.map(|(t, p)| json!({"t": t, "p_two_sided": p})),
        })
    });
    json!({
        "what": what, "target": target, "instruction": v.change.instruction(units),
        "seed": v.plan.seed.to_string(), "period": d.period, "pairs": d.pairs, "washout": d.washout,
        "start": v.plan.start.to_string(), "end": v.plan.end().to_string(),
        "outcome": "cramps_per_night", "state": v.state.word(),
        "order": (1..=d.pairs * 2).filter_map(|p| v.plan.arm_of(p)).map(|a| a.letter().to_string()).collect::<Vec<_>>(),
        "periods": periods, "analysis": analysis,
        "power": {"halving": v.power.halving, "halving_six_pairs": v.power.halving_six_pairs, "fall_30": v.power.fall_30},
        "amendments": v.amendments.iter().map(|(d, t)| json!({"made": d.to_string(), "text": t})).collect::<Vec<_>>(),
    })
}
