//! The browser entry point: hydrates the server-rendered page.
#![recursion_limit = "256"]

/// Hydrates the page once the code of its area has arrived (the areas are lazily
/// loaded chunks, see `app::routes`; `hydrate_body` would not wait for the chunk and
/// trap), then marks `<html data-hydrated>`: from then on the page answers input, and
/// the browser tests wait for it rather than for a fixed time.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        let mounted = leptos::mount::hydrate_from_async(body, app::App).await;
        mounted.forget();
        if let Some(html) = leptos::prelude::document().document_element() {
            let _ = html.set_attribute("data-hydrated", "");
        }
    });
}
