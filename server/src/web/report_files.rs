//! The reports' downloads: `/reports/<report>.csv` and `.xlsx` of the page's filters
//! (the query string), each report made by its service and written as a report table.
use app::auth::service::AuthCtx;
use app::core::T;
use app::db::Db;
use app::error::AppError;
use app::reports::model::Table;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde::de::DeserializeOwned;

use super::AppState;

/// The reports that download.
const REPORTS: [&str; 6] = ["sales", "profit", "receivables", "quotes", "budget", "turnover"];

pub fn routes(mut r: Router<AppState>) -> Router<AppState> {
    for name in REPORTS {
        for ext in ["csv", "xlsx"] {
            r = r.route(
                &format!("/reports/{name}.{ext}"),
                get(move |State(db): State<Db>, headers: HeaderMap, uri: Uri| async move { report_file(db, headers, name, ext == "xlsx", uri).await }),
            );
        }
    }
    r
}

fn query<Q: DeserializeOwned>(uri: &Uri) -> Result<Q, AppError> {
    Query::<Q>::try_from_uri(uri).map(|q| q.0).map_err(|e| AppError::invalid(format!("The report's filters could not be read: {e}")))
}

/// The report `name` of the query's filters as a file name (no extension) and table.
async fn table(db: &Db, ctx: &AuthCtx, name: &str, uri: &Uri) -> Result<(String, Table), AppError> {
    use app::reports::{ageing, budget, model, quotes, service as sales, turnover};
    let (l, total) = (ctx.lang, ctx.lang.t(T::Total));
    match name {
        "sales" => {
            let r = sales::sales(db, ctx, &query(uri)?).await?;
            Ok((sales::file_name(name, &r), model::sales_table(&r, sales::heads(&r, l), total)))
        }
        "profit" => {
            let r = sales::sales(db, ctx, &query(uri)?).await?;
            Ok((sales::file_name(name, &r), model::profit_table(&r, sales::profit_heads(&r, l), total)))
        }
        "receivables" => {
            let r = ageing::service::ageing(db, ctx, &query(uri)?).await?;
            Ok((ageing::service::file_name(&r), ageing::model::table(&r, ageing::service::heads(l), total)))
        }
        "quotes" => {
            let r = quotes::service::quotes(db, ctx, &query(uri)?).await?;
            Ok((quotes::service::file_name(&r), quotes::model::table(&r, quotes::service::heads(&r, l), total)))
        }
        "budget" => {
            let r = budget::service::budget(db, ctx, &query(uri)?).await?;
            Ok((budget::service::file_name(&r), budget::model::table(&r, budget::service::heads(&r, l), total)))
        }
        "turnover" => {
            let r = turnover::service::turnover(db, ctx, &query(uri)?).await?;
            Ok((turnover::service::file_name(&r), turnover::model::table(&r, turnover::service::heads(l), total)))
        }
        _ => Err(AppError::not_found("No such report")),
    }
}

async fn report_file(db: Db, headers: HeaderMap, name: &'static str, xlsx: bool, uri: Uri) -> Response {
    let content_type = if xlsx { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } else { "text/csv; charset=utf-8" };
    let run = async {
        let ctx = app::auth::service::authenticate(&db, &headers).await?;
        ctx.ensure(app::auth::Perm::Read)?;
        let (name, t) = table(&db, &ctx, name, &uri).await?;
        if xlsx {
            let bytes = app::reports::xlsx::write(&t).map_err(|e| AppError::Internal(e.to_string()))?;
            Ok((format!("{name}.xlsx"), bytes))
        } else {
            Ok((format!("{name}.csv"), t.csv().into_bytes()))
        }
    };
    super::exports::file_download(&db, &headers, content_type, run).await
}
