//! The open items: every unsettled invoice, unused credit and unallocated payment,
//! loaded once and filtered and sorted in the browser (all / overdue / not due, per
//! customer), the longest overdue first; overdue in red, open in blue.
use leptos::prelude::*;
use leptos_router::components::A;

use super::ageing::{ageing, bucket_heads, sort, OpenSort};
use super::api::register_payment;
use super::api::{bank_overview, customer_statement, match_bank_line, open_items, run_reminders};
use super::model::PaymentInput;
use super::model::{days_overdue, select, total_open, BankLineKind, EntryKind, OpenFilter, OpenItem};
use crate::core::{format, Lang, T};
use crate::invoicing::model::{Invoice, InvoiceKind};
use crate::invoicing::pages::{href, receivables_nav};
use crate::ui::form::loaded;
use crate::ui::lang;

use crate::ui::today;

/// An open item as a row of the list (the ageing report's drill-down too).
pub(crate) fn row(i: &OpenItem, l: Lang) -> impl IntoView {
    let days = days_overdue(i, today());
    let class = match (i.kind, days > 0) {
        (EntryKind::Invoice, true) => "overdue",
        (EntryKind::Invoice, false) => "open",
        _ => "credit",
    };
    let link = match i.kind {
        EntryKind::Invoice => Some(href(InvoiceKind::Invoice, &i.number)),
        EntryKind::CreditNote => Some(href(InvoiceKind::CreditNote, &i.number)),
        EntryKind::ReminderFee => Some(href(InvoiceKind::Invoice, &i.number)),
        EntryKind::Payment | EntryKind::Writeoff => None,
    };
    let number = i.number.clone();
    view! {
        <tr class=format!("item {class}") data-testid="open-item" data-kind=i.kind.code()>
            <td>{match link { Some(h) => view! { <A href=h>{number}</A> }.into_any(), None => number.into_view().into_any() }}</td>
            <td>{l.t(i.kind.label())}</td>
            <td>{format!("{} {}", i.customer_no, i.customer_name)}</td>
            <td>{format::date(i.date, l)}</td><td>{format::date(i.due_date, l)}</td>
            <td class="num">{if days > 0 { days.to_string() } else { String::new() }}</td>
            <td class="num">{format::money(i.amount, &i.currency, l)}</td>
            <td class="num" data-testid="open-amount">{format::amount(i.open, l)}</td>
        </tr>
    }
}

#[component]
pub fn OpenItemsPage() -> impl IntoView {
    let l = lang();
    let items = Resource::new(|| (), |_| open_items());
    let filter = RwSignal::new(OpenFilter::All);
    let customer = RwSignal::new(String::new());
    let sort_by = RwSignal::new(OpenSort::Due);
    view! {
        <h1>{l.t(T::OpenItems)}</h1>
        {receivables_nav(l)}
        <div class="toolbar" role="search">
            <select aria-label=l.t(T::Status) data-testid="open-filter" on:change=move |ev| filter.set(OpenFilter::parse(&event_target_value(&ev)))>
                <option value="all">{l.t(T::All)}</option>
                <option value="overdue">{l.t(T::Overdue)}</option>
                <option value="not_due">{l.t(T::NotDue)}</option>
            </select>
            <input type="search" placeholder=l.t(T::Customer) aria-label=l.t(T::Customer) data-testid="open-customer" on:input=move |ev| customer.set(event_target_value(&ev))/>
            <select aria-label=l.t(T::SortBy) data-testid="open-sort" on:change=move |ev| sort_by.set(OpenSort::parse(&event_target_value(&ev)))>
                <option value="due">{l.t(T::DueDate)}</option>
                <option value="number">{l.t(T::Number)}</option>
                <option value="date">{l.t(T::Date)}</option>
                <option value="customer">{l.t(T::Customer)}</option>
                <option value="open">{l.t(T::Left)}</option>
            </select>
            <a href="/receivables/open/export.csv" class="button" download="open-items.csv" data-testid="export-csv">{l.t(T::ExportCsv)}</a>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(items.await, move |all| view! {
                    {move || {
                        let mut shown = select(&all, filter.get(), &customer.get(), today());
                        sort(&mut shown, sort_by.get());
                        let totals = total_open(&shown);
                        let aged = ageing(&shown, today());
                        let empty = shown.is_empty();
                        view! {
                            <table class="data open-items" data-testid="open-items">
                                <thead><tr>
                                    <th>{l.t(T::Number)}</th><th></th><th>{l.t(T::Customer)}</th><th>{l.t(T::Date)}</th><th>{l.t(T::DueDate)}</th>
                                    <th class="num">{l.t(T::DaysOverdue)}</th><th class="num">{l.t(T::TotalInclVat)}</th><th class="num">{l.t(T::Left)}</th>
                                </tr></thead>
                                <tbody>{shown.iter().map(|i| row(i, l)).collect_view()}</tbody>
                            </table>
                            {empty.then(|| view! { <p>{l.t(T::NothingOpen)}</p> })}
                            <p class="sum" data-testid="open-total">{totals.into_iter().map(|(c, s)| format::money(s, &c, l)).collect::<Vec<_>>().join(" · ")}</p>
                            <h2>{l.t(T::Ageing)}</h2>
                            <table class="data ageing" data-testid="ageing">
                                <thead><tr><th>{l.t(T::Currency)}</th>
                                    {bucket_heads(l).into_iter().map(|h| view! { <th class="num">{h}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>{aged.into_iter().map(|(c, b)| view! {
                                    <tr><td>{c}</td>{b.iter().enumerate().map(|(k, v)| { let class = if k > 0 && !v.is_zero() { "num overdue" } else { "num" }; view! { <td class=class>{format::amount(*v, l)}</td> } }).collect_view()}</tr>
                                }).collect_view()}</tbody>
                            </table>
                        }
                    }}
                })
            })}
        </Transition>
    }
}

/// Bank files: import one (a plain form, so it works before hydration), see the
/// latest imports, and match what the file could not by hand.
#[component]
pub fn BankPage() -> impl IntoView {
    let l = lang();
    let query = leptos_router::hooks::use_query_map();
    let version = RwSignal::new(0);
    let data = Resource::new(move || version.get(), |_| bank_overview());
    let file = move || query.with(|q| q.get("file").and_then(|f| f.parse::<i64>().ok()));
    let error = move || query.with(|q| q.get("error"));
    view! {
        <h1>{l.t(T::BankFiles)}</h1>
        {receivables_nav(l)}
        <form method="post" action="/receivables/bank-files" enctype="multipart/form-data" class="inline-form" data-testid="bank-upload">
            <input type="file" name="file" required aria-label=l.t(T::BankFile) data-testid="bank-file"/>
            <button type="submit" class="primary">{l.t(T::Import)}</button>
        </form>
        <p class="hint">{l.t(T::BankFileHint)}</p>
        {move || error().map(|e| crate::ui::alert(&e))}
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await, move |(files, unmatched, waiting)| {
                    let shown = unmatched.len() as i64;
                    let done = file().and_then(|id| files.iter().find(|f| f.id == id).cloned());
                    view! {
                        {done.map(|f| view! { <p class="notice" role="status" data-testid="bank-result">{format!("{}: {} {}, {} {}", f.file_name, f.lines, l.t(T::Payments), f.matched, l.t(T::MatchedCount))}</p> })}
                        <h2>{l.t(T::Unmatched)}</h2>
                        {(waiting > shown).then(|| view! { <p class="hint" data-testid="unmatched-count">{format!("{shown} / {waiting}")}</p> })}
                        <table class="data" data-testid="unmatched">
                            <thead><tr><th>{l.t(T::Date)}</th><th class="num">{l.t(T::Amount)}</th><th>{l.t(T::Kid)}</th><th>{l.t(T::Text)}</th><th>{l.t(T::Payer)}</th><th>{l.t(T::Invoice)}</th></tr></thead>
                            <tbody>{unmatched.into_iter().map(|u| view! { <UnmatchedRow u version/> }).collect_view()}</tbody>
                        </table>
                        <h2>{l.t(T::LatestImports)}</h2>
                        <table class="data" data-testid="bank-files">
                            <thead><tr><th>{l.t(T::BankFile)}</th><th>{l.t(T::Format)}</th><th class="num">{l.t(T::Payments)}</th><th class="num">{l.t(T::MatchedCount)}</th></tr></thead>
                            <tbody>{files.into_iter().map(|f| view! { <tr><td>{f.file_name}</td><td>{f.format}</td><td class="num">{f.lines}</td><td class="num">{f.matched}</td></tr> }).collect_view()}</tbody>
                        </table>
                    }
                })
            })}
        </Transition>
    }
}

#[component]
fn UnmatchedRow(u: super::model::UnmatchedLine, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let invoice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let id = u.id;
    let go = move |_| {
        let no = invoice.get_untracked();
        leptos::task::spawn_local(async move {
            match match_bank_line(id, no).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    // a returned or not yet booked payment waits here with what it is; it pays nothing
    let waiting = (u.kind != BankLineKind::Payment).then(|| u.kind.label());
    view! {
        <tr data-testid="unmatched-line" data-kind=u.kind.code() class:late=waiting.is_some()>
            <td>{format::date(u.date, l)}</td><td class="num">{format::money(u.amount, &u.currency, l)}</td><td>{u.kid.clone()}</td><td>{u.text.clone()}</td><td>{u.payer.clone()}</td>
            <td>
                {match waiting {
                    Some(t) => view! { <strong data-testid="bank-line-kind">{l.t(t)}</strong> }.into_any(),
                    None => view! {
                        <input size="8" aria-label=l.t(T::Invoice) prop:value=move || invoice.get() on:change=move |ev| invoice.set(event_target_value(&ev))/>
                        <button type="button" on:click=go>{l.t(T::MatchIt)}</button>
                        {move || error.get().map(|e| crate::ui::alert_inline(&e))}
                    }.into_any(),
                }}
            </td>
        </tr>
    }
}

fn level_label(level: i64, l: Lang) -> &'static str {
    l.t(if level >= super::model::NOTICE { T::DebtNotice } else { T::ReminderTitle })
}

/// A reminder table (a run's preview or result, or an invoice's log).
pub fn reminder_table(rows: Vec<super::model::Reminder>, l: Lang) -> impl IntoView {
    view! {
        <table class="data" data-testid="reminders">
            <thead><tr>
                <th>{l.t(T::Invoice)}</th><th>{l.t(T::Customer)}</th><th>{l.t(T::DueDate)}</th><th class="num">{l.t(T::Left)}</th>
                <th>{l.t(T::Level)}</th><th class="num">{l.t(T::ReminderFee)}</th><th>{l.t(T::Deadline)}</th><th>{l.t(T::Channel)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|r| { let (no, data_no, link) = (r.invoice_no.clone(), r.invoice_no.clone(), href(InvoiceKind::Invoice, &r.invoice_no)); view! {
                    <tr data-testid="reminder" data-invoice=data_no>
                        <td><A href=link>{no}</A></td>
                        <td>{format!("{} {}", r.customer_no, r.customer_name)}</td>
                        <td>{format::date(r.due_date, l)}</td>
                        <td class="num">{format::money(r.open, &r.currency, l)}</td>
                        <td>{format!("{} ({})", level_label(r.level, l), r.level)}</td>
                        <td class="num">{format::amount(r.fee, l)}</td>
                        <td>{format::date(r.deadline, l)}</td>
                        <td>{l.t(r.channel.label())}</td>
                    </tr>
                }}).collect_view()}
            </tbody>
        </table>
    }
}

/// A reminder run: choose the date, preview, send.
#[component]
pub fn RemindersPage() -> impl IntoView {
    let l = lang();
    let date = RwSignal::new(String::new());
    let rows = RwSignal::new(None::<(bool, Vec<super::model::Reminder>)>);
    let error = RwSignal::new(None::<String>);
    let go = move |preview: bool| {
        let d = date.get_untracked();
        leptos::task::spawn_local(async move {
            match run_reminders(d, preview).await {
                Ok(r) => {
                    error.set(None);
                    rows.set(Some((preview, r)))
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h1>{l.t(T::Reminders)}</h1>
        {receivables_nav(l)}
        <div class="inline-form">
            <input type="date" aria-label=l.t(T::Date) data-testid="reminder-date" prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <button type="button" on:click=move |_| go(true) data-testid="reminder-preview">{l.t(T::PreviewRun)}</button>
            <button type="button" class="primary" on:click=move |_| go(false) data-testid="reminder-send">{l.t(T::SendReminders)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
        {move || rows.get().map(|(preview, r)| {
            let empty = r.is_empty();
            view! {
                <p data-testid="reminder-state">{if preview { l.t(T::PreviewRun) } else { l.t(T::RemindersMade) }}</p>
                {reminder_table(r, l)}
                {empty.then(|| view! { <p>{l.t(T::NothingToRemind)}</p> })}
            }
        })}
    }
}

fn period_label(code: &str) -> T {
    match code {
        "this_month" => T::PeriodThisMonth,
        "last_3_months" => T::PeriodLast3,
        "last_year" => T::PeriodLastYear,
        "year_before" => T::PeriodYearBefore,
        _ => T::PeriodAll,
    }
}

/// A customer's statement: choose the customer and period (a plain GET form, so it
/// works before hydration), see the account with its running balance, get the PDF.
#[component]
pub fn StatementPage() -> impl IntoView {
    let l = lang();
    let query = leptos_router::hooks::use_query_map();
    let params = move || query.with(|q| (q.get("customer").unwrap_or_default(), q.get("period").unwrap_or_else(|| "all".into())));
    let data = Resource::new(params, |(c, p)| async move {
        if c.trim().is_empty() {
            Ok(None)
        } else {
            customer_statement(c, p).await.map(Some)
        }
    });
    view! {
        <h1>{l.t(T::Statement)}</h1>
        {receivables_nav(l)}
        <form method="get" action="/receivables/statement" class="inline-form" data-testid="statement-form">
            <input name="customer" placeholder=l.t(T::CustomerNo) aria-label=l.t(T::CustomerNo) value=move || params().0/>
            <select name="period" aria-label=l.t(T::Period)>
                {super::model::PERIODS.iter().map(|p| view! { <option value=*p selected=move || params().1 == *p>{l.t(period_label(p))}</option> }).collect_view()}
            </select>
            <button type="submit">{l.t(T::Show)}</button>
        </form>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                loaded(data.await, move |st| st.map(|st| {
                    let pdf = format!("/receivables/statement/{}/{}/pdf", st.customer_no, params().1);
                    view! {
                        <h2>{format!("{} {}", st.customer_no, st.customer_name)}</h2>
                        <table class="data" data-testid="statement">
                            <thead><tr><th>{l.t(T::Date)}</th><th></th><th>{l.t(T::Number)}</th><th>{l.t(T::DueDate)}</th><th class="num">{l.t(T::Amount)}</th><th class="num">{l.t(T::ClosingBalance)}</th></tr></thead>
                            <tbody>
                                <tr><td colspan="5">{l.t(T::OpeningBalance)}</td><td class="num" data-testid="statement-opening">{format::amount(st.opening, l)}</td></tr>
                                {st.lines.into_iter().map(|x| view! {
                                    <tr data-testid="statement-line">
                                        <td>{format::date(x.date, l)}</td><td>{l.t(x.kind.label())}</td><td>{x.number}</td><td>{format::opt_date(x.due_date, l)}</td>
                                        <td class="num">{format::amount(x.amount, l)}</td><td class="num">{format::amount(x.balance, l)}</td>
                                    </tr>
                                }).collect_view()}
                                <tr class="grand"><td colspan="5">{l.t(T::ClosingBalance)}</td><td class="num" data-testid="statement-closing">{format::money(st.closing, &st.currency, l)}</td></tr>
                            </tbody>
                        </table>
                        <a href=pdf class="button" data-testid="statement-pdf">{l.t(T::Pdf)}</a>
                    }
                }))
            })}
        </Transition>
    }
}

/// What receivables adds to an invoice's page: the payment form while it is open, and
/// the reminders sent for it.
pub fn invoice_settlement(i: &Invoice, version: RwSignal<i32>) -> AnyView {
    let pay = (i.kind == InvoiceKind::Invoice && i.open > rust_decimal::Decimal::ZERO).then(|| view! { <PaymentForm inv=i.clone() version/> });
    let reminders = (i.reminder_level > 0).then(|| view! { <ReminderLog no=i.number.clone()/> });
    view! { {pay} {reminders} }.into_any()
}

#[component]
fn PaymentForm(inv: Invoice, version: RwSignal<i32>) -> impl IntoView {
    let l = lang();
    let amount = RwSignal::new(format::amount(inv.open, l));
    let date = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let number = inv.number.clone();
    let pay = move |_| {
        let amount = match format::parse_amount(&amount.get_untracked(), l) {
            Ok(a) => a,
            Err(e) => return error.set(Some(format!("{}: {e}", l.t(T::Amount)))),
        };
        let input = PaymentInput { invoice_no: number.clone(), amount, date: date.get_untracked(), reference: reference.get_untracked(), ..Default::default() };
        leptos::task::spawn_local(async move {
            match register_payment(input).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <h2>{l.t(T::RegisterPayment)}</h2>
        <div class="inline-form" data-testid="payment-form">
            <input class="num" inputmode="decimal" aria-label=l.t(T::Amount) data-testid="pay-amount" prop:value=move || amount.get() on:change=move |ev| amount.set(event_target_value(&ev))/>
            <input type="date" aria-label=l.t(T::PaymentDate) prop:value=move || date.get() on:change=move |ev| date.set(event_target_value(&ev))/>
            <input placeholder=l.t(T::Reference) aria-label=l.t(T::Reference) prop:value=move || reference.get() on:change=move |ev| reference.set(event_target_value(&ev))/>
            <button type="button" class="primary" on:click=pay data-testid="pay">{l.t(T::RegisterPayment)}</button>
        </div>
        {move || error.get().map(|e| crate::ui::alert(&e))}
    }
}

/// The reminders sent for an invoice, fetched and drawn in the browser once the page
/// is hydrated: the server renders an empty placeholder, so hydration has nothing of
/// it to match.
#[component]
fn ReminderLog(no: String) -> impl IntoView {
    let l = lang();
    let rows = RwSignal::new(None::<Vec<super::model::Reminder>>);
    let n = no.clone();
    Effect::new(move |_| {
        let n = n.clone();
        leptos::task::spawn_local(async move {
            if let Ok(r) = super::api::invoice_reminders(n).await {
                rows.set(Some(r));
            }
        });
    });
    view! {
        <div data-testid="reminder-log">
            {move || rows.get().map(|r| {
                let no = no.clone();
                view! {
                    <h2>{l.t(T::Reminders)}</h2>
                    {reminder_table(r, l)}
                    <a href=format!("/receivables/invoices/{no}/reminder.pdf") class="button" data-testid="reminder-pdf">{l.t(T::Pdf)}</a>
                }
            })}
        </div>
    }
}
