//! Reports (the sales report, the area's first page, and profitability, the same sums
//! with their cost): the filters in the address (so a report can be bookmarked and
//! shared), the bar chart, the table with last year beside this period, the invoice
//! lines behind a chosen row, and the CSV / XLSX downloads of what is shown.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use super::api::{get_sales_report, sales_lines};
use super::model::{chart, margin_bars, sales_bars, Chart, Dimension, DrillLine, SalesQuery, SalesReport};
use crate::core::{format, T};
use crate::invoicing::model::InvoiceKind;
use crate::ui::form::loaded;
use crate::ui::{lang, tr};

const FIELDS: [&str; 9] = ["from", "to", "by", "customer", "item", "item_group", "seller", "project", "warehouse"];

fn query_string(q: &SalesQuery) -> String {
    let vals = [&q.from, &q.to, &q.by, &q.customer, &q.item, &q.item_group, &q.seller, &q.project, &q.warehouse];
    pairs(FIELDS.iter().copied().zip(vals.map(String::as_str)))
}

/// `k=v&…` of the pairs with a value, each value URL-encoded.
pub(crate) fn pairs<'a>(kv: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    kv.filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", urlencoding(v))).collect::<Vec<_>>().join("&")
}

/// The seller filter: the company's sellers to choose from.
#[component]
pub(crate) fn SellerSelect(selected: Signal<String>) -> impl IntoView {
    let sellers = Resource::new(|| (), |_| crate::parties::api::sellers());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = sellers.await.unwrap_or_default();
                view! {
                    <select name="seller">
                        <option value="">"—"</option>
                        {list.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=move || selected.get() == id.to_string()>{name}</option> }).collect_view()}
                    </select>
                }
            })}
        </Transition>
    }
}

/// A report's CSV, XLSX and printable PDF of what is shown: `path` without the extension.
#[component]
pub(crate) fn Downloads(path: &'static str, query: Signal<String>) -> impl IntoView {
    let l = crate::ui::lang();
    view! {
        <div class="toolbar">
            <a class="button" href=move || format!("{path}.csv?{}", query.get()) download data-testid="report-csv">{l.t(T::ExportCsv)}</a>" "
            <a class="button" href=move || format!("{path}.xlsx?{}", query.get()) download data-testid="report-xlsx">{l.t(T::ExportXlsx)}</a>" "
            <a class="button" href=move || format!("{path}.pdf?{}", query.get()) download data-testid="report-pdf">{format!("{} ({})", l.t(T::Print), l.t(T::Pdf))}</a>
        </div>
    }
}

/// The reports' own navigation.
pub(crate) fn reports_nav(l: crate::core::Lang) -> impl IntoView {
    use leptos_router::components::A;
    view! {
        <nav class="subnav">
            <A href="/reports">{l.t(T::SalesReport)}</A>" "
            <A href="/reports/profit">{l.t(T::ProfitReport)}</A>" "
            <A href="/reports/receivables">{l.t(T::ReceivablesReport)}</A>" "
            <A href="/reports/quotes">{l.t(T::QuotesReport)}</A>" "
            <A href="/reports/budget">{l.t(T::BudgetReport)}</A>" "
            <A href="/reports/turnover">{l.t(T::TurnoverReport)}</A>" "
            // the reports that live with their areas
            <A href="/purchasing/report">{l.t(T::PurchaseReport)}</A>" "
            <A href="/stock/valuation">{l.t(T::Valuation)}</A>
        </nav>
    }
}

pub(crate) fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn SalesReportPage() -> impl IntoView {
    view! { <SalesOrProfit profit=false/> }
}

#[component]
pub fn ProfitReportPage() -> impl IntoView {
    view! { <SalesOrProfit profit=true/> }
}

/// The page's address, its downloads' path, its title and hint.
fn page_of(profit: bool) -> (&'static str, &'static str, T, T) {
    if profit {
        ("/reports/profit", "/reports/profit", T::ProfitReport, T::ProfitReportHint)
    } else {
        ("/reports", "/reports/sales", T::SalesReport, T::SalesReportHint)
    }
}

/// The sales report, or (`profit`) the same sums set against their cost.
#[component]
fn SalesOrProfit(profit: bool) -> impl IntoView {
    let l = lang();
    let (action, download, title, hint) = page_of(profit);
    let params = use_query_map();
    let query = move || {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            SalesQuery {
                from: g("from"),
                to: g("to"),
                by: g("by"),
                customer: g("customer"),
                item: g("item"),
                item_group: g("item_group"),
                seller: g("seller"),
                project: g("project"),
                warehouse: g("warehouse"),
            }
        })
    };
    let drill = move || params.with(|p| p.get("key"));
    let report = Resource::new(query, get_sales_report);
    let lines = Resource::new(
        move || (query(), drill()),
        |(q, key)| async move {
            match key {
                Some(k) => sales_lines(q, k).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <h1>{tr(T::Reports)}</h1>
        {reports_nav(l)}
        <h2>{tr(title)}</h2>
        <p class="lead">{tr(hint)}</p>
        <form method="get" action=action class="inline-form report-filters" role="search" data-testid="report-filters">
            <label class="field"><span>{l.t(T::From)}</span><input type="month" name="from" value=move || query().from/></label>
            <label class="field"><span>{l.t(T::To)}</span><input type="month" name="to" value=move || query().to/></label>
            <label class="field"><span>{l.t(T::ReportBy)}</span><select name="by" data-testid="report-by">
                {Dimension::ALL.iter().map(|d| view! { <option value=d.code() selected=move || query().by == d.code()>{l.t(d.label())}</option> }).collect_view()}
            </select></label>
            <label class="field"><span>{l.t(T::CustomerNo)}</span><input type="search" name="customer" value=move || query().customer/></label>
            <label class="field"><span>{l.t(T::ItemNo)}</span><input type="search" name="item" value=move || query().item/></label>
            <label class="field"><span>{l.t(T::ItemGroup)}</span><input type="search" name="item_group" value=move || query().item_group/></label>
            <label class="field"><span>{l.t(T::Seller)}</span><SellerSelect selected=Signal::derive(move || query().seller)/></label>
            <label class="field"><span>{l.t(T::Project)}</span><input type="search" name="project" value=move || query().project/></label>
            <label class="field"><span>{l.t(T::Warehouse)}</span><input type="search" name="warehouse" value=move || query().warehouse/></label>
            <button type="submit" class="primary" data-testid="report-show">{l.t(T::Show)}</button>
        </form>
        <Downloads path=download query=Signal::derive(move || query_string(&query()))/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let q = query();
                loaded(report.await, move |r: SalesReport| view! { <Report r=r q=q profit=profit/> })
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(lines.await, move |lines: Option<Vec<DrillLine>>| lines.map(|lines| view! { <Drill lines=lines profit=profit/> }))
            })}
        </Transition>
    }
}

/// The chart and the table; a row's name opens its invoice lines.
#[component]
fn Report(r: SalesReport, q: SalesQuery, profit: bool) -> impl IntoView {
    let l = lang();
    let fmt = move |d: Decimal| format::amount(d, l);
    let pct = move |p: Option<Decimal>| p.map(|p| format!("{} %", format::number(p, 1, l))).unwrap_or_default();
    let bars = if profit { margin_bars(&r.rows) } else { sales_bars(&r.rows) };
    let c = chart(&bars, 15, &|d| format::number(d.round_dp(0), 0, l));
    let base = query_string(&q);
    let page = page_of(profit).0;
    // the columns after the name: this period's, then last year's
    let heads: &[T] =
        if profit { &[T::Net, T::LineCost, T::Margin, T::MarginPct, T::MarginLastYear] } else { &[T::Net, T::Quantity, T::LastYear, T::ChangePct] };
    view! {
        <figure class="report-chart" data-testid="report-chart"><ChartSvg c=c/></figure>
        <table class="data" data-testid="report-table">
            <thead><tr>
                <th>{Dimension::parse(&r.by).map(|d| l.t(d.label())).unwrap_or_default()}</th>
                {heads.iter().map(|h| view! { <th class="num">{l.t(*h)}</th> }).collect_view()}
            </tr></thead>
            <tbody>
                {r.rows.iter().map(|row| {
                    let name = match (row.key.is_empty(), row.label.is_empty() || row.label == row.key) {
                        (true, _) => l.t(T::NoneValue).to_string(),
                        (false, true) => row.key.clone(),
                        (false, false) => format!("{} {}", row.key, row.label),
                    };
                    let href = format!("{page}?{}{}key={}", base, if base.is_empty() { "" } else { "&" }, urlencoding(&row.key));
                    let cells = if profit {
                        vec![fmt(row.net), fmt(row.cost), fmt(row.margin), pct(row.margin_pct), fmt(row.prev_margin)]
                    } else {
                        vec![fmt(row.net), format::number(row.qty, 2, l), fmt(row.prev_net), pct(row.change_pct)]
                    };
                    view! {
                        <tr data-testid="report-row">
                            <td><a href=href data-testid="report-drill">{name}</a></td>
                            {cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
            <tfoot><tr>
                <th>{l.t(T::Total)}</th>
                {if profit {
                    view! {
                        <th class="num" data-testid="report-total">{fmt(r.total)}</th><th class="num" data-testid="report-total-cost">{fmt(r.total_cost)}</th>
                        <th class="num" data-testid="report-total-margin">{fmt(r.total_margin)}</th><th class="num">{pct(r.margin_pct)}</th>
                        <th class="num">{fmt(r.prev_margin)}</th>
                    }.into_any()
                } else {
                    view! {
                        <th class="num" data-testid="report-total">{fmt(r.total)}</th><th></th>
                        <th class="num">{fmt(r.prev_total)}</th><th class="num">{pct(r.change_pct)}</th>
                    }.into_any()
                }}
            </tr></tfoot>
        </table>
    }
}

/// The chart as SVG elements (text is text, never markup).
#[component]
pub(crate) fn ChartSvg(c: Chart) -> impl IntoView {
    let (lw, ay, h) = (c.label_w, c.axis_y, c.height);
    view! {
        <svg xmlns="http://www.w3.org/2000/svg" viewBox=format!("0 0 {} {}", c.width, c.height) width=c.width height=c.height font-family="sans-serif" font-size="11" role="img">
            {c.ticks.into_iter().map(|(x, v)| view! {
                <line x1=x y1=ay x2=x y2=h stroke="#ddd"/>
                <text x=x y=ay - 8.0 text-anchor="middle" fill="#555">{v}</text>
            }).collect_view()}
            {c.bars.into_iter().map(|b| view! {
                <text x=lw - 6.0 y=b.y + 10.0 text-anchor="end">{b.label}</text>
                <rect x=lw y=b.y width=b.now_w height="12" fill="#2f6fb0"/>
                <rect x=lw y=b.y + 13.0 width=b.prev_w height="5" fill="#b7c7d8"/>
                <text x=lw + b.now_w + 4.0 y=b.y + 10.0>{b.value}</text>
            }).collect_view()}
        </svg>
    }
}

#[component]
fn Drill(lines: Vec<DrillLine>, profit: bool) -> impl IntoView {
    let l = lang();
    view! {
        <h3>{tr(T::InvoiceLines)}</h3>
        <table class="data" data-testid="report-lines">
            <thead><tr><th>{l.t(T::InvoiceNo)}</th><th>{l.t(T::Date)}</th><th>{l.t(T::Customer)}</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th>
                <th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Net)}</th>
                {profit.then(|| view! { <th class="num">{l.t(T::LineCost)}</th><th class="num">{l.t(T::Margin)}</th><th>{l.t(T::CostFrom)}</th> })}
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|x| {
                    let href = match x.kind {
                        InvoiceKind::CreditNote => format!("/receivables/credit-notes/{}", x.invoice_no),
                        InvoiceKind::Invoice => format!("/receivables/invoices/{}", x.invoice_no),
                    };
                    view! {
                        <tr data-testid="report-line">
                            <td><a href=href>{x.invoice_no.clone()}</a></td><td>{x.invoice_date.clone()}</td><td>{x.customer.clone()}</td>
                            <td>{x.item_no.clone()}</td><td>{x.description.clone()}</td>
                            <td class="num">{format::number(x.qty, 2, l)}</td><td class="num">{format::amount(x.net, l)}</td>
                            {profit.then(|| view! {
                                <td class="num">{format::amount(x.cost, l)}</td><td class="num">{format::amount(x.net - x.cost, l)}</td>
                                <td>{x.cost_from.map(|c| l.t(c.label())).unwrap_or_default()}</td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
