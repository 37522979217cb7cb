//! List helpers shared by every register and document list.
use leptos::prelude::*;

use crate::core::T;

/// Previous / next links and "Page n / m · total" under a paged list. `link(page)`
/// gives the URL of a page, so the pager works without JavaScript.
#[component]
pub fn Pager(total: i64, page: i64, per_page: i64, link: impl Fn(i64) -> String + 'static) -> impl IntoView {
    let l = super::lang();
    let pages = ((total + per_page - 1) / per_page.max(1)).max(1);
    view! {
        <nav class="pager">
            {(page > 1).then(|| view! { <a href=link(page - 1)>{l.t(T::Previous)}</a> })}
            <span>{format!("{} {} / {} · {}", l.t(T::PageOf), page, pages, total)}</span>
            {(page < pages).then(|| view! { <a href=link(page + 1)>{l.t(T::Next)}</a> })}
        </nav>
    }
}

/// Percent-encodes a query value (same rules on server and in the browser).
pub fn encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
