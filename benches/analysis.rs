//! How long `analysis::analyze` takes over 1, 10 and 100 years of demo nights, beside a
//! reference measured in the same run: deep-cloning the same nights, which touches every night
//! and its episodes once. Run with `cargo bench --bench analysis` (or `python3 bench/run.py
//! analyze`). Target: 10 years in under 20 ms.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{FixedOffset, NaiveDate};
use cramp_journal::analysis::{Input, analyze};
use cramp_journal::demo::{self, DemoJournal};
use cramp_journal::model::{DayBoundary, Profile, Units};

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort_unstable();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Median analysis time and median clone time, interleaved so both see the same machine state.
fn measure(journal: &DemoJournal, end: NaiveDate, runs: usize) -> (Duration, Duration) {
    let profile = Profile::default();
    let input = Input {
        nights: &journal.nights,
        medications: &journal.medications,
        profile: &profile,
        suspected: &[],
        units: Units::Metric,
        from: None,
        to: None,
        today: end,
        measured: &[],
    };
    // One warm-up of each, so first-touch page faults are not counted.
    black_box(analyze(black_box(&input)));
    black_box(black_box(&journal.nights).clone());
    let (mut analysis, mut reference) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
    for _ in 0..runs {
        let start = Instant::now();
        black_box(analyze(black_box(&input)));
        analysis.push(start.elapsed());
        let start = Instant::now();
        black_box(black_box(&journal.nights).clone());
        reference.push(start.elapsed());
    }
    (median(analysis), median(reference))
}

fn main() {
    let Some(tz) = FixedOffset::east_opt(3600) else { return };
    let end = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default();
    println!("analysis: median of interleaved runs over demo nights (seed 1)");
    println!("  years  logged   analyze ms   clone ms   analyze/clone   µs per night");
    let mut ten_years = None;
    for (years, runs) in [(1, 101), (10, 41), (100, 11)] {
        let journal = demo::generate(years * 365, 1, end, DayBoundary::default(), &tz);
        let (analysis, reference) = measure(&journal, end, runs);
        let per_night = analysis.as_secs_f64() * 1e6 / journal.nights.len() as f64;
        println!(
            "  {years:>5}  {:>6}   {:>10.3}   {:>8.3}   {:>12.1}x   {per_night:>12.3}",
            journal.nights.len(),
            ms(analysis),
            ms(reference),
            analysis.as_secs_f64() / reference.as_secs_f64()
        );
        if years == 10 {
            ten_years = Some(analysis);
        }
    }
    if let Some(t) = ten_years {
        let verdict = if ms(t) < 20.0 { "met" } else { "MISSED" };
        println!("  10 years: {:.2} ms (target under 20 ms: {verdict})", ms(t));
    }
}
