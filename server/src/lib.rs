//! The Flyt server as a library: the axum router and pages (`web`), the JSON API v1
//! (`api`), the demo company and the command-line imports. The `flyt` binary serves it;
//! the `flyt-bench` binary measures it (benchmarks stay out of the production binary).
pub mod api;
pub mod demo;
pub mod import;
pub mod web;

/// Opens the database at `url` and brings its schema up to date (a company made
/// before the journal existed gets its chart of accounts).
pub async fn open(url: &str) -> Result<app::db::Db, String> {
    let db = app::db::Db::connect(url).await?;
    db.migrate().await?;
    app::accounting::service::ensure_charts(&db).await.map_err(|e| format!("chart of accounts: {e}"))?;
    Ok(db)
}
