//! Posting stock moves, for every area that moves stock, inside the caller's
//! transaction: the ledger and its caches, and — when the company keeps perpetual
//! inventory — the voucher of the stock's change in value, in the same transaction.
use rust_decimal::Decimal;

use super::inventory;
use super::model::NewMove;
use super::store::ledger;
use crate::auth::service::AuthCtx;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};

/// Posts `moves` (see `ledger::append_moves`). With perpetual inventory on, the change
/// of the touched items' book value posts as a voucher of series V (one per move
/// date): `doc_no` is the document the voucher links to ("" when there is no page
/// for it), `text` what the journal says (numbers and names, never a code: it is shown
/// as stored, whatever the reader's language). A move dated into a locked period is then
/// refused, as every posting is.
pub async fn post_moves(tx: &mut Tx, company_id: i64, user_id: i64, doc_no: &str, text: &str, moves: &[NewMove]) -> AppResult<()> {
    let appended = ledger::append_moves(tx, company_id, user_id, moves).await?;
    let Some(first) = moves.first().filter(|_| appended.perpetual) else {
        return Ok(());
    };
    let drafts = inventory::vouchers(inventory::source_kind(first.origin.kind), first.origin.id, doc_no, text, &appended.changes);
    crate::accounting::service::post(tx, company_id, user_id, drafts).await?;
    Ok(())
}

/// Whether the company keeps perpetual inventory.
pub async fn perpetual(db: &Db, company_id: i64) -> AppResult<bool> {
    crate::setup::store::perpetual_inventory(&db.pool, company_id).await
}

/// Turns perpetual inventory on or off. On: the stock must be valued by moving average
/// (what each move records), and the inventory account is first brought to the
/// stock's book value by one voucher dated today, so from then on it equals the
/// valuation report. Off: nothing more posts; the account keeps what it has.
pub async fn set_perpetual(db: &Db, ctx: &AuthCtx, on: bool) -> AppResult<()> {
    use crate::setup::model::Valuation;
    let mut tx = db.begin().await?;
    // no posting may run between reading the book value and the setting taking effect
    super::store::closing::lock(&mut tx, ctx.company_id, true).await?;
    if on {
        if ledger::valuation_method(&mut tx, ctx.company_id).await? != Valuation::Average {
            return Err(AppError::invalid(
                "Perpetual inventory posts each move at its moving average cost: choose the moving average valuation under Setup → Company first",
            ));
        }
        if !ledger::perpetual_in(&mut tx, ctx.company_id).await? {
            let book: Decimal = ledger::balances(&mut tx, ctx.company_id).await?.into_iter().map(|(q, v)| inventory::book_value(q, v)).sum();
            let account = crate::accounting::service::role_balance(&mut tx, ctx.company_id, crate::accounting::model::Role::Inventory).await?;
            let text = match ctx.lang {
                crate::core::Lang::Sv => "Lagervärde vid start av löpande lagerbokföring",
                crate::core::Lang::Nb => "Lagerverdi ved start av løpende lagerføring",
                crate::core::Lang::En => "Stock value as perpetual inventory starts",
            };
            let drafts = inventory::alignment(book, account, ctx.today(), text).into_iter().collect();
            crate::accounting::service::post(&mut tx, ctx.company_id, ctx.user_id, drafts).await?;
        }
    }
    ledger::set_perpetual(&mut tx, ctx.company_id, on).await?;
    tx.commit().await.map_err(db_err)
}
