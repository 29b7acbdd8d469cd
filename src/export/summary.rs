//! The clinical summary: every number the PDF and Markdown reports show, computed once from the
//! nights, medicines and profile of a date range, so the two formats cannot disagree. Pure: the
//! time the report was made is a parameter.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Days, FixedOffset, NaiveDate};

use crate::model::{
    Condition, DurationS, Footwear, Location, Medication, Night, Posture, Profile, Relief, Schedule, Score,
    Settings, Side, WeekStart, medications_on,
};

/// What the analysis says, in plain words and numbers, for the report's red-flag box and
/// findings table. Filled by whoever ran the analysis; the report only prints it.
///
/// `ClinicalNotes::default()` means no analysis was run: the reports then say
/// "Analysis not included" rather than implying that nothing was found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClinicalNotes {
    /// Whether an analysis was run at all. With `false` the lists below are ignored.
    pub analysed: bool,
    /// Warning signs that deserve a doctor's attention, most important first.
    pub red_flags: Vec<FlagLine>,
    /// One line per factor tested; the reports list flagged ones first, then protective ones.
    pub findings: Vec<FindingLine>,
    /// Each start or stop of a daily medicine in the range, with the cramp nights around it.
    pub medication_changes: Vec<MedChangeLine>,
    /// How likely a factor that doubled the cramps would have shown up with these nights; the
    /// reports print it when nothing stands out, so "no finding" is not read as "no effect".
    pub power: Option<String>,
    /// Amounts (fluid, hours, servings, measured steps) with a clear trend per step more.
    pub amounts: Vec<AmountLine>,
}

/// An amount whose trend per step more is clear, e.g. fluid (same day), 0.60 per 500 ml more.
#[derive(Debug, Clone, PartialEq)]
pub struct AmountLine {
    /// "Fluid (same day)".
    pub label: String,
    /// The step in words: "500 ml more fluid".
    pub per: String,
    pub ratio: f64,
    pub interval: (f64, f64),
    /// The analysis' full sentence, with the thirds of the person's range.
    pub sentence: String,
}

impl ClinicalNotes {
    /// The red flags and tested findings of an analysis, for the reports. Factors not yet
    /// testable are left out: a clinician's summary lists what the data can say.
    #[must_use]
    pub fn from_report(report: &crate::analysis::Report) -> Self {
        use crate::analysis::{RedFlagKind, Status};
        let red_flags = report
            .red_flags
            .iter()
            .map(|f| FlagLine {
                title: match f.kind {
                    RedFlagKind::LongEpisode => "A cramp longer than 10 minutes",
                    RedFlagKind::BeyondFootAndCalf => "Cramps beyond the foot and calf",
                    RedFlagKind::RisingFrequency => "Cramp nights becoming more frequent",
                    RedFlagKind::AfterNewMedicine => "Cramps after starting a medicine",
                    RedFlagKind::SleepDisturbance => "Sleep badly disturbed",
                    RedFlagKind::Condition => "A condition that calls for review",
                }
                .to_owned(),
                detail: f.message.clone(),
            })
            .collect();
        let line = |f: &crate::analysis::FactorResult, kind, status: &str| FindingLine {
            kind,
            status: status.to_owned(),
            factor: f.label(),
            with_factor: Count { cramp_nights: f.exposed_cramp_nights, nights: f.exposed_nights },
            without_factor: Count { cramp_nights: f.unexposed_cramp_nights, nights: f.unexposed_nights },
            relative_risk: f.risk_ratio,
            interval: f.ci_low.zip(f.ci_high),
            explanation: f.finding.clone(),
            adjusted: f.adjusted.as_ref().map(|a| AdjustedLine {
                relative_risk: a.risk_ratio,
                interval: (a.ci_low, a.ci_high),
                allowing_for: a
                    .adjusted_for
                    .iter()
                    .map(|c| {
                        crate::analysis::findings::lower_first(&crate::analysis::catalogue::label(
                            &c.id, c.lag,
                        ))
                    })
                    .collect(),
            }),
            goes_with: f.explained_by.first().map(|c| {
                format!(
                    "{} on {} of its {} nights",
                    crate::analysis::findings::lower_first(&crate::analysis::catalogue::label(&c.id, c.lag)),
                    c.together,
                    c.of
                )
            }),
        };
        let mut findings: Vec<FindingLine> =
            report.flagged().into_iter().map(|f| line(f, FindingKind::Flagged, "more cramps")).collect();
        findings.extend(
            report.protective().into_iter().map(|f| line(f, FindingKind::Protective, "fewer cramps")),
        );
        findings.extend(
            report
                .factors
                .iter()
                .filter(|f| f.status == Status::NoAssociation)
                .map(|f| line(f, FindingKind::Inconclusive, "no clear difference")),
        );
        let medication_changes = report
            .medication_changes
            .iter()
            .map(|m| MedChangeLine {
                medicine: m.medicine.to_string(),
                started: m.change == crate::analysis::medchange::Change::Started,
                date: m.date,
                before: Count { cramp_nights: m.cramp_nights_before, nights: m.nights_before },
                after: Count { cramp_nights: m.cramp_nights_after, nights: m.nights_after },
                ratio: m.risk_ratio,
                interval: m.ci_low.zip(m.ci_high),
            })
            .collect();
        let amounts: Vec<AmountLine> = report
            .doses
            .iter()
            .filter(|d| d.clear)
            .map(|d| AmountLine {
                label: d.label(),
                per: d.per.clone(),
                ratio: d.risk_ratio,
                interval: (d.ci_low, d.ci_high),
                sentence: d.sentence.clone(),
            })
            .collect();
        let nothing = report.flagged().is_empty() && report.protective().is_empty() && amounts.is_empty();
        let power = if nothing { report.power.as_ref() } else { None }.map(|p| p.sentence.clone());
        Self { analysed: true, red_flags, findings, medication_changes, power, amounts }
    }
}

/// A medicine started or stopped, with the cramp nights in the logged nights just before and
/// just after, e.g. Atorvastatin started 11 Oct 2026: 7 of 30 before, 8 of 30 after.
#[derive(Debug, Clone, PartialEq)]
pub struct MedChangeLine {
    pub medicine: String,
    /// Started (`true`) or stopped.
    pub started: bool,
    /// The first day taken for a start, the last for a stop.
    pub date: NaiveDate,
    pub before: Count,
    pub after: Count,
    /// Cramp-night rate after against before; `None` with too few nights on a side.
    pub ratio: Option<f64>,
    /// Its 95 % interval.
    pub interval: Option<(f64, f64)>,
}

impl MedChangeLine {
    /// `started 11 Oct 2026`.
    #[must_use]
    pub fn change_text(&self) -> String {
        format!("{} {}", if self.started { "started" } else { "stopped" }, day(self.date))
    }

    /// `1.1 (0.47–2.75)`, or a dash.
    #[must_use]
    pub fn ratio_text(&self) -> String {
        match (self.ratio, self.interval) {
            (Some(r), Some((lo, hi))) => format!("{r:.2} ({lo:.2}–{hi:.2})"),
            (Some(r), None) => format!("{r:.2}"),
            _ => "–".to_owned(),
        }
    }

    /// What the comparison says, worded by which way it went and whether the interval leaves
    /// room for no change at all.
    #[must_use]
    pub fn meaning(&self) -> String {
        let what = if self.started { "starting" } else { "stopping" };
        let m = &self.medicine;
        let (Some(ratio), Some((lo, hi))) = (self.ratio, self.interval) else {
            return format!(
                "Too few logged nights around the change to compare ({} before, {} after).",
                self.before.nights, self.after.nights
            );
        };
        if lo > 1.0 {
            if self.started {
                format!(
                    "Clearly more cramp nights after {what} {m}; worth considering whether it could be contributing."
                )
            } else {
                format!("Clearly more cramp nights after {what} {m}.")
            }
        } else if hi < 1.0 {
            if self.started {
                format!(
                    "Clearly fewer cramp nights after {what} {m}. Cramps often ease by themselves, so this \
                     alone does not show that it helped."
                )
            } else {
                format!(
                    "Clearly fewer cramp nights after {what} {m}; it may have been contributing, though cramps \
                     also ease by themselves."
                )
            }
        } else {
            let way = if ratio > 1.0 {
                "somewhat more"
            } else if ratio < 1.0 {
                "somewhat fewer"
            } else {
                "as many"
            };
            format!(
                "{} cramp nights after {what} {m}, but the interval includes no change: no clear difference.",
                capitalise(way)
            )
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A warning sign, e.g. title "Cramps on most nights", detail "5.6 cramp nights a week over the
/// last 4 weeks".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagLine {
    pub title: String,
    pub detail: String,
}

/// How a factor came out of the analysis; orders the findings table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FindingKind {
    /// Cramp nights are clearly more common with the factor.
    Flagged,
    /// Cramp nights are clearly less common with the factor.
    Protective,
    /// No clear difference, or too few nights to tell.
    Inconclusive,
}

/// Cramp nights out of nights, e.g. 8 of 20.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub cramp_nights: u32,
    pub nights: u32,
}

/// One factor's result, e.g. factor "Fluid under 1.7 l", status "more cramps", with 8 of 20,
/// without 3 of 40, relative risk 5.3 (95 % interval 1.6–18.0), and a sentence explaining it.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingLine {
    pub kind: FindingKind,
    /// The word or two shown in the status column.
    pub status: String,
    pub factor: String,
    pub with_factor: Count,
    pub without_factor: Count,
    pub relative_risk: Option<f64>,
    /// The 95 % interval of the relative risk, low and high.
    pub interval: Option<(f64, f64)>,
    pub explanation: String,
    /// The ratio with the factors it comes with and the time trend held fixed, for a factor
    /// that passed the screen.
    pub adjusted: Option<AdjustedLine>,
    /// For a factor whose difference went once another was held fixed: that factor and how
    /// often the two came together, e.g. "long standing (same day) on 36 of its 40 nights".
    pub goes_with: Option<String>,
}

/// A risk ratio from the model that holds other factors and the time trend fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct AdjustedLine {
    pub relative_risk: f64,
    pub interval: (f64, f64),
    /// The co-occurring factors held fixed, in words; the time trend always is.
    pub allowing_for: Vec<String>,
}

impl AdjustedLine {
    /// "long standing (same day) and changes over the months", or the months alone.
    #[must_use]
    pub fn held(&self) -> String {
        match self.allowing_for.as_slice() {
            [] => "changes over the months".to_owned(),
            some => format!("{} and changes over the months", some.join(", ")),
        }
    }

    /// `3.0 (2.1–4.3)`, with two significant figures like every sentence.
    #[must_use]
    pub fn text(&self) -> String {
        use crate::analysis::findings::sig2;
        format!("{} ({}–{})", sig2(self.relative_risk), sig2(self.interval.0), sig2(self.interval.1))
    }
}

/// Nights, cramp nights and episodes over a stretch of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stretch {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
    pub logged: u32,
    pub cramp_nights: u32,
    pub episodes: u32,
}

impl Stretch {
    fn new(from: NaiveDate, to: NaiveDate) -> Self {
        let days = ((to - from).num_days() + 1).max(0) as u32;
        Self { from, to, days, logged: 0, cramp_nights: 0, episodes: 0 }
    }

    fn add(&mut self, night: &Night) {
        self.logged += 1;
        self.cramp_nights += u32::from(night.had_cramps());
        self.episodes += night.episodes.len() as u32;
    }

    /// Cramp nights per 7 logged nights: unlogged nights neither count for nor against.
    #[must_use]
    pub fn cramp_nights_per_week(&self) -> Option<f64> {
        per_week(self.cramp_nights, self.logged)
    }

    #[must_use]
    pub fn episodes_per_week(&self) -> Option<f64> {
        per_week(self.episodes, self.logged)
    }
}

fn per_week(count: u32, logged: u32) -> Option<f64> {
    (logged > 0).then(|| f64::from(count) * 7.0 / f64::from(logged))
}

/// Cramp nights by the intensity of their worst cramp: 7–10, 4–6, 0–3, and nights whose cramps
/// had no intensity recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorstBands {
    pub strong: u32,
    pub moderate: u32,
    pub mild: u32,
    pub unrated: u32,
}

impl WorstBands {
    fn add(&mut self, worst: Option<u8>) {
        match worst {
            Some(w) if w >= 7 => self.strong += 1,
            Some(w) if w >= 4 => self.moderate += 1,
            Some(_) => self.mild += 1,
            None => self.unrated += 1,
        }
    }

    /// Cramp nights counted.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.strong + self.moderate + self.mild + self.unrated
    }

    /// `Worst cramp 7/10 or more on 9 of 15 cramp nights; 4–6/10 on 4; below 4/10 on 2.`, with the
    /// unrated nights named when there are any; `None` without cramp nights.
    #[must_use]
    pub fn sentence(&self) -> Option<String> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let mut text = format!(
            "Worst cramp 7/10 or more on {} of {total} cramp night{}; 4–6/10 on {}; below 4/10 on {}",
            self.strong,
            if total == 1 { "" } else { "s" },
            self.moderate,
            self.mild
        );
        if self.unrated > 0 {
            let _ = write!(text, "; intensity not recorded on {}", self.unrated);
        }
        text.push('.');
        Some(text)
    }
}

/// A medicine as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedLine {
    pub name: String,
    /// As the person wrote it ("300 mg, evening"); `None` when not recorded.
    pub dose: Option<String>,
    pub class: String,
    /// "daily from 1 Sep 2026 to 15 Oct 2026; daily since 1 Nov 2026" or "as needed".
    pub schedule: String,
    /// Logged nights in the range on which it was taken.
    pub nights_taken: u32,
}

impl MedLine {
    /// The name with the dose after it, as a prescription reads: "Magnesium citrate 300 mg,
    /// evening"; the name alone when no dose is recorded.
    #[must_use]
    pub fn label(&self) -> String {
        match &self.dose {
            Some(dose) => format!("{} {dose}", self.name),
            None => self.name.clone(),
        }
    }
}

/// Everything the clinician's summary shows, before layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub name: Option<String>,
    pub made_at: DateTime<FixedOffset>,
    pub range: Stretch,
    /// Known durations, in seconds.
    pub median_duration_s: Option<u32>,
    pub longest_duration_s: Option<u32>,
    pub mean_intensity: Option<f64>,
    pub worst_intensity: Option<u8>,
    /// Mean 0–10 sleep disturbance on cramp nights and on cramp-free nights.
    pub disturbance_cramp_nights: Option<f64>,
    pub disturbance_free_nights: Option<f64>,
    /// How strong each cramp night's worst cramp was. Cramp-free nights are not in it: counting
    /// them as "mild" would make a journal of few but severe cramps read as a mild one.
    pub worst_by_night: WorstBands,
    /// As a treatment trial compares them: the 14 nights from the first logged night against the
    /// latest 28 nights of the range; `None` when the two would overlap.
    pub first_last: Option<(Stretch, Stretch)>,
    /// The daily medicines taken on the range's last night and the as-needed ones taken in the
    /// range, as page 1 lists them: "Atorvastatin 20 mg, daily since 11 Oct 2026".
    pub current_medicines: Vec<String>,
    /// Calendar weeks from the person's week start, cut to the range (the first and last may be
    /// shorter).
    pub weeks: Vec<Stretch>,
    /// Each start and stop of a daily medicine in the range, oldest first, as the weekly chart
    /// marks them (the app's trend chart marks the same).
    pub medicine_changes: Vec<crate::analysis::week::MedChange>,
    /// Episodes by location and by side, most frequent first; unknown ones are left out.
    pub locations: Vec<(Location, u32)>,
    pub sides: Vec<(Side, u32)>,
    /// Episodes eased by each kind of relief, most frequent first.
    pub relief: Vec<(Relief, u32)>,
    /// Episodes with no relief recorded.
    pub no_relief: u32,
    pub medications: Vec<MedLine>,
    pub conditions: Vec<Condition>,
    pub clinical: ClinicalNotes,
    /// What a phone or watch measured over the range, in one line (means over the days
    /// measured); `None` when nothing was.
    pub measured: Option<String>,
}

/// The journal data a report needs, for one range of dates.
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    /// The nights logged in `from..=to`, oldest first.
    pub nights: &'a [Night],
    pub medications: &'a [Medication],
    pub profile: &'a Profile,
    pub settings: Settings,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub made_at: DateTime<FixedOffset>,
}

/// Computes the summary. Nights outside the range are ignored.
#[must_use]
pub fn summarise(input: &SummaryInput<'_>, clinical: ClinicalNotes) -> Summary {
    let (from, to) = (input.from, input.to);
    let nights: Vec<&Night> = input.nights.iter().filter(|n| n.date >= from && n.date <= to).collect();
    let mut range = Stretch::new(from, to);
    let mut durations = Vec::new();
    let mut intensities = Vec::new();
    let (mut dist_cramp, mut dist_free) = (Vec::new(), Vec::new());
    let mut worst_by_night = WorstBands::default();
    let mut locations: BTreeMap<Location, u32> = BTreeMap::new();
    let mut sides: BTreeMap<Side, u32> = BTreeMap::new();
    let mut relief: BTreeMap<Relief, u32> = BTreeMap::new();
    let mut no_relief = 0;
    for night in &nights {
        range.add(night);
        if let Some(d) = night.sleep_disturbance {
            if night.had_cramps() { &mut dist_cramp } else { &mut dist_free }.push(f64::from(d.get()));
        }
        if night.had_cramps() {
            worst_by_night.add(night.worst_intensity().map(Score::get));
        }
        for e in &night.episodes {
            durations.extend(e.duration.map(DurationS::seconds));
            intensities.extend(e.intensity.map(Score::get));
            if let Some(l) = e.location {
                *locations.entry(l).or_default() += 1;
            }
            if let Some(s) = e.side {
                *sides.entry(s).or_default() += 1;
            }
            for r in &e.relief {
                *relief.entry(*r).or_default() += 1;
            }
            no_relief += u32::from(e.relief.is_empty());
        }
    }
    durations.sort_unstable();
    Summary {
        measured: None,
        name: input.profile.name.as_ref().map(ToString::to_string),
        made_at: input.made_at,
        range,
        median_duration_s: median(&durations),
        longest_duration_s: durations.last().copied(),
        mean_intensity: mean(&intensities.iter().map(|&i| f64::from(i)).collect::<Vec<_>>()),
        worst_intensity: intensities.iter().copied().max(),
        disturbance_cramp_nights: mean(&dist_cramp),
        disturbance_free_nights: mean(&dist_free),
        worst_by_night,
        first_last: first_and_last(&nights, to),
        current_medicines: current_medicines(input.medications, &nights, to),
        weeks: weeks(&nights, from, to, input.settings.week_start),
        medicine_changes: crate::analysis::week::medicine_changes(input.medications, from, to),
        locations: by_count(locations),
        sides: by_count(sides),
        relief: by_count(relief),
        no_relief,
        medications: med_lines(input.medications, &nights),
        conditions: input.profile.conditions.iter().copied().collect(),
        clinical,
    }
}

/// The middle value, or the mean of the two middle ones rounded to a whole second.
fn median(sorted: &[u32]) -> Option<u32> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]).div_ceil(2)),
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Counts, most frequent first; ties keep the vocabulary's order.
fn by_count<K: Copy + Ord>(counts: BTreeMap<K, u32>) -> Vec<(K, u32)> {
    let mut v: Vec<(K, u32)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn sub_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}

/// Tallies the nights into `stretches`, which are sorted and do not overlap. One pass over both,
/// so a ten-year range stays linear.
fn tally(nights: &[&Night], stretches: &mut [Stretch]) {
    let mut i = 0;
    for night in nights {
        while i < stretches.len() && stretches[i].to < night.date {
            i += 1;
        }
        match stretches.get_mut(i) {
            Some(s) if s.from <= night.date => s.add(night),
            _ => {}
        }
    }
}

/// Calendar weeks starting on the person's first day of the week; the first and last are cut to
/// the range, so every night is in exactly one week.
fn weeks(nights: &[&Night], from: NaiveDate, to: NaiveDate, start: WeekStart) -> Vec<Stretch> {
    let mut weeks = Vec::new();
    let mut week_from = from;
    while week_from <= to {
        let week_to = add_days(crate::analysis::week::week_start(week_from, start), 6).min(to);
        weeks.push(Stretch::new(week_from, week_to));
        if week_to == to {
            break;
        }
        week_from = add_days(week_to, 1);
    }
    tally(nights, &mut weeks);
    weeks
}

fn first_and_last(nights: &[&Night], to: NaiveDate) -> Option<(Stretch, Stretch)> {
    let start = nights.first()?.date;
    let first = Stretch::new(start, add_days(start, 13));
    let latest = Stretch::new(sub_days(to, 27), to);
    if first.to >= latest.from {
        return None;
    }
    let mut pair = [first, latest];
    tally(nights, &mut pair);
    Some((pair[0], pair[1]))
}

fn current_medicines(meds: &[Medication], nights: &[&Night], to: NaiveDate) -> Vec<String> {
    meds.iter()
        .filter_map(|m| {
            let label = match &m.dose {
                Some(dose) => format!("{} {dose}", m.name),
                None => m.name.to_string(),
            };
            match &m.schedule {
                Schedule::Daily(periods) => periods
                    .iter()
                    .find(|p| p.since <= to && p.until.is_none_or(|u| u >= to))
                    .map(|p| format!("{label}, daily since {}", day(p.since))),
                Schedule::AsNeeded => {
                    let taken = nights.iter().filter(|n| n.medications.contains(&m.name)).count();
                    (taken > 0).then(|| format!("{label}, as needed (taken on {taken} logged nights)"))
                }
            }
        })
        .collect()
}

fn med_lines(meds: &[Medication], nights: &[&Night]) -> Vec<MedLine> {
    meds.iter()
        .map(|m| {
            let schedule = match &m.schedule {
                Schedule::AsNeeded => "as needed".to_owned(),
                Schedule::Daily(periods) if periods.is_empty() => "daily (no dates recorded)".to_owned(),
                Schedule::Daily(periods) => periods
                    .iter()
                    .map(|p| match p.until {
                        Some(u) => format!("daily from {} to {}", day(p.since), day(u)),
                        None => format!("daily since {}", day(p.since)),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            let nights_taken =
                nights.iter().filter(|n| m.scheduled_on(n.date) || n.medications.contains(&m.name)).count()
                    as u32;
            MedLine {
                name: m.name.to_string(),
                dose: m.dose.as_ref().map(ToString::to_string),
                class: m.class.to_string(),
                schedule,
                nights_taken,
            }
        })
        .collect()
}

/// `27 Nov 2026`.
#[must_use]
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// `27 Nov`, for chart labels.
#[must_use]
pub fn short_day(d: NaiveDate) -> String {
    d.format("%-d %b").to_string()
}

/// `+Atorvastatin` for a start, `–Atorvastatin` for a stop, as the app's trend chart marks them
/// (with an en dash: the embedded font has no minus sign).
#[must_use]
pub fn med_mark(c: &crate::analysis::week::MedChange) -> String {
    format!("{}{}", if c.started { '+' } else { '–' }, c.name)
}

/// Seconds in the canonical duration form (`4m30s`).
#[must_use]
pub fn duration(seconds: u32) -> String {
    DurationS::new(i64::from(seconds)).map_or_else(|_| format!("{seconds} s"), |d| d.to_string())
}

fn one_decimal(x: f64) -> String {
    format!("{x:.1}")
}

/// A mean 0–10 score: `4.1 / 10`.
fn out_of_ten(x: f64) -> String {
    format!("{x:.1} / 10")
}

fn percent(part: u32, whole: u32) -> String {
    if whole == 0 { "–".to_owned() } else { format!("{:.0} %", f64::from(part) * 100.0 / f64::from(whole)) }
}

fn or_dash(v: Option<String>) -> String {
    v.unwrap_or_else(|| "–".to_owned())
}

/// A ratio as `8 of 20 (40 %)`.
#[must_use]
pub fn of(part: u32, whole: u32) -> String {
    format!("{part} of {whole} ({})", percent(part, whole))
}

impl Summary {
    /// `5 Sep 2026 – 27 Nov 2026 (84 nights)`.
    #[must_use]
    pub fn range_text(&self) -> String {
        format!("{} – {} ({} nights)", day(self.range.from), day(self.range.to), self.range.days)
    }

    /// `28 Nov 2026 09:00`.
    #[must_use]
    pub fn made_text(&self) -> String {
        self.made_at.format("%-d %b %Y %H:%M").to_string()
    }

    /// The key figures as (label, value) rows, in the order both reports show them.
    #[must_use]
    pub fn key_figures(&self) -> Vec<(String, String)> {
        let r = &self.range;
        let rows = [
            ("Nights logged (completeness)", of(r.logged, r.days)),
            ("Nights with cramps", of(r.cramp_nights, r.logged)),
            ("Cramp nights per week", or_dash(r.cramp_nights_per_week().map(one_decimal))),
            ("Cramps (episodes)", r.episodes.to_string()),
            ("Cramps per week", or_dash(r.episodes_per_week().map(one_decimal))),
            ("Median duration", or_dash(self.median_duration_s.map(duration))),
            ("Longest duration", or_dash(self.longest_duration_s.map(duration))),
            ("Mean intensity (0–10)", or_dash(self.mean_intensity.map(one_decimal))),
            ("Worst intensity", or_dash(self.worst_intensity.map(|w| format!("{w}/10")))),
            ("Sleep disturbance, cramp nights", or_dash(self.disturbance_cramp_nights.map(out_of_ten))),
            ("Sleep disturbance, other nights", or_dash(self.disturbance_free_nights.map(out_of_ten))),
        ];
        rows.into_iter().map(|(l, v)| (l.to_owned(), v)).collect()
    }

    /// The first 2 logged weeks against the latest 4, as a trial would compare them: a header row,
    /// a row of dates (kept out of the header, where they would wrap), then (label, first,
    /// latest, change) rows. The change is left out when either side has fewer than half its
    /// nights logged: a few nights per side would pass noise off as a trend.
    #[must_use]
    pub fn comparison(&self) -> Option<Vec<[String; 4]>> {
        let (a, b) = self.first_last?;
        let span = |s: &Stretch| format!("{} – {}", short_day(s.from), day(s.to));
        let rate = |s: &Stretch, f: fn(&Stretch) -> Option<f64>| or_dash(f(s).map(one_decimal));
        let enough = [a, b].iter().all(|s| 2 * s.logged >= s.days);
        let change = |f: fn(&Stretch) -> Option<f64>| match (f(&a), f(&b)) {
            _ if !enough => "too few nights".to_owned(),
            (Some(x), Some(y)) if x > 0.0 => format!("{:+.0} %", (y - x) / x * 100.0),
            _ => "–".to_owned(),
        };
        Some(vec![
            [
                String::new(),
                "First 2 logged weeks".to_owned(),
                "Latest 4 weeks".to_owned(),
                "Change".to_owned(),
            ],
            ["Nights".to_owned(), span(&a), span(&b), String::new()],
            ["Nights logged".to_owned(), of(a.logged, a.days), of(b.logged, b.days), String::new()],
            [
                "Cramps per week".to_owned(),
                rate(&a, Stretch::episodes_per_week),
                rate(&b, Stretch::episodes_per_week),
                change(Stretch::episodes_per_week),
            ],
            [
                "Cramp nights per week".to_owned(),
                rate(&a, Stretch::cramp_nights_per_week),
                rate(&b, Stretch::cramp_nights_per_week),
                change(Stretch::cramp_nights_per_week),
            ],
        ])
    }

    /// A warning under the key figures when fewer than half the nights were logged: the rates
    /// are per logged night, and a clinician should not read them as the whole period's.
    #[must_use]
    pub fn completeness_caution(&self) -> Option<String> {
        let r = &self.range;
        if r.logged == 0 {
            return Some("No nights were logged in this period.".to_owned());
        }
        (2 * r.logged < r.days).then(|| {
            format!(
                "Only {} nights were logged: the rates come from those nights alone, and the {} nights not \
                 logged may have been different.",
                of(r.logged, r.days),
                r.days - r.logged
            )
        })
    }

    /// Page 1's medicines line.
    #[must_use]
    pub fn current_medicines_text(&self) -> String {
        if self.current_medicines.is_empty() {
            "None recorded.".to_owned()
        } else {
            self.current_medicines.join("; ")
        }
    }

    /// Where it hurt: (location, episodes, share of episodes).
    #[must_use]
    pub fn location_rows(&self) -> Vec<[String; 3]> {
        let total = self.range.episodes;
        self.locations.iter().map(|(l, n)| [l.to_string(), n.to_string(), percent(*n, total)]).collect()
    }

    #[must_use]
    pub fn side_rows(&self) -> Vec<[String; 3]> {
        let total = self.range.episodes;
        self.sides.iter().map(|(s, n)| [s.to_string(), n.to_string(), percent(*n, total)]).collect()
    }

    /// What eased the cramps: (relief, episodes, share of episodes); "nothing recorded" last.
    #[must_use]
    pub fn relief_rows(&self) -> Vec<[String; 3]> {
        let total = self.range.episodes;
        let mut rows: Vec<[String; 3]> =
            self.relief.iter().map(|(r, n)| [r.to_string(), n.to_string(), percent(*n, total)]).collect();
        if self.no_relief > 0 {
            rows.push([
                "not recorded".to_owned(),
                self.no_relief.to_string(),
                percent(self.no_relief, total),
            ]);
        }
        rows
    }

    /// Medicines: (name and dose, class, when taken, nights taken in range).
    #[must_use]
    pub fn medication_rows(&self) -> Vec<[String; 4]> {
        self.medications
            .iter()
            .map(|m| [m.label(), m.class.clone(), m.schedule.clone(), of(m.nights_taken, self.range.logged)])
            .collect()
    }

    #[must_use]
    pub fn conditions_text(&self) -> String {
        if self.conditions.is_empty() {
            "None recorded.".to_owned()
        } else {
            self.conditions.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        }
    }

    /// Findings with flagged first, then protective, then the rest, each group in given order.
    #[must_use]
    pub fn ordered_findings(&self) -> Vec<&FindingLine> {
        let mut v: Vec<&FindingLine> = self.clinical.findings.iter().collect();
        v.sort_by_key(|f| f.kind);
        v
    }

    /// Medicine changes: (medicine, change, before, after, ratio, meaning).
    #[must_use]
    pub fn medication_change_rows(&self) -> Vec<[String; 6]> {
        let count = |c: Count| format!("{} of {} nights", c.cramp_nights, c.nights);
        self.clinical
            .medication_changes
            .iter()
            .map(|m| {
                [
                    m.medicine.clone(),
                    m.change_text(),
                    count(m.before),
                    count(m.after),
                    m.ratio_text(),
                    m.meaning(),
                ]
            })
            .collect()
    }

    /// The findings shown in full: flagged, then protective.
    #[must_use]
    pub fn notable_findings(&self) -> Vec<&FindingLine> {
        self.ordered_findings().into_iter().filter(|f| f.kind != FindingKind::Inconclusive).collect()
    }

    /// Factors whose difference went once the factors they come with (or the time trend) were
    /// held fixed: listed on their own, since the raw counts alone would read as a finding.
    #[must_use]
    pub fn explained_findings(&self) -> Vec<&FindingLine> {
        self.clinical
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Inconclusive && f.adjusted.is_some())
            .collect()
    }

    /// One sentence per [`Summary::explained_findings`]: the raw counts, what it went with, and
    /// the adjusted ratio.
    #[must_use]
    pub fn explained_lines(&self) -> Vec<String> {
        self.explained_findings()
            .into_iter()
            .filter_map(|f| {
                let a = f.adjusted.as_ref()?;
                Some(match &f.goes_with {
                    Some(with) => format!(
                        "{}: cramp nights {} ({}), but it went with {}; with that held fixed its own \
                         relative risk is {}, no clear difference. The records cannot tell which of \
                         the two matters.",
                        f.factor,
                        f.counts_text(),
                        f.risk_words(),
                        with,
                        a.text()
                    ),
                    None => format!(
                        "{}: cramp nights {} ({}), but allowing for {} its relative risk is {}, no \
                         clear difference.",
                        f.factor,
                        f.counts_text(),
                        f.risk_words(),
                        a.held(),
                        a.text()
                    ),
                })
            })
            .collect()
    }

    /// The factors without a clear difference, in one sentence: "3 other factors showed no
    /// clear difference: coffee, alcohol, hiking." `None` when there are none.
    #[must_use]
    pub fn unclear_findings_line(&self) -> Option<String> {
        let rest: Vec<&str> = self
            .clinical
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::Inconclusive && f.adjusted.is_none())
            .map(|f| f.factor.as_str())
            .collect();
        if rest.is_empty() {
            return None;
        }
        let explained = self.explained_findings().len();
        let other = if self.notable_findings().is_empty() && explained == 0 { "" } else { " other" };
        let noun = if rest.len() == 1 { "factor" } else { "factors" };
        Some(format!("{}{other} {noun} showed no clear difference: {}.", rest.len(), rest.join(", ")))
    }
}

/// The headings of the medicine-change table, shared by both reports.
pub const MED_CHANGE_HEADER: [&str; 6] = [
    "Medicine",
    "Change",
    "Cramp nights before",
    "Cramp nights after",
    "After vs before (95 % CI)",
    "What it means",
];
/// Under the medicine-change table.
pub const MED_CHANGE_NOTE: &str = "Before and after are the logged nights just either side of the change (up to 30 each). \
     A ratio above 1 means more cramp nights after the change.";
/// When no daily medicine was started or stopped.
pub const NO_MED_CHANGES: &str = "No daily medicine was started or stopped in this period.";

/// Under the trial-style comparison: why a fall is not proof.
pub const PLACEBO_CAUTION: &str = "Per week of logged nights; the change is latest against first. In treatment trials \
     for night cramps about a quarter of people on placebo had 25 % fewer cramps or better, so a fall here does not \
     by itself show that a treatment works.";

/// Under the findings table: what the adjusted column holds.
pub const ADJUSTED_NOTE: &str = "Adjusted: the relative risk from a model that holds fixed the other factors that came on \
     the same days and the change in cramp frequency over the months (modified Poisson, robust intervals). \
     P-values allow for cramps and factors coming in runs of nights.";
/// Before the amounts with a clear trend.
pub const AMOUNTS_INTRO: &str =
    "Amounts with a clear trend (per step more; the person's own range in thirds):";

/// Before the factors whose difference went once another factor was held fixed.
pub const EXPLAINED_INTRO: &str =
    "Raw counts differed for these, but not once the factors they come with were held fixed:";

/// What the report is, printed under its title in both formats.
pub const WHAT_THIS_IS: &str = "Nocturnal leg cramps as recorded by the patient in a self-kept journal (the condition \
     ICD-10-CM files as G47.62, sleep-related leg cramps). A record to discuss, not a diagnosis.";

/// What both reports say when no analysis was run: a title and a sentence.
pub const ANALYSIS_NOT_INCLUDED: &str = "Analysis not included";
pub const ANALYSIS_NOT_INCLUDED_DETAIL: &str =
    "This summary reports what was logged; red flags and possible triggers have not been assessed.";

impl FindingLine {
    /// The findings table's row, in both reports: factor, result, counts, raw and adjusted
    /// ratio, and what it means.
    #[must_use]
    pub fn cells(&self) -> [String; 6] {
        [
            self.factor.clone(),
            self.status.clone(),
            self.counts_text(),
            self.risk_text(),
            self.adjusted_text(),
            self.explanation_adjusted(),
        ]
    }

    /// The adjusted ratio for the table, e.g. `3.0 (2.1–4.3)`; `–` without one.
    #[must_use]
    pub fn adjusted_text(&self) -> String {
        self.adjusted.as_ref().map_or_else(|| "–".to_owned(), AdjustedLine::text)
    }

    /// The finding's sentence with what the adjusted model says, for the table's last column.
    #[must_use]
    pub fn explanation_adjusted(&self) -> String {
        match &self.adjusted {
            Some(a) => {
                format!("{} Allowing for {}, the relative risk is {}.", self.explanation, a.held(), a.text())
            }
            None => self.explanation.clone(),
        }
    }

    /// `relative risk 2.7, 95 % CI 1.4–5.2`, for a sentence.
    #[must_use]
    pub fn risk_words(&self) -> String {
        match (self.relative_risk, self.interval) {
            (Some(rr), Some((lo, hi))) => format!("relative risk {rr:.1}, 95 % CI {lo:.1}–{hi:.1}"),
            (Some(rr), None) => format!("relative risk {rr:.1}"),
            _ => "no relative risk".to_owned(),
        }
    }

    /// `2.7 (1.4–5.2)`, or a dash.
    #[must_use]
    pub fn risk_text(&self) -> String {
        match (self.relative_risk, self.interval) {
            (Some(rr), Some((lo, hi))) => format!("{rr:.1} ({lo:.1}–{hi:.1})"),
            (Some(rr), None) => format!("{rr:.1}"),
            _ => "–".to_owned(),
        }
    }

    /// `8 of 20 vs 3 of 40`.
    #[must_use]
    pub fn counts_text(&self) -> String {
        format!(
            "{} of {} vs {} of {}",
            self.with_factor.cramp_nights,
            self.with_factor.nights,
            self.without_factor.cramp_nights,
            self.without_factor.nights
        )
    }
}

/// Which nights the report's nightly log lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogMode {
    /// Every logged night, with one row for each unlogged stretch.
    All,
    /// The nights with cramps, with one row for each stretch between them.
    CrampNights,
    /// No nightly log.
    None,
}

impl LogMode {
    pub const WORDS: &'static str = "all, cramp-nights or none";

    /// `CrampNights` for ranges over 12 weeks, where every night would run to many pages;
    /// `All` otherwise.
    #[must_use]
    pub fn default_for(from: NaiveDate, to: NaiveDate) -> Self {
        if (to - from).num_days() + 1 > 84 { Self::CrampNights } else { Self::All }
    }
}

impl std::str::FromStr for LogMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "all" => Ok(Self::All),
            "cramp-nights" => Ok(Self::CrampNights),
            "none" => Ok(Self::None),
            _ => Err(format!("'{s}' is not a log choice; use {}", Self::WORDS)),
        }
    }
}

/// The nightly log as the reports print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Log {
    pub mode: LogMode,
    pub rows: Vec<LogRow>,
    /// Logged nights in the range, and how many of them had cramps.
    pub logged: u32,
    pub cramp_nights: u32,
}

impl Log {
    /// The sentence above the table.
    #[must_use]
    pub fn intro(&self, notes_redacted: bool) -> String {
        let what = match self.mode {
            LogMode::All => format!(
                "All {} logged nights, oldest first; each stretch of nights that was not logged is one row.",
                self.logged
            ),
            LogMode::CrampNights | LogMode::None => format!(
                "The {} nights with cramps, oldest first; the nights between them are summed up in one row \
                 each (an export with --log all lists every night).",
                self.cramp_nights
            ),
        };
        format!(
            "{what} A night is named by the evening it began; cramp times are local clock times.{}",
            if notes_redacted { " Free-text notes were left out of this copy." } else { "" }
        )
    }
}

/// One row of the log, as text cells shared by the PDF and Markdown tables: a night, or a
/// stretch of nights summed up in `factors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRow {
    pub date: String,
    /// The day's factors, `·`-separated; for a stretch, what it held ("3 nights not logged").
    pub factors: String,
    /// One line per episode.
    pub cramps: Vec<String>,
    pub sleep: String,
    pub note: String,
    /// Whether the row sums up a stretch of nights rather than showing one.
    pub stretch: bool,
}

fn plural(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A row for the nights `from..=to` that are not shown one by one: `unlogged` of them were not
/// logged, `free` were logged without cramps.
fn stretch_row(from: NaiveDate, to: NaiveDate, free: u32, unlogged: u32) -> LogRow {
    let date = if from == to {
        from.format("%a %-d %b %Y").to_string()
    } else {
        format!("{} – {}", short_day(from), day(to))
    };
    let mut parts = Vec::new();
    if free > 0 {
        parts.push(plural(free, "night without cramps", "nights without cramps"));
    }
    if unlogged > 0 {
        parts.push(plural(unlogged, "night not logged", "nights not logged"));
    }
    LogRow {
        date,
        factors: parts.join(", "),
        cramps: Vec::new(),
        sleep: String::new(),
        note: String::new(),
        stretch: true,
    }
}

/// The log of `from..=to`, oldest first: nights shown as `mode` asks, and one row for each
/// stretch between them.
#[must_use]
pub fn log(
    nights: &[Night],
    meds: &[Medication],
    settings: Settings,
    from: NaiveDate,
    to: NaiveDate,
    mode: LogMode,
) -> Log {
    let in_range: Vec<&Night> = nights.iter().filter(|n| n.date >= from && n.date <= to).collect();
    let logged = in_range.len() as u32;
    let cramp_nights = in_range.iter().filter(|n| n.had_cramps()).count() as u32;
    let mut rows = Vec::new();
    if mode != LogMode::None {
        // The stretch not yet shown: where it began, cramp-free logged nights, unlogged nights.
        let (mut open, mut free, mut unlogged) = (from, 0u32, 0u32);
        let flush = |rows: &mut Vec<LogRow>, open: NaiveDate, end: NaiveDate, free: u32, unlogged: u32| {
            if free + unlogged > 0 {
                rows.push(stretch_row(open, end, free, unlogged));
            }
        };
        for n in &in_range {
            unlogged += ((n.date - open).num_days().max(0) as u32).saturating_sub(free + unlogged);
            let shown = mode == LogMode::All || n.had_cramps();
            if shown {
                flush(&mut rows, open, sub_days(n.date, 1), free, unlogged);
                rows.push(log_row(n, meds, settings));
                (open, free, unlogged) = (add_days(n.date, 1), 0, 0);
            } else {
                free += 1;
            }
        }
        let rest = ((to - open).num_days() + 1).max(0) as u32;
        unlogged += rest.saturating_sub(free + unlogged);
        flush(&mut rows, open, to, free, unlogged);
    }
    Log { mode, rows, logged, cramp_nights }
}

fn log_row(n: &Night, meds: &[Medication], settings: Settings) -> LogRow {
    let mut f: Vec<String> = Vec::new();
    f.extend(n.fluid.map(|x| format!("fluid {}", x.display(settings.units))));
    f.extend(n.activity.map(|a| format!("{a} day")));
    f.extend(n.standing.map(|h| format!("stood {h}")));
    f.extend(n.sitting.map(|h| format!("sat {h}")));
    // "barefoot shoes" would read as a kind of shoe; a bare foot had none.
    f.extend(n.footwear.map(|w| match w {
        Footwear::Barefoot => "barefoot".to_owned(),
        Footwear::Supportive | Footwear::Unsupportive => format!("{w} shoes"),
    }));
    f.extend(n.mg_k_servings.map(|s| format!("Mg/K foods {s}")));
    if !n.postures.is_empty() {
        f.push(n.postures.iter().map(Posture::as_str).collect::<Vec<_>>().join(", "));
    }
    f.extend(n.stretched.map(|s| if s { "stretched".to_owned() } else { "no stretch".to_owned() }));
    let taken: Vec<&str> = medications_on(n, meds).iter().map(|m| m.name.as_str()).collect();
    if !taken.is_empty() {
        f.push(taken.join(", "));
    }
    if !n.tags.is_empty() {
        f.push(n.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
    }
    let cramps = n
        .episodes
        .iter()
        .map(|e| {
            let mut parts = vec![e.start.format("%H:%M").to_string()];
            parts.push(e.duration.map_or_else(|| "? min".to_owned(), |d| d.to_string()));
            parts.extend(e.intensity.map(|i| format!("{i}/10")));
            let place: Vec<&str> =
                e.location.map(Location::as_str).into_iter().chain(e.side.map(Side::as_str)).collect();
            if !place.is_empty() {
                parts.push(place.join(" "));
            }
            if !e.relief.is_empty() {
                parts.push(format!(
                    "eased by {}",
                    e.relief.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("+")
                ));
            }
            let mut line = parts.join(" · ");
            if let Some(note) = &e.note {
                line.push_str(" — ");
                line.push_str(note.as_str());
            }
            line
        })
        .collect();
    LogRow {
        date: n.date.format("%a %-d %b %Y").to_string(),
        factors: f.join(" · "),
        cramps,
        sleep: n.sleep_disturbance.map_or_else(String::new, |s| format!("{s}/10")),
        note: n.note.as_ref().map_or_else(String::new, |t| t.as_str().to_owned()),
        stretch: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Episode;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn night(date: &str, episodes: &[(u8, u16)], disturbance: u8) -> Night {
        let mut n = Night::empty(d(date));
        for (i, (intensity, secs)) in episodes.iter().enumerate() {
            let start =
                DateTime::parse_from_rfc3339(&format!("{}T0{}:00:00+01:00", add_days(d(date), 1), i + 1))
                    .unwrap();
            let mut e = Episode::starting(start);
            e.intensity = Score::new(i64::from(*intensity)).ok();
            e.duration = DurationS::new(i64::from(*secs)).ok();
            e.location = Some(Location::Calf);
            n.episodes.push(e);
        }
        n.sleep_disturbance = Score::new(i64::from(disturbance)).ok();
        n
    }

    fn input<'a>(nights: &'a [Night], profile: &'a Profile, from: &str, to: &str) -> SummaryInput<'a> {
        SummaryInput {
            nights,
            medications: &[],
            profile,
            settings: Settings::default(),
            from: d(from),
            to: d(to),
            made_at: DateTime::parse_from_rfc3339("2026-11-28T09:00:00+01:00").unwrap(),
        }
    }

    #[test]
    fn medicines_are_listed_with_their_dose() {
        use crate::model::{Dose, MedClass, MedName, Period};
        let med = |name: &str, dose: Option<&str>| Medication {
            name: MedName::new(name).unwrap(),
            class: MedClass::Other,
            schedule: Schedule::Daily(vec![Period::new(d("2026-11-02"), None).unwrap()]),
            dose: dose.map(|s| Dose::new(s).unwrap()),
        };
        let meds = [med("Magnesium citrate", Some("300 mg, evening")), med("Atorvastatin", None)];
        let nights = vec![night("2026-11-01", &[], 0), night("2026-11-02", &[], 0)];
        let profile = Profile::default();
        let s = summarise(
            &SummaryInput { medications: &meds, ..input(&nights, &profile, "2026-11-01", "2026-11-07") },
            ClinicalNotes::default(),
        );
        let rows = s.medication_rows();
        assert_eq!(rows[0][0], "Magnesium citrate 300 mg, evening");
        assert_eq!(rows[1][0], "Atorvastatin");
        assert_eq!(rows[0][3], "1 of 2 (50 %)");
    }

    #[test]
    fn the_numbers_come_from_the_nights_in_range() {
        let nights = vec![
            night("2026-10-31", &[(9, 600)], 9), // outside the range
            night("2026-11-01", &[(7, 240), (3, 60)], 6),
            night("2026-11-02", &[], 0),
            night("2026-11-04", &[(4, 120)], 2),
            night("2026-11-05", &[], 1),
        ];
        let profile = Profile::default();
        let s = summarise(&input(&nights, &profile, "2026-11-01", "2026-11-07"), ClinicalNotes::default());
        assert_eq!((s.range.days, s.range.logged, s.range.cramp_nights, s.range.episodes), (7, 4, 2, 3));
        assert_eq!(s.median_duration_s, Some(120));
        assert_eq!(s.longest_duration_s, Some(240));
        assert_eq!(s.worst_intensity, Some(7));
        assert!((s.mean_intensity.unwrap() - 14.0 / 3.0).abs() < 1e-9);
        assert_eq!(s.disturbance_cramp_nights, Some(4.0));
        assert_eq!(s.disturbance_free_nights, Some(0.5));
        // Only the two cramp nights count: worst 7 and worst 4; the cramp-free nights are not mild.
        assert_eq!(s.worst_by_night, WorstBands { strong: 1, moderate: 1, mild: 0, unrated: 0 });
        assert_eq!(
            s.worst_by_night.sentence().unwrap(),
            "Worst cramp 7/10 or more on 1 of 2 cramp nights; 4–6/10 on 1; below 4/10 on 0."
        );
        assert_eq!(s.range.cramp_nights_per_week(), Some(3.5));
        assert_eq!(s.locations, vec![(Location::Calf, 3)]);
        assert!(s.first_last.is_none(), "a week is too short to compare halves");
        let figures = s.key_figures();
        assert_eq!(figures[0], ("Nights logged (completeness)".to_owned(), "4 of 7 (57 %)".to_owned()));
    }

    #[test]
    fn weeks_follow_the_week_start_and_cover_the_range_once() {
        use chrono::{Datelike, Weekday};
        let nights: Vec<Night> =
            (0..30).map(|i| night(&add_days(d("2026-11-01"), i).to_string(), &[], 0)).collect();
        let profile = Profile::default();
        // 1 Nov 2026 is a Sunday: with weeks from Monday it is a week of one night.
        let s = summarise(&input(&nights, &profile, "2026-11-01", "2026-11-30"), ClinicalNotes::default());
        assert_eq!(s.weeks.len(), 6);
        assert_eq!(s.weeks[0].days, 1);
        assert!(s.weeks[1..].iter().all(|w| w.from.weekday() == Weekday::Mon));
        assert_eq!(s.weeks.last().unwrap().to, d("2026-11-30"));
        let sunday = Settings { week_start: WeekStart::Sunday, ..Settings::default() };
        let s2 = summarise(
            &SummaryInput { settings: sunday, ..input(&nights, &profile, "2026-11-01", "2026-11-30") },
            ClinicalNotes::default(),
        );
        assert_eq!(s2.weeks.len(), 5);
        assert!(s2.weeks.iter().all(|w| w.from.weekday() == Weekday::Sun));
        assert_eq!(s2.weeks.iter().map(|w| w.days).collect::<Vec<_>>(), [7, 7, 7, 7, 2]);
        assert_eq!(s.weeks.iter().map(|w| w.logged).sum::<u32>(), 30);
        assert_eq!(s.weeks.iter().map(|w| w.logged).sum::<u32>(), 30);
        // 30 nights: the first 2 weeks and the latest 4 would overlap.
        assert!(s.first_last.is_none());
        let long: Vec<Night> =
            (0..60).map(|i| night(&add_days(d("2026-10-01"), i).to_string(), &[], 0)).collect();
        let s = summarise(&input(&long, &profile, "2026-09-25", "2026-11-29"), ClinicalNotes::default());
        let (first, last) = s.first_last.unwrap();
        assert_eq!((first.from, first.to, first.logged), (d("2026-10-01"), d("2026-10-14"), 14));
        assert_eq!((last.from, last.to, last.logged), (d("2026-11-02"), d("2026-11-29"), 28));
    }

    #[test]
    fn findings_list_flagged_then_protective() {
        let line = |kind, factor: &str| FindingLine {
            kind,
            status: String::new(),
            factor: factor.to_owned(),
            with_factor: Count { cramp_nights: 8, nights: 20 },
            without_factor: Count { cramp_nights: 3, nights: 40 },
            relative_risk: Some(5.333),
            interval: Some((1.61, 18.04)),
            explanation: String::new(),
            adjusted: None,
            goes_with: None,
        };
        let clinical = ClinicalNotes {
            analysed: true,
            medication_changes: vec![],
            power: None,
            amounts: vec![],
            red_flags: vec![],
            findings: vec![
                line(FindingKind::Inconclusive, "a"),
                line(FindingKind::Protective, "b"),
                line(FindingKind::Flagged, "c"),
            ],
        };
        let profile = Profile::default();
        let s = summarise(&input(&[], &profile, "2026-11-01", "2026-11-07"), clinical);
        let order: Vec<&str> = s.ordered_findings().iter().map(|f| f.factor.as_str()).collect();
        assert_eq!(order, ["c", "b", "a"]);
        assert_eq!(s.clinical.findings[0].risk_text(), "5.3 (1.6–18.0)");
        assert_eq!(s.clinical.findings[0].counts_text(), "8 of 20 vs 3 of 40");
    }

    #[test]
    fn an_empty_range_has_dashes_not_panics() {
        let profile = Profile::default();
        let s = summarise(&input(&[], &profile, "2026-11-01", "2026-11-28"), ClinicalNotes::default());
        assert!(s.key_figures().iter().any(|(_, v)| v == "–"));
        assert_eq!(s.key_figures()[0].1, "0 of 28 (0 %)");
        assert!(s.relief_rows().is_empty());
    }
}
