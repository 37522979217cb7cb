//! The store: one sqlx `Any` pool over SQLite (default) or PostgreSQL, chosen by the
//! URL scheme. Queries use `$n` placeholders and `RETURNING`, which both accept, so
//! each area's `store.rs` holds one SQL text per operation for both backends.
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

use crate::error::AppError;

pub mod changes;
pub mod codec;
pub mod http;
pub mod outbound;
pub mod secrets;

/// A boxed future that may cross threads: what a registry of async functions holds.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

mod events;
mod group;
pub mod idempotency;
pub mod packed;

/// A write transaction. On SQLite it is a posting in a group commit (see [`group`]):
/// it holds the process's write gate, so writers queue in order inside the process
/// instead of spinning on SQLite's busy handler (which sleeps in steps of
/// milliseconds and leaves the lock idle), and `commit` returns once the group's
/// COMMIT is durable; dropped uncommitted, it is rolled back.
///
/// A posting names what happened on it ([`Tx::emit`]); the events are written when it
/// commits, in its transaction (one statement for all of them), or not at all.
pub struct Tx(Inner, Vec<crate::core::event::Event>);

enum Inner {
    Pool(Transaction<'static, Any>),
    Group(group::Member),
}

impl Tx {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        idempotency::write(&mut self).await?;
        let events = crate::core::event::coalesce(std::mem::take(&mut self.1));
        let backend = match self.0 {
            Inner::Pool(_) => Backend::Postgres,
            Inner::Group(_) => Backend::Sqlite,
        };
        let mut companies: Vec<i64> = events.iter().map(|e| e.company_id).collect();
        companies.sort_unstable();
        companies.dedup();
        for c in companies {
            let mine: Vec<_> = events.iter().filter(|e| e.company_id == c).cloned().collect();
            events::write(&mut self, backend, c, &mine).await?;
        }
        match self.0 {
            Inner::Pool(t) => t.commit().await,
            Inner::Group(m) => group::commit(m).await,
        }
    }

    /// Names an event of this posting: written with the commit.
    pub fn emit(&mut self, event: crate::core::event::Event) {
        self.1.push(event);
    }
}

impl std::ops::Deref for Tx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        match &self.0 {
            Inner::Pool(t) => t,
            Inner::Group(m) => m.conn(),
        }
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match &mut self.0 {
            Inner::Pool(t) => t,
            Inner::Group(m) => m.conn_mut(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The one pool of the process, handed to server functions through context.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Tells apart the databases one process has open (keys in-memory caches).
    pub instance: u64,
    /// SQLite: the process's writer, one posting at a time (see [`Tx`]).
    write_gate: group::Gate,
}

static INSTANCES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// SQLite `synchronous` mode. FULL by default: a posted invoice must survive a power
/// cut, and WAL with NORMAL may lose the last commits. `FLYT_SQLITE_SYNCHRONOUS=NORMAL`
/// trades that for speed (benchmarks print both).
fn sqlite_synchronous() -> String {
    match std::env::var("FLYT_SQLITE_SYNCHRONOUS").unwrap_or_default().to_ascii_uppercase().as_str() {
        "NORMAL" => "NORMAL".into(),
        "OFF" => "OFF".into(),
        _ => "FULL".into(),
    }
}

/// Connections in the pool: `FLYT_DB_POOL`, else 8 on SQLite and 16 on PostgreSQL.
/// (A SQLite connection is a worker thread that every statement and row crosses to;
/// on 2 cores 2 connections measured slower than 4 or 8, which were within the noise.)
fn pool_size(backend: Backend) -> u32 {
    match std::env::var("FLYT_DB_POOL").ok().and_then(|v| v.trim().parse().ok()).filter(|n| *n > 0) {
        Some(n) => n,
        None if backend == Backend::Sqlite => 8,
        None => 16,
    }
}

/// Turns `sqlite:path`, `sqlite://path` or a bare file path into a URL sqlx accepts,
/// creating the parent directory.
pub fn normalise_url(url: &str) -> Result<String, String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(url.to_string());
    }
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url);
    let (file, _query) = path.split_once('?').unwrap_or((path, ""));
    if file.is_empty() {
        return Err("DATABASE_URL names no SQLite file".into());
    }
    if let Some(parent) = std::path::Path::new(file).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
    }
    Ok(format!("sqlite://{file}?mode=rwc"))
}

impl Db {
    pub async fn connect(url: &str) -> Result<Db, String> {
        sqlx::any::install_default_drivers();
        let url = normalise_url(url)?;
        let backend = if url.starts_with("sqlite:") { Backend::Sqlite } else { Backend::Postgres };
        let opts = AnyConnectOptions::from_str(&url).map_err(|e| format!("bad DATABASE_URL: {e}"))?.log_statements(tracing::log::LevelFilter::Trace);
        let sync = sqlite_synchronous();
        let pool = AnyPoolOptions::new()
            .max_connections(pool_size(backend))
            .acquire_timeout(Duration::from_secs(30))
            // sqlx pings a connection when it goes back to the pool and, by default, again
            // when it is taken out: a PostgreSQL server may have dropped it meanwhile, but
            // a SQLite file connection never goes stale, and on SQLite each ping is a round
            // trip to the connection's thread on every use of the pool
            .test_before_acquire(backend == Backend::Postgres)
            .after_connect(move |conn, _meta| {
                let sync = sync.clone();
                Box::pin(async move {
                    if conn.backend_name() == "SQLite" {
                        conn.execute(
                            format!("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous={sync};").as_str(),
                        )
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(opts)
            .await
            .map_err(|e| format!("cannot open database: {e}"))?;
        Ok(Db { pool, backend, instance: INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed), write_gate: Default::default() })
    }

    pub async fn migrate(&self) -> Result<(), String> {
        let m = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATOR,
            Backend::Postgres => &POSTGRES_MIGRATOR,
        };
        m.run(&self.pool).await.map_err(|e| format!("migration failed: {e}"))
    }

    /// A write transaction. On SQLite it takes the write lock at BEGIN (IMMEDIATE), so a
    /// read-then-write posting can never fail half-way with a busy snapshot.
    pub async fn begin(&self) -> Result<Tx, AppError> {
        match self.backend {
            Backend::Sqlite => Ok(Tx(Inner::Group(group::begin(&self.write_gate, &self.pool).await.map_err(db_err)?), Vec::new())),
            Backend::Postgres => Ok(Tx(Inner::Pool(self.pool.begin().await.map_err(db_err)?), Vec::new())),
        }
    }
}

/// Maps a database error to an `AppError`. Constraint violations get a typed kind
/// (never string matching); callers that know what was unique give a better message
/// with [`unique_or`].
pub fn db_err(e: sqlx::Error) -> AppError {
    if let sqlx::Error::Database(d) = &e {
        if d.is_unique_violation() {
            return AppError::Conflict("That already exists".into());
        }
        if d.is_foreign_key_violation() {
            return AppError::Invalid("That refers to something that does not exist".into());
        }
        if d.is_check_violation() {
            return AppError::Invalid("A value is out of range".into());
        }
    }
    tracing::error!("database error: {e}");
    AppError::Internal("database".into())
}

/// Like [`db_err`] but with a message for a unique violation.
pub fn unique_or(msg: impl Into<String>) -> impl FnOnce(sqlx::Error) -> AppError {
    let msg = msg.into();
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AppError::Conflict(msg),
        _ => db_err(e),
    }
}

/// The VALUES rows of a multi-row INSERT: every row starts with the `fixed` shared
/// parameters ($1 … $fixed), then `per_row` parameters of its own.
pub fn values_rows(rows: usize, fixed: usize, per_row: usize) -> String {
    (0..rows)
        .map(|i| {
            let own = fixed + 1 + per_row * i;
            let params: Vec<String> = (1..=fixed).chain(own..own + per_row).map(|k| format!("${k}")).collect();
            format!("({})", params.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Marks a company's record (of `table`, a name written in the code) changed now.
pub async fn touch(tx: &mut Tx, table: &'static str, company_id: i64, id: i64) -> crate::error::AppResult<()> {
    sqlx::query(&format!("UPDATE {table} SET updated_at = $3 WHERE company_id = $1 AND id = $2"))
        .bind(company_id)
        .bind(id)
        .bind(now_ms())
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Whether the company has a record of `table` (a name written in the code) with this code.
pub async fn code_taken(tx: &mut Tx, table: &'static str, company_id: i64, code: &str) -> crate::error::AppResult<bool> {
    let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table} WHERE company_id = $1 AND code = $2"))
        .bind(company_id)
        .bind(code)
        .fetch_one(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(n > 0)
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod values_tests {
    #[test]
    fn values_rows_number_the_parameters() {
        assert_eq!(super::values_rows(2, 2, 3), "($1, $2, $3, $4, $5), ($1, $2, $6, $7, $8)");
    }
}
