//! Sales screens: quote and order lists (filters in the URL, so they work without
//! JavaScript), the document pages with their actions, the keyboard line editor
//! and the backorder view.
mod doc;
mod editor;

pub use doc::{OrderPage, QuotePage};
pub use editor::{EditOrderPage, EditQuotePage, NewOrderPage, NewQuotePage};

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{backorder_all, list_orders, list_quotes};
use super::model::{BackorderLine, DocStatus, OrderRow, OrderStatus};
pub use crate::core::format::qty;
use crate::core::{format, Lang, T};
use crate::ui::form::loaded;
use crate::ui::lang;

fn doc_table(rows: Vec<OrderRow>, base: &'static str, date_label: T, l: Lang) -> impl IntoView {
    let empty = rows.is_empty();
    view! {
        <table class="data" data-testid="doc-list">
            <thead><tr>
                <th>{l.t(T::Number)}</th><th>{l.t(T::Date)}</th><th>{l.t(T::Customer)}</th><th>{l.t(T::YourRef)}</th>
                <th>{l.t(date_label)}</th><th>{l.t(T::Status)}</th><th class="num">{l.t(T::Net)}</th><th class="num">{l.t(T::TotalInclVat)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td><A href=format!("{base}/{}", r.number)>{r.number.clone()}</A></td>
                        <td>{crate::core::format::date(r.doc_date, l)}</td>
                        <td>{format!("{} {}", r.customer_no, r.customer_name)}</td>
                        <td>{r.your_ref}</td>
                        <td>{crate::core::format::date(r.date, l)}</td>
                        <td class=format!("status {}", r.status)>{l.t(r.status.label())}</td>
                        <td class="num">{format::amount(r.net, l)}</td>
                        <td class="num">{format::money(r.gross, &r.currency, l)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {empty.then(|| view! { <p>{l.t(T::NoDocuments)}</p> })}
    }
}

fn sales_nav(l: Lang) -> impl IntoView {
    view! {
        <nav class="subnav">
            <A href="/sales">{l.t(T::Orders)}</A>" "
            <A href="/sales/quotes">{l.t(T::Quotes)}</A>" "
            <A href="/sales/backorder">{l.t(T::Backorder)}</A>
        </nav>
    }
}

/// The order list (the landing page of Sales), newest first, filtered by status
/// and customer number; "older" pages by the last id seen.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let params = move || {
        query.with(|q| (q.get("status").unwrap_or_default(), q.get("customer").unwrap_or_default(), q.get("before").and_then(|b| b.parse::<i64>().ok())))
    };
    let rows = Resource::new(params, |(status, customer, before)| list_orders(status, customer, before));
    view! {
        <h1>{l.t(T::Sales)}</h1>
        {sales_nav(l)}
        <div class="toolbar">
            <form method="get" action="/sales" class="inline-form" role="search">
                <select name="status" aria-label=l.t(T::Status) data-testid="status-filter">
                    <option value="">{l.t(T::AllStatuses)}</option>
                    {OrderStatus::ALL.map(|s| view! { <option value=s.code() selected=move || params().0 == s.code()>{l.t(DocStatus::from(s).label())}</option> }).collect_view()}
                </select>
                <input type="search" name="customer" value=move || params().1 placeholder=l.t(T::CustomerNo) aria-label=l.t(T::CustomerNo)/>
                <button type="submit">{l.t(T::Search)}</button>
            </form>
            <span>
                <a href=move || format!("/sales/orders/export.csv?status={}", params().0) class="button" download="orders.csv" data-testid="export-csv">{l.t(T::ExportCsv)}</a>" "
                <A href="/sales/quotes/new" attr:class="button">{l.t(T::NewQuote)}</A>" "
                <A href="/sales/orders/new" attr:class="button primary">{l.t(T::NewOrder)}</A>
            </span>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let (status, customer, _) = params();
                loaded(rows.await, move |rows| {
                    let older = (rows.len() == 50).then(|| rows.last().map(|r| format!("/sales?status={status}&customer={customer}&before={}", r.id))).flatten();
                    view! {
                        {doc_table(rows, "/sales/orders", T::DeliveryDate, l)}
                        {older.map(|href| view! { <nav class="pager"><a href=href>{l.t(T::Next)}</a></nav> })}
                    }
                })
            })}
        </Transition>
    }
}

#[component]
pub fn QuotesPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|b| b.parse::<i64>().ok()));
    let rows = Resource::new(before, list_quotes);
    view! {
        <h1>{l.t(T::Quotes)}</h1>
        {sales_nav(l)}
        <div class="toolbar">
            <span></span>
            <A href="/sales/quotes/new" attr:class="button primary">{l.t(T::NewQuote)}</A>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |rows| {
                    let older = (rows.len() == 50).then(|| rows.last().map(|r| format!("/sales/quotes?before={}", r.id))).flatten();
                    view! {
                        {doc_table(rows, "/sales/quotes", T::ValidUntil, l)}
                        {older.map(|href| view! { <nav class="pager"><a href=href>{l.t(T::Next)}</a></nav> })}
                    }
                })
            })}
        </Transition>
    }
}

/// Groups backorder lines by order, item or requisition number (in the browser).
pub fn group_backorder(lines: &[BackorderLine], by: &str) -> Vec<(String, Vec<BackorderLine>)> {
    let mut groups: Vec<(String, Vec<BackorderLine>)> = Vec::new();
    for l in lines {
        let key = match by {
            "item" => format!("{} {}", l.item_no, l.description),
            "requisition" => {
                if l.requisition_no.is_empty() {
                    "—".to_string()
                } else {
                    l.requisition_no.clone()
                }
            }
            _ => format!("{} {}", l.order_no, l.customer_name),
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(l.clone()),
            None => groups.push((key, vec![l.clone()])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

/// What is delivered and what remains on every open order, grouped by order,
/// item or requisition number.
#[component]
pub fn BackorderPage() -> impl IntoView {
    let l = lang();
    let data = Resource::new(|| (), |_| backorder_all());
    let by = RwSignal::new("order".to_string());
    view! {
        <h1>{l.t(T::Backorder)}</h1>
        {sales_nav(l)}
        <label class="field inline">
            <span>{l.t(T::GroupBy)}</span>
            <select on:change=move |ev| by.set(event_target_value(&ev)) data-testid="backorder-group">
                <option value="order">{l.t(T::ByOrder)}</option>
                <option value="item">{l.t(T::ByItem)}</option>
                <option value="requisition">{l.t(T::ByRequisition)}</option>
            </select>
        </label>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await, move |lines| view! {
                    <table class="data" data-testid="backorder">
                        <thead><tr>
                            <th>{l.t(T::Order)}</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th>{l.t(T::DeliveryDate)}</th>
                            <th class="num">{l.t(T::Ordered)}</th><th class="num">{l.t(T::Delivered)}</th><th class="num">{l.t(T::Remaining)}</th>
                        </tr></thead>
                        {move || group_backorder(&lines, &by.get()).into_iter().map(|(key, rows)| view! {
                            <tbody>
                                <tr class="group"><th colspan="7">{key}</th></tr>
                                {rows.into_iter().map(|b| view! {
                                    <tr>
                                        <td><A href=format!("/sales/orders/{}", b.order_no)>{b.order_no.clone()}</A></td>
                                        <td>{b.item_no}</td><td>{b.description}</td><td>{crate::core::format::date(b.requested_date, l)}</td>
                                        <td class="num">{qty(b.ordered, l)}</td><td class="num">{qty(b.delivered, l)}</td><td class="num">{qty(b.remaining, l)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        }).collect_view()}
                    </table>
                })
            })}
        </Transition>
    }
}
