//! Purchasing setup: the approval chain of supplier invoices (levels by amount with
//! their approvers) and the default purchase accounts and dimensions.
use leptos::prelude::*;

use super::number;
use crate::core::{format, T};
use crate::purchasing::api::{approval_levels, purchase_accounts, save_approval_levels, save_price_tolerance, save_purchase_account};
use crate::purchasing::model::ApprovalLevel;
use crate::ui::form::loaded;
use crate::ui::lang;

#[component]
pub fn PurchasingSetupPage() -> impl IntoView {
    let l = lang();
    let data = Resource::new(|| (), |_| approval_levels());
    view! {
        <h2>{l.t(T::ApprovalLevels)}</h2>
        <p class="hint">{l.t(T::ApprovalLevelsHint)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move { loaded(data.await, |(levels, users)| view! { <Levels levels users/> }) })}
        </Transition>
        <Accounts/>
    }
}

type LevelRow = (RwSignal<String>, RwSignal<Vec<i64>>);

#[component]
fn Levels(levels: Vec<ApprovalLevel>, users: Vec<(i64, String)>) -> impl IntoView {
    let l = lang();
    let rows: RwSignal<Vec<LevelRow>> = RwSignal::new(
        levels
            .into_iter()
            .map(|x| (RwSignal::new(format::amount(x.min_gross, l)), RwSignal::new(x.approvers.into_iter().map(|(id, _)| id).collect())))
            .collect(),
    );
    let status = RwSignal::new(None::<Result<(), String>>);
    let save = move |_| {
        let mut chain = Vec::new();
        for (i, (min, who)) in rows.get_untracked().into_iter().enumerate() {
            match number(T::MinAmount, &min.get_untracked(), l) {
                Ok(v) => chain.push((v.to_string(), who.get_untracked())),
                Err(e) => return status.set(Some(Err(format!("{} {}: {e}", l.t(T::Level), i + 1)))),
            }
        }
        leptos::task::spawn_local(async move {
            status.set(Some(save_approval_levels(chain).await.map(|_| ()).map_err(|e| e.to_string())));
        });
    };
    view! {
        <table class="data" data-testid="approval-levels">
            <thead><tr><th>{l.t(T::Level)}</th><th>{l.t(T::MinAmount)}</th><th>{l.t(T::Approvers)}</th><th></th></tr></thead>
            <tbody>
                {move || {
                    let users = users.clone();
                    rows.get().into_iter().enumerate().map(move |(i, (min, who))| {
                        let users = users.clone();
                        view! {
                            <tr data-testid="approval-level">
                                <td>{i + 1}</td>
                                <td><input class="num" inputmode="decimal" aria-label=format!("{} {}", l.t(T::MinAmount), i + 1) data-testid="level-min"
                                    prop:value=move || min.get() on:change=move |ev| min.set(event_target_value(&ev))/></td>
                                <td>{users.into_iter().map(|(uid, name)| view! {
                                    <label class="check"><input type="checkbox" data-testid="level-user" data-user=name.clone()
                                        prop:checked=move || who.get().contains(&uid)
                                        on:change=move |ev| { let on = event_target_checked(&ev); who.update(|w| { w.retain(|x| *x != uid); if on { w.push(uid) } }) }/>{name.clone()}</label>
                                }).collect_view()}</td>
                                <td><button type="button" on:click=move |_| rows.update(|r| { r.remove(i); })>{l.t(T::Remove)}</button></td>
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
        <div class="actions">
            <button type="button" on:click=move |_| rows.update(|r| r.push((RwSignal::new(String::new()), RwSignal::new(Vec::new())))) data-testid="level-add">{l.t(T::AddLevel)}</button>
            <button type="button" class="primary" on:click=save data-testid="levels-save">{l.t(T::Save)}</button>
        </div>
        {move || match status.get() {
            Some(Ok(())) => view! { <p class="ok" role="status">{l.t(T::Saved)}</p> }.into_any(),
            Some(Err(e)) => crate::ui::alert(&e),
            None => ().into_any(),
        }}
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let l = lang();
    let version = RwSignal::new(0);
    let data = Resource::new(move || version.get(), |_| purchase_accounts());
    let (kind, no, account, dim) =
        (RwSignal::new("supplier".to_string()), RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let company = RwSignal::new(String::new());
    let tolerance = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save_tolerance = move |_| match number(T::PriceTolerance, &tolerance.get_untracked(), l) {
        Ok(pct) => leptos::task::spawn_local(async move {
            match save_price_tolerance(pct).await {
                Ok(()) => {
                    error.set(None);
                    version.update(|v| *v += 1)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        }),
        Err(e) => error.set(Some(e)),
    };
    let save = move |kind: String, no: String, account: String, dim: String| {
        leptos::task::spawn_local(async move {
            match save_purchase_account(kind, no, account, dim).await {
                Ok(()) => {
                    error.set(None);
                    version.update(|v| *v += 1)
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h2>{l.t(T::PurchaseAccounts)}</h2>
        <p class="hint">{l.t(T::PurchaseAccountsHint)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await, move |(company_account, pct, rows)| {
                    company.set(company_account);
                    tolerance.set(format::number(pct, 2, l));
                    view! {
                        <div class="inline-form">
                            <label class="field"><span>{format!("{} ({})", l.t(T::Account), l.t(T::Company))}</span>
                                <input prop:value=move || company.get() on:change=move |ev| company.set(event_target_value(&ev))/></label>
                            <button type="button" on:click=move |_| save("company".into(), String::new(), company.get_untracked(), String::new())>{l.t(T::Save)}</button>
                        </div>
                        <div class="inline-form">
                            <label class="field"><span>{l.t(T::PriceTolerance)}</span>
                                <input class="num" inputmode="decimal" data-testid="price-tolerance" prop:value=move || tolerance.get() on:change=move |ev| tolerance.set(event_target_value(&ev))/></label>
                            <button type="button" on:click=save_tolerance>{l.t(T::Save)}</button>
                        </div>
                        <table class="data" data-testid="purchase-accounts">
                            <thead><tr><th>{l.t(T::Kind)}</th><th>{l.t(T::Number)}</th><th>{l.t(T::Name)}</th><th>{l.t(T::Account)}</th><th>{l.t(T::Dimension)}</th></tr></thead>
                            <tbody>{rows.into_iter().map(|r| view! {
                                <tr><td>{l.t(r.kind.label())}</td><td>{r.number}</td><td>{r.name}</td><td>{r.account}</td><td>{r.dimension}</td></tr>
                            }).collect_view()}</tbody>
                        </table>
                    }
                })
            })}
        </Transition>
        <div class="inline-form">
            <select aria-label=l.t(T::Kind) on:change=move |ev| kind.set(event_target_value(&ev))>
                <option value="supplier">{l.t(T::Supplier)}</option>
                <option value="item">{l.t(T::Items)}</option>
            </select>
            <input placeholder=l.t(T::Number) aria-label=l.t(T::Number) prop:value=move || no.get() on:change=move |ev| no.set(event_target_value(&ev))/>
            <input placeholder=l.t(T::Account) aria-label=l.t(T::Account) prop:value=move || account.get() on:change=move |ev| account.set(event_target_value(&ev))/>
            <input placeholder=l.t(T::Dimension) aria-label=l.t(T::Dimension) prop:value=move || dim.get() on:change=move |ev| dim.set(event_target_value(&ev))/>
            <button type="button" on:click=move |_| save(kind.get_untracked(), no.get_untracked(), account.get_untracked(), dim.get_untracked())>{l.t(T::Save)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}
