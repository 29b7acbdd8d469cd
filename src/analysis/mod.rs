//! Analysis: which documented causes of night cramps go with the person's cramp nights, and the
//! weekly review. Pure functions over nights, medicines and the profile; `today` is a parameter.
//! No SQL, no terminal, no clock.
//!
//! [`analyze`] is the one entry point; [`Report`] holds everything a screen shows, in the order
//! it should be shown: [`Report::red_flags`] first, then [`Report::flagged`] and
//! [`Report::protective`], then [`Report::recurring`], then [`Report::needs_more_data`].

pub mod catalogue;
pub mod dose;
pub mod factors;
pub mod findings;
pub mod medchange;
pub mod poisson;
pub mod power;
pub mod recurring;
pub mod redflags;
pub mod stats;
pub mod streaks;
pub mod suspicions;
pub mod week;
pub mod wording;

use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

pub use findings::{FactorResult, Status};
pub use medchange::{Change, MedicationChange};
pub use recurring::Recurring;
pub use redflags::{RedFlag, RedFlagKind};
pub use suspicions::{Suspicion, SuspicionResult, Verdict};

use crate::model::{Condition, Factor, Medication, Night, Profile, Units};

/// Everything the analysis reads.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Logged nights, oldest first; nights outside the range are ignored, except the one just
    /// before it, which serves as "the day before" for the first night.
    pub nights: &'a [Night],
    pub medications: &'a [Medication],
    pub profile: &'a Profile,
    /// The factors the person suspects (a setting).
    pub suspected: &'a [Factor],
    /// For wording amounts.
    pub units: Units,
    /// First night to analyse; `None` for the first logged.
    pub from: Option<NaiveDate>,
    /// Last night to analyse; `None` for the last logged. Never later than `today`.
    pub to: Option<NaiveDate>,
    pub today: NaiveDate,
    /// What a phone or watch measured (steps, standing, water), by night; read for the
    /// amounts only, never to make a night logged.
    pub measured: &'a [crate::health::Measured],
}

/// What the analysis found overall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// At least one factor is flagged or protective, or an amount shows a clear trend.
    AssociationsFound,
    /// Factors were tested and none stands out.
    NoPattern,
    /// Nothing could be tested yet.
    NotEnoughNights,
}

/// A standing condition, shown as context: conditions do not vary night to night, so they are
/// never tested.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConditionNote {
    pub condition: Condition,
    pub note: &'static str,
}

/// The result of [`analyze`]. Serializes to `cramp analyze --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Report {
    /// The nights analysed, both ends included; `null` when none were logged.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub nights_logged: u32,
    pub cramp_nights: u32,
    /// How many factor×lag comparisons were tested (the family for the q-values).
    pub tests: u32,
    /// How the tested factors' `p_value`s were computed: `circular_shift` or `bartlett`.
    pub p_method: streaks::Method,
    /// For `circular_shift`: how many shifts each observed difference was ranked among.
    pub shifts: Option<u32>,
    pub outcome: Outcome,
    /// One sentence saying what the analysis found, or why it found nothing (with how likely a
    /// doubling would have been seen, when nothing stands out).
    pub summary: String,
    /// How likely a factor that doubled the cramps would have shown up; `null` before any test.
    pub power: Option<power::Power>,
    /// Every factor at every lag, in catalogue order.
    pub factors: Vec<FactorResult>,
    pub recurring: Vec<Recurring>,
    pub medication_changes: Vec<MedicationChange>,
    pub red_flags: Vec<RedFlag>,
    pub suspicions: Vec<Suspicion>,
    pub conditions: Vec<ConditionNote>,
    /// Fluid, standing, sitting and Mg/K servings as amounts, per step more.
    pub doses: Vec<dose::Dose>,
}

impl Report {
    fn with_status(&self, status: Status) -> Vec<&FactorResult> {
        self.factors.iter().filter(|f| f.status == status).collect()
    }

    /// Factors associated with more cramps, strongest first.
    #[must_use]
    pub fn flagged(&self) -> Vec<&FactorResult> {
        let mut v = self.with_status(Status::Flagged);
        v.sort_by(|a, b| b.risk_ratio.unwrap_or(0.0).total_cmp(&a.risk_ratio.unwrap_or(0.0)));
        v
    }

    /// Factors associated with fewer cramps, strongest first.
    #[must_use]
    pub fn protective(&self) -> Vec<&FactorResult> {
        let mut v = self.with_status(Status::Protective);
        v.sort_by(|a, b| a.risk_ratio.unwrap_or(1.0).total_cmp(&b.risk_ratio.unwrap_or(1.0)));
        v
    }

    /// Factors that passed the screen but lost their difference once the factors they come with
    /// (or the time trend) were held fixed; they are also among [`Report::no_association`].
    #[must_use]
    pub fn explained(&self) -> Vec<&FactorResult> {
        self.factors.iter().filter(|f| f.status == Status::NoAssociation && f.adjusted.is_some()).collect()
    }

    /// Factors tested without a clear difference.
    #[must_use]
    pub fn no_association(&self) -> Vec<&FactorResult> {
        self.with_status(Status::NoAssociation)
    }

    /// Factors not tested yet, closest to testable first.
    #[must_use]
    pub fn needs_more_data(&self) -> Vec<&FactorResult> {
        let mut v = self.with_status(Status::InsufficientData);
        v.sort_by_key(|f| f.nights_needed);
        v
    }
}

/// Analyses the nights from `input.from` to `input.to`.
#[must_use]
pub fn analyze(input: &Input<'_>) -> Report {
    let last_allowed = input.to.map_or(input.today, |to| to.min(input.today));
    let from = input.from.or_else(|| input.nights.iter().map(|n| n.date).min());
    let before_from = from.and_then(|f| f.checked_sub_days(Days::new(1)));
    let mut nights: Vec<&Night> = input
        .nights
        .iter()
        .filter(|n| n.date <= last_allowed && before_from.is_none_or(|b| n.date >= b))
        .collect();
    // Callers pass nights oldest first; sorting costs next to nothing when they do.
    nights.sort_by_key(|n| n.date);
    let days = factors::days(&nights, input.medications);
    let start = from.map_or(0, |f| factors::index_from(&days, f));
    let range = start..days.len();
    let in_range = &days[range.clone()];
    let thresholds = factors::Thresholds::of(in_range);

    // Amounts split at the median are tested as amounts (the doses), not as yes/no factors; the
    // splits still serve as what a finding may go with (long standing for the footwear worn on
    // those days), so a bystander of an amount is not reported as a cause of its own.
    let (candidates, proxies): (Vec<Factor>, Vec<Factor>) =
        factors::candidates(in_range).into_iter().partition(|f| !f.is_median_split());
    let series = |list: &[Factor]| -> Vec<(Factor, u8, Vec<Option<bool>>)> {
        list.iter()
            .flat_map(|f| f.lags().iter().map(move |&lag| (f, lag)))
            .map(|(f, lag)| {
                let e = range.clone().map(|i| factors::exposed(f, lag, &days, i, &thresholds)).collect();
                (f.clone(), lag, e)
            })
            .collect()
    };
    let (exposures, proxies) = (series(&candidates), series(&proxies));
    let cramp_series = streaks::Cramps::new(in_range.iter().map(|d| d.cramp).collect());
    let (tables, p_method) = decide(&exposures, &cramp_series);
    let setting = findings::Setting {
        thresholds: &thresholds,
        units: input.units,
        conditions: &input.profile.conditions,
    };
    let (mut factors, tests) = findings::findings(tables, &setting);
    // The splits' own tests matter only to the adjustment, which runs only for a finding.
    if factors.iter().any(|f| matches!(f.status, Status::Flagged | Status::Protective)) {
        let (proxy_tables, _) = decide(&proxies, &cramp_series);
        adjust(&mut factors, &exposures, (&proxies, &proxy_tables), cramp_series.series());
    }
    let doses = dose::doses(&days, range.clone(), &dose::by_night(input.measured), input.units);
    let suspicions = suspicions::suspicions(input.suspected, &factors, &doses);
    let cramp_nights = in_range.iter().filter(|d| d.cramp).count() as u32;
    let outcome = if factors.iter().any(|f| matches!(f.status, Status::Flagged | Status::Protective))
        || doses.iter().any(|d| d.clear)
    {
        Outcome::AssociationsFound
    } else if tests > 0 {
        Outcome::NoPattern
    } else {
        Outcome::NotEnoughNights
    };
    let report = Report {
        from,
        to: input.to.map(|_| last_allowed).or_else(|| in_range.last().map(|d| d.night.date)),
        nights_logged: in_range.len() as u32,
        cramp_nights,
        tests,
        p_method,
        shifts: (p_method == streaks::Method::CircularShift).then(|| cramp_series.shift_count() as u32),
        outcome,
        summary: String::new(),
        power: (tests > 0).then(|| power::power(in_range.len() as u32, cramp_nights, tests)).flatten(),
        recurring: recurring::recurring(
            &candidates,
            &days,
            range.clone(),
            &thresholds,
            input.units,
            &input.profile.conditions,
            &factors,
        ),
        medication_changes: medchange::changes(input.medications, &days, range.clone()),
        doses,
        red_flags: redflags::red_flags(&days, range, input.medications, input.profile),
        suspicions,
        conditions: input
            .profile
            .conditions
            .iter()
            .map(|c| ConditionNote { condition: *c, note: catalogue::condition_note(*c) })
            .collect(),
        factors,
    };
    Report { summary: summary(&report), ..report }
}

/// The table of every comparison, with streak-valid p-values for the eligible ones. The method
/// is chosen once for the whole family, so every q-value comes from p-values of one kind.
fn decide(
    exposures: &[(Factor, u8, Vec<Option<bool>>)],
    cramps: &streaks::Cramps,
) -> (Vec<findings::Comparison>, streaks::Method) {
    let tables: Vec<stats::Table> = exposures.iter().map(|(_, _, e)| tally(e, cramps.series())).collect();
    let tests = tables.iter().filter(|t| findings::nights_needed(**t) == 0).count();
    let method = cramps.method(tests);
    let comparisons = exposures
        .iter()
        .zip(tables)
        .map(|((id, lag, exposure), t)| {
            let decision = (findings::nights_needed(t) == 0).then(|| {
                let p_fisher = t.fisher_p();
                let p = match method {
                    streaks::Method::CircularShift => cramps.circular_p(exposure),
                    streaks::Method::Bartlett => streaks::inflated_p(p_fisher, cramps.inflation(exposure)),
                };
                findings::Decision { p_fisher, p, method }
            });
            (id.clone(), *lag, t, decision)
        })
        .collect();
    (comparisons, method)
}

/// The adjusted view of every screened finding, with the other tested comparisons as the pool
/// of possible co-factors.
/// One factor at one lag with its exposure on each analysed night.
type Series = (Factor, u8, Vec<Option<bool>>);

fn adjust(
    factors: &mut [FactorResult],
    exposures: &[Series],
    (proxies, proxy_tables): (&[Series], &[findings::Comparison]),
    cramps: &[bool],
) {
    let mut pool: Vec<(poisson::Exposure<'_>, f64)> = factors
        .iter()
        .zip(exposures)
        .filter_map(|(f, (id, lag, e))| f.p_value.map(|p| ((id, *lag, e.as_slice()), p)))
        .collect();
    pool.extend(
        proxies
            .iter()
            .zip(proxy_tables)
            .filter_map(|((id, lag, e), (_, _, _, d))| d.as_ref().map(|d| ((id, *lag, e.as_slice()), d.p))),
    );
    for (f, (id, lag, e)) in factors.iter_mut().zip(exposures) {
        if matches!(f.status, Status::Flagged | Status::Protective)
            && let Some(a) = poisson::adjust((id, *lag, e), &pool, cramps)
        {
            findings::adjust(f, a);
        }
    }
}

/// The 2×2 table of an exposure series against the cramps of the same nights.
fn tally(exposure: &[Option<bool>], cramps: &[bool]) -> stats::Table {
    let mut t = stats::Table::default();
    for (e, &c) in exposure.iter().zip(cramps) {
        match e {
            Some(true) => (t.a, t.n1) = (t.a + u32::from(c), t.n1 + 1),
            Some(false) => (t.c, t.n0) = (t.c + u32::from(c), t.n0 + 1),
            None => {}
        }
    }
    t
}

/// The one-sentence verdict: what stands out, or whether silence means "no pattern" or "not
/// enough nights yet".
fn summary(r: &Report) -> String {
    if let Some(nothing) = wording::nothing_to_compare_summary(r) {
        return nothing;
    }
    let waiting = r.needs_more_data().len();
    match r.outcome {
        Outcome::AssociationsFound if r.flagged().is_empty() && r.protective().is_empty() => {
            let clear = r.doses.iter().filter(|d| d.clear).count();
            format!(
                "None of the {} comparisons tested stands out, but {clear} of the {} amounts {} a clear \
                 trend (see Amounts).",
                r.tests,
                r.doses.len(),
                if clear == 1 { "shows" } else { "show" }
            )
        }
        Outcome::AssociationsFound => {
            let mut s = format!(
                "Out of {} comparisons tested, {} associated with more cramps and {} with fewer",
                r.tests,
                plural(r.flagged().len(), "factor is", "factors are"),
                r.protective().len()
            );
            let clear = r.doses.iter().filter(|d| d.clear).count();
            if clear > 0 {
                let verb = if clear == 1 { "shows" } else { "show" };
                let _ = write!(
                    s,
                    "; {clear} of the {} amounts {verb} a clear trend (see Amounts)",
                    r.doses.len()
                );
            }
            s.push('.');
            s
        }
        Outcome::NoPattern => {
            let mut s = format!("No pattern: none of the {} comparisons tested stands out", r.tests);
            if waiting > 0 {
                let _ = write!(s, "; {waiting} more need more nights");
            }
            s.push('.');
            if let Some(p) = &r.power {
                s = [s.as_str(), p.sentence.as_str()].join(" ");
            }
            s
        }
        Outcome::NotEnoughNights => {
            let needed =
                r.factors.iter().filter_map(|f| f.nights_needed).min().unwrap_or(findings::MIN_NIGHTS);
            format!(
                "Not enough nights yet: {} logged; keep logging every night, with or without cramps \
                 (at least {needed} more before the first factor can be tested).",
                r.nights_logged
            )
        }
    }
}

/// "1 factor is", "3 factors are".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Episode};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// 60 nights from 1 September: a hard day every fourth day, a cramp the night after it.
    fn journal() -> Vec<Night> {
        (0..60u64)
            .map(|i| {
                let mut n = Night::empty(d("2026-09-01") + Days::new(i));
                n.activity = Some(if i % 4 == 0 { Activity::Hard } else { Activity::Light });
                if i % 4 == 1 {
                    let start = chrono::DateTime::parse_from_rfc3339("2026-09-01T23:00:00+02:00").unwrap();
                    n.episodes.push(Episode::starting(start));
                }
                n
            })
            .collect()
    }

    fn run(nights: &[Night], from: Option<&str>, to: Option<&str>) -> Report {
        let profile = Profile::default();
        analyze(&Input {
            nights,
            medications: &[],
            profile: &profile,
            suspected: &[Factor::HardActivity, Factor::ToesPointed],
            units: Units::Metric,
            from: from.map(d),
            to: to.map(d),
            today: d("2026-11-28"),
            measured: &[],
        })
    }

    fn hard(r: &Report, lag: u8) -> &FactorResult {
        r.factors.iter().find(|f| f.id == Factor::HardActivity && f.lag == lag).unwrap()
    }

    #[test]
    fn a_planted_lag_is_found_and_the_range_is_respected() {
        let nights = journal();
        let r = run(&nights, None, None);
        assert_eq!((r.nights_logged, r.cramp_nights), (60, 15));
        assert_eq!((r.from, r.to), (Some(d("2026-09-01")), Some(d("2026-10-30"))));
        assert_eq!(hard(&r, 1).status, Status::Flagged);
        assert_eq!(hard(&r, 1).table(), stats::Table { a: 15, n1: 15, c: 0, n0: 44 });
        assert_eq!(r.outcome, Outcome::AssociationsFound);
        assert_eq!(r.suspicions[0].verdict, Verdict::Supported);
        assert_eq!(r.suspicions[1].verdict, Verdict::NotTested);

        // From the 2nd: the 1st is outside, but still serves as the day before the 2nd.
        let r = run(&nights, Some("2026-09-02"), Some("2026-09-30"));
        assert_eq!(r.nights_logged, 29);
        assert_eq!(hard(&r, 1).table().n1 + hard(&r, 1).table().n0, 29);
        assert_eq!(hard(&r, 0).table().n1 + hard(&r, 0).table().n0, 29);
    }

    #[test]
    fn silence_says_whether_it_is_no_pattern_or_too_few_nights() {
        let few = &journal()[..20];
        let r = run(few, None, None);
        assert_eq!((r.outcome, r.tests), (Outcome::NotEnoughNights, 0));
        assert!(r.summary.starts_with("Not enough nights yet: 20 logged"), "{}", r.summary);

        // Cramps every fifth night, whatever the day was like.
        let mut flat = journal();
        for (i, n) in flat.iter_mut().enumerate() {
            n.episodes.clear();
            if i % 5 == 2 {
                n.episodes.push(Episode::starting(
                    chrono::DateTime::parse_from_rfc3339("2026-09-01T23:00:00+02:00").unwrap(),
                ));
            }
        }
        let r = run(&flat, None, None);
        assert_eq!((r.outcome, r.tests), (Outcome::NoPattern, 2));
        assert!(r.summary.starts_with("No pattern: none of the 2 comparisons tested"), "{}", r.summary);
        // 60 nights, 12 with cramps, 2 tests: the chance of seeing a doubling, in words.
        let p = r.power.as_ref().unwrap();
        assert!((p.chance - power::chance(60, 0.2, 2)).abs() < 1e-12);
        assert!(r.summary.ends_with(&p.sentence), "{}", r.summary);
        assert!(
            p.sentence.contains(&format!("would show up {} with these 60 nights", power::times(p.chance)))
        );
    }

    #[test]
    fn an_empty_journal_is_not_an_error() {
        let r = run(&[], None, None);
        assert_eq!((r.nights_logged, r.from, r.to, r.outcome), (0, None, None, Outcome::NotEnoughNights));
        assert!(r.red_flags.is_empty() && r.recurring.is_empty());
    }
}
