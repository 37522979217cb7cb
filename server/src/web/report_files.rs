//! The reports' downloads: `/reports/<report>.csv`, `.xlsx` and `.pdf` of the page's
//! filters (the query string), each report made by its service and written as a report
//! table (the PDF with the page's chart above it).
use app::auth::service::AuthCtx;
use app::core::T;
use app::db::Db;
use app::error::AppError;
use app::reports::model::{BarValue, Table};
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
        for ext in ["csv", "xlsx", "pdf"] {
            r = r.route(
                &format!("/reports/{name}.{ext}"),
                get(move |State(db): State<Db>, headers: HeaderMap, uri: Uri| async move { report_file(db, headers, name, ext, uri).await }),
            );
        }
    }
    r
}

fn query<Q: DeserializeOwned>(uri: &Uri) -> Result<Q, AppError> {
    Query::<Q>::try_from_uri(uri).map(|q| q.0).map_err(|e| AppError::invalid(format!("The report's filters could not be read: {e}")))
}

/// A report made for a download: its file name (no extension), title, table, and the
/// chart's bars with how many of them the page shows.
struct Made {
    file: String,
    title: T,
    table: Table,
    bars: Vec<BarValue>,
    top: usize,
}

/// The report `name` of the query's filters.
async fn made(db: &Db, ctx: &AuthCtx, name: &str, uri: &Uri) -> Result<Made, AppError> {
    use app::reports::{ageing, budget, model, quotes, service as sales, turnover};
    let (l, total) = (ctx.lang, ctx.lang.t(T::Total));
    let m = |file: String, title: T, table: Table, bars: Vec<BarValue>| Made { file, title, table, bars, top: 15 };
    match name {
        "sales" => {
            let r = sales::sales(db, ctx, &query(uri)?).await?;
            Ok(m(sales::file_name(name, &r), T::SalesReport, model::sales_table(&r, sales::heads(&r, l), total), model::sales_bars(&r.rows)))
        }
        "profit" => {
            let r = sales::sales(db, ctx, &query(uri)?).await?;
            Ok(m(sales::file_name(name, &r), T::ProfitReport, model::profit_table(&r, sales::profit_heads(&r, l), total), model::margin_bars(&r.rows)))
        }
        "receivables" => {
            let r = ageing::service::ageing(db, ctx, &query(uri)?).await?;
            let bars = ageing::model::bars(&r, &app::receivables::ageing::bucket_heads(l));
            let table = ageing::model::table(&r, ageing::service::heads(l), total);
            Ok(Made { top: 5, ..m(ageing::service::file_name(&r), T::ReceivablesReport, table, bars) })
        }
        "quotes" => {
            let r = quotes::service::quotes(db, ctx, &query(uri)?).await?;
            let table = quotes::model::table(&r, quotes::service::heads(&r, l), total);
            Ok(m(quotes::service::file_name(&r), T::QuotesReport, table, quotes::model::bars(&r)))
        }
        "budget" => {
            let r = budget::service::budget(db, ctx, &query(uri)?).await?;
            let table = budget::model::table(&r, budget::service::heads(&r, l), total);
            Ok(m(budget::service::file_name(&r), T::BudgetReport, table, budget::model::bars(&r, l.t(T::NoneValue))))
        }
        "turnover" => {
            let r = turnover::service::turnover(db, ctx, &query(uri)?).await?;
            let table = turnover::model::table(&r, turnover::service::heads(l), total);
            Ok(m(turnover::service::file_name(&r), T::TurnoverReport, table, turnover::model::bars(&r)))
        }
        _ => Err(AppError::not_found("No such report")),
    }
}

async fn report_file(db: Db, headers: HeaderMap, name: &'static str, ext: &'static str, uri: Uri) -> Response {
    let content_type = match ext {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        _ => "text/csv; charset=utf-8",
    };
    let run = async {
        let ctx = app::auth::service::authenticate(&db, &headers).await?;
        ctx.ensure(app::auth::Perm::Read)?;
        let r = made(&db, &ctx, name, &uri).await?;
        let bytes = match ext {
            "xlsx" => app::reports::xlsx::write(&r.table).map_err(|e| AppError::Internal(e.to_string()))?,
            "pdf" => {
                let l = ctx.lang;
                let chart = app::reports::model::chart(&r.bars, r.top, &|d| app::core::format::number(d.round_dp(0), 0, l));
                let company = app::setup::store::company(&db.pool, ctx.company_id).await?;
                app::reports::print::pdf(&company.name, l.t(r.title), &r.table.title, Some(&chart), &r.table, l).map_err(AppError::Internal)?
            }
            _ => r.table.csv().into_bytes(),
        };
        Ok((format!("{}.{ext}", r.file), bytes))
    };
    super::exports::file_download(&db, &headers, content_type, run).await
}
