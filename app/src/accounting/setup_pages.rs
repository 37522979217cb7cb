//! Setup → Accounting: the chart of accounts (with each account's SAF-T grouping) and
//! the account map — which account each kind of posting uses, per VAT code or for all.
use leptos::prelude::*;

use super::api::{list_accounts, list_map, map_keys, ImportOpening, SaveAccount, SaveMapping};
use super::model::{key_label, Account};
use crate::core::T;
use crate::ui::form::{yes_no, ActionStatus, ActiveBox, DataTable, Field};
use crate::ui::{lang, tr};

#[component]
pub fn ChartPage() -> impl IntoView {
    let save = ServerAction::<SaveAccount>::new();
    let map = ServerAction::<SaveMapping>::new();
    let accounts = Resource::new(move || save.version().get(), |_| list_accounts());
    let entries = Resource::new(move || (map.version().get(), save.version().get()), |_| list_map());
    let keys = Resource::new(|| (), |_| map_keys());
    let l = lang();
    view! {
        <h2>{tr(T::ChartOfAccounts)}</h2>
        <DataTable rows=accounts headers=&[(T::Account, false), (T::Name, false), (T::GroupingCategory, false), (T::GroupingCode, false), (T::Active, false)]
            row=|a: Account| view! {
                <tr data-testid="account" data-account=a.number.clone()><td>{a.number.clone()}</td><td>{a.name}</td><td>{a.grouping_category}</td><td>{a.grouping_code}</td><td>{yes_no(a.active)}</td></tr>
            }/>
        <ActionForm action=save attr:class="inline-form" attr:data-testid="account-form">
            <Field label=T::Account name="number" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::GroupingCategory name="grouping_category"/>
            <Field label=T::GroupingCode name="grouping_code"/>
            <ActiveBox/>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
        <h2>{tr(T::AccountMap)}</h2>
        <p class="lead">{tr(T::AccountMapHint)}</p>
        <DataTable rows=entries headers=&[(T::PostingRole, false), (T::Account, false)]
            row=move |m: super::model::MapEntry| view! { <tr data-testid="map-entry" data-key=m.key.clone()><td>{key_label(&m.key, l)}</td><td>{m.account}</td></tr> }/>
        <ActionForm action=map attr:class="inline-form" attr:data-testid="map-form">
            <label class="field"><span>{l.t(T::PostingRole)}</span>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        crate::ui::form::loaded(keys.await, move |keys| view! {
                            <select name="key">{keys.into_iter().map(|k| view! { <option value=k.clone()>{key_label(&k, l)}</option> }).collect_view()}</select>
                        })
                    })}
                </Transition>
            </label>
            <Field label=T::Group name="group"/>
            <Field label=T::Account name="account"/>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=map.value()/>
        <OpeningBalances/>
    }
}

/// Opening balances for a company that starts keeping its books in Flyt mid-year:
/// pasted from a spreadsheet (or a CSV file's text), posted as one voucher.
#[component]
fn OpeningBalances() -> impl IntoView {
    let l = lang();
    let import = ServerAction::<ImportOpening>::new();
    view! {
        <h2>{tr(T::OpeningBalances)}</h2>
        <p class="lead">{tr(T::OpeningBalancesHint)}</p>
        <ActionForm action=import attr:class="inline-form" attr:data-testid="opening-form">
            <label class="field"><span>{l.t(T::Date)}</span><input type="date" name="date" required/></label>
            <label class="field wide"><span>{l.t(T::OpeningBalances)}</span>
                <textarea name="csv" rows="8" required placeholder="account;amount\n1920;10000,00\n2050;-10000,00"></textarea>
            </label>
            <button type="submit">{l.t(T::Import)}</button>
        </ActionForm>
        {move || import.value().get().map(|r| match r {
            Ok(report) => view! { <crate::ui::import::Report report=report/> }.into_any(),
            Err(e) => crate::ui::alert(&e.to_string()),
        })}
    }
}
