//! The JSON shape of a measured value (steps, standing, water, sleep from a tracker), in the
//! export document's `measured` list and in `show --json`. Kept apart from the night records, as
//! the journal keeps them apart from what the person typed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::json::NightRecord;
use crate::health::{Measured, MeasuredKind, Origin};
use crate::store::StoredMeasured;

/// One night's figure of one kind. Field names are a public contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasuredRecord {
    pub night: NaiveDate,
    /// `steps`, `stand_min`, `water_ml`, `sleep_asleep_min`, `sleep_in_bed_min` or `awakenings`.
    pub kind: String,
    pub value: i64,
    /// `count`, `min` or `mL`, following from the kind.
    pub unit: String,
    /// The device or app the figure came from.
    pub source: String,
    /// `apple_health` or `metrics_csv`.
    pub origin: String,
    /// When it was imported, RFC 3339.
    pub imported_at: String,
}

impl MeasuredRecord {
    #[must_use]
    pub fn new(stored: &StoredMeasured) -> Self {
        let (m, origin) = (&stored.value, stored.origin);
        Self {
            night: m.night,
            kind: m.kind.as_str().to_owned(),
            value: m.value,
            unit: m.kind.unit().to_owned(),
            source: m.source.clone(),
            origin: origin.as_str().to_owned(),
            imported_at: stored.imported_at.clone(),
        }
    }

    /// Back to the model, naming the field that is wrong.
    pub fn into_stored(self) -> Result<StoredMeasured, String> {
        let kind = MeasuredKind::parse(&self.kind).ok_or_else(|| {
            let names: Vec<&str> = MeasuredKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("kind: '{}' is not one of {}", self.kind, names.join(", "))
        })?;
        if self.unit != kind.unit() {
            return Err(format!("unit: '{}' is not {}, the unit of {kind}", self.unit, kind.unit()));
        }
        if !(0..=kind.ceiling()).contains(&self.value) {
            return Err(format!("value: {} is not from 0 to {}", self.value, kind.ceiling()));
        }
        if self.source.is_empty() || self.source.chars().count() > 200 {
            return Err("source: must be 1 to 200 characters".to_owned());
        }
        let origin = Origin::parse(&self.origin)
            .ok_or_else(|| format!("origin: '{}' is not apple_health or metrics_csv", self.origin))?;
        crate::model::storable_date(self.night).map_err(|e| format!("night: {e}"))?;
        if !(10..=40).contains(&self.imported_at.len()) {
            return Err(format!("imported_at: '{}' is not a date and time", self.imported_at));
        }
        let value = Measured { night: self.night, kind, value: self.value, source: self.source };
        Ok(StoredMeasured { value, origin, imported_at: self.imported_at })
    }
}

/// `show --json`: the night's record with its measured values beside it (absent when none, so
/// the output for a journal without them is as before).
#[derive(Debug, Serialize)]
pub struct NightWithMeasured<'a> {
    #[serde(flatten)]
    pub night: &'a NightRecord,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measured: Vec<MeasuredRecord>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_record_round_trips_and_bad_fields_are_named() {
        let value = Measured {
            night: "2026-11-20".parse().unwrap(),
            kind: MeasuredKind::WaterMl,
            value: 1237,
            source: "App".into(),
        };
        let stored = StoredMeasured {
            value,
            origin: Origin::AppleHealth,
            imported_at: "2026-11-28T09:00:00+01:00".into(),
        };
        let record = MeasuredRecord::new(&stored);
        assert_eq!(record.unit, "mL");
        assert_eq!(record.clone().into_stored().unwrap(), stored);
        let wrong = MeasuredRecord { unit: "L".into(), ..record.clone() };
        assert_eq!(wrong.into_stored().unwrap_err(), "unit: 'L' is not mL, the unit of water_ml");
        let wrong = MeasuredRecord { kind: "kcal".into(), ..record.clone() };
        assert!(wrong.into_stored().unwrap_err().starts_with("kind: 'kcal' is not one of steps, stand_min"));
        let wrong = MeasuredRecord { value: -1, ..record };
        assert_eq!(wrong.into_stored().unwrap_err(), "value: -1 is not from 0 to 20000");
    }
}
