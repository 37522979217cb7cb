//! Stock turnover and slow movers: period and warehouse in the address; a chart of
//! the cost of goods sold against the average stock value of the largest items, and
//! the table with the slow movers marked.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use super::api::get_turnover_report;
use super::model::{TurnoverQuery, TurnoverReport, TurnoverRow};
use crate::core::{format, T};
use crate::reports::model::chart;
use crate::reports::pages::{pairs, reports_nav, ChartSvg, Downloads};
use crate::ui::form::loaded;
use crate::ui::{lang, tr};

fn query_string(q: &TurnoverQuery) -> String {
    pairs([("from", q.from.as_str()), ("to", q.to.as_str()), ("warehouse", q.warehouse.as_str())].into_iter())
}

#[component]
pub fn TurnoverReportPage() -> impl IntoView {
    let l = lang();
    let params = use_query_map();
    let query = move || {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            TurnoverQuery { from: g("from"), to: g("to"), warehouse: g("warehouse") }
        })
    };
    let report = Resource::new(query, get_turnover_report);
    view! {
        <h1>{tr(T::Reports)}</h1>
        {reports_nav(l)}
        <h2>{tr(T::TurnoverReport)}</h2>
        <p class="lead">{tr(T::TurnoverReportHint)}</p>
        <form method="get" action="/reports/turnover" class="inline-form report-filters" role="search" data-testid="report-filters">
            <label class="field"><span>{l.t(T::From)}</span><input type="month" name="from" value=move || query().from/></label>
            <label class="field"><span>{l.t(T::To)}</span><input type="month" name="to" value=move || query().to/></label>
            <label class="field"><span>{l.t(T::Warehouse)}</span><input type="search" name="warehouse" value=move || query().warehouse/></label>
            <button type="submit" class="primary" data-testid="report-show">{l.t(T::Show)}</button>
        </form>
        <Downloads path="/reports/turnover" query=Signal::derive(move || query_string(&query()))/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(report.await, move |r: TurnoverReport| view! { <Turnover r=r/> })
            })}
        </Transition>
    }
}

#[component]
fn Turnover(r: TurnoverReport) -> impl IntoView {
    let l = lang();
    let fmt = move |d: Decimal| format::amount(d, l);
    let opt = move |d: Option<Decimal>, dp: u32| d.map(|d| format::number(d, dp, l)).unwrap_or_default();
    let c = chart(&super::model::bars(&r), 15, &|d| format::number(d.round_dp(0), 0, l));
    let cells = move |x: &TurnoverRow| {
        view! {
            <td class="num">{format::number(x.on_hand, 2, l)}</td><td class="num">{fmt(x.value)}</td><td class="num">{fmt(x.opening_value)}</td>
            <td class="num">{format::number(x.issued, 2, l)}</td><td class="num">{fmt(x.cogs)}</td>
            <td class="num">{opt(x.turnover, 2)}</td><td class="num">{opt(x.days_of_stock, 0)}</td>
        }
    };
    view! {
        <figure class="report-chart" data-testid="report-chart"><ChartSvg c=c/></figure>
        <table class="data" data-testid="report-table">
            <thead><tr>
                <th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Physical)}</th><th class="num">{l.t(T::Value)}</th>
                <th class="num">{l.t(T::OpeningValue)}</th><th class="num">{l.t(T::Issued)}</th><th class="num">{l.t(T::Cogs)}</th>
                <th class="num">{l.t(T::Turnover)}</th><th class="num">{l.t(T::DaysOfStock)}</th><th>{l.t(T::LastIssue)}</th>
            </tr></thead>
            <tbody>
                {r.rows.iter().map(|x| view! {
                    <tr data-testid="report-row" class=if x.slow { "slow overdue" } else { "" }>
                        <td><a href=format!("/stock/items/{}", x.item_no)>{x.item_no.clone()}</a></td><td>{x.description.clone()}</td>
                        {cells(x)}
                        <td>{x.last_issue.clone().unwrap_or_default()}{x.slow.then(|| view! { " " <span class="badge" data-testid="slow-mover">{l.t(T::SlowMover)}</span> })}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot><tr data-testid="report-total"><th>{l.t(T::Total)}</th><th></th>{cells(&r.total)}<th></th></tr></tfoot>
        </table>
    }
}
