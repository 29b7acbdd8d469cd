//! The suspected factors: a setting the person keeps, read and changed as a set.

use super::{Result, Store, StoreError};
use crate::model::Factor;

impl Store {
    /// The suspected factors, in id order.
    pub fn suspected_factors(&self) -> Result<Vec<Factor>> {
        self.read(|c| {
            let mut stmt = c.prepare_cached("SELECT factor FROM suspected_factors ORDER BY factor")?;
            let ids = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            ids.iter()
                .map(|id| {
                    id.parse::<Factor>()
                        .map_err(|e| StoreError::bad_data(format!("suspected_factors holds '{id}': {e}")))
                })
                .collect()
        })
    }

    /// Adds and removes suspected factors in one transaction; adding one already there, or
    /// removing one that is not, is not an error.
    pub fn change_suspected(&mut self, add: &[Factor], remove: &[Factor]) -> Result<()> {
        self.write(|tx| {
            for f in add {
                tx.prepare_cached("INSERT OR IGNORE INTO suspected_factors (factor) VALUES (?1)")?
                    .execute([f.to_string()])?;
            }
            for f in remove {
                tx.prepare_cached("DELETE FROM suspected_factors WHERE factor = ?1")?
                    .execute([f.to_string()])?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{MedClass, Tag};

    #[test]
    fn suspicions_round_trip_and_the_schema_checks_ids() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("j.db")).unwrap();
        let coffee = Factor::Tag(Tag::new("coffee").unwrap());
        store
            .change_suspected(&[coffee.clone(), Factor::LowFluid, Factor::Med(MedClass::Statin)], &[])
            .unwrap();
        store.change_suspected(&[Factor::LowFluid], &[Factor::Med(MedClass::Statin)]).unwrap();
        assert_eq!(store.suspected_factors().unwrap(), [Factor::LowFluid, coffee]);
        for bad in ["sugar", "med:aspirin", "tag:", "tag:Coffee", "tag:two words", "Low_fluid"] {
            let sql = "INSERT INTO suspected_factors (factor) VALUES (?1)";
            assert!(store.conn.execute(sql, [bad]).is_err(), "the schema accepted {bad}");
        }
    }
}
