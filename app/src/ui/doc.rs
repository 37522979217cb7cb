//! A document's lines and totals as a table, the same on every document page.
use leptos::prelude::*;

use crate::core::document::Doc;
use crate::core::format::{self, qty};
use crate::core::lines::LineKind;
use crate::core::{Lang, T};

/// The lines with amounts, the progress column (ordered from a quote / delivered),
/// and the totals.
pub fn lines_table(d: &Doc, done_label: T, l: Lang) -> impl IntoView {
    view! {
        <table class="data lines" data-testid="doc-lines">
            <thead><tr>
                <th>"#"</th><th>{l.t(T::ItemNo)}</th><th>{l.t(T::Description)}</th><th class="num">{l.t(T::Quantity)}</th>
                <th class="num">{l.t(done_label)}</th><th class="num">{l.t(T::Price)}</th><th class="num">{l.t(T::DiscountPct)}</th><th class="num">{l.t(T::Net)}</th>
            </tr></thead>
            <tbody>
                {d.lines.iter().map(|x| match x.line.kind {
                    LineKind::Item => view! {
                        <tr data-testid="line">
                            <td>{x.line.line_no}</td><td>{x.line.item_no.clone()}</td><td>{x.line.description.clone()}</td>
                            <td class="num">{format!("{} {}", qty(x.line.qty, l), x.line.unit)}</td>
                            <td class="num" data-testid="line-done">{qty(x.done, l)}</td>
                            <td class="num">{format::amount(x.line.unit_price, l)}</td>
                            <td class="num">{qty(x.line.discount_pct, l)}</td>
                            <td class="num">{format::amount(x.line.net, l)}</td>
                        </tr>
                    }.into_any(),
                    k => view! {
                        <tr class=if k == LineKind::Heading { "heading" } else { "text" }><td>{x.line.line_no}</td><td colspan="7">{x.line.description.clone()}</td></tr>
                    }.into_any(),
                }).collect_view()}
            </tbody>
        </table>
        <table class="totals" data-testid="totals">
            <tbody>
                {d.totals.subtotals.iter().map(|s| view! { <tr class="subtotal"><th>{format!("{} {}", l.t(T::Subtotal), s.heading)}</th><td class="num">{format::amount(s.net, l)}</td></tr> }).collect_view()}
                <tr><th>{l.t(T::Net)}</th><td class="num">{format::amount(d.totals.net, l)}</td></tr>
                {d.totals.vat.iter().map(|v| view! { <tr><th>{format!("{} {} % ({})", l.t(T::Vat), qty(v.rate, l), v.vat_code)}</th><td class="num">{format::amount(v.vat, l)}</td></tr> }).collect_view()}
                <tr class="grand"><th>{l.t(T::TotalInclVat)}</th><td class="num" data-testid="total-gross">{format!("{} {}", format::amount(d.totals.gross, l), d.currency)}</td></tr>
            </tbody>
        </table>
    }
}
