//! The item list, the stock area's first page: search, sort, paging (works without
//! JavaScript through the URL), each stock item with its on hand and free quantity.
use crate::catalog::api::search_items;
use crate::catalog::model::ItemKind;
use crate::catalog::pages::kind_label;
use crate::core::{format, T};
use crate::ui::form::loaded;
use crate::ui::list::{encode, Pager};
use crate::ui::{lang, tr};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ItemsPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                q.get("q").unwrap_or_default(),
                q.get("inactive").is_some_and(|v| v == "on"),
                q.get("sort").unwrap_or_default(),
                q.get("page").and_then(|p| p.parse::<i64>().ok()).unwrap_or(1),
            )
        })
    };
    // the page of items, then their stock over all warehouses (on hand, free)
    let items = Resource::new(params, |(q, inactive, sort, page)| async move {
        let p = search_items(q, inactive, sort, page).await?;
        let ids: Vec<i64> = p.items.iter().filter(|i| i.kind == ItemKind::Stock).map(|i| i.id).collect();
        let stock = if ids.is_empty() { Vec::new() } else { super::super::api::item_totals(ids).await? };
        Ok::<_, crate::error::AppError>((p, stock))
    });
    let l = lang();
    let link = move |q: &str, inactive: bool, sort: &str, page: i64| {
        format!("/stock?q={}&sort={sort}&page={page}{}", encode(q), if inactive { "&inactive=on" } else { "" })
    };
    view! {
        <h1>{tr(T::Items)}</h1>
        <div class="toolbar">
            <form method="get" action="/stock" class="inline-form" role="search">
                <input type="search" name="q" value=move || params().0 placeholder=l.t(T::SearchItemsHint) aria-label=l.t(T::Search) autofocus/>
                <label class="check"><input type="checkbox" name="inactive" value="on" checked=move || params().1/>{l.t(T::ShowInactive)}</label>
                <button type="submit">{l.t(T::Search)}</button>
            </form>
            <span>
                <A href="/stock/lookup" attr:class="button">{l.t(T::StockLookup)}</A>" "
                <A href="/stock/counts" attr:class="button">{l.t(T::Stocktaking)}</A>" "
                <A href="/stock/valuation" attr:class="button">{l.t(T::Valuation)}</A>" "
                <A href="/stock/price-lists" attr:class="button">{l.t(T::PriceLists)}</A>" "
                <A href="/stock/import" attr:class="button">{l.t(T::ImportItems)}</A>" "
                <a href="/stock/items/export.csv" class="button" download="items.csv" data-testid="export-csv">{l.t(T::ExportCsv)}</a>" "
                <A href="/stock/items/new" attr:class="button primary">{l.t(T::NewItem)}</A>
            </span>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let (q, inactive, sort, _) = params();
                loaded(items.await, move |(p, stock)| {
                    let figures = move |id: i64| stock.iter().find(|s| s.0 == id).map(|s| (s.1, s.2));
                    let sort_link = |col: &str| {
                        let next = if sort == col { format!("-{col}") } else { col.to_string() };
                        link(&q, inactive, &next, 1)
                    };
                    view! {
                        <table class="data">
                            <thead><tr>
                                <th><a href=sort_link("item_no")>{l.t(T::ItemNo)}</a></th>
                                <th><a href=sort_link("description")>{l.t(T::Description)}</a></th>
                                <th>{l.t(T::Unit)}</th>
                                <th class="num"><a href=sort_link("sales_price")>{l.t(T::SalesPrice)}</a></th>
                                <th>{l.t(T::ItemType)}</th>
                                <th class="num">{l.t(T::Physical)}</th>
                                <th class="num">{l.t(T::Free)}</th>
                            </tr></thead>
                            <tbody>
                                {p.items.clone().into_iter().map(|i| { let f = figures(i.id); view! {
                                    <tr class:inactive=!i.active data-testid="item-row">
                                        <td><A href=format!("/stock/items/{}", i.item_no)>{i.item_no}</A></td>
                                        <td>{i.description}</td>
                                        <td>{i.unit}</td>
                                        <td class="num">{format::amount(i.sales_price, l)}</td>
                                        <td>{l.t(kind_label(i.kind))}</td>
                                        <td class="num" data-testid="item-on-hand">{f.map(|f| format::qty(f.0, l)).unwrap_or_default()}</td>
                                        <td class="num" class:late=f.is_some_and(|f| f.1 < rust_decimal::Decimal::ZERO) data-testid="item-free">{f.map(|f| format::qty(f.1, l)).unwrap_or_default()}</td>
                                    </tr>
                                }}).collect_view()}
                            </tbody>
                        </table>
                        {p.items.is_empty().then(|| view! { <p>{l.t(T::NoItems)}</p> })}
                        <Pager total=p.total page=p.page per_page=p.per_page link=move |n| link(&q, inactive, &sort, n)/>
                    }
                })
            })}
        </Transition>
    }
}
