//! The quote and order editor, made for the keyboard: type an item number, barcode
//! or text and press Enter to add a priced line; quantity, price and discount are
//! edited in place, and the line amounts and totals are recomputed in the browser by
//! the same domain code the server saves with.
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use rust_decimal::Decimal;

use super::super::api::{get_order, get_quote, head_choices, price_line, save_order, save_quote};
use super::super::line_editor::LineEditor;
use super::super::lines::{Line, LineKind};
use super::super::model::{Choice, Doc, DocChoices, DocInput};
use super::qty;
use crate::core::{format, Lang, T};
use crate::ui::form::loaded;
use crate::ui::lang;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Quote,
    Order,
}

/// The customers of a search as (number, "name · org no · city") for the picker.
pub fn customer_matches(rows: Vec<crate::parties::model::PartyRow>) -> Vec<(String, String)> {
    rows.into_iter()
        .filter(|r| r.active)
        .filter_map(|r| {
            let label = [r.name.as_str(), r.org_no.as_str(), r.city.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ");
            r.customer_no.map(|n| (n, label))
        })
        .take(12)
        .collect()
}

#[component]
pub fn NewQuotePage() -> impl IntoView {
    view! { <Editor kind=Kind::Quote doc=None/> }
}

#[component]
pub fn NewOrderPage() -> impl IntoView {
    view! { <Editor kind=Kind::Order doc=None/> }
}

#[component]
pub fn EditQuotePage() -> impl IntoView {
    let params = use_params_map();
    let doc = Resource::new(move || params.with(|p| p.get("no").unwrap_or_default()), get_quote);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move { loaded(doc.await, |d| view! { <Editor kind=Kind::Quote doc=Some(d)/> }) })}
        </Transition>
    }
}

#[component]
pub fn EditOrderPage() -> impl IntoView {
    let params = use_params_map();
    let doc = Resource::new(move || params.with(|p| p.get("no").unwrap_or_default()), get_order);
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move { loaded(doc.await, |d| view! { <Editor kind=Kind::Order doc=Some(d)/> }) })}
        </Transition>
    }
}

fn parse(input: &str, l: Lang) -> Result<Decimal, String> {
    format::parse_amount(input, l)
}

fn id_of(value: &str) -> Option<i64> {
    value.parse().ok()
}

/// A head field picked from a list; the empty choice is `none` (the customer's
/// default, or nothing). A saved value no longer offered stays selectable.
#[component]
fn Pick(label: &'static str, name: &'static str, value: RwSignal<String>, options: Signal<Vec<Choice>>, none: &'static str) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select name=name on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="">{none}</option>
                {move || {
                    let current = value.get_untracked();
                    let mut all = options.get();
                    if !current.is_empty() && !all.iter().any(|o| o.value == current) {
                        all.push(Choice::new(&current, current.clone()));
                    }
                    all.into_iter().map(|o| { let selected = o.value == current; view! { <option value=o.value.clone() selected=selected>{o.label}</option> } }).collect_view()
                }}
            </select>
        </label>
    }
}

#[component]
fn Editor(kind: Kind, doc: Option<Doc>) -> impl IntoView {
    let l = lang();
    let number = doc.as_ref().map(|d| d.number.clone()).unwrap_or_default();
    let customer = RwSignal::new(doc.as_ref().map(|d| d.customer_no.clone()).unwrap_or_default());
    let your_ref = RwSignal::new(doc.as_ref().map(|d| d.your_ref.clone()).unwrap_or_default());
    let requisition = RwSignal::new(doc.as_ref().map(|d| d.requisition_no.clone()).unwrap_or_default());
    let date = RwSignal::new(doc.as_ref().map(|d| crate::core::date::iso(d.date)).unwrap_or_default());
    let head_text = |f: fn(&Doc) -> String| RwSignal::new(doc.as_ref().map(f).unwrap_or_default());
    let contact = head_text(|d| d.contact_id.map(|x| x.to_string()).unwrap_or_default());
    let seller = head_text(|d| d.seller_id.map(|x| x.to_string()).unwrap_or_default());
    let payment_terms = head_text(|d| d.payment_terms.clone());
    let delivery_terms = head_text(|d| d.delivery_terms.clone());
    let currency_code = head_text(|d| d.currency.clone());
    let project = head_text(|d| d.project_code.clone());
    let address = RwSignal::new(String::new());
    let warehouse = RwSignal::new(String::new());
    // the choices follow the customer typed (fetched in the browser only)
    let choices = RwSignal::new(DocChoices::default());
    let new_doc = doc.is_none();
    Effect::new(move |_| {
        let c = customer.get();
        leptos::task::spawn_local(async move {
            if let Ok(x) = head_choices(c).await {
                // on a new document, what belonged to the customer typed before goes
                if new_doc {
                    for (field, offered) in [(contact, &x.contacts), (project, &x.projects), (address, &x.addresses)] {
                        if !offered.iter().any(|o| o.value == field.get_untracked()) {
                            field.set(String::new());
                        }
                    }
                }
                choices.set(x);
            }
        });
    });
    let list = move |f: fn(&DocChoices) -> Vec<Choice>| Signal::derive(move || choices.with(f));
    let lines = RwSignal::new(LineEditor::of(doc.as_ref()));
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let sums = Memo::new(move |_| lines.with(LineEditor::totals));
    let currency = doc.as_ref().map(|d| d.currency.clone()).unwrap_or_default();

    let add_item = move || {
        let typed = code.get_untracked();
        if typed.trim().is_empty() {
            return;
        }
        let cust = customer.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match price_line(cust, typed, "1".into()).await {
                Ok(line) => {
                    error.set(None);
                    code.set(String::new());
                    lines.update(|e| {
                        e.push(line);
                    });
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let add_text = move |k: LineKind| {
        lines.update(|e| {
            e.push_text(k);
        })
    };
    // edits one field of a line (its amount is recomputed); a refusal is shown
    let edit = move |key: usize, f: Box<dyn FnOnce(&mut Line) -> Result<(), String>>| {
        let mut result = Ok(());
        lines.update(|e| result = e.edit(key, f));
        error.set(result.err());
    };
    let set_date = move |key: usize, v: String| lines.update(|e| e.set_requested_date(key, v));
    let order = kind == Kind::Order;
    let remove = move |key: usize| lines.update(|e| e.remove(key));
    // leaving with unsaved edits asks first (see ui::unsaved)
    let dirty = RwSignal::new(false);
    crate::ui::unsaved::track(dirty, l.t(T::UnsavedQuestion));
    Effect::new(move |first: Option<()>| {
        lines.track();
        if first.is_some() {
            dirty.set(true);
        }
    });
    let navigate = use_navigate();
    let save = move || {
        let input = DocInput {
            customer_no: customer.get_untracked(),
            your_ref: your_ref.get_untracked(),
            requisition_no: requisition.get_untracked(),
            date: date.get_untracked(),
            contact_id: id_of(&contact.get_untracked()),
            seller_id: id_of(&seller.get_untracked()),
            payment_terms: payment_terms.get_untracked(),
            delivery_terms: delivery_terms.get_untracked(),
            currency: currency_code.get_untracked(),
            project_code: project.get_untracked(),
            delivery_address_id: id_of(&address.get_untracked()),
            warehouse: warehouse.get_untracked(),
            external_ref: String::new(),
            lines: lines.with_untracked(LineEditor::inputs),
        };
        let number = number.clone();
        let navigate = navigate.clone();
        let confirm = confirm.get_untracked();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = match kind {
                Kind::Quote => save_quote(number, input).await.map(|d| format!("/sales/quotes/{}", d.number)),
                Kind::Order => save_order(number, input, confirm).await.map(|d| format!("/sales/orders/{}", d.number)),
            };
            busy.set(false);
            match saved {
                Ok(href) => {
                    dirty.set(false);
                    crate::ui::unsaved::set(None);
                    navigate(&href, Default::default())
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let title = match (kind, doc.as_ref()) {
        (Kind::Quote, None) => l.t(T::NewQuote).to_string(),
        (Kind::Order, None) => l.t(T::NewOrder).to_string(),
        (Kind::Quote, Some(d)) => format!("{} {}", l.t(T::Quote), d.number),
        (Kind::Order, Some(d)) => format!("{} {}", l.t(T::Order), d.number),
    };
    let editing = doc.is_some();
    // the customer is found by name, number or organisation number as it is typed
    let matches = RwSignal::new(Vec::<(String, String)>::new());
    let asked = StoredValue::new(0u64);
    let find = move |typed: String| {
        if typed.trim().chars().count() < 2 {
            matches.set(Vec::new());
            return;
        }
        let seq = asked.get_value() + 1;
        asked.set_value(seq);
        let q = crate::parties::model::PartyQuery { q: typed, kind: "customers".into(), ..Default::default() };
        leptos::task::spawn_local(async move {
            if let Ok(page) = crate::parties::api::search_parties(q).await {
                // an answer to an older keystroke is dropped
                if asked.get_value() == seq {
                    matches.set(customer_matches(page.rows));
                }
            }
        });
    };
    let choose = move |typed: String| {
        let typed = typed.trim().to_string();
        let chosen = matches.with(|m| match m.iter().find(|x| x.0 == typed) {
            Some(x) => x.0.clone(),
            None if m.len() == 1 => m[0].0.clone(),
            None => typed.clone(),
        });
        customer.set(chosen);
    };
    view! {
        <div class="doc-editor" on:input=move |_| dirty.set(true) on:change=move |_| dirty.set(true)>
        <h1>{title}</h1>
        <div class="form-grid" data-testid="doc-head">
            <label class="field">
                <span>{l.t(T::CustomerNo)}</span>
                <input name="customer_no" prop:value=move || customer.get() list="customer-matches" autocomplete="off" data-testid="customer-input"
                    on:input=move |ev| find(event_target_value(&ev)) on:change=move |ev| choose(event_target_value(&ev)) disabled=editing required autofocus=!editing/>
                <datalist id="customer-matches">
                    {move || matches.get().into_iter().map(|(no, label)| view! { <option value=no>{label}</option> }).collect_view()}
                </datalist>
                <small data-testid="customer-name">{move || choices.with(|c| c.customer_name.clone())}</small>
            </label>
            <Pick label=l.t(T::ContactPerson) name="contact" value=contact options=list(|c| c.contacts.clone()) none=l.t(T::NoneChosen)/>
            <Pick label=l.t(T::OurRef) name="seller" value=seller options=list(|c| c.sellers.clone()) none=l.t(T::CustomersDefault)/>
            <label class="field">
                <span>{l.t(T::YourRef)}</span>
                <input name="your_ref" prop:value=move || your_ref.get() on:change=move |ev| your_ref.set(event_target_value(&ev))/>
            </label>
            {(kind == Kind::Order).then(|| view! {
                <label class="field">
                    <span>{l.t(T::RequisitionNo)}</span>
                    <input name="requisition_no" prop:value=move || requisition.get() on:change=move |ev| requisition.set(event_target_value(&ev))/>
                </label>
            })}
            <label class="field">
                <span>{l.t(if kind == Kind::Quote { T::ValidUntil } else { T::DeliveryDate })}</span>
                <input type="date" name="date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            </label>
            <Pick label=l.t(T::PaymentTerms) name="payment_terms" value=payment_terms options=list(|c| c.payment_terms.clone()) none=l.t(T::CustomersDefault)/>
            <Pick label=l.t(T::DeliveryTerms) name="delivery_terms" value=delivery_terms options=list(|c| c.delivery_terms.clone()) none=l.t(T::CustomersDefault)/>
            <label class="field">
                <span>{l.t(T::Currency)}</span>
                <input name="currency" class="narrow" maxlength="3" prop:value=move || currency_code.get() placeholder=move || choices.with(|c| c.currency.clone())
                    on:change=move |ev| currency_code.set(event_target_value(&ev).trim().to_uppercase())/>
            </label>
            <Pick label=l.t(T::Project) name="project" value=project options=list(|c| c.projects.clone()) none=l.t(T::NoneChosen)/>
            <Pick label=l.t(T::DeliveryAddress) name="delivery_address" value=address options=list(|c| c.addresses.clone())
                none=if editing { l.t(T::Unchanged) } else { l.t(T::Default) }/>
            {(kind == Kind::Order && !editing).then(|| view! {
                <Pick label=l.t(T::Warehouse) name="warehouse" value=warehouse options=list(|c| c.warehouses.clone()) none=l.t(T::FirstWarehouse)/>
            })}
        </div>
        <h2>{l.t(T::Lines)}</h2>
        <table class="data lines sales-lines" data-testid="line-editor">
            <thead><tr>
                <th>"#"</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Quantity)}</th><th>{l.t(T::Unit)}</th>
                <th class="num">{l.t(T::Price)}</th><th class="num">{l.t(T::DiscountPct)}</th><th>{l.t(T::Vat)}</th>{order.then(|| view! { <th>{l.t(T::RequestedDate)}</th> })}<th class="num">{l.t(T::Net)}</th><th></th>
            </tr></thead>
            <tbody>
                <For each=move || lines.with(|e| e.lines().to_vec()) key=|e| (e.key, e.line.kind) let:e>
                    {
                        let key = e.key;
                        let get = move |f: fn(&Line) -> String| move || lines.with(|v| v.get(key).map(|x| f(&x.line)).unwrap_or_default());
                        let num = move |f: fn(&Line) -> Decimal| move || lines.with(|v| v.get(key).map(|x| f(&x.line)).unwrap_or_default());
                        match e.line.kind {
                            LineKind::Item => view! {
                                <tr data-testid="line">
                                    <td>{get(|x| x.line_no.to_string())}</td>
                                    <td>{e.line.item_no.clone()}</td>
                                    <td><input class="wide" prop:value=get(|x| x.description.clone())
                                        on:change=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |x| { x.description = v; Ok(()) })) }/></td>
                                    <td class="num"><input class="num" inputmode="decimal" aria-label=l.t(T::Quantity) data-testid="line-qty" prop:value=move || qty(num(|x| x.qty)(), l)
                                        on:change=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |x| { x.qty = parse(&v, l)?; Ok(()) })) }/></td>
                                    <td>{e.line.unit.clone()}</td>
                                    <td class="num"><input class="num" inputmode="decimal" aria-label=l.t(T::Price) prop:value=move || format::amount(num(|x| x.unit_price)(), l)
                                        on:change=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |x| { x.unit_price = parse(&v, l)?; Ok(()) })) }/></td>
                                    <td class="num"><input class="num narrow" inputmode="decimal" aria-label=l.t(T::DiscountPct) prop:value=move || qty(num(|x| x.discount_pct)(), l)
                                        on:change=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |x| { x.discount_pct = if v.trim().is_empty() { Decimal::ZERO } else { parse(&v, l)? }; Ok(()) })) }/></td>
                                    <td>{e.line.vat_code.clone()}</td>
                                    {order.then(|| view! {
                                        <td><input type="date" aria-label=l.t(T::RequestedDate) data-testid="line-date"
                                            prop:value=move || lines.with(|v| v.get(key).map(|x| x.requested_date.clone()).unwrap_or_default())
                                            on:change=move |ev| set_date(key, event_target_value(&ev))/></td>
                                    })}
                                    <td class="num" data-testid="line-net">{move || format::amount(num(|x| x.net)(), l)}</td>
                                    <td><button type="button" class="link" on:click=move |_| remove(key) aria-label=l.t(T::Remove)>"×"</button></td>
                                </tr>
                            }.into_any(),
                            _ => view! {
                                <tr class=if e.line.kind == LineKind::Heading { "heading" } else { "text" }>
                                    <td>{get(|x| x.line_no.to_string())}</td>
                                    <td colspan=if order { "9" } else { "8" }><input class="wide" prop:value=get(|x| x.description.clone()) placeholder=l.t(T::Description)
                                        on:change=move |ev| { let v = event_target_value(&ev); edit(key, Box::new(move |x| { x.description = v; Ok(()) })) }/></td>
                                    <td><button type="button" class="link" on:click=move |_| remove(key) aria-label=l.t(T::Remove)>"×"</button></td>
                                </tr>
                            }.into_any(),
                        }
                    }
                </For>
            </tbody>
        </table>
        <div class="inline-form">
            <input class="wide" data-testid="line-code" placeholder=l.t(T::AddLineHint) aria-label=l.t(T::AddLineHint)
                prop:value=move || code.get() on:input=move |ev| code.set(event_target_value(&ev))
                on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add_item() }/>
            <button type="button" on:click=move |_| add_item()>{l.t(T::Add)}</button>
            <button type="button" on:click=move |_| add_text(LineKind::Text)>{l.t(T::AddText)}</button>
            <button type="button" on:click=move |_| add_text(LineKind::Heading)>{l.t(T::AddHeading)}</button>
        </div>
        <table class="totals" data-testid="totals">
            <tbody>
                {move || sums.with(|t| t.subtotals.iter().map(|s| view! {
                    <tr class="subtotal"><th>{format!("{} {}", l.t(T::Subtotal), s.heading)}</th><td class="num">{format::amount(s.net, l)}</td></tr>
                }).collect_view())}
                <tr><th>{l.t(T::Net)}</th><td class="num" data-testid="total-net">{move || sums.with(|t| format::amount(t.net, l))}</td></tr>
                {move || sums.with(|t| t.vat.iter().map(|v| view! {
                    <tr><th>{format!("{} {} % ({})", l.t(T::Vat), qty(v.rate, l), v.vat_code)}</th><td class="num">{format::amount(v.vat, l)}</td></tr>
                }).collect_view())}
                <tr class="grand"><th>{l.t(T::TotalInclVat)}</th><td class="num" data-testid="total-gross">{move || sums.with(|t| format!("{} {}", format::amount(t.gross, l), currency))}</td></tr>
            </tbody>
        </table>
        {move || error.get().map(|e| crate::ui::alert(&e))}
        <div class="actions">
            {(kind == Kind::Order && !editing).then(|| view! {
                <label class="check"><input type="checkbox" on:change=move |ev| confirm.set(event_target_checked(&ev)) data-testid="confirm-at-once"/>{l.t(T::ConfirmAtOnce)}</label>
            })}
            <button type="button" class="primary" disabled=move || busy.get() on:click={ let save = save.clone(); move |_| save() } data-testid="save-doc">{l.t(T::Save)}</button>
        </div>
        </div>
    }
}
