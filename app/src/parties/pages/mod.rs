//! The party list (search, filters, sorting, paging; works without JavaScript
//! through the URL), the new-party page and the party page with its tabs.
mod detail;
mod form;
mod import;
mod setup;

pub use detail::PartyPage;
pub use form::PartyForm;
pub use import::PartyImportPage;
pub use setup::PartyFieldsPage;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{search_parties, sellers};
use super::model::{PartyKind, PartyQuery};
use crate::core::T;
use crate::ui::form::loaded;
use crate::ui::lang;
use crate::ui::list::{encode, Pager};

fn query_from(q: &leptos_router::params::ParamsMap) -> PartyQuery {
    PartyQuery {
        q: q.get("q").unwrap_or_default(),
        kind: q.get("kind").unwrap_or_default(),
        seller: q.get("seller").and_then(|s| s.parse().ok()),
        inactive: q.get("inactive").is_some_and(|v| v == "on"),
        sort: q.get("sort").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()),
    }
}

fn link(q: &PartyQuery, sort: &str, page: i64) -> String {
    format!(
        "/parties?q={}&kind={}&seller={}&sort={sort}&page={page}{}",
        encode(&q.q),
        encode(&q.kind),
        q.seller.map(|s| s.to_string()).unwrap_or_default(),
        if q.inactive { "&inactive=on" } else { "" }
    )
}

#[component]
pub fn PartiesPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || query.with(query_from);
    let rows = Resource::new(params, search_parties);
    let seller_list = Resource::new(|| (), |_| sellers());
    let l = lang();
    view! {
        <h1>{l.t(T::Parties)}</h1>
        <div class="toolbar">
            <form method="get" action="/parties" class="inline-form" role="search">
                <input type="search" name="q" value=move || params().q placeholder=l.t(T::SearchPartiesHint) aria-label=l.t(T::Search) autofocus/>
                <select name="kind" aria-label=l.t(T::Kind) data-testid="kind-filter">
                    {[("", T::All), ("customers", T::Customers), ("suppliers", T::Suppliers), ("both", T::CustomerAndSupplier)]
                        .into_iter()
                        .map(|(v, t)| view! { <option value=v selected=move || params().kind == v>{l.t(t)}</option> })
                        .collect_view()}
                </select>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        loaded(seller_list.await, move |list| view! {
                            <select name="seller" aria-label=l.t(T::Seller)>
                                <option value="">{l.t(T::AllSellers)}</option>
                                {list.into_iter().map(|(id, name)| view! { <option value=id.to_string() selected=move || params().seller == Some(id)>{name}</option> }).collect_view()}
                            </select>
                        })
                    })}
                </Transition>
                <label class="check"><input type="checkbox" name="inactive" value="on" checked=move || params().inactive/>{l.t(T::ShowInactive)}</label>
                <button type="submit">{l.t(T::Search)}</button>
            </form>
            <span>
                <a href="/parties/export.csv" class="button" download="parties.csv">{l.t(T::ExportCsv)}</a>" "
                <A href="/parties/import" attr:class="button">{l.t(T::ImportCsv)}</A>" "
                <A href="/parties/new?kind=supplier" attr:class="button">{l.t(T::NewSupplier)}</A>" "
                <A href="/parties/new?kind=customer" attr:class="button primary">{l.t(T::NewCustomer)}</A>
            </span>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let q = params();
                loaded(rows.await, move |p| {
                    let sort_link = |col: &str| link(&q, &if q.sort == col { format!("-{col}") } else { col.to_string() }, 1);
                    let (by_name, by_no, by_city) = (sort_link("name"), sort_link("number"), sort_link("city"));
                    let empty = p.rows.is_empty();
                    view! {
                        <table class="data" data-testid="party-list">
                            <thead><tr>
                                <th><a href=by_no>{l.t(T::CustomerNo)}</a></th>
                                <th>{l.t(T::SupplierNo)}</th>
                                <th><a href=by_name>{l.t(T::Name)}</a></th>
                                <th>{l.t(T::OrgNo)}</th>
                                <th><a href=by_city>{l.t(T::City)}</a></th>
                                <th>{l.t(T::Seller)}</th>
                            </tr></thead>
                            <tbody>
                                {p.rows.into_iter().map(|r| view! {
                                    <tr class:inactive=!r.active>
                                        <td>{r.customer_no.clone().unwrap_or_default()}</td>
                                        <td>{r.supplier_no.clone().unwrap_or_default()}</td>
                                        <td><A href=format!("/parties/{}", r.id)>{r.name}</A></td>
                                        <td>{r.org_no}</td>
                                        <td>{r.city}</td>
                                        <td>{r.seller.unwrap_or_default()}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        {empty.then(|| view! { <p>{l.t(T::NoParties)}</p> })}
                        <Pager total=p.total page=p.page per_page=p.per_page link=move |n| link(&q, &q.sort, n)/>
                    }
                })
            })}
        </Transition>
    }
}

#[component]
pub fn NewPartyPage() -> impl IntoView {
    let query = use_query_map();
    let kind = query.with_untracked(|q| q.get("kind")).and_then(|k| PartyKind::parse(&k).ok()).unwrap_or(PartyKind::Customer);
    let l = lang();
    view! {
        <h1>{l.t(match kind { PartyKind::Customer => T::NewCustomer, PartyKind::Supplier => T::NewSupplier })}</h1>
        <PartyForm party=None kind/>
    }
}
