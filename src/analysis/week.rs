//! The weekly review: one week's nights at a glance, compared with the week before and the
//! four weeks before that by rates per logged night (so a part week or a patchy one compares
//! fairly), plus cramp nights per week over the last twelve weeks with medicine changes marked.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::catalogue;
use super::factors::{self, Thresholds};
use super::stats::median;
use crate::health::{Measured, MeasuredKind};
use crate::model::{DurationS, Factor, FluidMl, Medication, Night, Units, WeekStart};

/// Weeks shown in the trend, this one included, unless another span is asked for.
pub const TREND_WEEKS: usize = 12;
/// Weeks pooled in the trend's rolling rate, the week itself included.
pub const ROLLING_WEEKS: usize = 4;

/// One night of the week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DaySummary {
    pub date: NaiveDate,
    /// False when nothing was logged for that night (not the same as cramp-free).
    pub logged: bool,
    pub episodes: usize,
    pub cramp_seconds: u32,
    pub worst_intensity: Option<u8>,
}

/// The numbers for one week.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekStats {
    pub nights_logged: usize,
    pub cramp_nights: usize,
    pub episodes: usize,
    pub median_duration_s: Option<f64>,
    pub mean_intensity: Option<f64>,
    pub worst_intensity: Option<u8>,
    pub mean_fluid_ml: Option<f64>,
    pub stretching_nights: usize,
    /// Cramp nights per 7 logged nights; `None` when nothing was logged.
    pub cramp_nights_per_7: Option<f64>,
    /// Cramps per logged night.
    pub cramps_per_night: Option<f64>,
    /// The mean of each cramp night's worst intensity (nights with a known intensity).
    pub mean_night_worst: Option<f64>,
    /// Nights stretched per 7 logged nights that say whether they were; `None` when none does.
    pub stretched_per_7: Option<f64>,
    /// Mean daily steps and standing minutes a phone or watch measured, over the days of the
    /// week that have them (logged or not); `None` without any.
    pub mean_steps: Option<f64>,
    pub mean_stand_min: Option<f64>,
}

/// The same numbers averaged over earlier weeks that had anything logged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekAverages {
    /// How many of the weeks had at least one logged night (the others are left out).
    pub weeks: usize,
    pub nights_logged: Option<f64>,
    pub cramp_nights: Option<f64>,
    pub episodes: Option<f64>,
    pub median_duration_s: Option<f64>,
    pub mean_intensity: Option<f64>,
    pub worst_intensity: Option<f64>,
    pub mean_fluid_ml: Option<f64>,
    pub stretching_nights: Option<f64>,
    /// The rates over all the logged nights of the four weeks pooled, so a week with one
    /// logged night weighs as one night and not as a whole week.
    pub cramp_nights_per_7: Option<f64>,
    pub cramps_per_night: Option<f64>,
    pub mean_night_worst: Option<f64>,
    pub stretched_per_7: Option<f64>,
    /// Measured steps and standing minutes, a mean over every measured day of the four weeks.
    pub mean_steps: Option<f64>,
    pub mean_stand_min: Option<f64>,
}

/// Cramp nights in one week of the trend.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    pub week_start: NaiveDate,
    pub nights_logged: usize,
    pub cramp_nights: usize,
    /// Cramps that week.
    pub episodes: usize,
    /// Cramp nights per 7 logged nights over this week and the three before it, pooled night by
    /// night (so a patchy week weighs by its logged nights); `None` when none was logged.
    pub rolling_cramp_nights_per_7: Option<f64>,
}

/// A daily medicine started or stopped, for marking the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MedChange {
    /// The first day taken, or for a stop the last day taken.
    pub date: NaiveDate,
    pub name: String,
    pub started: bool,
}

/// How often a factor was present on the week's cramp nights, beside its cramp-free nights.
/// Descriptive only: a week is far too short to test anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactorPresence {
    pub id: Factor,
    pub lag: u8,
    pub label: String,
    /// Cramp nights of the week with the factor, out of those where it is known.
    pub cramp_nights_with: usize,
    pub cramp_nights_known: usize,
    /// The same for the week's cramp-free nights.
    pub cramp_free_nights_with: usize,
    pub cramp_free_nights_known: usize,
}

/// Everything the Week screen and `cramp week` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekSummary {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: Vec<DaySummary>,
    pub this_week: WeekStats,
    pub previous_week: WeekStats,
    pub four_week_average: WeekAverages,
    /// Oldest first, ending with this week.
    pub trend: Vec<TrendPoint>,
    /// Daily medicines started or stopped within the trend's weeks, oldest first.
    pub medicine_changes: Vec<MedChange>,
    /// Factors present on at least one of this week's cramp nights, most frequent first. "Low"
    /// fluid and "long" hours are measured against the person's medians over the twelve weeks.
    pub cramp_night_factors: Vec<FactorPresence>,
}

/// The first day of the week holding `date`.
#[must_use]
pub fn week_start(date: NaiveDate, start: WeekStart) -> NaiveDate {
    let back = match start {
        WeekStart::Monday => date.weekday().num_days_from_monday(),
        WeekStart::Sunday => date.weekday().num_days_from_sunday(),
    };
    date.checked_sub_days(Days::new(u64::from(back))).unwrap_or(date)
}

/// The earliest night [`summarize`] looks at for the week holding `date`: load from here on.
#[must_use]
pub fn first_needed(date: NaiveDate, start: WeekStart) -> NaiveDate {
    first_needed_for(date, start, TREND_WEEKS)
}

/// The earliest night a trend of `weeks` weeks ending with the week of `date` looks at: its
/// first week, less the weeks its rolling rate pools.
#[must_use]
pub fn first_needed_for(date: NaiveDate, start: WeekStart, weeks: usize) -> NaiveDate {
    let weeks_back = (weeks.max(1) - 1 + ROLLING_WEEKS - 1) as u64 * 7;
    week_start(date, start).checked_sub_days(Days::new(weeks_back)).unwrap_or(date)
}

fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(chrono::Duration::days(days)).unwrap_or(date)
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The statistics of the nights in `[start, start + 6]`; `nights` is sorted oldest first.
#[must_use]
pub fn stats(nights: &[Night], start: NaiveDate) -> WeekStats {
    stats_between(nights, start, shift(start, 6))
}

/// `part` per 7 or per one of `whole`, or `None` when `whole` is nothing.
fn rate(part: usize, whole: usize, per: f64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * per / whole as f64)
}

/// The statistics of the nights in `[start, end]`.
fn stats_between(nights: &[Night], start: NaiveDate, end: NaiveDate) -> WeekStats {
    let week: Vec<&Night> = nights.iter().filter(|n| n.date >= start && n.date <= end).collect();
    let episodes = week.iter().flat_map(|n| &n.episodes);
    let logged = week.len();
    let cramp_nights = week.iter().filter(|n| n.had_cramps()).count();
    let count = episodes.clone().count();
    let stretching_nights = week.iter().filter(|n| n.stretched == Some(true)).count();
    WeekStats {
        nights_logged: logged,
        cramp_nights,
        episodes: count,
        median_duration_s: median(
            episodes.clone().filter_map(|e| e.duration).map(|d| f64::from(d.get())).collect(),
        ),
        mean_intensity: mean(episodes.clone().filter_map(|e| e.intensity).map(|i| f64::from(i.get()))),
        worst_intensity: episodes.filter_map(|e| e.intensity).map(crate::model::Score::get).max(),
        mean_fluid_ml: mean(week.iter().filter_map(|n| n.fluid).map(|f| f64::from(f.get()))),
        stretching_nights,
        cramp_nights_per_7: rate(cramp_nights, logged, 7.0),
        cramps_per_night: rate(count, logged, 1.0),
        mean_night_worst: mean(week.iter().filter_map(|n| n.worst_intensity()).map(|w| f64::from(w.get()))),
        // Per 7 nights where stretching was recorded: "not set" is not "no".
        stretched_per_7: rate(stretching_nights, week.iter().filter(|n| n.stretched.is_some()).count(), 7.0),
        mean_steps: None,
        mean_stand_min: None,
    }
}

fn averages(weeks: &[WeekStats], pooled: &WeekStats) -> WeekAverages {
    let used: Vec<&WeekStats> = weeks.iter().filter(|w| w.nights_logged > 0).collect();
    let avg = |f: &dyn Fn(&WeekStats) -> Option<f64>| mean(used.iter().filter_map(|w| f(w)));
    WeekAverages {
        weeks: used.len(),
        nights_logged: avg(&|w| Some(w.nights_logged as f64)),
        cramp_nights: avg(&|w| Some(w.cramp_nights as f64)),
        episodes: avg(&|w| Some(w.episodes as f64)),
        median_duration_s: avg(&|w| w.median_duration_s),
        mean_intensity: avg(&|w| w.mean_intensity),
        worst_intensity: avg(&|w| w.worst_intensity.map(f64::from)),
        mean_fluid_ml: avg(&|w| w.mean_fluid_ml),
        stretching_nights: avg(&|w| Some(w.stretching_nights as f64)),
        cramp_nights_per_7: pooled.cramp_nights_per_7,
        cramps_per_night: pooled.cramps_per_night,
        mean_night_worst: pooled.mean_night_worst,
        stretched_per_7: pooled.stretched_per_7,
        mean_steps: None,
        mean_stand_min: None,
    }
}

/// The mean of the measured `kind` over the days `from..=to`.
fn measured_mean(measured: &[Measured], kind: MeasuredKind, from: NaiveDate, to: NaiveDate) -> Option<f64> {
    mean(
        measured
            .iter()
            .filter(|m| m.kind == kind && m.night >= from && m.night <= to)
            .map(|m| m.value as f64),
    )
}

/// Cramp nights and cramps per week over `weeks` weeks ending with the one starting on
/// `last_start`, oldest first, with the rolling rate of each. `nights` is sorted oldest first
/// and should reach back to [`first_needed_for`], or the first rolling rates pool fewer weeks.
#[must_use]
pub fn trend(nights: &[Night], last_start: NaiveDate, weeks: usize) -> Vec<TrendPoint> {
    let lead = ROLLING_WEEKS - 1;
    // One pass over the nights, bucketed by week, instead of a scan per week.
    let first = shift(last_start, -7 * (weeks + lead - 1) as i64);
    let mut buckets = vec![(0usize, 0usize, 0usize); weeks + lead];
    for n in nights {
        let k = (n.date - first).num_days();
        if k < 0 || k >= buckets.len() as i64 * 7 {
            continue;
        }
        let b = &mut buckets[(k / 7) as usize];
        b.0 += 1;
        b.1 += usize::from(n.had_cramps());
        b.2 += n.episodes.len();
    }
    (0..weeks)
        .map(|i| {
            let (logged, cramp_nights, episodes) = buckets[i + lead];
            let pooled = &buckets[i..=i + lead];
            let (l, c) = pooled.iter().fold((0, 0), |(l, c), b| (l + b.0, c + b.1));
            TrendPoint {
                week_start: shift(first, 7 * (i + lead) as i64),
                nights_logged: logged,
                cramp_nights,
                episodes,
                rolling_cramp_nights_per_7: rate(c, l, 7.0),
            }
        })
        .collect()
}

/// Daily medicines started or stopped in `[from, to]`, oldest first. As-needed medicines have
/// no start or stop to mark.
#[must_use]
pub fn medicine_changes(meds: &[Medication], from: NaiveDate, to: NaiveDate) -> Vec<MedChange> {
    let mut changes = Vec::new();
    for m in meds {
        let crate::model::Schedule::Daily(periods) = &m.schedule else { continue };
        for p in periods {
            let mut mark = |date: NaiveDate, started| {
                if (from..=to).contains(&date) {
                    changes.push(MedChange { date, name: m.name.to_string(), started });
                }
            };
            mark(p.since, true);
            if let Some(until) = p.until {
                mark(until, false);
            }
        }
    }
    changes.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.name.cmp(&b.name)));
    changes
}

/// Which factors were present on the week's cramp nights (and on its cramp-free ones).
fn cramp_night_factors(
    nights: &[Night],
    meds: &[Medication],
    start: NaiveDate,
    end: NaiveDate,
) -> Vec<FactorPresence> {
    let window: Vec<&Night> = nights.iter().collect();
    let days = factors::days(&window, meds);
    let thresholds = Thresholds::of(&days);
    let week: Vec<usize> = (0..days.len()).filter(|&i| (start..=end).contains(&days[i].night.date)).collect();
    if !week.iter().any(|&i| days[i].cramp) {
        return Vec::new();
    }
    let week_days: Vec<_> = week.iter().map(|&i| days[i]).collect();
    let mut found = Vec::new();
    for factor in factors::candidates(&week_days) {
        for &lag in factor.lags() {
            let mut p = FactorPresence {
                label: catalogue::label(&factor, lag),
                id: factor.clone(),
                lag,
                cramp_nights_with: 0,
                cramp_nights_known: 0,
                cramp_free_nights_with: 0,
                cramp_free_nights_known: 0,
            };
            for &i in &week {
                let Some(present) = factors::exposed(&factor, lag, &days, i, &thresholds) else { continue };
                let (with, known) = if days[i].cramp {
                    (&mut p.cramp_nights_with, &mut p.cramp_nights_known)
                } else {
                    (&mut p.cramp_free_nights_with, &mut p.cramp_free_nights_known)
                };
                *known += 1;
                *with += usize::from(present);
            }
            if p.cramp_nights_with > 0 {
                found.push(p);
            }
        }
    }
    let share = |p: &FactorPresence| p.cramp_nights_with as f64 / p.cramp_nights_known.max(1) as f64;
    found.sort_by(|a, b| share(b).total_cmp(&share(a)).then(b.cramp_nights_with.cmp(&a.cramp_nights_with)));
    found
}

/// The review of the week holding `date`. `nights` must be sorted oldest first and cover at
/// least [`first_needed`] to the week's end; nights outside that window are ignored.
#[must_use]
pub fn summarize(
    nights: &[Night],
    meds: &[Medication],
    date: NaiveDate,
    start_day: WeekStart,
) -> WeekSummary {
    summarize_over(nights, meds, date, start_day, TREND_WEEKS)
}

/// [`summarize`] with a trend of `trend_weeks` weeks; `nights` must then reach back to
/// [`first_needed_for`]. The factors are still read against the last twelve weeks alone, so
/// a longer trend does not change what counts as "low" fluid.
#[must_use]
pub fn summarize_over(
    nights: &[Night],
    meds: &[Medication],
    date: NaiveDate,
    start_day: WeekStart,
    trend_weeks: usize,
) -> WeekSummary {
    let start = week_start(date, start_day);
    let days = (0..7)
        .map(|i| {
            let day = shift(start, i);
            let night = nights.iter().find(|n| n.date == day);
            DaySummary {
                date: day,
                logged: night.is_some(),
                episodes: night.map_or(0, |n| n.episodes.len()),
                cramp_seconds: night.map_or(0, Night::cramp_seconds),
                worst_intensity: night.and_then(Night::worst_intensity).map(crate::model::Score::get),
            }
        })
        .collect();
    let earlier: Vec<WeekStats> = (1..=4).map(|k| stats(nights, shift(start, -7 * k))).collect();
    let pooled = stats_between(nights, shift(start, -28), shift(start, -1));
    let trend = trend(nights, start, trend_weeks.max(1));
    let end = shift(start, 6);
    let twelve = shift(start, -7 * (TREND_WEEKS as i64 - 1));
    let recent = &nights[nights.partition_point(|n| n.date < twelve)..];
    let medicine_changes = medicine_changes(meds, trend.first().map_or(start, |p| p.week_start), end);
    WeekSummary {
        start,
        end,
        days,
        this_week: stats(nights, start),
        previous_week: earlier[0].clone(),
        four_week_average: averages(&earlier, &pooled),
        trend,
        medicine_changes,
        cramp_night_factors: cramp_night_factors(recent, meds, start, end),
    }
}

/// How a metric's numbers are read and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Nights logged: `5/7` for a week (`2/3` for a week under way), `5.5` for an average.
    NightsOf7,
    /// A count: whole for a week, one decimal for an average.
    Count,
    /// A rate per 7 logged nights, one decimal.
    Per7,
    /// A rate per logged night, two decimals: cramps a night are mostly below one.
    PerNight,
    /// A length of time in seconds.
    Seconds,
    /// A 0–10 rating.
    Rating,
    /// Millilitres of fluid, shown in the person's units.
    Fluid,
    /// Steps a day, whole and grouped: 8,400.
    Steps,
    /// Minutes a day: 45 min.
    Minutes,
}

impl Measure {
    /// `value` as the Week screen and `cramp week` show it; `–` when there is none.
    #[must_use]
    pub fn show(self, value: Option<f64>, average: bool, units: Units) -> String {
        let Some(v) = value else { return "–".to_owned() };
        match self {
            Self::NightsOf7 if !average => format!("{v:.0}/7"),
            Self::Count if !average => format!("{v:.0}"),
            Self::PerNight => format!("{v:.2}"),
            Self::NightsOf7 | Self::Count | Self::Per7 | Self::Rating => format!("{v:.1}"),
            Self::Seconds => {
                DurationS::new(v.round() as i64).map_or_else(|_| "–".to_owned(), |d| d.to_string())
            }
            Self::Fluid => {
                FluidMl::new(v.round() as i64).map_or_else(|_| "–".to_owned(), |f| f.display(units))
            }
            Self::Steps => crate::wording::grouped(v),
            Self::Minutes => format!("{v:.0} min"),
        }
    }

    /// The smallest difference worth a word: below what the number shows, it is "the same".
    fn tolerance(self) -> f64 {
        match self {
            Self::PerNight => 0.005,
            Self::Seconds | Self::Fluid | Self::Steps | Self::Minutes => 0.5,
            _ => 0.05,
        }
    }
}

/// Which way a number moved against another, and whether that is good news.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Better,
    Worse,
    /// Up or down where neither is good or bad news (fluid, nights logged).
    Up,
    Down,
    Same,
}

impl Change {
    /// In words and a symbol, so the meaning never rests on colour alone.
    #[must_use]
    pub fn words(self, rose: bool) -> &'static str {
        match (self, rose) {
            (Self::Better, true) => "▲ better",
            (Self::Better, false) => "▼ better",
            (Self::Worse, true) => "▲ worse",
            (Self::Worse, false) => "▼ worse",
            (Self::Up, _) => "▲",
            (Self::Down, _) => "▼",
            (Self::Same, _) => "= same",
        }
    }
}

/// One line of the week's comparison: this week, last week, and the earlier weeks' average.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metric {
    pub label: &'static str,
    pub measure: Measure,
    pub this_week: Option<f64>,
    pub last_week: Option<f64>,
    pub average: Option<f64>,
    /// Whether a rise is bad news (`Some(true)` for cramps), good news, or neither (`None`).
    pub rise_is_worse: Option<bool>,
    /// Nights of this week that have happened: the "of" of nights logged.
    pub nights_so_far: usize,
}

impl Metric {
    /// This week's number; nights logged out of the nights so far.
    #[must_use]
    pub fn show_this(&self, units: Units) -> String {
        match (self.measure, self.this_week) {
            (Measure::NightsOf7, Some(v)) => format!("{v:.0}/{}", self.nights_so_far),
            _ => self.measure.show(self.this_week, false, units),
        }
    }

    /// How this week compares with `then`, and whether it rose.
    #[must_use]
    pub fn change(&self, then: Option<f64>) -> Option<(Change, bool)> {
        // Nights logged in a part week against whole weeks says nothing: not compared.
        if self.measure == Measure::NightsOf7 {
            return None;
        }
        let (now, then) = (self.this_week?, then?);
        if (now - then).abs() < self.measure.tolerance() {
            return Some((Change::Same, false));
        }
        let rose = now > then;
        let change = match self.rise_is_worse {
            Some(bad) if bad == rose => Change::Worse,
            Some(_) => Change::Better,
            None if rose => Change::Up,
            None => Change::Down,
        };
        Some((change, rose))
    }
}

impl WeekSummary {
    /// Adds what a phone or watch measured (steps, standing) to this week, last week and the
    /// four weeks before, counting only days up to `current_night`: the days still to come
    /// have no totals yet.
    pub fn add_measured(&mut self, measured: &[Measured], current_night: NaiveDate) {
        let end = self.end.min(current_night);
        let last = shift(self.start, -1);
        for (kind, this, prev, avg) in [
            (
                MeasuredKind::Steps,
                &mut self.this_week.mean_steps,
                &mut self.previous_week.mean_steps,
                &mut self.four_week_average.mean_steps,
            ),
            (
                MeasuredKind::StandMin,
                &mut self.this_week.mean_stand_min,
                &mut self.previous_week.mean_stand_min,
                &mut self.four_week_average.mean_stand_min,
            ),
        ] {
            *this = measured_mean(measured, kind, self.start, end);
            *prev = measured_mean(measured, kind, shift(self.start, -7), last.min(current_night));
            *avg = measured_mean(measured, kind, shift(self.start, -28), last.min(current_night));
        }
    }

    /// How many of the week's nights have happened by `current_night` (the night that has just
    /// ended): 7 for a past week.
    #[must_use]
    pub fn nights_so_far(&self, current_night: NaiveDate) -> usize {
        self.days.iter().filter(|d| d.date <= current_night).count()
    }

    /// The comparison rows, in the order they are shown. Counts that grow with the number of
    /// nights logged are shown as rates per logged night, so a part week compares fairly.
    #[must_use]
    pub fn metrics(&self, nights_so_far: usize) -> Vec<Metric> {
        let (w, p, a) = (&self.this_week, &self.previous_week, &self.four_week_average);
        let n = |v: usize| Some(v as f64);
        let row = |label, measure, this_week, last_week, average, rise_is_worse| Metric {
            label,
            measure,
            this_week,
            last_week,
            average,
            rise_is_worse,
            nights_so_far,
        };
        let mut rows = vec![
            row(
                "Nights logged",
                Measure::NightsOf7,
                n(w.nights_logged),
                n(p.nights_logged),
                a.nights_logged,
                None,
            ),
            row(
                "Cramp nights/7",
                Measure::Per7,
                w.cramp_nights_per_7,
                p.cramp_nights_per_7,
                a.cramp_nights_per_7,
                Some(true),
            ),
            row(
                "Cramps/night",
                Measure::PerNight,
                w.cramps_per_night,
                p.cramps_per_night,
                a.cramps_per_night,
                Some(true),
            ),
            row(
                "Intensity mean",
                Measure::Rating,
                w.mean_night_worst,
                p.mean_night_worst,
                a.mean_night_worst,
                Some(true),
            ),
            row(
                "Intensity max",
                Measure::Count,
                w.worst_intensity.map(f64::from),
                p.worst_intensity.map(f64::from),
                a.worst_intensity,
                Some(true),
            ),
            row(
                "Median length",
                Measure::Seconds,
                w.median_duration_s,
                p.median_duration_s,
                a.median_duration_s,
                Some(true),
            ),
            row("Mean fluid", Measure::Fluid, w.mean_fluid_ml, p.mean_fluid_ml, a.mean_fluid_ml, None),
            row("Stretched/7", Measure::Per7, w.stretched_per_7, p.stretched_per_7, a.stretched_per_7, None),
        ];
        // Measured rows only for people whose phone or watch fills them.
        if [w.mean_steps, p.mean_steps, a.mean_steps].iter().any(Option::is_some) {
            rows.push(row("Measured steps", Measure::Steps, w.mean_steps, p.mean_steps, a.mean_steps, None));
        }
        if [w.mean_stand_min, p.mean_stand_min, a.mean_stand_min].iter().any(Option::is_some) {
            rows.push(row(
                "Measured stand",
                Measure::Minutes,
                w.mean_stand_min,
                p.mean_stand_min,
                a.mean_stand_min,
                None,
            ));
        }
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DurationS, Episode, FluidMl, Score};
    use chrono::DateTime;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn night(date: &str, cramps: &[(u16, u8)], fluid: Option<i64>, stretched: bool) -> Night {
        let mut n = Night::empty(d(date));
        n.fluid = fluid.map(|f| FluidMl::new(f).unwrap());
        n.stretched = Some(stretched);
        let start =
            DateTime::parse_from_rfc3339(&format!("{}T03:00:00+01:00", d(date).succ_opt().unwrap())).unwrap();
        for (i, (secs, intensity)) in cramps.iter().enumerate() {
            n.episodes.push(Episode {
                duration: Some(DurationS::new(i64::from(*secs)).unwrap()),
                intensity: Some(Score::new(i64::from(*intensity)).unwrap()),
                ..Episode::starting(start + chrono::Duration::minutes(i as i64 * 30))
            });
        }
        n
    }

    /// A night that does not say whether there was stretching is left out of the rate, so
    /// "not set" never reads as "did not stretch".
    #[test]
    fn stretching_not_recorded_is_not_counted_as_not_stretched() {
        let mut unknown = night("2026-11-24", &[], None, false);
        unknown.stretched = None;
        let nights = [night("2026-11-23", &[], None, true), unknown, night("2026-11-25", &[], None, false)];
        let w = stats(&nights, d("2026-11-23"));
        assert_eq!(w.nights_logged, 3);
        assert_eq!(w.stretched_per_7, Some(3.5));
        let mut none = night("2026-11-23", &[], None, false);
        none.stretched = None;
        assert_eq!(stats(&[none], d("2026-11-23")).stretched_per_7, None);
    }

    #[test]
    fn weeks_start_on_the_chosen_day() {
        // 2026-11-27 is a Friday.
        assert_eq!(week_start(d("2026-11-27"), WeekStart::Monday), d("2026-11-23"));
        assert_eq!(week_start(d("2026-11-27"), WeekStart::Sunday), d("2026-11-22"));
        assert_eq!(week_start(d("2026-11-23"), WeekStart::Monday), d("2026-11-23"));
        // Twelve weeks, and three more for the first week's rolling rate.
        assert_eq!(first_needed(d("2026-11-27"), WeekStart::Monday), d("2026-08-17"));
        assert_eq!(first_needed_for(d("2026-11-27"), WeekStart::Monday, 1), d("2026-11-02"));
    }

    #[test]
    fn a_week_at_a_glance() {
        let nights = vec![
            night("2026-11-16", &[(60, 5)], Some(2000), true),
            night("2026-11-23", &[(120, 7), (60, 3)], Some(1000), false),
            night("2026-11-24", &[], Some(2000), true),
            night("2026-11-26", &[(300, 9)], None, true),
        ];
        let s = summarize(&nights, &[], d("2026-11-27"), WeekStart::Monday);
        assert_eq!((s.start, s.end), (d("2026-11-23"), d("2026-11-29")));
        let logged: Vec<bool> = s.days.iter().map(|d| d.logged).collect();
        assert_eq!(logged, [true, true, false, true, false, false, false]);
        assert_eq!(s.days[0].episodes, 2);
        assert_eq!(s.days[0].cramp_seconds, 180);
        let w = &s.this_week;
        assert_eq!((w.nights_logged, w.cramp_nights, w.episodes, w.stretching_nights), (3, 2, 3, 2));
        assert_eq!(w.median_duration_s, Some(120.0));
        assert_eq!(w.mean_intensity, Some(19.0 / 3.0));
        assert_eq!(w.worst_intensity, Some(9));
        assert_eq!(w.mean_fluid_ml, Some(1500.0));
        assert_eq!(s.previous_week.cramp_nights, 1);
        // Only the previous week had anything logged among the four before.
        assert_eq!(s.four_week_average.weeks, 1);
        assert_eq!(s.four_week_average.cramp_nights, Some(1.0));
        assert_eq!(s.trend.len(), TREND_WEEKS);
        assert_eq!(s.trend.last().unwrap().cramp_nights, 2);
        assert_eq!(s.trend[TREND_WEEKS - 2].cramp_nights, 1);
        assert_eq!(s.trend[0].week_start, d("2026-09-07"));
    }

    #[test]
    fn factors_on_the_weeks_cramp_nights_are_counted_against_its_cramp_free_nights() {
        use crate::model::{Posture, Postures, Tag};
        let mut nights = vec![
            night("2026-11-23", &[(60, 5)], Some(1000), false),
            night("2026-11-24", &[], Some(2000), true),
            night("2026-11-25", &[(60, 5)], Some(1200), false),
        ];
        nights[0].postures = Postures::new([Posture::ToesPointed]).unwrap();
        nights[1].postures = Postures::new([Posture::ToesPointed]).unwrap();
        nights[2].postures = Postures::new([Posture::Neutral]).unwrap();
        nights[0].tags.insert(Tag::new("coffee").unwrap());
        let s = summarize(&nights, &[], d("2026-11-25"), WeekStart::Monday);
        let find = |label: &str| s.cramp_night_factors.iter().find(|p| p.label == label).cloned();
        let toes = find("Toes pointed in bed").unwrap();
        assert_eq!((toes.cramp_nights_with, toes.cramp_nights_known), (1, 2));
        assert_eq!((toes.cramp_free_nights_with, toes.cramp_free_nights_known), (1, 1));
        // Fluid below the median (1200 ml) of the window: only the 1000 ml night.
        let low = find("Low fluid (same day)").unwrap();
        assert_eq!((low.cramp_nights_with, low.cramp_nights_known), (1, 2));
        assert!(find("Stretching before bed").is_none(), "absent on every cramp night");
        // Sorted by how often the factor came with the week's cramp nights.
        assert!(s.cramp_night_factors.windows(2).all(|w| {
            w[0].cramp_nights_with * w[1].cramp_nights_known
                >= w[1].cramp_nights_with * w[0].cramp_nights_known
        }));
    }

    #[test]
    fn an_empty_week_has_no_averages_to_invent() {
        let s = summarize(&[], &[], d("2026-11-27"), WeekStart::Sunday);
        assert_eq!(s.this_week.nights_logged, 0);
        assert_eq!(s.this_week.median_duration_s, None);
        assert_eq!(s.four_week_average.weeks, 0);
        assert_eq!(s.four_week_average.cramp_nights, None);
    }

    #[test]
    fn metrics_show_weeks_and_averages_differently() {
        assert_eq!(Measure::NightsOf7.show(Some(5.0), false, Units::Metric), "5/7");
        assert_eq!(Measure::NightsOf7.show(Some(5.25), true, Units::Metric), "5.2");
        assert_eq!(Measure::Seconds.show(Some(97.6), false, Units::Metric), "1m38s");
        assert_eq!(Measure::Fluid.show(Some(1500.0), false, Units::Imperial), "51 oz");
        assert_eq!(Measure::Rating.show(None, false, Units::Metric), "–");
        let s = summarize(&[], &[], d("2026-11-27"), WeekStart::Monday);
        let labels: Vec<&str> = s.metrics(7).iter().map(|m| m.label).collect();
        assert_eq!(labels[..3], ["Nights logged", "Cramp nights/7", "Cramps/night"]);
    }

    #[test]
    fn a_part_week_is_compared_by_rates_per_logged_night() {
        // Two logged nights this week (one with two cramps), against a whole week before with
        // two cramp nights out of seven.
        let mut nights: Vec<Night> =
            (16..=22).map(|d| night(&format!("2026-11-{d}"), &[], None, false)).collect();
        nights[0] = night("2026-11-16", &[(60, 4)], None, false);
        nights[3] = night("2026-11-19", &[(60, 8)], None, true);
        nights.push(night("2026-11-23", &[(60, 6), (30, 2)], None, true));
        nights.push(night("2026-11-24", &[], None, false));
        let s = summarize(&nights, &[], d("2026-11-25"), WeekStart::Monday);
        assert_eq!(s.nights_so_far(d("2026-11-24")), 2);
        assert_eq!(s.nights_so_far(d("2026-12-24")), 7);
        let w = &s.this_week;
        assert_eq!(w.cramp_nights_per_7, Some(3.5));
        assert_eq!(w.cramps_per_night, Some(1.0));
        assert_eq!(w.mean_night_worst, Some(6.0));
        assert_eq!(w.stretched_per_7, Some(3.5));
        let p = &s.previous_week;
        assert_eq!(p.cramp_nights_per_7, Some(2.0));
        assert_eq!(p.mean_night_worst, Some(6.0));
        // Only one earlier week was logged: the pooled rates are its own.
        assert_eq!(s.four_week_average.cramp_nights_per_7, Some(2.0));
        let m = s.metrics(2);
        let cramp_nights = m.iter().find(|m| m.label == "Cramp nights/7").unwrap();
        assert_eq!(cramp_nights.change(cramp_nights.last_week), Some((Change::Worse, true)));
        assert_eq!(Change::Worse.words(true), "▲ worse");
        let logged = &m[0];
        assert_eq!(logged.show_this(Units::Metric), "2/2");
        assert_eq!(logged.change(logged.average), None, "a part week's count is not compared");
        let intensity = m.iter().find(|m| m.label == "Intensity mean").unwrap();
        assert_eq!(intensity.change(intensity.last_week), Some((Change::Same, false)));
    }

    #[test]
    fn the_trend_counts_cramps_and_marks_medicine_changes() {
        use crate::model::{MedClass, MedName, Period, Schedule};
        let nights = vec![
            night("2026-11-10", &[(60, 5), (60, 5)], None, false),
            night("2026-11-23", &[(60, 5)], None, false),
        ];
        let t = trend(&nights, d("2026-11-23"), 3);
        let counts: Vec<(usize, usize, usize)> =
            t.iter().map(|p| (p.nights_logged, p.cramp_nights, p.episodes)).collect();
        assert_eq!(counts, [(1, 1, 2), (0, 0, 0), (1, 1, 1)]);
        assert_eq!(t[0].week_start, d("2026-11-09"));
        let med = Medication {
            name: MedName::new("Quinine").unwrap(),
            class: MedClass::Other,
            schedule: Schedule::Daily(vec![
                Period { since: d("2026-01-01"), until: Some(d("2026-11-12")) },
                Period { since: d("2026-11-20"), until: None },
            ]),
            dose: None,
        };
        let changes = medicine_changes(&[med], d("2026-11-09"), d("2026-11-29"));
        let got: Vec<(NaiveDate, bool)> = changes.iter().map(|c| (c.date, c.started)).collect();
        assert_eq!(
            got,
            [(d("2026-11-12"), false), (d("2026-11-20"), true)],
            "the 2026-01-01 start is outside"
        );
    }

    #[test]
    fn the_rolling_rate_pools_four_weeks_of_logged_nights() {
        // Week of 2 Nov: 7 logged, 2 cramp nights; 9 Nov: nothing; 16 Nov: 1 logged, a cramp;
        // 23 Nov: 2 logged, none.
        let mut nights: Vec<Night> =
            (2..=8).map(|d| night(&format!("2026-11-{d:02}"), &[], None, false)).collect();
        nights[1] = night("2026-11-03", &[(60, 5)], None, false);
        nights[4] = night("2026-11-06", &[(60, 5), (30, 2)], None, false);
        nights.push(night("2026-11-17", &[(60, 5)], None, false));
        nights.push(night("2026-11-23", &[], None, false));
        nights.push(night("2026-11-24", &[], None, false));
        let t = trend(&nights, d("2026-11-23"), 4);
        let rolling: Vec<Option<f64>> = t.iter().map(|p| p.rolling_cramp_nights_per_7).collect();
        assert_eq!(rolling, [Some(2.0), Some(2.0), Some(3.0 * 7.0 / 8.0), Some(3.0 * 7.0 / 10.0)]);
        // Before the journal began there is nothing to pool.
        assert_eq!(trend(&nights, d("2026-10-19"), 1)[0].rolling_cramp_nights_per_7, None);
        let summary = summarize_over(&nights, &[], d("2026-11-25"), WeekStart::Monday, 26);
        assert_eq!(summary.trend.len(), 26);
        assert_eq!(summary.trend.last().unwrap().rolling_cramp_nights_per_7, rolling[3]);
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
