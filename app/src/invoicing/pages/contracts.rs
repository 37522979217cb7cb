//! Contracts (recurring invoicing): the list, a new contract with one line (the API
//! takes several), and the run that invoices every period due up to a date.
use leptos::prelude::*;

use super::super::api::{list_contracts, run_contracts, set_contract_active, NewContract};
use super::super::model::{ContractInvoice, Period};
use super::receivables_nav;
use crate::core::{format, T};
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::lang;

#[component]
pub fn ContractsPage() -> impl IntoView {
    let l = lang();
    let create = ServerAction::<NewContract>::new();
    let ran = RwSignal::new(None::<Vec<ContractInvoice>>);
    let version = RwSignal::new(0);
    let rows = Resource::new(move || (create.version().get(), version.get()), |_| list_contracts());
    let date = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let run = move |_| {
        let d = date.get_untracked();
        leptos::task::spawn_local(async move {
            match run_contracts(d).await {
                Ok(r) => {
                    ran.set(Some(r));
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h1>{l.t(T::Contracts)}</h1>
        {receivables_nav(l)}
        <div class="inline-form">
            <input type="date" aria-label=l.t(T::Date) data-testid="contract-run-date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <button type="button" class="primary" on:click=run data-testid="contract-run">{l.t(T::InvoiceDuePeriods)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
        {move || ran.get().map(|r| view! {
            <table class="data" data-testid="contract-run-result">
                <tbody>{r.into_iter().map(|x| view! { <tr><td>{x.customer_no}</td><td>{format!("{} – {}", format::date(x.period_start, l), format::date(x.period_end, l))}</td><td>{if x.error.is_empty() { x.invoice_no } else { crate::ui::msg(&x.error) }}</td></tr> }).collect_view()}</tbody>
            </table>
        })}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |rows| view! {
                    <table class="data" data-testid="contracts">
                        <thead><tr><th>{l.t(T::Customer)}</th><th>{l.t(T::Description)}</th><th>{l.t(T::Period)}</th><th>{l.t(T::From)}</th><th>{l.t(T::To)}</th><th>{l.t(T::NextPeriod)}</th><th class="num">{l.t(T::Lines)}</th><th>{l.t(T::Active)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|k| view! {
                                <tr data-testid="contract">
                                    <td>{format!("{} {}", k.customer_no, k.customer_name)}</td><td>{k.description}</td><td>{l.t(k.period.label())}</td>
                                    <td>{format::date(k.start_date, l)}</td><td>{format::opt_date(k.end_date, l)}</td><td>{format::date(k.next_date, l)}</td>
                                    <td class="num">{k.lines.iter().map(|x| format!("{} × {}", format::number(x.qty, 3, l), x.item_no)).collect::<Vec<_>>().join(", ")}</td>
                                    <td><input type="checkbox" prop:checked=k.active aria-label=l.t(T::Active) on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        leptos::task::spawn_local(async move {
                                            let _ = set_contract_active(k.id, on).await;
                                            version.update(|v| *v += 1);
                                        });
                                    }/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <h2>{l.t(T::NewContract)}</h2>
        <ActionForm action=create attr:class="form-grid" attr:data-testid="contract-form">
            <label class="field"><span>{l.t(T::CustomerNo)}</span><input name="customer_no" required/></label>
            <label class="field"><span>{l.t(T::Description)}</span><input name="description" required/></label>
            <label class="field"><span>{l.t(T::Period)}</span>
                <select name="period">{Period::ALL.iter().map(|p| view! { <option value=p.code()>{l.t(p.label())}</option> }).collect_view()}</select>
            </label>
            <label class="field"><span>{l.t(T::From)}</span><input name="start_date" type="date" required/></label>
            <label class="field"><span>{l.t(T::To)}</span><input name="end_date" type="date"/></label>
            <label class="field"><span>{l.t(T::ItemNo)}</span><input name="item_no" required/></label>
            <label class="field"><span>{l.t(T::Quantity)}</span><input name="qty" inputmode="decimal" value="1"/></label>
            <label class="field"><span>{l.t(T::Price)}</span><input name="unit_price" inputmode="decimal"/></label>
            <button type="submit" class="primary">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=create.value()/>
    }
}
