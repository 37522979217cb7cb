//! The accounting area: the trial balance of a period and its voucher journal, each
//! voucher linked to the document it records; and the period lock. The period is in
//! the URL (a GET form), so the page works before hydration.
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::api::{list_vouchers, locked_until, trial_balance, vat_summary, LockPeriod, ReverseVoucher};
use super::model::{TrialRow, VatReport, Voucher};
use crate::core::{format, Lang, T};
use crate::ui::form::{loaded, ActionStatus};
use crate::ui::lang;

#[component]
pub fn AccountingPage() -> impl IntoView {
    let l = lang();
    let query = use_query_map();
    let args = move || query.with(|q| (q.get("from").unwrap_or_default(), q.get("to").unwrap_or_default()));
    let reverse = ServerAction::<ReverseVoucher>::new();
    let data = Resource::new(
        move || (args(), reverse.version().get()),
        |((from, to), _)| async move {
            let rows = trial_balance(from.clone(), to.clone()).await?;
            let vat = vat_summary(from.clone(), to.clone()).await?;
            let vouchers = list_vouchers(from, to).await?;
            Ok::<_, crate::error::AppError>((rows, vat, vouchers))
        },
    );
    view! {
        <h1>{l.t(T::Accounting)}</h1>
        <form method="get" class="toolbar">
            <label>{l.t(T::From)}" "<input type="date" name="from" value=move || args().0/></label>
            <label>{l.t(T::To)}" "<input type="date" name="to" value=move || args().1/></label>
            <button type="submit">{l.t(T::Show)}</button>
            <a class="button" rel="external" data-testid="export-saft" href=move || export_href("saf-t", args())>{l.t(T::ExportSafT)}</a>
            <a class="button" rel="external" data-testid="export-sie" href=move || export_href("sie", args())>{l.t(T::ExportSie)}</a>
        </form>
        {move || query.with(|q| q.get("error")).map(|e| crate::ui::alert(&e))}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await, move |(rows, vat, vouchers)| view! {
                    <h2>{l.t(T::TrialBalance)}</h2>
                    {trial(rows, l)}
                    <h2>{l.t(T::VatSummary)}</h2>
                    {vat_table(vat, l)}
                    <h2>{l.t(T::Vouchers)}</h2>
                    {journal(vouchers, l, reverse)}
                })
            })}
        </Transition>
        <ActionStatus value=reverse.value()/>
        <PeriodLock/>
    }
}

/// The download of an export of the period shown (the server's file route); the
/// dates keep only what a date has.
fn export_href(format: &str, (from, to): (String, String)) -> String {
    let date = |s: &str| s.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect::<String>();
    format!("/accounting/export/{format}?from={}&to={}", date(&from), date(&to))
}

fn trial(rows: Vec<TrialRow>, l: Lang) -> impl IntoView {
    let sum = |f: fn(&TrialRow) -> rust_decimal::Decimal| rows.iter().map(f).sum::<rust_decimal::Decimal>();
    let (debit, credit) = (sum(|r| r.debit), sum(|r| r.credit));
    view! {
        <table class="data" data-testid="trial-balance">
            <thead><tr>
                <th>{l.t(T::Account)}</th><th>{l.t(T::Name)}</th><th class="num">{l.t(T::OpeningBalance)}</th>
                <th class="num">{l.t(T::Debit)}</th><th class="num">{l.t(T::Credit)}</th><th class="num">{l.t(T::ClosingBalance)}</th>
            </tr></thead>
            <tbody>{rows.iter().map(|r| view! {
                <tr data-testid="trial-row" data-account=r.account.clone()>
                    <td>{r.account.clone()}</td><td>{r.name.clone()}</td><td class="num">{format::amount(r.opening, l)}</td>
                    <td class="num">{format::amount(r.debit, l)}</td><td class="num">{format::amount(r.credit, l)}</td>
                    <td class="num" data-testid="trial-closing">{format::amount(r.closing, l)}</td>
                </tr>
            }).collect_view()}</tbody>
            <tfoot><tr class="grand"><td colspan="3">{l.t(T::Total)}</td><td class="num" data-testid="trial-debit">{format::amount(debit, l)}</td><td class="num" data-testid="trial-credit">{format::amount(credit, l)}</td><td></td></tr></tfoot>
        </table>
    }
}

fn vat_table(v: VatReport, l: Lang) -> impl IntoView {
    let base = v.output.iter().map(|r| r.base).sum::<rust_decimal::Decimal>();
    let (output, input, balance) = (v.output_vat(), v.input, v.balance());
    view! {
        <table class="data" data-testid="vat-summary">
            <thead><tr><th>{l.t(T::VatCode)}</th><th>{l.t(T::Name)}</th><th class="num">{l.t(T::VatPct)}</th><th class="num">{l.t(T::VatBase)}</th><th class="num">{l.t(T::Vat)}</th></tr></thead>
            <tbody>{v.output.into_iter().map(|r| view! {
                <tr data-testid="vat-row" data-code=r.vat_code.clone()>
                    <td>{r.vat_code.clone()}</td><td>{r.name.clone()}</td><td class="num">{format::amount(rust_decimal::Decimal::new(r.rate_bp, 2), l)}</td>
                    <td class="num">{format::amount(r.base, l)}</td><td class="num" data-testid="vat-amount">{format::amount(r.vat, l)}</td>
                </tr>
            }).collect_view()}</tbody>
            <tfoot>
                <tr class="grand"><td colspan="3">{l.t(T::OutputVat)}</td><td class="num">{format::amount(base, l)}</td><td class="num">{format::amount(output, l)}</td></tr>
                <tr><td colspan="4">{l.t(T::InputVat)}</td><td class="num" data-testid="vat-input">{format::amount(-input, l)}</td></tr>
                <tr class="grand"><td colspan="4">{l.t(T::VatBalance)}</td><td class="num" data-testid="vat-balance">{format::amount(balance, l)}</td></tr>
            </tfoot>
        </table>
    }
}

fn journal(vouchers: Vec<Voucher>, l: Lang, reverse: ServerAction<ReverseVoucher>) -> impl IntoView {
    let empty = vouchers.is_empty();
    // the reversals shown, by the voucher each reverses
    let reversed: std::collections::HashMap<String, String> =
        vouchers.iter().filter(|v| v.source_kind == super::model::SourceKind::Reversal).map(|v| (v.source_no.clone(), v.id())).collect();
    view! {
        {empty.then(|| view! { <p>{l.t(T::NoVouchers)}</p> })}
        {vouchers.into_iter().map(|v| {
            let (id, head) = (v.id(), format!("{} · {} · {} · ", v.id(), format::date(v.date, l), v.text));
            let correction = match (v.source_kind.reversible(), reversed.get(&id)) {
                (true, Some(by)) => Some(view! { <p data-testid="reversed-by">{format!("{} {by}", l.t(T::ReversedBy))}</p> }.into_any()),
                (true, None) => Some({
                    let hidden = id.clone();
                    view! {
                    <ActionForm action=reverse attr:class="inline-form" attr:data-testid="reverse-form">
                        <input type="hidden" name="voucher" value=hidden/>
                        <label>{l.t(T::Date)}" "<input type="date" name="date"/></label>
                        <button type="submit">{l.t(T::Reverse)}</button>
                    </ActionForm>
                }.into_any()
                }),
                (false, _) => None,
            };
            let source = format!("{} {}", l.t(v.source_kind.label()), v.source_no);
            let source = match v.source_href() {
                Some(h) => view! { <A href=h>{source}</A> }.into_any(),
                None => source.into_view().into_any(),
            };
            view! {
                <table class="data voucher" data-testid="voucher" data-voucher=id>
                    <caption>{head}{source}</caption>
                    <thead><tr><th>{l.t(T::Account)}</th><th>{l.t(T::Name)}</th><th>{l.t(T::VatCode)}</th><th>{l.t(T::Party)}</th><th>{l.t(T::Dimensions)}</th><th class="num">{l.t(T::Debit)}</th><th class="num">{l.t(T::Credit)}</th></tr></thead>
                    <tbody>{v.lines.into_iter().map(|x| view! {
                        <tr><td>{x.account.clone()}</td><td>{x.account_name.clone()}</td><td>{x.vat_code.clone()}</td><td>{x.party_no.clone()}</td>
                            <td data-testid="dimensions">{x.dimensions()}</td>
                            <td class="num">{(!x.debit.is_zero()).then(|| format::amount(x.debit, l))}</td>
                            <td class="num">{(!x.credit.is_zero()).then(|| format::amount(x.credit, l))}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                {correction}
            }
        }).collect_view()}
    }
}

/// Locks the accounts up to a date: nothing posts into a locked period.
#[component]
fn PeriodLock() -> impl IntoView {
    let l = lang();
    let lock = ServerAction::<LockPeriod>::new();
    let current = Resource::new(move || lock.version().get(), |_| locked_until());
    view! {
        <h2>{l.t(T::PeriodLock)}</h2>
        <ActionForm action=lock attr:class="inline-form" attr:data-testid="period-lock">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    loaded(current.await, move |day| view! {
                        <label>{l.t(T::LockedUntil)}" "<input type="date" name="date" value=day/></label>
                    })
                })}
            </Transition>
            <button type="submit">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=lock.value()/>
    }
}
