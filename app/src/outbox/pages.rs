//! Setup → E-mail: the SMTP settings and the outbox, and the sent log shown on a
//! document's page.
use leptos::prelude::*;

use super::api::{get_smtp, list_outbox, SaveSmtp, SendAgain};
use super::model::OutboxMessage;
use crate::core::T;
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::lang;

/// Messages as a table, each with its PDF and (unless sent) a "send again" button.
#[component]
pub fn MessageTable(rows: Vec<OutboxMessage>, #[prop(optional)] resend: Option<ServerAction<SendAgain>>) -> impl IntoView {
    let l = lang();
    view! {
        <table class="data" data-testid="outbox">
            <thead><tr><th>{l.t(T::When)}</th><th>{l.t(T::To)}</th><th>{l.t(T::Subject)}</th><th>{l.t(T::Status)}</th><th>{l.t(T::Pdf)}</th><th></th></tr></thead>
            <tbody>
                {rows.into_iter().map(|m| { let resendable = m.can_resend(); view! {
                    <tr>
                        <td>{crate::core::clock::local_time(crate::ui::zone(), m.created_at, l)}</td>
                        <td>{m.to_addr}</td>
                        <td>{m.subject}</td>
                        <td class=format!("status {}", m.status.code()) title=m.error.clone()>{l.t(m.status.label())}{(!m.error.is_empty()).then(|| format!(": {}", crate::ui::msg(&m.error)))}</td>
                        <td>{(!m.attachment_name.is_empty()).then(|| view! { <a href=format!("/outbox/{}/attachment", m.id) download=m.attachment_name.clone()>{m.attachment_name.clone()}</a> })}</td>
                        <td>{resendable.then(|| resend.map(|a| view! {
                            <ActionForm action=a><input type="hidden" name="id" value=m.id.to_string()/><button type="submit">{l.t(T::SendAgain)}</button></ActionForm>
                        }))}</td>
                    </tr>
                }}).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn EmailSetupPage() -> impl IntoView {
    let l = lang();
    let save = ServerAction::<SaveSmtp>::new();
    let resend = ServerAction::<SendAgain>::new();
    let settings = Resource::new(move || save.version().get(), |_| get_smtp());
    let messages = Resource::new(move || resend.version().get(), |_| list_outbox(None));
    view! {
        <h1>{l.t(T::EmailSetup)}</h1>
        <p>{l.t(T::EmailSetupHint)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(settings.await, move |s| view! {
                    <ActionForm action=save attr:class="form-grid" attr:data-testid="smtp-form">
                        <label class="field"><span>{l.t(T::SmtpHost)}</span><input name="host" value=s.host/></label>
                        <label class="field"><span>{l.t(T::SmtpPort)}</span><input name="port" inputmode="numeric" value=s.port.to_string()/></label>
                        <label class="field"><span>{l.t(T::SmtpSecurity)}</span>
                            <select name="security">
                                {["starttls", "tls", "none"].into_iter().map(|v| view! { <option value=v selected=s.security == v>{v}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field"><span>{l.t(T::SmtpUser)}</span><input name="user" value=s.user autocomplete="off"/></label>
                        <label class="field"><span>{l.t(T::Password)}</span><input name="password" type="password" autocomplete="new-password"/></label>
                        <label class="field"><span>{l.t(T::SmtpFrom)}</span><input name="from" type="email" value=s.from/></label>
                        <button type="submit" class="primary">{l.t(T::Save)}</button>
                    </ActionForm>
                })
            })}
        </Transition>
        <ActionStatus value=save.value()/>
        <h2>{l.t(T::Outbox)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move { loaded(messages.await, move |rows| view! { <MessageTable rows resend/> }) })}
        </Transition>
    }
}
