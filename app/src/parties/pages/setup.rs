//! Setup → Party forms: per kind, which optional fields are mandatory and their order.
use leptos::prelude::*;

use crate::core::T;
use crate::parties::api::{form_fields, SaveFormFields};
use crate::parties::model::PartyKind;
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::lang;

#[component]
pub fn PartyFieldsPage() -> impl IntoView {
    let l = lang();
    view! {
        <h2>{l.t(T::PartyForms)}</h2>
        <p class="hint">{l.t(T::PartyFormsHint)}</p>
        {PartyKind::ALL.into_iter().map(|kind| view! { <KindForm kind/> }).collect_view()}
    }
}

#[component]
fn KindForm(kind: PartyKind) -> impl IntoView {
    let l = lang();
    let save = ServerAction::<SaveFormFields>::new();
    let rows = Resource::new(move || save.version().get(), move |_| form_fields(kind.code().to_string()));
    view! {
        <h3>{l.t(kind.label())}</h3>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(rows.await, move |fields| view! {
                    <ActionForm action=save attr:data-testid=format!("form-fields-{}", kind.code())>
                        <input type="hidden" name="kind" value=kind.code()/>
                        <table class="data">
                            <thead><tr><th>{l.t(T::Field)}</th><th class="num">{l.t(T::Position)}</th><th>{l.t(T::Mandatory)}</th></tr></thead>
                            <tbody>
                                {fields.into_iter().map(|f| {
                                    let code = f.field.code();
                                    view! {
                                        <tr>
                                            <td>{l.t(f.field.label())}</td>
                                            <td class="num"><input type="number" min="0" max="10000" size="5" name=format!("position[{code}]") value=f.position.to_string() aria-label=l.t(T::Position)/></td>
                                            <td><input type="checkbox" name=format!("required[{code}]") value="on" checked=f.required data-testid=format!("required-{}-{code}", kind.code()) aria-label=l.t(T::Mandatory)/></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        <button type="submit" class="primary">{l.t(T::Save)}</button>
                    </ActionForm>
                })
            })}
        </Transition>
        <ActionStatus value=save.value()/>
    }
}
