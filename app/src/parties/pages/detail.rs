//! The party page: details, delivery addresses, contacts, projects and the change
//! log, one tab each (`?tab=`), so every tab has its own link.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::PartyForm;
use crate::core::T;
use crate::parties::api::{get_party, party_changes, party_form, PartyDetail, SaveAddress, SaveContact, SaveProject, SetContactActive};
use crate::parties::model::{ProjectStatus, Saved};
use crate::ui::form::{loaded, ActionStatus, Field};
use crate::ui::lang;

const TABS: [(&str, T); 5] =
    [("details", T::Details), ("addresses", T::DeliveryAddresses), ("contacts", T::Contacts), ("projects", T::Projects), ("changes", T::ChangeLog)];

#[component]
pub fn PartyPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0));
    let tab = move || query.with(|q| q.get("tab").unwrap_or_else(|| "details".into()));
    let save_address = ServerAction::<SaveAddress>::new();
    let save_contact = ServerAction::<SaveContact>::new();
    let set_active = ServerAction::<SetContactActive>::new();
    let save_project = ServerAction::<SaveProject>::new();
    // one resource for everything the page shows (the party and, by tab, the form's
    // registers or the change log): a resource made inside this page's Suspend would be
    // numbered differently on the server and in the browser, and hydration would fail
    let detail = Resource::new(
        move || (id(), tab(), save_address.version().get(), save_contact.version().get(), set_active.version().get(), save_project.version().get()),
        |(id, tab, ..)| async move {
            let d = get_party(id).await?;
            let extra = match tab.as_str() {
                "changes" => TabData::Changes(party_changes(id).await?),
                "addresses" | "contacts" | "projects" => TabData::None,
                _ => TabData::Form(party_form(d.party.kinds().iter().map(|k| k.code().to_string()).collect()).await?),
            };
            Ok::<_, crate::error::AppError>((d, extra))
        },
    );
    let l = lang();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(detail.await, move |(d, extra): (PartyDetail, TabData)| {
                    let p = d.party.clone();
                    let numbers = [p.customer_no.clone().map(|n| format!("{} {n}", l.t(T::Customer))), p.supplier_no.clone().map(|n| format!("{} {n}", l.t(T::Supplier)))]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · ");
                    let pid = p.id;
                    view! {
                        <h1 data-testid="party-name">{p.name.clone()}</h1>
                        <p class="hint" data-testid="party-numbers">{numbers}{(!p.active).then(|| format!(" · {}", l.t(T::Inactive)))}</p>
                        <nav class="sub-nav">
                            {TABS.iter().map(|(t, label)| {
                                let current = tab() == *t;
                                view! { <a href=format!("/parties/{pid}?tab={t}") aria-current=current.then_some("page")>{l.t(*label)}</a> }
                            }).collect_view()}
                        </nav>
                        {match (tab().as_str(), extra) {
                            ("addresses", _) => addresses(d, save_address).into_any(),
                            ("contacts", _) => contacts(d, save_contact, set_active).into_any(),
                            ("projects", _) => projects(d, save_project).into_any(),
                            (_, TabData::Changes(rows)) => changes(rows, l).into_any(),
                            (_, TabData::Form(data)) => view! { <PartyForm party=Some(p) data/> }.into_any(),
                            (_, TabData::None) => ().into_any(),
                        }}
                    }
                })
            })}
        </Transition>
    }
}

fn addresses(d: PartyDetail, save: ServerAction<SaveAddress>) -> impl IntoView {
    let l = lang();
    let pid = d.party.id;
    let country = d.party.country.clone();
    view! {
        <table class="data" data-testid="addresses">
            <thead><tr><th>{l.t(T::Name)}</th><th>{l.t(T::Address)}</th><th>{l.t(T::PostCode)}</th><th>{l.t(T::City)}</th><th>{l.t(T::Country)}</th><th>{l.t(T::Default)}</th></tr></thead>
            <tbody>
                {d.addresses.into_iter().map(|a| view! {
                    <tr>
                        <td>{a.name.clone()}</td><td>{a.address_line.clone()}</td><td>{a.postcode.clone()}</td><td>{a.city.clone()}</td><td>{a.country.clone()}</td>
                        <td>
                            {if a.is_default {
                                view! { <span>{l.t(T::Yes)}</span> }.into_any()
                            } else {
                                view! {
                                    <ActionForm action=save attr:class="row-form">
                                        <input type="hidden" name="party_id" value=pid.to_string()/>
                                        <input type="hidden" name="id" value=a.id.to_string()/>
                                        <input type="hidden" name="name" value=a.name.clone()/>
                                        <input type="hidden" name="address_line" value=a.address_line.clone()/>
                                        <input type="hidden" name="postcode" value=a.postcode.clone()/>
                                        <input type="hidden" name="city" value=a.city.clone()/>
                                        <input type="hidden" name="country" value=a.country.clone()/>
                                        <input type="hidden" name="is_default" value="on"/>
                                        <button type="submit">{l.t(T::MakeDefault)}</button>
                                    </ActionForm>
                                }.into_any()
                            }}
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h3>{l.t(T::AddDeliveryAddress)}</h3>
        <ActionForm action=save attr:class="inline-form">
            <input type="hidden" name="party_id" value=pid.to_string()/>
            <input type="hidden" name="id" value="0"/>
            <Field label=T::Name name="name"/>
            <Field label=T::Address name="address_line" required=true/>
            <Field label=T::PostCode name="postcode"/>
            <Field label=T::City name="city"/>
            <Field label=T::Country name="country" value=country/>
            <label class="field check"><input type="checkbox" name="is_default" value="on"/><span>{l.t(T::Default)}</span></label>
            <button type="submit">{l.t(T::Add)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}

fn contacts(d: PartyDetail, save: ServerAction<SaveContact>, set_active: ServerAction<SetContactActive>) -> impl IntoView {
    let l = lang();
    let pid = d.party.id;
    let similar = move || match save.value().get() {
        Some(Ok(Saved::Similar(list))) => Some(list),
        _ => None,
    };
    view! {
        <table class="data" data-testid="contacts">
            <thead><tr><th>{l.t(T::Name)}</th><th>{l.t(T::Role)}</th><th>{l.t(T::Email)}</th><th>{l.t(T::Mobile)}</th><th>{l.t(T::ForOrders)}</th><th>{l.t(T::ForInvoices)}</th><th></th></tr></thead>
            <tbody>
                {d.contacts.into_iter().map(|c| view! {
                    <tr class:inactive=!c.active>
                        <td>{c.name.clone()}</td><td>{c.role.clone()}</td><td>{c.email.clone()}</td><td>{c.mobile.clone()}</td>
                        <td>{c.for_orders.then(|| l.t(T::Yes))}</td><td>{c.for_invoices.then(|| l.t(T::Yes))}</td>
                        <td>
                            <ActionForm action=set_active attr:class="row-form">
                                <input type="hidden" name="party_id" value=pid.to_string()/>
                                <input type="hidden" name="id" value=c.id.to_string()/>
                                {(!c.active).then(|| view! { <input type="hidden" name="active" value="on"/> })}
                                <button type="submit" class="link">{l.t(if c.active { T::Deactivate } else { T::Activate })}</button>
                            </ActionForm>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <h3>{l.t(T::AddContact)}</h3>
        <ActionForm action=save attr:class="inline-form" attr:data-testid="contact-form">
            <input type="hidden" name="party_id" value=pid.to_string()/>
            <input type="hidden" name="id" value="0"/>
            <Field label=T::Name name="input[name]" required=true/>
            <Field label=T::Role name="input[role]"/>
            <Field label=T::Email name="input[email]" kind="email"/>
            <Field label=T::Mobile name="input[mobile]" kind="tel"/>
            <label class="field check"><input type="checkbox" name="input[for_orders]" value="on"/><span>{l.t(T::ForOrders)}</span></label>
            <label class="field check"><input type="checkbox" name="input[for_invoices]" value="on"/><span>{l.t(T::ForInvoices)}</span></label>
            {move || similar().map(|list| view! {
                <div class="warning" role="alert" data-testid="similar-contacts">
                    <p>{l.t(T::SimilarContactsFound)}</p>
                    <ul>
                        {list.into_iter().map(|c| view! {
                            <li><A href=format!("/parties/{}?tab=contacts", c.party_id)>{format!("{} ({})", c.name, c.party_name)}</A>{format!(" · {} {}", c.email, c.mobile)}</li>
                        }).collect_view()}
                    </ul>
                    <label class="check"><input type="checkbox" name="confirm" value="on"/>{l.t(T::CreateAnyway)}</label>
                </div>
            })}
            <button type="submit">{l.t(T::Add)}</button>
        </ActionForm>
        {move || match save.value().get() {
            Some(Err(e)) => Some(crate::ui::alert(&e.to_string())),
            Some(Ok(Saved::Saved(_))) => Some(view! { <p class="ok" role="status">{l.t(T::Saved)}</p> }.into_any()),
            _ => None,
        }}
    }
}

fn projects(d: PartyDetail, save: ServerAction<SaveProject>) -> impl IntoView {
    let l = lang();
    let pid = d.party.id;
    view! {
        <table class="data" data-testid="projects">
            <thead><tr><th>{l.t(T::Code)}</th><th>{l.t(T::Name)}</th><th>{l.t(T::StartDate)}</th><th>{l.t(T::EndDate)}</th><th>{l.t(T::Status)}</th></tr></thead>
            <tbody>
                {d.projects.into_iter().map(|p| view! {
                    <tr><td>{p.code.clone()}</td><td>{p.name.clone()}</td><td>{crate::core::format::opt_date(p.start_date, l)}</td><td>{crate::core::format::opt_date(p.end_date, l)}</td><td>{l.t(p.status.label())}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <h3>{l.t(T::AddProject)}</h3>
        <ActionForm action=save attr:class="inline-form">
            <input type="hidden" name="party_id" value=pid.to_string()/>
            <Field label=T::Code name="code" required=true/>
            <Field label=T::Name name="name" required=true/>
            <Field label=T::StartDate name="start_date" kind="date"/>
            <Field label=T::EndDate name="end_date" kind="date"/>
            <label class="field">
                <span>{l.t(T::Status)}</span>
                <select name="status">
                    {ProjectStatus::ALL.into_iter().map(|s| view! { <option value=s.code() selected=s == ProjectStatus::Active>{l.t(s.label())}</option> }).collect_view()}
                </select>
            </label>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}

/// What a tab needs beside the party, loaded with it.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
enum TabData {
    Form(crate::parties::api::FormData),
    Changes(Vec<crate::parties::model::ChangeRow>),
    None,
}

fn changes(rows: Vec<crate::parties::model::ChangeRow>, l: crate::core::Lang) -> impl IntoView {
    view! {
        <table class="data" data-testid="changes">
            <thead><tr><th>{l.t(T::When)}</th><th>{l.t(T::Who)}</th><th>{l.t(T::Field)}</th><th>{l.t(T::From)}</th><th>{l.t(T::To)}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|c| view! {
                    <tr><td>{crate::core::clock::local_time(crate::ui::zone(), c.changed_at, l)}</td><td>{c.user_name}</td><td>{c.field}</td><td>{c.old_value}</td><td>{c.new_value}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
