//! Number series and the small registers: terms, VAT codes, units, warehouses.
//! Each is a table plus one form that adds a row or updates the row with that code.
use leptos::prelude::*;

use crate::core::T;
use crate::setup::api::*;
use crate::setup::model::{DocType, VAT_CATEGORIES};
use crate::ui::form::{yes_no, ActionStatus, ActiveBox, DataTable, Field};
use crate::ui::{lang, tr};

#[component]
pub fn SeriesPage() -> impl IntoView {
    let save = ServerAction::<SaveSeries>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_series());
    let l = lang();
    view! {
        <h2>{tr(T::NumberSeries)}</h2>
        <DataTable rows headers=&[(T::DocumentType, false), (T::Prefix, false), (T::NextNumber, false)] row=move |s: crate::setup::model::NumberSeries| {
            let label = DocType::parse(&s.doc_type).map(|d| l.t(d.label())).unwrap_or("?");
            view! {
                <tr>
                    <td>{label}</td>
                    <td colspan="2">
                        <ActionForm action=save attr:class="row-form">
                            <input type="hidden" name="doc_type" value=s.doc_type.clone()/>
                            <input name="prefix" value=s.prefix.clone() aria-label=l.t(T::Prefix) size="8"/>
                            <input name="next_number" type="number" min="1" value=s.next_number.to_string() aria-label=l.t(T::NextNumber)/>
                            <button type="submit">{l.t(T::Save)}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        }/>
        <ActionStatus value=save.value()/>
    }
}

#[component]
pub fn TermsPage() -> impl IntoView {
    let save_pay = ServerAction::<SavePaymentTerm>::new();
    let save_del = ServerAction::<SaveDeliveryTerm>::new();
    let pay = Resource::new(move || save_pay.version().get(), |_| list_payment_terms());
    let del = Resource::new(move || save_del.version().get(), |_| list_delivery_terms());
    view! {
        <h2>{tr(T::PaymentTerms)}</h2>
        <DataTable rows=pay headers=&[(T::Code, false), (T::Name, false), (T::Days, true), (T::Active, false)] row=|t: crate::setup::model::PaymentTerm| view! {
            <tr><td>{t.code}</td><td>{t.name}</td><td class="num">{t.days}</td><td>{yes_no(t.active)}</td></tr>
        }/>
        <ActionForm action=save_pay attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::Days name="days" kind="number" value="14" required=true/>
            <ActiveBox/>
            <button type="submit">{tr(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save_pay.value()/>

        <h2>{tr(T::DeliveryTerms)}</h2>
        <DataTable rows=del headers=&[(T::Code, false), (T::Name, false), (T::Active, false)] row=|t: crate::setup::model::DeliveryTerm| view! {
            <tr><td>{t.code}</td><td>{t.name}</td><td>{yes_no(t.active)}</td></tr>
        }/>
        <ActionForm action=save_del attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <ActiveBox/>
            <button type="submit">{tr(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save_del.value()/>
    }
}

#[component]
pub fn VatPage() -> impl IntoView {
    let save = ServerAction::<SaveVatCode>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_vat_codes());
    let l = lang();
    view! {
        <h2>{tr(T::VatCodes)}</h2>
        <DataTable rows headers=&[(T::Code, false), (T::Name, false), (T::Rate, true), (T::Category, false), (T::Active, false)] row=move |v: crate::setup::model::VatCode| view! {
            <tr>
                <td>{v.code}</td><td>{v.name}</td>
                <td class="num">{crate::core::format::number(v.rate, 2, l)}</td>
                <td>{v.category}</td><td>{yes_no(v.active)}</td>
            </tr>
        }/>
        <ActionForm action=save attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::Rate name="rate" required=true/>
            <label class="field">
                <span>{l.t(T::Category)}</span>
                <select name="category">
                    {VAT_CATEGORIES.iter().map(|(c, n)| view! { <option value=*c>{format!("{c} – {}", l.t(*n))}</option> }).collect_view()}
                </select>
            </label>
            <ActiveBox/>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}

#[component]
pub fn UnitsPage() -> impl IntoView {
    let save = ServerAction::<SaveUnit>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_units());
    view! {
        <h2>{tr(T::Units)}</h2>
        <DataTable rows headers=&[(T::Code, false), (T::Name, false)] row=|u: crate::setup::model::Unit| view! {
            <tr><td>{u.code}</td><td>{u.name}</td></tr>
        }/>
        <ActionForm action=save attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <button type="submit">{tr(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}

#[component]
pub fn WarehousesPage() -> impl IntoView {
    let save = ServerAction::<SaveWarehouse>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_warehouses());
    view! {
        <h2>{tr(T::Warehouses)}</h2>
        <DataTable rows headers=&[(T::Code, false), (T::Name, false), (T::Address, false), (T::Active, false)] row=|w: crate::setup::model::Warehouse| view! {
            <tr><td>{w.code}</td><td>{w.name}</td><td>{w.address}</td><td>{yes_no(w.active)}</td></tr>
        }/>
        <ActionForm action=save attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::Address name="address"/>
            <ActiveBox/>
            <button type="submit">{tr(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}
