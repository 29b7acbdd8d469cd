//! Test-only recomputations of page 1's newer parts: the trial-style block, the weekly tally,
//! the chart's medicine marks and the lines of what stands out, each from the CLI's JSON with
//! code written here, never the summary module's.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde_json::Value;

use super::{MONTHS, date, day_text, pct};

/// `5 Sep`.
pub fn short(d: NaiveDate) -> String {
    format!("{} {}", d.day(), MONTHS[d.month0() as usize])
}

fn in_range(n: &Value, a: NaiveDate, b: NaiveDate) -> bool {
    let d = date(n["date"].as_str().unwrap());
    a <= d && d <= b
}

fn episodes(n: &Value) -> u32 {
    n["episodes"].as_array().unwrap().len() as u32
}

/// The trial-style block as both reports should print it.
pub struct Trial {
    /// Its rows as page 1's text reads once white space is collapsed.
    pub pdf_rows: Vec<String>,
    pub md_rows: Vec<String>,
    /// The two date ranges, each of which must sit whole on one line.
    pub ranges: [String; 2],
}

/// The first 14 nights from the first logged one against the latest 28 of the range, per 7
/// logged nights; `None` when the two would overlap. The change is withheld when either side
/// has fewer than half its nights logged.
pub fn trial(nights: &[Value], to: NaiveDate) -> Option<Trial> {
    let first = date(nights.first()?["date"].as_str().unwrap());
    let sides = [(first, first + Days::new(13), 14u32), (to - Days::new(27), to, 28u32)];
    if sides[0].1 >= sides[1].0 {
        return None;
    }
    let counts: Vec<(u32, u32, u32, u32)> = sides
        .iter()
        .map(|&(a, b, days)| {
            let here: Vec<&Value> = nights.iter().filter(|n| in_range(n, a, b)).collect();
            let cramps: u32 = here.iter().map(|n| episodes(n)).sum();
            let cramp_nights = here.iter().filter(|n| episodes(n) > 0).count() as u32;
            (here.len() as u32, days, cramps, cramp_nights)
        })
        .collect();
    let rate = |count: u32, logged: u32| {
        if logged == 0 {
            "–".to_owned()
        } else {
            format!("{:.1}", f64::from(count) * 7.0 / f64::from(logged))
        }
    };
    let enough = counts.iter().all(|c| 2 * c.0 >= c.1);
    let change = |pick: fn(&(u32, u32, u32, u32)) -> u32| {
        let per = |c: &(u32, u32, u32, u32)| f64::from(pick(c)) * 7.0 / f64::from(c.0);
        if !enough {
            "too few nights".to_owned()
        } else if pick(&counts[0]) == 0 {
            "–".to_owned()
        } else {
            format!("{:+.0} %", (per(&counts[1]) - per(&counts[0])) / per(&counts[0]) * 100.0)
        }
    };
    let ranges = sides.map(|(a, b, _)| format!("{} – {}", short(a), day_text(b)));
    let logged = |c: &(u32, u32, u32, u32)| format!("{} of {} ({})", c.0, c.1, pct(c.0, c.1));
    let rows = [
        ("Nights", ranges[0].clone(), ranges[1].clone(), String::new()),
        ("Nights logged", logged(&counts[0]), logged(&counts[1]), String::new()),
        ("Cramps per week", rate(counts[0].2, counts[0].0), rate(counts[1].2, counts[1].0), change(|c| c.2)),
        (
            "Cramp nights per week",
            rate(counts[0].3, counts[0].0),
            rate(counts[1].3, counts[1].0),
            change(|c| c.3),
        ),
    ];
    Some(Trial {
        pdf_rows: rows
            .iter()
            .map(|r| format!("{} {} {} {}", r.0, r.1, r.2, r.3).trim_end().to_owned())
            .collect(),
        md_rows: rows
            .iter()
            .map(|r| format!("| {} | {} | {} | {} |", r.0, r.1, r.2, if r.3.is_empty() { " " } else { &r.3 }))
            .collect(),
        ranges,
    })
}

/// The Markdown weekly table's rows (range, logged, cramp nights, cramps, tally), weeks from
/// Monday cut to the range.
pub fn week_rows(nights: &[Value], from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut rows = Vec::new();
    let mut a = from;
    while a <= to {
        let mut b = a;
        while b < to && b.succ_opt().unwrap().weekday() != Weekday::Mon {
            b = b.succ_opt().unwrap();
        }
        let here: Vec<&Value> = nights.iter().filter(|n| in_range(n, a, b)).collect();
        let days = u32::try_from((b - a).num_days() + 1).unwrap();
        let logged = here.len() as u32;
        let cramp_nights = here.iter().filter(|n| episodes(n) > 0).count() as u32;
        let cramps: u32 = here.iter().map(|n| episodes(n)).sum();
        let tally = "█".repeat(cramp_nights as usize)
            + &"░".repeat((logged - cramp_nights) as usize)
            + &"·".repeat((days - logged) as usize);
        rows.push(format!(
            "| {} – {} | {logged} of {days} | {cramp_nights} | {cramps} | {tally} |",
            short(a),
            short(b)
        ));
        a = b.succ_opt().unwrap();
    }
    rows
}

/// Each start and stop of a daily medicine in `from..=to`, from `med list --json`, oldest first:
/// (date, `+Name` or `–Name`, whether a start).
pub fn medicine_marks(meds: &Value, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, String, bool)> {
    let mut marks = Vec::new();
    for m in meds.as_array().unwrap() {
        if m["as_needed"].as_bool().unwrap() {
            continue;
        }
        let name = m["name"].as_str().unwrap();
        for p in m["periods"].as_array().unwrap() {
            for (key, sign, started) in [("since", '+', true), ("until", '–', false)] {
                if let Some(d) = p[key].as_str().map(date).filter(|d| from <= *d && *d <= to) {
                    marks.push((d, format!("{sign}{name}"), started));
                }
            }
        }
    }
    let name = |m: &str| m.trim_start_matches(['+', '–']).to_owned();
    marks.sort_by(|a, b| a.0.cmp(&b.0).then(name(&a.1).cmp(&name(&b.1))));
    marks
}

/// What stands out, from `analyze --json`: a line per flagged or protective factor and per
/// medicine change whose interval excludes 1; or the one line saying nothing does.
pub fn standouts(analysis: &Value) -> Vec<String> {
    let flags = analysis["red_flags"].as_array().unwrap().len();
    let mut lines = Vec::new();
    let factors = analysis["factors"].as_array().unwrap();
    for status in ["flagged", "protective"] {
        for f in factors.iter().filter(|f| f["status"] == status) {
            let way = if status == "flagged" { "more" } else { "fewer" };
            let n = |k: &str| f[k].as_u64().unwrap();
            let x = |k: &str| f[k].as_f64().unwrap();
            lines.push(format!(
                "{way} cramp nights, {} of {} with it vs {} of {} without (RR {:.1}, 95 % CI {:.1}–{:.1}).",
                n("exposed_cramp_nights"),
                n("exposed_nights"),
                n("unexposed_cramp_nights"),
                n("unexposed_nights"),
                x("risk_ratio"),
                x("ci_low"),
                x("ci_high")
            ));
        }
    }
    // Amounts with a clear trend, the step said in words (metric units, as the tests use).
    let two = |x: f64| {
        if x >= 9.95 {
            format!("{x:.0}")
        } else if x >= 0.995 {
            format!("{x:.1}")
        } else {
            format!("{x:.2}")
        }
    };
    for d in analysis["doses"].as_array().unwrap().iter().filter(|d| d["clear"] == true) {
        let per = match d["amount"].as_str().unwrap() {
            "fluid" => "500 ml more fluid",
            "standing" => "each hour more on your feet",
            "sitting" => "each hour more sitting",
            "mg_k_servings" => "each serving more of magnesium- or potassium-rich food",
            "steps" => "each 1,000 steps more",
            "stand_min" => "each half hour more standing, as measured",
            other => panic!("unknown amount {other}"),
        };
        let x = |k: &str| d[k].as_f64().unwrap();
        let way = if x("risk_ratio") < 1.0 { "fewer" } else { "more" };
        lines.push(format!(
            "{way} cramp nights with {per} (RR {}, 95 % CI {}–{}).",
            two(x("risk_ratio")),
            two(x("ci_low")),
            two(x("ci_high"))
        ));
    }
    let changes = analysis["medication_changes"].as_array().unwrap();
    for m in changes {
        let (Some(r), Some(lo), Some(hi)) =
            (m["risk_ratio"].as_f64(), m["ci_low"].as_f64(), m["ci_high"].as_f64())
        else {
            continue;
        };
        if lo <= 1.0 && hi >= 1.0 {
            continue;
        }
        let n = |k: &str| m[k].as_u64().unwrap();
        lines.push(format!(
            "{} {} {}: {} cramp nights, {} of {} after vs {} of {} before (ratio {r:.2}, 95 % CI {lo:.2}–{hi:.2}).",
            m["medicine"].as_str().unwrap(),
            m["change"].as_str().unwrap(),
            day_text(date(m["date"].as_str().unwrap())),
            if lo > 1.0 { "more" } else { "fewer" },
            n("cramp_nights_after"),
            n("nights_after"),
            n("cramp_nights_before"),
            n("nights_before"),
        ));
    }
    if lines.is_empty() {
        let tested = !changes.is_empty()
            || factors.iter().any(|f| {
                ["flagged", "protective", "no_association"].contains(&f["status"].as_str().unwrap())
            });
        lines.push(
            match (flags == 0, tested) {
                (true, true) => "Nothing stands out: no red flags, and no factor, amount or medicine change made a clear difference.",
                (true, false) => "Nothing stands out: no red flags, and no factor could be tested on the nights logged.",
                (false, true) => "Beyond the red flags above, no factor, amount or medicine change made a clear difference.",
                (false, false) => "Beyond the red flags above, nothing: no factor could be tested on the nights logged.",
            }
            .to_owned(),
        );
    }
    lines
}
