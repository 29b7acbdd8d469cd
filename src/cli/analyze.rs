//! `cramp analyze`: which known causes go with your cramp nights, as plain text that fits 80
//! columns (red flags first) or as JSON.

use std::fmt::Write as _;
use std::io::Write;

use chrono::Days;
use clap::Args;

use super::{CliResult, Context, text};
use crate::analysis::{self, FactorResult, Report};

/// Text output never runs wider than this.
const WIDTH: usize = 80;

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  cramp analyze                               every logged night
  cramp analyze --from 2026-06-01             since June
  cramp analyze --json | jq '.factors[] | select(.status == \"flagged\")'

Each factor is compared between the nights that had it and those that did not: how often
cramps came, with p-values that allow for cramps coming in spells (a circular-shift test, or
Fisher's test widened by Bartlett's correction on shorter journals) and Benjamini–Hochberg
q-values across all factors. A factor that stands out is checked again with the factors that
come on the same days and the change over the months held fixed (a modified Poisson model).
A factor is tested once it has 28 nights, at least 7 with it and 7 without. Results are
associations in your own records, not proof of cause.")]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub range: super::RangeArgs,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &AnalyzeArgs, out: &mut dyn Write) -> CliResult {
    let (from, to) = args.range.resolve(ctx)?;
    let store = ctx.open_read()?;
    // The night before the range is the "day before" of its first night.
    let nights = store.nights(from.and_then(|f| f.checked_sub_days(Days::new(1))), to)?;
    let medications = store.medications()?;
    let profile = store.profile()?;
    let settings = store.settings()?;
    let suspected = store.suspected_factors()?;
    let measured = store.measured_values(from.and_then(|f| f.checked_sub_days(Days::new(1))), to)?;
    let report = analysis::analyze(&analysis::Input {
        nights: &nights,
        medications: &medications,
        profile: &profile,
        suspected: &suspected,
        units: settings.units,
        from,
        to,
        today: ctx.today(),
        measured: &measured,
    });
    if args.json {
        crate::export::json::write_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        // Medicine names are the person's own text: shown, never obeyed.
        write!(out, "{}", crate::printable::printable(&render(&report)))?;
    }
    Ok(())
}

/// Wraps `text` to [`WIDTH`], starting with `first` and indenting the rest to `indent` spaces.
fn wrap(out: &mut String, first: &str, indent: usize, text: &str) {
    let mut line = first.to_owned();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

fn heading(out: &mut String, title: &str) {
    let _ = write!(out, "\n{title}\n");
}

/// A finding as a bullet with its explanation and what to try.
fn item(out: &mut String, title: &str, body: &str, advice: Option<&str>) {
    wrap(out, "  • ", 4, title);
    wrap(out, "    ", 4, body);
    if let Some(advice) = advice {
        wrap(out, "    Try: ", 4, advice);
    }
}

fn factor(out: &mut String, f: &FactorResult) {
    let advice = (f.advice != "Nothing to change here.").then_some(f.advice.as_str());
    item(out, &f.label(), &f.explanation, advice);
}

/// The factors tested without a clear difference, in one list.
fn no_clear_pattern(out: &mut String, r: &Report) {
    let quiet: Vec<String> =
        r.no_association().iter().filter(|f| f.adjusted.is_none()).map(|f| f.label()).collect();
    if !quiet.is_empty() {
        heading(out, "NO CLEAR PATTERN");
        wrap(out, "  ", 2, &(quiet.join("; ") + "."));
    }
}

/// Fluid, hours and servings as amounts: the ratio per step more and the thirds.
fn doses(out: &mut String, r: &Report) {
    if r.doses.is_empty() {
        return;
    }
    heading(out, "AMOUNTS (per step more, and by thirds of your own range)");
    for d in &r.doses {
        item(out, &d.label(), &d.sentence, None);
    }
}

/// The profile's conditions, which shape the advice but are never tested.
fn conditions(out: &mut String, r: &Report) {
    if !r.conditions.is_empty() {
        heading(out, "YOUR CONDITIONS (not tested; they shape the advice)");
        for c in &r.conditions {
            wrap(
                out,
                "  • ",
                4,
                &format!("{}: {}", analysis::catalogue::condition_name(c.condition), c.note),
            );
        }
    }
}

/// The report as a person reads it: red flags first, then what stands out, then the rest.
#[must_use]
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let span = match (r.from, r.to) {
        (Some(f), Some(t)) => format!(" from {} to {}", text::day(f), text::day(t)),
        _ => String::new(),
    };
    wrap(
        &mut out,
        "",
        0,
        &format!(
            "Cramp analysis of {}{span}; {} with cramps.",
            crate::wording::count(i64::from(r.nights_logged), "logged night", "logged nights"),
            r.cramp_nights
        ),
    );
    wrap(&mut out, "", 0, &r.summary);
    wrap(
        &mut out,
        "",
        0,
        "These are associations in your own records, not proof of what causes your cramps.",
    );

    if !r.red_flags.is_empty() {
        heading(&mut out, "TALK TO A DOCTOR");
        for f in &r.red_flags {
            wrap(&mut out, "  ! ", 4, &f.message);
            wrap(&mut out, "    ", 4, &f.advice);
        }
    }
    let sections: [(&str, Vec<&FactorResult>); 2] =
        [("ASSOCIATED WITH MORE CRAMPS", r.flagged()), ("ASSOCIATED WITH FEWER CRAMPS", r.protective())];
    for (title, list) in sections {
        if !list.is_empty() {
            heading(&mut out, title);
            for f in list {
                factor(&mut out, f);
            }
        }
    }
    doses(&mut out, r);
    if !r.recurring.is_empty() {
        heading(&mut out, "RECURRING, NOT YET CONFIRMED");
        for f in &r.recurring {
            item(&mut out, &analysis::catalogue::label(&f.id, f.lag), &f.explanation, Some(&f.advice));
        }
    }
    if !r.medication_changes.is_empty() {
        heading(&mut out, "MEDICINE CHANGES");
        for c in &r.medication_changes {
            let verb = match c.change {
                analysis::Change::Started => "started",
                analysis::Change::Stopped => "last taken",
            };
            let title = format!("{} ({}), {verb} {}", c.medicine, c.class, text::day(c.date));
            item(&mut out, &title, &format!("{} {}", c.explanation, c.caution), None);
        }
    }
    if !r.suspicions.is_empty() {
        heading(&mut out, "YOUR SUSPICIONS");
        for s in &r.suspicions {
            wrap(&mut out, "  • ", 4, &s.message);
        }
    }
    let explained = r.explained();
    if !explained.is_empty() {
        heading(&mut out, "COMES WITH ANOTHER FACTOR (not flagged on its own)");
        for f in &explained {
            factor(&mut out, f);
        }
    }
    no_clear_pattern(&mut out, r);
    let waiting = r.needs_more_data();
    if !waiting.is_empty() {
        heading(&mut out, "NEEDS MORE NIGHTS");
        // Grouped by how many more nights each needs, fewest first.
        let mut rest = waiting.as_slice();
        while let Some(first) = rest.first() {
            let needed = analysis::findings::more_nights(first.table());
            let group =
                rest.iter().take_while(|f| analysis::findings::more_nights(f.table()) == needed).count();
            let names: Vec<String> = rest[..group].iter().map(|f| f.label()).collect();
            let lead = format!("  {needed}: ");
            wrap(&mut out, &lead, 4, &(names.join("; ") + "."));
            rest = &rest[group..];
        }
    }
    conditions(&mut out, r);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_to_80_columns_and_indents() {
        let mut out = String::new();
        let text = "word ".repeat(40) + "×××";
        wrap(&mut out, "  • ", 4, &text);
        for (i, line) in out.lines().enumerate() {
            assert!(line.chars().count() <= WIDTH, "{line}");
            assert!(if i == 0 {
                line.starts_with("  • word")
            } else {
                line.starts_with("    word") || line.starts_with("    ×")
            });
        }
    }
}
