//! Setup → Accounting: perpetual inventory on or off.
use leptos::prelude::*;

use crate::core::T;
use crate::stock::api::{perpetual_inventory, SetPerpetualInventory};
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::{lang, tr};

#[component]
pub fn PerpetualInventory() -> impl IntoView {
    let l = lang();
    let save = ServerAction::<SetPerpetualInventory>::new();
    let current = Resource::new(move || save.version().get(), |_| perpetual_inventory());
    view! {
        <h2>{tr(T::PerpetualInventory)}</h2>
        <p class="lead">{tr(T::PerpetualInventoryHint)}</p>
        <ActionForm action=save attr:class="inline-form" attr:data-testid="perpetual-form">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    loaded(current.await, move |on| view! {
                        <label class="field check">
                            <input type="checkbox" name="on" value="on" checked=on data-testid="perpetual-on"/>
                            <span>{l.t(T::PerpetualInventory)}</span>
                        </label>
                    })
                })}
            </Transition>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}
