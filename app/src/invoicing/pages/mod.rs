//! Invoicing screens: the invoice list, the invoice basis (delivered, not invoiced:
//! choose lines and quantities, post), and an invoice's page (PDF, EHF, payment,
//! credit note).
mod contracts;
mod setup;

pub use contracts::ContractsPage;
pub use setup::InvoiceSettingsPage;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use rust_decimal::Decimal;

use super::api::{credit_invoice, dispute_invoice, get_invoice, invoice_basis, invoice_sends, list_invoices, post_invoice, preview_run, send_invoice};
use super::model::{BasisLine, CreditInput, CreditLine, Invoice, InvoiceInput, InvoiceKind, InvoiceRow, InvoiceRunInput, PickLine, RunGroup};
use crate::core::document::{Doc, DocLine};
use crate::core::format::qty;
use crate::core::lines::LineKind;
use crate::core::{format, Lang, T};
use crate::ui::doc::lines_table;
use crate::ui::form::loaded;
use crate::ui::lang;

/// Where an invoice or credit note is shown.
pub fn href(kind: InvoiceKind, no: &str) -> String {
    match kind {
        InvoiceKind::Invoice => format!("/receivables/invoices/{no}"),
        InvoiceKind::CreditNote => format!("/receivables/credit-notes/{no}"),
    }
}

pub fn receivables_nav(l: Lang) -> impl IntoView {
    view! {
        <nav class="subnav">
            <A href="/receivables">{l.t(T::Invoices)}</A>" "
            <A href="/receivables/open">{l.t(T::OpenItems)}</A>" "
            <A href="/receivables/bank">{l.t(T::BankFiles)}</A>" "
            <A href="/receivables/reminders">{l.t(T::Reminders)}</A>" "
            <A href="/receivables/statement">{l.t(T::Statement)}</A>" "
            <A href="/receivables/contracts">{l.t(T::Contracts)}</A>" "
            <A href="/receivables/new">{l.t(T::NewInvoice)}</A>
        </nav>
    }
}

fn kind_label(kind: InvoiceKind, l: Lang) -> &'static str {
    l.t(if kind == InvoiceKind::CreditNote { T::CreditNote } else { T::Invoice })
}

fn invoice_table(rows: Vec<InvoiceRow>, l: Lang) -> impl IntoView {
    let empty = rows.is_empty();
    view! {
        <table class="data" data-testid="invoice-list">
            <thead><tr>
                <th>{l.t(T::Number)}</th><th></th><th>{l.t(T::InvoiceDate)}</th><th>{l.t(T::DueDate)}</th><th>{l.t(T::Customer)}</th>
                <th class="num">{l.t(T::TotalInclVat)}</th><th class="num">{l.t(T::Left)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| view! {
                    <tr>
                        <td><A href=href(r.kind, &r.number)>{r.number.clone()}</A></td>
                        <td>{kind_label(r.kind, l)}</td>
                        <td>{format::date(r.invoice_date, l)}</td><td>{format::date(r.due_date, l)}</td>
                        <td>{format!("{} {}", r.customer_no, r.customer_name)}</td>
                        <td class="num">{format::money(r.gross, &r.currency, l)}</td>
                        <td class="num">{format::amount(r.open, l)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {empty.then(|| view! { <p>{l.t(T::NoDocuments)}</p> })}
    }
}

/// The invoice list: the landing page of Receivables, newest first.
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let before = move || query.with(|q| q.get("before").and_then(|b| b.parse::<i64>().ok()));
    let rows = Resource::new(before, list_invoices);
    view! {
        <h1>{l.t(T::Invoices)}</h1>
        {receivables_nav(l)}
        <div class="toolbar">
            <span></span>
            <span>
                <a href="/receivables/invoices/export.csv" class="button" download="invoices.csv" data-testid="export-csv">{l.t(T::ExportCsv)}</a>" "
                <A href="/receivables/new" attr:class="button primary">{l.t(T::NewInvoice)}</A>
            </span>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |rows| {
                    let older = (rows.len() == 50).then(|| rows.last().map(|r| format!("/receivables?before={}", r.id))).flatten();
                    view! {
                        {invoice_table(rows, l)}
                        {older.map(|href| view! { <nav class="pager"><a href=href>{l.t(T::Next)}</a></nav> })}
                    }
                })
            })}
        </Transition>
    }
}

/// Delivered, not invoiced lines grouped by customer: choose lines and quantities
/// and post one invoice per customer.
#[component]
pub fn NewInvoicePage() -> impl IntoView {
    let l = lang();
    let basis = Resource::new(|| (), |_| invoice_basis(String::new()));
    view! {
        <h1>{l.t(T::NewInvoice)}</h1>
        {receivables_nav(l)}
        <RunPanel/>
        <h2>{l.t(T::InvoiceBasis)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(basis.await, move |lines| {
                    if lines.is_empty() {
                        return view! { <p data-testid="basis-empty">{l.t(T::NothingToInvoice)}</p> }.into_any();
                    }
                    let mut customers: Vec<(String, Vec<BasisLine>)> = Vec::new();
                    for b in lines {
                        let key = format!("{} {}", b.customer_no, b.customer_name);
                        match customers.iter_mut().find(|(k, _)| *k == key) {
                            Some((_, v)) => v.push(b),
                            None => customers.push((key, vec![b])),
                        }
                    }
                    customers.into_iter().map(|(name, lines)| view! { <BasisGroup name lines/> }).collect_view().into_any()
                })
            })}
        </Transition>
    }
}

#[component]
fn BasisGroup(name: String, lines: Vec<BasisLine>) -> impl IntoView {
    let l = lang();
    let picks: Vec<(BasisLine, RwSignal<bool>, RwSignal<String>)> = lines
        .into_iter()
        .map(|b| {
            let q = qty(b.qty, l);
            (b, RwSignal::new(true), RwSignal::new(q))
        })
        .collect();
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let customer_no = picks.first().map(|p| p.0.customer_no.clone()).unwrap_or_default();
    let picks2 = picks.clone();
    let post = move |_| {
        let mut pick = Vec::new();
        for (b, on, q) in &picks2 {
            if on.get_untracked() {
                match format::parse_amount(&q.get_untracked(), l) {
                    Ok(qty) => pick.push(PickLine { order_no: b.order_no.clone(), line_no: b.line_no, qty: Some(qty) }),
                    Err(e) => return error.set(Some(format!("{} {} {}: {e}", l.t(T::Order), b.order_no, b.line_no))),
                }
            }
        }
        let input = InvoiceInput { customer_no: customer_no.clone(), pick, ..Default::default() };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match post_invoice(input).await {
                Ok(inv) => navigate(&href(inv.kind, &inv.number), Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="group" data-testid="basis-group">
            <h3>{name}</h3>
            <table class="data" data-testid="basis-lines">
                <thead><tr><th></th><th>{l.t(T::Order)}</th><th>"#"</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Net)}</th></tr></thead>
                <tbody>
                    {picks.into_iter().map(|(b, on, q)| {
                        let (order, data_order, label, link) = (b.order_no.clone(), b.order_no.clone(), format!("{} {}", b.order_no, b.line_no), format!("/sales/orders/{}", b.order_no));
                        view! {
                        <tr data-testid="basis-line" data-order=data_order>
                            <td><input type="checkbox" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev)) aria-label=label/></td>
                            <td><A href=link>{order}</A></td>
                            <td>{b.line_no}</td><td>{b.item_no.clone()}</td><td>{b.description.clone()}</td>
                            <td class="num"><input class="num" inputmode="decimal" data-testid="basis-qty" prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/>" "{b.unit.clone()}</td>
                            <td class="num">{format::amount(b.net, l)}</td>
                        </tr>
                    }}).collect_view()}
                </tbody>
            </table>
            <div class="actions"><button type="button" class="primary" on:click=post data-testid="post-invoice">{l.t(T::InvoiceChosen)}</button></div>
            {move || error.get().map(|e| crate::ui::alert(&e))}
        </section>
    }
}

fn facts(inv: &Invoice, l: Lang) -> impl IntoView {
    let i = inv.clone();
    view! {
        <dl class="facts" data-testid="invoice-facts">
            <dt>{l.t(T::Customer)}</dt><dd>{format!("{} {}", i.customer_no, i.customer_name)}</dd>
            <dt>{l.t(T::Status)}</dt><dd data-testid="invoice-status" class=format!("status {}", i.status.code())>{l.t(i.status.label(i.kind))}</dd>
            <dt>{l.t(T::InvoiceDate)}</dt><dd>{format::date(i.invoice_date, l)}</dd>
            {(i.kind == InvoiceKind::Invoice).then(|| view! { <dt>{l.t(T::DueDate)}</dt><dd>{format::date(i.due_date, l)}</dd> })}
            {(!i.kid.is_empty()).then(|| view! { <dt>{l.t(T::Kid)}</dt><dd data-testid="invoice-kid">{i.kid.clone()}</dd> })}
            <dt>{l.t(T::YourRef)}</dt><dd>{i.your_ref.clone()}</dd>
            {(!i.order_refs.is_empty()).then(|| view! { <dt>{l.t(T::Orders)}</dt><dd>{i.order_refs.clone()}</dd> })}
            {(!i.credited_no.is_empty()).then(|| { let c = i.credited_no.clone(); view! { <dt>{l.t(T::CreditOf)}</dt><dd><A href=href(InvoiceKind::Invoice, &c)>{c.clone()}</A></dd> } })}
            <dt>{l.t(T::Left)}</dt><dd data-testid="invoice-open">{format::money(i.open, &i.currency, l)}</dd>
        </dl>
    }
}

fn as_doc(inv: &Invoice) -> Doc {
    Doc {
        number: inv.number.clone(),
        currency: inv.currency.clone(),
        lines: inv.lines.iter().map(|x| DocLine { done: x.credited, ..x.doc.clone() }).collect(),
        totals: inv.totals.clone(),
        ..Default::default()
    }
}

/// What another area adds to an invoice's page (receivables: the payment form and
/// the reminders sent), given the invoice and the page's version to bump on change.
pub type Settle = fn(&Invoice, RwSignal<i32>) -> AnyView;

/// An invoice or a credit note: facts, lines, PDF and EHF, and for an invoice the
/// payment and credit actions.
#[component]
pub fn InvoicePage(kind: InvoiceKind, #[prop(optional)] settle: Option<Settle>) -> impl IntoView {
    let l = lang();
    let params = use_params_map();
    let no = move || params.with(|p| p.get("no").unwrap_or_default());
    let version = RwSignal::new(0);
    // the invoice and its send log in one resource (one Suspend, no nested resource)
    let inv = Resource::new(
        move || (no(), version.get()),
        move |(no, _)| async move {
            let i = get_invoice(kind, no.clone()).await?;
            let sends = if i.sent_via.is_empty() { Vec::new() } else { invoice_sends(kind, no).await? };
            Ok::<_, crate::error::AppError>((i, sends))
        },
    );
    view! {
        {receivables_nav(l)}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(inv.await, move |(i, sends)| {
                    let base = href(i.kind, &i.number);
                    let file = super::model::InvoiceKind::code(i.kind).replace('_', "-");
                    view! {
                        <h1>{format!("{} {}", kind_label(i.kind, l), i.number)}</h1>
                        {facts(&i, l)}
                        {lines_table(&as_doc(&i), T::Credited, l)}
                        <div class="actions">
                            <SendButton kind=i.kind no=i.number.clone() version/>
                            <a href=format!("{base}/pdf") class="button" download=format!("{file}-{}.pdf", i.number) data-testid="invoice-pdf">{l.t(T::Pdf)}</a>
                            <a href=format!("{base}/ehf") class="button" download=format!("{file}-{}.xml", i.number) data-testid="invoice-ehf">{l.t(T::Ehf)}</a>
                        </div>
                        {(!sends.is_empty()).then(|| view! {
                            <table class="data" data-testid="send-log">
                                <tbody>{sends.into_iter().map(|x| view! { <tr><td>{l.t(x.channel.label())}</td><td>{x.target}</td></tr> }).collect_view()}</tbody>
                            </table>
                        })}
                        {settle.map(|f| f(&i, version))}
                        {(i.kind == InvoiceKind::Invoice && i.open > Decimal::ZERO).then(|| view! { <Dispute no=i.number.clone() disputed=i.disputed version/> })}
                        {(i.kind == InvoiceKind::Invoice && i.lines.iter().any(|x| x.doc.line.kind == LineKind::Item && x.credited < x.doc.line.qty)).then(|| view! { <CreditForm inv=i.clone()/> })}
                    }
                })
            })}
        </Transition>
    }
}

/// Credit the whole invoice, or chosen lines and quantities.
#[component]
fn CreditForm(inv: Invoice) -> impl IntoView {
    let l = lang();
    let picks: Vec<(i64, String, RwSignal<bool>, RwSignal<String>)> = inv
        .lines
        .iter()
        .filter(|x| x.doc.line.kind == LineKind::Item && x.credited < x.doc.line.qty)
        .map(|x| {
            (
                x.doc.line.line_no,
                format!("{} {}", x.doc.line.item_no, x.doc.line.description),
                RwSignal::new(false),
                RwSignal::new(qty(x.doc.line.qty - x.credited, l)),
            )
        })
        .collect();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let number = inv.number.clone();
    let picks2 = picks.clone();
    let run = move |whole: bool| {
        let mut lines = Vec::new();
        if !whole {
            for (line_no, _, on, q) in &picks2 {
                if on.get_untracked() {
                    match format::parse_amount(&q.get_untracked(), l) {
                        Ok(qty) => lines.push(CreditLine { line_no: *line_no, qty: Some(qty) }),
                        Err(e) => return error.set(Some(format!("{} {line_no}: {e}", l.t(T::Line)))),
                    }
                }
            }
            if lines.is_empty() {
                return error.set(Some(l.t(T::CreditLines).to_string()));
            }
        }
        let input = CreditInput { lines, reason: reason.get_untracked(), ..Default::default() };
        let (number, navigate) = (number.clone(), navigate.clone());
        leptos::task::spawn_local(async move {
            match credit_invoice(number, input).await {
                Ok(cn) => navigate(&href(cn.kind, &cn.number), Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let run2 = run.clone();
    view! {
        <h2>{l.t(T::CreditNote)}</h2>
        <table class="data" data-testid="credit-lines">
            <thead><tr><th></th><th>"#"</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Quantity)}</th></tr></thead>
            <tbody>
                {picks.into_iter().map(|(line_no, desc, on, q)| view! {
                    <tr>
                        <td><input type="checkbox" prop:checked=move || on.get() on:change=move |ev| on.set(event_target_checked(&ev)) aria-label=desc.clone()/></td>
                        <td>{line_no}</td><td>{desc.clone()}</td>
                        <td class="num"><input class="num" inputmode="decimal" data-testid="credit-qty" prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <div class="actions">
            <input placeholder=l.t(T::Reason) aria-label=l.t(T::Reason) prop:value=move || reason.get() on:change=move |ev| reason.set(event_target_value(&ev))/>
            <button type="button" on:click=move |_| run2(false) data-testid="credit-lines-button">{l.t(T::CreditLines)}</button>
            <button type="button" on:click=move |_| run(true) data-testid="credit-all">{l.t(T::CreditInvoice)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

#[component]
fn Dispute(no: String, disputed: bool, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let toggle = move |_| {
        let no = no.clone();
        leptos::task::spawn_local(async move {
            if dispute_invoice(no, !disputed).await.is_ok() {
                version.update(|v| *v += 1);
            }
        });
    };
    view! {
        <label class="check" data-testid="disputed">
            <input type="checkbox" prop:checked=disputed on:change=toggle/>{l.t(T::Disputed)}
        </label>
    }
}

/// An invoicing run from the browser: preview the invoices, then post them one at a
/// time with the progress shown. Each is its own transaction: stop at any point and
/// run again, and exactly what is left gets invoiced.
#[component]
fn RunPanel() -> impl IntoView {
    let l = lang();
    let date = RwSignal::new(String::new());
    let groups = RwSignal::new(Vec::<RunGroup>::new());
    let done = RwSignal::new(0usize);
    let running = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let preview = move |_| {
        let input = InvoiceRunInput { date: date.get_untracked(), ..Default::default() };
        leptos::task::spawn_local(async move {
            match preview_run(input).await {
                Ok(g) => {
                    done.set(0);
                    groups.set(g)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let post_all = move |_| {
        running.set(true);
        leptos::task::spawn_local(async move {
            let all = groups.get_untracked();
            for (i, g) in all.iter().enumerate() {
                let input =
                    InvoiceInput { customer_no: g.customer_no.clone(), orders: g.orders.clone(), invoice_date: date.get_untracked(), ..Default::default() };
                let r = post_invoice(input).await;
                groups.update(|gs| match r {
                    Ok(inv) => gs[i].invoice_no = inv.number,
                    Err(e) => gs[i].error = e.to_string(),
                });
                done.set(i + 1);
            }
            running.set(false);
        });
    };
    view! {
        <h2>{l.t(T::InvoiceRun)}</h2>
        <div class="inline-form">
            <input type="date" aria-label=l.t(T::InvoiceDate) data-testid="run-date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <button type="button" on:click=preview data-testid="run-preview">{l.t(T::PreviewRun)}</button>
            <button type="button" class="primary" on:click=post_all disabled=move || running.get() || groups.with(|g| g.is_empty()) data-testid="run-post">{l.t(T::InvoiceAll)}</button>
            {move || (!groups.with(|g| g.is_empty())).then(|| view! {
                <progress max=move || groups.with(|g| g.len()) value=move || done.get() data-testid="run-progress"></progress>
                <span data-testid="run-count">{move || format!("{} / {}", done.get(), groups.with(|g| g.len()))}</span>
            })}
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
        <table class="data" data-testid="run-groups">
            <tbody>
                {move || groups.get().into_iter().map(|g| view! {
                    <tr data-testid="run-group">
                        <td>{format!("{} {}", g.customer_no, g.customer_name)}</td>
                        <td>{g.orders.join(", ")}</td>
                        <td class="num">{format::amount(g.net, l)}</td>
                        <td>{if g.invoice_no.is_empty() { crate::ui::msg(&g.error) } else { format!("{} {}", l.t(T::Invoice), g.invoice_no) }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn SendButton(kind: InvoiceKind, no: String, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let error = RwSignal::new(None::<String>);
    let go = move |_| {
        let no = no.clone();
        leptos::task::spawn_local(async move {
            match send_invoice(kind, no).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <button type="button" class="primary" on:click=go data-testid="invoice-send">{l.t(T::Send)}</button>
        {move || error.get().map(|e| crate::ui::alert_inline(&e))}
    }
}
