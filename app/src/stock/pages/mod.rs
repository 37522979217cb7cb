//! The item page: figures per warehouse, the profile, adjustment and transfer.
mod counts;
mod import;
mod items;
mod lookup;
mod perpetual;
mod profile;
mod scanner;
mod valuation;

pub use counts::{CountSheetPage, CountsPage};
pub use import::ItemImportPage;
pub use items::ItemsPage;
pub use lookup::LookupPage;
pub use perpetual::PerpetualInventory;
pub use valuation::ValuationPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{item_stock, AdjustStock, TransferStock};
use super::model::Reason;
use crate::catalog::api::{get_item, SaveBin};
use crate::catalog::pages::ItemForm;
use crate::core::{format, T};
use crate::ui::form::{loaded, ActionStatus, Field};
use crate::ui::{lang, tr};

#[component]
pub fn NewItemPage() -> impl IntoView {
    view! {
        <h1>{tr(T::NewItem)}</h1>
        <ItemForm item=None/>
    }
}

#[component]
pub fn ItemPage() -> impl IntoView {
    let params = use_params_map();
    let item_no = move || params.with(|p| p.get("no").unwrap_or_default());
    let adjust = ServerAction::<AdjustStock>::new();
    let transfer = ServerAction::<TransferStock>::new();
    let item = Resource::new(item_no, get_item);
    let bin = ServerAction::<SaveBin>::new();
    let stock = Resource::new(move || (item_no(), adjust.version().get(), transfer.version().get(), bin.version().get()), |(no, ..)| item_stock(no));
    let l = lang();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(item.await, |i| view! {
                    <h1>{format!("{} · {}", i.item_no, i.description)}</h1>
                    <ItemForm item=Some(i.clone())/>
                })
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(stock.await, move |(figures, moves)| {
                    let q = |d| format::qty(d, l);
                    view! {
                        <h2>{l.t(T::Stock)}</h2>
                        <table class="data" data-testid="figures">
                            <thead><tr>
                                <th>{l.t(T::Warehouse)}</th><th>{l.t(T::Bin)}</th>
                                <th class="num">{l.t(T::Physical)}</th><th class="num">{l.t(T::Reserved)}</th>
                                <th class="num">{l.t(T::Incoming)}</th><th class="num">{l.t(T::Free)}</th><th class="num">{l.t(T::Projected)}</th>
                            </tr></thead>
                            <tbody>
                                {figures.into_iter().map(|f| view! {
                                    <tr>
                                        <td>{f.warehouse_code}</td><td>{f.bin.unwrap_or_default()}</td>
                                        <td class="num">{q(f.physical)}</td><td class="num">{q(f.reserved)}</td>
                                        <td class="num">{q(f.incoming)}</td><td class="num">{q(f.free)}</td><td class="num">{q(f.projected)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <h2>{l.t(T::Moves)}</h2>
                        {if moves.is_empty() {
                            view! { <p>{l.t(T::NoMoves)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="data" data-testid="moves">
                                    <thead><tr>
                                        <th>{l.t(T::Date)}</th><th>{l.t(T::Warehouse)}</th><th class="num">{l.t(T::Quantity)}</th>
                                        <th class="num">{l.t(T::UnitCost)}</th><th>{l.t(T::Origin)}</th><th>{l.t(T::Reason)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {moves.into_iter().map(|m| {
                                            let date = format::date(m.date, l);
                                            view! {
                                                <tr>
                                                    <td>{date}</td><td>{m.warehouse_code}</td><td class="num">{q(m.qty)}</td>
                                                    <td class="num">{format::number(m.unit_cost, 2, l)}</td><td>{l.t(m.origin_kind.label())}</td><td>{crate::stock::model::Reason::parse(&m.reason).map(|r| l.t(r.label()).to_string()).unwrap_or_else(|_| m.reason.clone())}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    }
                })
            })}
        </Transition>
        <profile::ItemProfile item_no=Signal::derive(item_no) version=Signal::derive(move || adjust.version().get() + transfer.version().get())/>
        <h2>{l.t(T::Adjust)}</h2>
        <ActionForm action=adjust attr:class="inline-form" attr:data-testid="adjust-form">
            <input type="hidden" name="input[item_no]" value=item_no/>
            <Field label=T::Warehouse name="input[warehouse]" value="MAIN" required=true/>
            <Field label=T::Quantity name="input[qty]" required=true/>
            <label class="field">
                <span>{l.t(T::Reason)}</span>
                <select name="input[reason]">{Reason::ALL.into_iter().map(|r| view! { <option value=r.code()>{l.t(r.label())}</option> }).collect_view()}</select>
            </label>
            <Field label=T::Date name="input[date]" kind="date"/>
            <button type="submit">{l.t(T::Adjust)}</button>
        </ActionForm>
        <ActionStatus value=adjust.value()/>
        <h2>{l.t(T::Transfer)}</h2>
        <ActionForm action=transfer attr:class="inline-form">
            <input type="hidden" name="input[item_no]" value=item_no/>
            <Field label=T::FromWarehouse name="input[from_warehouse]" value="MAIN" required=true/>
            <Field label=T::ToWarehouse name="input[to_warehouse]" required=true/>
            <Field label=T::Quantity name="input[qty]" required=true/>
            <Field label=T::Date name="input[date]" kind="date"/>
            <button type="submit">{l.t(T::Transfer)}</button>
        </ActionForm>
        <ActionStatus value=transfer.value()/>
        <h2>{l.t(T::BinLocation)}</h2>
        <ActionForm action=bin attr:class="inline-form" attr:data-testid="bin-form">
            <input type="hidden" name="item_no" value=item_no/>
            <Field label=T::Warehouse name="warehouse" value="MAIN" required=true/>
            <Field label=T::Bin name="bin"/>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=bin.value()/>
    }
}
