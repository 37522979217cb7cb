//! Setup → Webhooks: where the company's events go, how each webhook fares (a disabled
//! one is shown as a warning with its reason), its delivery log, sending an event again.
use leptos::prelude::*;

use super::api::{list_webhooks, webhook_log, AddWebhook, RedeliverEvent, RemoveWebhook, SetWebhookActive};
use super::webhooks::{DeliveryRow, Webhook};
use crate::core::event::EventKind;
use crate::core::T;
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::{lang, tr};

#[component]
pub fn WebhooksPage() -> impl IntoView {
    let l = lang();
    let add = ServerAction::<AddWebhook>::new();
    let active = ServerAction::<SetWebhookActive>::new();
    let remove = ServerAction::<RemoveWebhook>::new();
    let redeliver = ServerAction::<RedeliverEvent>::new();
    let hooks = Resource::new(move || (add.version().get(), active.version().get(), remove.version().get()), |_| list_webhooks());
    let shown = RwSignal::new(None::<i64>);
    view! {
        <h1>{tr(T::Webhooks)}</h1>
        <p class="lead">{tr(T::WebhooksHint)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(hooks.await, move |hooks: Vec<Webhook>| view! {
                    {hooks.iter().filter(|w| !w.active && !w.disabled_reason.is_empty()).map(|w| view! {
                        <p class="alert warning" data-testid="webhook-disabled">{format!("{} {}: {}", l.t(T::WebhookDisabled), w.url, w.disabled_reason)}</p>
                    }).collect_view()}
                    <table class="data" data-testid="webhooks">
                        <thead><tr><th>{l.t(T::Url)}</th><th>{l.t(T::EventTypes)}</th><th>{l.t(T::Status)}</th><th>{l.t(T::Failures)}</th><th>{l.t(T::NextAttempt)}</th><th></th></tr></thead>
                        <tbody>
                            {hooks.into_iter().map(|w| view! {
                                <tr data-testid="webhook">
                                    <td>{w.url.clone()}</td>
                                    <td>{if w.types.is_empty() { l.t(T::AllEvents).to_string() } else { w.types.iter().map(|k| l.t(k.label())).collect::<Vec<_>>().join(", ") }}</td>
                                    <td>{l.t(if w.active { T::Active } else { T::Inactive })}</td>
                                    <td>{w.failures}</td>
                                    <td>{w.next_attempt_at.clone()}</td>
                                    <td class="actions">
                                        <ActionForm action=active>
                                            <input type="hidden" name="id" value=w.id.to_string()/>
                                            <input type="hidden" name="active" value=(!w.active).to_string()/>
                                            <button type="submit">{l.t(if w.active { T::TurnOff } else { T::TurnOn })}</button>
                                        </ActionForm>
                                        <button type="button" on:click=move |_| shown.set(Some(w.id))>{l.t(T::DeliveryLog)}</button>
                                        <ActionForm action=remove>
                                            <input type="hidden" name="id" value=w.id.to_string()/>
                                            <button type="submit" class="danger">{l.t(T::Remove)}</button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <ActionStatus value=active.value()/>
        <h2>{tr(T::AddWebhook)}</h2>
        <ActionForm action=add attr:class="grid-form" attr:data-testid="webhook-form">
            <label class="field wide"><span>{l.t(T::Url)}</span><input name="url" type="url" required placeholder="https://"/></label>
            <fieldset class="field wide"><legend>{l.t(T::EventTypes)}</legend>
                {EventKind::ALL.iter().map(|k| view! {
                    <label class="check"><input type="checkbox" name=format!("types[{}]", k.code()) value="on"/><span>{l.t(k.label())}</span></label>
                }).collect_view()}
            </fieldset>
            <button type="submit" class="primary">{l.t(T::Save)}</button>
        </ActionForm>
        {move || add.value().get().map(|r| match r {
            Ok(n) => view! { <p class="alert" data-testid="webhook-secret">{l.t(T::WebhookSecret)}" "<code>{n.secret}</code></p> }.into_any(),
            Err(e) => crate::ui::alert(&e.to_string()),
        })}
        {move || shown.get().map(|id| view! { <Log id=id redeliver=redeliver/> })}
    }
}

/// A webhook's delivery log, each attempt with the receiver's answer and a button to
/// send its event again.
#[component]
fn Log(id: i64, redeliver: ServerAction<RedeliverEvent>) -> impl IntoView {
    let l = lang();
    let rows = Resource::new(move || redeliver.version().get(), move |_| webhook_log(id));
    view! {
        <h2>{tr(T::DeliveryLog)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |rows: Vec<DeliveryRow>| view! {
                    <table class="data" data-testid="delivery-log">
                        <thead><tr><th>{l.t(T::When)}</th><th>"#"</th><th>{l.t(T::EventTypes)}</th><th>{l.t(T::Answer)}</th><th>"ms"</th><th></th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|a| view! {
                                <tr>
                                    <td>{a.at.clone()}</td>
                                    <td>{a.seq}</td>
                                    <td>{l.t(a.kind.label())}</td>
                                    <td class=if a.error.is_empty() { "status ok" } else { "status failed" } title=a.error.clone()>
                                        {if a.status_code > 0 { a.status_code.to_string() } else { "—".to_string() }}
                                        {(!a.error.is_empty()).then(|| format!(" {}", a.error))}
                                    </td>
                                    <td>{a.duration_ms}</td>
                                    <td><ActionForm action=redeliver>
                                        <input type="hidden" name="id" value=id.to_string()/>
                                        <input type="hidden" name="seq" value=a.seq.to_string()/>
                                        <button type="submit">{l.t(T::SendAgain)}</button>
                                    </ActionForm></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
    }
}
