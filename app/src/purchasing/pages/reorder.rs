//! The reorder list: what to order per item and warehouse, counting what is already
//! on order; chosen rows become draft purchase orders, one per supplier.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::{number, purchasing_nav};
use crate::core::format::qty;
use crate::core::T;
use crate::purchasing::api::{order_from_list, reorder_list};
use crate::purchasing::model::{ReorderFilter, ReorderPick, ReorderRow};
use crate::ui::form::loaded;
use crate::ui::lang;

#[component]
pub fn ReorderPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| ReorderFilter {
            supplier: q.get("supplier").unwrap_or_default(),
            warehouse: q.get("warehouse").unwrap_or_default(),
            all: q.get("all").is_some_and(|v| v == "on"),
        })
    };
    let version = RwSignal::new(0);
    let rows = Resource::new(move || (filter(), version.get()), |(f, _)| reorder_list(f));
    let created = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<String>);
    view! {
        <h1>{l.t(T::ReorderList)}</h1>
        {purchasing_nav(l)}
        <form method="get" class="toolbar" role="search">
            <input name="supplier" placeholder=l.t(T::SupplierNo) aria-label=l.t(T::SupplierNo) value=move || filter().supplier/>
            <input name="warehouse" placeholder=l.t(T::Warehouse) aria-label=l.t(T::Warehouse) value=move || filter().warehouse/>
            <label class="check"><input type="checkbox" name="all" value="on" checked=move || filter().all/>{l.t(T::ShowAll)}</label>
            <button type="submit">{l.t(T::Show)}</button>
        </form>
        {move || (!created.get().is_empty()).then(|| view! {
            <p class="ok" role="status" data-testid="reorder-created">{l.t(T::CreatedPurchaseOrders)}" "
                {created.get().into_iter().map(|no| view! { <A href=format!("/purchasing/orders/{no}")>{no.clone()}</A>" " }).collect_view()}
            </p>
        })}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |rows| view! { <ReorderTable rows version created error/> })
            })}
        </Transition>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

#[component]
fn ReorderTable(rows: Vec<ReorderRow>, version: RwSignal<i32>, created: RwSignal<Vec<String>>, error: RwSignal<Option<String>>) -> impl IntoView {
    let l = lang();
    if rows.is_empty() {
        return view! { <p data-testid="reorder-empty">{l.t(T::NothingToReorder)}</p> }.into_any();
    }
    let picks: Vec<(ReorderRow, RwSignal<bool>, RwSignal<String>)> = rows
        .into_iter()
        .map(|r| {
            let q = qty(r.suggested, l);
            (r, RwSignal::new(false), RwSignal::new(q))
        })
        .collect();
    let picks2 = picks.clone();
    let order = move |_| {
        let mut chosen = Vec::new();
        for (r, on, q) in &picks2 {
            if on.get_untracked() {
                match number(T::Quantity, &q.get_untracked(), l) {
                    Ok(v) => chosen.push(ReorderPick { item_no: r.item_no.clone(), warehouse: r.warehouse.clone(), qty: Some(v), supplier_no: String::new() }),
                    Err(e) => return error.set(Some(format!("{}: {e}", r.item_no))),
                }
            }
        }
        leptos::task::spawn_local(async move {
            match order_from_list(chosen).await {
                Ok(nos) => {
                    error.set(None);
                    created.set(nos);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <table class="data" data-testid="reorder-list">
            <thead><tr>
                <th></th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th>{l.t(T::Warehouse)}</th>
                <th class="num">{l.t(T::Physical)}</th><th class="num">{l.t(T::Reserved)}</th><th class="num">{l.t(T::Incoming)}</th><th class="num">{l.t(T::Projected)}</th>
                <th class="num">{l.t(T::SafetyStock)}</th><th class="num">{l.t(T::ReorderQty)}</th><th class="num">{l.t(T::PackSize)}</th><th>{l.t(T::Supplier)}</th><th class="num">{l.t(T::Suggested)}</th>
            </tr></thead>
            <tbody>{picks.into_iter().map(|(r, on, q)| view! {
                <tr data-testid="reorder-row" data-item=r.item_no.clone()>
                    <td><input type="checkbox" aria-label=r.item_no.clone() data-testid="reorder-pick" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev))/></td>
                    <td>{r.item_no.clone()}</td><td>{r.description.clone()}</td><td>{r.warehouse.clone()}</td>
                    <td class="num">{qty(r.physical, l)}</td><td class="num">{qty(r.reserved, l)}</td><td class="num">{qty(r.incoming, l)}</td>
                    <td class="num" class:negative=r.projected < r.safety_stock>{qty(r.projected, l)}</td>
                    <td class="num">{qty(r.safety_stock, l)}</td><td class="num">{qty(r.reorder_qty, l)}</td><td class="num">{qty(r.pack_size, l)}</td>
                    <td>{format!("{} {}", r.supplier_no, r.supplier_name)}</td>
                    <td><input class="num" inputmode="decimal" aria-label=format!("{} {}", l.t(T::Suggested), r.item_no) prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/></td>
                </tr>
            }).collect_view()}</tbody>
        </table>
        <div class="actions">
            <button type="button" class="primary" on:click=order data-testid="reorder-create">{l.t(T::CreatePurchaseOrders)}</button>
        </div>
    }
    .into_any()
}
