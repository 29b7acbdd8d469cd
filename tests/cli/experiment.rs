//! `cramp experiment` end to end: plan, 16 weeks of nights logged through the CLI, status and the
//! report, with every figure recomputed here from `cramp list --json` by code written for the test.
//! A module of `tests/cli.rs`, so the CLI's tests hold the whole flow.
#![allow(clippy::many_single_char_names)]

use super::common::Journal;
use chrono::{Days, NaiveDate};
use serde_json::Value;

const START: &str = "2026-03-02";

fn day(offset: u64) -> NaiveDate {
    START.parse::<NaiveDate>().unwrap() + Days::new(offset)
}

/// Morning after night `offset`, when that night is logged.
fn morning_after(offset: u64) -> String {
    format!("{}T09:00:00+01:00", day(offset + 1))
}

/// Runs at another "now" on the same journal and expects success; returns stdout.
fn ok_at(j: &Journal, now: &str, args: &[&str]) -> String {
    let out = j.cmd(args).env("CRAMP_NOW", now).output().unwrap();
    assert!(out.status.success(), "cramp {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json_at(j: &Journal, now: &str, args: &[&str]) -> Value {
    serde_json::from_str(&ok_at(j, now, args)).unwrap()
}

fn planned() -> Journal {
    let j = Journal::new().at("2026-03-02T09:00:00+01:00");
    j.ok(&["experiment", "plan", "stretching", "--seed", "42", "--start", START]);
    j
}

/// The arm of each night from the report's periods, and whether it is analysed.
fn schedule(report: &Value) -> Vec<(NaiveDate, char, bool)> {
    let washout = report["washout"].as_u64().unwrap();
    let mut out = Vec::new();
    for p in report["periods"].as_array().unwrap() {
        let first: NaiveDate = p["first_night"].as_str().unwrap().parse().unwrap();
        let last: NaiveDate = p["last_night"].as_str().unwrap().parse().unwrap();
        let arm = p["arm"].as_str().unwrap().chars().next().unwrap();
        for (i, d) in first.iter_days().take_while(|d| *d <= last).enumerate() {
            out.push((d, arm, i as u64 >= washout));
        }
    }
    out
}

/// Beta(a, b) CDF at x by Simpson's rule on the density (a, b > 1 here, so it is smooth).
fn beta_cdf_numeric(x: f64, a: f64, b: f64) -> f64 {
    let f = |t: f64| t.powf(a - 1.0) * (1.0 - t).powf(b - 1.0);
    let simpson = |lo: f64, hi: f64| {
        let n = 20_000;
        let h = (hi - lo) / f64::from(n);
        let inner: f64 = (1..n).map(|i| f(lo + f64::from(i) * h) * if i % 2 == 1 { 4.0 } else { 2.0 }).sum();
        (f(lo) + f(hi) + inner) * h / 3.0
    };
    simpson(0.0, x) / simpson(0.0, 1.0)
}

/// P(|T| ≥ t) for Student's t with ν degrees of freedom, through t = √ν tan θ, under which the
/// density is proportional to cos^(ν−1) θ.
fn t_two_sided_numeric(t: f64, nu: f64) -> f64 {
    let g = |th: f64| th.cos().powf(nu - 1.0);
    let integral = |lo: f64, hi: f64| {
        let n = 20_000;
        let h = (hi - lo) / f64::from(n);
        let inner: f64 = (1..n).map(|i| g(lo + f64::from(i) * h) * if i % 2 == 1 { 4.0 } else { 2.0 }).sum();
        (g(lo) + g(hi) + inner) * h / 3.0
    };
    let half = std::f64::consts::FRAC_PI_2;
    integral((t.abs() / nu.sqrt()).atan(), half) / integral(0.0, half)
}

/// 16 weeks of nights through `cramp log`: stretching on B nights (but for two slips), fewer
/// cramps then, and one analysed night logged without the stretching field.
fn log_sixteen_weeks(j: &Journal, plan: &[(NaiveDate, char, bool)]) {
    for (i, &(date, arm, _)) in plan.iter().enumerate() {
        let i = i as u64;
        let slip = i == 20 || i == 61;
        let stretch = (arm == 'B') != slip;
        let cramps = if arm == 'B' {
            usize::from(i.is_multiple_of(3))
        } else {
            usize::from(i.is_multiple_of(2)) + usize::from(i.is_multiple_of(5))
        };
        let mut args: Vec<String> = ["log".to_owned(), "--date".into(), date.to_string()].into();
        args.push(if stretch { "--stretched".into() } else { "--no-stretch".into() });
        for c in 0..cramps {
            args.push("--cramp".into());
            args.push(format!("0{}:10,2m,{},calf,left", 4 + c, 3 + (i % 6)));
        }
        if i == 33 {
            // One night logged without the stretching field at all.
            args.truncate(3);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok_at(j, &morning_after(i), &args);
    }
}

/// Per arm: analysed nights, cramps, cramp nights, nights with the field logged, followed.
type Totals = std::collections::BTreeMap<char, (u32, u32, u32, u32, u32)>;

/// The arms' totals and each period's (analysed nights, cramps), from `cramp list --json`.
fn recount(nights: &Value, plan: &[(NaiveDate, char, bool)]) -> (Totals, Vec<(u32, u32)>) {
    let mut tot = Totals::new();
    let mut per_period = vec![(0u32, 0u32); 8];
    for n in nights.as_array().unwrap() {
        let date: NaiveDate = n["date"].as_str().unwrap().parse().unwrap();
        let idx = plan.iter().position(|(d, _, _)| *d == date).unwrap();
        let (_, arm, analysed) = plan[idx];
        if !analysed {
            continue;
        }
        let c = n["episodes"].as_array().unwrap().len() as u32;
        let arm_total = tot.entry(arm).or_default();
        arm_total.0 += 1;
        arm_total.1 += c;
        arm_total.2 += u32::from(c > 0);
        if let Some(stretched) = n["stretched"].as_bool() {
            arm_total.3 += 1;
            arm_total.4 += u32::from(stretched == (arm == 'B'));
        }
        let p = &mut per_period[idx / 14];
        p.0 += 1;
        p.1 += c;
    }
    (tot, per_period)
}

#[test]
fn the_whole_flow_plan_sixteen_weeks_report() {
    let j = planned();
    let report = j.json(&["experiment", "report", "--json"]);
    let plan = schedule(&report);
    assert_eq!(plan.len(), 112);
    // Every pair holds A and B once.
    let periods = report["periods"].as_array().unwrap();
    for pair in periods.chunks(2) {
        let mut arms: Vec<&str> = pair.iter().map(|p| p["arm"].as_str().unwrap()).collect();
        arms.sort_unstable();
        assert_eq!(arms, ["A", "B"]);
    }
    log_sixteen_weeks(&j, &plan);
    let later = morning_after(112);
    let report = json_at(&j, &later, &["experiment", "report", "--json"]);
    assert_eq!(report["state"], "finished");
    let nights = json_at(&j, &later, &["list", "--json"]);

    let (tot, per_period) = recount(&nights, &plan);
    let a = &report["analysis"];
    for (arm, key) in [('A', "a"), ('B', "b")] {
        let (nights, cramps, cramp_nights, known, followed) = tot[&arm];
        assert_eq!(a[key]["nights"], nights);
        assert_eq!(a[key]["cramps"], cramps);
        assert_eq!(a[key]["cramp_nights"], cramp_nights);
        assert_eq!(a[key]["adherence_known"], known);
        assert_eq!(a[key]["followed"], followed);
    }
    assert_eq!(tot[&'A'].0 + tot[&'B'].0, 88);
    assert_eq!(tot[&'A'].3 + tot[&'B'].3, 87, "the night without the field counts for neither");

    // φ: Pearson χ² of the period totals about each arm's rate × nights, over periods − 2.
    let arm_of = |p: usize| periods[p]["arm"].as_str().unwrap().chars().next().unwrap();
    let rate = |arm: char| f64::from(tot[&arm].1) / f64::from(tot[&arm].0);
    let chi2: f64 = (0..8)
        .map(|p| {
            let expected = rate(arm_of(p)) * f64::from(per_period[p].0);
            (f64::from(per_period[p].1) - expected).powi(2) / expected
        })
        .sum();
    let phi = (chi2 / 6.0).max(1.0);
    assert!((a["phi"].as_f64().unwrap() - phi).abs() < 1e-9);
    let (sa, sb) = ((0.5 + f64::from(tot[&'A'].1)) / phi, (0.5 + f64::from(tot[&'B'].1)) / phi);
    let scale = f64::from(tot[&'A'].0) / f64::from(tot[&'B'].0);
    let below = |r: f64| {
        let c = r / scale;
        beta_cdf_numeric(c / (1.0 + c), sb, sa)
    };
    assert!((a["p_rr_below_1"].as_f64().unwrap() - below(1.0)).abs() < 1e-6);
    assert!((a["p_rr_below_0_75"].as_f64().unwrap() - below(0.75)).abs() < 1e-6);
    let median = a["rr_median"].as_f64().unwrap();
    assert!((below(median) - 0.5).abs() < 1e-6);
    let interval = a["rr_interval_95"].as_array().unwrap();
    assert!((below(interval[0].as_f64().unwrap()) - 0.025).abs() < 1e-6);
    assert!((below(interval[1].as_f64().unwrap()) - 0.975).abs() < 1e-6);

    // Sign-flip and paired t over the pairs' B − A rates.
    let diffs: Vec<f64> = (0..4)
        .map(|k| {
            let r = |p: usize| f64::from(per_period[p].1) / f64::from(per_period[p].0);
            let (p, q) = (2 * k, 2 * k + 1);
            if arm_of(p) == 'B' { r(p) - r(q) } else { r(q) - r(p) }
        })
        .collect();
    let observed: f64 = diffs.iter().sum();
    let as_low = (0..16u32)
        .filter(|m| {
            diffs.iter().enumerate().map(|(i, d)| if m >> i & 1 == 1 { -d } else { *d }).sum::<f64>()
                <= observed + 1e-12
        })
        .count();
    assert!((a["randomisation_p_one_sided"].as_f64().unwrap() - as_low as f64 / 16.0).abs() < 1e-12);
    assert_eq!(a["randomisation_floor"], 0.0625);
    let mean = diffs.iter().sum::<f64>() / 4.0;
    let sd = (diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / 3.0).sqrt();
    let t = mean / (sd / 2.0);
    assert!((a["paired_t"]["t"].as_f64().unwrap() - t).abs() < 1e-9);
    assert!((a["paired_t"]["p_two_sided"].as_f64().unwrap() - t_two_sided_numeric(t, 3.0)).abs() < 1e-6);

    // The words say the same figures.
    let text = ok_at(&j, &later, &["experiment", "report"]);
    let (b_n, b_c) = (tot[&'B'].0, tot[&'B'].1);
    let expected = format!(
        "Stretching nights: {b_c} cramps in {b_n} nights ({:.2} a night); other nights {} in {} ({:.2}).",
        f64::from(b_c) / f64::from(b_n),
        tot[&'A'].1,
        tot[&'A'].0,
        rate('A')
    );
    assert!(text.contains(&expected), "{expected}\n{text}");
    assert!(
        text.contains(&format!("Chance that stretching lowers your rate: {:.0} %", below(1.0) * 100.0)),
        "{text}"
    );
    assert!(text.contains("You knew which nights were which, so expectation can play a part."));
    assert!(text.contains("With 4 pairs it cannot go below 0.0625"), "{text}");
    exports_carry_the_section(&j, &later, &expected);
}

/// The Markdown and PDF reports hold the experiment section with the same sentence.
fn exports_carry_the_section(j: &Journal, now: &str, sentence: &str) {
    let md = ok_at(j, now, &["export", "--format", "md", "--all"]);
    assert!(md.contains("## Personal experiment (randomised, n-of-1)"), "{md}");
    assert!(md.contains(sentence), "{md}");
    let pdf = j.dir.path().join("summary.pdf");
    ok_at(j, now, &["export", "--format", "pdf", "--all", "-o", pdf.to_str().unwrap()]);
    let Ok(out) = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output() else {
        assert!(!super::common::in_ci(), "pdftotext is needed (apt-get install -y poppler-utils)");
        return;
    };
    let text = String::from_utf8(out.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Personal experiment (randomised, n-of-1)"), "{text}");
    assert!(text.contains(sentence), "{text}");
}

#[test]
fn status_says_tonight_and_whether_last_night_followed() {
    let j = planned();
    let report = j.json(&["experiment", "report", "--json"]);
    let plan = schedule(&report);
    // Night index 4 is night 5 of period 1; log night 3 against its arm.
    let (_, arm, _) = plan[4];
    let (_, last_arm, _) = plan[3];
    let at = format!("{}T20:00:00+01:00", day(4));
    let wrong = if last_arm == 'B' { "--no-stretch" } else { "--stretched" };
    ok_at(&j, &at, &["log", "--date", &day(3).to_string(), wrong]);
    let said = ok_at(&j, &at, &["status"]);
    let todo = if arm == 'B' { "stretch before bed" } else { "as usual, no stretching before bed" };
    assert!(said.contains(&format!("night 5 of 14, period {arm}: {todo}")), "{said}");
    assert!(said.contains(&format!("last night did not follow it (period {last_arm})")), "{said}");
    let right = if last_arm == 'B' { "--stretched" } else { "--no-stretch" };
    ok_at(&j, &at, &["log", "--date", &day(3).to_string(), right]);
    assert!(ok_at(&j, &at, &["experiment", "status"]).contains("last night followed the plan"));
}

#[test]
fn help_explains_the_design() {
    let j = Journal::new();
    let help = j.ok(&["experiment", "--help"]);
    assert!(
        help.contains("in an order drawn at random") && help.contains("cramp experiment plan stretching"),
        "{help}"
    );
    let plan = j.ok(&["experiment", "plan", "--help"]);
    for option in ["--at-least", "--seed", "--period", "--pairs", "--washout", "--start"] {
        assert!(plan.contains(option), "plan --help lacks {option}");
    }
    assert!(!j.db.exists(), "--help created a journal");
    assert!(j.usage_error(&["experiment", "status"]).contains("no experiment yet"));
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let order = |j: &Journal| j.json(&["experiment", "report", "--json"])["order"].clone();
    let (one, two) = (planned(), planned());
    assert_eq!(order(&one), order(&two));
    assert_eq!(one.json(&["experiment", "report", "--json"])["seed"], "42");
}

#[test]
fn a_locked_plan_is_only_amended_and_a_second_plan_waits() {
    let j = planned();
    let before = j.snapshot();
    let said = j.usage_error(&["experiment", "plan", "fluid", "--at-least", "2l"]);
    assert!(said.contains("already planned") || said.contains("already running"), "{said}");
    assert_eq!(before, j.snapshot(), "a refused plan changed the journal");
    j.ok(&["experiment", "amend", "away 12-16 March, nights not logged"]);
    assert!(j.ok(&["experiment", "report"]).contains("away 12-16 March, nights not logged"));
    let conn = rusqlite::Connection::open(&j.db).unwrap();
    for sql in [
        "UPDATE experiments SET seed = 7",
        "UPDATE experiment_periods SET arm = 'B'",
        "DELETE FROM experiment_amendments",
    ] {
        assert!(conn.execute(sql, []).is_err(), "{sql} was allowed");
    }
    drop(conn);
    j.ok(&["experiment", "abandon"]);
    j.ok(&["experiment", "plan", "mg-k-foods", "--at-least", "2", "--seed", "1"]);
}

#[test]
fn unsafe_plans_are_refused_with_the_reason() {
    let j = Journal::new();
    j.ok(&["profile", "--add", "kidney"]);
    let said = j.usage_error(&["experiment", "plan", "fluid", "--at-least", "2l"]);
    assert!(said.contains("ask your doctor"), "{said}");
    let said = j.usage_error(&["experiment", "plan", "mg-k-foods", "--at-least", "2"]);
    assert!(said.contains("kidney disease"), "{said}");
    j.ok(&["med", "add", "Quinine", "--class", "other"]);
    let said = j.usage_error(&["experiment", "plan", "tag:quinine"]);
    assert!(said.contains("never plans around") && said.contains("ask your doctor"), "{said}");
    let said = j.usage_error(&["experiment", "plan", "stretching", "--pairs", "1"]);
    assert_eq!(said, "error: --pairs 1: accepted 2–12 pairs");
    let said = j.usage_error(&["experiment", "plan", "stretching", "--start", "2020-01-01"]);
    assert!(said.contains("is in the past"), "{said}");
    assert!(j.json(&["list", "--json"]).as_array().unwrap().is_empty());
    let out = j.cmd(&["experiment", "plan", "stretching"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("trials ask for at least 4"));
}
