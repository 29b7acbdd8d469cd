//! The experiment in the person's words: tonight's line and the report's sentences, shared by
//! `cramp experiment report`, the app's experiment view and the Markdown and PDF exports.

use chrono::NaiveDate;

use super::analysis::{Analysis, FEW_NIGHTS, PeriodSummary, pairs_needed};
use super::power::{ASSUMED_RATE, Power};
use super::{Arm, Change, Plan, State};
use crate::model::{Night, Units};

/// What tonight is in the plan, and whether last night (if in the plan) followed it:
/// "Experiment: night 5 of 14, period B: stretch before bed · last night followed the plan".
#[must_use]
pub fn day_line(
    change: &Change,
    plan: &Plan,
    state: State,
    tonight: NaiveDate,
    last_night: Option<&Night>,
    units: Units,
) -> Option<String> {
    if !matches!(state, State::Planned | State::Running) {
        return None;
    }
    let Some(a) = plan.on(tonight) else {
        return (tonight < plan.start).then(|| {
            format!("Experiment ({}) starts {}", change.gerund(units), plan.start.format("%a %-d %b"))
        });
    };
    let todo = match a.arm {
        Arm::B => change.instruction(units),
        Arm::A => change.usual(units),
    };
    let wash = if a.analysed { "" } else { " (wash-in, not counted)" };
    let mut line = format!(
        "Experiment: night {} of {}, period {}{wash}: {todo}",
        a.night,
        plan.design.period,
        a.arm.letter()
    );
    if let Some(yesterday) = tonight.pred_opt().and_then(|d| plan.on(d)) {
        let said = match last_night.map(|n| change.made_on(n)) {
            None => "not logged yet".to_owned(),
            Some(None) => format!("logged without {}", field_name(change)),
            Some(Some(made)) if made == (yesterday.arm == Arm::B) => "followed the plan".to_owned(),
            Some(Some(_)) => format!("did not follow it (period {})", yesterday.arm.letter()),
        };
        line = format!("{line} · last night {said}");
    }
    Some(line)
}

fn field_name(change: &Change) -> &'static str {
    match change {
        Change::Stretching => "stretching",
        Change::Fluid { .. } => "fluid",
        Change::MgKFoods { .. } => "Mg/K-rich food",
        Change::Tag(_) => "the tag",
    }
}

/// One piece of the report, so each output can style it its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Heading(String),
    Text(String),
    Item(String),
}

/// Everything the report is written from.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    pub change: &'a Change,
    pub plan: &'a Plan,
    pub state: State,
    pub periods: &'a [PeriodSummary],
    pub analysis: Option<&'a Analysis>,
    pub power: Power,
    pub amendments: &'a [(NaiveDate, String)],
    pub today: NaiveDate,
    pub units: Units,
}

fn percent(p: f64) -> String {
    format!("{:.0} %", p * 100.0)
}

fn in_ten(p: f64) -> String {
    format!("{:.0} in 10", (p * 10.0).round())
}

/// The report, pre-declared analysis first.
#[must_use]
pub fn report(r: &ReportInput<'_>) -> Vec<Piece> {
    let mut out = Vec::new();
    let d = r.plan.design;
    out.push(Piece::Heading(format!("Experiment: {} ({})", r.change.gerund(r.units), r.state.word())));
    out.push(Piece::Text(format!(
        "Plan (locked when it was made): {} on B nights, {} on A nights; {} pairs of {}-night periods from {} to {}, the first {} nights of each not counted; order {} (seed {}). Outcome: cramps a night.",
        r.change.instruction(r.units),
        r.change.usual(r.units),
        d.pairs,
        d.period,
        r.plan.start,
        r.plan.end(),
        d.washout,
        order(r.plan),
        r.plan.seed
    )));
    match r.analysis {
        Some(a) => analysis_pieces(r, a, &mut out),
        None => out.push(Piece::Text("No analysis yet: both A and B need logged nights first.".into())),
    }
    out.push(Piece::Heading("Periods".into()));
    for p in r.periods {
        let (first, last) = r.plan.period_dates(p.period);
        let flag =
            if p.nights < FEW_NIGHTS && last < r.today { " (fewer than 7 analysed nights)" } else { "" };
        if first > r.today || (r.state == State::Abandoned && p.nights == 0) {
            let why = if r.state == State::Abandoned { "not run" } else { "to come" };
            out.push(Piece::Item(format!(
                "Period {} ({}, {}–{}): {why}",
                p.period,
                p.arm.letter(),
                first.format("%-d %b"),
                last.format("%-d %b")
            )));
            continue;
        }
        out.push(Piece::Item(format!(
            "Period {} ({}, {}–{}): {} cramps in {} analysed nights logged, followed {} of {}{flag}",
            p.period,
            p.arm.letter(),
            first.format("%-d %b"),
            last.format("%-d %b"),
            p.cramps,
            p.nights,
            p.followed,
            p.known
        )));
    }
    let pw = r.power;
    out.push(Piece::Text(format!(
        "What this design can detect, for someone with about {ASSUMED_RATE:.1} cramps a night: a halving about {} with {} pairs ({} with 6); a 30 % fall only about {}.",
        in_ten(pw.halving),
        pw.pairs,
        in_ten(pw.halving_six_pairs),
        in_ten(pw.fall_30)
    )));
    if !r.amendments.is_empty() {
        out.push(Piece::Heading("Amendments (added after the plan was locked)".into()));
        for (made, text) in r.amendments {
            out.push(Piece::Item(format!("{made}: {text}")));
        }
    }
    out
}

fn order(plan: &Plan) -> String {
    (1..=plan.design.pairs * 2).filter_map(|p| plan.arm_of(p)).map(Arm::letter).collect()
}

fn analysis_pieces(r: &ReportInput<'_>, a: &Analysis, out: &mut Vec<Piece>) {
    let name = r.change.nights_name(r.units);
    out.push(Piece::Text(format!(
        "{name}: {} cramps in {} nights ({:.2} a night); other nights {} in {} ({:.2}). Chance that {} lowers your rate: {}; by a quarter or more: {}. You knew which nights were which, so expectation can play a part.",
        a.b.cramps,
        a.b.nights,
        a.b.rate(),
        a.a.cramps,
        a.a.nights,
        a.a.rate(),
        r.change.gerund(r.units),
        percent(a.p_lower),
        percent(a.p_quarter)
    )));
    out.push(Piece::Item(format!(
        "Rate ratio B/A: {:.2} (95 % interval {:.2}–{:.2}); overdispersion factor {:.2}.",
        a.median, a.interval.0, a.interval.1, a.phi
    )));
    let floor_note = if a.pairs < pairs_needed(0.05, false) {
        format!(
            " With {} pairs it cannot go below {:.4}, so it cannot reach 0.05: that takes {} pairs ({} for one side only).",
            a.pairs,
            a.randomisation_floor,
            pairs_needed(0.05, true),
            pairs_needed(0.05, false)
        )
    } else {
        format!(" Its smallest possible value with {} pairs is {:.4}.", a.pairs, a.randomisation_floor)
    };
    out.push(Piece::Item(format!(
        "Randomisation test over {} pairs: one-sided p {:.4}.{floor_note}",
        a.pairs, a.randomisation_p
    )));
    out.push(Piece::Item(match a.paired_t {
        Some((t, p)) => {
            format!("Paired t-test on the period means, as a check: t {t:.2}, two-sided p {p:.4}.")
        }
        None => "Paired t-test on the period means: needs 2 pairs with different results.".into(),
    }));
    let worst = |w: Option<crate::model::Score>| w.map_or_else(|| "–".to_owned(), |s| s.to_string());
    out.push(Piece::Item(format!(
        "Cramp nights: {} of {} B nights, {} of {} A nights; worst intensity {} and {}.",
        a.b.cramp_nights,
        a.b.nights,
        a.a.cramp_nights,
        a.a.nights,
        worst(a.b.worst),
        worst(a.a.worst)
    )));
    out.push(Piece::Item(format!(
        "Followed as assigned (analysed as assigned either way): {} of {} B nights and {} of {} A nights where the field was logged.",
        a.b.followed, a.b.known, a.a.followed, a.a.known
    )));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::Design;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn tonights_line_names_the_night_the_period_and_last_night() {
        let plan = Plan::draw(Design::default(), 42, day("2026-03-02"));
        let m = Units::Metric;
        let line = |tonight, last: Option<&Night>| {
            day_line(&Change::Stretching, &plan, State::Running, day(tonight), last, m).unwrap_or_default()
        };
        let first = plan.on(day("2026-03-02")).unwrap();
        assert!(
            line("2026-03-02", None).contains("night 1 of 14")
                && line("2026-03-02", None).contains("wash-in")
        );
        assert!(!line("2026-03-02", None).contains("last night"), "the night before the plan is not in it");
        let mut last = Night::empty(day("2026-03-02"));
        assert!(line("2026-03-03", Some(&last)).ends_with("last night logged without stretching"));
        last.stretched = Some(first.arm == Arm::B);
        assert!(line("2026-03-03", Some(&last)).ends_with("last night followed the plan"));
        assert!(line("2026-03-03", None).ends_with("last night not logged yet"));
        let before = day_line(&Change::Stretching, &plan, State::Planned, day("2026-02-27"), None, m);
        assert_eq!(before.as_deref(), Some("Experiment (stretching) starts Mon 2 Mar"));
        assert_eq!(day_line(&Change::Stretching, &plan, State::Abandoned, day("2026-03-03"), None, m), None);
    }

    #[test]
    fn a_past_period_with_few_nights_is_flagged_and_future_ones_are_to_come() {
        let plan = Plan::draw(Design::default(), 1, day("2026-03-02"));
        let mut periods = PeriodSummary::all(&plan, &Change::Stretching, &[]);
        periods[0].nights = 6;
        let input = ReportInput {
            change: &Change::Stretching,
            plan: &plan,
            state: State::Running,
            periods: &periods,
            analysis: None,
            power: Power { pairs: 4, halving: 0.61, halving_six_pairs: 0.8, fall_30: 0.27 },
            amendments: &[],
            today: day("2026-03-20"),
            units: Units::Metric,
        };
        let items: Vec<String> = report(&input)
            .into_iter()
            .filter_map(|p| if let Piece::Item(i) = p { Some(i) } else { None })
            .collect();
        assert!(
            items[0].starts_with("Period 1") && items[0].ends_with("(fewer than 7 analysed nights)"),
            "{items:?}"
        );
        assert!(!items[1].contains("fewer than 7"), "period 2 is still running: {}", items[1]);
        assert!(items[2].ends_with(": to come"), "{}", items[2]);
        let text = report(&input);
        assert!(text.iter().any(|p| matches!(p, Piece::Text(t) if t.contains("a halving about 6 in 10 with 4 pairs (8 in 10 with 6); a 30 % fall only about 3 in 10"))));
    }
}
