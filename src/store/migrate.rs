//! Numbered schema migrations, applied in order at open and recorded in `PRAGMA user_version`.
//! A migration that has shipped is never edited: changes go in a new file.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use super::APPLICATION_ID;

/// One schema step: the SQL that takes version `n - 1` to `n`.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub name: &'static str,
    pub sql: &'static str,
}

/// Every migration, oldest first; the schema version is the number applied.
pub const MIGRATIONS: &[Migration] = &[
    Migration { name: "0001_init.sql", sql: include_str!("../../migrations/0001_init.sql") },
    Migration { name: "0002_suspected.sql", sql: include_str!("../../migrations/0002_suspected.sql") },
    Migration {
        name: "0003_evening_doses_classes.sql",
        sql: include_str!("../../migrations/0003_evening_doses_classes.sql"),
    },
    Migration { name: "0004_experiments.sql", sql: include_str!("../../migrations/0004_experiments.sql") },
    Migration { name: "0005_measured.sql", sql: include_str!("../../migrations/0005_measured.sql") },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to date in one transaction. Re-reads the version under the write lock,
/// so two processes opening a new journal at once migrate it once. Foreign keys are off while
/// the steps run, as SQLite's procedure for rebuilding a table requires (a rebuilt parent table
/// would otherwise cascade its deletes onto the children), and checked before the commit.
pub(super) fn apply(conn: &mut Connection, migrations: &[Migration]) -> rusqlite::Result<()> {
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = apply_steps(conn, migrations);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    result
}

fn apply_steps(conn: &mut Connection, migrations: &[Migration]) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for migration in migrations.iter().skip(usize::try_from(current).unwrap_or(usize::MAX)) {
        tx.execute_batch(migration.sql)?;
    }
    if current < migrations.len() as i64 {
        let broken: Option<String> = tx.query_row("PRAGMA foreign_key_check", [], |r| r.get(0)).optional()?;
        if let Some(table) = broken {
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
                Some(format!("the schema upgrade would leave a broken reference in {table}")),
            ));
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", migrations.len() as i64)?;
    }
    tx.commit()
}

/// One entry of `sqlite_schema` as the check compares it: its type, its name, and for triggers
/// and views (the objects that run code) their SQL, so that one of cramp's own names cannot
/// carry other code.
pub(super) type SchemaObject = (String, String, Option<String>);

/// What `sqlite_schema` holds in a journal at schema `version`, found by applying the first
/// `version` migrations to an empty in-memory database: the list can never drift from the
/// migrations, and it takes about a millisecond.
pub(super) fn expected_schema(
    migrations: &[Migration],
    version: i64,
) -> rusqlite::Result<BTreeSet<SchemaObject>> {
    let mut conn = Connection::open_in_memory()?;
    let upto = usize::try_from(version).unwrap_or(0).min(migrations.len());
    if upto > 0 {
        apply(&mut conn, &migrations[..upto])?;
    }
    schema_of(&conn)
}

/// The objects in `conn`'s main database, leaving out SQLite's own statistics tables (`ANALYZE`
/// makes them and SQLite alone reads them).
pub(super) fn schema_of(conn: &Connection) -> rusqlite::Result<BTreeSet<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, CASE WHEN type IN ('trigger', 'view') THEN sql END FROM main.sqlite_schema \
         WHERE NOT (type = 'table' AND name GLOB 'sqlite_stat[1-4]')",
    )?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect()
}

/// What is wrong with `found` against `expected`, as words to follow the file's name: the first
/// object the migrations do not make ("holds the trigger wipe, which was not made by cramp"),
/// else the first one they make that is missing. `None` when the two agree.
pub(super) fn schema_difference(
    found: &BTreeSet<SchemaObject>,
    expected: &BTreeSet<SchemaObject>,
) -> Option<String> {
    if let Some((kind, name, _)) = found.difference(expected).next() {
        return Some(format!(
            "holds the {kind} {name}, which was not made by cramp (a journal from elsewhere can carry \
             code that runs on every change)"
        ));
    }
    expected
        .difference(found)
        .next()
        .map(|(kind, name, _)| format!("lacks the {kind} {name} that cramp makes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_in_order_and_apply_cleanly() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert!(m.name.starts_with(&format!("{:04}_", i + 1)), "{} is out of sequence", m.name);
            assert!(std::path::Path::new(m.name).extension().is_some_and(|e| e == "sql"));
        }
        let mut conn = Connection::open_in_memory().unwrap();
        apply(&mut conn, MIGRATIONS).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        // Applying again is a no-op, not an error.
        apply(&mut conn, MIGRATIONS).unwrap();
        let fk: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(fk.is_empty());
    }

    #[test]
    fn the_expected_schema_is_what_the_migrations_make() {
        let all = expected_schema(MIGRATIONS, SCHEMA_VERSION).unwrap();
        let has = |kind: &str, name: &str| all.iter().any(|(k, n, _)| k == kind && n == name);
        assert!(has("table", "nights") && has("table", "suspected_factors"));
        assert!(has("trigger", "night_postures_neutral_alone") && has("index", "episodes_by_night"));
        assert!(!has("table", "medications_v3"), "a table renamed away is still listed");
        let first = expected_schema(MIGRATIONS, 1).unwrap();
        assert!(!first.iter().any(|(_, n, _)| n == "suspected_factors"));
        assert!(expected_schema(MIGRATIONS, 0).unwrap().is_empty());

        let mut planted = all.clone();
        planted.insert(("trigger".into(), "wipe".into(), Some("CREATE TRIGGER wipe ...".into())));
        let said = schema_difference(&planted, &all).unwrap();
        assert!(said.starts_with("holds the trigger wipe, which was not made by cramp"), "{said}");
        let mut missing = all.clone();
        missing.retain(|(_, n, _)| n != "episodes");
        assert_eq!(
            schema_difference(&missing, &all).as_deref(),
            Some("lacks the table episodes that cramp makes")
        );
        assert_eq!(schema_difference(&all, &all), None);
    }

    #[test]
    fn migration_files_on_disk_match_the_list() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| std::path::Path::new(n).extension().is_some_and(|e| e == "sql"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = MIGRATIONS.iter().map(|m| m.name).collect();
        assert_eq!(on_disk, listed, "every file in migrations/ must be listed in MIGRATIONS, in order");
    }
}
