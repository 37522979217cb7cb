//! Sales server functions: authenticate, authorise, delegate to the service.
use leptos::prelude::*;

use super::lines::Line;
use super::model::{BackorderLine, ChosenLine, DeliverLine, Delivery, Doc, DocChoices, DocInput, OrderRow, ProposedLine};
use crate::error::AppError;
#[cfg(feature = "ssr")]
use {super::service, super::store, crate::auth::service::require, crate::auth::Perm};

#[server(endpoint = "sales/quotes")]
pub async fn list_quotes(before: Option<i64>) -> Result<Vec<OrderRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    store::quote_list(&db.pool, ctx.company_id, ctx.today(), before, 50).await
}

/// What a document head can be set to for this customer (the editor's choices).
#[server(endpoint = "sales/choices")]
pub async fn head_choices(customer_no: String) -> Result<DocChoices, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::choices(&db, ctx.company_id, &customer_no).await
}

#[server(endpoint = "sales/quote")]
pub async fn get_quote(no: String) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::quote(&db, ctx.company_id, ctx.today(), Some(&no), None).await
}

/// Creates a quote (empty `no`) or replaces one.
#[server(endpoint = "sales/quote/save")]
pub async fn save_quote(no: String, input: DocInput) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    if no.is_empty() {
        service::create_quote(&db, &ctx, &input).await
    } else {
        service::update_quote(&db, &ctx, &no, &input).await
    }
}

/// Marks a quote lost with a reason.
#[server(endpoint = "sales/quote/lost")]
pub async fn quote_lost(no: String, reason: String) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    service::mark_quote(&db, &ctx, &no, false, Some(&reason)).await
}

#[server(endpoint = "sales/quote/order")]
pub async fn quote_to_order(no: String, lines: Vec<ChosenLine>, confirm: bool) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    service::quote_to_order(&db, &ctx, &no, &lines, confirm).await
}

#[server(endpoint = "sales/orders")]
pub async fn list_orders(status: String, customer_no: String, before: Option<i64>) -> Result<Vec<OrderRow>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let customer = if customer_no.trim().is_empty() {
        None
    } else {
        Some(crate::parties::store::by_no(&db.pool, ctx.company_id, crate::parties::model::PartyKind::Customer, &customer_no).await?.id)
    };
    let status = super::model::OrderStatus::filter(&status).map_err(AppError::invalid)?;
    store::order_list(&db.pool, ctx.company_id, status, customer, before, 50).await
}

#[server(endpoint = "sales/order")]
pub async fn get_order(no: String) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::order(&db, ctx.company_id, Some(&no), None).await
}

/// Creates an order (empty `no`, confirmed at once when `confirm`) or changes one.
#[server(endpoint = "sales/order/save")]
pub async fn save_order(no: String, input: DocInput, confirm: bool) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    if no.is_empty() {
        service::create_order(&db, &ctx, &input, confirm).await
    } else {
        let doc = service::update_order(&db, &ctx, &no, &input).await?;
        if confirm && super::model::OrderStatus::of(doc.status).is_some_and(super::model::OrderStatus::can_confirm) {
            return service::confirm_order(&db, &ctx, &no).await;
        }
        Ok(doc)
    }
}

#[server(endpoint = "sales/order/confirm")]
pub async fn confirm_order(no: String) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    service::confirm_order(&db, &ctx, &no).await
}

#[server(endpoint = "sales/order/cancel")]
pub async fn cancel_order(no: String) -> Result<Doc, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    service::cancel_order(&db, &ctx, &no).await
}

#[server(endpoint = "sales/deliver")]
pub async fn deliver(warehouse: String, date: String, lines: Vec<DeliverLine>) -> Result<Delivery, AppError> {
    let (db, ctx) = require(Perm::Stock).await?;
    service::deliver(&db, &ctx, &warehouse, &date, &lines).await
}

#[server(endpoint = "sales/backorder")]
pub async fn backorder(no: String) -> Result<Vec<BackorderLine>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::backorder(&db, ctx.company_id, &no).await
}

/// Prices a line for the editor: item by number, barcode or text, for the customer.
#[server(endpoint = "sales/price-line")]
pub async fn price_line(customer_no: String, code: String, qty: String) -> Result<Line, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let lang = use_context::<http::request::Parts>().map(|p| crate::auth::service::request_lang(&p.headers)).unwrap_or_default();
    let qty = if qty.trim().is_empty() { rust_decimal::Decimal::ONE } else { crate::core::format::parse_amount(&qty, lang).map_err(AppError::invalid)? };
    service::price_line(&db, ctx.company_id, ctx.today(), &customer_no, &code, qty).await
}

#[server(endpoint = "sales/delivery-proposal")]
pub async fn delivery_proposal(no: String) -> Result<Vec<ProposedLine>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::delivery_proposal(&db, ctx.company_id, &no).await
}

/// Every open order line with something left to deliver.
#[server(endpoint = "sales/backorder-all")]
pub async fn backorder_all() -> Result<Vec<BackorderLine>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    service::backorder_all(&db, ctx.company_id).await
}

/// What the e-mail form of a quote starts with: (to, subject, message).
#[server(endpoint = "sales/quote/mail-defaults")]
pub async fn quote_mail_defaults(no: String) -> Result<(String, String, String), AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let q = service::quote(&db, ctx.company_id, ctx.today(), Some(&no), None).await?;
    let customer = crate::parties::store::by_id(&db.pool, ctx.company_id, q.customer_id).await?;
    let company = crate::setup::store::company(&db.pool, ctx.company_id).await?;
    let to = match q.contact_id {
        Some(c) => crate::parties::store::contact(&db.pool, ctx.company_id, c).await?.email,
        None => customer.invoice_email.clone(),
    };
    let l = crate::print::doc_lang(&customer.doc_lang);
    let title = format!("{} {}", l.t(crate::core::T::Quote), q.number);
    Ok((to, format!("{title} – {}", company.name), format!("{title}\n\n{}", company.name)))
}

/// E-mails the quote as PDF with the message; answers the outbox entry.
#[server(endpoint = "sales/quote/email")]
pub async fn email_quote(no: String, to: String, subject: String, message: String) -> Result<crate::outbox::model::OutboxMessage, AppError> {
    let (db, ctx) = require(Perm::Sales).await?;
    service::email_quote(&db, &ctx, &no, &to, &subject, &message).await
}

/// The deliveries of an order: (delivery no, date).
#[server(endpoint = "sales/order/deliveries")]
pub async fn order_deliveries(no: String) -> Result<Vec<(String, chrono::NaiveDate)>, AppError> {
    let (db, ctx) = require(Perm::Read).await?;
    let o = service::order(&db, ctx.company_id, Some(&no), None).await?;
    let mut out: Vec<(String, chrono::NaiveDate)> = Vec::new();
    for (d, date, _, _) in store::deliveries_of(&db.pool, ctx.company_id, o.id).await? {
        if !out.iter().any(|(x, _)| *x == d) {
            out.push((d, date));
        }
    }
    Ok(out)
}
