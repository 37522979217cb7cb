//! Purchasing screens: purchase orders (list, new, one order with send, receipt and
//! close), the reorder list, supplier invoices with approval, the purchase report and
//! the purchasing setup (approval levels, accounts).
mod invoices;
mod reorder;
mod setup;

pub use invoices::{NewSupplierInvoicePage, PayablesPage, PurchaseReportPage, SupplierInvoicePage};
pub use reorder::ReorderPage;
pub use setup::PurchasingSetupPage;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::api::{close_purchase_order, create_purchase_order, get_purchase_order, purchase_orders, receive_goods, send_purchase_order, update_purchase_order};
use super::model::{PoInput, PoLineInput, PoStatus, PurchaseOrder, ReceiptInput, ReceiveLine};
use crate::core::format::qty;
use crate::core::{format, Lang, T};
use crate::ui::form::loaded;
use crate::ui::lang;

pub fn purchasing_nav(l: Lang) -> impl IntoView {
    view! {
        <nav class="subnav">
            <A href="/purchasing">{l.t(T::PurchaseOrders)}</A>" "
            <A href="/purchasing/reorder">{l.t(T::ReorderList)}</A>" "
            <A href="/purchasing/orders/new">{l.t(T::NewPurchaseOrder)}</A>" "
            <A href="/purchasing/invoices">{l.t(T::Payables)}</A>" "
            <A href="/purchasing/report">{l.t(T::PurchaseReport)}</A>" "
            <A href="/setup/purchasing">{l.t(T::ApprovalLevels)}</A>
        </nav>
    }
}

/// Reads a typed quantity or amount in the user's language; the error names the field.
pub(super) fn number(label: T, input: &str, l: Lang) -> Result<rust_decimal::Decimal, String> {
    format::parse_amount(input, l).map_err(|e| format!("{}: {e}", l.t(label)))
}

#[component]
pub fn PurchaseOrdersPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let status = move || query.with(|q| q.get("status").unwrap_or_default());
    let rows = Resource::new(status, purchase_orders);
    view! {
        <h1>{l.t(T::PurchaseOrders)}</h1>
        {purchasing_nav(l)}
        <form method="get" class="toolbar" role="search">
            <select name="status" aria-label=l.t(T::Status)>
                <option value="">{l.t(T::AllStatuses)}</option>
                {PoStatus::ALL.iter().map(|s| view! { <option value=s.code() selected=move || status() == s.code()>{l.t(s.label())}</option> }).collect_view()}
            </select>
            <button type="submit">{l.t(T::Show)}</button>
        </form>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |rows| {
                    let empty = rows.is_empty();
                    view! {
                        <table class="data" data-testid="po-list">
                            <thead><tr><th>{l.t(T::Number)}</th><th>{l.t(T::Supplier)}</th><th>{l.t(T::Date)}</th><th>{l.t(T::Warehouse)}</th><th>{l.t(T::Status)}</th><th class="num">{l.t(T::Net)}</th></tr></thead>
                            <tbody>{rows.into_iter().map(|r| view! {
                                <tr>
                                    <td><A href=format!("/purchasing/orders/{}", r.po_no)>{r.po_no.clone()}</A></td>
                                    <td>{format!("{} {}", r.supplier_no, r.supplier_name)}</td>
                                    <td>{crate::core::format::date(r.order_date, l)}</td><td>{r.warehouse}</td>
                                    <td>{l.t(r.status.label())}</td>
                                    <td class="num">{format::money(r.net, &r.currency, l)}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                        {empty.then(|| view! { <p>{l.t(T::NoDocuments)}</p> })}
                    }
                })
            })}
        </Transition>
    }
}

/// A new purchase order: supplier, warehouse, reference and lines.
#[component]
pub fn NewPurchaseOrderPage() -> impl IntoView {
    let l = lang();
    let supplier = RwSignal::new(String::new());
    let warehouse = RwSignal::new(String::new());
    let our_ref = RwSignal::new(String::new());
    type Row = (RwSignal<String>, RwSignal<String>, RwSignal<String>, RwSignal<String>);
    let new_row = || -> Row { (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new())) };
    let rows = RwSignal::new(vec![new_row(), new_row(), new_row()]);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let save = move |confirm: bool| {
        let mut lines = Vec::new();
        for (i, (item, q, price, date)) in rows.get_untracked().into_iter().enumerate() {
            if item.get_untracked().trim().is_empty() {
                continue;
            }
            let line = || -> Result<PoLineInput, String> {
                Ok(PoLineInput {
                    item_no: item.get_untracked(),
                    qty: number(T::Quantity, &q.get_untracked(), l)?,
                    unit_price: if price.get_untracked().trim().is_empty() { None } else { Some(number(T::Price, &price.get_untracked(), l)?) },
                    expected_date: date.get_untracked(),
                    ..Default::default()
                })
            };
            match line() {
                Ok(x) => lines.push(x),
                Err(e) => return error.set(Some(format!("{} {}: {e}", l.t(T::Line), i + 1))),
            }
        }
        let input = PoInput {
            supplier_no: supplier.get_untracked(),
            warehouse: warehouse.get_untracked(),
            our_ref: our_ref.get_untracked(),
            confirm,
            lines,
            ..Default::default()
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match create_purchase_order(input).await {
                Ok(po) => navigate(&format!("/purchasing/orders/{}", po.po_no), Default::default()),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    let save2 = save.clone();
    let input = move |label: T, sig: RwSignal<String>, test: &'static str| {
        view! {
            <label class="field"><span>{l.t(label)}</span><input data-testid=test prop:value=move || sig.get() on:change=move |ev| sig.set(event_target_value(&ev))/></label>
        }
    };
    view! {
        <h1>{l.t(T::NewPurchaseOrder)}</h1>
        {purchasing_nav(l)}
        <div class="form-grid">
            {input(T::SupplierNo, supplier, "po-supplier")}
            {input(T::Warehouse, warehouse, "po-warehouse")}
            {input(T::OurRef, our_ref, "po-our-ref")}
        </div>
        <table class="data lines">
            <thead><tr><th>{l.t(T::ItemNo)}</th><th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Price)}</th><th>{l.t(T::ExpectedDate)}</th></tr></thead>
            <tbody>
                {move || rows.get().into_iter().map(|(item, q, price, date)| view! {
                    <tr>
                        <td><input aria-label=l.t(T::ItemNo) data-testid="po-line-item" prop:value=move || item.get() on:change=move |ev| item.set(event_target_value(&ev))/></td>
                        <td><input class="num" inputmode="decimal" aria-label=l.t(T::Quantity) data-testid="po-line-qty" prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/></td>
                        <td><input class="num" inputmode="decimal" aria-label=l.t(T::Price) prop:value=move || price.get() on:change=move |ev| price.set(event_target_value(&ev))/></td>
                        <td><input type="date" aria-label=l.t(T::ExpectedDate) prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <div class="actions">
            <button type="button" on:click=move |_| rows.update(|r| r.push(new_row()))>{l.t(T::Add)}</button>
            <button type="button" on:click=move |_| save(false) data-testid="po-save">{l.t(T::Save)}</button>
            <button type="button" class="primary" on:click=move |_| save2(true) data-testid="po-save-send">{l.t(T::SendToSupplier)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

fn facts(po: &PurchaseOrder, l: Lang) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>{l.t(T::Supplier)}</dt><dd>{format!("{} {}", po.supplier_no, po.supplier_name)}</dd>
            <dt>{l.t(T::Status)}</dt><dd data-testid="po-status" data-status=po.status.code()>{l.t(po.status.label())}</dd>
            <dt>{l.t(T::Date)}</dt><dd>{crate::core::format::date(po.order_date, l)}</dd>
            <dt>{l.t(T::OurRef)}</dt><dd>{po.our_ref.clone()}</dd>
            <dt>{l.t(T::Warehouse)}</dt><dd>{po.warehouse.clone()}</dd>
            <dt>{l.t(T::DeliveryAddress)}</dt><dd class="pre">{po.delivery_address.clone()}</dd>
            <dt>{l.t(T::Email)}</dt><dd>{po.supplier_email.clone()}</dd>
            <dt>{l.t(T::Net)}</dt><dd>{format::money(po.net, &po.currency, l)}</dd>
        </dl>
    }
}

#[component]
pub fn PurchaseOrderPage() -> impl IntoView {
    let l = lang();
    let params = use_params_map();
    let no = move || params.with(|p| p.get("no").unwrap_or_default());
    let version = RwSignal::new(0);
    let po = Resource::new(move || (no(), version.get()), |(no, _)| get_purchase_order(no));
    let error = RwSignal::new(None::<String>);
    let act = move |what: &'static str| {
        let no = no();
        leptos::task::spawn_local(async move {
            let r = match what {
                "send" => send_purchase_order(no).await,
                _ => close_purchase_order(no).await,
            };
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
        {purchasing_nav(l)}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(po.await, move |po| {
                    let status = po.status;
                    view! {
                        <h1>{format!("{} {}", l.t(T::PurchaseOrder), po.po_no)}</h1>
                        {facts(&po, l)}
                        <table class="data" data-testid="po-lines">
                            <thead><tr>
                                <th>{l.t(T::Line)}</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th>{l.t(T::SupplierItemNo)}</th><th>{l.t(T::ExpectedDate)}</th>
                                <th class="num">{l.t(T::Ordered)}</th><th class="num">{l.t(T::Received)}</th><th class="num">{l.t(T::Price)}</th><th class="num">{l.t(T::Net)}</th>
                            </tr></thead>
                            <tbody>{po.lines.iter().map(|x| view! {
                                <tr>
                                    <td>{x.line_no}</td><td>{x.item_no.clone()}</td><td>{x.description.clone()}</td><td>{x.supplier_item_no.clone()}</td><td>{crate::core::format::date(x.expected_date, l)}</td>
                                    <td class="num">{qty(x.qty, l)}</td><td class="num" data-testid="po-line-received">{qty(x.received, l)}</td>
                                    <td class="num">{format::amount(x.unit_price, l)}</td><td class="num">{format::amount(x.net, l)}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                        <div class="actions">
                            {(status == PoStatus::Draft).then(|| view! { <DraftEditor po=po.clone() version/> })}
                        {(status == PoStatus::Draft).then(|| view! { <button type="button" class="primary" on:click=move |_| act("send") data-testid="po-send">{l.t(T::SendToSupplier)}</button> })}
                            {(status != PoStatus::Closed).then(|| view! { <button type="button" on:click=move |_| act("close") data-testid="po-close">{l.t(T::ClosePurchaseOrder)}</button> })}
                            <a class="button" href=format!("/purchasing/orders/{}/pdf", po.po_no) download=format!("purchase_order-{}.pdf", po.po_no)>{l.t(T::Pdf)}</a>
                        </div>
                        {move || error.get().map(|e| crate::ui::alert(&e))}
                        {(status != PoStatus::Draft && status != PoStatus::Closed).then(|| view! { <ReceiptForm po=po.clone() version/> })}
                        {(!po.receipts.is_empty()).then(|| view! {
                            <h2>{l.t(T::Receipts)}</h2>
                            <table class="data" data-testid="po-receipts">
                                <tbody>{po.receipts.iter().map(|r| view! {
                                    <tr><td>{crate::core::format::date(r.date, l)}</td><td>{r.warehouse.clone()}</td>
                                        <td>{r.lines.iter().map(|(n, q)| format!("{} {n}: {}", l.t(T::Line), qty(*q, l))).collect::<Vec<_>>().join(" · ")}</td></tr>
                                }).collect_view()}</tbody>
                            </table>
                        })}
                        <SentLog id=po.id version/>
                    }
                })
            })}
        </Transition>
    }
}

/// A draft's lines, editable: quantity 0 (or no item) leaves a line out; a new line at the end.
#[component]
fn DraftEditor(po: PurchaseOrder, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    // (item, quantity, price, expected date, supplier's item no, description)
    type Row = (RwSignal<String>, RwSignal<String>, RwSignal<String>, RwSignal<String>, String, String);
    let blank = || -> Row {
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()), String::new(), String::new())
    };
    let mut rows: Vec<Row> = po
        .lines
        .iter()
        .map(|x| {
            (
                RwSignal::new(x.item_no.clone()),
                RwSignal::new(qty(x.qty, l)),
                RwSignal::new(format::amount(x.unit_price, l)),
                RwSignal::new(crate::core::date::iso(x.expected_date)),
                x.supplier_item_no.clone(),
                x.description.clone(),
            )
        })
        .collect();
    rows.push(blank());
    let error = RwSignal::new(None::<String>);
    let rows2 = rows.clone();
    let save = move |_| {
        let mut lines = Vec::new();
        for (i, (item, q, price, date, sup_no, desc)) in rows2.iter().enumerate() {
            let (item, q) = (item.get_untracked(), q.get_untracked());
            if item.trim().is_empty() || q.trim().is_empty() {
                continue;
            }
            let line = || -> Result<Option<PoLineInput>, String> {
                let qty = number(T::Quantity, &q, l)?;
                if qty.is_zero() {
                    return Ok(None);
                }
                let p = price.get_untracked();
                Ok(Some(PoLineInput {
                    item_no: item.clone(),
                    qty,
                    unit_price: if p.trim().is_empty() { None } else { Some(number(T::Price, &p, l)?) },
                    expected_date: date.get_untracked(),
                    supplier_item_no: sup_no.clone(),
                    description: desc.clone(),
                }))
            };
            match line() {
                Ok(Some(x)) => lines.push(x),
                Ok(None) => {}
                Err(e) => return error.set(Some(format!("{} {}: {e}", l.t(T::Line), i + 1))),
            }
        }
        let input = PoInput {
            supplier_no: po.supplier_no.clone(),
            our_ref: po.our_ref.clone(),
            warehouse: po.warehouse.clone(),
            delivery_address: po.delivery_address.clone(),
            date: crate::core::date::iso(po.order_date),
            note: po.note.clone(),
            confirm: false,
            lines,
        };
        let no = po.po_no.clone();
        leptos::task::spawn_local(async move {
            match update_purchase_order(no, input).await {
                Ok(_) => {
                    error.set(None);
                    version.update(|v| *v += 1)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h2>{l.t(T::Edit)}</h2>
        <table class="data lines" data-testid="po-draft">
            <thead><tr><th>{l.t(T::ItemNo)}</th><th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Price)}</th><th>{l.t(T::ExpectedDate)}</th></tr></thead>
            <tbody>{rows.into_iter().map(|(item, q, price, date, _, _)| view! {
                <tr>
                    <td><input aria-label=l.t(T::ItemNo) prop:value=move || item.get() on:change=move |ev| item.set(event_target_value(&ev))/></td>
                    <td><input class="num" inputmode="decimal" aria-label=l.t(T::Quantity) data-testid="draft-qty" prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/></td>
                    <td><input class="num" inputmode="decimal" aria-label=l.t(T::Price) prop:value=move || price.get() on:change=move |ev| price.set(event_target_value(&ev))/></td>
                    <td><input type="date" aria-label=l.t(T::ExpectedDate) prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/></td>
                </tr>
            }).collect_view()}</tbody>
        </table>
        <button type="button" on:click=save data-testid="draft-save">{l.t(T::SaveChanges)}</button>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

/// The e-mails of a purchase order (to the supplier), loaded in the browser.
#[component]
fn SentLog(id: i64, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let log = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        version.track();
        leptos::task::spawn_local(async move {
            if let Ok(rows) = crate::outbox::api::list_outbox(Some((crate::outbox::model::DocKind::PurchaseOrder, id))).await {
                log.set(rows);
            }
        });
    });
    view! {
        {move || (!log.get().is_empty()).then(|| view! {
            <h2>{l.t(T::SentLog)}</h2>
            <div data-testid="po-sent-log"><crate::outbox::pages::MessageTable rows=log.get()/></div>
        })}
    }
}

/// Goods receipt: the quantity per line (outstanding proposed), date and warehouse.
#[component]
fn ReceiptForm(po: PurchaseOrder, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let lines: Vec<(i64, String, RwSignal<String>)> =
        po.lines.iter().map(|x| (x.line_no, format!("{} {}", x.item_no, x.description), RwSignal::new(qty(x.outstanding, l)))).collect();
    let date = RwSignal::new(String::new());
    let warehouse = RwSignal::new(po.warehouse.clone());
    let price = RwSignal::new(false);
    let over = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let no = po.po_no.clone();
    let lines2 = lines.clone();
    let receive = move |_| {
        let mut rl = Vec::new();
        for (line_no, _, q) in &lines2 {
            let t = q.get_untracked();
            if t.trim().is_empty() {
                continue;
            }
            match number(T::Quantity, &t, l) {
                Ok(v) if v.is_zero() => {}
                Ok(v) => rl.push(ReceiveLine { line_no: *line_no, qty: v }),
                Err(e) => return error.set(Some(format!("{} {line_no}: {e}", l.t(T::Line)))),
            }
        }
        let input = ReceiptInput {
            warehouse: warehouse.get_untracked(),
            date: date.get_untracked(),
            lines: rl,
            update_purchase_price: price.get_untracked(),
            confirm_over: over.get_untracked(),
        };
        let no = no.clone();
        leptos::task::spawn_local(async move {
            match receive_goods(no, input).await {
                Ok(_) => {
                    error.set(None);
                    version.update(|v| *v += 1)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h2>{l.t(T::ReceiveGoods)}</h2>
        <div class="receipt" data-testid="receipt-form">
            <table class="data">
                <tbody>{lines.into_iter().map(|(line_no, text, q)| view! {
                    <tr><td>{line_no}</td><td>{text}</td>
                        <td><input class="num" inputmode="decimal" aria-label=format!("{} {line_no}", l.t(T::Received)) data-testid="receive-qty"
                            prop:value=move || q.get() on:change=move |ev| q.set(event_target_value(&ev))/></td></tr>
                }).collect_view()}</tbody>
            </table>
            <div class="inline-form">
                <input type="date" aria-label=l.t(T::Date) prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
                <input aria-label=l.t(T::Warehouse) prop:value=move || warehouse.get() on:change=move |ev| warehouse.set(event_target_value(&ev))/>
                <label class="check"><input type="checkbox" prop:checked=move || price.get() on:change=move |ev| price.set(event_target_checked(&ev))/>{l.t(T::UpdatePurchasePrice)}</label>
                <label class="check"><input type="checkbox" data-testid="receive-over" prop:checked=move || over.get() on:change=move |ev| over.set(event_target_checked(&ev))/>{l.t(T::ConfirmOverReceipt)}</label>
                <button type="button" class="primary" on:click=receive data-testid="receive">{l.t(T::ReceiveGoods)}</button>
            </div>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}
