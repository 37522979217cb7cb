//! The valuation report as of a date, per item and warehouse, with the total.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::core::{format, T};
use crate::stock::api::valuation_report;
use crate::ui::form::loaded;
use crate::ui::lang;

#[component]
pub fn ValuationPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || query.with(|q| (q.get("as_of").unwrap_or_default(), q.get("warehouse").unwrap_or_default()));
    let report = Resource::new(params, |(as_of, wh)| valuation_report(as_of, wh));
    let l = lang();
    view! {
        <h1>{l.t(T::Valuation)}</h1>
        <form method="get" action="/stock/valuation" class="inline-form">
            <label class="field"><span>{l.t(T::AsOf)}</span><input type="date" name="as_of" value=move || params().0/></label>
            <label class="field"><span>{l.t(T::Warehouse)}</span><input name="warehouse" value=move || params().1 placeholder=l.t(T::AllWarehouses)/></label>
            <button type="submit">{l.t(T::Show)}</button>
        </form>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(report.await, move |r| {
                    let q = |v: rust_decimal::Decimal| format::qty(v, l);
                    view! {
                        <p>{format!("{} {} · {}", l.t(T::AsOf), format::date(r.as_of, l), l.t(r.method.label()))}</p>
                        <table class="data" data-testid="valuation">
                            <thead><tr><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th>{l.t(T::Warehouse)}</th><th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Value)}</th></tr></thead>
                            <tbody>
                                {r.rows.into_iter().map(|row| view! {
                                    <tr><td>{row.item_no}</td><td>{row.description}</td><td>{row.warehouse_code}</td>
                                    <td class="num">{q(row.qty)}</td><td class="num">{format::amount(row.value, l)}</td></tr>
                                }).collect_view()}
                                <tr class="total"><td colspan="4"><strong>{l.t(T::Total)}</strong></td><td class="num" data-testid="valuation-total"><strong>{format::amount(r.total, l)}</strong></td></tr>
                            </tbody>
                        </table>
                    }
                })
            })}
        </Transition>
    }
}
