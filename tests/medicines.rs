//! Medicines: doses, the fuller class list, correcting and removing, and journals from before.

mod common;

use common::Journal;
use cramp_journal::store::{MIGRATIONS, Store};
use serde_json::json;

#[test]
fn a_schema_2_journal_keeps_its_medicines_periods_and_nights_when_it_migrates() {
    let j = Journal::new();
    // Build the journal as the previous release did: two migrations, its own class words.
    drop(Store::open_with(&j.db, &MIGRATIONS[..2]).unwrap());
    let c = rusqlite::Connection::open(&j.db).unwrap();
    c.execute_batch(
        "PRAGMA foreign_keys = ON;
         INSERT INTO medications (id, name, class, as_needed) VALUES (7, 'Furosemide', 'diuretic', 0), (9, 'Ventolin', 'asthma', 1);
         INSERT INTO medication_periods VALUES (7, '2026-10-01', NULL);
         INSERT INTO nights (date) VALUES ('2026-11-20');
         INSERT INTO night_medications VALUES ('2026-11-20', 9);
         INSERT INTO suspected_factors VALUES ('med:diuretic');
         INSERT INTO profile_conditions VALUES ('kidney');",
    )
    .unwrap();
    drop(c);
    let meds = j.json(&["med", "list", "--json"]);
    assert_eq!(
        meds,
        json!([
            {"name": "Furosemide", "class": "diuretic", "dose": null, "as_needed": false,
             "periods": [{"since": "2026-10-01", "until": null}]},
            {"name": "Ventolin", "class": "asthma", "dose": null, "as_needed": true, "periods": []}
        ])
    );
    assert_eq!(j.json(&["show", "2026-11-20", "--json"])["medications"], json!(["Furosemide", "Ventolin"]));
    assert!(j.ok(&["suspect"]).contains("diuretic"), "the suspicion survived");
    let c = rusqlite::Connection::open(&j.db).unwrap();
    let broken: i64 = c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).unwrap();
    assert_eq!(broken, 0);
    let fk: i64 = c
        .query_row("SELECT count(*) FROM night_medications WHERE medication_id = 9", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "the hand-logged medicine still points at its row");
}

#[test]
fn the_new_classes_are_offered_and_a_dose_is_kept_and_exported() {
    let j = Journal::new();
    let help = j.ok(&["med", "add", "--help"]);
    for id in [
        "loop-diuretic",
        "thiazide",
        "potassium-sparing-diuretic",
        "laba",
        "calcium-channel-blocker",
        "raloxifene-oestrogen",
        "teriparatide",
        "iv-iron",
        "nsaid",
        "gabapentinoid",
        "z-drug",
        "antidepressant",
        "lithium",
        "steroid",
        "opioid",
        "beta-blocker",
        "statin",
        "other",
    ] {
        assert!(help.contains(id), "`med add --help` does not list {id}:\n{help}");
    }
    let said = j.ok(&[
        "med",
        "add",
        "Furosemide",
        "--class",
        "loop-diuretic",
        "--dose",
        "40 mg mornings",
        "--since",
        "2026-11-01",
    ]);
    assert!(said.contains("40 mg mornings"), "{said}");
    let meds = j.json(&["med", "list", "--json"]);
    assert_eq!(meds[0]["dose"], json!("40 mg mornings"));
    assert_eq!(meds[0]["class"], json!("loop-diuretic"));
    let export = j.json(&["export", "--format", "json", "--all"]);
    assert_eq!(export["medications"][0]["dose"], json!("40 mg mornings"));
}

#[test]
fn a_medicine_is_renamed_corrected_and_its_dates_fixed() {
    let j = Journal::new();
    j.ok(&["med", "add", "Furosemid", "--class", "diuretic", "--since", "2026-11-01"]);
    j.ok(&["log", "--date", "2026-11-10"]);
    let said = j.ok(&[
        "med",
        "edit",
        "furosemid",
        "--name",
        "Furosemide",
        "--class",
        "loop-diuretic",
        "--dose",
        "20 mg",
    ]);
    assert!(said.starts_with("Furosemide: loop-diuretic, 20 mg, daily since 2026-11-01"), "{said}");
    j.ok(&["med", "edit", "Furosemide", "--since", "2026-11-05", "--until", "2026-11-20"]);
    let meds = j.json(&["med", "list", "--json"]);
    assert_eq!(meds[0]["periods"], json!([{"since": "2026-11-05", "until": "2026-11-20"}]));
    j.ok(&["med", "edit", "Furosemide", "--until", "none", "--dose", "none"]);
    let meds = j.json(&["med", "list", "--json"]);
    assert_eq!(meds[0]["periods"], json!([{"since": "2026-11-05", "until": null}]));
    assert_eq!(meds[0]["dose"], json!(null));
    assert_eq!(j.json(&["show", "2026-11-10", "--json"])["medications"], json!(["Furosemide"]));
    // Refusals name what is wrong and change nothing.
    let before = j.snapshot();
    j.ok(&["med", "add", "Ibuprofen", "--class", "nsaid", "--as-needed"]);
    let after_add = j.snapshot();
    assert_ne!(before, after_add);
    for (args, expected) in [
        (&["med", "edit", "Nothing", "--dose", "1"][..], "no medicine called 'Nothing'"),
        (&["med", "edit", "Furosemide", "--name", "ibuprofen"][..], "--merge-into"),
        (&["med", "edit", "Ibuprofen", "--since", "2026-11-01"][..], "taken as needed"),
        (&["med", "edit", "Furosemide"][..], "nothing to change"),
        (&["med", "edit", "Furosemide", "--until", "2026-11-01"][..], "before"),
    ] {
        let line = j.usage_error(args);
        assert!(line.contains(expected), "cramp {args:?} said: {line}");
    }
    assert_eq!(j.snapshot(), after_add);
}

#[test]
fn remove_is_refused_while_nights_name_it_unless_merged() {
    let j = Journal::new();
    j.ok(&["med", "add", "Ibuprofen", "--class", "nsaid", "--as-needed"]);
    j.ok(&["med", "add", "Ibuprofn", "--class", "nsaid", "--as-needed"]);
    j.ok(&["med", "add", "Spare", "--class", "other", "--as-needed"]);
    j.ok(&["log", "--date", "2026-11-10", "--med", "Ibuprofn"]);
    j.ok(&["log", "--date", "2026-11-11", "--med", "Ibuprofn", "--med", "Ibuprofen"]);
    let before = j.snapshot();
    let line = j.usage_error(&["med", "remove", "Ibuprofn"]);
    assert!(line.contains("2 logged night(s) name 'Ibuprofn'") && line.contains("--merge-into"), "{line}");
    assert_eq!(j.snapshot(), before);
    let said = j.ok(&["med", "remove", "Ibuprofn", "--merge-into", "Ibuprofen"]);
    assert!(said.contains("2 nights now name Ibuprofen"), "{said}");
    assert_eq!(j.json(&["show", "2026-11-10", "--json"])["medications"], json!(["Ibuprofen"]));
    assert_eq!(j.json(&["show", "2026-11-11", "--json"])["medications"], json!(["Ibuprofen"]));
    j.ok(&["med", "remove", "Spare"]);
    let names: Vec<String> = j
        .json(&["med", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Ibuprofen"]);
    // `cramp med` alone lists.
    assert!(j.ok(&["med"]).starts_with("Ibuprofen"));
}

#[test]
fn the_new_conditions_are_accepted_and_heart_failure_drops_drink_more_advice() {
    let j = Journal::new();
    j.ok(&["profile", "--add", "liver-disease", "--add", "heart-failure"]);
    let shown = j.ok(&["profile"]);
    assert!(shown.contains("liver-disease") && shown.contains("heart-failure"), "{shown}");
}
