//! The Flyt server as a library: the axum router and pages (`web`), the JSON API v1
//! (`api`), the demo company and the command-line imports. The `flyt` binary serves it;
//! the `flyt-bench` binary measures it (benchmarks stay out of the production binary).
pub mod api;
pub mod demo;
pub mod import;
pub mod web;

/// Opens the database at `url` and brings its schema up to date.
pub async fn open(url: &str) -> Result<app::db::Db, String> {
    let db = app::db::Db::connect(url).await?;
    db.migrate().await?;
    Ok(db)
}
