//! Registering payments: one transaction — the payment, its allocation to the
//! invoice, a small remaining difference written off by the company's rule, and any
//! overpayment kept as the customer's credit.
use rust_decimal::Decimal;

use super::model::{split_payment, PaymentInput, PaymentResult};
use super::store::{self, NewPayment};
use crate::auth::service::AuthCtx;
use crate::core::money::{cents, from_minor, to_minor};
use crate::core::text;
use crate::db::{db_err, Db};
use crate::error::{AppError, AppResult};
use crate::invoicing::store::{self as inv_store, Settles};
use crate::parties::model::PartyKind;
use crate::sales::service::{date_or, today};

fn minor(d: Decimal) -> AppResult<i64> {
    to_minor(d).map_err(|e| AppError::invalid(format!("Amount: {e}")))
}

pub async fn register(
    db: &Db,
    ctx: &AuthCtx,
    input: &PaymentInput,
    method: &str,
) -> AppResult<PaymentResult> {
    if input.amount <= Decimal::ZERO {
        return Err(AppError::invalid(format!(
            "The amount paid must be above 0 (got {})",
            input.amount
        )));
    }
    let amount = minor(input.amount)?;
    let date = date_or("Payment date", &input.date, today())?
        .format("%Y-%m-%d")
        .to_string();
    let reference = text::optional("Reference", &input.reference, 200)?;
    let by_invoice = !input.invoice_no.trim().is_empty() || !input.kid.trim().is_empty();
    if !by_invoice && input.customer_no.trim().is_empty() {
        return Err(AppError::invalid(
            "Say what the payment is for: an invoice number, a KID or a customer",
        ));
    }
    let mut tx = db.begin().await?;
    let settings = inv_store::settings(&mut *tx, ctx.company_id).await?;
    let mut result = PaymentResult::default();
    if by_invoice {
        let (invoice_id, invoice_no, customer_id, currency, open) =
            store::payable(&mut *tx, ctx.company_id, &input.invoice_no, &input.kid).await?;
        let customer = crate::parties::store::by_id(&mut *tx, ctx.company_id, customer_id).await?;
        if !input.customer_no.trim().is_empty() && input.customer_no.trim() != customer.number() {
            return Err(AppError::invalid(format!(
                "Invoice {invoice_no} is to customer {}, not {}",
                customer.number(),
                input.customer_no.trim()
            )));
        }
        let (applied, written, credit) =
            split_payment(input.amount, from_minor(open), settings.writeoff_limit);
        let p = NewPayment {
            customer_id,
            date: &date,
            amount_minor: amount,
            currency: &currency,
            method,
            reference: &reference,
            unallocated_minor: minor(credit)?,
        };
        let pid = store::insert_payment(&mut tx, ctx.company_id, ctx.user_id, &p).await?;
        if applied > Decimal::ZERO {
            inv_store::allocate(
                &mut tx,
                ctx.company_id,
                invoice_id,
                Settles::Payment(pid),
                minor(applied)?,
                &date,
            )
            .await?;
        }
        if written > Decimal::ZERO {
            inv_store::allocate(
                &mut tx,
                ctx.company_id,
                invoice_id,
                Settles::WriteOff,
                minor(written)?,
                &date,
            )
            .await?;
        }
        result = PaymentResult {
            payment_id: pid,
            customer_no: customer.number(),
            invoice_no,
            applied: cents(applied),
            written_off: cents(written),
            credit: cents(credit),
            invoice_open: cents(from_minor(open) - applied - written),
        };
    } else {
        let c = crate::parties::store::by_no(
            &mut *tx,
            ctx.company_id,
            PartyKind::Customer,
            input.customer_no.trim(),
        )
        .await?;
        let p = NewPayment {
            customer_id: c.id,
            date: &date,
            amount_minor: amount,
            currency: &c.currency,
            method,
            reference: &reference,
            unallocated_minor: amount,
        };
        result.payment_id = store::insert_payment(&mut tx, ctx.company_id, ctx.user_id, &p).await?;
        result.customer_no = c.number();
        result.credit = cents(input.amount);
    }
    tx.commit().await.map_err(db_err)?;
    Ok(result)
}
