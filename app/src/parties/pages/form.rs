//! The party form, laid out as the company's setup says: its optional fields in the
//! configured order, mandatory ones marked `required`. Creating a party whose name
//! is similar to an existing one shows those first.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::{Lang, T};
use crate::parties::api::{party_form, CreateParty, FormData, UpdateParty};
use crate::parties::model::{FormField, Party, PartyField, PartyInput, PartyKind, Saved};
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::lang;

fn options(list: &[(String, String)], value: &str) -> Vec<AnyView> {
    list.iter()
        .map(|(code, name)| {
            let selected = code == value;
            view! { <option value=code.clone() selected=selected>{format!("{code} – {name}")}</option> }.into_any()
        })
        .collect()
}

/// One configurable field as its input, select or text area.
fn field_view(f: &FormField, i: &PartyInput, data: &FormData, l: Lang) -> AnyView {
    let name = format!("input[{}]", f.field.code());
    let value = f.field.value(i).to_string();
    let label = l.t(f.field.label());
    let testid = format!("field-{}", f.field.code());
    let required = f.required;
    let star = required.then_some(" *");
    let id_options = |list: &[(i64, String)]| -> Vec<AnyView> {
        list.iter()
            .map(|(id, n)| {
                let selected = id.to_string() == value;
                view! { <option value=id.to_string() selected=selected>{n.clone()}</option> }.into_any()
            })
            .collect()
    };
    let control = match f.field {
        PartyField::PaymentTerms | PartyField::DeliveryTerms => {
            let list = if f.field == PartyField::PaymentTerms { &data.payment_terms } else { &data.delivery_terms };
            view! { <select name=name required=required data-testid=testid><option value="">"—"</option>{options(list, &value)}</select> }.into_any()
        }
        PartyField::PriceList => {
            view! { <select name=name required=required data-testid=testid><option value="">"—"</option>{id_options(&data.price_lists)}</select> }.into_any()
        }
        PartyField::Seller => {
            view! { <select name=name required=required data-testid=testid><option value="">"—"</option>{id_options(&data.sellers)}</select> }.into_any()
        }
        PartyField::Notes => {
            view! { <textarea name=name required=required data-testid=testid rows="3">{crate::ui::form::textarea_text(&value)}</textarea> }.into_any()
        }
        PartyField::InvoiceEmail => view! { <input type="email" name=name value=value.clone() required=required data-testid=testid/> }.into_any(),
        _ => view! { <input name=name value=value.clone() required=required data-testid=testid/> }.into_any(),
    };
    view! { <label class="field"><span>{label}{star}</span>{control}</label> }.into_any()
}

fn check(name: &'static str, checked: bool, label: &'static str) -> impl IntoView {
    view! {
        <label class="field check">
            <input type="checkbox" name=name value="on" checked=checked data-testid=name/>
            <span>{label}</span>
        </label>
    }
}

/// The fields of the form, shared by creating and editing.
fn fields(i: PartyInput, data: FormData, l: Lang) -> impl IntoView {
    let flag = |v: &Option<String>| crate::core::text::flag(v.as_deref());
    let lang_value = i.doc_lang.clone();
    view! {
        {check("input[is_customer]", flag(&i.is_customer), l.t(T::Customer))}
        {check("input[is_supplier]", flag(&i.is_supplier), l.t(T::Supplier))}
        <label class="field"><span>{l.t(T::Name)}" *"</span><input name="input[name]" value=i.name.clone() required data-testid="field-name"/></label>
        <label class="field"><span>{l.t(T::Country)}</span><input name="input[country]" value=if i.country.is_empty() { data.country.clone() } else { i.country.clone() } maxlength="2" size="3"/></label>
        {data.layout.iter().map(|f| field_view(f, &i, &data, l)).collect_view()}
        <label class="field"><span>{l.t(T::Currency)}</span><input name="input[currency]" value=if i.currency.is_empty() { data.currency.clone() } else { i.currency.clone() } maxlength="3" size="4"/></label>
        <label class="field"><span>{l.t(T::DiscountPct)}</span><input name="input[discount]" value=i.discount.clone() inputmode="decimal"/></label>
        <label class="field">
            <span>{l.t(T::DocumentLanguage)}</span>
            <select name="input[doc_lang]">
                <option value="">"—"</option>
                {Lang::ALL.into_iter().map(|x| view! { <option value=x.code() selected=lang_value == x.code()>{x.native_name()}</option> }).collect_view()}
            </select>
        </label>
        {check("input[vat_exempt]", flag(&i.vat_exempt), l.t(T::VatExempt))}
        <label class="field"><span>{l.t(T::VatExemptReason)}</span><input name="input[vat_exempt_reason]" value=i.vat_exempt_reason.clone()/></label>
        {check("input[collective_invoicing]", flag(&i.collective_invoicing), l.t(T::CollectiveInvoicing))}
        {check("input[no_reminders]", flag(&i.no_reminders), l.t(T::NoReminders))}
        {check("input[active]", i.active.as_deref().is_none_or(|v| crate::core::text::flag(Some(v))), l.t(T::Active))}
    }
}

/// The party form: creates a party when `party` is None (then goes to its page),
/// else saves the changes.
#[component]
pub fn PartyForm(
    party: Option<Party>,
    #[prop(optional)] kind: Option<PartyKind>,
    /// The form's registers, when the page loaded them with the party (a resource made
    /// inside the page's Suspend would break hydration).
    #[prop(optional)]
    data: Option<FormData>,
) -> impl IntoView {
    let l = lang();
    let kinds: Vec<String> = match &party {
        Some(p) => p.kinds().iter().map(|k| k.code().to_string()).collect(),
        None => vec![kind.unwrap_or(PartyKind::Customer).code().to_string()],
    };
    let given = data;
    let input = match &party {
        Some(p) => p.to_input(),
        None => {
            let on = Some("on".to_string());
            match kind.unwrap_or(PartyKind::Customer) {
                PartyKind::Customer => PartyInput { is_customer: on.clone(), active: on, ..Default::default() },
                PartyKind::Supplier => PartyInput { is_supplier: on.clone(), active: on, ..Default::default() },
            }
        }
    };
    match party {
        None => {
            let data = Resource::new(move || kinds.clone(), party_form);
            let create = ServerAction::<CreateParty>::new();
            Effect::new(move |_| {
                if let Some(Ok(Saved::Saved(p))) = create.value().get() {
                    leptos_router::hooks::use_navigate()(&format!("/parties/{}", p.id), Default::default());
                }
            });
            let similar = move || match create.value().get() {
                Some(Ok(Saved::Similar(list))) => Some(list),
                _ => None,
            };
            view! {
                <Transition fallback=|| ()>
                    {move || {
                        let input = input.clone();
                        Suspend::new(async move {
                            loaded(data.await, move |d| view! {
                                <ActionForm action=create attr:class="grid-form" attr:data-testid="party-form">
                                    {fields(input.clone(), d, l)}
                                    {move || similar().map(|list| view! {
                                        <div class="warning" role="alert" data-testid="similar-parties">
                                            <p>{l.t(T::SimilarPartiesFound)}</p>
                                            <ul>
                                                {list.into_iter().map(|s| view! {
                                                    <li>
                                                        <A href=format!("/parties/{}", s.id)>{format!("{} {}", s.number, s.name)}</A>
                                                        {format!(" · {} {} · {}", s.org_no, s.city, if s.reason == crate::parties::model::MatchReason::OrgNo { l.t(T::SameOrgNo).to_string() } else { format!("{} %", s.score) })}
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                            <label class="check"><input type="checkbox" name="confirm" value="on" data-testid="confirm-duplicate"/>{l.t(T::CreateAnyway)}</label>
                                        </div>
                                    })}
                                    <button type="submit" class="primary">{l.t(T::Save)}</button>
                                </ActionForm>
                            })
                        })
                    }}
                </Transition>
                {move || match create.value().get() {
                    Some(Err(e)) => Some(crate::ui::alert(&e.to_string())),
                    _ => None,
                }}
            }
            .into_any()
        }
        Some(p) => {
            let update = ServerAction::<UpdateParty>::new();
            let id = p.id;
            let form = move |d: FormData| {
                view! {
                    <ActionForm action=update attr:class="grid-form" attr:data-testid="party-form">
                        <input type="hidden" name="id" value=id.to_string()/>
                        {fields(input.clone(), d, l)}
                        <button type="submit" class="primary">{l.t(T::Save)}</button>
                    </ActionForm>
                }
            };
            let body = match given {
                Some(d) => form(d).into_any(),
                None => {
                    let data = Resource::new(move || kinds.clone(), party_form);
                    view! {
                        <Transition fallback=|| ()>
                            {move || {
                                let form = form.clone();
                                Suspend::new(async move { loaded(data.await, form) })
                            }}
                        </Transition>
                    }
                    .into_any()
                }
            };
            view! {
                {body}
                <ActionStatus value=update.value()/>
            }
            .into_any()
        }
    }
}
