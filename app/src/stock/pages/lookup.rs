//! The phone stock lookup: type or scan an item number or barcode and see free,
//! on hand, reserved and incoming per warehouse with the bin. A plain GET form, so
//! it also works before the WASM has loaded on a slow phone connection.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::core::{format, T};
use crate::stock::api::lookup_stock;
use crate::stock::model::Lookup;
use crate::ui::form::loaded;
use crate::ui::lang;

#[component]
pub fn LookupPage() -> impl IntoView {
    let query = use_query_map();
    let code = move || query.with(|q| q.get("code").unwrap_or_default());
    let found = Resource::new(code, |c| async move {
        if c.trim().is_empty() {
            Ok(None)
        } else {
            lookup_stock(c).await.map(Some)
        }
    });
    let l = lang();
    let q = move |v: rust_decimal::Decimal| format::qty(v, l);
    view! {
        <div class="lookup">
            <h1>{l.t(T::StockLookup)}</h1>
            <form method="get" action="/stock/lookup" class="lookup-form" role="search">
                <input type="search" name="code" inputmode="search" autocomplete="off" autofocus
                    value=code placeholder=l.t(T::LookupHint) aria-label=l.t(T::LookupHint) data-testid="lookup-code"/>
                <button type="submit" class="primary">{l.t(T::Find)}</button>
                <super::scanner::ScanButton/>
            </form>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    loaded(found.await, move |r| match r {
                        None => ().into_any(),
                        Some(Lookup::NotFound) => view! { <p class="error" role="alert">{l.t(T::NotFoundItem)}</p> }.into_any(),
                        Some(Lookup::Several(items)) => view! {
                            <ul class="lookup-choices" data-testid="lookup-choices">
                                {items.into_iter().map(|(no, description)| view! {
                                    <li><A href=format!("/stock/lookup?code={}", crate::ui::list::encode(&no))><strong>{no.clone()}</strong>" "{description}</A></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Some(Lookup::Found(item, figures)) => view! {
                            <section class="lookup-result" data-testid="lookup-result">
                                <h2>{item.item_no.clone()}</h2>
                                <p>{item.description.clone()}</p>
                                {figures.into_iter().map(|f| view! {
                                    <div class="wh-card">
                                        <h3>{f.warehouse_code.clone()}{f.bin.clone().map(|b| format!(" · {b}"))}</h3>
                                        <dl>
                                            <dt>{l.t(T::Free)}</dt><dd class="big" data-testid="free">{q(f.free)}</dd>
                                            <dt>{l.t(T::Physical)}</dt><dd>{q(f.physical)}</dd>
                                            <dt>{l.t(T::Reserved)}</dt><dd>{q(f.reserved)}</dd>
                                            <dt>{l.t(T::Incoming)}</dt><dd>{q(f.incoming)}</dd>
                                        </dl>
                                    </div>
                                }).collect_view()}
                            </section>
                        }.into_any(),
                    })
                })}
            </Transition>
        </div>
    }
}
