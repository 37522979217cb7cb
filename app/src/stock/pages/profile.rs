//! The interactive item profile: timeline and chart, filtered in the browser.
use std::sync::Arc;

use leptos::prelude::*;

use crate::core::{format, T};
use crate::stock::api::item_profile;
use crate::stock::profile::{chart, period_start, timeline, PERIODS};
use crate::ui::form::loaded;
use crate::ui::lang;

const W: f64 = 600.0;
const H: f64 = 160.0;

#[component]
pub fn ItemProfile(#[prop(into)] item_no: Signal<String>, #[prop(into)] version: Signal<usize>) -> impl IntoView {
    let data = Resource::new(move || (item_no.get(), version.get()), |(no, _)| item_profile(no));
    let warehouse = RwSignal::new(None::<i64>);
    let period = RwSignal::new("all".to_string());
    let l = lang();
    view! {
        <h2>{l.t(T::Profile)}</h2>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await, move |d| {
                    let d = Arc::new(d);
                    let dd = d.clone();
                    let computed = Memo::new(move |_| timeline(&dd, warehouse.get(), period_start(dd.today, &period.get()), None));
                    let safety = d.safety_stock;
                    let today = d.today;
                    let drawn = Memo::new(move |_| computed.with(|(opening, rows)| chart(*opening, rows, safety, today, W, H)));
                    let value = move |v: f64| rust_decimal::Decimal::from_f64_retain(v).map(|d| format::qty(d.round_dp(1), l)).unwrap_or_default();
                    let day = move |d: Option<chrono::NaiveDate>| d.map(|d| format::date(d, l)).unwrap_or_default();
                    let q = move |v: rust_decimal::Decimal| format::qty(v, l);
                    view! {
                        <div class="inline-form" data-testid="profile-controls">
                            <label class="field">
                                <span>{l.t(T::Warehouse)}</span>
                                <select on:change=move |ev| warehouse.set(event_target_value(&ev).parse().ok()) data-testid="profile-warehouse">
                                    <option value="">{l.t(T::AllWarehouses)}</option>
                                    {d.warehouses.iter().map(|(id, code)| view! { <option value=id.to_string()>{code.clone()}</option> }).collect_view()}
                                </select>
                            </label>
                            <label class="field">
                                <span>{l.t(T::Period)}</span>
                                <select on:change=move |ev| period.set(event_target_value(&ev)) data-testid="profile-period">
                                    {PERIODS.iter().map(|(code, days)| {
                                        let label = match days { None => l.t(T::AllTime).to_string(), Some(n) => format!("{n} {}", l.t(T::DaysBack)) };
                                        view! { <option value=*code>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                        </div>
                        <div class="chart-frame" data-testid="profile-axes">
                            <div class="y-axis">
                                <span data-testid="axis-max">{move || drawn.with(|c| value(c.max))}</span>
                                <span data-testid="axis-min">{move || drawn.with(|c| value(c.min))}</span>
                            </div>
                            <svg class="chart" viewBox=format!("0 0 {W} {H}") preserveAspectRatio="none" role="img" aria-label=l.t(T::Profile) data-testid="profile-chart">
                                <line class="axis" x1="0" x2="0" y1="0" y2=H.to_string()/>
                                <line class="axis" x1="0" x2=W.to_string() y1=H.to_string() y2=H.to_string()/>
                                <line class="safety" x1="0" x2=W.to_string() y1=move || drawn.with(|c| c.safety_y.clone()) y2=move || drawn.with(|c| c.safety_y.clone())/>
                                <path class="balance" d=move || drawn.with(|c| c.path.clone())/>
                                {move || drawn.with(|c| c.today_x).map(|x| view! { <line class="today" data-testid="today-line" x1=format!("{x:.1}") x2=format!("{x:.1}") y1="0" y2=H.to_string()/> })}
                            </svg>
                            <div class="x-axis">
                                <span data-testid="axis-first">{move || drawn.with(|c| day(c.first))}</span>
                                <span class="today-label">{move || format!("{} {}", l.t(T::Today), format::date(today, l))}</span>
                                <span data-testid="axis-last">{move || drawn.with(|c| day(c.last))}</span>
                            </div>
                        </div>
                        <table class="data" data-testid="profile-table">
                            <thead><tr>
                                <th>{l.t(T::Date)}</th><th>{l.t(T::Origin)}</th>
                                <th class="num">{l.t(T::Quantity)}</th><th class="num">{l.t(T::Balance)}</th>
                            </tr></thead>
                            <tbody>
                                {move || computed.with(|(_, rows)| rows.iter().rev().map(|r| {
                                    let kind = l.t(r.origin_kind.label()).to_string();
                                    let origin = if r.origin_id > 0 { format!("{kind} {}", r.origin_id) } else { kind };
                                    view! {
                                        <tr class:planned=r.planned class:late=r.late>
                                            <td>{format::date(r.date, l)}</td>
                                            <td>{origin}{r.late.then(|| view! { " " <strong class="error">{l.t(T::Late)}</strong> })}</td>
                                            <td class="num">{q(r.qty)}</td>
                                            <td class="num">{q(r.balance)}</td>
                                        </tr>
                                    }
                                }).collect_view())}
                            </tbody>
                        </table>
                    }
                })
            })}
        </Transition>
    }
}
