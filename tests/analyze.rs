//! `cramp analyze` and `cramp suspect` as a public contract: the demo's planted associations are
//! found and its random factors are not, the JSON shape, the text a person reads, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{FixedOffset, NaiveDate};
use common::Journal;
use cramp_journal::analysis::{self, Input, Report, Status};
use cramp_journal::model::{DayBoundary, Profile, Units};
use serde_json::Value;

/// What the demo plants (factor id, lag, expected status) and what it leaves to chance.
const PLANTED: &[(&str, u64, &str)] =
    &[("hard_activity", 1, "flagged"), ("toes_pointed", 0, "flagged"), ("stretched", 0, "protective")];
const RANDOM: &[&str] =
    &["unsupportive_footwear", "few_mg_k_foods", "tag:coffee", "tag:alcohol", "med:statin"];

/// The demo plants low fluid: as an amount, more fluid the same day goes with fewer cramps;
/// sitting is left to chance, and neither split at the median is tested as a factor.
fn check_amounts(doses: &[Value], factors: &[Value], seed: &str) {
    let find =
        |amount: &str, lag: u64| doses.iter().find(|d| d["amount"] == amount && d["lag"] == lag).unwrap();
    let fluid = find("fluid", 0);
    assert!(fluid["clear"] == true && fluid["risk_ratio"].as_f64().unwrap() < 1.0, "seed {seed}: {fluid}");
    for lag in [0, 1] {
        assert_eq!(find("sitting", lag)["clear"], false, "seed {seed}: sitting lag {lag}");
    }
    for id in ["low_fluid", "long_standing", "long_sitting"] {
        assert!(!factors.iter().any(|f| f["id"] == id), "seed {seed}: {id} is tested as an amount");
    }
}

fn factor<'a>(report: &'a Value, id: &str, lag: u64) -> &'a Value {
    report["factors"].as_array().unwrap().iter().find(|f| f["id"] == id && f["lag"] == lag).unwrap()
}

#[test]
fn demo_associations_are_found_through_the_command_line() {
    for seed in ["1", "2"] {
        let j = Journal::new();
        j.ok(&["demo", "--nights", "1095", "--seed", seed, "--end", "2026-11-27"]);
        let r = j.json(&["analyze", "--json"]);
        for (id, lag, status) in PLANTED {
            assert_eq!(factor(&r, id, *lag)["status"], *status, "seed {seed}: {id} lag {lag}");
        }
        for id in RANDOM {
            for f in r["factors"].as_array().unwrap().iter().filter(|f| f["id"] == *id) {
                assert_eq!(f["status"], "no_association", "seed {seed}: {id} lag {}", f["lag"]);
            }
        }
        check_amounts(r["doses"].as_array().unwrap(), r["factors"].as_array().unwrap(), seed);
        assert_eq!(r["outcome"], "associations_found");
    }
}

fn demo_report(nights: usize, seed: u64) -> Report {
    let tz = FixedOffset::east_opt(3600).unwrap();
    let end: NaiveDate = "2026-11-27".parse().unwrap();
    let journal = cramp_journal::demo::generate(nights, seed, end, DayBoundary::default(), &tz);
    analysis::analyze(&Input {
        nights: &journal.nights,
        medications: &journal.medications,
        profile: &Profile::default(),
        suspected: &[],
        units: Units::Metric,
        from: None,
        to: None,
        today: end,
        measured: &[],
    })
}

/// Three years of demo nights over several seeds: what is planted is always found; what is random
/// is never flagged. (At q ≤ 0.05 about one finding in twenty may be false, so a random factor may
/// now and then come out "protective"; that is allowed once in the six seeds.)
#[test]
fn demo_associations_hold_across_seeds() {
    let mut false_protective = Vec::new();
    for seed in 1..=6 {
        let r = demo_report(1095, seed);
        for (id, lag, status) in PLANTED {
            let f = r.factors.iter().find(|f| f.id.to_string() == *id && u64::from(f.lag) == *lag).unwrap();
            let want = if *status == "flagged" { Status::Flagged } else { Status::Protective };
            assert_eq!(f.status, want, "seed {seed}: {id} lag {lag}: {}", f.explanation);
        }
        for f in r.factors.iter().filter(|f| RANDOM.contains(&f.id.to_string().as_str())) {
            assert_ne!(f.status, Status::Flagged, "seed {seed}: {} lag {}: {}", f.id, f.lag, f.explanation);
            if f.status == Status::Protective {
                false_protective.push((seed, f.id.to_string()));
            }
        }
    }
    assert!(false_protective.len() <= 1, "{false_protective:?}");
    for seed in 1..=6 {
        let r = serde_json::to_value(demo_report(1095, seed)).unwrap();
        check_amounts(r["doses"].as_array().unwrap(), r["factors"].as_array().unwrap(), &seed.to_string());
    }
}

#[test]
fn json_has_the_documented_fields() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "120", "--seed", "1", "--end", "2026-11-27"]);
    j.ok(&["suspect", "--add", "tag:coffee"]);
    let r = j.json(&["analyze", "--json"]);
    for key in
        ["nights_logged", "cramp_nights", "tests", "factors", "recurring", "medication_changes", "red_flags"]
    {
        assert!(r.get(key).is_some(), "no {key}");
    }
    let factors = r["factors"].as_array().unwrap();
    let mut keys: Vec<&str> = factors[0].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut want = [
        "adjusted",
        "explained_by",
        "id",
        "lag",
        "cause",
        "exposed_nights",
        "exposed_cramp_nights",
        "unexposed_nights",
        "unexposed_cramp_nights",
        "risk_ratio",
        "ci_low",
        "ci_high",
        "p_fisher",
        "p_value",
        "q_value",
        "status",
        "nights_needed",
        "explanation",
        "advice",
    ];
    want.sort_unstable();
    assert_eq!(keys, want, "the factor objects have exactly the documented fields");
    let tested = factors.iter().filter(|f| !f["p_value"].is_null()).count();
    assert_eq!(r["tests"].as_u64().unwrap() as usize, tested);
    assert!(["circular_shift", "bartlett"].contains(&r["p_method"].as_str().unwrap()), "{}", r["p_method"]);
    for f in factors {
        let insufficient = f["status"] == "insufficient_data";
        assert_eq!(f["p_fisher"].is_null(), f["p_value"].is_null(), "{f}");
        assert_eq!(f["q_value"].is_null(), insufficient, "{f}");
        assert_eq!(f["nights_needed"].is_null(), !insufficient, "{f}");
        assert!(f["lag"] == 0 || f["lag"] == 1);
        if let (Some(p), Some(q)) = (f["p_value"].as_f64(), f["q_value"].as_f64()) {
            assert!(q >= p);
        }
    }
    assert!(r["power"]["chance"].as_f64().is_some() && r["power"]["sentence"].as_str().is_some());
    for d in r["doses"].as_array().unwrap() {
        let mut keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        let want = [
            "amount",
            "ci_high",
            "ci_low",
            "clear",
            "inflation",
            "lag",
            "measured_nights",
            "median",
            "nights",
            "p_value",
            "q_value",
            "risk_ratio",
            "sentence",
            "step",
            "thirds",
        ];
        assert_eq!(keys, want);
        let in_thirds: u64 =
            d["thirds"].as_array().unwrap().iter().map(|t| t["nights"].as_u64().unwrap()).sum();
        assert_eq!(Some(in_thirds), d["nights"].as_u64());
    }
    let change = &r["medication_changes"][0];
    assert_eq!(
        (change["medicine"].as_str(), change["change"].as_str()),
        (Some("Atorvastatin"), Some("started"))
    );
    assert!(change["caution"].as_str().unwrap().contains("by themselves"));
    assert_eq!(r["suspicions"][0]["id"], "tag:coffee");
}

#[test]
fn text_fits_80_columns_red_flags_first_and_never_says_causes() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "365", "--seed", "1", "--end", "2026-11-27"]);
    j.ok(&["profile", "--add", "fluid-restricted"]);
    let text = j.ok(&["analyze"]);
    for line in text.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("no {s} in:\n{text}"));
    assert!(at("TALK TO A DOCTOR") < at("ASSOCIATED WITH MORE CRAMPS"));
    assert!(at("ASSOCIATED WITH MORE CRAMPS") < at("ASSOCIATED WITH FEWER CRAMPS"));
    assert!(text.contains("Cramps came on ") && text.contains("associated with more cramps"));
    // "Associated with", never "X causes": the word only appears as "what causes" (the
    // disclaimer) or "other causes" (a red flag).
    let words: Vec<&str> = text.split_whitespace().collect();
    for pair in words.windows(2).filter(|w| w[1].starts_with("cause") && w[1] != "cause,") {
        assert!(["what", "other", "documented"].contains(&pair[0]), "'{} {}' in:\n{text}", pair[0], pair[1]);
    }
    // Fluid-restricted: the low-fluid advice does not say to drink more.
    assert!(!text.contains("Drink steadily"), "{text}");
}

#[test]
fn silence_is_explained() {
    let j = Journal::new();
    let text = j.ok(&["analyze"]);
    assert!(text.contains("Not enough nights yet: 0 logged"), "{text}");
    j.ok(&["log", "--fluid", "1.5l", "--activity", "hard"]);
    let text = j.ok(&["analyze"]);
    assert!(text.starts_with("Cramp analysis of 1 logged night from"), "{text}");
    assert!(
        text.contains("NEEDS MORE NIGHTS")
            && text.contains("27 more nights, at least 6 with it and 7 without: Hard activity (same day)"),
        "{text}"
    );
}

#[test]
fn the_range_limits_the_nights() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "60", "--seed", "3", "--end", "2026-11-27"]);
    let all = j.json(&["analyze", "--json"]);
    let part = j.json(&["analyze", "--json", "--from", "2026-11-01", "--to", "2026-11-20"]);
    assert!(part["nights_logged"].as_u64() < all["nights_logged"].as_u64());
    assert!(part["nights_logged"].as_u64().unwrap() <= 20);
    assert_eq!((part["from"].as_str(), part["to"].as_str()), (Some("2026-11-01"), Some("2026-11-20")));
    let err = j.usage_error(&["analyze", "--from", "2026-11-20", "--to", "2026-11-01"]);
    assert!(err.contains("--from 2026-11-20 is after --to 2026-11-01"), "{err}");
}

#[test]
fn suspect_adds_removes_lists_and_refuses_unknown_ids() {
    let j = Journal::new();
    assert!(j.ok(&["suspect"]).starts_with("You suspect nothing yet."));
    let out = j.ok(&["suspect", "--add", "tag:Coffee", "--add", "low_fluid", "--add", "med:statin"]);
    assert!(
        out.contains("  low_fluid ") && out.contains("  med:statin ") && out.contains("  tag:coffee "),
        "{out}"
    );
    let out = j.ok(&["suspect", "--remove", "med:statin"]);
    assert!(!out.contains("med:statin"), "{out}");
    let before = j.snapshot();
    for bad in ["sugar", "med:aspirin", "tag:two words"] {
        let err = j.usage_error(&["suspect", "--add", bad]);
        assert!(err.contains("is not a factor; use one of: low_fluid,"), "{err}");
        assert!(err.contains("med:CLASS") && err.contains("tag:NAME"), "{err}");
    }
    assert!(
        j.usage_error(&["suspect", "--add", "low_fluid", "--remove", "low_fluid"]).contains("contradict")
    );
    assert_eq!(j.snapshot(), before);
    let text = j.ok(&["analyze"]);
    assert!(text.contains("YOUR SUSPICIONS") && text.contains("Suspected: Tag 'coffee'."), "{text}");
}

#[test]
fn help_has_examples() {
    let j = Journal::new();
    for cmd in ["analyze", "suspect"] {
        assert!(j.ok(&[cmd, "--help"]).contains("Examples:"), "{cmd}");
    }
}

/// The streak-valid p-values recomputed from `cramp list --json` alone: every circular shift of
/// the cramp nights of at least 14 nights each way, paired night by night with the factor, and
/// the observed gap between the two cramp rates ranked among them.
#[test]
fn circular_shift_p_values_match_a_recomputation_from_the_nights() {
    let j = Journal::new();
    j.ok(&["demo", "--nights", "1050", "--seed", "1", "--end", "2026-11-27"]);
    let nights = j.json(&["list", "--json"]);
    let nights = nights.as_array().unwrap();
    let r = j.json(&["analyze", "--json"]);
    assert_eq!(r["p_method"], "circular_shift");
    let n = nights.len();
    assert!(n - 27 <= 999, "every shift is used below 1,026 nights: {n}");
    assert_eq!(r["shifts"].as_u64().unwrap() as usize, n - 27);
    let cramps: Vec<f64> =
        nights.iter().map(|x| f64::from(u8::from(!x["episodes"].as_array().unwrap().is_empty()))).collect();
    let has = |x: &Value, key: &str, v: &str| x[key].as_array().unwrap().iter().any(|t| t == v);
    let exposures: [(&str, Vec<Option<bool>>); 4] = [
        ("tag:coffee", nights.iter().map(|x| Some(has(x, "tags", "coffee"))).collect()),
        ("tag:alcohol", nights.iter().map(|x| Some(has(x, "tags", "alcohol"))).collect()),
        ("stretched", nights.iter().map(|x| x["stretched"].as_bool()).collect()),
        (
            "toes_pointed",
            nights
                .iter()
                .map(|x| {
                    let known = !x["postures"].as_array().unwrap().is_empty();
                    known.then(|| has(x, "postures", "toes-pointed"))
                })
                .collect(),
        ),
    ];
    for (id, exposure) in exposures {
        let gap = |shift: usize| {
            let (mut with, mut n_with, mut without, mut n_without) = (0.0, 0.0, 0.0, 0.0);
            for (night, e) in exposure.iter().enumerate() {
                let cramp = cramps[(night + n - shift) % n];
                match e {
                    Some(true) => (with, n_with) = (with + cramp, n_with + 1.0),
                    Some(false) => (without, n_without) = (without + cramp, n_without + 1.0),
                    None => {}
                }
            }
            (with / n_with - without / n_without).abs()
        };
        let observed = gap(0);
        let as_large = (14..=n - 14).filter(|&s| gap(s) >= observed - 1e-12).count();
        let want = (1 + as_large) as f64 / (n - 26) as f64;
        let f = factor(&r, id, 0);
        let got = f["p_value"].as_f64().unwrap();
        assert!((got - want).abs() < 1e-9, "{id}: got {got}, want {want}");
        assert!(f["q_value"].as_f64().unwrap() >= got);
    }
}
