//! Camera scanning through the browser's BarcodeDetector where it exists (Chromium
//! on Android); elsewhere the button is not shown and typing is the way. web-sys has
//! no BarcodeDetector binding, so a small extern binding is declared here and the
//! feature is detected at run time.
use leptos::prelude::*;

use crate::core::T;
use crate::ui::lang;

#[component]
pub fn ScanButton() -> impl IntoView {
    let supported = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| supported.set(browser::has_barcode_detector()));
    let l = lang();
    view! {
        <button type="button" class:hidden=move || !supported.get() on:click=move |_| {
            #[cfg(feature = "hydrate")]
            browser::scan_once();
        }>{l.t(T::Scan)}</button>
        <video id="scanner" class="hidden" playsinline muted></video>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        type BarcodeDetector;
        #[wasm_bindgen(constructor, catch)]
        fn new() -> Result<BarcodeDetector, JsValue>;
        #[wasm_bindgen(method)]
        fn detect(this: &BarcodeDetector, source: &JsValue) -> js_sys::Promise;
    }

    pub fn has_barcode_detector() -> bool {
        web_sys::window().is_some_and(|w| js_sys::Reflect::has(&w, &JsValue::from_str("BarcodeDetector")).unwrap_or(false))
    }

    /// Opens the rear camera, detects until a code is seen (at most ~20 s), then
    /// submits the lookup with it.
    pub fn scan_once() {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = run().await {
                web_sys::console::warn_1(&e);
            }
        });
    }

    async fn run() -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let doc = window.document().ok_or("no document")?;
        let video: web_sys::HtmlVideoElement = doc.get_element_by_id("scanner").ok_or("no video")?.dyn_into()?;
        let constraints = web_sys::MediaStreamConstraints::new();
        let video_opts = js_sys::Object::new();
        js_sys::Reflect::set(&video_opts, &"facingMode".into(), &"environment".into())?;
        constraints.set_video(&video_opts);
        let stream: web_sys::MediaStream =
            wasm_bindgen_futures::JsFuture::from(window.navigator().media_devices()?.get_user_media_with_constraints(&constraints)?).await?.dyn_into()?;
        video.set_src_object(Some(&stream));
        video.class_list().remove_1("hidden")?;
        let _ = wasm_bindgen_futures::JsFuture::from(video.play()?).await;
        let detector = BarcodeDetector::new()?;
        let mut found = None;
        for _ in 0..100 {
            let codes = wasm_bindgen_futures::JsFuture::from(detector.detect(&video)).await?;
            let arr: js_sys::Array = codes.dyn_into()?;
            if let Some(first) = arr.iter().next() {
                found = js_sys::Reflect::get(&first, &"rawValue".into())?.as_string();
                break;
            }
            gloo_sleep(200).await;
        }
        stream.get_tracks().iter().for_each(|t| t.unchecked_into::<web_sys::MediaStreamTrack>().stop());
        video.class_list().add_1("hidden")?;
        if let Some(code) = found {
            window.location().set_href(&format!("/stock/lookup?code={}", js_sys::encode_uri_component(&code)))?;
        }
        Ok(())
    }

    async fn gloo_sleep(ms: i32) {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            }
        });
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
}
