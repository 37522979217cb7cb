//! Setup → Invoicing: the company's KID method and length, reminder fee and
//! interval, write-off limit and EHF outbox.
use leptos::prelude::*;

use super::super::api::{get_invoice_settings, SaveInvoiceSettings};
use super::super::model::KidMethod;
use crate::core::T;
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::lang;

/// Setup → Invoicing: how KIDs are made, reminders, write-offs, the EHF outbox.
#[component]
pub fn InvoiceSettingsPage() -> impl IntoView {
    let l = lang();
    let save = ServerAction::<SaveInvoiceSettings>::new();
    let settings = Resource::new(move || save.version().get(), |_| get_invoice_settings());
    view! {
        <h1>{l.t(T::InvoiceSettings)}</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(settings.await, move |s| view! {
                    <ActionForm action=save attr:class="form-grid" attr:data-testid="invoice-settings">
                        <label class="field"><span>{l.t(T::KidMethod)}</span>
                            <select name="kid_method">
                                {KidMethod::ALL.map(|v| view! { <option value=v.code() selected=s.kid_method == v>{v.code()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label class="field"><span>{l.t(T::KidLength)}</span><input name="kid_length" inputmode="numeric" value=s.kid_length.to_string()/></label>
                        <label class="field"><span>{l.t(T::ReminderFee)}</span><input name="reminder_fee" inputmode="decimal" value=s.reminder_fee.to_string()/></label>
                        <label class="field"><span>{l.t(T::ReminderDays)}</span><input name="reminder_days" inputmode="numeric" value=s.reminder_days.to_string()/></label>
                        <label class="field"><span>{l.t(T::WriteoffLimit)}</span><input name="writeoff_limit" inputmode="decimal" value=s.writeoff_limit.to_string()/></label>
                        <label class="field"><span>{l.t(T::EhfOutbox)}</span><input name="ehf_outbox" value=s.ehf_outbox/></label>
                        <button type="submit" class="primary">{l.t(T::Save)}</button>
                    </ActionForm>
                })
            })}
        </Transition>
        <ActionStatus value=save.value()/>
    }
}
