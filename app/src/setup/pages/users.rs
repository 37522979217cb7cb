//! Users and roles; API tokens.
use leptos::prelude::*;

use crate::auth::{Perm, Role};
use crate::core::{Lang, T};
use crate::setup::api::*;
use crate::ui::form::{ActionStatus, DataTable, Field};
use crate::ui::{lang, tr};

fn role_options(l: Lang, selected: Role) -> impl IntoView {
    Role::ALL.into_iter().map(|r| view! { <option value=r.code() selected=r == selected>{l.t(r.label())}</option> }).collect_view()
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let add = ServerAction::<AddUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let rows = Resource::new(move || (add.version().get(), update.version().get()), |_| list_users());
    let l = lang();
    view! {
        <h2>{tr(T::UsersRoles)}</h2>
        <DataTable rows headers=&[(T::Name, false), (T::Email, false), (T::Role, false)] row=move |u: crate::setup::model::CompanyUser| view! {
            <tr class:inactive=!u.active>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                    {if u.invited {
                        view! { <span data-testid="invited">{l.t(T::Invited)}" · "{l.t(u.role.label())}</span> }.into_any()
                    } else { view! {
                    <ActionForm action=update attr:class="row-form">
                        <input type="hidden" name="user_id" value=u.user_id.to_string()/>
                        <select name="role" aria-label=l.t(T::Role)>{role_options(l, u.role)}</select>
                        <label class="check"><input type="checkbox" name="active" value="on" checked=u.active/>{l.t(T::Active)}</label>
                        <button type="submit">{l.t(T::Save)}</button>
                    </ActionForm>
                    }.into_any() }}
                </td>
            </tr>
        }/>
        <ActionStatus value=update.value()/>
        <h3>{l.t(T::Invite)}</h3>
        <p class="hint">{l.t(T::InviteHelp)}</p>
        <ActionForm action=add attr:class="inline-form">
            <Field label=T::Email name="email" kind="email" required=true/>
            <Field label=T::Name name="name" required=true/>
            <label class="field"><span>{l.t(T::Role)}</span><select name="role">{role_options(l, Role::Sales)}</select></label>
            <Field label=T::InitialPassword name="password" kind="password"/>
            <button type="submit">{l.t(T::Invite)}</button>
        </ActionForm>
        <ActionStatus value=add.value() ok=T::InvitationSent/>
    }
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let rows = Resource::new(move || (create.version().get(), revoke.version().get()), |_| list_tokens());
    let l = lang();
    let fmt_ts = move |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms).map(|d| crate::core::format::date(crate::core::clock::date_at(crate::ui::zone(), d), l)).unwrap_or_default()
    };
    // a token works through the day before the instant it expires
    let last_day = move |ms: i64| fmt_ts(ms - 1);
    let now = crate::core::clock::now().timestamp_millis();
    view! {
        <h2>{tr(T::ApiTokens)}</h2>
        <DataTable rows headers=&[(T::Name, false), (T::Role, false), (T::Scopes, false), (T::Created, false), (T::LastUsed, false), (T::ExpiresOn, false), (T::Status, false)] row=move |t: crate::setup::model::ApiToken| {
            let expired = t.expires_at.is_some_and(|at| at <= now);
            view! {
            <tr class:inactive=t.revoked || expired>
                <td>{t.name}</td>
                <td>{l.t(t.role.label())}</td>
                <td>{t.scopes.iter().map(|p| l.t(p.label())).collect::<Vec<_>>().join(", ")}</td>
                <td>{fmt_ts(t.created_at)}</td>
                <td>{t.last_used_at.map(fmt_ts).unwrap_or_else(|| l.t(T::Never).to_string())}</td>
                <td>{t.expires_at.map(last_day).unwrap_or_default()}</td>
                <td>
                    {if t.revoked {
                        l.t(T::Revoked).into_any()
                    } else {
                        view! {
                            {expired.then(|| view! { <span class="error">{l.t(T::StExpired)}</span>" " })}
                            <ActionForm action=revoke attr:class="row-form">
                                <input type="hidden" name="id" value=t.id.to_string()/>
                                <button type="submit">{l.t(T::Revoke)}</button>
                            </ActionForm>
                        }.into_any()
                    }}
                </td>
            </tr>
        }}/>
        <ActionForm action=create attr:class="inline-form">
            <Field label=T::Name name="name" required=true/>
            <label class="field"><span>{l.t(T::Role)}</span><select name="role">{role_options(l, Role::ReadOnly)}</select></label>
            <Field label=T::LastDay name="expires" kind="date"/>
            <fieldset class="field wide"><legend>{l.t(T::Scopes)}</legend>
                <p class="hint">{l.t(T::ScopesHelp)}</p>
                {Perm::ALL.iter().map(|p| view! {
                    <label class="check"><input type="checkbox" name=format!("scopes[{}]", p.code()) value="on" checked=*p == Perm::Read/><span>{l.t(p.label())}</span></label>
                }).collect_view()}
            </fieldset>
            <button type="submit">{l.t(T::Create)}</button>
        </ActionForm>
        {move || match create.value().get() {
            Some(Ok(token)) => view! { <p class="ok">{l.t(T::TokenShownOnce)}" "<code data-testid="new-token">{token}</code></p> }.into_any(),
            Some(Err(e)) => crate::ui::alert(&e.to_string()),
            None => ().into_any(),
        }}
        <ActionStatus value=revoke.value()/>
    }
}
