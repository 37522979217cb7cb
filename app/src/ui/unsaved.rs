//! Leaving an edited, unsaved document asks first: on reload or closing the tab (the
//! browser's own question) and on a link or shortcut to another page (ours). An editor
//! says while it holds unsaved edits with [`track`]; the shell installs the guards.
use leptos::prelude::*;

thread_local! {
    // the browser runs one page in one thread; on the server this is never set
    static PENDING: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Marks the page as holding unsaved edits (with the question to ask), or not.
pub fn set(question: Option<&'static str>) {
    PENDING.with(|p| p.set(question));
}

/// May the user leave the page? Asks when it holds unsaved edits.
pub fn may_leave() -> bool {
    let Some(question) = PENDING.with(|p| p.get()) else { return true };
    #[cfg(feature = "hydrate")]
    {
        let ok = window().confirm_with_message(question).unwrap_or(true);
        if ok {
            set(None);
        }
        ok
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        true
    }
}

/// For an editor: the page holds unsaved edits while `dirty` is true.
pub fn track(dirty: RwSignal<bool>, question: &'static str) {
    Effect::new(move |_| set(dirty.get().then_some(question)));
    on_cleanup(|| set(None));
}

/// Installs the page-wide guards, once per page load (in the browser only: a test build
/// of the whole workspace has both features, and JavaScript closures exist only in WASM).
pub fn install() {
    #[cfg(all(feature = "hydrate", target_arch = "wasm32"))]
    {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        thread_local! { static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) }; }
        if DONE.with(|d| d.replace(true)) {
            return;
        }
        let _ = window_event_listener(leptos::ev::beforeunload, |ev| {
            if PENDING.with(|p| p.get()).is_some() {
                ev.prevent_default();
                ev.set_return_value("");
            }
        });
        // in the capture phase, before the router follows the link
        let click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
            if PENDING.with(|p| p.get()).is_none() || ev.default_prevented() || ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() {
                return;
            }
            let link = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).and_then(|e| e.closest("a[href]").ok().flatten());
            if link.is_some_and(|a| !a.has_attribute("download")) && !may_leave() {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        let _ = window().add_event_listener_with_callback_and_bool("click", click.as_ref().unchecked_ref(), true);
        // lives as long as the page
        click.forget();
    }
}
