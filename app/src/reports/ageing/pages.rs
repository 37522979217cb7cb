//! The receivables ageing report: currency, customer and DSO period in the address;
//! a chart of the buckets, a row per customer (its name opens its open items), the
//! totals with the company's DSO, and the CSV / XLSX downloads.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use super::api::get_ageing_report;
use super::model::{AgeingQuery, AgeingReport, AgeingRow};
use crate::core::{format, T};
use crate::receivables::ageing::bucket_heads;
use crate::reports::model::chart;
use crate::reports::pages::{pairs, reports_nav, ChartSvg, Downloads};
use crate::ui::form::loaded;
use crate::ui::{lang, tr};

fn query_string(q: &AgeingQuery) -> String {
    pairs([("currency", q.currency.as_str()), ("customer", q.customer.as_str()), ("days", q.days.as_str()), ("as_of", q.as_of.as_str())].into_iter())
}

#[component]
pub fn AgeingReportPage() -> impl IntoView {
    let l = lang();
    let params = use_query_map();
    let query = move || {
        params.with(|p| AgeingQuery {
            currency: p.get("currency").unwrap_or_default(),
            customer: p.get("customer").unwrap_or_default(),
            days: p.get("days").unwrap_or_default(),
            as_of: p.get("as_of").unwrap_or_default(),
        })
    };
    let report = Resource::new(query, get_ageing_report);
    view! {
        <h1>{tr(T::Reports)}</h1>
        {reports_nav(l)}
        <h2>{tr(T::ReceivablesReport)}</h2>
        <p class="lead">{tr(T::ReceivablesReportHint)}</p>
        <form method="get" action="/reports/receivables" class="inline-form report-filters" role="search" data-testid="report-filters">
            <label class="field"><span>{l.t(T::Currency)}</span><input type="text" name="currency" size="4" maxlength="3" value=move || query().currency/></label>
            <label class="field"><span>{l.t(T::CustomerNo)}</span><input type="search" name="customer" value=move || query().customer/></label>
            <label class="field"><span>{l.t(T::AsOf)}</span><input type="date" name="as_of" value=move || query().as_of/></label>
            <label class="field"><span>{l.t(T::DsoDays)}</span><input type="number" name="days" min="7" max="365" placeholder="90" value=move || query().days/></label>
            <button type="submit" class="primary" data-testid="report-show">{l.t(T::Show)}</button>
        </form>
        <Downloads path="/reports/receivables" query=Signal::derive(move || query_string(&query()))/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let q = query();
                loaded(report.await, move |r: AgeingReport| view! { <Ageing r=r q=q/> })
            })}
        </Transition>
    }
}

#[component]
fn Ageing(r: AgeingReport, q: AgeingQuery) -> impl IntoView {
    let l = lang();
    let heads = bucket_heads(l);
    let c = chart(&super::model::bars(&r, &heads), 5, &|d| format::number(d.round_dp(0), 0, l));
    let fmt = move |d: Decimal| format::amount(d, l);
    let pct = move |p: Option<Decimal>| p.map(|p| format!("{} %", format::number(p, 1, l))).unwrap_or_default();
    let cells = move |x: &AgeingRow| {
        view! {
            {x.buckets.iter().enumerate().map(|(k, v)| {
                let class = if k > 0 && !v.is_zero() { "num overdue" } else { "num" };
                view! { <td class=class>{fmt(*v)}</td> }
            }).collect_view()}
            <td class="num">{fmt(x.open)}</td><td class="num">{pct(x.overdue_pct)}</td>
            <td class="num">{fmt(x.invoiced)}</td><td class="num">{x.dso.map(|d| format::number(d, 0, l)).unwrap_or_default()}</td>
        }
    };
    let base = AgeingQuery { customer: String::new(), ..q };
    let items = r.items.clone();
    view! {
        <p class="hint" data-testid="report-as-of">{format!("{} · {}", r.currency, r.as_of)}</p>
        <figure class="report-chart" data-testid="report-chart"><ChartSvg c=c/></figure>
        <table class="data" data-testid="report-table">
            <thead><tr>
                <th>{l.t(T::Customer)}</th>
                {heads.into_iter().map(|h| view! { <th class="num">{h}</th> }).collect_view()}
                <th class="num">{l.t(T::OpenTotal)}</th><th class="num">{l.t(T::OverduePct)}</th>
                <th class="num">{format!("{} ({} {})", l.t(T::InvoicedInPeriod), r.days, l.t(T::Days).to_lowercase())}</th><th class="num">{l.t(T::Dso)}</th>
            </tr></thead>
            <tbody>
                {r.rows.iter().map(|x| {
                    let href = format!("/reports/receivables?{}", query_string(&AgeingQuery { customer: x.customer_no.clone(), ..base.clone() }));
                    view! {
                        <tr data-testid="report-row">
                            <td><a href=href data-testid="report-drill">{format!("{} {}", x.customer_no, x.name)}</a></td>
                            {cells(x)}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
            <tfoot><tr data-testid="report-total">
                <th>{l.t(T::Total)}</th>
                {cells(&r.total)}
            </tr></tfoot>
        </table>
        {(!items.is_empty()).then(|| view! {
            <h3>{tr(T::OpenItems)}</h3>
            <table class="data open-items" data-testid="report-lines">
                <thead><tr>
                    <th>{l.t(T::Number)}</th><th></th><th>{l.t(T::Customer)}</th><th>{l.t(T::Date)}</th><th>{l.t(T::DueDate)}</th>
                    <th class="num">{l.t(T::DaysOverdue)}</th><th class="num">{l.t(T::TotalInclVat)}</th><th class="num">{l.t(T::Left)}</th>
                </tr></thead>
                <tbody>{items.iter().map(|i| crate::receivables::pages::row(i, l)).collect_view()}</tbody>
            </table>
        })}
    }
}
