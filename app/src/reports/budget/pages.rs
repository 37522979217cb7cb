//! Budget versus actual: period and grouping in the address; a chart of the actual
//! against the budget per key, the table with the variance, a form to enter one key's
//! budget for a year, and the CSV import.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rust_decimal::Decimal;

use super::api::{get_budget_report, import_budget, SaveBudget};
use super::model::{BudgetBy, BudgetQuery, BudgetReport, BudgetRow};
use crate::core::{format, T};
use crate::reports::model::chart;
use crate::reports::pages::{pairs, reports_nav, ChartSvg, Downloads};
use crate::ui::form::loaded;
use crate::ui::import::CsvImport;
use crate::ui::{lang, tr};

fn query_string(q: &BudgetQuery) -> String {
    pairs([("from", q.from.as_str()), ("to", q.to.as_str()), ("by", q.by.as_str())].into_iter())
}

#[component]
pub fn BudgetReportPage() -> impl IntoView {
    let l = lang();
    let params = use_query_map();
    let query = move || {
        params.with(|p| {
            let g = |k: &str| p.get(k).unwrap_or_default();
            BudgetQuery { from: g("from"), to: g("to"), by: g("by") }
        })
    };
    let save = ServerAction::<SaveBudget>::new();
    let report = Resource::new(move || (query(), save.version().get()), |(q, _)| get_budget_report(q));
    let year = move || query().to.split('-').next().filter(|y| y.len() == 4).map(str::to_string).unwrap_or_else(|| crate::ui::today().format("%Y").to_string());
    view! {
        <h1>{tr(T::Reports)}</h1>
        {reports_nav(l)}
        <h2>{tr(T::BudgetReport)}</h2>
        <p class="lead">{tr(T::BudgetReportHint)}</p>
        <form method="get" action="/reports/budget" class="inline-form report-filters" role="search" data-testid="report-filters">
            <label class="field"><span>{l.t(T::From)}</span><input type="month" name="from" value=move || query().from/></label>
            <label class="field"><span>{l.t(T::To)}</span><input type="month" name="to" value=move || query().to/></label>
            <label class="field"><span>{l.t(T::ReportBy)}</span><select name="by" data-testid="report-by">
                {BudgetBy::ALL.iter().map(|d| view! { <option value=d.code() selected=move || query().by == d.code()>{l.t(d.label())}</option> }).collect_view()}
            </select></label>
            <button type="submit" class="primary" data-testid="report-show">{l.t(T::Show)}</button>
        </form>
        <Downloads path="/reports/budget" query=Signal::derive(move || query_string(&query()))/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(report.await, move |r: BudgetReport| view! { <Budget r=r/> })
            })}
        </Transition>
        <h3>{tr(T::BudgetEntry)}</h3>
        <ActionForm action=save attr:class="inline-form budget-entry" attr:data-testid="budget-form">
            <label class="field"><span>{l.t(T::ReportBy)}</span><select name="input[by]">
                {BudgetBy::ALL.iter().map(|d| view! { <option value=d.code() selected=move || query().by == d.code()>{l.t(d.label())}</option> }).collect_view()}
            </select></label>
            <label class="field"><span>{l.t(T::BudgetKey)}</span><input type="text" name="input[key]" required data-testid="budget-key"/></label>
            <label class="field"><span>{l.t(T::Year)}</span><input type="number" name="input[year]" min="1900" max="9999" value=year/></label>
            {(1..=12).map(|m| view! {
                <label class="field"><span>{format!("{m:02}")}</span><input type="text" inputmode="decimal" size="8" name=format!("input[m{m}]") data-testid=format!("budget-m{m}")/></label>
            }).collect_view()}
            <button type="submit" class="primary" data-testid="budget-save">{l.t(T::Save)}</button>
        </ActionForm>
        {move || save.value().get().and_then(|r| r.err()).map(|e| crate::ui::alert(&e.to_string()))}
        <h3>{tr(T::BudgetImport)}</h3>
        // the file format's own words (column names, codes) stay as they are
        <p class="hint" data-format="csv">{l.t(T::BudgetImportHint)}</p>
        <p class="hint"><code>"by;key;month;amount"</code></p>
        <CsvImport run=|csv, preview| Box::pin(import_budget(csv, preview))/>
    }
}

#[component]
fn Budget(r: BudgetReport) -> impl IntoView {
    let l = lang();
    let fmt = move |d: Decimal| format::amount(d, l);
    let pct = move |p: Option<Decimal>| p.map(|p| format!("{} %", format::number(p, 1, l))).unwrap_or_default();
    let name = move |x: &BudgetRow| match (x.key.is_empty(), x.label.is_empty()) {
        (true, _) => l.t(T::NoneValue).to_string(),
        (false, true) => x.key.clone(),
        (false, false) => format!("{} {}", x.key, x.label),
    };
    let c = chart(&super::model::bars(&r, l.t(T::NoneValue)), 15, &|d| format::number(d.round_dp(0), 0, l));
    let cells = move |x: &BudgetRow| {
        let class = if x.variance < Decimal::ZERO { "num overdue" } else { "num" };
        view! {
            <td class="num">{fmt(x.budget)}</td><td class="num">{fmt(x.actual)}</td>
            <td class=class>{fmt(x.variance)}</td><td class=class>{pct(x.variance_pct)}</td>
        }
    };
    let dim = BudgetBy::parse(&r.by).map(|d| l.t(d.label())).unwrap_or_default();
    view! {
        <figure class="report-chart" data-testid="report-chart"><ChartSvg c=c/></figure>
        <table class="data" data-testid="report-table">
            <thead><tr>
                <th>{dim}</th><th class="num">{l.t(T::Budget)}</th><th class="num">{l.t(T::Actual)}</th>
                <th class="num">{l.t(T::Variance)}</th><th class="num">{l.t(T::VariancePct)}</th>
            </tr></thead>
            <tbody>
                {r.rows.iter().map(|x| view! { <tr data-testid="report-row"><td>{name(x)}</td>{cells(x)}</tr> }).collect_view()}
            </tbody>
            <tfoot><tr data-testid="report-total"><th>{l.t(T::Total)}</th>{cells(&r.total)}</tr></tfoot>
        </table>
    }
}
