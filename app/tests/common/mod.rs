//! What the app's database tests share.
use app::db::Db;

/// A migrated database of its own on `backend` ("sqlite": a temporary file, kept as
/// long as the returned directory; "postgres": a new database at 127.0.0.1:5432, named so that the server tests' clean-up
/// drops it once this process has ended).
/// None when PostgreSQL is not reachable, which fails when `CI` is set.
pub async fn fresh(backend: &str) -> Option<(Db, Option<tempfile::TempDir>)> {
    let (url, dir) = if backend == "sqlite" {
        let dir = tempfile::tempdir().unwrap();
        (format!("sqlite://{}", dir.path().join("t.db").display()), Some(dir))
    } else {
        let admin = match Db::connect("postgres://postgres@127.0.0.1:5432/postgres").await {
            Ok(a) => a,
            Err(e) => {
                assert!(std::env::var_os("CI").is_none(), "CI is set but PostgreSQL is not reachable: {e}");
                return None;
            }
        };
        let name = format!("flyt_test_{}_{}", std::process::id(), chrono::Utc::now().timestamp_nanos_opt().unwrap_or(0) % 1_000_000_000);
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap();
        (format!("postgres://postgres@127.0.0.1:5432/{name}"), None)
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    Some((db, dir))
}
