//! Supplier invoices: the open payables with EHF import, registering by hand, one
//! invoice with its deviations and approval, and the purchase report.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::{number, purchasing_nav};
use crate::core::format::qty;
use crate::core::{format, T};
use crate::purchasing::api::{decide_invoice, get_supplier_invoice, pay_invoice, payables_list, purchase_report, register_supplier_invoice};
use crate::purchasing::model::{SiInput, SiLineInput, SiStatus, SupplierInvoice};
use crate::ui::form::loaded;
use crate::ui::lang;

#[component]
pub fn PayablesPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let all = move || query.with(|q| q.get("all").is_some_and(|v| v == "on"));
    let error = move || query.with(|q| q.get("error"));
    let rows = Resource::new(all, payables_list);
    let today = crate::ui::today();
    view! {
        <h1>{l.t(T::Payables)}</h1>
        {purchasing_nav(l)}
        <form method="post" action="/purchasing/invoices/ehf" enctype="multipart/form-data" class="inline-form" data-testid="ehf-upload">
            <label class="field"><span>{l.t(T::ImportEhf)}</span><input type="file" name="file" accept=".xml,application/xml,text/xml" required/></label>
            <button type="submit" class="primary">{l.t(T::Import)}</button>
            <span class="hint">{l.t(T::EhfFileHint)}</span>
        </form>
        {move || error().map(|e| crate::ui::alert(&e))}
        <p><A href="/purchasing/invoices/new">{l.t(T::RegisterSupplierInvoice)}</A></p>
        <form method="get" class="toolbar">
            <label class="check"><input type="checkbox" name="all" value="on" checked=all/>{l.t(T::ShowAll)}</label>
            <button type="submit">{l.t(T::Show)}</button>
        </form>
        <Transition fallback=|| ()>
            {move || {
                Suspend::new(async move {
                    loaded(rows.await, move |rows| {
                        let empty = rows.is_empty();
                        view! {
                            <table class="data" data-testid="payables">
                                <thead><tr><th>{l.t(T::Supplier)}</th><th>{l.t(T::InvoiceNo)}</th><th>{l.t(T::InvoiceDate)}</th><th>{l.t(T::DueDate)}</th><th>{l.t(T::Status)}</th><th class="num">{l.t(T::AmountDue)}</th></tr></thead>
                                <tbody>{rows.into_iter().map(|r| {
                                    let status = r.status;
                                    let overdue = r.due_date < today && status != SiStatus::Paid;
                                    view! {
                                        <tr class:overdue=overdue data-testid="payable">
                                            <td>{format!("{} {}", r.supplier_no, r.supplier_name)}</td>
                                            <td><A href=format!("/purchasing/invoices/{}", r.id)>{r.invoice_no.clone()}</A></td>
                                            <td>{crate::core::format::date(r.invoice_date, l)}</td><td>{crate::core::format::date(r.due_date, l)}</td>
                                            <td>{format!("{}{}", l.t(status.label()), if status.awaits_approval() { format!(" ({}/{})", r.approved_level, r.required_level) } else { String::new() })}</td>
                                            <td class="num">{format::money(r.payable, &r.currency, l)}</td>
                                        </tr>
                                    }
                                }).collect_view()}</tbody>
                            </table>
                            {empty.then(|| view! { <p>{l.t(T::NothingOpen)}</p> })}
                        }
                    })
                })
            }}
        </Transition>
    }
}

/// A supplier invoice typed from paper: head and lines (item or cost lines).
#[component]
pub fn NewSupplierInvoicePage() -> impl IntoView {
    let l = lang();
    let head: Vec<(T, &'static str, RwSignal<String>)> = [
        (T::SupplierNo, "si-supplier"),
        (T::InvoiceNo, "si-number"),
        (T::InvoiceDate, "si-date"),
        (T::DueDate, "si-due"),
        (T::Kid, "si-kid"),
        (T::PurchaseOrder, "si-po"),
        (T::TotalInclVat, "si-gross"),
    ]
    .into_iter()
    .map(|(t, id)| (t, id, RwSignal::new(String::new())))
    .collect();
    type Row = [RwSignal<String>; 5];
    let new_row = || -> Row { std::array::from_fn(|_| RwSignal::new(String::new())) };
    let rows = RwSignal::new(vec![new_row(), new_row()]);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    // a purchase order number proposes its received, not yet invoiced lines (when no
    // line is typed yet) and the supplier
    let supplier_sig = head[0].2;
    let propose = move |po: String| {
        let blank = rows.with_untracked(|r| r.iter().all(|c| c.iter().all(|s| s.get_untracked().trim().is_empty())));
        if po.trim().is_empty() || !blank {
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::purchasing::api::invoice_proposal(po).await {
                Ok((supplier, lines)) => {
                    if supplier_sig.get_untracked().trim().is_empty() {
                        supplier_sig.set(supplier);
                    }
                    if !lines.is_empty() {
                        rows.set(
                            lines
                                .iter()
                                .map(|x| -> Row {
                                    [
                                        RwSignal::new(x.item_no.clone()),
                                        RwSignal::new(x.description.clone()),
                                        RwSignal::new(format::qty(x.qty, l)),
                                        RwSignal::new(format::amount(x.unit_price, l)),
                                        RwSignal::new(format::qty(x.vat_rate, l)),
                                    ]
                                })
                                .collect(),
                        );
                    }
                    error.set(None);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let h = head.clone();
    let save = move |_| {
        let v = |i: usize| h[i].2.get_untracked();
        let mut lines = Vec::new();
        for (i, [item, desc, q, price, rate]) in rows.get_untracked().into_iter().enumerate() {
            if item.get_untracked().trim().is_empty() && desc.get_untracked().trim().is_empty() {
                continue;
            }
            let line = || -> Result<SiLineInput, String> {
                Ok(SiLineInput {
                    item_no: item.get_untracked(),
                    description: desc.get_untracked(),
                    qty: number(T::Quantity, &q.get_untracked(), l)?,
                    unit_price: number(T::Price, &price.get_untracked(), l)?,
                    vat_rate: if rate.get_untracked().trim().is_empty() { rust_decimal::Decimal::from(25) } else { number(T::Rate, &rate.get_untracked(), l)? },
                    ..Default::default()
                })
            };
            match line() {
                Ok(x) => lines.push(x),
                Err(e) => return error.set(Some(format!("{} {}: {e}", l.t(T::Line), i + 1))),
            }
        }
        let gross = if v(6).trim().is_empty() {
            None
        } else {
            match number(T::TotalInclVat, &v(6), l) {
                Ok(g) => Some(g),
                Err(e) => return error.set(Some(e)),
            }
        };
        let input =
            SiInput { supplier_no: v(0), invoice_no: v(1), invoice_date: v(2), due_date: v(3), kid: v(4), po_no: v(5), gross, lines, ..Default::default() };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match register_supplier_invoice(input).await {
                Ok(inv) => navigate(&format!("/purchasing/invoices/{}", inv.head.id), Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h1>{l.t(T::RegisterSupplierInvoice)}</h1>
        {purchasing_nav(l)}
        <div class="form-grid">
            {head.into_iter().map(|(t, id, sig)| view! {
                <label class="field"><span>{l.t(t)}</span>
                    <input data-testid=id type=if matches!(t, T::InvoiceDate | T::DueDate) { "date" } else { "text" } prop:value=move || sig.get()
                        on:change=move |ev| { let v = event_target_value(&ev); sig.set(v.clone()); if id == "si-po" { propose(v) } }/></label>
            }).collect_view()}
        </div>
        <table class="data lines">
            <thead><tr><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Price)}</th><th class="num">{l.t(T::Rate)}" %"</th></tr></thead>
            <tbody>{move || rows.get().into_iter().map(|cells| view! {
                <tr data-testid="si-line">{cells.into_iter().enumerate().map(|(i, sig)| view! {
                    <td><input class:num={i >= 2} aria-label=l.t([T::ItemNo, T::Description, T::Quantity, T::Price, T::Rate][i]) prop:value=move || sig.get() on:change=move |ev| sig.set(event_target_value(&ev))/></td>
                }).collect_view()}</tr>
            }).collect_view()}</tbody>
        </table>
        <div class="actions">
            <button type="button" on:click=move |_| rows.update(|r| r.push(new_row()))>{l.t(T::Add)}</button>
            <button type="button" class="primary" on:click=save data-testid="si-save">{l.t(T::Save)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

fn facts(i: &SupplierInvoice, l: crate::core::Lang) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>{l.t(T::Supplier)}</dt><dd>{format!("{} {}", i.head.supplier_no, i.head.supplier_name)}</dd>
            <dt>{l.t(T::Status)}</dt><dd data-testid="si-status" data-status=i.head.status.code()>{l.t(i.head.status.label())}</dd>
            <dt>{l.t(T::Level)}</dt><dd data-testid="si-level">{format!("{}/{}", i.head.approved_level, i.head.required_level)}</dd>
            <dt>{l.t(T::InvoiceDate)}</dt><dd>{crate::core::format::date(i.head.invoice_date, l)}</dd>
            <dt>{l.t(T::DueDate)}</dt><dd>{crate::core::format::date(i.head.due_date, l)}</dd>
            <dt>{l.t(T::Kid)}</dt><dd>{i.kid.clone()}</dd>
            <dt>{l.t(T::PurchaseOrder)}</dt><dd>{(!i.po_no.is_empty()).then({ let po = i.po_no.clone(); move || view! { <A href=format!("/purchasing/orders/{po}")>{po.clone()}</A> } })}</dd>
            <dt>{l.t(T::Net)}</dt><dd>{format::money(i.net, &i.head.currency, l)}</dd>
            <dt>{l.t(T::Vat)}</dt><dd>{format::money(i.vat, &i.head.currency, l)}</dd>
            <dt>{l.t(T::TotalInclVat)}</dt><dd data-testid="si-gross">{format::money(i.gross, &i.head.currency, l)}</dd>
            <dt>{l.t(T::AmountDue)}</dt><dd>{format::money(i.head.payable, &i.head.currency, l)}</dd>
            {i.paid_date.map(|d| view! { <dt>{l.t(T::PaymentDate)}</dt><dd>{crate::core::format::date(d, l)}</dd> })}
        </dl>
    }
}

#[component]
pub fn SupplierInvoicePage() -> impl IntoView {
    let l = lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let version = RwSignal::new(0);
    let inv = Resource::new(move || (id(), version.get()), |(id, _)| get_supplier_invoice(id));
    view! {
        {purchasing_nav(l)}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(inv.await, move |i| {
                    let pending = i.head.status.awaits_approval();
                    let approved = i.head.status.payable();
                    view! {
                        <h1>{format!("{} {} – {}", l.t(if i.head.kind == crate::invoicing::model::InvoiceKind::CreditNote { T::CreditNote } else { T::Invoice }), i.head.invoice_no, i.head.supplier_name)}</h1>
                        {facts(&i, l)}
                        {(!i.deviations.is_empty()).then(|| view! {
                            <div class="warning" role="note" data-testid="si-deviations">
                                <h2>{l.t(T::Deviations)}</h2>
                                <ul>{i.deviations.iter().map(|d| view! { <li>{d.message.clone()}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        <table class="data" data-testid="si-lines">
                            <thead><tr><th>{l.t(T::Line)}</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Price)}</th>
                                <th class="num">{l.t(T::Net)}</th><th class="num">{l.t(T::Rate)}</th><th>{l.t(T::Account)}</th><th>{l.t(T::Dimension)}</th></tr></thead>
                            <tbody>{i.lines.iter().map(|x| view! {
                                <tr><td>{x.line_no}</td><td>{if x.item_no.is_empty() { x.supplier_item_no.clone() } else { x.item_no.clone() }}</td><td>{x.description.clone()}</td>
                                    <td class="num">{qty(x.qty, l)}</td><td class="num">{format::amount(x.unit_price, l)}</td><td class="num">{format::amount(x.net, l)}</td>
                                    <td class="num">{format!("{} %", x.vat_rate)}</td><td>{x.account.clone()}</td><td>{x.dimension.clone()}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                        {(!i.approvals.is_empty()).then(|| view! {
                            <h2>{l.t(T::Approvals)}</h2>
                            <table class="data" data-testid="si-approvals">
                                <tbody>{i.approvals.iter().map(|a| view! {
                                    <tr><td>{format!("{} {}", l.t(T::Level), a.level)}</td><td>{a.user_name.clone()}</td><td>{l.t(a.decision.label())}</td><td>{a.comment.clone()}</td>
                                        <td>{crate::core::clock::local_time(crate::ui::zone(), a.at, l)}</td></tr>
                                }).collect_view()}</tbody>
                            </table>
                        })}
                        {pending.then(|| view! { <Decide id=i.head.id version/> })}
                        {approved.then(|| view! { <Pay id=i.head.id version/> })}
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn Decide(id: i64, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let decide = move |decision: &'static str| {
        leptos::task::spawn_local(async move {
            match decide_invoice(id, decision.into(), comment.get_untracked()).await {
                Ok(_) => {
                    error.set(None);
                    version.update(|v| *v += 1)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h2>{l.t(T::Approvals)}</h2>
        <div class="inline-form" data-testid="si-decide">
            <input placeholder=l.t(T::Comment) aria-label=l.t(T::Comment) data-testid="si-comment" prop:value=move || comment.get() on:change=move |ev| comment.set(event_target_value(&ev))/>
            <button type="button" class="primary" on:click=move |_| decide("approve") data-testid="si-approve">{l.t(T::Approve)}</button>
            <button type="button" on:click=move |_| decide("reject") data-testid="si-reject">{l.t(T::Reject)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

#[component]
fn Pay(id: i64, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pay = move |_| {
        leptos::task::spawn_local(async move {
            match pay_invoice(id, date.get_untracked()).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <div class="inline-form">
            <input type="date" aria-label=l.t(T::PaymentDate) prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <button type="button" class="primary" on:click=pay data-testid="si-pay">{l.t(T::MarkPaid)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

/// Purchases by supplier or item in a period (a GET form: works before hydration).
#[component]
pub fn PurchaseReportPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let args = move || query.with(|q| (q.get("by").is_some_and(|b| b == "item"), q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default()));
    let rows = Resource::new(args, |(by_item, from, to)| purchase_report(by_item, from, to));
    view! {
        <h1>{l.t(T::PurchaseReport)}</h1>
        {purchasing_nav(l)}
        <form method="get" class="toolbar">
            <select name="by" aria-label=l.t(T::GroupBy)>
                <option value="supplier">{l.t(T::Supplier)}</option>
                <option value="item" selected=move || args().0>{l.t(T::ByItem)}</option>
            </select>
            <label>{l.t(T::From)}" "<input type="date" name="from" value=move || args().1/></label>
            <label>{l.t(T::To)}" "<input type="date" name="to" value=move || args().2/></label>
            <button type="submit">{l.t(T::Show)}</button>
            <a class="button" download="purchase-report.csv" data-testid="export-csv"
                href=move || { let (by_item, from, to) = args(); format!("/purchasing/report/export.csv?by_item={by_item}&from={from}&to={to}") }>{l.t(T::ExportCsv)}</a>
        </form>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |rows| {
                    let total: rust_decimal::Decimal = rows.iter().map(|r| r.net).sum();
                    view! {
                        <table class="data" data-testid="purchase-report">
                            <thead><tr><th>{l.t(T::Number)}</th><th>{l.t(T::Name)}</th><th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Invoices)}</th><th class="num">{l.t(T::Net)}</th></tr></thead>
                            <tbody>{rows.into_iter().map(|r| view! {
                                <tr><td>{r.key}</td><td>{r.name}</td><td class="num">{qty(r.qty, l)}</td><td class="num">{r.invoices}</td><td class="num">{format::amount(r.net, l)}</td></tr>
                            }).collect_view()}</tbody>
                            <tfoot><tr><td colspan="4">{l.t(T::Total)}</td><td class="num">{format::amount(total, l)}</td></tr></tfoot>
                        </table>
                    }
                })
            })}
        </Transition>
    }
}
