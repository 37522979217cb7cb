use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::core::T;
use crate::setup::api::{get_company, SaveCompany};
use crate::ui::form::{loaded, ActionStatus, Field};
use crate::ui::{tr, SessionRes};

#[component]
pub fn CompanyPage() -> impl IntoView {
    let save = ServerAction::<SaveCompany>::new();
    let company = Resource::new(move || save.version().get(), |_| get_company());
    let session = expect_context::<SessionRes>().0;
    // The header shows the company name: reload the session once a save succeeds.
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            session.refetch();
        }
    });
    let query = use_query_map();
    let logo_error = move || query.with(|q| q.get("logo_error"));
    view! {
        <h2>{tr(T::CompanyProfile)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(company.await, |c| view! {
                    <ActionForm action=save attr:class="grid-form">
                        <Field label=T::Name name="input[name]" value=c.name.clone() required=true/>
                        <Field label=T::OrgNo name="input[org_no]" value=c.org_no.clone() required=true/>
                        <label class="field">
                            <span>{tr(T::Country)}</span>
                            <input value=format!("{} · {}", c.country, c.currency) disabled/>
                        </label>
                        <label class="field check">
                            <input type="checkbox" name="input[vat_registered]" value="on" checked=c.vat_registered/>
                            <span>{tr(T::VatRegistered)}</span>
                        </label>
                        <label class="field check">
                            <input type="checkbox" name="input[business_register]" value="on" checked=c.business_register/>
                            <span>{tr(if c.country == "SE" { T::FTaxApproved } else { T::InBusinessRegister })}</span>
                        </label>
                        <Field label=T::Address name="input[address_line]" value=c.address_line.clone()/>
                        <Field label=T::PostCode name="input[postcode]" value=c.postcode.clone()/>
                        <Field label=T::City name="input[city]" value=c.city.clone()/>
                        <Field label=T::Email name="input[email]" value=c.email.clone()/>
                        <Field label=T::Phone name="input[phone]" value=c.phone.clone()/>
                        <Field label=T::BankAccount name="input[bank_account]" value=c.bank_account.clone()/>
                        <label class="field check">
                            <input type="checkbox" name="input[allow_negative_stock]" value="on" checked=c.allow_negative_stock/>
                            <span>{tr(T::AllowNegativeStock)}</span>
                        </label>
                        <label class="field">
                            <span>{tr(T::ValuationMethod)}</span>
                            <select name="input[valuation_method]">
                                {crate::setup::model::Valuation::ALL.iter().map(|v| view! { <option value=v.code() selected=c.valuation_method == *v>{tr(v.label())}</option> }).collect_view()}
                            </select>
                        </label>
                        <button type="submit" class="primary">{tr(T::Save)}</button>
                    </ActionForm>
                })
            })}
        </Transition>
        <ActionStatus value=save.value()/>
        <h3>{tr(T::Logo)}</h3>
        <form method="post" action="/setup/logo" enctype="multipart/form-data" class="inline-form">
            <label class="field">
                <span>{tr(T::UploadLogo)}</span>
                <input type="file" name="logo" accept="image/png,image/jpeg" required/>
            </label>
            <button type="submit">{tr(T::Save)}</button>
        </form>
        {move || logo_error().map(|e| crate::ui::alert(&e))}
    }
}
