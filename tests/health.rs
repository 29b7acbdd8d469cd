//! `cramp import apple-health` and `cramp import metrics`: what lands, what is chosen, what a
//! re-import and a newer export do, and that bad files change nothing. Expected figures are
//! recomputed here from the fixtures' raw text, not by the code under test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::Journal;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/health").join(name)
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every measured value in the journal, as (night, kind) → (value, source), read through the
/// JSON export of the whole year.
fn measured(j: &Journal) -> BTreeMap<(String, String), (i64, String)> {
    let doc = j.json(&["export", "--format", "json", "--from", "2026-01-01", "--to", "2026-11-27"]);
    let list = doc.get("measured").and_then(Value::as_array).cloned().unwrap_or_default();
    list.iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap().to_owned();
            ((s("night"), s("kind")), (m["value"].as_i64().unwrap(), s("source")))
        })
        .collect()
}

/// The fixture's step records, read with plain string search: (day, source) → steps.
fn steps_by_day_and_source(xml: &str) -> BTreeMap<(String, String), i64> {
    let attr = |rec: &str, name: &str| {
        let start = rec.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        rec[start..start + rec[start..].find('"').unwrap()].to_owned()
    };
    let mut totals = BTreeMap::new();
    for rec in xml.split("<Record ").skip(1) {
        if !rec.starts_with("type=\"HKQuantityTypeIdentifierStepCount\"") {
            continue;
        }
        let source = attr(rec, "sourceName").replace("&#x2019;", "\u{2019}").replace("&#160;", "\u{a0}");
        let day = attr(rec, "startDate")[..10].to_owned();
        *totals.entry((day, source)).or_insert(0) += attr(rec, "value").parse::<i64>().unwrap();
    }
    totals
}

/// The largest source per day, as the import should choose.
fn largest_per_day(totals: &BTreeMap<(String, String), i64>) -> BTreeMap<String, (i64, String)> {
    let mut best: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for ((day, source), n) in totals {
        let entry = best.entry(day.clone()).or_insert((-1, String::new()));
        if *n > entry.0 {
            *entry = (*n, source.clone());
        }
    }
    best
}

#[test]
fn an_export_lands_one_source_per_night_and_kind() {
    let j = Journal::new();
    let out = j.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    let got = measured(&j);
    let xml = std::fs::read_to_string(fixture("export.xml")).unwrap();
    let steps = largest_per_day(&steps_by_day_and_source(&xml));
    assert_eq!(steps.len(), 3);
    for (day, (n, source)) in &steps {
        assert_eq!(got.get(&(day.clone(), "steps".into())), Some(&(*n, source.clone())), "steps on {day}");
    }
    // Never the sum of phone and watch: the 20th is the watch's 2500 + 2600 alone.
    assert_eq!(got[&("2026-11-20".into(), "steps".into())].0, 2500 + 2600);
    let watch = "Anna\u{2019}s Apple\u{a0}Watch".to_owned();
    let water = 500.0 + 0.5 * 1000.0 + 8.0 * 29.573_529_562_5_f64;
    assert_eq!(
        got[&("2026-11-20".into(), "water_ml".into())],
        (water.round() as i64, "Drink & Track".into())
    );
    // The meal's correlation repeats the 21st's 250 mL; it counts once.
    assert_eq!(got[&("2026-11-21".into(), "water_ml".into())].0, 250);
    assert_eq!(got[&("2026-11-20".into(), "stand_min".into())], (30 + 15, watch.clone()));
    // Sleep from 23:10 on the 20th to 06:40 on the 21st is the night of the 20th.
    assert_eq!(got[&("2026-11-20".into(), "sleep_asleep_min".into())], (110 + 115 + 205, watch.clone()));
    assert_eq!(got[&("2026-11-20".into(), "awakenings".into())], (2, watch.clone()));
    assert_eq!(got[&("2026-11-20".into(), "sleep_in_bed_min".into())], (8 * 60 + 10, "iPhone".into()));
    assert!(!got.contains_key(&("2026-11-21".into(), "sleep_asleep_min".into())));
    // Both clock changes, in UTC: autumn in bed 21:00 to 06:00 and asleep 21:30 to 05:30 (the
    // night an hour longer than the clock says), spring asleep 22:00 to 05:00 (an hour shorter).
    assert_eq!(got[&("2026-10-24".into(), "sleep_in_bed_min".into())].0, (24 - 21 + 6) * 60);
    assert_eq!(got[&("2026-10-24".into(), "sleep_asleep_min".into())].0, (24 - 21 + 5) * 60);
    assert_eq!(got[&("2026-03-28".into(), "sleep_asleep_min".into())], ((24 - 22 + 5) * 60, watch.clone()));
    assert_eq!(got.len(), 3 + 1 + 2 + (3 + 2 + 2), "{got:#?}");
    assert!(out.contains("  steps: 3 nights added (Anna\u{2019}s Apple\u{a0}Watch 2, iPhone 1)\n"), "{out}");
    assert!(out.contains("  time asleep: 3 nights added"), "{out}");
}

#[test]
fn importing_again_adds_nothing_and_a_newer_export_adds_only_new_days() {
    let j = Journal::new();
    j.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    let first = measured(&j);
    let again = j.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    assert_eq!(measured(&j), first);
    assert!(again.contains("  steps: 0 nights added; 3 already there\n"), "{again}");
    assert!(!again.contains(" 1 night added") && !again.contains("completed"), "{again}");

    let newer = j.ok(&["import", "apple-health", path_str(&fixture("export-newer.xml"))]);
    let after = measured(&j);
    assert_eq!(after.len(), first.len() + 1);
    assert_eq!(after[&("2026-11-22".into(), "steps".into())], (4321, "iPhone".into()));
    // The 21st was under way at the first export: the newer one completes it.
    assert_eq!(after[&("2026-11-21".into(), "steps".into())], (6000 + 1500, "iPhone".into()));
    assert!(newer.contains("  steps: 1 night added, 1 completed (iPhone 2); 2 already there\n"), "{newer}");
}

#[test]
fn measured_values_never_make_a_night_logged() {
    let j = Journal::new().at("2026-11-21T09:00:00+01:00");
    j.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    assert_eq!(j.json(&["list", "--json"]), serde_json::json!([]));
    assert!(j.ok(&["status"]).contains("NOT logged"));
    let said = j.usage_error(&["show", "2026-11-20"]);
    assert!(said.contains("the night of 2026-11-20 is not logged (it has only measured values"), "{said}");
}

#[test]
fn show_marks_measured_values_as_not_typed() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-20", "--fluid", "1.5l"]);
    j.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    let text = j.ok(&["show", "2026-11-20"]);
    assert!(text.contains("  Fluid              1.5 L\n"), "the typed fluid stays: {text}");
    assert!(text.contains("Measured (read-only, not typed by you):\n"), "{text}");
    assert!(
        text.contains("  Steps              5,100 (Anna\u{2019}s Apple\u{a0}Watch, from Apple Health)\n"),
        "{text}"
    );
    assert!(text.contains("  Asleep             7 h 10 min ("), "{text}");
    let json = j.json(&["show", "2026-11-20", "--json"]);
    assert_eq!(json["fluid_ml"], 1500);
    let kinds: Vec<&str> =
        json["measured"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["steps", "stand_min", "water_ml", "sleep_asleep_min", "sleep_in_bed_min", "awakenings"]
    );
}

#[test]
fn the_json_export_carries_measured_values_into_a_new_journal() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-20"]);
    j.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    let file = j.dir.path().join("all.json");
    j.ok(&[
        "export",
        "--format",
        "json",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-27",
        "-o",
        path_str(&file),
    ]);
    let k = Journal::new();
    let out = k.ok(&["import", path_str(&file)]);
    assert!(out.contains("Measured values (steps, sleep and the like): 13 added or completed."), "{out}");
    assert_eq!(measured(&k), measured(&j));
    // Without measured values the document has no `measured` key, as before.
    let plain = Journal::new();
    plain.ok(&["log", "--date", "2026-11-20"]);
    assert!(plain.json(&["export", "--format", "json"]).get("measured").is_none());
}

fn zip_of(entry: &str, xml: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("apple_health_export/export_cda.xml", options).unwrap();
    w.write_all(b"<ClinicalDocument/>").unwrap();
    w.start_file(entry, options).unwrap();
    w.write_all(xml).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn an_export_zip_reads_its_export_xml() {
    let j = Journal::new();
    let dir = tempfile::tempdir().unwrap();
    let zipped = dir.path().join("export.zip");
    std::fs::write(
        &zipped,
        zip_of("apple_health_export/export.xml", &std::fs::read(fixture("export.xml")).unwrap()),
    )
    .unwrap();
    j.ok(&["import", "apple-health", path_str(&zipped)]);
    let k = Journal::new();
    k.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    assert_eq!(measured(&j), measured(&k));
}

#[test]
fn bad_files_exit_2_say_where_and_change_nothing() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-20"]);
    j.ok(&["import", "apple-health", path_str(&fixture("export.xml"))]);
    let dir = tempfile::tempdir().unwrap();
    let xml = std::fs::read_to_string(fixture("export-newer.xml")).unwrap();
    let bad = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let whole = zip_of("apple_health_export/export.xml", xml.as_bytes());
    let truncated = bad("truncated.zip", &whole[..whole.len() / 2]);
    let not_xml = bad("export.xml", b"date,steps\n2026-11-20,5\n");
    let wrong_date =
        bad("wrong-date.xml", xml.replace("2026-11-22 09:00:00 +0100", "2026-11-22 9 Uhr").as_bytes());
    let cut = bad("cut.xml", &xml.as_bytes()[..xml.len() - 40]);
    let before = j.snapshot();
    let cases = [
        (&truncated, "not a complete zip archive"),
        (&not_xml, "not an Apple Health export: it starts with text, not XML (byte 0)"),
        (&wrong_date, "startDate '2026-11-22 9 Uhr' is not a date like 2026-11-20 07:12:03 +0100"),
        (&cut, "not readable XML at byte"),
    ];
    for (path, expected) in cases {
        let said = j.usage_error(&["import", "apple-health", path_str(path)]);
        assert!(said.contains(expected) && said.ends_with("; nothing was imported"), "{said}");
        assert_eq!(j.snapshot(), before, "{} changed the journal", path.display());
    }
    let said = j.usage_error(&["import", "apple-health", path_str(&wrong_date)]);
    let record = xml[..xml.find("2026-11-22 09:00:00").unwrap()].matches("<Record ").count();
    assert!(said.contains(&format!("record {record} (at byte ")), "{said}");
    // On a new path a bad file leaves no journal behind.
    let fresh = Journal::new();
    fresh.usage_error(&["import", "apple-health", path_str(&truncated)]);
    assert!(!fresh.db.exists());
}

#[test]
fn a_metrics_csv_lands_and_a_bad_one_names_the_line() {
    let j = Journal::new();
    let out = j.ok(&["import", "metrics", path_str(&fixture("metrics.csv"))]);
    let got = measured(&j);
    let gb = "Gadgetbridge".to_owned();
    assert_eq!(got[&("2026-11-23".into(), "steps".into())], (9120, gb.clone()));
    assert_eq!(got[&("2026-11-23".into(), "water_ml".into())], (1800, gb.clone()));
    assert_eq!(got[&("2026-11-23".into(), "stand_min".into())], (50, gb.clone()));
    assert_eq!(got[&("2026-11-24".into(), "sleep_asleep_min".into())], (380, gb));
    assert_eq!(got[&("2026-11-25".into(), "steps".into())], (4010, "CSV".into()));
    assert_eq!(got.len(), 6);
    assert!(out.contains("  steps: 2 nights added (CSV 1, Gadgetbridge 1)\n"), "{out}");
    assert!(
        j.ok(&["import", "metrics", path_str(&fixture("metrics.csv"))])
            .contains("0 nights added; 2 already there")
    );

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "date,steps,source\n2026-11-26,12,Band\n2026-11-27,lots,Band\n").unwrap();
    let before = j.snapshot();
    let said = j.usage_error(&["import", "metrics", path_str(&bad)]);
    assert!(
        said.contains(
            "line 3, column steps: 'lots' is not a whole number from 0 to 300000; nothing was imported"
        ),
        "{said}"
    );
    assert_eq!(j.snapshot(), before);
}

#[test]
fn the_log_form_shows_measured_values_read_only() {
    use cramp_journal::app::{App, Msg};
    use cramp_journal::health::{self, Origin};
    use cramp_journal::model::{DayBoundary, Zone};
    use cramp_journal::store::Store;

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("journal.db")).unwrap();
    let today = "2026-11-28".parse().unwrap();
    let xml = std::fs::read(fixture("export.xml")).unwrap();
    let file = health::apple::read(&xml[..], DayBoundary::default(), today).unwrap();
    store.import_measured(&file, Origin::AppleHealth, "2026-11-28T09:00:00+01:00").unwrap();
    let offset = chrono::FixedOffset::east_opt(3600).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-28T09:00:00+01:00").unwrap();
    let mut app =
        App::new(store, Zone::Fixed(offset), now, cramp_journal::ui::theme::Theme::new(false)).unwrap();
    app.update(Msg::OpenLog("2026-11-20".parse().unwrap()));
    for (width, height) in [(80, 24), (120, 40)] {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
        terminal.draw(|f| f.render_widget(&app, f.area())).unwrap();
        let buffer = terminal.backend().buffer();
        let text: String = (0..buffer.area.height)
            .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>() + "\n")
            .collect();
        let expected = format!(
            "From Apple Health (read-only): 5,{:03} steps · standing {} min",
            2500 + 2600 - 5000,
            30 + 15
        );
        assert!(text.contains(&expected), "{width}×{height}:\n{text}");
        for part in ["water 1.24 L", "asleep 7 h 10 min", "in bed 8 h 10 min", "awake 2×"] {
            assert!(text.contains(part), "{width}×{height} lacks {part}:\n{text}");
        }
    }
}

/// 120 logged nights from 31 Jul 2026 with a tracker's CSV imported (see the test below);
/// returns the journal and the CSV's text.
fn tracked_journal() -> (Journal, String) {
    use cramp_journal::model::{Episode, FluidMl, Night};
    use std::fmt::Write as _;
    let j = Journal::new();
    let first: chrono::NaiveDate = "2026-07-31".parse().unwrap();
    let offset = chrono::FixedOffset::east_opt(3600).unwrap();
    let nights: Vec<Night> = (0..120u64)
        .map(|i| {
            let date = first + chrono::Days::new(i);
            let mut n = Night::empty(date);
            if i >= 40 {
                n.fluid = Some(FluidMl::new(if i % 2 == 0 { 1200 } else { 1700 }).unwrap());
            }
            let k = (i / 2) % 5;
            if (i % 2 == 0 && k < 3) || (i % 2 == 1 && k == 0) {
                let at = date.and_hms_opt(23, 30, 0).unwrap().and_local_timezone(offset).unwrap();
                n.episodes.push(Episode::starting(at));
            }
            n
        })
        .collect();
    let mut store = cramp_journal::store::Store::open(&j.db).unwrap();
    store.save_nights(&nights).unwrap();
    drop(store);
    let mut csv = String::from("date,steps,water_ml,stand_min,sleep_min,source\n");
    for i in 0..120u64 {
        let date = first + chrono::Days::new(i);
        let steps = if i % 2 == 0 { 4000 } else { 6000 };
        writeln!(csv, "{date},{steps},2500,{},,Watch", 30 + i % 7 * 5).unwrap();
    }
    let file = j.dir.path().join("tracker.csv");
    std::fs::write(&file, &csv).unwrap();
    j.ok(&["import", "metrics", path_str(&file)]);

    (j, csv)
}

/// A column's mean over `from..=to` in the tracker CSV (1 steps, 2 water, 3 standing).
fn csv_mean(csv: &str, from: &str, to: &str, col: usize) -> f64 {
    let rows: Vec<f64> = csv
        .lines()
        .skip(1)
        .filter(|l| &l[..10] >= from && &l[..10] <= to)
        .map(|l| l.split(',').nth(col).unwrap().parse::<f64>().unwrap())
        .collect();
    rows.iter().sum::<f64>() / rows.len() as f64
}

/// Issue 16 pt 6: steps, standing minutes and water from a tracker join the analysis and the
/// Week. 120 logged nights; the tracker counted 4,000 steps on even days and 6,000 on odd
/// ones; cramps follow 3 of every 5 even nights and 1 of every 5 odd ones; no fluid was typed
/// on the first 40 nights, and the tracker measured water every day. Every figure checked
/// here is recomputed from `list --json` and the CSV, not from the code under test.
#[test]
fn measured_values_join_the_analysis_and_the_week() {
    let (j, csv) = tracked_journal();
    let first: chrono::NaiveDate = "2026-07-31".parse().unwrap();

    // By hand, from the journal's own list: cramp nights after 4,000- and 6,000-step days.
    let list = j.json(&["list", "--json"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 120, "measured values made no night logged");
    let steps_of = |date: &str| -> i64 {
        let i = (date.parse::<chrono::NaiveDate>().unwrap() - first).num_days();
        if i % 2 == 0 { 4000 } else { 6000 }
    };
    let rate = |steps: i64| {
        let on: Vec<&Value> =
            list.iter().filter(|n| steps_of(n["date"].as_str().unwrap()) == steps).collect();
        let cramp = on.iter().filter(|n| !n["episodes"].as_array().unwrap().is_empty()).count();
        cramp as f64 / on.len() as f64
    };
    // Two amounts 2,000 steps apart: per 1,000 steps the ratio is the square root.
    let per_1000 = (rate(6000) / rate(4000)).sqrt();
    let untyped = list.iter().filter(|n| n["fluid_ml"].is_null()).count();
    assert_eq!(untyped, 40);

    let r = j.json(&["analyze", "--json"]);
    let dose = |amount: &str, lag: u64| {
        r["doses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["amount"] == amount && d["lag"] == lag)
            .unwrap_or_else(|| panic!("no {amount} dose at lag {lag}: {}", r["doses"]))
            .clone()
    };
    let steps = dose("steps", 0);
    assert!((steps["risk_ratio"].as_f64().unwrap() - per_1000).abs() < 1e-4, "{steps} vs {per_1000}");
    assert_eq!(steps["step"], 1000.0);
    assert_eq!((steps["nights"].as_u64(), steps["measured_nights"].as_u64()), (Some(120), Some(120)));
    // The day before: the first night's day before was not measured.
    assert_eq!(dose("steps", 1)["nights"], 119);
    assert_eq!(dose("stand_min", 0)["nights"], 120);
    let fluid = dose("fluid", 0);
    assert_eq!((fluid["nights"].as_u64(), fluid["measured_nights"].as_u64()), (Some(120), Some(40)));
    let text = j.ok(&["analyze"]).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Measured steps (same day)"), "{text}");
    assert!(text.contains("On 40 of these 120 days no fluid was typed"), "{text}");

    // The Week of Mon 23 Nov, so far to Fri 27: mean steps by hand from the CSV.
    let mean = |from: &str, to: &str, col: usize| csv_mean(&csv, from, to, col);
    let w = j.json(&["week", "--json"]);
    let close = |v: &Value, want: f64| (v.as_f64().unwrap() - want).abs() < 1e-9;
    assert!(close(&w["this_week"]["mean_steps"], mean("2026-11-23", "2026-11-27", 1)), "{}", w["this_week"]);
    assert!(close(&w["previous_week"]["mean_steps"], mean("2026-11-16", "2026-11-22", 1)));
    assert!(close(&w["four_week_average"]["mean_steps"], mean("2026-10-26", "2026-11-22", 1)));
    assert!(close(&w["this_week"]["mean_stand_min"], mean("2026-11-23", "2026-11-27", 3)));
    let week = j.ok(&["week"]);
    let row = week.lines().find(|l| l.contains("Measured steps")).unwrap_or_else(|| panic!("{week}"));
    let shown = cramp_journal::wording::grouped(mean("2026-11-23", "2026-11-27", 1));
    assert!(row.contains(&shown), "{row} should show {shown}");
    assert!(week.contains("Measured stand"), "{week}");
}

/// The reports carry one line on what the tracker measured, with means recomputed here.
#[test]
fn the_reports_say_what_a_tracker_measured() {
    let (j, csv) = tracked_journal();
    // The reports: a line of means over the measured days of the range, by hand from the CSV.
    let md = j.ok(&["export", "--format", "md", "--from", "2026-09-01", "--to", "2026-11-27"]);
    let line = md
        .lines()
        .find(|l| l.starts_with("**Measured by phone or watch**"))
        .unwrap_or_else(|| panic!("{md}"));
    let steps = cramp_journal::wording::grouped(csv_mean(&csv, "2026-09-01", "2026-11-27", 1));
    assert!(line.contains(&format!("steps {steps} a day (88 of 88 days)")), "{line}");
    assert!(
        line.contains(&format!("standing {:.0} min a day", csv_mean(&csv, "2026-09-01", "2026-11-27", 3))),
        "{line}"
    );
    assert!(line.contains("water 2.5 L a day (88 of 88 days)") && line.ends_with("· from Watch"), "{line}");
}
