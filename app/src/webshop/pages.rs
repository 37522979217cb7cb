//! Setup → Webshop: the connection (shop type, address, login, warehouse, price list,
//! the service items for shipping, discounts and rounding, the poll interval), how it
//! fares (last poll, what is still to push, errors), "Import now", the test mode that
//! only shows what would be imported, "Resync all", and the shop orders that wait.
use leptos::prelude::*;

use super::api::{get_webshop, shop_orders, ImportNow, ResyncWebshop, SaveWebshop};
use super::model::{ImportState, ImportSummary, ShopKind, ShopOrderRow, Webshop};
use crate::core::T;
use crate::ui::form::{loaded, ActionStatus, Field};
use crate::ui::{lang, tr};

#[component]
pub fn WebshopPage() -> impl IntoView {
    let l = lang();
    let save = ServerAction::<SaveWebshop>::new();
    let import = ServerAction::<ImportNow>::new();
    let resync = ServerAction::<ResyncWebshop>::new();
    let shop = Resource::new(move || (save.version().get(), import.version().get(), resync.version().get()), |_| get_webshop());
    let orders = Resource::new(move || import.version().get(), |_| shop_orders());
    let warehouses = Resource::new(|| (), |_| crate::setup::api::list_warehouses());
    let lists = Resource::new(|| (), |_| crate::catalog::prices::api::list_price_lists());
    view! {
        <h2>{tr(T::Webshop)}</h2>
        <p class="lead">{tr(T::WebshopHint)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let (warehouses, lists) = (warehouses.await.unwrap_or_default(), lists.await.unwrap_or_default());
                loaded(shop.await, move |w: Option<Webshop>| {
                    let status = w.clone().map(|w| view! { <Status w=w/> });
                    let w = w.unwrap_or_else(|| Webshop { poll_seconds: 300, active: true, shipping_item: "FRAKT".into(), discount_item: "RABATT".into(), rounding_item: "AVRUNDING".into(), ..Default::default() });
                    view! {
                        {status}
                        <ActionForm action=save attr:class="grid-form" attr:data-testid="webshop-form">
                            <label class="field"><span>{l.t(T::ShopType)}</span><select name="input[kind]">
                                {ShopKind::ALL.iter().map(|k| view! { <option value=k.code() selected=w.kind == k.code()>{l.t(k.label())}</option> }).collect_view()}
                            </select></label>
                            <Field label=T::ShopAddress name="input[url]" kind="url" value=w.url.clone() required=true/>
                            <Field label=T::ShopUser name="input[username]" value=w.username.clone() required=true/>
                            <label class="field"><span>{l.t(T::ShopPassword)}</span>
                                <input type="password" name="input[secret]" autocomplete="new-password" placeholder=if w.url.is_empty() { "" } else { "••••••" }/></label>
                            <label class="field"><span>{l.t(T::Warehouse)}</span><select name="input[warehouse]">
                                {warehouses.into_iter().filter(|h| h.active).map(|h| view! { <option value=h.code.clone() selected=h.code == w.warehouse>{format!("{} {}", h.code, h.name)}</option> }).collect_view()}
                            </select></label>
                            <label class="field"><span>{l.t(T::PriceList)}</span><select name="input[price_list]">
                                <option value="">{l.t(T::ItemPrices)}</option>
                                {lists.into_iter().filter(|p| p.active).map(|p| view! { <option value=p.id.to_string() selected=Some(p.id) == w.price_list_id>{p.name.clone()}</option> }).collect_view()}
                            </select></label>
                            <Field label=T::ShopCustomerGroup name="input[customer_group]" value=w.customer_group.clone()/>
                            <Field label=T::ShippingItem name="input[shipping_item]" value=w.shipping_item.clone() required=true/>
                            <Field label=T::DiscountItem name="input[discount_item]" value=w.discount_item.clone() required=true/>
                            <Field label=T::RoundingItem name="input[rounding_item]" value=w.rounding_item.clone() required=true/>
                            <Field label=T::PollMinutes name="input[poll_minutes]" kind="number" value=(w.poll_seconds / 60).max(1).to_string()/>
                            <label class="check"><input type="checkbox" name="input[active]" value="on" checked=w.active/><span>{l.t(T::Active)}</span></label>
                            <button type="submit" class="primary">{l.t(T::Save)}</button>
                        </ActionForm>
                    }
                })
            })}
        </Transition>
        <ActionStatus value=save.value()/>
        <div class="toolbar">
            <ActionForm action=import><button type="submit" class="primary" data-testid="import-now">{l.t(T::ImportNow)}</button></ActionForm>
            <ActionForm action=import><input type="hidden" name="test" value="true"/><button type="submit" data-testid="import-test">{l.t(T::ImportTest)}</button></ActionForm>
            <ActionForm action=resync><button type="submit" data-testid="resync">{l.t(T::ResyncAll)}</button></ActionForm>
        </div>
        {move || import.value().get().map(|r| match r {
            Ok(s) => summary(s),
            Err(e) => crate::ui::alert(&e.to_string()),
        })}
        <ActionStatus value=resync.value() ok=T::ResyncQueued/>
        <h3>{tr(T::ShopOrders)}</h3>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(orders.await, move |rows: Vec<ShopOrderRow>| view! {
                    <table class="data" data-testid="shop-orders">
                        <thead><tr><th>{l.t(T::ShopOrder)}</th><th>{l.t(T::Status)}</th><th>{l.t(T::Order)}</th><th>{l.t(T::Problem)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr data-testid="shop-order" class:inactive=r.state == ImportState::Cancelled>
                                    <td>{r.code.clone()}</td>
                                    <td class=if matches!(r.state, ImportState::Problem | ImportState::CreditNeeded) { "status failed" } else { "status ok" }>{l.t(r.state.label())}</td>
                                    <td>{r.order_no.clone().map(|no| view! { <a href=format!("/sales/orders/{no}")>{no.clone()}</a> })}</td>
                                    <td>{crate::core::messages::translate(&r.problem, l)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
    }
}

/// How the connection fares: errors first.
#[component]
fn Status(w: Webshop) -> impl IntoView {
    let l = lang();
    let zone = crate::ui::zone();
    let at = move |ms: i64| crate::core::clock::local_time(zone, ms, l);
    view! {
        {(!w.last_error.is_empty()).then(|| view! { <p class="alert warning" data-testid="webshop-error">{format!("{}: {}", l.t(T::ShopPollFailed), w.last_error)}</p> })}
        {(!w.push_error.is_empty()).then(|| view! { <p class="alert warning" data-testid="webshop-push-error">{format!("{} ({}×): {}", l.t(T::ShopPushFailed), w.push_failures, w.push_error)}</p> })}
        <dl class="facts" data-testid="webshop-status">
            <dt>{l.t(T::LastPoll)}</dt><dd>{w.last_poll_at.map(at).unwrap_or_else(|| l.t(T::Never).to_string())}</dd>
            <dt>{l.t(T::NextPoll)}</dt><dd>{if w.next_poll_at == 0 { l.t(T::Now).to_string() } else { at(w.next_poll_at) }}</dd>
            <dt>{l.t(T::PendingPushes)}</dt><dd data-testid="pending-pushes">{w.pending_pushes}{w.resync.then(|| format!(" + {}", l.t(T::ResyncAll)))}</dd>
        </dl>
    }
}

fn summary(s: ImportSummary) -> AnyView {
    let l = lang();
    view! {
        <div class="ok" role="status" data-testid="import-summary">
            <p>{format!("{}: {} · {}: {} · {}: {} · {}: {} · {}: {}", l.t(T::ShopOrdersRead), s.read, l.t(T::ShopImported), s.imported, l.t(T::ShopProblem), s.problems,
                l.t(T::ShopCancelled), s.cancelled, l.t(T::ShopCreditNeeded), s.credit_needed)}</p>
            {(!s.preview.is_empty()).then(|| view! { <ul data-testid="import-preview">{s.preview.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul> })}
        </div>
    }
    .into_any()
}
