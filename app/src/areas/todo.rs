//! Home's "what needs doing": overdue invoices, orders ready to deliver and to
//! invoice, supplier invoices waiting for this user's approval, and items below
//! safety stock — each a count with a link to the list where it is done.
use leptos::prelude::*;
use leptos_router::components::A;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::core::{format, T};
use crate::error::AppError;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Todo {
    pub overdue: i64,
    pub overdue_amount: Decimal,
    pub currency: String,
    pub to_deliver: i64,
    pub to_invoice: i64,
    pub to_approve: i64,
    pub below_safety: i64,
}

#[server(endpoint = "home/todo")]
pub async fn home_todo() -> Result<Todo, AppError> {
    let (db, ctx) = crate::auth::service::require(crate::auth::Perm::Read).await?;
    store::todo(&db.pool, ctx.company_id, ctx.user_id, ctx.today()).await
}

/// Each count from the store of the area it belongs to (the areas own their tables).
#[cfg(feature = "ssr")]
mod store {
    use sqlx::AnyPool;

    use super::Todo;
    use crate::error::AppResult;

    pub async fn todo(pool: &AnyPool, company_id: i64, user_id: i64, today: chrono::NaiveDate) -> AppResult<Todo> {
        let (overdue, overdue_amount) = crate::invoicing::store::overdue(pool, company_id, today).await?;
        Ok(Todo {
            overdue,
            overdue_amount,
            currency: crate::setup::store::company(pool, company_id).await?.currency,
            to_deliver: crate::sales::store::orders_to_deliver(pool, company_id).await?,
            to_invoice: crate::sales::store::orders_to_invoice(pool, company_id).await?,
            to_approve: crate::purchasing::store::awaiting_approval(pool, company_id, user_id).await?,
            below_safety: crate::stock::store::ledger::below_safety(pool, company_id).await?,
        })
    }
}

/// The to-do list on Home: only what has something to do, each linking to its list.
#[component]
pub fn TodoList() -> impl IntoView {
    let todo = Resource::new(|| (), |_| home_todo());
    let l = crate::ui::lang();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let Ok(t) = todo.await else { return ().into_any() };
                let rows: Vec<(i64, String, &'static str, &'static str)> = vec![
                    (t.overdue, format!("{} · {}", l.t(T::TodoOverdue), format::money(t.overdue_amount, &t.currency, l)), "/receivables/open", "todo-overdue"),
                    (t.to_deliver, l.t(T::TodoDeliver).to_string(), "/sales?status=open", "todo-deliver"),
                    (t.to_invoice, l.t(T::TodoInvoice).to_string(), "/receivables/new", "todo-invoice"),
                    (t.to_approve, l.t(T::TodoApprove).to_string(), "/purchasing/invoices", "todo-approve"),
                    (t.below_safety, l.t(T::TodoBelowSafety).to_string(), "/purchasing/reorder", "todo-safety"),
                ];
                let open: Vec<_> = rows.into_iter().filter(|r| r.0 > 0).collect();
                view! {
                    <section class="todo" data-testid="todo">
                        <h2>{l.t(T::TodoTitle)}</h2>
                        {if open.is_empty() {
                            view! { <p>{l.t(T::TodoNothing)}</p> }.into_any()
                        } else {
                            view! {
                                <ul>{open.into_iter().map(|(n, text, href, id)| view! {
                                    <li data-testid=id><A href=href><strong>{n}</strong>" "{text}</A></li>
                                }).collect_view()}</ul>
                            }.into_any()
                        }}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
