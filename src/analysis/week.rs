//! The weekly review: one week's nights at a glance, compared with the week before and the
//! four weeks before that, plus cramp nights per week over the last twelve weeks.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::catalogue;
use super::factors::{self, Thresholds};
use super::stats::median;
use crate::model::{DurationS, Factor, FluidMl, Medication, Night, Units, WeekStart};

/// Weeks shown in the trend, this one included.
pub const TREND_WEEKS: usize = 12;

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
}

/// Cramp nights in one week of the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendPoint {
    pub week_start: NaiveDate,
    pub nights_logged: usize,
    pub cramp_nights: usize,
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
    let weeks_back = (TREND_WEEKS - 1) as u64 * 7;
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
    let end = shift(start, 6);
    let week: Vec<&Night> = nights.iter().filter(|n| n.date >= start && n.date <= end).collect();
    let episodes = week.iter().flat_map(|n| &n.episodes);
    WeekStats {
        nights_logged: week.len(),
        cramp_nights: week.iter().filter(|n| n.had_cramps()).count(),
        episodes: episodes.clone().count(),
        median_duration_s: median(
            episodes.clone().filter_map(|e| e.duration).map(|d| f64::from(d.get())).collect(),
        ),
        mean_intensity: mean(episodes.clone().filter_map(|e| e.intensity).map(|i| f64::from(i.get()))),
        worst_intensity: episodes.filter_map(|e| e.intensity).map(crate::model::Score::get).max(),
        mean_fluid_ml: mean(week.iter().filter_map(|n| n.fluid).map(|f| f64::from(f.get()))),
        stretching_nights: week.iter().filter(|n| n.stretched == Some(true)).count(),
    }
}

fn averages(weeks: &[WeekStats]) -> WeekAverages {
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
    }
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
    let trend = (0..TREND_WEEKS as i64)
        .rev()
        .map(|k| {
            let week = shift(start, -7 * k);
            let s = stats(nights, week);
            TrendPoint { week_start: week, nights_logged: s.nights_logged, cramp_nights: s.cramp_nights }
        })
        .collect();
    WeekSummary {
        start,
        end: shift(start, 6),
        days,
        this_week: stats(nights, start),
        previous_week: earlier[0].clone(),
        four_week_average: averages(&earlier),
        trend,
        cramp_night_factors: cramp_night_factors(nights, meds, start, shift(start, 6)),
    }
}

/// How a metric's numbers are read and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Nights of the week: `5/7` for a week, `5.5` for an average.
    NightsOf7,
    /// A count: whole for a week, one decimal for an average.
    Count,
    /// A length of time in seconds.
    Seconds,
    /// A 0–10 rating.
    Rating,
    /// Millilitres of fluid, shown in the person's units.
    Fluid,
}

impl Measure {
    /// `value` as the Week screen and `cramp week` show it; `–` when there is none.
    #[must_use]
    pub fn show(self, value: Option<f64>, average: bool, units: Units) -> String {
        let Some(v) = value else { return "–".to_owned() };
        match self {
            Self::NightsOf7 if !average => format!("{v:.0}/7"),
            Self::Count if !average => format!("{v:.0}"),
            Self::NightsOf7 | Self::Count | Self::Rating => format!("{v:.1}"),
            Self::Seconds => {
                DurationS::new(v.round() as i64).map_or_else(|_| "–".to_owned(), |d| d.to_string())
            }
            Self::Fluid => {
                FluidMl::new(v.round() as i64).map_or_else(|_| "–".to_owned(), |f| f.display(units))
            }
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
}

impl WeekSummary {
    /// The comparison rows, in the order they are shown.
    #[must_use]
    pub fn metrics(&self) -> Vec<Metric> {
        let (w, p, a) = (&self.this_week, &self.previous_week, &self.four_week_average);
        let n = |v: usize| Some(v as f64);
        let row = |label, measure, this_week, last_week, average, rise_is_worse| Metric {
            label,
            measure,
            this_week,
            last_week,
            average,
            rise_is_worse,
        };
        vec![
            row(
                "Nights logged",
                Measure::NightsOf7,
                n(w.nights_logged),
                n(p.nights_logged),
                a.nights_logged,
                None,
            ),
            row(
                "Cramp nights",
                Measure::Count,
                n(w.cramp_nights),
                n(p.cramp_nights),
                a.cramp_nights,
                Some(true),
            ),
            row("Cramps", Measure::Count, n(w.episodes), n(p.episodes), a.episodes, Some(true)),
            row(
                "Median length",
                Measure::Seconds,
                w.median_duration_s,
                p.median_duration_s,
                a.median_duration_s,
                Some(true),
            ),
            row(
                "Mean intensity",
                Measure::Rating,
                w.mean_intensity,
                p.mean_intensity,
                a.mean_intensity,
                Some(true),
            ),
            row(
                "Worst intensity",
                Measure::Count,
                w.worst_intensity.map(f64::from),
                p.worst_intensity.map(f64::from),
                a.worst_intensity,
                Some(true),
            ),
            row("Mean fluid", Measure::Fluid, w.mean_fluid_ml, p.mean_fluid_ml, a.mean_fluid_ml, None),
            row(
                "Stretched",
                Measure::Count,
                n(w.stretching_nights),
                n(p.stretching_nights),
                a.stretching_nights,
                None,
            ),
        ]
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

    #[test]
    fn weeks_start_on_the_chosen_day() {
        // 2026-11-27 is a Friday.
        assert_eq!(week_start(d("2026-11-27"), WeekStart::Monday), d("2026-11-23"));
        assert_eq!(week_start(d("2026-11-27"), WeekStart::Sunday), d("2026-11-22"));
        assert_eq!(week_start(d("2026-11-23"), WeekStart::Monday), d("2026-11-23"));
        assert_eq!(first_needed(d("2026-11-27"), WeekStart::Monday), d("2026-09-07"));
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
        let labels: Vec<&str> = s.metrics().iter().map(|m| m.label).collect();
        assert_eq!(labels[..3], ["Nights logged", "Cramp nights", "Cramps"]);
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
