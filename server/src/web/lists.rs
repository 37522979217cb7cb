//! CSV exports of the lists a user works with — items, orders, invoices, open items
//! and the purchase report — for the logged-in company, with headers and labels in
//! the user's language. Files follow `core::csv::write`: `;`-separated UTF-8 with a
//! BOM, decimal commas, ISO dates, values kept as stored and guarded against
//! formula injection.
use app::auth::service::AuthCtx;
use app::auth::{service, Perm};
use app::core::csv::{decimal, write};
use app::core::{Lang, T};
use app::db::Db;
use app::error::AppError;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use super::exports::{download, error};
use super::AppState;

/// At most this many rows go into one file.
const MAX_ROWS: i64 = 200_000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/stock/items/export.csv", get(items))
        .route("/sales/orders/export.csv", get(orders))
        .route("/receivables/invoices/export.csv", get(invoices))
        .route("/receivables/open/export.csv", get(open_items))
        .route("/purchasing/report/export.csv", get(purchase_report))
}

/// An authenticated CSV download: `make` answers the file's headers and rows.
async fn csv<F>(db: &Db, headers: &HeaderMap, name: &str, make: impl FnOnce(AuthCtx) -> F) -> Response
where
    F: std::future::Future<Output = Result<(Vec<&'static str>, Vec<Vec<String>>), AppError>>,
{
    let ctx = match service::authenticate(db, headers).await.and_then(|c| c.ensure(Perm::Read).map(|_| c)) {
        Ok(c) => c,
        Err(AppError::Unauthenticated) => return (StatusCode::UNAUTHORIZED, "Please log in").into_response(),
        Err(e) => return error(e),
    };
    match make(ctx).await {
        Ok((head, rows)) => download("text/csv; charset=utf-8", name, write(&head, &rows)),
        Err(e) => error(e),
    }
}

fn labels(l: Lang, keys: &[T]) -> Vec<&'static str> {
    keys.iter().map(|k| l.t(*k)).collect()
}

async fn items(State(db): State<Db>, headers: HeaderMap) -> Response {
    csv(&db.clone(), &headers, "items.csv", |ctx| async move {
        let l = ctx.lang;
        let mut all = Vec::new();
        for page in 1.. {
            let p = app::catalog::store::search(&db.pool, ctx.company_id, "", true, "", page, 200).await?;
            let n = p.items.len();
            all.extend(p.items);
            if n < 200 || all.len() as i64 >= MAX_ROWS {
                break;
            }
        }
        let stock = app::stock::store::ledger::totals(&db.pool, ctx.company_id, &all.iter().map(|i| i.id).collect::<Vec<_>>()).await?;
        let rows = all
            .iter()
            .map(|i| {
                let (on_hand, free) = stock.get(&i.id).copied().unwrap_or_default();
                let kind = match i.kind {
                    app::catalog::model::ItemKind::Stock => T::KindStock,
                    app::catalog::model::ItemKind::NonStock => T::KindNonStock,
                    app::catalog::model::ItemKind::Service => T::KindService,
                };
                vec![
                    i.item_no.clone(),
                    i.description.clone(),
                    i.unit.clone(),
                    l.t(kind).into(),
                    decimal(i.sales_price),
                    decimal(i.purchase_price),
                    i.vat_code.clone(),
                    i.barcode.clone().unwrap_or_default(),
                    decimal(on_hand),
                    decimal(free),
                    decimal(i.safety_stock),
                    i.default_supplier.clone().unwrap_or_default(),
                    l.t(if i.active { T::Yes } else { T::No }).into(),
                ]
            })
            .collect();
        let head = labels(
            l,
            &[
                T::ItemNo,
                T::Description,
                T::Unit,
                T::ItemType,
                T::SalesPrice,
                T::PurchasePrice,
                T::VatCode,
                T::Barcode,
                T::Physical,
                T::Free,
                T::SafetyStock,
                T::DefaultSupplier,
                T::Active,
            ],
        );
        Ok((head, rows))
    })
    .await
}

#[derive(Deserialize)]
struct OrderFilter {
    #[serde(default)]
    status: String,
}

async fn orders(State(db): State<Db>, headers: HeaderMap, Query(f): Query<OrderFilter>) -> Response {
    csv(&db.clone(), &headers, "orders.csv", |ctx| async move {
        let l = ctx.lang;
        let status = app::sales::model::OrderStatus::filter(&f.status).map_err(app::error::AppError::invalid)?;
        let rows = app::sales::store::order_list(&db.pool, ctx.company_id, status, None, None, MAX_ROWS).await?;
        let rows = rows
            .into_iter()
            .map(|o| {
                vec![
                    o.number,
                    o.doc_date.to_string(),
                    o.date.to_string(),
                    l.t(o.status.label()).into(),
                    o.customer_no,
                    o.customer_name,
                    o.your_ref,
                    decimal(o.net),
                    decimal(o.gross),
                    o.currency,
                ]
            })
            .collect();
        Ok((labels(l, &[T::Number, T::Date, T::DeliveryDate, T::Status, T::CustomerNo, T::Customer, T::YourRef, T::Net, T::TotalInclVat, T::Currency]), rows))
    })
    .await
}

async fn invoices(State(db): State<Db>, headers: HeaderMap) -> Response {
    csv(&db.clone(), &headers, "invoices.csv", |ctx| async move {
        let l = ctx.lang;
        let rows = app::invoicing::store::list(&db.pool, ctx.company_id, None, None, MAX_ROWS).await?;
        let rows = rows
            .into_iter()
            .map(|i| {
                let kind = if i.kind == app::invoicing::model::InvoiceKind::CreditNote { T::CreditNote } else { T::Invoice };
                vec![
                    l.t(kind).into(),
                    i.number,
                    i.invoice_date.to_string(),
                    i.due_date.to_string(),
                    i.customer_no,
                    i.customer_name,
                    decimal(i.gross),
                    decimal(i.open),
                    i.currency,
                    l.t(if i.disputed { T::Yes } else { T::No }).into(),
                ]
            })
            .collect();
        Ok((labels(l, &[T::Kind, T::Number, T::InvoiceDate, T::DueDate, T::CustomerNo, T::Customer, T::TotalInclVat, T::Left, T::Currency, T::Disputed]), rows))
    })
    .await
}

async fn open_items(State(db): State<Db>, headers: HeaderMap) -> Response {
    csv(&db.clone(), &headers, "open-items.csv", |ctx| async move {
        let l = ctx.lang;
        let today = ctx.today();
        let rows = app::receivables::store::open_items(&db, ctx.company_id).await?;
        let rows = rows
            .into_iter()
            .map(|i| {
                let days = app::receivables::model::days_overdue(&i, today);
                vec![
                    l.t(i.kind.label()).into(),
                    i.number.clone(),
                    i.date.to_string(),
                    i.due_date.to_string(),
                    if days > 0 { days.to_string() } else { String::new() },
                    i.customer_no.clone(),
                    i.customer_name.clone(),
                    decimal(i.amount),
                    decimal(i.open),
                    i.currency.clone(),
                ]
            })
            .collect();
        Ok((labels(l, &[T::Kind, T::Number, T::Date, T::DueDate, T::DaysOverdue, T::CustomerNo, T::Customer, T::Amount, T::Left, T::Currency]), rows))
    })
    .await
}

#[derive(Deserialize)]
struct ReportFilter {
    #[serde(default)]
    by_item: bool,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

async fn purchase_report(State(db): State<Db>, headers: HeaderMap, Query(f): Query<ReportFilter>) -> Response {
    csv(&db.clone(), &headers, "purchase-report.csv", |ctx| async move {
        let l = ctx.lang;
        let rows = app::purchasing::payables::report(&db.pool, ctx.company_id, f.by_item, &f.from, &f.to).await?;
        let rows = rows.into_iter().map(|r| vec![r.key, r.name, decimal(r.qty), decimal(r.net), r.invoices.to_string()]).collect();
        let first = if f.by_item { T::ItemNo } else { T::SupplierNo };
        Ok((labels(l, &[first, T::Name, T::Quantity, T::Net, T::Invoices]), rows))
    })
    .await
}
