//! A night (the unit of analysis) and its cramp episodes, plus the rule that decides which
//! night a clock time belongs to.

use std::collections::BTreeSet;

use chrono::{
    DateTime, Datelike, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike,
};

use super::{
    Activity, DurationS, FluidMl, Footwear, Location, MedName, Note, Posture, Quarters, Relief, Score,
    Servings, Side, Tag,
};

/// One evening and the night that followed it; a night with no episodes is cramp-free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Night {
    /// The evening the night began.
    pub date: NaiveDate,
    pub fluid: Option<FluidMl>,
    pub activity: Option<Activity>,
    pub standing: Option<Quarters>,
    pub sitting: Option<Quarters>,
    pub footwear: Option<Footwear>,
    pub mg_k_servings: Option<Servings>,
    pub postures: Postures,
    pub stretched: Option<bool>,
    /// Medicines logged for this night by hand (as-needed ones, or a daily one taken off
    /// schedule). Daily medicines are derived from their dates, see [`super::medications_on`].
    pub medications: BTreeSet<MedName>,
    pub tags: BTreeSet<Tag>,
    pub sleep_disturbance: Option<Score>,
    pub note: Option<Note>,
    /// Ordered by start time.
    pub episodes: Vec<Episode>,
}

impl Night {
    /// A night with only its date known.
    #[must_use]
    pub fn empty(date: NaiveDate) -> Self {
        Self {
            date,
            fluid: None,
            activity: None,
            standing: None,
            sitting: None,
            footwear: None,
            mg_k_servings: None,
            postures: Postures::default(),
            stretched: None,
            medications: BTreeSet::new(),
            tags: BTreeSet::new(),
            sleep_disturbance: None,
            note: None,
            episodes: Vec::new(),
        }
    }

    #[must_use]
    pub fn had_cramps(&self) -> bool {
        !self.episodes.is_empty()
    }

    /// The strongest known intensity of the night's episodes.
    #[must_use]
    pub fn worst_intensity(&self) -> Option<Score> {
        self.episodes.iter().filter_map(|e| e.intensity).max()
    }

    /// Total known cramp time in seconds.
    #[must_use]
    pub fn cramp_seconds(&self) -> u32 {
        self.episodes.iter().filter_map(|e| e.duration).map(DurationS::seconds).sum()
    }

    /// Keeps episodes in start order (by instant, so a daylight-saving change cannot reorder them).
    pub fn sort_episodes(&mut self) {
        self.episodes.sort_by_key(|e| e.start);
    }

    /// Merges two edits of one night made from the same starting point: each field is `mine`
    /// where it differs from `base` (the person changed it), otherwise `theirs` (saved elsewhere
    /// meanwhile). Cramps are `mine`'s; the caller merges them, since they have identities.
    #[must_use]
    pub fn three_way(base: &Self, mine: &Self, theirs: &Self) -> Self {
        let mut merged = mine.clone();
        macro_rules! pick {
            ($($f:ident),+) => {$(
                if mine.$f == base.$f {
                    merged.$f = theirs.$f.clone();
                }
            )+};
        }
        pick!(
            fluid,
            activity,
            standing,
            sitting,
            footwear,
            mg_k_servings,
            postures,
            stretched,
            medications,
            tags,
            sleep_disturbance,
            note
        );
        merged
    }

    /// The fields [`Night::three_way`] takes from `theirs`: changed elsewhere, not by the person.
    #[must_use]
    pub fn kept_from_theirs(base: &Self, mine: &Self, theirs: &Self) -> Vec<&'static str> {
        let mut kept = Vec::new();
        macro_rules! check {
            ($($f:ident => $name:literal),+) => {$(
                if mine.$f == base.$f && theirs.$f != base.$f {
                    kept.push($name);
                }
            )+};
        }
        check!(
            fluid => "fluid",
            activity => "activity",
            standing => "standing",
            sitting => "sitting",
            footwear => "footwear",
            mg_k_servings => "Mg/K-rich food",
            postures => "posture",
            stretched => "stretching",
            medications => "medicines",
            tags => "tags",
            sleep_disturbance => "sleep disturbance",
            note => "note"
        );
        kept
    }

    /// Checks what no single field can: standing and sitting cannot exceed a day, and the night
    /// and its cramps must fall in the years a journal holds.
    pub fn check(&self) -> Result<(), NightProblem> {
        if let (Some(st), Some(si)) = (self.standing, self.sitting)
            && u16::from(st.get()) + u16::from(si.get()) > 96
        {
            return Err(NightProblem::MoreThanADay { standing: st, sitting: si });
        }
        storable_date(self.date)?;
        let mut starts = std::collections::BTreeSet::new();
        for e in &self.episodes {
            storable_time(e.start)?;
            self.holds(e)?;
            if !starts.insert(e.start) {
                return Err(NightProblem::SameStart(e.start.to_rfc3339()));
            }
        }
        Ok(())
    }

    /// Whether a cramp can belong to this night: it starts on the night's evening or the day
    /// after (where the day boundary puts the small hours).
    pub fn holds(&self, e: &Episode) -> Result<(), NightProblem> {
        let day = e.start.date_naive();
        if day == self.date || Some(day) == self.date.succ_opt() {
            Ok(())
        } else {
            Err(NightProblem::NotThisNight { start: e.start.to_rfc3339(), night: self.date })
        }
    }
}

/// A night whose fields disagree with each other, or that no journal can hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NightProblem {
    #[error("standing {standing} and sitting {sitting} add up to more than 24 hours")]
    MoreThanADay { standing: Quarters, sitting: Quarters },
    #[error(transparent)]
    OutsideYears(#[from] OutsideYears),
    #[error(
        "a cramp starting {start} is not part of the night of {night}: a night's cramps start that evening or the morning after"
    )]
    NotThisNight { start: String, night: NaiveDate },
    #[error("two cramps start at {0}; one cramp is one entry")]
    SameStart(String),
}

/// A clock time the journal stores as typed: no leap second (`03:10:60`) and an offset real
/// clocks use (−12:00 to +14:00). SQLite's date functions refuse the rest.
pub fn exact_clock_time(time: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, String> {
    use chrono::Timelike;
    if time.nanosecond() >= 1_000_000_000 {
        return Err(format!(
            "{} is a leap second, which the journal cannot hold; use :59",
            time.to_rfc3339()
        ));
    }
    let offset = time.offset().local_minus_utc();
    if !(-12 * 3600..=14 * 3600).contains(&offset) {
        return Err(format!("the offset {} is not one any clock uses (−12:00 to +14:00)", time.offset()));
    }
    Ok(time)
}

/// A date or time outside the years 0000–9999: the journal file stores four-digit years, and
/// SQLite's date functions read no others. Only an imported file can name one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is outside the years 0000–9999 that a journal holds")]
pub struct OutsideYears(pub String);

/// `date`, if a journal can hold it.
pub fn storable_date(date: NaiveDate) -> Result<NaiveDate, OutsideYears> {
    if (0..=9999).contains(&date.year()) { Ok(date) } else { Err(OutsideYears(date.to_string())) }
}

/// `time`, if a journal can hold it: in four-digit years both on its own clock and in UTC.
pub fn storable_time(time: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, OutsideYears> {
    let utc = time.naive_utc().year();
    if (0..=9999).contains(&time.year()) && utc <= 9999 {
        Ok(time)
    } else {
        Err(OutsideYears(time.to_rfc3339()))
    }
}

/// One cramp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    /// Local wall-clock time with the UTC offset in force then.
    pub start: DateTime<FixedOffset>,
    /// Unknown when captured half-asleep and not filled in later.
    pub duration: Option<DurationS>,
    pub intensity: Option<Score>,
    pub location: Option<Location>,
    pub side: Option<Side>,
    pub relief: BTreeSet<Relief>,
    pub note: Option<Note>,
}

impl Episode {
    /// An episode known only by when it began.
    #[must_use]
    pub fn starting(start: DateTime<FixedOffset>) -> Self {
        Self {
            start,
            duration: None,
            intensity: None,
            location: None,
            side: None,
            relief: BTreeSet::new(),
            note: None,
        }
    }
}

/// `neutral` together with another posture.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("posture 'neutral' cannot be combined with {other}")]
pub struct PostureConflict {
    pub other: Posture,
}

/// How the feet lay: empty when not recorded; `neutral` stands alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Postures(BTreeSet<Posture>);

impl Postures {
    pub fn new(items: impl IntoIterator<Item = Posture>) -> Result<Self, PostureConflict> {
        let set: BTreeSet<Posture> = items.into_iter().collect();
        if set.contains(&Posture::Neutral)
            && let Some(other) = set.iter().find(|p| **p != Posture::Neutral)
        {
            return Err(PostureConflict { other: *other });
        }
        Ok(Self(set))
    }

    #[must_use]
    pub fn contains(&self, p: Posture) -> bool {
        self.0.contains(&p)
    }

    pub fn iter(&self) -> impl Iterator<Item = Posture> + '_ {
        self.0.iter().copied()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The hour (0–23) at which one night ends and the next day's evening begins. Clock times before
/// it belong to the previous evening's night.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DayBoundary(u8);

impl Default for DayBoundary {
    fn default() -> Self {
        Self(12)
    }
}

impl DayBoundary {
    pub fn new(hour: i64) -> Result<Self, super::OutOfRange> {
        if (0..=23).contains(&hour) {
            Ok(Self(hour as u8))
        } else {
            Err(super::OutOfRange { what: "the day boundary", value: hour, min: 0, max: 23, unit: " h" })
        }
    }

    #[must_use]
    pub const fn hour(self) -> u8 {
        self.0
    }

    /// The night a local wall-clock moment belongs to: 03:10 on the 28th is the night of the 27th.
    #[must_use]
    pub fn night_of(self, local: NaiveDateTime) -> NaiveDate {
        if local.hour() < u32::from(self.0) {
            local.date().pred_opt().unwrap_or(local.date())
        } else {
            local.date()
        }
    }

    /// The calendar day on which a clock time falls during the night of `night`.
    #[must_use]
    pub fn calendar_day(self, night: NaiveDate, time: NaiveTime) -> NaiveDate {
        if time.hour() < u32::from(self.0) {
            night.checked_add_days(Days::new(1)).unwrap_or(night)
        } else {
            night
        }
    }

    /// Places a clock time of the night of `night` in time, with the offset `tz` had then.
    /// A time that the clocks skipped (spring forward) is refused; a time that happened twice
    /// (fall back) is taken as the first of the two.
    pub fn place<Tz: TimeZone>(
        self,
        tz: &Tz,
        night: NaiveDate,
        time: NaiveTime,
    ) -> Result<DateTime<FixedOffset>, SkippedTime> {
        let day = self.calendar_day(night, time);
        match tz.from_local_datetime(&day.and_time(time)) {
            LocalResult::Single(t) => Ok(t.fixed_offset()),
            // Zones do not agree on the order of the pair; the earlier instant is the first one.
            LocalResult::Ambiguous(a, b) => Ok(a.fixed_offset().min(b.fixed_offset())),
            LocalResult::None => Err(SkippedTime { day, time }),
        }
    }
}

/// The time of day from which the default night is tonight rather than last night: people log
/// the day's fluid and activity at bedtime, and last night's cramps in the morning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Evening(u16);

impl Default for Evening {
    fn default() -> Self {
        Self(18 * 60)
    }
}

impl Evening {
    /// From minutes after midnight, 0–1439.
    pub fn new(minute: i64) -> Result<Self, super::OutOfRange> {
        if (0..24 * 60).contains(&minute) {
            Ok(Self(minute as u16))
        } else {
            Err(super::OutOfRange { what: "the evening", value: minute, min: 0, max: 1439, unit: " min" })
        }
    }

    #[must_use]
    pub const fn minute(self) -> u16 {
        self.0
    }

    #[must_use]
    pub fn time(self) -> NaiveTime {
        NaiveTime::from_hms_opt(u32::from(self.0 / 60), u32::from(self.0 % 60), 0).unwrap_or(NaiveTime::MIN)
    }
}

impl std::fmt::Display for Evening {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// The night a log means when no date is given: before the evening, the night that has just
/// ended (named by yesterday's date); from the evening on, tonight. Uses the wall clock's own
/// reading, so it is the same on both sides of a clock change.
#[must_use]
pub fn default_night(now: NaiveDateTime, evening: Evening) -> NaiveDate {
    if now.time() >= evening.time() { now.date() } else { now.date().pred_opt().unwrap_or(now.date()) }
}

/// How a night is spoken of at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Tonight,
    LastNight,
    /// Any other night: only its date is said.
    Other,
}

/// Whether `night` is tonight, last night or another night at `now`. In the small hours the
/// night under way (yesterday's date) is still tonight.
#[must_use]
pub fn which_night(night: NaiveDate, now: NaiveDateTime) -> Which {
    let yesterday = now.date().pred_opt();
    if night == now.date() || (Some(night) == yesterday && now.hour() < 5) {
        Which::Tonight
    } else if Some(night) == yesterday {
        Which::LastNight
    } else {
        Which::Other
    }
}

/// How far from a typed time a cramp of unknown length may be and still be the one meant.
pub const FILL_IN_WITHIN: chrono::TimeDelta = chrono::TimeDelta::minutes(15);
/// A second capture this soon after a cramp still without a length is the same cramp.
pub const SAME_CRAMP_WITHIN: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// The cramp of unknown length nearest to `at`, at most `before` earlier or `after` later: the
/// one a half-asleep capture saved and the person is now describing, or capturing again.
#[must_use]
pub fn open_cramp_near<'a>(
    episodes: impl IntoIterator<Item = &'a Episode>,
    at: DateTime<FixedOffset>,
    before: chrono::TimeDelta,
    after: chrono::TimeDelta,
) -> Option<usize> {
    episodes
        .into_iter()
        .enumerate()
        .filter(|(_, e)| e.duration.is_none())
        .filter(|(_, e)| e.start >= at - before && e.start <= at + after)
        .min_by_key(|(_, e)| (e.start - at).abs())
        .map(|(i, _)| i)
}

/// The time zone clock times are read in: the computer's own, or a fixed offset (for tests and
/// for people who want one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    Local,
    Fixed(FixedOffset),
}

impl Zone {
    /// [`DayBoundary::place`] in this zone.
    pub fn place(
        self,
        b: DayBoundary,
        night: NaiveDate,
        time: NaiveTime,
    ) -> Result<DateTime<FixedOffset>, SkippedTime> {
        match self {
            Self::Local => b.place(&chrono::Local, night, time),
            Self::Fixed(offset) => b.place(&offset, night, time),
        }
    }
}

/// A clock time that did not exist locally because the clocks jumped forward.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{time} did not exist on {day} in this time zone (the clocks moved forward); use a time an hour later"
)]
pub struct SkippedTime {
    pub day: NaiveDate,
    pub time: NaiveTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    #[test]
    fn only_four_digit_years_are_storable() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(storable_date(day(0, 1, 1)).is_ok() && storable_date(day(9999, 12, 31)).is_ok());
        assert!(storable_date(day(10_000, 1, 1)).is_err() && storable_date(day(-1, 12, 31)).is_err());
        let at = |s| DateTime::parse_from_rfc3339(s).unwrap();
        assert!(storable_time(at("9999-12-31T22:30:00-01:00")).is_ok());
        // 23:30 at UTC−1 is already the year 10000 in UTC, which SQLite's date functions refuse.
        let e = storable_time(at("9999-12-31T23:30:00-01:00")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "9999-12-31T23:30:00-01:00 is outside the years 0000–9999 that a journal holds"
        );
        let mut night = Night::empty(day(-1, 12, 31));
        assert!(matches!(night.check(), Err(NightProblem::OutsideYears(_))));
        night.date = day(2026, 11, 27);
        night.episodes.push(Episode::starting(at("9999-12-31T23:30:00-01:00")));
        assert!(matches!(night.check(), Err(NightProblem::OutsideYears(_))));
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    #[test]
    fn early_morning_belongs_to_the_previous_evening() {
        let b = DayBoundary::default();
        assert_eq!(b.night_of(d("2026-11-28").and_time(t("03:10"))), d("2026-11-27"));
        assert_eq!(b.night_of(d("2026-11-28").and_time(t("11:59"))), d("2026-11-27"));
        assert_eq!(b.night_of(d("2026-11-28").and_time(t("12:00"))), d("2026-11-28"));
        assert_eq!(b.night_of(d("2026-11-27").and_time(t("23:50"))), d("2026-11-27"));
    }

    #[test]
    fn night_rule_across_midnight_and_new_year() {
        let b = DayBoundary::default();
        assert_eq!(b.night_of(d("2027-01-01").and_time(t("00:05"))), d("2026-12-31"));
        assert_eq!(b.calendar_day(d("2026-12-31"), t("00:05")), d("2027-01-01"));
        assert_eq!(b.calendar_day(d("2026-12-31"), t("23:55")), d("2026-12-31"));
    }

    #[test]
    fn boundary_is_a_setting() {
        let b = DayBoundary::new(5).unwrap();
        assert_eq!(b.night_of(d("2026-11-28").and_time(t("06:00"))), d("2026-11-28"));
        assert_eq!(b.night_of(d("2026-11-28").and_time(t("04:59"))), d("2026-11-27"));
        assert!(DayBoundary::new(24).is_err());
    }

    #[test]
    fn placing_keeps_the_offset() {
        let tz = FixedOffset::east_opt(3600).unwrap();
        let start = DayBoundary::default().place(&tz, d("2026-11-27"), t("03:10")).unwrap();
        assert_eq!(start.to_rfc3339(), "2026-11-28T03:10:00+01:00");
    }

    #[test]
    fn neutral_stands_alone() {
        assert!(Postures::new([Posture::Neutral]).is_ok());
        assert!(Postures::new([Posture::ToesPointed, Posture::TuckedCovers]).is_ok());
        let err = Postures::new([Posture::Neutral, Posture::FeetHanging]).unwrap_err();
        assert_eq!(err.to_string(), "posture 'neutral' cannot be combined with feet-hanging");
    }

    #[test]
    fn more_than_a_day_on_and_off_feet_is_refused() {
        let mut n = Night::empty(d("2026-11-27"));
        n.standing = Some(Quarters::new(64).unwrap());
        n.sitting = Some(Quarters::new(40).unwrap());
        assert!(n.check().is_err());
        n.sitting = Some(Quarters::new(32).unwrap());
        assert!(n.check().is_ok());
    }
}
