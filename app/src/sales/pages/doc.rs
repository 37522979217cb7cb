//! A quote's page (copy chosen lines to an order, mark lost) and an order's page
//! (confirm, cancel, deliver with proposed quantities, what remains).
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};
use rust_decimal::Decimal;

use super::super::api::{
    backorder, cancel_order, confirm_order, deliver, delivery_proposal, email_quote, get_order, get_quote, order_deliveries, quote_lost, quote_mail_defaults,
    quote_to_order,
};
use super::super::lines::LineKind;
use super::super::model::{BackorderLine, ChosenLine, DeliverLine, Doc, OrderStatus, ProposedLine, QuoteStatus};
use super::qty;
use crate::core::{format, Lang, T};
use crate::outbox::api::list_outbox;
use crate::outbox::model::DocKind;
use crate::outbox::pages::MessageTable;
use crate::ui::doc::lines_table;
use crate::ui::form::loaded;
use crate::ui::lang;

fn head(d: &Doc, date_label: T, l: Lang) -> impl IntoView {
    let d = d.clone();
    view! {
        <dl class="facts" data-testid="doc-facts">
            <dt>{l.t(T::Customer)}</dt><dd>{format!("{} {}", d.customer_no, d.customer_name)}</dd>
            <dt>{l.t(T::Status)}</dt><dd data-testid="doc-status" class=format!("status {}", d.status)>{l.t(d.status.label())}</dd>
            <dt>{l.t(T::Date)}</dt><dd>{crate::core::format::date(d.doc_date, l)}</dd>
            <dt>{l.t(date_label)}</dt><dd>{crate::core::format::date(d.date, l)}</dd>
            <dt>{l.t(T::YourRef)}</dt><dd>{d.your_ref.clone()}</dd>
            {(!d.requisition_no.is_empty()).then(|| view! { <dt>{l.t(T::RequisitionNo)}</dt><dd>{d.requisition_no.clone()}</dd> })}
            {(!d.quote_no.is_empty()).then(|| { let q = d.quote_no.clone(); view! { <dt>{l.t(T::FromQuote)}</dt><dd><A href=format!("/sales/quotes/{q}")>{q.clone()}</A></dd> } })}
        </dl>
    }
}

#[component]
pub fn QuotePage() -> impl IntoView {
    let l = lang();
    let params = use_params_map();
    let no = move || params.with(|p| p.get("no").unwrap_or_default());
    let version = RwSignal::new(0);
    // everything the page shows in one resource: resources made inside this page's
    // Suspend would be numbered differently on the server and in the browser, and
    // hydration would fail (it did, one load in three)
    let doc = Resource::new(
        move || (no(), version.get()),
        |(no, _)| async move {
            let d = get_quote(no.clone()).await?;
            let open = QuoteStatus::of(d.status).is_some_and(QuoteStatus::is_open);
            let mail = if open { Some(quote_mail_defaults(no).await?) } else { None };
            let sent = list_outbox(Some((DocKind::Quote, d.id))).await?;
            Ok::<_, crate::error::AppError>((d, mail, sent))
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(doc.await, move |(d, mail, sent)| {
                    let status = QuoteStatus::of(d.status);
                    let open = status.is_some_and(QuoteStatus::is_open);
                    view! {
                        <h1>{format!("{} {}", l.t(T::Quote), d.number)}</h1>
                        {head(&d, T::ValidUntil, l)}
                        {lines_table(&d, T::Ordered, l)}
                        <div class="actions">
                            <a href=format!("/sales/quotes/{}/pdf", d.number) class="button" download=format!("quote-{}.pdf", d.number) data-testid="quote-pdf">{l.t(T::Pdf)}</a>
                            {status.is_some_and(QuoteStatus::can_edit).then(|| view! { <A href=format!("/sales/quotes/{}/edit", d.number) attr:class="button">{l.t(T::Edit)}</A> })}
                        </div>
                        {open.then(|| view! {
                            {mail.map(|defaults| view! { <MailForm no=d.number.clone() defaults version/> })}
                            <CopyToOrder doc=d.clone()/>
                            <MarkLost no=d.number.clone() version/>
                        })}
                        <SentLog rows=sent/>
                    }
                })
            })}
        </Transition>
    }
}

/// Pick the lines (and quantities) the customer ordered; the new order opens.
#[component]
fn CopyToOrder(doc: Doc) -> impl IntoView {
    let l = lang();
    let picks: Vec<(i64, RwSignal<bool>, RwSignal<String>, Decimal)> = doc
        .lines
        .iter()
        .filter(|x| x.line.kind == LineKind::Item && x.done < x.line.qty)
        .map(|x| (x.line.line_no, RwSignal::new(true), RwSignal::new(qty(x.line.qty - x.done, l)), x.line.qty - x.done))
        .collect();
    let error = RwSignal::new(None::<String>);
    let confirm = RwSignal::new(true);
    let navigate = use_navigate();
    let number = doc.number.clone();
    let rows = doc.lines.clone();
    let picks2 = picks.clone();
    let copy = move |_| {
        let mut chosen = Vec::new();
        for (line_no, on, q, _) in &picks2 {
            if on.get_untracked() {
                match format::parse_amount(&q.get_untracked(), l) {
                    Ok(qty) => chosen.push(ChosenLine { line_no: *line_no, qty: Some(qty) }),
                    Err(e) => return error.set(Some(format!("{} {line_no}: {e}", l.t(T::Line)))),
                }
            }
        }
        let (number, navigate) = (number.clone(), navigate.clone());
        let confirm = confirm.get_untracked();
        leptos::task::spawn_local(async move {
            match quote_to_order(number, chosen, confirm).await {
                Ok(o) => navigate(&format!("/sales/orders/{}", o.number), Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h2>{l.t(T::CopyToOrder)}</h2>
        <table class="data" data-testid="copy-lines">
            <thead><tr><th></th><th>"#"</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Quantity)}</th></tr></thead>
            <tbody>
                {picks.into_iter().map(|(line_no, on, q, _)| {
                    let desc = rows.iter().find(|x| x.line.line_no == line_no).map(|x| format!("{} {}", x.line.item_no, x.line.description)).unwrap_or_default();
                    view! {
                        <tr>
                            <td><input type="checkbox" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev)) aria-label=desc.clone()/></td>
                            <td>{line_no}</td><td>{desc.clone()}</td>
                            <td class="num"><input class="num" inputmode="decimal" data-testid="copy-qty" prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <div class="actions">
            <label class="check"><input type="checkbox" prop:checked=move || confirm.get() on:change=move |ev| confirm.set(event_target_checked(&ev))/>{l.t(T::ConfirmAtOnce)}</label>
            <button type="button" class="primary" on:click=copy data-testid="copy-to-order">{l.t(T::CopyToOrder)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

#[component]
fn MarkLost(no: String, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let lost = move |_| {
        let no = no.clone();
        leptos::task::spawn_local(async move {
            match quote_lost(no, reason.get_untracked()).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <div class="inline-form">
            <input placeholder=l.t(T::LostReason) aria-label=l.t(T::LostReason) prop:value=move || reason.get() on:change=move |ev| reason.set(event_target_value(&ev))/>
            <button type="button" on:click=lost>{l.t(T::MarkLost)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let l = lang();
    let params = use_params_map();
    let no = move || params.with(|p| p.get("no").unwrap_or_default());
    let version = RwSignal::new(0);
    // everything the page shows in one resource (see QuotePage)
    let doc = Resource::new(
        move || (no(), version.get()),
        |(no, _)| async move {
            let d = get_order(no.clone()).await?;
            let proposal = if OrderStatus::of(d.status).is_some_and(OrderStatus::can_deliver) { Some(delivery_proposal(no.clone()).await?) } else { None };
            let deliveries = order_deliveries(no.clone()).await?;
            let remaining = backorder(no).await?;
            let sent = list_outbox(Some((DocKind::Order, d.id))).await?;
            Ok::<_, crate::error::AppError>(OrderPageData { doc: d, proposal, deliveries, remaining, sent })
        },
    );
    let error = RwSignal::new(None::<String>);
    let act = move |confirm: bool| {
        let no = no();
        leptos::task::spawn_local(async move {
            let r = if confirm { confirm_order(no).await } else { cancel_order(no).await };
            match r {
                Ok(_) => {
                    error.set(None);
                    version.update(|v| *v += 1)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(doc.await, move |OrderPageData { doc: d, proposal, deliveries, remaining, sent }| {
                    let status = OrderStatus::of(d.status);
                    let editable = status.is_some_and(OrderStatus::can_edit);
                    view! {
                        <h1>{format!("{} {}", l.t(T::Order), d.number)}</h1>
                        {head(&d, T::DeliveryDate, l)}
                        {lines_table(&d, T::Delivered, l)}
                        <div class="actions">
                            <a href=format!("/sales/orders/{}/pdf", d.number) class="button" download=format!("order-{}.pdf", d.number)>{l.t(T::OrderConfirmation)}</a>
                            {editable.then(|| view! { <A href=format!("/sales/orders/{}/edit", d.number) attr:class="button">{l.t(T::Edit)}</A> })}
                            {status.is_some_and(OrderStatus::can_confirm).then(|| view! { <button type="button" class="primary" on:click=move |_| act(true) data-testid="confirm-order">{l.t(T::ConfirmOrder)}</button> })}
                            {status.is_some_and(OrderStatus::can_cancel).then(|| view! { <button type="button" on:click=move |_| act(false) data-testid="cancel-order">{l.t(T::CancelOrder)}</button> })}
                        </div>
                        {proposal.map(|lines| view! { <DeliveryForm no=d.number.clone() lines version/> })}
                        <Deliveries rows=deliveries/>
                        <Remaining rows=remaining/>
                        <SentLog rows=sent/>
                    }
                })
            })}
        </Transition>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

/// What the order page shows, loaded as one.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct OrderPageData {
    doc: Doc,
    proposal: Option<Vec<ProposedLine>>,
    deliveries: Vec<(String, chrono::NaiveDate)>,
    remaining: Vec<BackorderLine>,
    sent: Vec<crate::outbox::model::OutboxMessage>,
}

/// Quantities to deliver, proposed from what is outstanding and free in stock.
#[component]
fn DeliveryForm(no: String, lines: Vec<ProposedLine>, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    view! {
        <h2>{l.t(T::Deliver)}</h2>
        {{
                {
                        let inputs: Vec<(i64, RwSignal<String>)> = lines.iter().map(|p| (p.line_no, RwSignal::new(qty(p.proposed, l)))).collect();
                        let inputs2 = inputs.clone();
                        let post = move |_| {
                            let mut out = Vec::new();
                            for (line_no, v) in &inputs2 {
                                let text = v.get_untracked();
                                if text.trim().is_empty() {
                                    continue;
                                }
                                match format::parse_amount(&text, l) {
                                    Ok(q) => out.push(DeliverLine { order_no: no.clone(), line_no: *line_no, qty: q }),
                                    Err(e) => return error.set(Some(format!("{} {line_no}: {e}", l.t(T::Line)))),
                                }
                            }
                            leptos::task::spawn_local(async move {
                                match deliver(String::new(), String::new(), out).await {
                                    Ok(d) => {
                                        error.set(None);
                                        done.set(Some(d.delivery_no));
                                        version.update(|v| *v += 1);
                                    }
                                    Err(e) => error.set(Some(e.to_string())),
                                }
                            });
                        };
                        view! {
                            <table class="data" data-testid="delivery-form">
                                <thead><tr>
                                    <th>"#"</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Outstanding)}</th>
                                    <th class="num">{l.t(T::Free)}</th><th class="num">{l.t(T::Deliver)}</th>
                                </tr></thead>
                                <tbody>
                                    {lines.into_iter().zip(inputs).map(|(p, (_, v))| view! {
                                        <tr>
                                            <td>{p.line_no}</td><td>{p.item_no}</td><td>{p.description}</td>
                                            <td class="num">{qty(p.outstanding, l)}</td>
                                            <td class="num">{p.free.map(|f| qty(f, l)).unwrap_or_default()}</td>
                                            <td class="num"><input class="num" inputmode="decimal" data-testid="deliver-qty" prop:value=move || v.get() on:change=move |ev| v.set(event_target_value(&ev))/></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <button type="button" class="primary" on:click=post data-testid="post-delivery">{l.t(T::PostDelivery)}</button>
                        }
                }
        }}
        {move || done.get().map(|n| view! { <p class="ok" role="status">{format!("{} {n}", l.t(T::Delivery))}</p> })}
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

#[component]
fn Remaining(rows: Vec<BackorderLine>) -> impl IntoView {
    let l = lang();
    view! {
        <h2>{l.t(T::Backorder)}</h2>
        {view! {
                    <table class="data" data-testid="order-backorder">
                        <thead><tr><th>"#"</th><th>{l.t(T::ItemNo)}</th><th class="num">{l.t(T::Ordered)}</th><th class="num">{l.t(T::Delivered)}</th><th class="num">{l.t(T::Remaining)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|b| view! {
                                <tr><td>{b.line_no}</td><td>{b.item_no}</td><td class="num">{qty(b.ordered, l)}</td><td class="num">{qty(b.delivered, l)}</td><td class="num">{qty(b.remaining, l)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
        }}
    }
}

/// The e-mail form of a quote: recipient, subject and message, with the PDF attached.
#[component]
fn MailForm(no: String, defaults: (String, String, String), version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let error = RwSignal::new(None::<String>);
    view! {
        <h2>{l.t(T::SendByEmail)}</h2>
        {{
                {
                        let (to, subject, body) = defaults;
                        let (to, subject, body) = (RwSignal::new(to), RwSignal::new(subject), RwSignal::new(body));
                        let send = move |_| {
                            let no = no.clone();
                            leptos::task::spawn_local(async move {
                                match email_quote(no, to.get_untracked(), subject.get_untracked(), body.get_untracked()).await {
                                    Ok(_) => {
                                        error.set(None);
                                        version.update(|v| *v += 1)
                                    }
                                    Err(e) => error.set(Some(e.to_string())),
                                }
                            });
                        };
                        view! {
                            <div class="form-grid" data-testid="mail-form">
                                <label class="field"><span>{l.t(T::To)}</span><input type="email" name="to" prop:value=move || to.get() on:change=move |ev| to.set(event_target_value(&ev))/></label>
                                <label class="field"><span>{l.t(T::Subject)}</span><input name="subject" prop:value=move || subject.get() on:change=move |ev| subject.set(event_target_value(&ev))/></label>
                                <label class="field wide"><span>{l.t(T::Message)}</span><textarea name="message" rows="4" prop:value=move || body.get() on:change=move |ev| body.set(event_target_value(&ev))></textarea></label>
                                <button type="button" class="primary" on:click=send data-testid="send-quote">{l.t(T::Send)}</button>
                            </div>
                        }
                }
        }}
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

/// The messages sent (or waiting) for a document.
#[component]
fn SentLog(rows: Vec<crate::outbox::model::OutboxMessage>) -> impl IntoView {
    let l = lang();
    view! {
        <h2>{l.t(T::SentLog)}</h2>
        <MessageTable rows/>
    }
}

/// The order's deliveries, each with its packing slip.
#[component]
fn Deliveries(rows: Vec<(String, chrono::NaiveDate)>) -> impl IntoView {
    let l = lang();
    view! {
        {(!rows.is_empty()).then(|| view! {
                    <h2>{l.t(T::Delivery)}</h2>
                    <ul class="links" data-testid="deliveries">
                        {rows.into_iter().map(|(d, date)| view! {
                            <li>{format!("{d} ({}) · ", crate::core::format::date(date, l))}<a href=format!("/sales/deliveries/{d}/packing-slip.pdf") download=format!("packing-slip-{d}.pdf") data-testid="packing-slip">{l.t(T::PackingSlip)}</a></li>
                        }).collect_view()}
                    </ul>
        })}
    }
}
