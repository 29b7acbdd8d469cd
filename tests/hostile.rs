//! Hostile input: every command-line option fed random strings and boundary values through the
//! real binary (never a panic; either accepted and read back exactly as the library parses it,
//! or refused with exit 2, one line, and no change), mutated and huge import files (refused
//! whole, in bounded time and memory), and notes built to break exports (formulas, control
//! characters, right-to-left overrides, 10,000 characters) rendered safely in every format.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use common::Journal;
use cramp_journal::export::json::{EpisodeRecord, NightRecord};
use cramp_journal::model::{
    Activity, DayBoundary, Episode, Factor, Footwear, Location, MedName, Note, Posture, Postures, Settings,
    Side, Tag,
};
use cramp_journal::parse;
use cramp_journal::store::Store;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

/// How many random values each option gets (each is at least one process).
const CASES: usize = 40;

/// `n` values from `strategy`, the same on every run: the generator's seed is fixed per `salt`.
fn draw<S: Strategy>(strategy: S, n: usize, salt: u8) -> Vec<S::Value> {
    let mut seed = [7u8; 32];
    seed[0] = salt;
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed);
    let mut runner = TestRunner::new_with_rng(ProptestConfig::default(), rng);
    (0..n).map(|_| strategy.new_tree(&mut runner).unwrap().current()).collect()
}

/// Boundary values first, then random text: near misses of what the option takes (`near`, a
/// regex), any characters at all but NUL (no argument can hold one), and the characters that
/// break terminals, spreadsheets and bidirectional text.
fn values(edges: &[&str], near: &str, salt: u8) -> Vec<String> {
    let random = prop_oneof![
        3 => proptest::string::string_regex(near).unwrap(),
        2 => vec(any::<char>(), 0..24).prop_map(|v| v.into_iter().filter(|c| *c != '\0').collect()),
        1 => proptest::string::string_regex(
            "[\\x01-\\x1f\\x7f\\u{80}-\\u{9f}\\u{200e}\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069} a-zA-Z0-9=+@'\"\\\\,;:.-]{0,12}"
        )
        .unwrap(),
    ];
    edges.iter().map(|e| (*e).to_owned()).chain(draw(random, CASES, salt)).collect()
}

/// What `cramp` did with an input.
#[derive(Debug)]
enum Outcome {
    Accepted(String),
    Refused(String),
}

/// Runs `cramp`; exit 0 is `Accepted` with stdout; exit 2 is `Refused` with its line, once it
/// is checked to be one `error:` line with nothing on stdout and no byte of the journal changed.
/// Any other ending (101 is a panic) fails the test.
fn run<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(j: &Journal, args: &[S]) -> Outcome {
    run_cmd(j, j.std_cmd(args), &format!("cramp {args:?}"))
}

/// [`run`] for a command prepared by the caller (another environment, say).
fn run_cmd(j: &Journal, mut cmd: std::process::Command, what: &str) -> Outcome {
    let before = j.snapshot();
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) => Outcome::Accepted(String::from_utf8_lossy(&out.stdout).into_owned()),
        Some(2) => {
            assert!(out.stdout.is_empty(), "{what} printed on refusing");
            assert_eq!(stderr.lines().count(), 1, "{what} should say one line:\n{stderr}");
            assert!(stderr.starts_with("error: "), "{what}: {stderr}");
            assert!(
                !stderr.trim_end().chars().any(|c| c.is_control() && c != '\t'),
                "{what} echoed control characters: {stderr:?}"
            );
            assert_eq!(j.snapshot(), before, "{what} was refused but changed the journal");
            Outcome::Refused(stderr.trim_end().to_owned())
        }
        other => panic!("{what} ended with {other:?}:\n{stderr}"),
    }
}

/// Counts of accepted and refused inputs, to show that both sides of each option were reached.
#[derive(Default)]
struct Tally(usize, usize);

impl Tally {
    fn add(&mut self, accepted: bool) -> bool {
        if accepted {
            self.0 += 1;
        } else {
            self.1 += 1;
        }
        accepted
    }

    fn check(&self, what: &str) {
        eprintln!("{what}: {} accepted, {} refused", self.0, self.1);
        assert!(self.0 >= 3 && self.1 >= 3, "{what}: the inputs did not reach both sides");
    }
}

/// Checks one outcome against what the library makes of the input: `expected` is `None` when
/// the parser refuses it. Returns whether it was accepted.
fn agrees(outcome: &Outcome, expected: Option<&Value>, what: &str) -> bool {
    match (outcome, expected) {
        (Outcome::Accepted(_), Some(_)) => true,
        (Outcome::Refused(_), None) => false,
        (Outcome::Accepted(out), None) => panic!("{what} was accepted ({out}) but the parser refuses it"),
        (Outcome::Refused(line), Some(v)) => panic!("{what} was refused ({line}) but parses as {v}"),
    }
}

fn night_json(j: &Journal, date: &str) -> Value {
    let store = Store::open(&j.db).unwrap();
    let night = store.night(date.parse().unwrap()).unwrap().unwrap();
    serde_json::to_value(NightRecord::new(&night, &store.medications().unwrap())).unwrap()
}

fn to<T: serde::Serialize>(v: T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// One `cramp log` field: the option, the JSON field it fills, boundary values, a regex of near
/// misses, and what the library's parser makes of a value.
struct Field {
    option: &'static str,
    json: &'static str,
    edges: &'static [&'static str],
    near: &'static str,
    expect: fn(&str) -> Option<Value>,
}

const FIELDS: &[Field] = &[
    Field {
        option: "--fluid",
        json: "fluid_ml",
        edges: &[
            "0",
            "10",
            "10.0",
            "10.5",
            "11",
            "10000",
            "10001",
            "10l",
            "10.001l",
            "338oz",
            "339oz",
            "0.0004l",
            "1e3",
            "inf",
            "NaN",
            "-0",
            "+5",
            "0x10",
            "1_000",
            "１５００",
            "1500 ml",
            " 1500 ",
            "1500ML",
            ".",
            "..",
            "999999999999",
            "9999999999999",
            "1.5.l",
            "l",
            "",
            "1\n\n2",
            "1\n\nUsage: cramp",
        ],
        near: "[0-9.]{0,8}( ?(ml|l|L|oz|OZ|x))?",
        expect: |v| parse::fluid_in(v, cramp_journal::model::Units::Metric).ok().map(|f| json!(f.get())),
    },
    Field {
        option: "--standing",
        json: "standing_h",
        edges: &[
            "0",
            "24",
            "24.0",
            "24.25",
            "25",
            "5h30m",
            "5h60m",
            "0h15m",
            "90m",
            "1440m",
            "1441m",
            "0.25",
            "0.1",
            "5.125",
            "-1",
            "1e1",
            "h",
            "m",
            "24h",
            "24h0m",
            "23h60m",
            "99999999h",
            "9999999999m",
            "",
        ],
        near: "[0-9.]{0,5}(h[0-9]{0,3}m?)?",
        expect: |v| parse::hours(v).ok().map(|q| json!(q.hours())),
    },
    Field {
        option: "--sitting",
        json: "sitting_h",
        edges: &["0", "24", "24.25", "7.75", "7.7", "8h45m", "45m", "15m", "14m", ""],
        near: "[0-9.]{0,5}(h[0-9]{0,3}m?)?",
        expect: |v| parse::hours(v).ok().map(|q| json!(q.hours())),
    },
    Field {
        option: "--mg-k-foods",
        json: "mg_k_servings",
        edges: &["0", "20", "21", "-1", "00", "020", "+1", "1.0", "999999999", "9999999999", " 7", ""],
        near: "[0-9+. -]{0,11}",
        expect: |v| parse::servings(v).ok().map(to),
    },
    Field {
        option: "--sleep-disturbance",
        json: "sleep_disturbance",
        edges: &["0", "10", "11", "-0", "010", "1e1", "٣", ""],
        near: "[0-9+. -]{0,4}",
        expect: |v| parse::score(v).ok().map(to),
    },
    Field {
        option: "--activity",
        json: "activity",
        edges: &["rest", "light", "moderate", "hard", "HARD", " hard", "hard ", "Hard", "hårdt", ""],
        near: "(rest|light|moderate|hard|[a-zA-Z -]{0,10})",
        expect: |v| v.parse::<Activity>().ok().map(to),
    },
    Field {
        option: "--footwear",
        json: "footwear",
        edges: &["supportive", "unsupportive", "barefoot", "Barefoot", "bare foot", "heels", ""],
        near: "((un)?supportive|barefoot|[a-z ]{0,12})",
        expect: |v| v.parse::<Footwear>().ok().map(to),
    },
    Field {
        option: "--posture",
        json: "postures",
        edges: &[
            "neutral",
            "toes-pointed,feet-hanging",
            "neutral,neutral",
            "neutral,toes-pointed",
            "toes-pointed,,feet-hanging",
            ",",
            "",
            "toes-pointed,",
            "TOES-POINTED",
            "toes-pointed,toes-pointed",
            "tucked-covers,feet-hanging,toes-pointed",
        ],
        near: "((neutral|toes-pointed|feet-hanging|tucked-covers|x)[, ]?){0,4}",
        expect: |v| {
            let list: Vec<Posture> = v.split(',').map(str::parse).collect::<Result<_, _>>().ok()?;
            Postures::new(list).ok().map(|p| to(p.iter().collect::<Vec<_>>()))
        },
    },
    Field {
        option: "--tag",
        json: "tags",
        edges: &[
            "coffee",
            "Coffee",
            "COFFEE",
            "a",
            "abcdefghijklmnopqrstuvwxyz012345",
            "abcdefghijklmnopqrstuvwxyz0123456",
            "two words",
            "a,b",
            "tag:x",
            "-",
            "_",
            "ÄPFEL",
            "İstanbul",
            "ß",
            "ǅ",
            "١٢٣",
            "😀",
            "",
            " ",
            "a\u{200f}",
        ],
        near: "[a-zA-Z0-9_ ,:.-]{0,34}",
        expect: |v| Tag::new(v).ok().map(|t| json!([t.as_str()])),
    },
    Field {
        option: "--note",
        json: "note",
        edges: &["", " ", "a\nb", "\r\n", "=1+1", "\u{202e}abc", "\u{1b}[31mred", "\u{7f}\u{9b}"],
        near: "[ -~\\n\\t]{0,40}",
        expect: |v| Note::new(v).ok().map(to),
    },
];

/// Every `cramp log` field: what the library's parser accepts is stored exactly as it parses,
/// and everything else is refused with exit 2 and no change.
#[test]
fn every_log_option_is_stored_as_parsed_or_refused() {
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-20"]);
    let long_notes = [
        "x".repeat(Note::MAX_CHARS),
        "é".repeat(Note::MAX_CHARS),
        "x".repeat(Note::MAX_CHARS + 1),
        "é".repeat(Note::MAX_CHARS + 1),
        "😀".repeat(Note::MAX_CHARS + 1),
    ];
    for (i, field) in FIELDS.iter().enumerate() {
        let mut inputs = values(field.edges, field.near, i as u8);
        if field.option == "--note" {
            inputs.extend(long_notes.iter().cloned());
        }
        // Each field on a night of its own, so that standing and sitting never meet.
        let date = (NaiveDate::from_ymd_opt(2026, 10, 1).unwrap() + Days::new(i as u64)).to_string();
        let mut tally = Tally::default();
        for v in inputs {
            let arg = format!("{}={v}", field.option);
            let outcome = run(&j, &["log", "--date", &date, &arg]);
            let expected = (field.expect)(&v);
            if tally.add(agrees(&outcome, expected.as_ref(), &format!("log {arg:?}"))) {
                let stored = night_json(&j, &date);
                assert_eq!(stored[field.json], expected.unwrap(), "log {arg:?} stored something else");
            } else if let Outcome::Refused(line) = &outcome {
                assert!(
                    line.contains(field.option),
                    "log {arg:?}: the refusal does not name the option: {line}"
                );
            }
        }
        tally.check(field.option);
    }
}

/// Dates typed anywhere: `--date` takes the past and today, in one shape only.
#[test]
fn dates_are_taken_in_one_shape_and_never_from_the_future() {
    let j = Journal::new();
    let today: NaiveDate = "2026-11-28".parse().unwrap();
    let edges = [
        "today",
        "yesterday",
        "TODAY",
        " today ",
        "Yesterday",
        "tomorrow",
        "2026-11-28",
        "2026-11-29",
        "0000-01-01",
        "9999-12-31",
        "1969-12-31",
        "2024-02-29",
        "2026-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-1-5",
        "+2026-11-27",
        "-2026-11-27",
        "20261127",
        "2026/11/27",
        "2026-11-27T00:00",
        "２０２６-11-27",
        "",
    ];
    let mut tally = Tally::default();
    for v in values(&edges, "[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9-]{0,11}|(to|yester)day", 40) {
        let expected = parse::date(&v).ok().map(|d| d.resolve(today)).filter(|d| *d <= today);
        let arg = format!("--date={v}");
        let outcome = run(&j, &["log", &arg, "--fluid", "1l"]);
        if tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("log {arg:?}"))) {
            let date = expected.unwrap().to_string();
            assert_eq!(night_json(&j, &date)["fluid_ml"], 1000, "log {arg:?}");
            // And the night reads back by the same words.
            let show = run(&j, &["show", &v, "--json"]);
            assert!(matches!(show, Outcome::Accepted(_)), "show {v:?}: {show:?}");
        }
    }
    tally.check("--date");
}

/// `--cramp TIME,DURATION,INTENSITY[,LOCATION[,SIDE[,RELIEF]]]`: each accepted spec becomes
/// exactly the episode the parser describes, on the right calendar day.
#[test]
fn cramp_specs_become_exactly_the_episode_they_describe() {
    let j = Journal::new();
    let edges = [
        "03:10,4m,7,calf,left,stretch+walk",
        "3:10,?,0",
        "0310,,10",
        "23:59,4h,10,top-of-foot,both,other",
        "00:00,1s,0",
        "11:59,4h1s,5",
        "12:00,1m,5",
        "24:00,1m,5",
        "03:10,4m,7,,,",
        "03:10,4m,7,calf,left,stretch+stretch",
        "03:10,4m,7,calf,left,stretch+",
        "03:10,4m,7,calf,left,stretch,walk",
        "03:10,4m,-1",
        "03:10,4m,7 ",
        " 03:10 , 4m , 7 , calf , left ",
        "03:10,0s,7",
        "03:10,4M30S,7",
        ",,",
        "",
    ];
    let near = "[0-9]{1,2}:?[0-9]{2},([0-9]{1,2}[hms]){0,3}\\??,[0-9]{1,2}(,(calf|toes|arch|x)?(,(left|both|up)?(,(stretch|walk|x)(\\+(warmth|massage))?)?)?)?";
    let zone = FixedOffset::east_opt(3600).unwrap();
    let mut tally = Tally::default();
    for (k, v) in values(&edges, near, 41).into_iter().enumerate() {
        // A night of its own for each (in winter time, so +01:00 throughout).
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(k as u64);
        let expected = parse::cramp(&v).ok().map(|spec| {
            let start = DayBoundary::default().place(&zone, date, spec.time).unwrap();
            let episode = Episode {
                start,
                duration: spec.duration,
                intensity: Some(spec.intensity),
                location: spec.location,
                side: spec.side,
                relief: spec.relief,
                note: None,
            };
            json!([to(EpisodeRecord::new(&episode))])
        });
        let arg = format!("--cramp={v}");
        let outcome = run(&j, &["log", "--date", &date.to_string(), &arg]);
        if tally.add(agrees(&outcome, expected.as_ref(), &format!("log {arg:?}"))) {
            assert_eq!(night_json(&j, &date.to_string())["episodes"], expected.unwrap(), "log {arg:?}");
        }
    }
    tally.check("--cramp");
}

/// What the library makes of an option's value: `None` when it refuses it.
type Expect = fn(&str) -> Option<Value>;

/// `cramp now` with each detail: the new episode, at this very minute, carries it as parsed.
#[test]
fn now_details_are_stored_as_parsed_or_refused() {
    let j = Journal::new();
    let options: [(&str, &str, &[&str], &str, Expect); 4] = [
        (
            "--duration",
            "duration_s",
            &["1s", "4h", "4h1s", "0s", "90s", "1h75m", "4", ""],
            "([0-9]{1,3}[hms ]){0,3}",
            |v| parse::duration(v).ok().map(to),
        ),
        ("--intensity", "intensity", &["0", "10", "11", "-1", "07", ""], "[0-9 +-]{0,3}", |v| {
            parse::score(v).ok().map(to)
        }),
        (
            "--location",
            "location",
            &["calf", "top-of-foot", "Top-Of-Foot", "knee", ""],
            "[a-z-]{0,12}",
            |v| v.parse::<Location>().ok().map(to),
        ),
        ("--side", "side", &["left", "right", "both", "neither", "LEFT", ""], "[a-z]{0,6}", |v| {
            v.parse::<Side>().ok().map(to)
        }),
    ];
    let mut episodes = 0;
    for (i, (option, field, edges, near, expect)) in options.into_iter().enumerate() {
        let mut tally = Tally::default();
        for v in values(edges, near, 50 + i as u8) {
            let arg = format!("{option}={v}");
            let outcome = run(&j, &["now", &arg]);
            let expected = expect(&v);
            if tally.add(agrees(&outcome, expected.as_ref(), &format!("now {arg:?}"))) {
                episodes += 1;
                let night = night_json(&j, "2026-11-27");
                let list = night["episodes"].as_array().unwrap();
                assert_eq!(list.len(), episodes);
                let newest = list.last().unwrap();
                assert_eq!(newest["start"], "2026-11-28T09:00:00+01:00");
                assert_eq!(newest[field], expected.unwrap(), "now {arg:?}");
                // Give it a length, or the next `cramp now` in the same minute is that cramp.
                rusqlite::Connection::open(&j.db)
                    .unwrap()
                    .execute("UPDATE episodes SET duration_s = 60 WHERE duration_s IS NULL", [])
                    .unwrap();
            }
        }
        tally.check(option);
    }
}

/// Medicine names: what the model accepts is listed exactly as typed (trimmed), and is found
/// again by any spelling the model counts as the same name: upper or lower case, in any script.
#[test]
fn medicine_names_are_listed_as_typed_and_found_by_any_case() {
    let j = Journal::new();
    let sixty = "m".repeat(60);
    let sixty_one = "m".repeat(61);
    let mut edges = vec![
        "Ibuprofen",
        "  Padded  ",
        "Ärztemittel",
        "ÄRZTEMITTEL",
        "straße",
        "İlaç",
        "Ωmega-3",
        "a,b",
        "",
        " ",
        "tab\there",
        "\u{202e}Evil",
        "\u{212a}alium",
        "Kalium",
        "日本薬",
        "Med;icine\\",
        "–",
        "ǅemal",
    ];
    edges.extend([sixty.as_str(), sixty_one.as_str()]);
    let mut stored: Vec<MedName> = Vec::new();
    let mut tally = Tally::default();
    let near = "[a-zA-ZäöüÄÖÜßéÉçÇøØåÅıİΩωЖжǅǆ ;\\\\,-]{0,20}";
    for (k, v) in values(&edges, near, 60).into_iter().enumerate() {
        let expected = MedName::new(&v).ok().filter(|n| !stored.contains(n));
        let outcome = run(&j, &["med", "add", "--class", "other", "--as-needed", "--", &v]);
        let listed = expected.as_ref().map(|n| json!(n.as_str()));
        if !tally.add(agrees(&outcome, listed.as_ref(), &format!("med add {v:?}"))) {
            continue;
        }
        let name = expected.unwrap();
        let meds = Store::open(&j.db).unwrap().medications().unwrap();
        assert!(meds.iter().any(|m| m.name.as_str() == name.as_str()), "{name:?} is not listed as typed");
        stored.push(name);
        let date = (NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + Days::new(k as u64)).to_string();
        for spelling in [v.to_uppercase(), v.to_lowercase(), v.clone()] {
            let same = MedName::new(&spelling).ok().and_then(|n| stored.iter().find(|s| **s == n).cloned());
            let arg = format!("--med={spelling}");
            let outcome = run(&j, &["log", "--date", &date, &arg]);
            let expected = same.map(|n| json!([n.as_str()]));
            if agrees(&outcome, expected.as_ref(), &format!("log {arg:?} after med add {v:?}")) {
                assert_eq!(night_json(&j, &date)["medications"], expected.unwrap(), "log {arg:?}");
            }
        }
    }
    tally.check("med add NAME");
}

/// The same name spelt another way reaches the same daily medicine: to stop it and to start it
/// again. (SQLite's NOCASE folds only ASCII, so 'ÄPFELSÄURE' once found nothing.)
#[test]
fn a_daily_medicine_is_stopped_and_restarted_by_any_spelling_of_its_name() {
    let j = Journal::new();
    j.ok(&["med", "add", "Äpfelsäure", "--class", "other", "--since", "2026-01-01"]);
    j.ok(&["med", "stop", "ÄPFELSÄURE", "--on", "2026-02-01"]);
    j.ok(&["med", "add", "äpfelsäure", "--class", "other", "--since", "2026-03-01"]);
    j.ok(&["log", "--date", "2026-03-05", "--med", "ÄPFELSÄURE"]);
    let meds = j.json(&["med", "list", "--json"]);
    assert_eq!(
        meds,
        json!([{"name": "Äpfelsäure", "class": "other", "dose": null, "as_needed": false, "periods": [
            {"since": "2026-01-01", "until": "2026-02-01"}, {"since": "2026-03-01", "until": null}]}])
    );
    assert_eq!(j.json(&["show", "2026-03-05", "--json"])["medications"], json!(["Äpfelsäure"]));
}

/// `profile --name`: stored trimmed, removed when empty, refused when too long or with control
/// characters.
#[test]
fn profile_names_are_stored_trimmed_or_refused() {
    let j = Journal::new();
    let hundred = "n".repeat(100);
    let too_long = "n".repeat(101);
    let mut edges =
        vec!["Ann Müller", "  Ann  ", "", " ", "a\nb", "\u{202e}nnA", "\u{1b}[2J", "日本 花子", "\u{85}"];
    edges.extend([hundred.as_str(), too_long.as_str()]);
    let mut tally = Tally::default();
    for v in values(&edges, "[ -~]{0,20}", 70) {
        let t = v.trim();
        let expected: Option<Option<String>> = if t.is_empty() {
            Some(None)
        } else if t.chars().count() > 100 || t.chars().any(char::is_control) {
            None
        } else {
            Some(Some(t.to_owned()))
        };
        let arg = format!("--name={v}");
        let outcome = run(&j, &["profile", &arg]);
        if tally.add(agrees(&outcome, expected.as_ref().map(to).as_ref(), &format!("profile {arg:?}"))) {
            let name = Store::open(&j.db).unwrap().profile().unwrap().name.map(|n| n.to_string());
            assert_eq!(name, expected.unwrap(), "profile {arg:?}");
        }
    }
    tally.check("profile --name");
}

/// `settings KEY VALUE`: a change the model accepts is stored; anything else is refused.
#[test]
fn settings_take_what_the_model_takes() {
    let j = Journal::new();
    j.ok(&["settings"]);
    let keys = ["units", "week-start", "day-boundary", "Units", "colour", "", "day_boundary", " units"];
    let edges = [
        "metric", "imperial", "Imperial", "monday", "sunday", "Sunday", "0", "23", "24", "-1", "12:00",
        "12:00:00", "+5", "007", "1e1", "noon", "", " 6 ",
    ];
    let mut tally = Tally::default();
    for (i, v) in values(&edges, "[a-z0-9:+ -]{0,9}", 71).into_iter().enumerate() {
        for key in [keys[i % keys.len()], Settings::KEYS[i % 3]] {
            let mut expected = Store::open(&j.db).unwrap().settings().unwrap();
            let ok = expected.set(key, &v).is_ok();
            let outcome = run(&j, &["settings", "--", key, &v]);
            let what = format!("settings {key:?} {v:?}");
            if tally.add(agrees(&outcome, ok.then(|| json!(v)).as_ref(), &what)) {
                assert_eq!(Store::open(&j.db).unwrap().settings().unwrap(), expected, "{what}");
            }
        }
    }
    tally.check("settings KEY VALUE");
}

/// `suspect --add` and `--remove`: factor ids as the model reads them, or refused.
#[test]
fn suspected_factors_take_what_the_model_takes() {
    let j = Journal::new();
    let edges = [
        "low_fluid",
        "LOW_FLUID",
        "tag:coffee",
        "tag:Coffee",
        "tag:",
        "tag:two words",
        "tag:a:b",
        "med:statin",
        "med:aspirin",
        "stretched",
        "",
        "tag:abcdefghijklmnopqrstuvwxyz012345",
        "tag:abcdefghijklmnopqrstuvwxyz0123456",
        "tag:é",
        "tag:\u{202e}",
        "Tag:coffee",
    ];
    let mut tally = Tally::default();
    for (i, v) in values(&edges, "((tag|med):)?[a-z_:]{0,12}", 72).into_iter().enumerate() {
        let expected = v.parse::<Factor>().ok();
        let option = if i % 3 == 2 { "--remove" } else { "--add" };
        let arg = format!("{option}={v}");
        let outcome = run(&j, &["suspect", &arg]);
        if tally.add(agrees(
            &outcome,
            expected.as_ref().map(|f| json!(f.to_string())).as_ref(),
            &format!("suspect {arg:?}"),
        )) {
            let suspected = Store::open(&j.db).unwrap().suspected_factors().unwrap();
            assert_eq!(suspected.contains(&expected.unwrap()), option == "--add", "suspect {arg:?}");
        }
    }
    tally.check("suspect --add/--remove");
}

/// Commands that only read: whatever they are given, the journal keeps every byte, and what
/// they accept is what the parsers accept.
#[test]
fn reading_commands_change_nothing_whatever_they_are_given() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "40", "--end", "2026-11-20"]);
    let before = j.snapshot();
    let edges = [
        "today",
        "yesterday",
        "2026-11-01",
        "2026-11-29",
        "0000-01-01",
        "9999-12-31",
        "2026-02-30",
        "",
        "-1",
    ];
    let mut tally = Tally::default();
    for (i, v) in values(&edges, "[0-9]{4}-[01][0-9]-[0-3][0-9]|[a-z0-9-]{0,10}", 73).into_iter().enumerate()
    {
        let date_ok = parse::date(&v).is_ok();
        let format_ok = v.parse::<cramp_journal::export::Format>().is_ok_and(|f| f.extension() != "pdf");
        let paper_ok = v.parse::<cramp_journal::export::Paper>().is_ok();
        let cases: [(Vec<String>, bool); 9] = [
            (vec!["list".into(), format!("--from={v}")], date_ok),
            (vec!["list".into(), format!("--to={v}"), "--json".into()], date_ok),
            (vec!["analyze".into(), format!("--from={v}")], date_ok),
            (vec!["analyze".into(), format!("--to={v}"), "--json".into()], date_ok),
            (vec!["week".into(), "--".into(), v.clone()], date_ok),
            (vec!["show".into(), "--".into(), v.clone()], date_ok),
            (vec!["export".into(), "--format=md".into(), format!("--from={v}")], date_ok),
            (vec!["export".into(), format!("--format={v}")], format_ok),
            (vec!["export".into(), "--format=csv".into(), format!("--paper={v}")], paper_ok),
        ];
        let (args, parses) = &cases[i % cases.len()];
        let outcome = run(&j, args);
        let accepted = tally.add(matches!(outcome, Outcome::Accepted(_)));
        assert!(!accepted || *parses, "cramp {args:?} accepted what its parser refuses");
        assert_eq!(j.snapshot(), before, "cramp {args:?} changed the journal");
    }
    tally.check("reading commands");
}

/// `demo` refuses a journal that holds nights whatever its options, and takes its extremes on an
/// empty one.
#[test]
fn demo_options_at_their_limits() {
    let j = Journal::new();
    j.ok(&["log"]);
    for arg in [
        "--nights=0",
        "--nights=1",
        "--nights=36500",
        "--nights=36501",
        "--nights=-1",
        "--nights=99999999999999999999",
        "--nights=1.5",
        "--nights=",
        "--seed=0",
        "--seed=18446744073709551615",
        "--seed=18446744073709551616",
        "--seed=-1",
        "--seed=x",
        "--end=2026-11-29",
        "--end=0000-01-01",
        "--end=",
    ] {
        assert!(matches!(run(&j, &["demo", arg]), Outcome::Refused(_)), "demo {arg} on a used journal");
    }
    for args in [["--nights=1", "--seed=18446744073709551615"], ["--nights=3", "--end=0001-01-03"]] {
        let fresh = Journal::new();
        let mut all = vec!["demo"];
        all.extend(args);
        assert!(matches!(run(&fresh, &all), Outcome::Accepted(_)), "demo {args:?}");
        Store::open(&fresh.db).unwrap().check_integrity().unwrap();
    }
}

/// The clock a test sets: `CRAMP_NOW` is an RFC 3339 time that cramp can file a night under, or
/// the command is refused.
#[test]
fn the_test_clock_is_checked_like_any_input() {
    let j = Journal::new();
    let edges = [
        "2026-11-28T09:00:00+01:00",
        "0000-01-01T09:00:00+00:00",
        "0001-01-01T09:00:00+00:00",
        "9998-12-31T09:00:00+00:00",
        "9999-12-31T23:59:59+00:00",
        "2026-11-28T09:00:00Z",
        "2026-11-28t09:00:00z",
        "2026-11-28 09:00:00+01:00",
        "2026-11-28T09:00:00",
        "2026-02-30T09:00:00+01:00",
        "2026-11-28T24:00:00+01:00",
        "2026-11-28T09:00:60+01:00",
        "2026-11-28T09:00:00+24:00",
        "2026-11-28T09:00:00.999999999+01:00",
        "",
        "now",
    ];
    let mut tally = Tally::default();
    for v in values(
        &edges,
        "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}([Zz]|[+-][0-9]{2}:[0-9]{2})?",
        74,
    ) {
        let mut cmd = j.std_cmd(&["log"]);
        cmd.env("CRAMP_NOW", &v);
        let outcome = run_cmd(&j, cmd, &format!("CRAMP_NOW={v:?} cramp log"));
        let parses = DateTime::parse_from_rfc3339(&v).is_ok();
        if tally.add(matches!(outcome, Outcome::Accepted(_))) {
            assert!(parses, "CRAMP_NOW={v:?} was accepted");
        }
    }
    tally.check("CRAMP_NOW");
    // Not text at all.
    let mut cmd = j.std_cmd(&["log"]);
    cmd.env("CRAMP_NOW", OsString::from_vec(b"2026-11-28T09:00:00+01:00\xff".to_vec()));
    assert!(matches!(run_cmd(&j, cmd, "CRAMP_NOW with a stray byte"), Outcome::Refused(_)));
    Store::open(&j.db).unwrap().check_integrity().unwrap();
}

/// The other options that take a value: `med add --class/--since/--until`, `med stop --on`,
/// `profile --add/--remove`, `delete DATE`, `export --to`. What the library accepts is done,
/// exactly; the rest is refused with exit 2 and no change.
#[test]
fn medicine_profile_delete_and_export_options_take_what_the_model_takes() {
    use cramp_journal::model::{Condition, MedClass, Schedule};
    let j = Journal::new();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let since = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let date_in_range = |v: &str, lo: NaiveDate| {
        parse::date(v).ok().map(|d| d.resolve(today)).filter(|d| *d <= today && *d >= lo)
    };
    let edges = [
        "today",
        "yesterday",
        "2026-11-28",
        "2026-11-29",
        "1999-12-31",
        "2000-01-01",
        "0000-01-01",
        "statin",
        "Diuretic",
        "opioid",
        "diabetes",
        "KIDNEY",
        "fluid-restricted",
        "",
        "-1",
    ];
    let mut tally = Tally::default();
    let meds = |j: &Journal| Store::open(&j.db).unwrap().medications().unwrap();
    for (k, v) in values(&edges, "[0-9]{4}-[01][0-9]-[0-3][0-9]|[a-z-]{0,16}", 75).into_iter().enumerate() {
        let name = format!("Med{k}");
        // --class
        let expected = v.parse::<MedClass>().ok();
        let arg = format!("--class={v}");
        let outcome = run(&j, &["med", "add", &name, &arg, "--as-needed"]);
        if tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("med add {arg:?}"))) {
            let m = meds(&j).into_iter().find(|m| m.name.as_str() == name).unwrap();
            assert_eq!(Some(m.class), expected, "med add {arg:?}");
        }
        // --since, then --until after a fixed start
        let expected = date_in_range(&v, NaiveDate::MIN);
        let arg = format!("--since={v}");
        let outcome = run(&j, &["med", "add", &format!("Since{k}"), "--class", "statin", &arg]);
        if tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("med add {arg:?}"))) {
            let m = meds(&j).into_iter().find(|m| m.name.as_str() == format!("Since{k}")).unwrap();
            assert_eq!(
                m.schedule,
                Schedule::Daily(vec![cramp_journal::model::Period::new(expected.unwrap(), None).unwrap()])
            );
        }
        let expected = date_in_range(&v, since);
        let arg = format!("--until={v}");
        let outcome = run(
            &j,
            &["med", "add", &format!("Until{k}"), "--class", "statin", "--since", "2000-01-01", &arg],
        );
        if tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("med add {arg:?}"))) {
            let m = meds(&j).into_iter().find(|m| m.name.as_str() == format!("Until{k}")).unwrap();
            assert_eq!(
                m.schedule,
                Schedule::Daily(vec![cramp_journal::model::Period::new(since, expected).unwrap()])
            );
        }
        // med stop --on, on a medicine taken since 2000-01-01
        j.ok(&["med", "add", &format!("Stop{k}"), "--class", "statin", "--since", "2000-01-01"]);
        let arg = format!("--on={v}");
        let outcome = run(&j, &["med", "stop", &format!("Stop{k}"), &arg]);
        if tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("med stop {arg:?}"))) {
            let m = meds(&j).into_iter().find(|m| m.name.as_str() == format!("Stop{k}")).unwrap();
            assert_eq!(
                m.schedule,
                Schedule::Daily(vec![cramp_journal::model::Period::new(since, expected).unwrap()])
            );
        }
        // profile --add / --remove
        let expected = v.parse::<Condition>().ok();
        let option = if k % 2 == 0 { "--add" } else { "--remove" };
        let arg = format!("{option}={v}");
        let outcome = run(&j, &["profile", &arg]);
        if tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("profile {arg:?}"))) {
            let conditions = Store::open(&j.db).unwrap().profile().unwrap().conditions;
            assert_eq!(conditions.contains(&expected.unwrap()), option == "--add", "profile {arg:?}");
        }
        // delete DATE, on a journal where that date (if it is one) was just logged
        let expected = date_in_range(&v, NaiveDate::MIN);
        if let Some(d) = expected {
            j.ok(&["log", "--date", &d.to_string()]);
        }
        let outcome = run(&j, &["delete", "--yes", "--", &v]);
        if tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("delete {v:?}"))) {
            assert!(Store::open(&j.db).unwrap().night(expected.unwrap()).unwrap().is_none(), "delete {v:?}");
        }
        // export --to (reads only)
        let arg = format!("--to={v}");
        let before = j.snapshot();
        let outcome = run(&j, &["export", "--format", "csv", &arg]);
        let expected = date_in_range(&v, NaiveDate::MIN);
        tally.add(agrees(&outcome, expected.map(to).as_ref(), &format!("export {arg:?}")));
        assert_eq!(j.snapshot(), before, "export {arg:?} changed the journal");
    }
    tally.check("med, profile, delete and export options");
}

/// Arguments that are not UTF-8 at all: refused where text is needed, never a panic.
#[test]
fn arguments_that_are_not_text_are_refused() {
    let j = Journal::new();
    j.ok(&["log"]);
    let bad = |s: &[u8]| OsString::from_vec(s.to_vec());
    let cases: Vec<Vec<OsString>> = vec![
        vec!["log".into(), "--note".into(), bad(b"caf\xe9")],
        vec!["log".into(), "--fluid".into(), bad(b"\xff\xfe")],
        vec!["log".into(), "--cramp".into(), bad(b"03:10,4m,7,\xc0\xaf")],
        vec!["med".into(), "add".into(), bad(b"\xed\xa0\x80"), "--class".into(), "other".into()],
        vec!["settings".into(), "units".into(), bad(b"metric\x80")],
        vec!["import".into(), bad(b"/nonexistent/\xff.json")],
        vec!["show".into(), bad(b"2026-11-27\xff")],
    ];
    for args in cases {
        assert!(matches!(run(&j, &args), Outcome::Refused(_)), "cramp {args:?}");
    }
}

// ---- Import fuzzing -------------------------------------------------------------------------

/// Exports to mutate: JSON and CSV of made-up nights with notes in several scripts, a formula-like
/// note and a medicine of each kind.
fn exports() -> (String, String) {
    let source = Journal::new();
    source.ok(&["demo", "--nights", "25", "--seed", "3", "--end", "2026-11-20"]);
    source.ok(&["med", "add", "Paracétamol", "--class", "other", "--as-needed"]);
    source.ok(&[
        "log",
        "--date",
        "2026-11-21",
        "--med",
        "PARACÉTAMOL",
        "--note",
        "Müller — café ½ L, Ωμέγα, Привет",
    ]);
    source.ok(&[
        "log",
        "--date",
        "2026-11-22",
        "--note",
        "=HYPERLINK(\"x\")",
        "--cramp",
        "03:10,4m,7,calf,left,stretch",
    ]);
    (source.ok(&["export", "--format", "json", "--all"]), source.ok(&["export", "--format", "csv", "--all"]))
}

/// A journal that already holds the exports' medicines (so their CSV can be read) and one night.
fn import_target(json: &str, files: &tempfile::TempDir) -> Journal {
    let j = Journal::new();
    let path = files.path().join("base.json");
    std::fs::write(&path, json).unwrap();
    j.ok(&["import", path.to_str().unwrap()]);
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l"]);
    j
}

/// One random change to a file: cut, deleted, doubled or inserted bytes, a flipped byte, a huge
/// number, a duplicated key, deep nesting, or two lines swapped.
fn mutate(bytes: &mut Vec<u8>, rng: &mut cramp_journal::demo::Rng) {
    let len = bytes.len().max(1);
    let at = |rng: &mut cramp_journal::demo::Rng| rng.between(0, len as i64 - 1) as usize;
    match rng.between(0, 8) {
        0 => bytes.truncate(at(rng)),
        1 => {
            let from = at(rng);
            let to = (from + rng.between(1, 64) as usize).min(bytes.len());
            bytes.drain(from.min(to)..to);
        }
        2 => {
            let from = at(rng);
            let to = (from + rng.between(1, 200) as usize).min(bytes.len());
            let copy = bytes[from.min(to)..to].to_vec();
            let pos = at(rng).min(bytes.len());
            bytes.splice(pos..pos, copy);
        }
        3 => {
            let junk: Vec<u8> = (0..rng.between(1, 8)).map(|_| rng.next_u64() as u8).collect();
            let pos = at(rng).min(bytes.len());
            bytes.splice(pos..pos, junk);
        }
        4 => {
            if let Some(b) = bytes.get_mut(at(rng)) {
                *b ^= 1 << rng.between(0, 7);
            }
        }
        5 => {
            const HUGE: [&str; 7] = [
                "99999999999999999999999",
                "1e400",
                "-1",
                "1.5",
                "18446744073709551616",
                "-9223372036854775809",
                "1e-400",
            ];
            let digits: Vec<usize> = (0..bytes.len()).filter(|i| bytes[*i].is_ascii_digit()).collect();
            if !digits.is_empty() {
                let i = digits[rng.between(0, digits.len() as i64 - 1) as usize];
                let huge = HUGE[rng.between(0, HUGE.len() as i64 - 1) as usize].as_bytes();
                bytes.splice(i..=i, huge.iter().copied());
            }
        }
        6 => {
            // The first key found from a random point, written twice.
            let text = String::from_utf8_lossy(bytes).into_owned();
            let from = at(rng).min(text.len());
            if let Some(start) = text.get(from..).and_then(|t| t.find("\n    \"")).map(|i| from + i + 5)
                && let Some(end) = text[start..].find(",\n").map(|i| start + i + 2)
            {
                let pair = text[start..end].to_owned();
                *bytes = format!("{}{pair}{}", &text[..start], &text[start..]).into_bytes();
            }
        }
        7 => {
            let depth = if rng.chance(0.5) { 200 } else { 100_000 };
            let nest = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
            let pos = at(rng).min(bytes.len());
            bytes.splice(pos..pos, nest.into_bytes());
        }
        _ => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let mut lines: Vec<&str> = text.split('\n').collect();
            let n = lines.len() as i64 - 1;
            lines.swap(rng.between(0, n) as usize, rng.between(0, n) as usize);
            *bytes = lines.join("\n").into_bytes();
        }
    }
}

/// Whatever `parse` returns is what the store can take whole: nights checked, in order, once each.
fn assert_sound(batch: &cramp_journal::store::ImportBatch, what: &str) {
    for pair in batch.nights.windows(2) {
        assert!(pair[0].date < pair[1].date, "{what}: nights out of order or repeated");
    }
    for n in &batch.nights {
        n.check().unwrap_or_else(|e| panic!("{what}: {} passed the import check but {e}", n.date));
        assert!(n.episodes.windows(2).all(|e| e[0].start <= e[1].start), "{what}: episodes out of order");
    }
}

/// Thousands of mutated exports through the import check, in-process: it never panics, and
/// what it accepts is sound.
#[test]
fn mutated_exports_never_panic_the_import_check() {
    let (json, csv) = exports();
    let files = tempfile::tempdir().unwrap();
    let j = import_target(&json, &files);
    let meds = Store::open(&j.db).unwrap().medications().unwrap();
    let mut rng = cramp_journal::demo::Rng::new(2026);
    let (mut accepted, mut refused) = (0, 0);
    for (name, base) in [("json", &json), ("csv", &csv)] {
        for k in 0..1500 {
            let mut bytes = base.clone().into_bytes();
            for _ in 0..rng.between(1, 3) {
                mutate(&mut bytes, &mut rng);
            }
            let replace = rng.chance(0.3);
            let what = format!("{name} mutant {k}");
            let result = std::panic::catch_unwind(|| cramp_journal::import::parse(&bytes, &meds, replace));
            match result {
                Ok(Ok(batch)) => {
                    accepted += 1;
                    assert_sound(&batch, &what);
                }
                Ok(Err(e)) => {
                    refused += 1;
                    assert!(!e.to_string().is_empty(), "{what}: an empty message");
                }
                Err(panic) => panic!(
                    "{what} panicked the import check ({:?}):\n{}",
                    panic.downcast_ref::<String>(),
                    String::from_utf8_lossy(&bytes)
                ),
            }
        }
    }
    eprintln!("mutated exports: {accepted} accepted, {refused} refused");
    assert!(accepted > 50 && refused > 1000, "{accepted} accepted, {refused} refused");
}

/// `text` with its first `from` replaced by `to`, as bytes.
fn swap(text: &str, from: &str, to: &str) -> Vec<u8> {
    assert!(text.contains(from), "{from:?} is not in the export");
    text.replacen(from, to, 1).into_bytes()
}

/// Named hostile JSON: cut short, duplicated keys, huge numbers, deep nesting, years a journal
/// cannot hold, other encodings.
fn hostile_json(json: &str) -> Vec<(&'static str, Vec<u8>)> {
    let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let last_date = json.rfind("\"date\": \"").unwrap() + 9;
    let year = |y: &str| format!("{}{y}{}", &json[..last_date], &json[last_date + 4..]).into_bytes();
    let mut invalid = json.as_bytes().to_vec();
    invalid[json.find("Привет").unwrap() + 1] = 0xc0;
    vec![
        ("truncated.json", json.as_bytes()[..json.len() / 3].to_vec()),
        (
            "duplicate-key.json",
            swap(json, "\"schema_version\": 1,", "\"schema_version\": 1, \"schema_version\": 1,"),
        ),
        ("duplicate-night-key.json", swap(json, "\"fluid_ml\": ", "\"fluid_ml\": 1, \"fluid_ml\": ")),
        ("huge-number.json", swap(json, "\"fluid_ml\": ", "\"fluid_ml\": 99999999999999999999999, \"x\": ")),
        ("huge-float.json", swap(json, "\"duration_s\": ", "\"duration_s\": 1e400, \"x\": ")),
        (
            "huge-version.json",
            swap(json, "\"schema_version\": 1", "\"schema_version\": 18446744073709551616"),
        ),
        ("max-version.json", swap(json, "\"schema_version\": 1", "\"schema_version\": 18446744073709551615")),
        (
            "deep.json",
            swap(json, "\"notes_redacted\": false", &format!("\"notes_redacted\": {}", deep(100_000))),
        ),
        ("deep-night.json", swap(json, "\"postures\": []", &format!("\"postures\": {}", deep(50_000)))),
        ("deep-object.json", format!("{}{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)).into_bytes()),
        ("year-10000.json", year("+10000")),
        ("year-minus-1.json", year("-0001")),
        (
            "start-past-9999.json",
            swap(json, "\"start\": \"2026-", "\"start\": \"9999-12-31T23:30:00-01:00\", \"x\": \""),
        ),
        ("period-year-10000.json", swap(json, "\"since\": \"", "\"since\": \"+1")),
        ("bom.json", format!("\u{feff}{json}").into_bytes()),
        ("utf16.json", json.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        ("nul.json", swap(json, "Ωμέγα", "Ω\\u0000μέγα")),
        ("invalid-utf8.json", invalid),
        ("empty.json", b"{}".to_vec()),
        ("just-a-number.json", b"{\"schema_version\": 1e999}".to_vec()),
    ]
}

/// Named hostile CSV: cut short, years a journal cannot hold, NUL, an unclosed quote, 100,000
/// columns, a doubled header column, a 5 MB cell, an overlong UTF-8 sequence.
fn hostile_csv(csv: &str) -> Vec<(&'static str, Vec<u8>)> {
    let mut overlong = csv.as_bytes().to_vec();
    overlong.extend_from_slice(b"2026-11-23,\xc0\xaf\r\n");
    let unclosed = csv.replacen("\"'=HYPERLINK", "\"'=HYPERLINK(", 1).replace("x\"\")\"", "x");
    vec![
        ("truncated.csv", csv.as_bytes()[..csv.len() * 2 / 3].to_vec()),
        ("year-10000.csv", swap(csv, "\r\n2026-", "\r\n+10000-")),
        ("nul.csv", swap(csv, "Ωμέγα", "Ω\0μέγα")),
        ("unclosed-quote.csv", unclosed.into_bytes()),
        ("wide.csv", format!("{csv}{}\r\n", ",".repeat(100_000)).into_bytes()),
        ("duplicate-columns.csv", swap(csv, "date,fluid_ml,", "date,date,fluid_ml,")),
        ("long-line.csv", format!("{csv}2026-11-23,{}\r\n", "9".repeat(5_000_000)).into_bytes()),
        ("overlong.csv", overlong),
        // Not hostile: what a spreadsheet may save (a byte-order mark, LF endings) must import.
        ("bom-lf.csv", format!("\u{feff}{}", csv.replace("\r\n", "\n")).into_bytes()),
    ]
}

/// Hostile files through `cramp import` itself: each is imported whole or refused with exit 2,
/// one line that ends "nothing was imported", and no byte of the journal changed.
#[test]
fn hostile_files_are_imported_whole_or_not_at_all() {
    let (json, csv) = exports();
    let files = tempfile::tempdir().unwrap();
    let j = import_target(&json, &files);
    let mut cases: Vec<(String, Vec<u8>)> =
        hostile_json(&json).into_iter().chain(hostile_csv(&csv)).map(|(n, b)| (n.to_owned(), b)).collect();
    let mut rng = cramp_journal::demo::Rng::new(77);
    for k in 0..30 {
        let (name, base) = if k % 2 == 0 { ("json", &json) } else { ("csv", &csv) };
        let mut bytes = base.as_bytes().to_vec();
        for _ in 0..rng.between(1, 3) {
            mutate(&mut bytes, &mut rng);
        }
        cases.push((format!("mutant-{k}.{name}"), bytes));
    }
    let mut tally = Tally::default();
    for (name, bytes) in cases {
        let path = files.path().join(&name);
        std::fs::write(&path, &bytes).unwrap();
        let store = Store::open(&j.db).unwrap();
        let parsed = cramp_journal::import::parse(&bytes, &store.medications().unwrap(), false);
        let before = store.nights(None, None).unwrap();
        drop(store);
        let outcome = run(&j, &["import", path.to_str().unwrap()]);
        match (&outcome, &parsed) {
            (Outcome::Accepted(out), Ok(_))
                if !name.starts_with("mutant") && !matches!(name.as_str(), "bom.json" | "bom-lf.csv") =>
            {
                panic!("{name} was imported: {out}");
            }
            (Outcome::Accepted(_), Ok(batch)) => {
                tally.add(true);
                let store = Store::open(&j.db).unwrap();
                store.check_integrity().unwrap();
                let after = store.nights(None, None).unwrap();
                for night in &batch.nights {
                    assert!(after.iter().any(|n| n.date == night.date), "{name}: {} is missing", night.date);
                }
                for night in &before {
                    assert!(after.iter().any(|n| n.date == night.date), "{name}: lost {}", night.date);
                }
            }
            (Outcome::Refused(line), Err(_)) => {
                tally.add(false);
                assert!(line.ends_with("nothing was imported"), "{name}: {line}");
            }
            (outcome, parsed) => panic!("{name}: cramp import {outcome:?}, but the check says {parsed:?}"),
        }
    }
    tally.check("hostile import files");
}

/// Reads the peak memory of a finished child from `/usr/bin/time -v`.
fn peak_kib(stderr: &str) -> Option<u64> {
    stderr.lines().find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): ")?.parse().ok())
}

/// What a timed import ended with: its exit code, its stderr (then `time`'s report, if any), and
/// its peak memory in KiB when `/usr/bin/time` could measure it.
struct Timed {
    code: Option<i32>,
    stderr: String,
    peak_kib: Option<u64>,
}

/// Runs `cramp import FILE` under `/usr/bin/time -v` (GNU time, Debian's `time` package), polling
/// with a generous deadline so a runaway import fails the test instead of hanging it. Without
/// `/usr/bin/time` the import still runs, unmeasured, except in CI, where that is a failure: a
/// memory bound that is never checked must not pass.
fn timed_import(j: &Journal, file: &std::path::Path, scratch: &std::path::Path) -> Timed {
    let time = std::path::Path::new("/usr/bin/time");
    let measured = time.exists();
    assert!(
        measured || !common::in_ci(),
        "CI is set but /usr/bin/time is missing, so import memory cannot be measured: apt-get install time"
    );
    let mut cmd = if measured {
        let plain = j.std_cmd(&["import", file.to_str().unwrap()]);
        let mut c = std::process::Command::new(time);
        c.env_clear().envs(plain.get_envs().filter_map(|(k, v)| Some((k, v?))));
        c.arg("-v").arg(common::bin()).arg("import").arg(file);
        c
    } else {
        j.std_cmd(&["import", file.to_str().unwrap()])
    };
    let stderr_path = scratch.join("import.stderr");
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_mins(5);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("importing {} did not finish in five minutes", file.display());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(stderr_path).unwrap();
    let peak_kib = peak_kib(&stderr);
    // time ran but said nothing readable: its format changed, and the bound would go unchecked.
    assert!(!measured || peak_kib.is_some(), "no peak memory in /usr/bin/time's report:\n{stderr}");
    Timed { code: status.code(), stderr, peak_kib }
}

/// Holds an import's peak memory under `bound_mib`, when it was measured.
fn assert_peak_under(timed: &Timed, bound_mib: u64, what: &str) {
    match timed.peak_kib {
        Some(kib) => {
            eprintln!("{what}: peak memory {} MiB (bound {bound_mib} MiB)", kib >> 10);
            assert!(kib < bound_mib << 10, "{what}: peaked at {} MiB, over {bound_mib} MiB", kib >> 10);
        }
        None => eprintln!("{what}: not measured (no /usr/bin/time)"),
    }
}

/// A 50 MB export whose very last cramp is out of range, as JSON and as CSV: read whole, refused
/// with a message naming that record, nothing written; and a file that never ends is refused
/// once it passes the size limit.
#[test]
fn a_50_mb_file_is_refused_whole_in_bounded_time_and_memory() {
    const SIZE: usize = 50 * 1024 * 1024;
    const MIB: u64 = (SIZE >> 20) as u64;
    let files = tempfile::tempdir().unwrap();
    let j = Journal::new();
    j.ok(&["log", "--date", "2026-11-27", "--fluid", "2l"]);
    let before = j.snapshot();
    let first = NaiveDate::from_ymd_opt(1700, 1, 1).unwrap();

    let night = |date: NaiveDate, intensity: u8| {
        let next = date.succ_opt().unwrap();
        format!(
            "{{\"date\":\"{date}\",\"fluid_ml\":1500,\"activity\":\"hard\",\"standing_h\":5.5,\"sitting_h\":6.0,\
             \"footwear\":\"unsupportive\",\"mg_k_servings\":2,\"postures\":[\"toes-pointed\"],\"stretched\":true,\
             \"medications\":[],\"tags\":[\"coffee\"],\"sleep_disturbance\":6,\"note\":\"Müller — café ½ L\",\
             \"episodes\":[{{\"start\":\"{next}T03:10:00+01:00\",\"duration_s\":270,\"intensity\":{intensity},\
             \"location\":\"calf\",\"side\":\"left\",\"relief\":[\"stretch\"],\"note\":null}}]}}"
        )
    };
    let mut doc = String::with_capacity(SIZE + 4096);
    doc.push_str(
        "{\"schema_version\":1,\"generated_at\":\"2026-11-28T09:00:00+01:00\",\"range\":{\"from\":\"1700-01-01\",\
         \"to\":\"2026-11-27\"},\"notes_redacted\":false,\"profile\":{\"name\":null,\"conditions\":[]},\
         \"settings\":{\"units\":\"metric\",\"week_start\":\"monday\",\"day_boundary\":12},\"medications\":[],\
         \"nights\":[",
    );
    let mut date = first;
    let mut count = 0;
    while doc.len() < SIZE {
        doc.push_str(&night(date, 7));
        doc.push(',');
        date = date.succ_opt().unwrap();
        count += 1;
    }
    doc.push_str(&night(date, 11));
    doc.push_str("]}");
    let big_json = files.path().join("big.json");
    std::fs::write(&big_json, &doc).unwrap();
    drop(doc);

    let mut rows = String::with_capacity(SIZE + 4096);
    rows.push_str(&cramp_journal::export::csv::COLUMNS.join(","));
    rows.push_str("\r\n");
    let row = |date: NaiveDate, intensity: u8| {
        let next = date.succ_opt().unwrap();
        format!(
            "{date},1500,hard,5.5,6,unsupportive,2,toes-pointed,true,,,coffee,6,\"Müller, café ½ L\",\
             {next}T03:10:00+01:00,270,{intensity},calf,left,stretch,\r\n"
        )
    };
    let mut date = first;
    let mut rows_count = 0;
    while rows.len() < SIZE {
        rows.push_str(&row(date, 7));
        date = date.succ_opt().unwrap();
        rows_count += 1;
    }
    rows.push_str(&row(date, 11));
    let big_csv = files.path().join("big.csv");
    std::fs::write(&big_csv, &rows).unwrap();
    drop(rows);

    // Peak memory bounds, in multiples of the 50 MiB file. Measured with the debug build the
    // tests run (`cargo test --test hostile a_50_mb -- --nocapture`, 2026-12-02): 158 MiB for
    // the JSON (3.2×), 363 MiB for the CSV (7.3×), 73 MiB for /dev/zero (the 64 MiB limit is
    // read, then refused). The bounds, 8×, 12× and 4×, leave 1.6 to 2.7 times what was measured
    // for allocator and platform differences, and still fail an import that holds another whole
    // copy of what it read per stage, or builds a generic tree of the JSON (a
    // `serde_json::Value` costs many times the text), or reads past the limit.
    for (file, expected, bound) in [
        (&big_json, format!("nights[{count}].episodes[0].intensity: 11 is out of range"), 8 * MIB),
        (&big_csv, format!("CSV line {}, column intensity: 11 is out of range", rows_count + 2), 12 * MIB),
    ] {
        let timed = timed_import(&j, file, files.path());
        let line = timed.stderr.lines().next().unwrap_or_default();
        assert_eq!(timed.code, Some(2), "{}: {}", file.display(), timed.stderr);
        assert!(line.contains(&expected) && line.ends_with("nothing was imported"), "{line}");
        let size = std::fs::metadata(file).unwrap().len() >> 20;
        assert_peak_under(&timed, bound, &format!("{}: {size} MiB refused", file.display()));
        assert_eq!(j.snapshot(), before, "{} changed the journal", file.display());
    }

    // A file that never ends: read up to the limit and no further, so memory stays near it.
    let timed = timed_import(&j, std::path::Path::new("/dev/zero"), files.path());
    assert_eq!(timed.code, Some(2), "{}", timed.stderr);
    assert!(timed.stderr.starts_with("error: /dev/zero is larger than 64 MiB"), "{}", timed.stderr);
    assert_peak_under(&timed, 4 * MIB, "/dev/zero refused");
    assert_eq!(j.snapshot(), before);
}

// ---- Export safety --------------------------------------------------------------------------

/// Notes built to break exports: formulas a spreadsheet would run, terminal escapes and other
/// control characters, right-to-left overrides and isolates left open, and 10,000 characters.
fn hostile_notes() -> Vec<String> {
    let mut notes: Vec<String> = [
        "=1+2",
        "+SUM(A1:A9)",
        "-2+3",
        "@cmd|' /C calc'!A0",
        "\t=x",
        "\r=x",
        "'=x",
        "=HYPERLINK(\"http://example.invalid\",\"click\")",
        "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}[31mred\u{8}\u{7f}\u{9b}31m\u{85}end",
        "line one\r\nline two\rthree\nfour | five",
        "invoice\u{202e}fdp.exe",
        "\u{2067}an isolate left open",
        "\u{202b}an embedding \u{2066}and an isolate",
        "stray closers \u{202c}\u{2069} and a mark \u{200f}",
        "<!-- --> <script>alert(1)</script> ![x](http://example.invalid/x.png) `code` **bold**",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    notes.push("x".repeat(Note::MAX_CHARS));
    notes.push("word ".repeat(Note::MAX_CHARS / 5));
    notes.push("\n".repeat(2_000));
    notes
}

/// A journal holding each hostile note on a night of its own (and on that night's cramp), a
/// medicine and a profile name with right-to-left overrides.
fn hostile_journal() -> (Journal, Vec<String>) {
    let j = Journal::new();
    j.ok(&["med", "add", "\u{202e}Evil", "--class", "other", "--as-needed"]);
    j.ok(&["profile", "--name", "\u{202e}nnA Müller"]);
    let notes = hostile_notes();
    let mut store = Store::open(&j.db).unwrap();
    let meds = store.medications().unwrap();
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    for (k, text) in notes.iter().enumerate() {
        let date = first + Days::new(k as u64);
        let mut night = cramp_journal::model::Night::empty(date);
        night.note = Some(Note::new(text).unwrap());
        night.medications.insert(meds[0].name.clone());
        let start = DayBoundary::default()
            .place(
                &FixedOffset::east_opt(3600).unwrap(),
                date,
                chrono::NaiveTime::from_hms_opt(3, 10, 0).unwrap(),
            )
            .unwrap();
        let mut e = Episode::starting(start);
        e.note = Some(Note::new(text).unwrap());
        night.episodes.push(e);
        store.save_night(&night).unwrap();
    }
    (j, notes)
}

/// Whether every line leaves no bidirectional embedding, override or isolate open.
fn bidi_balanced(text: &str) -> bool {
    text.split('\n').all(|line| {
        let mut open: Vec<char> = Vec::new();
        for c in line.chars() {
            match c {
                '\u{202a}' | '\u{202b}' | '\u{202d}' | '\u{202e}' => open.push('e'),
                '\u{2066}'..='\u{2068}' => open.push('i'),
                '\u{202c}' if open.last() == Some(&'e') => {
                    open.pop();
                }
                '\u{2069}' => {
                    if let Some(i) = open.iter().rposition(|k| *k == 'i') {
                        open.truncate(i);
                    }
                }
                _ => {}
            }
        }
        open.is_empty()
    })
}

/// Text meant for people: no control character but newline (and tab), and no override left open.
fn assert_shows_safely(text: &str, what: &str) {
    if let Some(c) = text.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        panic!("{what} holds the control character {c:?}");
    }
    assert!(bidi_balanced(text), "{what} leaves a right-to-left override open at a line's end");
}

/// RFC 4180 records, for checking cells as a spreadsheet would see them.
fn csv_records(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut cell) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (_, c) => cell.push(c),
        }
    }
    records
}

fn export(j: &Journal, format: &str, dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join(format!("out.{format}"));
    j.ok(&["export", "--format", format, "--all", "-o", path.to_str().unwrap()]);
    path
}

#[test]
fn hostile_notes_render_safely_in_every_format() {
    let (j, notes) = hostile_journal();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&j.db).unwrap();
    let nights = store.nights(None, None).unwrap();
    let meds = store.medications().unwrap();
    drop(store);

    // CSV: no cell a spreadsheet would run, and every note back exactly.
    let csv = std::fs::read_to_string(export(&j, "csv", &dir)).unwrap();
    for record in csv_records(&csv) {
        for cell in record {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a CSV cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    let back = cramp_journal::import::parse(csv.as_bytes(), &meds, false).unwrap();
    assert_eq!(back.nights, nights, "CSV does not read back as written");

    // JSON: nothing invisible or reordering left raw, and every note back exactly.
    let json = std::fs::read_to_string(export(&j, "json", &dir)).unwrap();
    assert_shows_safely(&json, "the JSON export");
    assert!(
        !json
            .chars()
            .any(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{80}'..='\u{9f}'))
    );
    let back = cramp_journal::import::parse(json.as_bytes(), &[], false).unwrap();
    assert_eq!(back.nights, nights, "JSON does not read back as written");
    for (args, what) in
        [(&["list", "--json"][..], "list --json"), (&["show", "2026-11-09", "--json"], "show --json")]
    {
        assert_shows_safely(&j.ok(args), what);
    }

    // Markdown: every table row keeps its columns, nothing acts on a terminal, notes are whole.
    let md = std::fs::read_to_string(export(&j, "md", &dir)).unwrap();
    assert_shows_safely(&md, "the Markdown export");
    let pipes = |line: &str| line.replace("\\|", "").matches('|').count();
    let mut columns = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = pipes(line);
            assert_eq!(*columns.get_or_insert(n), n, "a table row with other columns: {line}");
        } else {
            columns = None;
        }
    }
    assert!(md.contains(&"x".repeat(Note::MAX_CHARS)), "the long note was cut from the Markdown");
    assert!(md.contains("\u{202e}nnA Müller\u{202c}"), "the patient's name");

    // PDF: well formed, long notes cut short with an ellipsis, a bounded number of pages.
    let pdf = export(&j, "pdf", &dir);
    let out = std::process::Command::new("qpdf").arg("--check").arg(&pdf).output();
    let out = out.expect("qpdf is not installed; .ci/run installs it (apt-get install qpdf poppler-utils)");
    assert!(out.status.success(), "qpdf --check: {}", String::from_utf8_lossy(&out.stdout));
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains('…'), "long notes are not cut short in the PDF");
    let pages = text.matches('\u{c}').count();
    assert!((2..=20).contains(&pages), "{pages} pages for {} nights", notes.len());

    // The terminal: `show` and `list` print every note safely.
    for k in 0..notes.len() {
        let date = (NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + Days::new(k as u64)).to_string();
        assert_shows_safely(&j.ok(&["show", &date]), &format!("show {date}"));
    }
    assert_shows_safely(&j.ok(&["list"]), "list");
    assert_shows_safely(&j.ok(&["med", "list"]), "med list");
    assert_shows_safely(&j.ok(&["profile"]), "profile");
}

/// The full-screen app shows the same notes without a panic and without a control character
/// reaching the screen, at a normal size and a tiny one, on every screen that shows journal text:
/// an escape is drawn as the visible ␛, and a right-to-left override a note or a medicine's name
/// leaves open is closed where that text ends, so it cannot reorder what follows it. (Week and
/// Insights draw no note and are swept for the rest of their text; night capture draws no
/// journal text at all, only the time and the night's date.)
#[test]
fn hostile_notes_never_reach_the_screen_raw() {
    use cramp_journal::app::{App, Msg, Screen};
    let (j, notes) = hostile_journal();
    let now = DateTime::parse_from_rfc3339(common::MORNING).unwrap();
    let mut app = App::new(
        Store::open(&j.db).unwrap(),
        cramp_journal::model::Zone::Fixed(*now.offset()),
        now,
        cramp_journal::ui::theme::Theme::new(false),
    )
    .unwrap();
    // Each row of the screen as the terminal receives it: the cells' symbols, left to right.
    let rows = |app: &App, w: u16, h: u16| -> Vec<String> {
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| f.render_widget(app, f.area())).unwrap();
        let buffer = terminal.backend().buffer();
        (0..h).map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect()).collect()
    };
    let mut overrides_seen = 0;
    for k in 0..notes.len() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + Days::new(k as u64);
        let screens = [
            Msg::OpenLog(date),
            Msg::Goto(Screen::History),
            Msg::Goto(Screen::Meds),
            Msg::Goto(Screen::Insights),
            Msg::Goto(Screen::Week),
        ];
        for screen in screens {
            app.update(screen);
            for (w, h) in [(80, 24), (20, 5)] {
                for row in rows(&app, w, h) {
                    assert!(!row.chars().any(char::is_control), "{row:?} on screen for {date}");
                    assert!(bidi_balanced(&row), "an override left open in {row:?} for {date}");
                    overrides_seen += usize::from(row.contains('\u{202e}'));
                }
            }
        }
    }
    // The overrides did reach the screen, so the balance above was tested, not vacuous.
    assert!(overrides_seen > 0);

    // Every screen that draws a note, checked where the note is: ratatui silently drops a raw
    // escape, so only `printable` puts the visible ␛ there; and an override the note leaves open
    // is closed where the note ends, not just in the row's last cell (which `ui::text::settle`
    // does for the whole frame, whatever a screen drew).
    let night_of = |needle: &str| {
        let k = notes.iter().position(|n| n.contains(needle)).expect("a hostile note");
        NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + Days::new(k as u64)
    };
    let escapes = night_of("\u{1b}]0;owned");
    let reversed = night_of("invoice\u{202e}");

    // History: a row per night, its medicines, then its note in quotes.
    app.update(Msg::Goto(Screen::History));
    let screen = rows(&app, 80, 24);
    assert!(screen.iter().any(|r| r.contains("“␛]0;owned␇␛[2J")), "{screen:#?}");
    let invoice = screen.iter().find(|r| r.contains("invoice")).expect("the night with the override");
    let after = &invoice[invoice.find("invoice\u{202e}").expect("the note's override itself")..];
    let closed = after.find('\u{202c}').expect("the override closed on its row");
    let quote = after.find('”').expect("the note's closing quote");
    assert!(closed < quote, "closed only after the note, so the quote is reversed: {invoice:?}");
    assert!(invoice.contains("\u{202e}Evil\u{202c}"), "the medicine's name left open: {invoice:?}");

    // The Log form: the note field and the cramp's note cell. The form's paragraphs drop a lone
    // zero-width character, so an override there is either not drawn or closed on its row.
    for (date, shows) in [(escapes, "␛]0;owned"), (reversed, "invoice")] {
        app.update(Msg::OpenLog(date));
        let screen = rows(&app, 80, 24);
        let field =
            screen.iter().find(|r| r.trim_start_matches([' ', '›']).starts_with("Note")).expect("Note");
        let cell = screen.iter().find(|r| r.trim_start().starts_with("#1")).expect("the cramp's row");
        for row in [field, cell] {
            assert!(row.contains(shows), "{date}: {row:?} should show {shows:?}\n{screen:#?}");
            assert!(bidi_balanced(row), "an override left open in {row:?}");
        }
    }

    // The medicine's reversed name is closed right after it on the Medicines screen too.
    app.update(Msg::Goto(Screen::Meds));
    let screen = rows(&app, 80, 24);
    let evil = screen.iter().find(|r| r.contains("Evil")).expect("the medicine");
    assert!(evil.contains("\u{202e}Evil\u{202c}") && bidi_balanced(evil), "{evil:?}");
}
