//! `cramp week` against an independent computation from `cramp list --json`: a part week's
//! rates per logged night, the four earlier weeks pooled, and the `--weeks N` trend.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Datelike, Duration, NaiveDate};
use common::Journal;
use serde_json::Value;

/// Wednesday morning: the night that has just ended is Tuesday 1 December, the second night of
/// the week of Monday 30 November.
const WEDNESDAY: &str = "2026-12-02T09:00:00+01:00";

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A demo journal ending on Tuesday, with nights left out here and there so the weeks are
/// patchy: Monday 30 Nov of this week, and three nights of the weeks before.
fn patchy() -> Journal {
    let j = Journal::new().at(WEDNESDAY);
    j.ok(&["demo", "--nights", "200", "--end", "2026-12-01"]);
    for gap in ["2026-11-30", "2026-11-25", "2026-11-26", "2026-11-10"] {
        j.ok(&["delete", gap, "--yes"]);
    }
    j
}

/// One night as read back from `cramp list --json`: date, cramps, worst intensity, stretched.
struct Logged {
    date: NaiveDate,
    cramps: usize,
    worst: Option<u64>,
    stretched: bool,
}

fn listed(j: &Journal) -> Vec<Logged> {
    let all: Value = serde_json::from_str(&j.ok(&["list", "--json"])).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let episodes = n["episodes"].as_array().unwrap();
            Logged {
                date: d(n["date"].as_str().unwrap()),
                cramps: episodes.len(),
                worst: episodes.iter().filter_map(|e| e["intensity"].as_u64()).max(),
                stretched: n["stretched"].as_bool() == Some(true),
            }
        })
        .collect()
}

/// The rates of the nights in `[from, to]`, by hand: (logged, cramp nights per 7, cramps per
/// night, mean of the cramp nights' worst, stretched per 7).
fn by_hand(nights: &[Logged], from: NaiveDate, to: NaiveDate) -> (usize, f64, f64, f64, f64) {
    let these: Vec<&Logged> = nights.iter().filter(|n| n.date >= from && n.date <= to).collect();
    let logged = these.len();
    let cramp_nights = these.iter().filter(|n| n.cramps > 0).count();
    let cramps: usize = these.iter().map(|n| n.cramps).sum();
    let worsts: Vec<u64> = these.iter().filter_map(|n| n.worst).collect();
    let stretched = these.iter().filter(|n| n.stretched).count();
    (
        logged,
        cramp_nights as f64 * 7.0 / logged as f64,
        cramps as f64 / logged as f64,
        worsts.iter().sum::<u64>() as f64 / worsts.len() as f64,
        stretched as f64 * 7.0 / logged as f64,
    )
}

fn close(got: &Value, want: f64, what: &str) {
    let got = got.as_f64().unwrap_or_else(|| panic!("{what}: {got:?} is not a number"));
    assert!((got - want).abs() < 1e-9, "{what}: {got} but {want} by hand");
}

#[test]
fn a_part_weeks_rates_are_those_of_its_logged_nights() {
    let j = patchy();
    let nights = listed(&j);
    let week: Value = serde_json::from_str(&j.ok(&["week", "--json"])).unwrap();
    assert_eq!(week["start"], "2026-11-30");

    // This week so far: Monday deleted, Tuesday logged; the rest has not happened.
    let (logged, per7, per_night, mean_worst, stretched) = by_hand(&nights, d("2026-11-30"), d("2026-12-01"));
    assert_eq!(logged, 1, "the fixture is a part week with a gap");
    let w = &week["this_week"];
    assert_eq!(w["nights_logged"], logged);
    close(&w["cramp_nights_per_7"], per7, "cramp nights per 7");
    close(&w["cramps_per_night"], per_night, "cramps per night");
    if mean_worst.is_nan() {
        assert!(w["mean_night_worst"].is_null());
    } else {
        close(&w["mean_night_worst"], mean_worst, "mean worst");
    }
    close(&w["stretched_per_7"], stretched, "stretched per 7");

    // The four weeks before, pooled night by night: two of them have gaps.
    let (logged, per7, per_night, mean_worst, stretched) = by_hand(&nights, d("2026-11-02"), d("2026-11-29"));
    assert!(logged < 26, "at least the three gaps: {logged} of 28 logged");
    let a = &week["four_week_average"];
    close(&a["cramp_nights_per_7"], per7, "4-week cramp nights per 7");
    close(&a["cramps_per_night"], per_night, "4-week cramps per night");
    close(&a["mean_night_worst"], mean_worst, "4-week mean worst");
    close(&a["stretched_per_7"], stretched, "4-week stretched per 7");

    // Last week had two gaps: its rate is per its logged nights, not per seven.
    let (logged, per7, ..) = by_hand(&nights, d("2026-11-23"), d("2026-11-29"));
    assert!(logged <= 5, "two gaps: {logged} of 7 logged");
    close(&week["previous_week"]["cramp_nights_per_7"], per7, "last week per 7");
}

#[test]
fn the_text_says_so_far_and_still_to_come() {
    let j = patchy();
    let text = j.ok(&["week"]);
    assert!(text.starts_with("Week of Mon 30 Nov – Sun 6 Dec 2026, so far (2 of 7 nights)"), "{text}");
    assert!(text.contains("Mon 30  not logged"), "{text}");
    for day in ["Wed 02", "Thu 03", "Fri 04", "Sat 05", "Sun 06"] {
        assert!(text.contains(&format!("{day}  still to come")), "{day}: {text}");
    }
    assert!(text.contains("Nights logged") && text.contains("1/2"), "{text}");
    // Better or worse is said in words, not left to colour.
    assert!(text.contains("better") || text.contains("worse") || text.contains("same"), "{text}");
}

#[test]
fn the_trend_over_n_weeks_counts_each_weeks_nights() {
    let j = patchy();
    let nights = listed(&j);
    let trend: Value = serde_json::from_str(&j.ok(&["week", "--weeks", "10", "--json"])).unwrap();
    let weeks = trend["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 10);
    let text = j.ok(&["week", "--weeks", "10"]);
    let first = d("2026-11-30") - Duration::weeks(9);
    for (k, w) in weeks.iter().enumerate() {
        let start = first + Duration::weeks(k as i64);
        assert_eq!(start.weekday(), chrono::Weekday::Mon);
        let these: Vec<&Logged> =
            nights.iter().filter(|n| n.date >= start && n.date < start + Duration::days(7)).collect();
        let cramp_nights = these.iter().filter(|n| n.cramps > 0).count();
        let cramps: usize = these.iter().map(|n| n.cramps).sum();
        assert_eq!(w["week_start"], start.to_string());
        assert_eq!(w["nights_logged"], these.len(), "{start}");
        assert_eq!(w["cramp_nights"], cramp_nights, "{start}");
        assert_eq!(w["episodes"], cramps, "{start}");
        // The same numbers in the text, on the week's line.
        let line = text
            .lines()
            .find(|l| l.starts_with(&start.format("%a %-d %b %Y").to_string()))
            .unwrap_or_else(|| panic!("no line for {start}: {text}"));
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[4..7], [format!("{}/7", these.len()), cramp_nights.to_string(), cramps.to_string()]);
    }
    assert!(weeks.last().unwrap()["nights_logged"] == 1);
    assert!(text.contains("(so far)"), "the week under way is marked: {text}");
}

#[test]
fn the_trend_names_medicine_starts_and_stops() {
    let j = Journal::new().at(WEDNESDAY);
    j.ok(&["demo", "--nights", "30", "--end", "2026-12-01"]);
    let trend: Value = serde_json::from_str(&j.ok(&["week", "--weeks", "52", "--json"])).unwrap();
    let meds: Value = serde_json::from_str(&j.ok(&["med", "list", "--json"])).unwrap();
    let text = j.ok(&["week", "--weeks", "52"]);
    let changes = trend["medicine_changes"].as_array().unwrap();
    assert!(!changes.is_empty(), "the demo starts a daily medicine: {meds}");
    for c in changes {
        let name = c["name"].as_str().unwrap();
        assert!(meds.to_string().contains(name), "{name} is one of the medicines");
        let date: NaiveDate = d(c["date"].as_str().unwrap());
        let what = if c["started"] == true { "started" } else { "stopped (last day)" };
        assert!(text.contains(&format!("{}  {name} {what}", date.format("%a %-d %b %Y"))), "{text}");
    }
}

/// The rolling 4-week figure, in `--json` and in the text, against the cramp nights per 7 logged
/// nights of each week and the three before it, counted here from `cramp list --json`.
#[test]
fn the_rolling_four_week_rate_pools_the_logged_nights_of_four_weeks() {
    let j = patchy();
    let nights = listed(&j);
    let trend: Value = serde_json::from_str(&j.ok(&["week", "--weeks", "26", "--json"])).unwrap();
    let text = j.ok(&["week", "--weeks", "26"]);
    let weeks = trend["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 26);
    for w in weeks {
        let start = d(w["week_start"].as_str().unwrap());
        // Four weeks ending on this week's Sunday, the gaps left out of both counts.
        let from = start - Duration::days(21);
        let these: Vec<&Logged> =
            nights.iter().filter(|n| n.date >= from && n.date < start + Duration::days(7)).collect();
        let got = &w["rolling_cramp_nights_per_7"];
        if these.is_empty() {
            assert!(got.is_null(), "{start}: nothing logged, nothing to pool: {got}");
            continue;
        }
        let want = these.iter().filter(|n| n.cramps > 0).count() as f64 * 7.0 / these.len() as f64;
        close(got, want, &format!("rolling rate of {start}"));
        let line = text.lines().find(|l| l.starts_with(&start.format("%a %-d %b %Y").to_string())).unwrap();
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells[7], format!("{want:.1}"), "{line}");
    }
    // The demo's 200 nights began long enough ago for every week's four to be full: the first
    // week's rate pools the three weeks before the trend, which must have been read too.
    let first = d(weeks[0]["week_start"].as_str().unwrap());
    assert!(nights.iter().any(|n| n.date < first), "the fixture reaches before the trend");
    // The week's own text ends with the figure for this week.
    let summary: Value = serde_json::from_str(&j.ok(&["week", "--json"])).unwrap();
    let now = &summary["trend"].as_array().unwrap().last().unwrap()["rolling_cramp_nights_per_7"];
    let last = d("2026-11-30");
    let pooled: Vec<&Logged> = nights.iter().filter(|n| n.date >= last - Duration::days(21)).collect();
    let want = pooled.iter().filter(|n| n.cramps > 0).count() as f64 * 7.0 / pooled.len() as f64;
    close(now, want, "this week's rolling rate in `cramp week --json`");
    let now = now.as_f64().unwrap();
    assert!(j.ok(&["week"]).contains(&format!("Rolling 4 weeks: {now:.1} cramp nights per 7 logged nights")));
}
