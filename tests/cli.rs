//! The command line as a public contract: every command, the JSON shape, the night rule across
//! midnight and daylight-saving changes, and bad input (exit 2, one clear line, nothing changed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
/// `cramp experiment` end to end (issue 15): plan, 16 weeks of nights, status and report.
#[path = "cli/experiment.rs"]
mod experiment;

use common::Journal;
use serde_json::json;

#[test]
fn a_log_with_every_option_comes_back_exactly_from_list_json() {
    let j = Journal::new();
    j.ok(&["med", "add", "Ibuprofen", "--class", "other", "--as-needed"]);
    j.ok(&["med", "add", "Furosemide", "--class", "diuretic", "--since", "2026-11-01"]);
    let out = j.ok(&[
        "log",
        "--date",
        "2026-11-27",
        "--fluid",
        "1.5l",
        "--activity",
        "hard",
        "--standing",
        "5h30m",
        "--sitting",
        "6",
        "--footwear",
        "unsupportive",
        "--mg-k-foods",
        "2",
        "--posture",
        "toes-pointed",
        "--posture",
        "tucked-covers",
        "--stretched",
        "--med",
        "ibuprofen",
        "--tag",
        "Coffee",
        "--tag",
        "hiking",
        "--cramp",
        "03:10,4m30s,7,calf,left,stretch+walk",
        "--cramp",
        "23:40,?,3",
        "--sleep-disturbance",
        "6",
        "--note",
        "Müller — café ½ L, Ωμέγα, Привет",
    ]);
    assert_eq!(
        out,
        "Logged last night, Fri 27 Nov 2026: 2 cramps (worst 7/10, 4m30s in all) · fluid 1.5 L · activity hard · standing 5h30m · sitting 6h · footwear unsupportive · Mg/K-rich foods 2 · posture toes-pointed, tucked-covers · stretched · medicines ibuprofen · tags coffee, hiking · sleep disturbance 6/10 · note saved.\n"
    );
    let expected = json!([{
        "date": "2026-11-27",
        "fluid_ml": 1500,
        "activity": "hard",
        "standing_h": 5.5,
        "sitting_h": 6.0,
        "footwear": "unsupportive",
        "mg_k_servings": 2,
        "postures": ["toes-pointed", "tucked-covers"],
        "stretched": true,
        "medications": ["Furosemide", "Ibuprofen"],
        "tags": ["coffee", "hiking"],
        "sleep_disturbance": 6,
        "note": "Müller — café ½ L, Ωμέγα, Привет",
        "episodes": [
            {"start": "2026-11-27T23:40:00+01:00", "duration_s": null, "intensity": 3, "location": null,
             "side": null, "relief": [], "note": null},
            {"start": "2026-11-28T03:10:00+01:00", "duration_s": 270, "intensity": 7, "location": "calf",
             "side": "left", "relief": ["stretch", "walk"], "note": null},
        ],
    }]);
    assert_eq!(j.json(&["list", "--json"]), expected);
    assert_eq!(j.json(&["show", "2026-11-27", "--json"]), expected[0]);
}

#[test]
fn a_night_without_cramps_is_logged_as_cramp_free_and_unknowns_are_null() {
    let j = Journal::new();
    assert_eq!(j.ok(&["log"]), "Logged last night, Fri 27 Nov 2026: cramp-free.\n");
    let night = &j.json(&["list", "--json"])[0];
    assert_eq!(night["date"], "2026-11-27");
    assert_eq!(night["episodes"], json!([]));
    for field in ["fluid_ml", "activity", "standing_h", "stretched", "note", "sleep_disturbance"] {
        assert_eq!(night[field], serde_json::Value::Null, "{field}");
    }
}

#[test]
fn log_updates_given_fields_and_keeps_the_rest() {
    let j = Journal::new();
    j.ok(&["log", "--fluid", "2l", "--activity", "light", "--tag", "coffee"]);
    let out = j.ok(&["log", "--activity", "hard", "--cramp", "03:00,1m,4"]);
    assert_eq!(out, "Updated last night, Fri 27 Nov 2026: 1 cramp (worst 4/10, 1m) · activity hard.\n");
    let night = &j.json(&["show", "2026-11-27", "--json"]);
    assert_eq!(night["fluid_ml"], 2000);
    assert_eq!(night["activity"], "hard");
    assert_eq!(night["tags"], json!(["coffee"]));
    assert_eq!(night["episodes"].as_array().unwrap().len(), 1);
}

#[test]
fn the_default_night_is_last_night_until_the_evening_then_tonight() {
    // (now, the night `cramp log` must log): before 18:00 the night that began the evening
    // before; from 18:00 on, tonight. Both daylight-saving changes of 2026 in Europe included.
    let cases = [
        ("2026-12-03T03:00:00+01:00", "2026-12-02"),
        ("2026-12-03T09:00:00+01:00", "2026-12-02"),
        ("2026-12-03T13:00:00+01:00", "2026-12-02"),
        ("2026-12-03T17:59:00+01:00", "2026-12-02"),
        ("2026-12-03T18:00:00+01:00", "2026-12-03"),
        ("2026-12-03T23:30:00+01:00", "2026-12-03"),
        ("2026-03-29T13:00:00+02:00", "2026-03-28"),
        ("2026-03-29T19:00:00+02:00", "2026-03-29"),
        ("2026-10-25T13:00:00+01:00", "2026-10-24"),
        ("2026-10-25T19:00:00+01:00", "2026-10-25"),
    ];
    for (now, night) in cases {
        let j = Journal::new().at(now);
        j.ok(&["log"]);
        assert_eq!(j.json(&["list", "--json"])[0]["date"], night, "cramp log at {now}");
    }
    // The evening is a setting.
    let j = Journal::new().at("2026-12-03T17:00:00+01:00");
    j.ok(&["settings", "evening", "16:30"]);
    j.ok(&["log"]);
    assert_eq!(j.json(&["list", "--json"])[0]["date"], "2026-12-03");
}

#[test]
fn status_and_the_confirmation_say_which_night() {
    let j = Journal::new().at("2026-12-03T13:00:00+01:00");
    let said = j.ok(&["log"]);
    assert!(said.starts_with("Logged last night, Wed 2 Dec 2026: cramp-free"), "{said}");
    let status = j.ok(&["status"]);
    assert!(status.starts_with("cramp: last night (Wed 2 Dec) logged, cramp-free"), "{status}");
    let evening = Journal { now: "2026-12-03T19:00:00+01:00".to_owned(), ..j };
    let status = evening.ok(&["status"]);
    assert!(status.starts_with("cramp: tonight (Thu 3 Dec) not logged yet"), "{status}");
    let said = evening.ok(&["log", "--fluid", "2l"]);
    assert!(said.starts_with("Logged tonight, Thu 3 Dec 2026: cramp-free · fluid 2 L"), "{said}");
    // With last night not logged, the evening status says so first.
    let j = Journal::new().at("2026-12-03T19:00:00+01:00");
    j.ok(&["log", "--date", "2026-11-30"]);
    let status = j.ok(&["status"]);
    assert!(status.starts_with("cramp: last night (Wed 2 Dec) NOT logged"), "{status}");
}

#[test]
fn amounts_of_fluid_are_never_guessed() {
    let j = Journal::new();
    for (typed, ml) in [
        ("1,5l", 1500),
        ("1.5", 1500),
        ("10", 10_000),
        ("100", 100),
        ("1500", 1500),
        ("2 cups", 500),
        ("1 pint", 568),
    ] {
        let said = j.ok(&["log", "--date", "2026-11-20", "--fluid", typed]);
        assert_eq!(j.json(&["show", "2026-11-20", "--json"])["fluid_ml"], ml, "--fluid {typed}");
        assert!(said.contains(" · fluid "), "the confirmation repeats the amount: {said}");
    }
    let before = j.snapshot();
    for typed in ["11", "50", "99.5"] {
        let line = j.usage_error(&["log", "--date", "2026-11-20", "--fluid", typed]);
        assert!(line.contains("add a unit"), "--fluid {typed}: {line}");
    }
    assert_eq!(j.snapshot(), before);
    j.ok(&["settings", "units", "imperial"]);
    let said = j.ok(&["log", "--date", "2026-11-21", "--fluid", "50"]);
    assert_eq!(j.json(&["show", "2026-11-21", "--json"])["fluid_ml"], 1479);
    assert!(said.contains("fluid 50 oz"), "{said}");
    j.ok(&["log", "--date", "2026-11-22", "--fluid", "2 cups"]);
    assert_eq!(j.json(&["show", "2026-11-22", "--json"])["fluid_ml"], 473);
}

#[test]
fn cramp_times_land_on_the_right_calendar_day_across_midnight() {
    let j = Journal::new().at("2027-01-01T09:00:00+01:00");
    j.ok(&["log", "--date", "2026-12-31", "--cramp", "23:55,1m,5", "--cramp", "00:05,2m,6"]);
    let starts: Vec<String> = j.json(&["show", "2026-12-31", "--json"])["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["start"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(starts, ["2026-12-31T23:55:00+01:00", "2027-01-01T00:05:00+01:00"]);
}

#[test]
fn night_rule_across_the_spring_daylight_saving_change() {
    // Clocks in central Europe jump from 02:00 to 03:00 on Sunday 2026-03-29.
    let j = Journal::new().at("2026-03-29T09:00:00+02:00");
    j.ok(&["log", "--cramp", "01:30,1m,4", "--cramp", "03:10,2m,6"]);
    let night = j.json(&["show", "2026-03-28", "--json"]);
    assert_eq!(night["episodes"][0]["start"], "2026-03-29T01:30:00+01:00");
    assert_eq!(night["episodes"][1]["start"], "2026-03-29T03:10:00+02:00");

    let err = j.usage_error(&["log", "--date", "2026-03-28", "--cramp", "02:30,1m,4"]);
    assert!(err.contains("02:30:00 did not exist on 2026-03-29"), "{err}");

    // `now` at 03:10 summer time is still the night of the 28th.
    let j2 = Journal::new().at("2026-03-29T03:10:00+02:00");
    assert_eq!(
        j2.ok(&["now"]).lines().next().unwrap(),
        "Saved a cramp at 03:10 on the night of Sat 28 Mar 2026."
    );
    assert_eq!(j2.json(&["list", "--json"])[0]["episodes"][0]["start"], "2026-03-29T03:10:00+02:00");
}

#[test]
fn night_rule_across_the_autumn_daylight_saving_change() {
    // On 2026-10-25 clocks go back from 03:00 to 02:00: 02:30 happens twice; the first is taken.
    let j = Journal::new().at("2026-10-25T09:00:00+01:00");
    j.ok(&["log", "--cramp", "02:30,1m,4", "--cramp", "04:00,1m,5"]);
    let night = j.json(&["show", "2026-10-24", "--json"]);
    assert_eq!(night["episodes"][0]["start"], "2026-10-25T02:30:00+02:00");
    assert_eq!(night["episodes"][1]["start"], "2026-10-25T04:00:00+01:00");
}

#[test]
fn now_saves_at_once_and_log_fills_in_the_details_later() {
    let j = Journal::new().at("2026-11-28T03:10:42+01:00");
    let out = j.ok(&["now"]);
    assert!(out.contains("Saved a cramp at 03:10 on the night of Fri 27 Nov 2026."), "{out}");
    assert!(out.contains("cramp log --date 2026-11-27 --cramp 03:10,"), "{out}");
    let j = j.at("2026-11-28T08:00:00+01:00");
    j.ok(&["log", "--cramp", "03:10,3m,6,arch,right"]);
    let episodes = j.json(&["show", "2026-11-27", "--json"])["episodes"].clone();
    assert_eq!(episodes.as_array().unwrap().len(), 1, "the detail fills in the saved cramp: {episodes}");
    assert_eq!(episodes[0]["start"], "2026-11-28T03:10:42+01:00");
    assert_eq!(episodes[0]["duration_s"], 180);
    assert_eq!(episodes[0]["location"], "arch");
}

#[test]
fn now_takes_details_when_the_cramp_is_over() {
    let j = Journal::new().at("2026-11-28T23:30:00+01:00");
    j.ok(&["now", "--duration", "90s", "--intensity", "5", "--location", "toes", "--side", "both"]);
    let e = &j.json(&["show", "2026-11-28", "--json"])["episodes"][0];
    assert_eq!((e["duration_s"].as_i64(), e["side"].as_str()), (Some(90), Some("both")));
}

#[test]
fn list_shows_gaps_and_filters_by_range() {
    let j = Journal::new();
    for d in ["2026-11-20", "2026-11-21", "2026-11-25"] {
        j.ok(&["log", "--date", d]);
    }
    let table = j.ok(&["list"]);
    assert!(table.contains("·· 3 nights not logged"), "{table}");
    assert!(table.contains("3 nights logged of 6 from first to last; 0 with cramps."), "{table}");
    let dates: Vec<String> = j
        .json(&["list", "--json", "--from", "2026-11-21", "--to", "2026-11-30"])
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["date"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(dates, ["2026-11-21", "2026-11-25"]);
    assert_eq!(j.json(&["list", "--json", "--from", "2026-11-26"]), json!([]));
}

#[test]
fn show_prints_a_readable_night() {
    let j = Journal::new();
    j.ok(&["log", "--fluid", "1200", "--cramp", "03:10,4m,7,calf,left,stretch", "--note", "two\nlines"]);
    let text = j.ok(&["show", "yesterday"]);
    assert!(text.starts_with("Night of Friday 27 November 2026 — 1 cramp (worst 7/10, 4m)"), "{text}");
    assert!(text.contains("Fluid              1.2 L"), "{text}");
    assert!(text.contains("Cramp 03:10       4m   7/10  calf, left  eased by stretch"), "{text}");
}

#[test]
fn delete_needs_yes_and_removes_the_night_with_its_cramps() {
    let j = Journal::new();
    j.ok(&["log", "--cramp", "03:10,4m,7"]);
    let before = j.snapshot();
    j.usage_error(&["delete", "2026-11-27"]);
    assert_eq!(j.snapshot(), before);
    assert_eq!(
        j.ok(&["delete", "2026-11-27", "--yes"]),
        "Deleted the night of Fri 27 Nov 2026 (1 cramp (worst 7/10, 4m)).\n"
    );
    assert_eq!(j.json(&["list", "--json"]), json!([]));
    let err = j.usage_error(&["delete", "2026-11-27", "--yes"]);
    assert!(err.contains("not logged"), "{err}");
}

#[test]
fn medicines_daily_ones_are_derived_from_their_dates() {
    let j = Journal::new();
    j.ok(&["med", "add", "Atorvastatin", "--class", "statin", "--since", "2026-11-20"]);
    j.ok(&["med", "stop", "atorvastatin", "--on", "2026-11-24"]);
    for d in ["2026-11-19", "2026-11-20", "2026-11-24", "2026-11-25"] {
        j.ok(&["log", "--date", d]);
    }
    let meds: Vec<serde_json::Value> =
        j.json(&["list", "--json"]).as_array().unwrap().iter().map(|n| n["medications"].clone()).collect();
    assert_eq!(meds, [json!([]), json!(["Atorvastatin"]), json!(["Atorvastatin"]), json!([])]);
    let list = j.ok(&["med", "list"]);
    assert!(list.contains("Atorvastatin") && list.contains("daily 2026-11-20 to 2026-11-24"), "{list}");
    // A second period after the first.
    j.ok(&["med", "add", "Atorvastatin", "--class", "statin", "--since", "2026-11-26"]);
    assert_eq!(j.json(&["med", "list", "--json"])[0]["periods"].as_array().unwrap().len(), 2);
    assert!(
        j.usage_error(&["med", "add", "Atorvastatin", "--class", "statin"]).contains("already being taken")
    );
    assert!(
        j.usage_error(&["med", "add", "Atorvastatin", "--class", "diuretic"])
            .contains("already listed as statin")
    );
    assert!(j.usage_error(&["med", "stop", "Nothing"]).contains("no medicine called 'Nothing'"));
}

#[test]
fn profile_and_settings_round_trip() {
    let j = Journal::new();
    let out = j.ok(&["profile", "--add", "diabetes", "--add", "fluid-restricted", "--name", "Ann Müller"]);
    assert_eq!(out, "Name:       Ann Müller\nConditions: diabetes, fluid-restricted\n");
    let out = j.ok(&["profile", "--remove", "diabetes", "--name", ""]);
    assert_eq!(out, "Name:       (not set)\nConditions: fluid-restricted\n");
    assert_eq!(
        j.ok(&["settings"]),
        "units         metric\nweek-start    monday\nday-boundary  12\nevening       18:00\n"
    );
    assert_eq!(j.ok(&["settings", "units", "imperial"]), "units is now imperial\n");
    assert_eq!(j.ok(&["settings", "units"]), "imperial\n");
    j.ok(&["log", "--fluid", "2l"]);
    assert!(j.ok(&["list"]).contains("68 oz"));
}

#[test]
fn demo_fills_an_empty_journal_reproducibly_and_refuses_a_used_one() {
    let a = Journal::new();
    let b = Journal::new();
    let out = a.ok(&["demo", "--nights", "60", "--seed", "3", "--end", "2026-11-27"]);
    assert!(out.starts_with("Made up "), "{out}");
    b.ok(&["demo", "--nights", "60", "--seed", "3", "--end", "2026-11-27"]);
    let nights = a.json(&["list", "--json"]);
    assert_eq!(nights, b.json(&["list", "--json"]));
    let n = nights.as_array().unwrap();
    assert!(n.len() > 45 && n.len() <= 60, "{}", n.len());
    assert_eq!(n.last().unwrap()["date"], "2026-11-27");
    let before = a.snapshot();
    assert!(a.usage_error(&["demo"]).contains("already holds a journal"));
    assert_eq!(a.snapshot(), before);
}

#[test]
fn backup_writes_a_checked_copy_and_refuses_to_overwrite() {
    let j = Journal::new();
    j.ok(&["log", "--fluid", "2l"]);
    let dest = j.dir.path().join("copy.db");
    let out = j.ok(&["backup", "-o", dest.to_str().unwrap()]);
    assert!(out.contains("integrity checked"), "{out}");
    let copy = Journal { dir: tempfile::tempdir().unwrap(), db: dest.clone(), now: j.now.clone() };
    assert_eq!(copy.json(&["list", "--json"]), j.json(&["list", "--json"]));
    assert!(j.usage_error(&["backup", "-o", dest.to_str().unwrap()]).contains("already exists"));
    let out = j.ok(&["backup"]);
    assert!(out.contains("backups/journal-2026-11-28T090000.db"), "{out}");
}

#[test]
fn new_journal_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let j = Journal::new();
    let db = j.dir.path().join("deeper/still/journal.db");
    let j = Journal { db: db.clone(), ..j };
    j.ok(&["log"]);
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(db.parent().unwrap()), 0o700);
    assert_eq!(mode(db.parent().unwrap().parent().unwrap()), 0o700);
}

#[test]
fn the_default_journal_lives_in_the_data_folder() {
    let j = Journal::new();
    let mut cmd = assert_cmd::Command::cargo_bin("cramp").unwrap();
    cmd.env_clear().env("HOME", j.dir.path()).env("CRAMP_NOW", common::MORNING).env("TZ", common::TZ_CET);
    cmd.args(["log"]).assert().success();
    assert!(j.dir.path().join(".local/share/cramp/journal.db").is_file());
}

/// Each class of bad input: exit 2, one line naming the option and what is accepted, no change.
#[test]
fn bad_input_is_refused_clearly_and_changes_nothing() {
    let j = Journal::new();
    j.ok(&["med", "add", "Ibuprofen", "--class", "other", "--as-needed"]);
    j.ok(&["log", "--fluid", "2l", "--cramp", "03:10,4m,7"]);
    let cases: &[(&[&str], &str)] = &[
        (&["log", "--fluid", "lots"], "--fluid: 'lots' is not an amount of fluid; use e.g. 1.5l"),
        (&["log", "--fluid", "12l"], "out of range for fluid intake: accepted 0–10000 ml"),
        (&["log", "--activity", "sprint"], "use one of: rest, light, moderate, hard"),
        (&["log", "--standing", "5h10m"], "quarter-hour steps"),
        (&["log", "--sitting", "25"], "'--sitting <HOURS>'"),
        (&["log", "--footwear", "heels"], "use one of: supportive, unsupportive, barefoot"),
        (&["log", "--mg-k-foods", "21"], "accepted 0–20"),
        (&["log", "--posture", "sideways"], "use one of: toes-pointed, feet-hanging, tucked-covers, neutral"),
        (
            &["log", "--posture", "neutral,toes-pointed"],
            "--posture: posture 'neutral' cannot be combined with toes-pointed",
        ),
        (&["log", "--stretched", "--no-stretch"], "'--stretched' cannot be used with '--no-stretch'"),
        (&["log", "--med", "Aspirin"], "--med 'Aspirin': no such medicine (known: Ibuprofen)"),
        (&["log", "--tag", "two words"], "'--tag <TAG>'"),
        (&["log", "--cramp", "03:10,4m"], "use TIME,DURATION,INTENSITY"),
        (&["log", "--cramp", "03:10,4,7"], "'4' is not a duration; use e.g. 90s, 4m"),
        (&["log", "--cramp", "03:10,4m,11"], "intensity 11 is out of range"),
        (&["log", "--cramp", "03:10,4m,7,knee"], "'knee' is not a known location"),
        (&["log", "--cramp", "03:10,4m,7,calf,up"], "'up' is not a known side"),
        (&["log", "--cramp", "03:10,5h,7"], "out of range for duration"),
        (&["log", "--date", "today", "--cramp", "23:00,1m,5"], "has not happened yet"),
        (
            &["log", "--sleep-disturbance", "x"],
            "'--sleep-disturbance <N>': 'x' is not a whole number from 0 to 10",
        ),
        (
            &["log", "--date", "2026-11-31"],
            "'2026-11-31' is not a date; use YYYY-MM-DD, today, tonight, yesterday, last night or a weekday (mon)",
        ),
        (&["log", "--date", "2026-12-01"], "--date 2026-12-01 is in the future; today is 2026-11-28"),
        (&["log", "--standing", "16h", "--sitting", "9h"], "add up to more than 24 hours"),
        (&["log", "--bogus"], "unexpected argument '--bogus'"),
        (&["now", "--intensity", "12"], "accepted 0–10"),
        (&["show", "2026-11-20"], "the night of 2026-11-20 is not logged"),
        (&["delete", "2026-11-27"], "needs --yes"),
        (
            &["list", "--from", "2026-11-27", "--to", "2026-11-01"],
            "--from 2026-11-27 is after --to 2026-11-01",
        ),
        (&["med", "add", "X"], "required arguments were not provided: --class <CLASS>"),
        (
            &["med", "add", "X", "--class", "aspirin"],
            "use one of: loop-diuretic, thiazide, potassium-sparing-diuretic, laba,",
        ),
        (&["med", "add", "X", "--class", "statin", "--since", "2027-01-01"], "in the future"),
        (
            &["med", "add", "X", "--class", "statin", "--as-needed", "--since", "2026-01-01"],
            "cannot be used with",
        ),
        (&["med", "stop", "Ibuprofen"], "taken as needed, so there is nothing to stop"),
        (&["profile", "--add", "gout"], "use one of: neuropathy, diabetes, circulation"),
        (
            &["settings", "colour", "red"],
            "'colour' is not a setting; the settings are: units, week-start, day-boundary",
        ),
        (
            &["settings", "week-start", "friday"],
            "week-start: 'friday' is not a known week start; use one of: monday, sunday",
        ),
        (&["demo", "--nights", "0"], "'--nights <NIGHTS>'"),
    ];
    let before = j.snapshot();
    let listed = j.ok(&["list", "--json"]);
    for (args, expected) in cases {
        let line = j.usage_error(args);
        assert!(
            line.contains(expected),
            "cramp {args:?}\n  said: {line}\n  expected it to contain: {expected}"
        );
        assert_eq!(j.snapshot(), before, "cramp {args:?} changed the journal files");
    }
    assert_eq!(j.ok(&["list", "--json"]), listed);
}

#[test]
fn bad_input_on_a_new_path_creates_no_file() {
    let j = Journal::new();
    j.usage_error(&["log", "--fluid", "lots"]);
    j.usage_error(&["log", "--date", "2030-01-01"]);
    j.usage_error(&["log", "--posture", "neutral,feet-hanging"]);
    assert!(!j.db.exists());
}

#[test]
fn help_explains_every_command_with_an_example() {
    let j = Journal::new();
    let top = j.ok(&["--help"]);
    assert!(top.contains("Examples:"), "{top}");
    for cmd in [
        &["log"][..],
        &["now"],
        &["list"],
        &["show"],
        &["delete"],
        &["med", "add"],
        &["med", "stop"],
        &["profile"],
        &["settings"],
        &["demo"],
        &["backup"],
        &["export"],
        &["import"],
        &["week"],
        &["status"],
        &["analyze"],
        &["suspect"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let help = j.ok(&args);
        assert!(help.contains("Example"), "cramp {cmd:?} --help has no example:\n{help}");
    }
    let log_help = j.ok(&["log", "--help"]);
    for option in [
        "--fluid",
        "--activity",
        "--standing",
        "--sitting",
        "--footwear",
        "--mg-k-foods",
        "--posture",
        "--stretched",
        "--no-stretch",
        "--med",
        "--tag",
        "--cramp",
        "--sleep-disturbance",
        "--note",
        "--date",
    ] {
        assert!(log_help.contains(option), "log --help lacks {option}");
    }
}

#[test]
fn week_prints_the_same_numbers_as_json_and_text() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-23", "--fluid", "2l", "--stretched", "--cramp", "03:10,2m,6"]);
    j.ok(&["log", "--date", "2026-11-24", "--fluid", "1l", "--cramp", "02:00,4m,8", "--cramp", "04:00,1m,3"]);
    j.ok(&["log", "--date", "2026-11-16"]);
    let w = j.json(&["week", "--json"]);
    assert_eq!(w["start"], "2026-11-23");
    assert_eq!(w["this_week"]["nights_logged"], 2);
    assert_eq!(w["this_week"]["cramp_nights"], 2);
    assert_eq!(w["this_week"]["episodes"], 3);
    assert_eq!(w["this_week"]["median_duration_s"], 120.0);
    assert_eq!(w["this_week"]["worst_intensity"], 8);
    assert_eq!(w["previous_week"]["nights_logged"], 1);
    assert_eq!(w["days"].as_array().unwrap().len(), 7);
    assert_eq!(w["trend"].as_array().unwrap().len(), 12);
    let text = j.ok(&["week"]);
    assert!(text.starts_with("Week of Mon 23 Nov – Sun 29 Nov 2026, so far (5 of 7 nights)\n"), "{text}");
    assert!(text.contains("  Tue 24  2 cramps, worst 8/10"), "{text}");
    // Per 7 logged nights: 2 of 2 this week, 0 of 1 the week before.
    let row = format!("{:<22}{:>10}{:>10}{:>10}  ▲ worse", "Cramp nights/7", "7.0", "0.0", "0.0");
    assert!(text.contains(&row), "{text}");
    // Another week by date, and the week start from the settings.
    j.ok(&["settings", "week-start", "sunday"]);
    assert_eq!(j.json(&["week", "2026-11-17", "--json"])["start"], "2026-11-15");
    assert!(j.usage_error(&["week", "2026-12-24"]).contains("in the future"));
}

#[test]
fn status_is_one_line_and_never_creates_a_journal() {
    let j = Journal::new();
    assert_eq!(j.ok(&["status"]), "cramp: no journal yet; start with: cramp log\n");
    assert!(!j.db.exists());
    j.ok(&["log", "--date", "2026-11-24", "--cramp", "03:00,1m,4"]);
    assert_eq!(
        j.ok(&["status"]),
        "cramp: last night (Fri 27 Nov) NOT logged (cramp log) · this week 1 cramp night in 1 logged\n"
    );
    j.ok(&["log"]);
    assert_eq!(
        j.ok(&["status"]),
        "cramp: last night (Fri 27 Nov) logged, cramp-free · this week 1 cramp night in 2 logged\n"
    );
}

#[test]
fn the_app_needs_a_terminal() {
    let j = Journal::new();
    let line = j.usage_error(&[]);
    assert!(line.contains("the full-screen app needs a terminal"), "{line}");
    assert!(j.usage_error(&["now", "--timer"]).contains("needs a terminal"));
    assert!(!j.db.exists(), "refusing created no journal");
}

#[test]
fn a_second_cramp_now_within_ten_minutes_of_an_open_cramp_is_the_same_cramp() {
    let j = Journal::new().at("2026-12-03T03:10:00+01:00");
    j.ok(&["now"]);
    let again = Journal { now: "2026-12-03T03:11:00+01:00".to_owned(), ..j };
    let said = again.ok(&["now", "--intensity", "8"]);
    assert!(said.starts_with("That is the cramp saved at 03:10"), "{said}");
    let night = again.json(&["show", "2026-12-02", "--json"]);
    let episodes = night["episodes"].as_array().unwrap();
    assert_eq!(episodes.len(), 1, "{night}");
    assert_eq!(episodes[0]["intensity"], 8);
    // Eleven minutes after the first it is a new cramp.
    let later = Journal { now: "2026-12-03T03:21:00+01:00".to_owned(), ..again };
    later.ok(&["now"]);
    assert_eq!(later.json(&["show", "2026-12-02", "--json"])["episodes"].as_array().unwrap().len(), 2);
}

#[test]
fn log_cramp_fills_in_the_nearest_open_cramp_within_fifteen_minutes() {
    let j = Journal::new().at("2026-12-03T03:10:00+01:00");
    j.ok(&["now"]);
    let morning = Journal { now: "2026-12-03T09:00:00+01:00".to_owned(), ..j };
    morning.ok(&["log", "--cramp", "03:20,3m,6,calf"]);
    let episodes = morning.json(&["show", "2026-12-02", "--json"])["episodes"].clone();
    let episodes = episodes.as_array().unwrap();
    assert_eq!(episodes.len(), 1, "no ghost cramp of unknown length is left: {episodes:?}");
    assert_eq!(episodes[0]["duration_s"], 180);
    assert_eq!(episodes[0]["start"], "2026-12-03T03:10:00+01:00", "the saved start is kept");
    // Beyond fifteen minutes it is another cramp.
    morning.ok(&["log", "--cramp", "04:00,1m,3"]);
    assert_eq!(morning.json(&["show", "2026-12-02", "--json"])["episodes"].as_array().unwrap().len(), 2);
}

#[test]
fn week_so_far_leaves_out_nights_that_have_not_happened_here_yet() {
    // Nights logged up to Fri 27 Nov, then read on the morning of Wed 25 (a clock moved back,
    // or a zone behind): only Mon 23 and Tue 24 have happened.
    let j = Journal::new();
    for d in ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"] {
        j.ok(&["log", "--date", d, "--cramp", "03:10,2m,6"]);
    }
    let j = j.at("2026-11-25T09:00:00+01:00");
    let week = j.json(&["week", "--json"]);
    assert_eq!(week["this_week"]["nights_logged"], 2, "{week}");
    assert_eq!(week["this_week"]["cramp_nights"], 2, "{week}");
    let text = j.ok(&["week"]);
    assert!(text.contains("so far (2 of 7 nights)") && text.contains("Wed 25  still to come"), "{text}");
    let trend = j.json(&["week", "--weeks", "4", "--json"]);
    let last = trend["weeks"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["nights_logged"], 2, "{last}");
}
