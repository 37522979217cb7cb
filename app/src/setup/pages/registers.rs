//! Number series and the small registers: terms, VAT codes, units, warehouses.
//! Each is a table plus one form that adds a row or updates the row with that code.
use leptos::prelude::*;

use super::yes_no;
use crate::core::T;
use crate::setup::api::*;
use crate::setup::model::{DocType, VAT_CATEGORIES};
use crate::ui::form::{loaded, ActionStatus, Field};
use crate::ui::{lang, tr};

#[component]
pub fn SeriesPage() -> impl IntoView {
    let save = ServerAction::<SaveSeries>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_series());
    let l = lang();
    view! {
        <h2>{tr(T::NumberSeries)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, |rows| view! {
                    <table class="data">
                        <thead><tr><th>{l.t(T::DocumentType)}</th><th>{l.t(T::Prefix)}</th><th>{l.t(T::NextNumber)}</th><th></th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|s| {
                                let label = DocType::parse(&s.doc_type).map(|d| l.t(d.label())).unwrap_or("?");
                                view! {
                                    <tr>
                                        <td>{label}</td>
                                        <td colspan="3">
                                            <ActionForm action=save attr:class="row-form">
                                                <input type="hidden" name="doc_type" value=s.doc_type.clone()/>
                                                <input name="prefix" value=s.prefix.clone() aria-label=l.t(T::Prefix) size="8"/>
                                                <input name="next_number" type="number" min="1" value=s.next_number.to_string() aria-label=l.t(T::NextNumber)/>
                                                <button type="submit">{l.t(T::Save)}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <ActionStatus value=save.value()/>
    }
}

#[component]
pub fn TermsPage() -> impl IntoView {
    let save_pay = ServerAction::<SavePaymentTerm>::new();
    let save_del = ServerAction::<SaveDeliveryTerm>::new();
    let pay = Resource::new(move || save_pay.version().get(), |_| list_payment_terms());
    let del = Resource::new(move || save_del.version().get(), |_| list_delivery_terms());
    let l = lang();
    view! {
        <h2>{tr(T::PaymentTerms)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(pay.await, |rows| view! {
                    <table class="data">
                        <thead><tr><th>{l.t(T::Code)}</th><th>{l.t(T::Name)}</th><th class="num">{l.t(T::Days)}</th><th>{l.t(T::Active)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|t| view! {
                                <tr><td>{t.code}</td><td>{t.name}</td><td class="num">{t.days}</td><td>{yes_no(t.active)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <ActionForm action=save_pay attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::Days name="days" kind="number" value="14" required=true/>
            <label class="field check"><input type="checkbox" name="active" value="on" checked/><span>{l.t(T::Active)}</span></label>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save_pay.value()/>

        <h2>{tr(T::DeliveryTerms)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(del.await, |rows| view! {
                    <table class="data">
                        <thead><tr><th>{l.t(T::Code)}</th><th>{l.t(T::Name)}</th><th>{l.t(T::Active)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|t| view! {
                                <tr><td>{t.code}</td><td>{t.name}</td><td>{yes_no(t.active)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <ActionForm action=save_del attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <label class="field check"><input type="checkbox" name="active" value="on" checked/><span>{l.t(T::Active)}</span></label>
            <button type="submit">{l.t(T::Save)}</button>
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
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, |rows| view! {
                    <table class="data">
                        <thead><tr><th>{l.t(T::Code)}</th><th>{l.t(T::Name)}</th><th class="num">{l.t(T::Rate)}</th><th>{l.t(T::Category)}</th><th>{l.t(T::Active)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|v| view! {
                                <tr>
                                    <td>{v.code}</td><td>{v.name}</td>
                                    <td class="num">{crate::core::format::number(v.rate, 2, l)}</td>
                                    <td>{v.category}</td><td>{yes_no(v.active)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <ActionForm action=save attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::Rate name="rate" required=true/>
            <label class="field">
                <span>{l.t(T::Category)}</span>
                <select name="category">
                    {VAT_CATEGORIES.iter().map(|(c, n)| view! { <option value=*c>{format!("{c} – {n}")}</option> }).collect_view()}
                </select>
            </label>
            <label class="field check"><input type="checkbox" name="active" value="on" checked/><span>{l.t(T::Active)}</span></label>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}

#[component]
pub fn UnitsPage() -> impl IntoView {
    let save = ServerAction::<SaveUnit>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_units());
    let l = lang();
    view! {
        <h2>{tr(T::Units)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, |rows| view! {
                    <table class="data">
                        <thead><tr><th>{l.t(T::Code)}</th><th>{l.t(T::Name)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|u| view! { <tr><td>{u.code}</td><td>{u.name}</td></tr> }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <ActionForm action=save attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}

#[component]
pub fn WarehousesPage() -> impl IntoView {
    let save = ServerAction::<SaveWarehouse>::new();
    let rows = Resource::new(move || save.version().get(), |_| list_warehouses());
    let l = lang();
    view! {
        <h2>{tr(T::Warehouses)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, |rows| view! {
                    <table class="data">
                        <thead><tr><th>{l.t(T::Code)}</th><th>{l.t(T::Name)}</th><th>{l.t(T::Address)}</th><th>{l.t(T::Active)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|w| view! {
                                <tr><td>{w.code}</td><td>{w.name}</td><td>{w.address}</td><td>{yes_no(w.active)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <ActionForm action=save attr:class="inline-form">
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::Address name="address"/>
            <label class="field check"><input type="checkbox" name="active" value="on" checked/><span>{l.t(T::Active)}</span></label>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}
