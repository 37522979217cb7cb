//! Price lists (under Stock): the lists, and the prices of one list with quantity
//! breaks and validity dates.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::api::{get_price_list, list_price_lists, AddListPrice, RemoveListPrice, SavePriceList};
use crate::core::{format, T};
use crate::ui::form::{loaded, ActionStatus, ActiveBox, Field};
use crate::ui::lang;

#[component]
pub fn PriceListsPage() -> impl IntoView {
    let l = lang();
    let save = ServerAction::<SavePriceList>::new();
    let lists = Resource::new(move || save.version().get(), |_| list_price_lists());
    view! {
        <h1>{l.t(T::PriceLists)}</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(lists.await, move |lists| view! {
                    <table class="data" data-testid="price-lists">
                        <thead><tr><th>{l.t(T::Name)}</th><th>{l.t(T::Currency)}</th><th>{l.t(T::Active)}</th></tr></thead>
                        <tbody>
                            {lists.into_iter().map(|pl| view! {
                                <tr class:inactive=!pl.active>
                                    <td><A href=format!("/stock/price-lists/{}", pl.id)>{pl.name}</A></td>
                                    <td>{pl.currency}</td>
                                    <td>{l.t(if pl.active { T::Yes } else { T::No })}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <h2>{l.t(T::NewPriceList)}</h2>
        <ActionForm action=save attr:class="inline-form">
            <input type="hidden" name="id" value="0"/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::Currency name="currency" value="NOK" required=true/>
            <ActiveBox/>
            <button type="submit" class="primary">{l.t(T::Create)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}

#[component]
pub fn PriceListPage() -> impl IntoView {
    let l = lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0));
    let add = ServerAction::<AddListPrice>::new();
    let remove = ServerAction::<RemoveListPrice>::new();
    let data = Resource::new(move || (id(), add.version().get(), remove.version().get()), |(id, _, _)| get_price_list(id));
    let q = move |d: rust_decimal::Decimal| d.normalize().to_string();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await, move |(pl, prices)| {
                    let list_id = pl.id;
                    view! {
                        <h1>{format!("{} · {}", pl.name, pl.currency)}</h1>
                        <table class="data" data-testid="list-prices">
                            <thead><tr>
                                <th>{l.t(T::ItemNo)}</th><th class="num">{l.t(T::FromQty)}</th><th class="num">{l.t(T::Price)}</th>
                                <th>{l.t(T::ValidFrom)}</th><th>{l.t(T::ValidTo)}</th><th></th>
                            </tr></thead>
                            <tbody>
                                {prices.into_iter().map(|p| view! {
                                    <tr>
                                        <td><A href=format!("/stock/items/{}", p.item_no)>{p.item_no.clone()}</A></td>
                                        <td class="num">{q(p.min_qty)}</td>
                                        <td class="num">{format::amount(p.price, l)}</td>
                                        <td>{p.valid_from.map(|d| format::date(d, l))}</td>
                                        <td>{p.valid_to.map(|d| format::date(d, l))}</td>
                                        <td>
                                            <ActionForm action=remove attr:class="row-form">
                                                <input type="hidden" name="list_id" value=list_id.to_string()/>
                                                <input type="hidden" name="id" value=p.id.to_string()/>
                                                <button type="submit" class="link">{l.t(T::Remove)}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{l.t(T::AddPrice)}</h2>
                        <ActionForm action=add attr:class="inline-form">
                            <input type="hidden" name="list_id" value=list_id.to_string()/>
                            <Field label=T::ItemNo name="item_no" required=true/>
                            <Field label=T::FromQty name="min_qty" value="0"/>
                            <Field label=T::Price name="price" required=true/>
                            <Field label=T::ValidFrom name="valid_from" kind="date"/>
                            <Field label=T::ValidTo name="valid_to" kind="date"/>
                            <button type="submit" class="primary">{l.t(T::Add)}</button>
                        </ActionForm>
                    }
                })
            })}
        </Transition>
        <ActionStatus value=add.value()/>
        <ActionStatus value=remove.value()/>
    }
}
