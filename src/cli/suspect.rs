//! `cramp suspect`: the factors you suspect, shown by `cramp analyze` beside what your records
//! say about each.

use std::io::Write;

use clap::Args;

use super::{CliResult, Context, log::warn, usage};
use crate::analysis::catalogue;
use crate::model::Factor;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp suspect                                   list what you suspect
  cramp suspect --add tag:coffee --add low_fluid
  cramp suspect --remove low_fluid

Factors: low_fluid, few_mg_k_foods, hard_activity, long_standing, long_sitting,
unsupportive_footwear, toes_pointed, feet_hanging, tucked_covers, stretched, med:CLASS
(diuretic, statin, asthma, antidepressant, other) and tag:NAME for your own tags.")]
pub struct SuspectArgs {
    /// A factor you suspect; repeatable
    #[arg(long, value_name = "FACTOR", value_parser = factor)]
    pub add: Vec<Factor>,
    /// A factor you no longer suspect; repeatable
    #[arg(long, value_name = "FACTOR", value_parser = factor)]
    pub remove: Vec<Factor>,
    /// Print what you suspect (after any change) as JSON: `[{"id", "name"}]`
    #[arg(long)]
    pub json: bool,
}

fn factor(s: &str) -> Result<Factor, String> {
    s.parse().map_err(|e: crate::model::UnknownFactor| e.to_string())
}

pub fn run(ctx: &Context, args: &SuspectArgs, out: &mut dyn Write) -> CliResult {
    if let Some(f) = args.add.iter().find(|f| args.remove.contains(f)) {
        return Err(usage(format!("--add {f} and --remove {f} contradict each other")));
    }
    let mut store = ctx.open()?;
    if !args.add.is_empty() || !args.remove.is_empty() {
        store.change_suspected(&args.add, &args.remove)?;
        warn(&mut store);
    }
    let suspected = store.suspected_factors()?;
    if args.json {
        let rows: Vec<serde_json::Value> = suspected
            .iter()
            .map(|f| serde_json::json!({"id": f.to_string(), "name": catalogue::name(f)}))
            .collect();
        crate::export::json::write_pretty(out, &rows)?;
        writeln!(out)?;
        return Ok(());
    }
    if suspected.is_empty() {
        writeln!(out, "You suspect nothing yet. Add a factor with: cramp suspect --add tag:coffee")?;
        return Ok(());
    }
    writeln!(out, "You suspect:")?;
    for f in &suspected {
        writeln!(out, "  {:<24} {}", f.to_string(), catalogue::name(f))?;
    }
    writeln!(out, "`cramp analyze` shows what your records say about each.")?;
    Ok(())
}
