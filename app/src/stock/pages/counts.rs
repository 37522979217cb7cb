//! Stocktaking screens: the list of counts with "start a count", and the count
//! sheet where counted quantities are entered (also from a phone) and posted.
//! The sheet prints as a count sheet (print styles hide the controls).
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::core::{format, T};
use crate::stock::api::{get_count_sheet, list_counts, PostCount, SetCounted, StartCount};
use crate::ui::form::{loaded, ActionStatus, Field};
use crate::ui::lang;

/// Asks the user (the browser's confirm dialog); on the server there is no one to ask.
fn confirmed(text: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        window().confirm_with_message(text).unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = text;
        true
    }
}

/// Focuses the count field of an item (after the sheet was drawn again).
fn focus_count_field(item: String) {
    #[cfg(feature = "hydrate")]
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let sel = format!("input[name=counted][data-item=\"{}\"]", item.replace('"', ""));
        if let Some(el) = document().query_selector(&sel).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = item;
}

/// A count's status in the page's language: open while counting, posted after.
fn qty(v: rust_decimal::Decimal, l: crate::core::Lang) -> String {
    format::qty(v, l)
}

#[component]
pub fn CountsPage() -> impl IntoView {
    let start = ServerAction::<StartCount>::new();
    let counts = Resource::new(move || start.version().get(), |_| list_counts());
    let l = lang();
    Effect::new(move |_| {
        if let Some(Ok(id)) = start.value().get() {
            leptos_router::hooks::use_navigate()(&format!("/stock/counts/{id}"), Default::default());
        }
    });
    view! {
        <h1>{l.t(T::Stocktaking)}</h1>
        <ActionForm action=start attr:class="inline-form" attr:data-testid="start-count">
            <Field label=T::Warehouse name="warehouse" value="MAIN" required=true/>
            <Field label=T::CountFilter name="filter"/>
            <button type="submit" class="primary">{l.t(T::StartCount)}</button>
        </ActionForm>
        <ActionStatus value=start.value()/>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(counts.await, move |rows| view! {
                    <table class="data">
                        <thead><tr><th>"#"</th><th>{l.t(T::Warehouse)}</th><th>{l.t(T::CountFilter)}</th><th>{l.t(T::Status)}</th><th class="num">{l.t(T::Counted)}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|c| view! {
                                <tr>
                                    <td><A href=format!("/stock/counts/{}", c.id)>{c.id}</A></td>
                                    <td>{c.warehouse_code}</td><td>{c.filter}</td><td>{l.t(c.status.label())}</td>
                                    <td class="num">{format!("{} / {}", c.counted, c.lines)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            })}
        </Transition>
    }
}

#[component]
pub fn CountSheetPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let set = ServerAction::<SetCounted>::new();
    let post = ServerAction::<PostCount>::new();
    let sheet = Resource::new(move || (id(), set.version().get(), post.version().get()), |(id, _, _)| get_count_sheet(id));
    let l = lang();
    // Enter saves a count and moves on to the next row's count (the sheet is read
    // again after each save, so the field to focus is remembered by its item)
    let next_focus = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(item)) = (sheet.get(), next_focus.get_untracked()) {
            focus_count_field(item);
        }
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(sheet.await, move |s| {
                    let open = s.summary.is_open();
                    let count_id = s.summary.id;
                    let items: Vec<String> = s.lines.iter().map(|x| x.item_no.clone()).collect();
                    let differences = s.lines.iter().filter(|x| x.difference().is_some_and(|d| !d.is_zero())).count();
                    let implausible: Vec<String> = s.lines.iter().filter(|x| x.implausible()).map(|x| x.item_no.clone()).collect();
                    let confirm_text = if implausible.is_empty() {
                        format!("{} ({differences})?", l.t(T::ConfirmPostDifferences))
                    } else {
                        format!("{} ({differences})?\n\n{}: {}", l.t(T::ConfirmPostDifferences), l.t(T::ImplausibleCounts), implausible.join(", "))
                    };
                    view! {
                        <h1>{format!("{} #{} · {}", l.t(T::Stocktaking), count_id, s.summary.warehouse_code)}</h1>
                        <p class="no-print">
                            {format!("{}: {} · {} {} / {}", l.t(T::Status), l.t(s.summary.status.label()), l.t(T::Counted), s.summary.counted, s.summary.lines)}
                            " "<button type="button" onclick="window.print()">{l.t(T::Print)}</button>
                        </p>
                        <table class="data count-sheet" data-testid="count-sheet">
                            <thead><tr>
                                <th>{l.t(T::Bin)}</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th>
                                <th class="num">{l.t(T::Expected)}</th><th class="num">{l.t(T::Counted)}</th><th class="num">{l.t(T::Difference)}</th>
                            </tr></thead>
                            <tbody>
                                {s.lines.into_iter().enumerate().map(|(i, line)| {
                                    let diff = line.difference();
                                    let odd = line.implausible();
                                    let next = items.get(i + 1).cloned();
                                    view! {
                                        <tr class:late=diff.is_some_and(|d| !d.is_zero()) class:implausible=odd
                                            title=if odd { l.t(T::ImplausibleCounts) } else { "" }>
                                            <td>{line.bin.clone().unwrap_or_default()}</td>
                                            <td>{line.item_no.clone()}</td>
                                            <td>{line.description.clone()}</td>
                                            <td class="num">{qty(line.expected, l)}</td>
                                            <td class="num">
                                                {if open {
                                                    view! {
                                                        <ActionForm action=set attr:class="row-form">
                                                            <input type="hidden" name="id" value=count_id.to_string()/>
                                                            <input type="hidden" name="item_no" value=line.item_no.clone()/>
                                                            <input name="counted" inputmode="decimal" size="6" aria-label=format!("{} {}", l.t(T::Counted), line.item_no)
                                                                data-item=line.item_no.clone()
                                                                on:keydown=move |ev| if ev.key() == "Enter" { next_focus.set(next.clone()) }
                                                                value=line.counted.map(|c| qty(c, l)).unwrap_or_default()/>
                                                            <button type="submit" class="no-print">"✓"</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                } else {
                                                    line.counted.map(|c| qty(c, l)).unwrap_or_default().into_any()
                                                }}
                                            </td>
                                            <td class="num">{diff.map(|d| qty(d, l)).unwrap_or_default()}{odd.then_some(" ⚠")}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {open.then(|| view! {
                            <ActionForm action=post attr:class="inline-form no-print">
                                <input type="hidden" name="id" value=count_id.to_string()/>
                                <button type="submit" class="primary" data-testid="post-count"
                                    on:click=move |ev| if !confirmed(&confirm_text) { ev.prevent_default() }>{l.t(T::PostDifferences)}</button>
                            </ActionForm>
                        })}
                    }
                })
            })}
        </Transition>
        <ActionStatus value=set.value()/>
        <ActionStatus value=post.value()/>
    }
}
