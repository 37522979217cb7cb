//! Setup → CRM: the connection (address, database, user, password), each field's
//! direction, how the sync fares (last run, errors, linked customers), "Sync now",
//! the CRM records waiting for a person ("link" / "create new") and the conflicts.
use leptos::prelude::*;

use super::api::{crm_conflicts, crm_reviews, get_crm, ResolveCrm, SaveCrm, SyncCrm};
use super::model::{ConflictRow, CrmField, CrmSettings, Direction, ReviewReason, ReviewRow, SyncSummary};
use crate::core::T;
use crate::ui::form::{loaded, ActionStatus, Field};
use crate::ui::{lang, tr};

#[component]
pub fn CrmPage() -> impl IntoView {
    let l = lang();
    let save = ServerAction::<SaveCrm>::new();
    let sync = ServerAction::<SyncCrm>::new();
    let resolve = ServerAction::<ResolveCrm>::new();
    let versions = move || (save.version().get(), sync.version().get(), resolve.version().get());
    let settings = Resource::new(versions, |_| get_crm());
    let reviews = Resource::new(versions, |_| crm_reviews());
    let conflicts = Resource::new(versions, |_| crm_conflicts());
    view! {
        <h2>{tr(T::Crm)}</h2>
        <p class="lead">{tr(T::CrmHint)}</p>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(settings.await, move |c: Option<CrmSettings>| {
                    let status = c.clone().map(|c| view! { <Status c=c/> });
                    let c = c.unwrap_or_else(|| CrmSettings {
                        active: true,
                        poll_seconds: 60,
                        rules: CrmField::ALL.iter().map(|f| (*f, Direction::Both)).collect(),
                        ..Default::default()
                    });
                    view! {
                        {status}
                        <ActionForm action=save attr:class="grid-form" attr:data-testid="crm-form">
                            <Field label=T::CrmAddress name="input[url]" kind="url" value=c.url.clone() required=true/>
                            <Field label=T::CrmDatabase name="input[database]" value=c.database.clone() required=true/>
                            <Field label=T::CrmUser name="input[login]" value=c.login.clone() required=true/>
                            <label class="field"><span>{l.t(T::ShopPassword)}</span>
                                <input type="password" name="input[password]" autocomplete="new-password" placeholder=if c.configured { "••••••" } else { "" }/></label>
                            <Field label=T::CrmMinutes name="input[poll_minutes]" kind="number" value=(c.poll_seconds / 60).max(1).to_string()/>
                            <label class="check"><input type="checkbox" name="input[active]" value="on" checked=c.active/><span>{l.t(T::Active)}</span></label>
                            <table class="data" data-testid="crm-rules">
                                <thead><tr><th>{l.t(T::Field)}</th><th>{l.t(T::Status)}</th></tr></thead>
                                <tbody>
                                    {c.rules.iter().map(|(f, d)| view! {
                                        <tr>
                                            <td>{l.t(f.label())}</td>
                                            <td><select name=format!("input[rule][{}]", f.code()) data-testid=format!("rule-{}", f.code())>
                                                {Direction::ALL.iter().map(|x| view! { <option value=x.code() selected=x == d>{l.t(x.label())}</option> }).collect_view()}
                                            </select></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <button type="submit" class="primary">{l.t(T::Save)}</button>
                        </ActionForm>
                    }
                })
            })}
        </Transition>
        <ActionStatus value=save.value()/>
        <div class="toolbar">
            <ActionForm action=sync><button type="submit" class="primary" data-testid="crm-sync">{l.t(T::SyncNow)}</button></ActionForm>
        </div>
        {move || sync.value().get().map(|r| match r {
            Ok(s) => summary(s),
            Err(e) => crate::ui::alert(&e.to_string()),
        })}
        {move || resolve.value().get().and_then(|r| r.err()).map(|e| crate::ui::alert(&e.to_string()))}
        <h3>{tr(T::CrmReview)}</h3>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(reviews.await, move |rows: Vec<ReviewRow>| view! {
                    <table class="data" data-testid="crm-reviews">
                        <thead><tr><th>{l.t(T::CrmRecord)}</th><th>{l.t(T::Name)}</th><th>{l.t(T::Reason)}</th><th></th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! { <Review r=r resolve=resolve/> }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
        <h3>{tr(T::CrmConflicts)}</h3>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(conflicts.await, move |rows: Vec<ConflictRow>| {
                    let zone = crate::ui::zone();
                    view! {
                        <table class="data" data-testid="crm-conflicts">
                            <thead><tr><th>{l.t(T::Date)}</th><th>{l.t(T::Customer)}</th><th>{l.t(T::Field)}</th><th>{l.t(T::FlytValue)}</th><th>{l.t(T::CrmValue)}</th><th>{l.t(T::Won)}</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|c| view! {
                                    <tr data-testid="crm-conflict">
                                        <td>{crate::core::clock::local_time(zone, c.at, l)}</td>
                                        <td>{c.party.clone()}</td>
                                        <td>{l.t(c.field.label())}</td>
                                        <td class:won=c.flyt_won>{c.flyt_value.replace('\n', ", ")}</td>
                                        <td class:won=!c.flyt_won>{c.crm_value.replace('\n', ", ")}</td>
                                        <td>{if c.flyt_won { "Flyt" } else { "CRM" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                })
            })}
        </Transition>
    }
}

/// A waiting record: like parties to link to, or what it misses.
#[component]
fn Review(r: ReviewRow, resolve: ServerAction<ResolveCrm>) -> impl IntoView {
    let l = lang();
    let crm_id = r.crm_id.to_string();
    let uncertain = r.reason == ReviewReason::Uncertain;
    let links = if uncertain { r.candidates.clone() } else { Vec::new() };
    let link_id = crm_id.clone();
    view! {
        <tr data-testid="crm-review">
            <td>{r.crm_id}</td>
            <td>{r.name.clone()}</td>
            <td>{l.t(r.reason.label())}{(!r.detail.is_empty()).then(|| view! { <div class="hint">{crate::core::messages::translate(&r.detail, l)}</div> })}</td>
            <td class="actions">
                {links.into_iter().map(|(id, label)| { let crm_id = link_id.clone(); view! {
                    <ActionForm action=resolve>
                        <input type="hidden" name="crm_id" value=crm_id/>
                        <input type="hidden" name="choice" value="link"/>
                        <input type="hidden" name="party_id" value=id.to_string()/>
                        <button type="submit" data-testid="crm-link">{format!("{} {label}", l.t(T::LinkTo))}</button>
                    </ActionForm>
                }}).collect_view()}
                {uncertain.then(|| view! {
                    <ActionForm action=resolve>
                        <input type="hidden" name="crm_id" value=crm_id.clone()/>
                        <input type="hidden" name="choice" value="create_new"/>
                        <button type="submit" data-testid="crm-create-new">{l.t(T::CreateNew)}</button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
}

/// How the sync fares: errors first.
#[component]
fn Status(c: CrmSettings) -> impl IntoView {
    let l = lang();
    let zone = crate::ui::zone();
    view! {
        {(!c.last_error.is_empty()).then(|| view! { <p class="alert warning" data-testid="crm-error">{format!("{} ({}×): {}", l.t(T::CrmSyncFailed), c.failures, c.last_error)}</p> })}
        {(!c.problems.is_empty()).then(|| view! { <ul class="alert warning" data-testid="crm-problems">{c.problems.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view()}</ul> })}
        <dl class="facts" data-testid="crm-status">
            <dt>{l.t(T::LastSync)}</dt><dd>{c.last_run_at.map(|ms| crate::core::clock::local_time(zone, ms, l)).unwrap_or_else(|| l.t(T::Never).to_string())}</dd>
            <dt>{l.t(T::CrmLinks)}</dt><dd data-testid="crm-links">{c.links}</dd>
        </dl>
    }
}

fn summary(s: SyncSummary) -> AnyView {
    let l = lang();
    view! {
        <p class="ok" role="status" data-testid="crm-summary">
            {format!("{}: {} · {}: {} + {} · {}: {} + {} · {}: {} · {}: {} · {}: {}", l.t(T::SyncRead), s.read,
                l.t(T::SyncCreated), s.created_in_flyt, s.created_in_crm, l.t(T::SyncUpdated), s.updated_in_flyt, s.updated_in_crm,
                l.t(T::SyncLinked), s.linked, l.t(T::CrmConflicts), s.conflicts, l.t(T::CrmReview), s.review)}
        </p>
    }
    .into_any()
}
