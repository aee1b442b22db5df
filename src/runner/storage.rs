//! Dev storage in SQLite (`.alga/dev.db`): key-value entries with revisions and schedules,
//! kept per install as on the server (and per tenant, which on the server an install id
//! implies), and invoices. WAL with full sync, so a committed write survives a crash of the
//! process.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, params};

/// Tenant, install and extension a call belongs to.
#[derive(Debug, Clone)]
pub struct Scope {
    pub tenant: String,
    /// The install id: what storage and schedules are kept by.
    pub install: String,
    pub extension: String,
}

/// The install id of calls that do not name one (`alga dev`, `alga invoke`), and the one rows
/// of stores from before storage was kept per install are moved to.
pub const DEV_INSTALL_ID: &str = "dev-install";

/// The version of the tables this alga keeps (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

/// The tables, as this version keeps them (`PRAGMA user_version` 1).
const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS kv (
        tenant TEXT NOT NULL, install TEXT NOT NULL, namespace TEXT NOT NULL,
        key TEXT NOT NULL, value BLOB NOT NULL, revision INTEGER NOT NULL,
        PRIMARY KEY (tenant, install, namespace, key));
     CREATE TABLE IF NOT EXISTS schedules (
        id TEXT PRIMARY KEY, tenant TEXT NOT NULL, install TEXT NOT NULL,
        endpoint_method TEXT NOT NULL, endpoint_path TEXT NOT NULL, name TEXT,
        cron TEXT NOT NULL, timezone TEXT NOT NULL, enabled INTEGER NOT NULL,
        payload TEXT, created_at TEXT NOT NULL);
     CREATE TABLE IF NOT EXISTS invoices (
        id TEXT PRIMARY KEY, tenant TEXT NOT NULL, extension TEXT NOT NULL,
        number TEXT NOT NULL, body TEXT NOT NULL);";

/// From stores keyed by tenant and extension (user_version 0): entries and schedules go to
/// [`DEV_INSTALL_ID`], which every call used unless told otherwise. Of two extensions' entries
/// under one key, the first is moved; the old table stays as `kv_by_extension`, so nothing is
/// lost (entries written with another `--install-id` are there too).
const MIGRATE_TO_INSTALLS: &str = "ALTER TABLE kv RENAME TO kv_by_extension;
     ALTER TABLE schedules RENAME COLUMN extension TO install;
     UPDATE schedules SET install = 'dev-install';";
const MIGRATE_ENTRIES: &str =
    "INSERT OR IGNORE INTO kv (tenant, install, namespace, key, value, revision)
        SELECT tenant, 'dev-install', namespace, key, value, revision FROM kv_by_extension
        ORDER BY rowid;";

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub namespace: String,
    pub key: String,
    pub value: Vec<u8>,
    pub revision: u64,
}

/// Why a put did not happen.
#[derive(Debug, PartialEq)]
pub enum PutError {
    /// The stored revision is not the one the caller read.
    Conflict,
}

/// Server limits mirrored from the Alga storage service.
pub const MAX_VALUE: usize = 64 * 1024;
pub const MAX_NAMESPACE: usize = 128;
pub const MAX_KEY: usize = 256;
/// Entries returned by one `list-entries` page.
pub const PAGE: usize = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub id: String,
    pub endpoint_method: String,
    pub endpoint_path: String,
    pub name: Option<String>,
    pub cron: String,
    pub timezone: String,
    pub enabled: bool,
    pub payload: Option<String>,
    pub created_at: String,
}

pub struct Store {
    conn: Mutex<Connection>,
}

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path)?;
        Store::init(conn)
    }

    /// A database that lives as long as the store (`alga test` gives each file one).
    pub fn in_memory() -> rusqlite::Result<Store> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> rusqlite::Result<Store> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        Store::migrate(&conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    /// Creates the tables, or brings an older store's up to date, in one transaction.
    fn migrate(conn: &Connection) -> rusqlite::Result<()> {
        // Read inside the transaction: two processes opening an older store at once migrate
        // it once.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let done = (|| {
            let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
            if version > SCHEMA_VERSION {
                // Its tables are not the ones this version reads or writes.
                return Err(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISMATCH),
                    Some(format!(
                        "the store was written by a newer alga (version {version} of its tables; this alga knows {SCHEMA_VERSION}): update alga, or move `.alga/dev.db` away to start afresh"
                    )),
                ));
            }
            if version == SCHEMA_VERSION {
                return Ok(());
            }
            let keyed_by_extension: bool = conn.query_row(
                "SELECT COUNT(*) > 0 FROM pragma_table_info('kv') WHERE name = 'extension'",
                [],
                |r| r.get(0),
            )?;
            if keyed_by_extension {
                conn.execute_batch(MIGRATE_TO_INSTALLS)?;
            }
            conn.execute_batch(SCHEMA)?;
            if keyed_by_extension {
                conn.execute_batch(MIGRATE_ENTRIES)?;
            }
            conn.pragma_update(None, "user_version", SCHEMA_VERSION)
        })();
        match done {
            Ok(()) => conn.execute_batch("COMMIT"),
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, s: &Scope, namespace: &str, key: &str) -> rusqlite::Result<Option<Entry>> {
        self.conn()
            .query_row(
                "SELECT value, revision FROM kv WHERE tenant=?1 AND install=?2 AND namespace=?3 AND key=?4",
                params![s.tenant, s.install, namespace, key],
                |r| {
                    Ok(Entry {
                        namespace: namespace.to_string(),
                        key: key.to_string(),
                        value: r.get(0)?,
                        revision: r.get::<_, i64>(1)? as u64,
                    })
                },
            )
            .optional()
    }

    /// Writes the entry; with `if_revision` only when the stored revision is that one
    /// (a missing entry has no revision). Returns the new revision.
    pub fn put(
        &self,
        s: &Scope,
        namespace: &str,
        key: &str,
        value: &[u8],
        if_revision: Option<u64>,
    ) -> rusqlite::Result<Result<u64, PutError>> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let current: Option<i64> = tx
            .query_row(
                "SELECT revision FROM kv WHERE tenant=?1 AND install=?2 AND namespace=?3 AND key=?4",
                params![s.tenant, s.install, namespace, key],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(expected) = if_revision
            && current.map(|c| c as u64) != Some(expected)
        {
            return Ok(Err(PutError::Conflict));
        }
        let next = current.unwrap_or(0) + 1;
        tx.execute(
            "INSERT INTO kv (tenant, install, namespace, key, value, revision) VALUES (?1,?2,?3,?4,?5,?6)
             ON CONFLICT (tenant, install, namespace, key) DO UPDATE SET value=excluded.value, revision=excluded.revision",
            params![s.tenant, s.install, namespace, key, value, next],
        )?;
        tx.commit()?;
        Ok(Ok(next as u64))
    }

    pub fn delete(&self, s: &Scope, namespace: &str, key: &str) -> rusqlite::Result<bool> {
        let n = self.conn().execute(
            "DELETE FROM kv WHERE tenant=?1 AND install=?2 AND namespace=?3 AND key=?4",
            params![s.tenant, s.install, namespace, key],
        )?;
        Ok(n > 0)
    }

    /// One page of entries in key order, after `cursor` (the last key of the previous page).
    pub fn list(
        &self,
        s: &Scope,
        namespace: &str,
        cursor: Option<&str>,
    ) -> rusqlite::Result<Vec<Entry>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT key, value, revision FROM kv WHERE tenant=?1 AND install=?2 AND namespace=?3 AND key > ?4
             ORDER BY key LIMIT ?5",
        )?;
        let rows = stmt.query_map(
            params![
                s.tenant,
                s.install,
                namespace,
                cursor.unwrap_or(""),
                PAGE as i64
            ],
            |r| {
                Ok(Entry {
                    namespace: namespace.to_string(),
                    key: r.get(0)?,
                    value: r.get(1)?,
                    revision: r.get::<_, i64>(2)? as u64,
                })
            },
        )?;
        rows.collect()
    }

    pub fn schedules(&self, s: &Scope) -> rusqlite::Result<Vec<Schedule>> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, endpoint_method, endpoint_path, name, cron, timezone, enabled, payload, created_at
             FROM schedules WHERE tenant=?1 AND install=?2 ORDER BY created_at, id",
        )?;
        let rows = stmt.query_map(params![s.tenant, s.install], |r| {
            Ok(Schedule {
                id: r.get(0)?,
                endpoint_method: r.get(1)?,
                endpoint_path: r.get(2)?,
                name: r.get(3)?,
                cron: r.get(4)?,
                timezone: r.get(5)?,
                enabled: r.get::<_, i64>(6)? != 0,
                payload: r.get(7)?,
                created_at: r.get(8)?,
            })
        })?;
        rows.collect()
    }

    pub fn save_schedule(&self, s: &Scope, sc: &Schedule) -> rusqlite::Result<()> {
        self.conn().execute(
            "INSERT INTO schedules (id, tenant, install, endpoint_method, endpoint_path, name, cron, timezone, enabled, payload, created_at)
             VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)
             ON CONFLICT (id) DO UPDATE SET endpoint_method=excluded.endpoint_method, endpoint_path=excluded.endpoint_path,
               name=excluded.name, cron=excluded.cron, timezone=excluded.timezone, enabled=excluded.enabled, payload=excluded.payload",
            params![
                sc.id, s.tenant, s.install, sc.endpoint_method, sc.endpoint_path, sc.name, sc.cron,
                sc.timezone, sc.enabled as i64, sc.payload, sc.created_at
            ],
        )?;
        Ok(())
    }

    pub fn delete_schedule(&self, s: &Scope, id: &str) -> rusqlite::Result<bool> {
        let n = self.conn().execute(
            "DELETE FROM schedules WHERE tenant=?1 AND install=?2 AND id=?3",
            params![s.tenant, s.install, id],
        )?;
        Ok(n > 0)
    }

    /// Stores an invoice and returns its number (`INV-0001`, counting per tenant).
    pub fn insert_invoice(&self, s: &Scope, id: &str, body: &str) -> rusqlite::Result<String> {
        let conn = self.conn();
        let count: i64 = conn.query_row(
            "SELECT COUNT(*) FROM invoices WHERE tenant=?1",
            params![s.tenant],
            |r| r.get(0),
        )?;
        let number = format!("INV-{:04}", count + 1);
        conn.execute(
            "INSERT INTO invoices (id, tenant, extension, number, body) VALUES (?1,?2,?3,?4,?5)",
            params![id, s.tenant, s.extension, number, body],
        )?;
        Ok(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(t: &str) -> Scope {
        Scope {
            tenant: t.into(),
            install: DEV_INSTALL_ID.into(),
            extension: "ext".into(),
        }
    }

    /// A store from a newer alga is refused with what to do, not misread.
    #[test]
    fn a_store_from_a_newer_alga_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dev.db");
        let newer = Connection::open(&path).unwrap();
        newer.pragma_update(None, "user_version", 2).unwrap();
        drop(newer);
        let Err(err) = Store::open(&path) else {
            panic!("a newer store was opened");
        };
        assert!(err.to_string().contains("written by a newer alga"), "{err}");
    }

    /// Entries are kept per install: another install of the same extension starts empty.
    #[test]
    fn installs_do_not_see_each_other() {
        let st = Store::in_memory().unwrap();
        let one = scope("t1");
        let two = Scope {
            install: "install-2".into(),
            ..scope("t1")
        };
        st.put(&one, "ns", "k", b"a", None).unwrap().unwrap();
        assert_eq!(st.get(&two, "ns", "k").unwrap(), None);
        assert_eq!(st.list(&two, "ns", None).unwrap(), vec![]);
    }

    /// A store written when entries were kept per tenant and extension: its entries and
    /// schedules move to the default install, once, and the rest of the store is kept.
    #[test]
    fn an_older_store_moves_to_the_default_install() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dev.db");
        let old = Connection::open(&path).unwrap();
        old.execute_batch(
            "CREATE TABLE kv (tenant TEXT NOT NULL, extension TEXT NOT NULL, namespace TEXT NOT NULL,
                key TEXT NOT NULL, value BLOB NOT NULL, revision INTEGER NOT NULL,
                PRIMARY KEY (tenant, extension, namespace, key));
             CREATE TABLE schedules (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, extension TEXT NOT NULL,
                endpoint_method TEXT NOT NULL, endpoint_path TEXT NOT NULL, name TEXT,
                cron TEXT NOT NULL, timezone TEXT NOT NULL, enabled INTEGER NOT NULL,
                payload TEXT, created_at TEXT NOT NULL);
             CREATE TABLE invoices (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, extension TEXT NOT NULL,
                number TEXT NOT NULL, body TEXT NOT NULL);
             INSERT INTO kv VALUES ('t1', 'ext', 'ns', 'k', x'6f6c64', 3);
             INSERT INTO schedules VALUES ('s1', 't1', 'ext', 'GET', '/x', NULL, '0 * * * *', 'UTC', 1, NULL, '2026-01-01T00:00:00Z');
             INSERT INTO invoices VALUES ('i1', 't1', 'ext', 'INV-0001', '{}');",
        )
        .unwrap();
        drop(old);
        for (pass, invoice) in [(0, "INV-0002"), (1, "INV-0003")] {
            let st = Store::open(&path).unwrap();
            let s = scope("t1");
            let entry = st.get(&s, "ns", "k").unwrap().unwrap();
            assert_eq!((entry.value.as_slice(), entry.revision), (&b"old"[..], 3));
            assert_eq!(st.schedules(&s).unwrap()[0].id, "s1");
            let id = format!("new-{pass}");
            assert_eq!(st.insert_invoice(&s, &id, "{}").unwrap(), invoice);
            let version: i64 = st
                .conn()
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(version, 1);
            // The old table is kept, not dropped.
            let old: i64 = st
                .conn()
                .query_row("SELECT COUNT(*) FROM kv_by_extension", [], |r| r.get(0))
                .unwrap();
            assert_eq!(old, 1);
        }
    }

    #[test]
    fn revisions_detect_conflicts() {
        let st = Store::in_memory().unwrap();
        let s = scope("t1");
        assert_eq!(st.put(&s, "ns", "k", b"a", None).unwrap(), Ok(1));
        assert_eq!(st.put(&s, "ns", "k", b"b", Some(1)).unwrap(), Ok(2));
        assert_eq!(
            st.put(&s, "ns", "k", b"c", Some(1)).unwrap(),
            Err(PutError::Conflict)
        );
        assert_eq!(
            st.put(&s, "ns", "new", b"x", Some(3)).unwrap(),
            Err(PutError::Conflict)
        );
        assert_eq!(st.get(&s, "ns", "k").unwrap().unwrap().value, b"b");
        // Tenants do not see each other's entries.
        assert_eq!(st.get(&scope("t2"), "ns", "k").unwrap(), None);
        assert!(st.delete(&s, "ns", "k").unwrap());
        assert!(!st.delete(&s, "ns", "k").unwrap());
    }

    #[test]
    fn list_pages_with_a_cursor() {
        let st = Store::in_memory().unwrap();
        let s = scope("t1");
        for i in 0..(PAGE + 5) {
            st.put(&s, "ns", &format!("k{i:04}"), b"v", None)
                .unwrap()
                .unwrap();
        }
        let first = st.list(&s, "ns", None).unwrap();
        assert_eq!(first.len(), PAGE);
        let next = st.list(&s, "ns", Some(&first.last().unwrap().key)).unwrap();
        assert_eq!(next.len(), 5);
        assert_eq!(next[0].key, format!("k{PAGE:04}"));
    }
}
