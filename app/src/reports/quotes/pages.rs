//! The quotes report: period, grouping, seller and customer in the address; a chart of
//! the ordered value against the quoted per group, the table of outcomes and rates,
//! and the quoted lines that changed in their orders.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use super::api::get_quotes_report;
use super::model::{price_change_pct, QuoteBy, QuoteRow, QuotesQuery, QuotesReport};
use crate::core::{format, T};
use crate::reports::model::chart;
use crate::reports::pages::{pairs, reports_nav, ChartSvg, Downloads, SellerSelect};
use crate::ui::form::loaded;
use crate::ui::{lang, tr};

fn query_string(q: &QuotesQuery) -> String {
    pairs(
        [("from", q.from.as_str()), ("to", q.to.as_str()), ("by", q.by.as_str()), ("seller", q.seller.as_str()), ("customer", q.customer.as_str())].into_iter(),
    )
}

#[component]
pub fn QuotesReportPage() -> impl IntoView {
    let l = lang();
    let params = use_query_map();
    let query = move || {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            QuotesQuery { from: g("from"), to: g("to"), by: g("by"), seller: g("seller"), customer: g("customer") }
        })
    };
    let report = Resource::new(query, get_quotes_report);
    view! {
        <h1>{tr(T::Reports)}</h1>
        {reports_nav(l)}
        <h2>{tr(T::QuotesReport)}</h2>
        <p class="lead">{tr(T::QuotesReportHint)}</p>
        <form method="get" action="/reports/quotes" class="inline-form report-filters" role="search" data-testid="report-filters">
            <label class="field"><span>{l.t(T::From)}</span><input type="month" name="from" value=move || query().from/></label>
            <label class="field"><span>{l.t(T::To)}</span><input type="month" name="to" value=move || query().to/></label>
            <label class="field"><span>{l.t(T::ReportBy)}</span><select name="by" data-testid="report-by">
                {QuoteBy::ALL.iter().map(|d| view! { <option value=d.code() selected=move || query().by == d.code()>{l.t(d.label())}</option> }).collect_view()}
            </select></label>
            <label class="field"><span>{l.t(T::Seller)}</span><SellerSelect selected=Signal::derive(move || query().seller)/></label>
            <label class="field"><span>{l.t(T::CustomerNo)}</span><input type="search" name="customer" value=move || query().customer/></label>
            <button type="submit" class="primary" data-testid="report-show">{l.t(T::Show)}</button>
        </form>
        <Downloads path="/reports/quotes" query=Signal::derive(move || query_string(&query()))/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(report.await, move |r: QuotesReport| view! { <Quotes r=r/> })
            })}
        </Transition>
    }
}

#[component]
fn Quotes(r: QuotesReport) -> impl IntoView {
    let l = lang();
    let fmt = move |d: Decimal| format::amount(d, l);
    let pct = move |p: Option<Decimal>| p.map(|p| format!("{} %", format::number(p, 1, l))).unwrap_or_default();
    let c = chart(&super::model::bars(&r), 15, &|d| format::number(d.round_dp(0), 0, l));
    let cells = move |x: &QuoteRow| {
        view! {
            <td class="num">{x.quotes}</td><td class="num">{x.won}</td><td class="num">{x.lost}</td><td class="num">{x.open}</td>
            <td class="num">{pct(x.conversion_pct)}</td><td class="num">{fmt(x.quoted)}</td><td class="num">{pct(x.value_pct)}</td><td class="num">{fmt(x.ordered)}</td>
        }
    };
    let dim = QuoteBy::parse(&r.by).map(|d| l.t(d.label())).unwrap_or_default();
    view! {
        <figure class="report-chart" data-testid="report-chart"><ChartSvg c=c/></figure>
        <table class="data" data-testid="report-table">
            <thead><tr>
                <th>{dim}</th><th class="num">{l.t(T::Quotes)}</th><th class="num">{l.t(T::QuotesWon)}</th><th class="num">{l.t(T::QuotesLost)}</th>
                <th class="num">{l.t(T::QuotesOpen)}</th><th class="num">{l.t(T::ConversionPct)}</th><th class="num">{l.t(T::QuotedValue)}</th>
                <th class="num">{l.t(T::ValueConversionPct)}</th><th class="num">{l.t(T::Ordered)}</th>
            </tr></thead>
            <tbody>
                {r.rows.iter().map(|x| {
                    let name = match (x.key.is_empty(), x.label.is_empty() || x.label == x.key) {
                        (true, _) => l.t(T::NoneValue).to_string(),
                        (false, true) => x.key.clone(),
                        (false, false) => format!("{} {}", x.key, x.label),
                    };
                    view! { <tr data-testid="report-row"><td>{name}</td>{cells(x)}</tr> }
                }).collect_view()}
            </tbody>
            <tfoot><tr data-testid="report-total"><th>{l.t(T::Total)}</th>{cells(&r.total)}</tr></tfoot>
        </table>
        <h3>{tr(T::QuoteChanges)}</h3>
        <table class="data" data-testid="report-lines">
            <thead><tr>
                <th>{l.t(T::Quote)}</th><th>{l.t(T::Order)}</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th>
                <th class="num">{l.t(T::QuotedQty)}</th><th class="num">{l.t(T::OrderedQty)}</th>
                <th class="num">{l.t(T::QuotedPrice)}</th><th class="num">{l.t(T::OrderedPrice)}</th><th class="num">{l.t(T::Difference)}</th>
            </tr></thead>
            <tbody>
                {r.changes.iter().map(|c| {
                    let price = match price_change_pct(c) {
                        Some(p) if !p.is_zero() => format!("{} ({} %)", fmt(c.ordered_price), format::number(p, 1, l)),
                        _ => fmt(c.ordered_price),
                    };
                    view! {
                        <tr data-testid="report-line">
                            <td><a href=format!("/sales/quotes/{}", c.quote_no)>{c.quote_no.clone()}</a></td>
                            <td><a href=format!("/sales/orders/{}", c.order_no)>{c.order_no.clone()}</a></td>
                            <td>{c.item_no.clone()}</td><td>{c.description.clone()}</td>
                            <td class="num">{format::number(c.quoted_qty, 2, l)}</td><td class="num">{format::number(c.ordered_qty, 2, l)}</td>
                            <td class="num">{fmt(c.quoted_price)}</td><td class="num">{price}</td><td class="num">{fmt(c.net_change)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {r.changes.is_empty().then(|| view! { <p>{l.t(T::NoneValue)}</p> })}
    }
}
