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

#[cfg(feature = "ssr")]
mod store {
    use sqlx::AnyPool;

    use super::Todo;
    use crate::core::money::from_minor;
    use crate::db::db_err;
    use crate::error::AppResult;

    async fn count(pool: &AnyPool, sql: &str, args: &[i64]) -> AppResult<i64> {
        let mut q = sqlx::query_scalar(sql);
        for a in args {
            q = q.bind(*a);
        }
        q.fetch_one(pool).await.map_err(db_err)
    }

    pub async fn todo(pool: &AnyPool, company_id: i64, user_id: i64, today: chrono::NaiveDate) -> AppResult<Todo> {
        let (overdue, amount): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(CAST(SUM(open_minor) AS BIGINT), 0) FROM invoices
             WHERE company_id = $1 AND kind = 'invoice' AND open_minor > 0 AND due_date < $2",
        )
        .bind(company_id)
        .bind(today.format("%Y-%m-%d").to_string())
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
        let currency = crate::setup::store::company(pool, company_id).await?.currency;
        let to_deliver = count(pool, "SELECT COUNT(*) FROM orders WHERE company_id = $1 AND status IN ('open', 'partly_delivered')", &[company_id]).await?;
        let to_invoice =
            count(pool, "SELECT COUNT(DISTINCT order_id) FROM order_lines WHERE company_id = $1 AND delivered_milli > invoiced_milli", &[company_id]).await?;
        let to_approve = count(
            pool,
            "SELECT COUNT(*) FROM supplier_invoices s WHERE s.company_id = $1 AND s.status = 'pending'
             AND EXISTS (SELECT 1 FROM approval_level_users a WHERE a.company_id = s.company_id AND a.level = s.approved_level + 1 AND a.user_id = $2)",
            &[company_id, user_id],
        )
        .await?;
        let below_safety = count(
            pool,
            "SELECT COUNT(*) FROM items i WHERE i.company_id = $1 AND i.active = 1 AND i.kind = 'stock' AND i.safety_stock_milli > 0
             AND COALESCE((SELECT SUM(b.physical_milli) FROM stock_balances b WHERE b.company_id = i.company_id AND b.item_id = i.id), 0) < i.safety_stock_milli",
            &[company_id],
        )
        .await?;
        Ok(Todo { overdue, overdue_amount: from_minor(amount), currency, to_deliver, to_invoice, to_approve, below_safety })
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
