//! The doctor's report checked number by number: every figure on page 1 of the PDF (and the same
//! figure in the Markdown) is recomputed here from `cramp list --json`, with code written for
//! this test rather than the summary module, on journals of different shapes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
#[path = "report/page_one.rs"]
mod page_one;

use std::path::Path;
use std::process::Command;

use chrono::{Datelike, NaiveDate};
use common::Journal;
use serde_json::Value;

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn need_tool(name: &str) -> bool {
    let found = Command::new(name).arg("-v").output().is_ok();
    assert!(found || !common::in_ci(), "{name} is needed (apt-get install -y qpdf poppler-utils)");
    found
}

fn tools() -> bool {
    need_tool("pdftotext") && need_tool("qpdf") && need_tool("pdfinfo")
}

/// Page `first..=last` of a PDF as laid-out text, runs of white space collapsed to one space.
fn pdf_text(pdf: &Path, first: u32, last: u32) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &first.to_string(), "-l", &last.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
    collapse(&String::from_utf8(out.stdout).unwrap())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn qpdf_clean(pdf: &Path) {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !text.contains("WARNING"), "qpdf --check: {text}");
}

fn pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .expect("pdfinfo prints Pages:")
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// `5 Sep 2026`, written out here rather than borrowed from the report's own formatter.
fn day_text(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

fn pct(part: u32, whole: u32) -> String {
    format!("{:.0} %", f64::from(part) * 100.0 / f64::from(whole))
}

/// `1m36s`, `9m`, `45s`, `1h2m`.
fn dur(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let part = |v: u64, unit: &str| if v > 0 { format!("{v}{unit}") } else { String::new() };
    part(h, "h") + &part(m, "m") + &part(s, "s")
}

/// The page-1 figures, recomputed from the journal's JSON.
#[derive(Debug)]
struct Expected {
    /// (label, value) pairs as the key-figure table prints them.
    figures: Vec<(&'static str, String)>,
    /// The worst-cramp distribution sentence.
    intensity: Option<String>,
    period: String,
}

fn expected(nights: &[Value], from: NaiveDate, to: NaiveDate) -> Expected {
    let days = u32::try_from((to - from).num_days() + 1).unwrap();
    let in_range: Vec<&Value> = nights
        .iter()
        .filter(|n| {
            let d = date(n["date"].as_str().unwrap());
            d >= from && d <= to
        })
        .collect();
    let logged = in_range.len() as u32;
    let mut cramp_nights = 0u32;
    let mut episodes = 0u32;
    let mut durations: Vec<u64> = Vec::new();
    let mut intensities: Vec<u64> = Vec::new();
    let (mut sleep_cramp, mut sleep_free): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    let (mut strong, mut moderate, mut mild, mut unrated) = (0u32, 0u32, 0u32, 0u32);
    for n in &in_range {
        let eps = n["episodes"].as_array().unwrap();
        let has = !eps.is_empty();
        if let Some(s) = n["sleep_disturbance"].as_f64() {
            if has { &mut sleep_cramp } else { &mut sleep_free }.push(s);
        }
        if !has {
            continue;
        }
        cramp_nights += 1;
        episodes += eps.len() as u32;
        let mut worst: Option<u64> = None;
        for e in eps {
            if let Some(d) = e["duration_s"].as_u64() {
                durations.push(d);
            }
            if let Some(i) = e["intensity"].as_u64() {
                intensities.push(i);
                worst = Some(worst.map_or(i, |w| w.max(i)));
            }
        }
        match worst {
            Some(w) if w >= 7 => strong += 1,
            Some(w) if w >= 4 => moderate += 1,
            Some(_) => mild += 1,
            None => unrated += 1,
        }
    }
    durations.sort_unstable();
    let median = match durations.len() {
        0 => None,
        k if k % 2 == 1 => Some(durations[k / 2]),
        // The mean of the middle two, to the whole second above.
        k => Some((durations[k / 2 - 1] + durations[k / 2]).div_ceil(2)),
    };
    let dash = || "–".to_owned();
    let per_week =
        |c: u32| if logged == 0 { dash() } else { format!("{:.1}", f64::from(c) * 7.0 / f64::from(logged)) };
    let mean = |v: &[f64]| {
        if v.is_empty() { None } else { Some(v.iter().sum::<f64>() / v.len() as f64) }
    };
    let mean_i = mean(&intensities.iter().map(|&i| i as f64).collect::<Vec<_>>());
    let figures = vec![
        ("Nights logged (completeness)", format!("{logged} of {days} ({})", pct(logged, days))),
        ("Nights with cramps", format!("{cramp_nights} of {logged} ({})", pct(cramp_nights, logged))),
        ("Cramp nights per week", per_week(cramp_nights)),
        ("Cramps (episodes)", episodes.to_string()),
        ("Cramps per week", per_week(episodes)),
        ("Median duration", median.map_or_else(dash, dur)),
        ("Longest duration", durations.last().copied().map_or_else(dash, dur)),
        ("Mean intensity (0–10)", mean_i.map_or_else(dash, |m| format!("{m:.1}"))),
        ("Worst intensity", intensities.iter().max().map_or_else(dash, |w| format!("{w}/10"))),
        ("Sleep disturbance, cramp nights", mean(&sleep_cramp).map_or_else(dash, |m| format!("{m:.1} / 10"))),
        ("Sleep disturbance, other nights", mean(&sleep_free).map_or_else(dash, |m| format!("{m:.1} / 10"))),
    ];
    let intensity = (cramp_nights > 0).then(|| {
        let mut s = format!(
            "Worst cramp 7/10 or more on {strong} of {cramp_nights} cramp night{}; 4–6/10 on {moderate}; below 4/10 on {mild}",
            if cramp_nights == 1 { "" } else { "s" }
        );
        if unrated > 0 {
            s = s + "; intensity not recorded on " + &unrated.to_string();
        }
        s + "."
    });
    Expected {
        figures, intensity, period: format!("{} – {} ({days} nights)", day_text(from), day_text(to))
    }
}

/// Exports the PDF and Markdown of `from..=to` and checks every recomputed figure in both.
/// Returns page 1's text for further checks.
fn check_page_one(j: &Journal, from: &str, to: &str) -> String {
    let nights: Vec<Value> =
        j.json(&["list", "--json", "--from", from, "--to", to]).as_array().unwrap().clone();
    let want = expected(&nights, date(from), date(to));
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    j.ok(&["export", "--from", from, "--to", to, "-o", pdf.to_str().unwrap()]);
    qpdf_clean(&pdf);
    let page1 = pdf_text(&pdf, 1, 1);
    let md = j.ok(&["export", "--format", "md", "--from", from, "--to", to]);
    assert!(page1.contains(&want.period), "period {:?} not on page 1:\n{page1}", want.period);
    assert!(md.contains(&want.period), "period {:?} not in Markdown", want.period);
    for (label, value) in &want.figures {
        let pdf_form = format!("{label} {value}");
        assert!(page1.contains(&pdf_form), "page 1 lacks {pdf_form:?}:\n{page1}");
        let md_form = format!("| {label} | {value} |");
        assert!(md.contains(&md_form), "Markdown lacks {md_form:?}:\n{md}");
    }
    match &want.intensity {
        Some(line) => {
            assert!(page1.contains(line), "page 1 lacks {line:?}:\n{page1}");
            assert!(md.contains(line), "Markdown lacks {line:?}");
        }
        None => assert!(!page1.contains("Worst cramp 7/10"), "no cramp nights, yet a distribution:\n{page1}"),
    }
    // Fewer than half the nights logged: page 1 says the rates stand for the logged ones only.
    let (logged, days) = (nights.len(), (date(to) - date(from)).num_days() + 1);
    let caution = format!(
        "Only {logged} of {days} ({}) nights were logged: the rates come from those nights alone, and the {} \
         nights not logged may have been different.",
        pct(logged as u32, days as u32),
        days - logged as i64
    );
    let warned = 2 * (logged as i64) < days;
    assert_eq!(page1.contains(&caution), warned, "{caution:?}:\n{page1}");
    assert_eq!(md.contains(&caution), warned, "{caution:?}");
    // The old figure counted cramp-free nights as mild; it must be gone.
    assert!(!page1.contains("intensity below 5") && !md.contains("intensity below 5"));
    check_trial_block(&nights, date(to), &pdf, &page1, &md);
    check_chart(j, &nights, (date(from), date(to)), &page1, &md);
    check_standouts(j, from, to, &page1, &md);
    page1
}

/// The trial-style block: its figures, and each of its date ranges whole on one line of page
/// 1's layout and of a Markdown table that fits 80 columns.
fn check_trial_block(nights: &[Value], to: NaiveDate, pdf: &Path, page1: &str, md: &str) {
    let Some(trial) = page_one::trial(nights, to) else {
        assert!(!page1.contains("First 2 logged weeks"), "the two stretches overlap:\n{page1}");
        assert!(!md.contains("First 2 logged weeks"), "{md}");
        return;
    };
    for row in &trial.pdf_rows {
        assert!(page1.contains(row), "page 1 lacks {row:?}:\n{page1}");
    }
    for row in &trial.md_rows {
        assert!(md.contains(row), "Markdown lacks {row:?}:\n{md}");
        assert!(row.chars().count() <= 80, "{row:?} is wider than a terminal");
    }
    let out =
        Command::new("pdftotext").args(["-layout", "-f", "1", "-l", "1"]).arg(pdf).arg("-").output().unwrap();
    let layout = String::from_utf8(out.stdout).unwrap();
    for range in &trial.ranges {
        assert!(
            layout.lines().any(|l| l.contains(range.as_str())),
            "{range:?} is broken across lines:\n{layout}"
        );
    }
}

/// The chart: its legend tells the three kinds of night apart in words; the Markdown tally of
/// every week; and each daily medicine started or stopped in the range, named with its date
/// on page 1 and in its week's row.
fn check_chart(j: &Journal, nights: &[Value], (from, to): (NaiveDate, NaiveDate), page1: &str, md: &str) {
    for want in ["cramp nights (solid)", "nights without cramps (outlined)", "not logged (dotted)"] {
        assert!(page1.contains(want), "legend lacks {want:?}:\n{page1}");
    }
    let weeks = page_one::week_rows(nights, from, to);
    for row in &weeks {
        assert!(md.contains(row.as_str()), "Markdown lacks week {row:?}:\n{md}");
    }
    let marks = page_one::medicine_marks(&j.json(&["med", "list", "--json"]), from, to);
    if marks.is_empty() {
        assert!(!page1.contains("Medicines marked") && !page1.contains("stopped (–)"), "{page1}");
        return;
    }
    let named: Vec<String> = marks
        .iter()
        .map(|(d, mark, started)| {
            format!("{mark} {} {}", if *started { "started" } else { "stopped" }, day_text(*d))
        })
        .collect();
    // Each change is labelled on the chart with its date, or, where a label found no room, named
    // in full in a line under the legend.
    let line = format!("Medicines marked: {}.", named.join("; "));
    let spans_year = (to - from).num_days() > 330;
    for ((d, mark, _), full) in marks.iter().zip(&named) {
        let when = if spans_year { day_text(*d) } else { page_one::short(*d) };
        let label = format!("{mark} {when}");
        assert!(
            page1.contains(&label) || (page1.contains("Medicines marked: ") && line.contains(full.as_str())),
            "page 1 names neither {label:?} nor {full:?}:\n{page1}"
        );
        if page1.contains("Medicines marked: ") {
            assert!(page1.contains(&line), "page 1 lacks {line:?}:\n{page1}");
        }
        // The week holding the change: back to its Monday, but not before the range.
        let monday = *d - chrono::Days::new(u64::from(d.weekday().num_days_from_monday()));
        let start = format!("| {} – ", page_one::short(monday.max(from)));
        let row =
            md.lines().find(|l| l.starts_with(&start)).unwrap_or_else(|| panic!("no week {start}:\n{md}"));
        let want = format!("{mark} {}", page_one::short(*d));
        assert!(row.contains(&want), "week row {row:?} lacks {want:?}");
    }
}

/// What stands out: one line per clear factor and clear medicine change, as the analysis's
/// JSON gives them, and nothing more.
fn check_standouts(j: &Journal, from: &str, to: &str, page1: &str, md: &str) {
    let analysis = j.json(&["analyze", "--json", "--from", from, "--to", to]);
    let lines = page_one::standouts(&analysis);
    let section = md.split("## What stands out").nth(1).unwrap().split("\n## ").next().unwrap();
    let shown = page1.split("What stands out").nth(1).unwrap_or_else(|| panic!("no standouts:\n{page1}"));
    for line in &lines {
        assert!(shown.contains(line.as_str()), "page 1 lacks {line:?}:\n{shown}");
        assert!(section.contains(line.as_str()), "Markdown lacks {line:?}:\n{section}");
    }
    // One bullet per line, and no more (a line that wrapped is still one bullet).
    assert_eq!(section.lines().filter(|l| l.starts_with("- ")).count(), lines.len(), "{section}");
    assert_eq!(shown.matches('•').count(), lines.len(), "{shown}");
}

#[test]
fn demo_journal_page_one_matches_an_independent_count() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["demo", "--nights", "120", "--seed", "3", "--end", "2026-11-27"]);
    // The demo's whole span, 120 nights: over the last 12 weeks alone nothing reaches q <= 0.05
    // once streaks are allowed for, and this test wants a factor that stands out.
    let (from, to) = ("2026-07-31", "2026-11-27");
    let page1 = check_page_one(&j, from, to);
    // Mostly strong cramps in this journal: the sentence must not read as mostly mild.
    assert!(page1.contains("Worst cramp 7/10 or more on"), "{page1}");
    // The one factor that stands out, counted from the nights themselves rather than taken
    // from the analysis: cramp nights among the nights slept with the toes pointed, and the rest.
    let nights = j.json(&["list", "--json", "--from", from, "--to", to]);
    let (mut with, mut without) = ((0, 0), (0, 0));
    for n in nights.as_array().unwrap() {
        let pointed = n["postures"].as_array().unwrap().iter().any(|p| p == "toes-pointed");
        let side = if pointed { &mut with } else { &mut without };
        side.0 += u32::from(!n["episodes"].as_array().unwrap().is_empty());
        side.1 += 1;
    }
    let want = format!(
        "Toes pointed in bed: more cramp nights, {} of {} with it vs {} of {} without (RR",
        with.0, with.1, without.0, without.1
    );
    assert!(page1.contains(&want), "page 1 lacks {want:?}:\n{page1}");
}

#[test]
fn journal_with_long_gaps_is_counted_per_logged_night() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    for (d, cramp) in [
        ("2026-09-02", Some("03:10,2m,6")),
        ("2026-09-03", None),
        ("2026-09-30", Some("03:10,2m,6")),
        ("2026-10-21", Some("02:40,5m,8,calf,left")),
        ("2026-10-22", None),
        ("2026-11-18", Some("03:10,?,3")),
        ("2026-11-27", None),
    ] {
        let mut args =
            vec!["log", "--date", d, "--sleep-disturbance", if cramp.is_some() { "5" } else { "1" }];
        if let Some(c) = cramp {
            args.extend(["--cramp", c]);
        }
        j.ok(&args);
    }
    // A daily medicine started and stopped inside the range: both marks, each in its week.
    j.ok(&["med", "add", "Quinine", "--class", "other", "--since", "2026-09-20"]);
    j.ok(&["med", "stop", "Quinine", "--on", "2026-10-21"]);
    let page1 = check_page_one(&j, "2026-09-01", "2026-11-27");
    assert!(page1.contains("7 of 88 (8 %)"), "{page1}");
    assert!(page1.contains("too few nights"), "2 of 14 and 2 of 28 nights are no trend:\n{page1}");
    assert!(page1.contains("+Quinine 20 Sep –Quinine 21 Oct 7 6 5"), "{page1}");
}

#[test]
fn journal_of_only_the_worst_cramps() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    for i in 0..30u32 {
        let d = date("2026-10-29") + chrono::Days::new(u64::from(i));
        let d = d.to_string();
        let mut args = vec!["log", "--date", d.as_str(), "--sleep-disturbance", "9"];
        if i % 3 != 1 {
            args.extend(["--cramp", "02:00,4m,10,calf,right"]);
        }
        if i % 3 == 0 {
            args.extend(["--cramp", "04:30,90s,10,toes"]);
        }
        j.ok(&args);
    }
    let page1 = check_page_one(&j, "2026-10-29", "2026-11-27");
    assert!(
        page1.contains("Worst cramp 7/10 or more on 20 of 20 cramp nights; 4–6/10 on 0; below 4/10 on 0."),
        "{page1}"
    );
}

/// The month names, in order, on the chart's label line of a PDF page's laid-out text.
fn chart_months(layout: &str) -> Vec<String> {
    let line = layout
        .lines()
        .find(|l| l.split_whitespace().filter(|w| MONTHS.contains(w)).count() >= 6)
        .unwrap_or_else(|| panic!("no chart label line:\n{layout}"));
    line.split_whitespace().filter(|w| MONTHS.contains(w)).map(str::to_owned).collect()
}

#[test]
fn a_year_chart_names_twelve_months_in_calendar_order() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["demo", "--nights", "365", "--seed", "3", "--end", "2026-11-27"]);
    for (from, first) in [("2025-11-28", "Dec"), ("2025-07-03", "Jul")] {
        let to = if from == "2025-11-28" { "2026-11-27" } else { "2026-07-02" };
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("year.pdf");
        j.ok(&["export", "--from", from, "--to", to, "-o", pdf.to_str().unwrap()]);
        qpdf_clean(&pdf);
        let out = Command::new("pdftotext")
            .args(["-layout", "-f", "1", "-l", "1"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let layout = String::from_utf8(out.stdout).unwrap();
        let months = chart_months(&layout);
        assert_eq!(months.len(), 12, "{months:?}");
        // A year brings more findings than page 1 holds: those left for later are counted.
        let lines = page_one::standouts(&j.json(&["analyze", "--json", "--from", from, "--to", to]));
        let shown = collapse(layout.split("What stands out").nth(1).unwrap());
        let bullets = shown.matches('•').count();
        if bullets < lines.len() {
            let more = lines.len() + 1 - bullets;
            let want =
                format!("• … and {more} more, set out in full under Analysis findings and Medicine changes.");
            assert!(shown.contains(&want), "{want:?} missing:\n{shown}");
        } else {
            assert_eq!(bullets, lines.len(), "{shown}");
        }
        assert_eq!(months[0], first, "{months:?}");
        let start = MONTHS.iter().position(|m| *m == first).unwrap();
        let want: Vec<&str> = (0..12).map(|k| MONTHS[(start + k) % 12]).collect();
        assert_eq!(months, want, "labels must be the calendar's months, each once, in order");
    }
}

#[test]
fn chart_weeks_begin_on_the_persons_first_day_of_the_week() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["demo", "--nights", "120", "--seed", "3", "--end", "2026-11-27"]);
    // 5 Sep 2026 is a Saturday: the first bar is that stub, then whole weeks.
    for (setting, want) in [("monday", "5 Sep 7 Sep 14 Sep 21 Sep"), ("sunday", "5 Sep 6 Sep 13 Sep 20 Sep")]
    {
        j.ok(&["settings", "week-start", setting]);
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("weeks.pdf");
        j.ok(&["export", "--from", "2026-09-05", "--to", "2026-11-27", "-o", pdf.to_str().unwrap()]);
        let page1 = pdf_text(&pdf, 1, 1);
        assert!(page1.contains(want), "weeks from {setting}: want {want:?} in\n{page1}");
    }
}

#[test]
fn footwear_reads_as_worn() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-25", "--footwear", "barefoot"]);
    j.ok(&["log", "--date", "2026-11-26", "--footwear", "supportive"]);
    j.ok(&["log", "--date", "2026-11-27", "--footwear", "unsupportive", "--cramp", "03:10,2m,6"]);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("shoes.pdf");
    j.ok(&["export", "--from", "2026-11-21", "--to", "2026-11-27", "-o", pdf.to_str().unwrap()]);
    let md = j.ok(&["export", "--format", "md", "--from", "2026-11-21", "--to", "2026-11-27"]);
    for text in [pdf_text(&pdf, 1, pages(&pdf)), md] {
        assert!(!text.contains("barefoot shoes"), "{text}");
        for want in ["barefoot", "supportive shoes", "unsupportive shoes"] {
            assert!(text.contains(want), "{want:?} missing:\n{text}");
        }
    }
}

/// The Markdown log's rows (after its header), as cells.
fn md_log_rows(md: &str) -> Vec<Vec<String>> {
    let log = md.split("## Nightly log").nth(1).unwrap_or_else(|| panic!("no log:\n{md}"));
    log.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Night |"))
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_owned()).collect())
        .collect()
}

#[test]
fn the_log_lists_what_was_asked_with_one_row_per_gap() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["demo", "--nights", "120", "--seed", "3", "--end", "2026-11-27"]);
    // Two gaps made here: 3 nights and 1 night, besides any the demo left.
    for d in ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-20"] {
        j.ok(&["delete", d, "--yes"]);
    }
    let (from, to) = ("2026-09-05", "2026-11-27");
    let nights = j.json(&["list", "--json", "--from", from, "--to", to]);
    let logged: Vec<NaiveDate> =
        nights.as_array().unwrap().iter().map(|n| date(n["date"].as_str().unwrap())).collect();
    let cramp_dates: Vec<NaiveDate> = nights
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| !n["episodes"].as_array().unwrap().is_empty())
        .map(|n| date(n["date"].as_str().unwrap()))
        .collect();
    // Unlogged runs, counted here night by night.
    let mut gaps: Vec<u32> = Vec::new();
    let mut run = 0;
    let mut d = date(from);
    while d <= date(to) {
        if logged.contains(&d) {
            if run > 0 {
                gaps.push(run);
            }
            run = 0;
        } else {
            run += 1;
        }
        d = d.succ_opt().unwrap();
    }
    if run > 0 {
        gaps.push(run);
    }
    assert!(gaps.contains(&3) && gaps.contains(&1), "{gaps:?}");

    let md = |mode: &str| j.ok(&["export", "--format", "md", "--from", from, "--to", to, "--log", mode]);
    let all = md_log_rows(&md("all"));
    let gap_rows: Vec<&Vec<String>> = all.iter().filter(|r| r[1].ends_with("not logged")).collect();
    let want: Vec<String> = gaps
        .iter()
        .map(|n| if *n == 1 { "1 night not logged".to_owned() } else { format!("{n} nights not logged") })
        .collect();
    assert_eq!(gap_rows.iter().map(|r| r[1].clone()).collect::<Vec<_>>(), want);
    assert_eq!(all.len(), logged.len() + gaps.len(), "one row per logged night and per gap");
    assert!(gap_rows.iter().any(|r| r[0] == "5 Oct – 7 Oct 2026"), "{gap_rows:?}");

    // Cramp nights only: each cramp night once, and between them rows that sum up the rest.
    let cramps = md_log_rows(&md("cramp-nights"));
    let shown: Vec<&Vec<String>> = cramps.iter().filter(|r| !r[2].trim().is_empty()).collect();
    assert_eq!(shown.len(), cramp_dates.len());
    let summed: u32 = cramps
        .iter()
        .filter(|r| r[2].trim().is_empty())
        .flat_map(|r| {
            r[1].split(", ").map(|p| p.split(' ').next().unwrap().parse::<u32>().unwrap()).collect::<Vec<_>>()
        })
        .sum();
    let days = u32::try_from((date(to) - date(from)).num_days() + 1).unwrap();
    assert_eq!(
        summed as usize + cramp_dates.len(),
        days as usize,
        "every night of the range is accounted for"
    );

    let none = md("none");
    assert!(!none.contains("## Nightly log"), "{none}");
    // Defaults: every night for 12 weeks, cramp nights only beyond.
    let default_12 = j.ok(&["export", "--format", "md", "--from", from, "--to", to]);
    assert!(default_12.contains(&format!("All {} logged nights", logged.len())), "{default_12}");
    let default_long = j.ok(&["export", "--format", "md", "--from", "2026-08-01", "--to", to]);
    assert!(default_long.contains("nights with cramps, oldest first"), "{default_long}");
    j.usage_error(&["export", "--format", "md", "--log", "some"]);
}

#[test]
fn twelve_weeks_of_cramp_nights_fit_in_four_pages_with_findings_in_brief() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["demo", "--nights", "120", "--seed", "3", "--end", "2026-11-27"]);
    let (from, to) = ("2026-09-05", "2026-11-27");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("twelve.pdf");
    j.ok(&["export", "--from", from, "--to", to, "--log", "cramp-nights", "-o", pdf.to_str().unwrap()]);
    qpdf_clean(&pdf);
    let n = pages(&pdf);
    assert!(n <= 4, "{n} pages");

    // The analysis of the same range, read from its JSON: flagged and protective factors get a
    // row each; every other tested factor is named once in the summing-up sentence.
    let analysis = j.json(&["analyze", "--json", "--from", from, "--to", to]);
    let statuses: Vec<&str> =
        analysis["factors"].as_array().unwrap().iter().map(|f| f["status"].as_str().unwrap()).collect();
    let notable = statuses.iter().filter(|s| matches!(**s, "flagged" | "protective")).count();
    let unclear = statuses.iter().filter(|s| **s == "no_association").count();
    // Over these 12 weeks nothing stands out once streaks are allowed for (the demo's toes-pointed
    // factor reaches q = 0.08): then no factor gets a row of its own, and all are summed up.
    assert!(unclear > 0, "{statuses:?}");
    let md = j.ok(&["export", "--format", "md", "--from", from, "--to", to, "--log", "none"]);
    let section = md.split("## Analysis findings").nth(1).unwrap();
    let rows = section.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Factor")).count();
    assert_eq!(rows, notable, "{section}");
    let other = if notable == 0 { "" } else { "other " };
    let line = format!("{unclear} {other}factors showed no clear difference: ");
    assert!(section.contains(&line), "{line:?} missing:\n{section}");
    assert!(!section.contains("| no clear difference |"), "{section}");
    let text = pdf_text(&pdf, 1, n);
    assert!(text.contains(&line), "{line:?} missing from the PDF");
}

#[test]
fn medicine_changes_have_their_own_section_worded_by_direction() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["med", "add", "Drugex", "--class", "other", "--since", "2026-10-29", "--dose", "10 mg"]);
    // 30 nights before with a cramp on every sixth; 30 after with cramps on most.
    for i in 0..60u32 {
        let d = (date("2026-09-29") + chrono::Days::new(u64::from(i))).to_string();
        let cramp = if i < 30 { i % 6 == 0 } else { i % 5 != 0 };
        let mut args = vec!["log", "--date", d.as_str()];
        if cramp {
            args.extend(["--cramp", "03:00,3m,6"]);
        }
        j.ok(&args);
    }
    let (from, to) = ("2026-09-29", "2026-11-27");
    let analysis = j.json(&["analyze", "--json", "--from", from, "--to", to]);
    let change = &analysis["medication_changes"][0];
    assert_eq!(change["change"], "started");
    let (cb, nb) =
        (change["cramp_nights_before"].as_u64().unwrap(), change["nights_before"].as_u64().unwrap());
    let (ca, na) = (change["cramp_nights_after"].as_u64().unwrap(), change["nights_after"].as_u64().unwrap());
    // The counts, recounted from the nights themselves: logged nights in the 4 weeks before the
    // first day taken and in the 4 weeks from it on.
    let nights = j.json(&["list", "--json", "--from", from, "--to", to]);
    let (mut before, mut after) = ((0u64, 0u64), (0u64, 0u64));
    let start = date("2026-10-29");
    for n in nights.as_array().unwrap() {
        let cramp = u64::from(!n["episodes"].as_array().unwrap().is_empty());
        let night = date(n["date"].as_str().unwrap());
        if (start - night).num_days() > 28 || (night - start).num_days() >= 28 {
            continue;
        }
        let side = if night < start { &mut before } else { &mut after };
        side.0 += cramp;
        side.1 += 1;
    }
    assert_eq!((cb, nb, ca, na), (before.0, before.1, after.0, after.1));
    let md = j.ok(&["export", "--format", "md", "--from", from, "--to", to, "--log", "none"]);
    let section = md.split("## Medicine changes").nth(1).unwrap().split("\n## ").next().unwrap();
    let row = format!("| Drugex | started 29 Oct 2026 | {cb} of {nb} nights | {ca} of {na} nights |");
    assert!(section.contains(&row), "{row:?} missing:\n{section}");
    assert!(section.contains("Clearly more cramp nights after starting Drugex"), "{section}");
    assert!(
        !section.to_lowercase().contains("helped"),
        "more cramps after a start is no sign it helped:\n{section}"
    );
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("meds.pdf");
    j.ok(&["export", "--from", from, "--to", to, "--log", "none", "-o", pdf.to_str().unwrap()]);
    qpdf_clean(&pdf);
    let text = pdf_text(&pdf, 1, pages(&pdf));
    assert!(text.contains("Medicine changes") && text.contains("Clearly more cramp nights after"), "{text}");
}

#[test]
fn the_report_says_what_it_is() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--cramp", "03:10,2m,6"]);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("what.pdf");
    j.ok(&["export", "-o", pdf.to_str().unwrap()]);
    let md = j.ok(&["export", "--format", "md"]);
    for text in [pdf_text(&pdf, 1, 1), md] {
        for want in
            ["recorded by the patient", "ICD-10-CM", "G47.62, sleep-related leg cramps", "not a diagnosis"]
        {
            assert!(text.contains(want), "{want:?} missing:\n{text}");
        }
    }
}

#[test]
fn page_one_carries_the_consultation() {
    if !tools() {
        return;
    }
    let j = Journal::new();
    j.ok(&["demo", "--nights", "120", "--seed", "3", "--end", "2026-11-27"]);
    j.ok(&[
        "med",
        "add",
        "Magnesium citrate",
        "--class",
        "other",
        "--since",
        "2026-11-02",
        "--dose",
        "300 mg",
    ]);
    j.ok(&["profile", "--add", "diabetes"]);
    let (from, to) = ("2026-09-05", "2026-11-27");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("one.pdf");
    j.ok(&["export", "--from", from, "--to", to, "--log", "cramp-nights", "-o", pdf.to_str().unwrap()]);
    qpdf_clean(&pdf);
    assert!(pages(&pdf) <= 4);
    // Every figure, the trial-style block, the medicine marks and what stands out, recomputed.
    let page1 = check_page_one(&j, from, to);
    let md = j.ok(&["export", "--format", "md", "--from", from, "--to", to, "--log", "none"]);
    for want in [
        "Red flags",
        "Current medicines: ",
        "Magnesium citrate 300 mg, daily since 2 Nov 2026",
        "Atorvastatin, daily since 11 Oct 2026",
        "Conditions: diabetes",
        "COMPLETENESS",
        "First 2 logged weeks",
        "Latest 4 weeks",
        "about a quarter of people on placebo",
        "+Atorvastatin 11 Oct +Magnesium citrate 2 Nov 7 6 5 4 3 2 1 0",
        "What stands out",
    ] {
        assert!(page1.contains(want), "page 1 lacks {want:?}:\n{page1}");
    }
    assert!(
        md.contains("**Current medicines:** ")
            && md.contains("Magnesium citrate 300 mg, daily since 2 Nov 2026")
    );
    // Letter paper is 50 points shorter than A4: page 1 still ends with what stands out.
    let letter = dir.path().join("letter.pdf");
    j.ok(&["export", "--from", from, "--to", to, "--paper", "letter", "-o", letter.to_str().unwrap()]);
    let page1 = pdf_text(&letter, 1, 1);
    let standouts = page_one::standouts(&j.json(&["analyze", "--json", "--from", from, "--to", to]));
    for want in
        ["Conditions: diabetes", "First 2 logged weeks", "2 Nov 7 6 5 4 3 2 1 0 5 Sep", "What stands out"]
            .into_iter()
            .chain(standouts.iter().map(String::as_str))
    {
        assert!(page1.contains(want), "Letter page 1 lacks {want:?}:\n{page1}");
    }
}
