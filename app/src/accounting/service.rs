//! Posting vouchers inside the caller's transaction, and the chart a company starts with.
use super::model::{parse_key, AccountInput, Draft};
use super::store;
use crate::auth::service::AuthCtx;
use crate::core::csv::ImportReport;
use crate::core::Country;
use crate::db::{db_err, Db, Tx};
use crate::error::{AppError, AppResult};

/// A new company's chart of accounts and account map (and its VAT codes' SAF-T codes).
pub async fn seed_chart(tx: &mut Tx, company_id: i64, country: Country) -> AppResult<()> {
    store::seed(tx, company_id, country).await
}

/// Gives each company made before the journal existed its chart; run at start-up.
/// Answers how many it gave one.
pub async fn ensure_charts(db: &Db) -> AppResult<usize> {
    let missing = store::without_chart(&db.pool).await?;
    for (id, country) in &missing {
        let country = Country::parse(country).map_err(AppError::Internal)?;
        let mut tx = db.begin().await?;
        store::seed(&mut tx, *id, country).await?;
        tx.commit().await.map_err(db_err)?;
    }
    Ok(missing.len())
}

/// Posts vouchers in the caller's transaction: each balanced (a rounding line takes
/// what a document's own totals leave), numbered gapless in its series and year, and
/// refused into a locked period. Two statements for any number of vouchers of one
/// series and year: the number block, then the lines.
pub async fn post(tx: &mut Tx, company_id: i64, user_id: i64, drafts: Vec<Draft>) -> AppResult<Vec<(String, i32, i64)>> {
    let drafts = drafts.into_iter().map(Draft::balanced).collect::<Result<Vec<_>, _>>().map_err(AppError::Internal)?;
    if drafts.is_empty() {
        return Ok(Vec::new());
    }
    store::post(tx, company_id, user_id, &drafts).await
}

/// The balance (debit positive) of the account `role` posts to, over the whole journal.
pub async fn role_balance(tx: &mut Tx, company_id: i64, role: super::model::Role) -> AppResult<rust_decimal::Decimal> {
    store::role_balance(tx, company_id, role.code()).await
}

/// Refuses a new posting group for a customer or supplier that has open items: its
/// receivables or payables would stay on the old group's account while its payments
/// post to the new one.
pub async fn check_group_change(tx: &mut Tx, company_id: i64, party_id: i64, party: &str) -> AppResult<()> {
    match store::party_balances(tx, company_id, party_id).await?.into_iter().find(|(_, b)| !b.is_zero()) {
        Some((account, balance)) => {
            Err(AppError::invalid(format!("{party} has {} open on account {account}: change the posting group when its open items are settled", balance.abs())))
        }
        None => Ok(()),
    }
}

/// Refuses accounts a document names that the chart does not have, or has inactive.
pub async fn check_accounts(tx: &mut Tx, company_id: i64, accounts: &[&str]) -> AppResult<()> {
    let active = store::active_accounts(tx, company_id, accounts).await?;
    match accounts.iter().find(|a| !active.iter().any(|x| x == *a)) {
        Some(a) => Err(AppError::invalid(format!("Account {a} is not an active account of the chart: add it under Setup → Accounting"))),
        None => Ok(()),
    }
}

/// Locks the accounts up to and including `date` (empty: opens every period).
pub async fn set_lock(db: &Db, ctx: &AuthCtx, date: &str) -> AppResult<()> {
    let day = crate::core::date::parse_optional("Locked until", date).map_err(AppError::Invalid)?;
    if day.is_some_and(|d| d >= ctx.today()) {
        return Err(AppError::invalid("Lock only periods that have ended: choose a date before today"));
    }
    let mut tx = db.begin().await?;
    store::set_locked_until(&mut tx, ctx.company_id, day).await?;
    tx.commit().await.map_err(db_err)
}

/// Adds or changes an account of the chart. A Norwegian company's accounts carry an
/// official SAF-T grouping; an account the map posts to stays active.
pub async fn save_account(db: &Db, ctx: &AuthCtx, input: &AccountInput) -> AppResult<()> {
    let a = input.validate().map_err(AppError::Invalid)?;
    let mut tx = db.begin().await?;
    if store::country(&mut tx, ctx.company_id).await? == Country::NO.code() && !super::saft::is_grouping(&a.grouping_category, &a.grouping_code) {
        return Err(AppError::invalid(format!(
            "Account {}: '{} {}' is not a grouping of the SAF-T næringsspesifikasjon (e.g. salgsinntekt 3000)",
            a.number, a.grouping_category, a.grouping_code
        )));
    }
    if !a.active {
        if let Some(m) = store::map(&db.pool, ctx.company_id).await?.into_iter().find(|m| m.account == a.number) {
            return Err(AppError::invalid(format!("Account {} is where {} posts: map another account there first", a.number, m.key)));
        }
    }
    store::upsert_account(&mut tx, ctx.company_id, &a).await?;
    tx.commit().await.map_err(db_err)
}

/// Sets which account a role posts to (`sales:S25` for one VAT code, `group` for
/// one item group or posting group; an empty account removes such an entry of its
/// own, so the role's applies).
pub async fn save_mapping(db: &Db, ctx: &AuthCtx, key: &str, group: &str, account: &str) -> AppResult<()> {
    let full = if group.trim().is_empty() { key.trim().to_string() } else { format!("{}@{}", key.trim(), group.trim()) };
    let parsed = parse_key(&full).map_err(AppError::Invalid)?;
    let key = parsed.key();
    let key = key.as_str();
    let account = account.trim();
    let mut tx = db.begin().await?;
    if let Some(c) = &parsed.vat_code {
        if !store::vat_code_exists(&mut tx, ctx.company_id, c).await? {
            return Err(AppError::invalid(format!("No VAT code {c} in this company")));
        }
    }
    if account.is_empty() {
        if parsed.vat_code.is_none() && parsed.group.is_none() {
            return Err(AppError::invalid(format!("{key} needs an account")));
        }
        store::set_map(&mut tx, ctx.company_id, key, None).await?;
    } else {
        let known = store::accounts(&db.pool, ctx.company_id).await?.into_iter().any(|a| a.number == account && a.active);
        if !known {
            return Err(AppError::invalid(format!("No active account {account} in the chart")));
        }
        store::set_map(&mut tx, ctx.company_id, key, Some(account)).await?;
    }
    tx.commit().await.map_err(db_err)
}

/// Imports opening balances (CSV, see [`super::model::opening_balances`]) as one
/// voucher of series IB dated `date` — the day before the company starts keeping its
/// books in Flyt — in one transaction: every account must be an active account of the
/// chart, and the balances must add up to zero. Nothing is written when any line is wrong.
pub async fn import_opening(db: &Db, ctx: &AuthCtx, date: &str, csv: &str) -> AppResult<ImportReport> {
    use super::model::{opening_balances, Role, SourceKind};
    let date = crate::core::date::parse_iso("Date", date).map_err(AppError::Invalid)?;
    if csv.len() > 1024 * 1024 {
        return Err(AppError::invalid("The file is larger than 1 MB; an opening balance has one line per account"));
    }
    let balances = match opening_balances(csv) {
        Ok(b) => b,
        Err(errors) => return Ok(ImportReport { rows: errors.len() as i64, imported: 0, errors }),
    };
    let mut tx = db.begin().await?;
    let accounts: Vec<&str> = balances.iter().map(|(a, _)| a.as_str()).collect();
    check_accounts(&mut tx, ctx.company_id, &accounts).await?;
    let mut d = Draft::new(SourceKind::OpeningBalance, 0, "IB", date, format!("Inngående balanse {date}"));
    for (account, amount) in &balances {
        d.debit_account(Role::Opening, account, *amount);
    }
    post(&mut tx, ctx.company_id, ctx.user_id, vec![d]).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(ImportReport { rows: balances.len() as i64, imported: balances.len() as i64, errors: Vec::new() })
}

/// Reverses a voucher no document corrects (an opening balance) on `date` (today when
/// empty): one voucher of series K with every line's sides swapped, in one
/// transaction. A voucher is reversed once; a locked period refuses it. Answers the
/// reversing voucher.
pub async fn reverse(db: &Db, ctx: &AuthCtx, id: &str, date: &str) -> AppResult<super::model::Voucher> {
    let (series, year, number) = super::model::parse_voucher_id(id).map_err(AppError::Invalid)?;
    let voucher =
        store::voucher(&db.pool, ctx.company_id, &series, year, number).await?.ok_or_else(|| AppError::not_found(format!("No voucher {}", id.trim())))?;
    let id = voucher.id();
    if let Some(r) = store::reversal_of(&db.pool, ctx.company_id, &id).await? {
        return Err(AppError::Conflict(format!("Voucher {id} is already reversed by {}", r.id())));
    }
    let date = crate::core::date::date_or("Date", date, ctx.today()).map_err(AppError::Invalid)?;
    let text = match ctx.lang {
        crate::core::Lang::Sv => format!("Återföring av {id}"),
        crate::core::Lang::Nb => format!("Tilbakeføring av {id}"),
        crate::core::Lang::En => format!("Reversal of {id}"),
    };
    let draft = voucher.reversal(date, text).map_err(AppError::Invalid)?;
    let mut tx = db.begin().await?;
    // two reversals at once: the journal's unique index on a reversal's source lets one in
    let posted = post(&mut tx, ctx.company_id, ctx.user_id, vec![draft]).await.map_err(|e| match e {
        AppError::Conflict(_) => AppError::Conflict(format!("Voucher {id} is already reversed")),
        e => e,
    })?;
    tx.commit().await.map_err(db_err)?;
    let (series, year, number) = posted.into_iter().next().ok_or_else(|| AppError::Internal("reversal not posted".into()))?;
    store::voucher(&db.pool, ctx.company_id, &series, year, number).await?.ok_or_else(|| AppError::Internal("reversal not found".into()))
}
