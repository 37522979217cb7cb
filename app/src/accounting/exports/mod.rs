//! The journal handed on: SAF-T Financial 1.30 for the Norwegian tax authority and SIE
//! 4I for a Swedish accounting program. Both are written while the journal's lines are
//! read, in blocks through a bounded channel, so a year of a busy company takes no
//! more memory than a month of a quiet one. What could make a file wrong (a VAT code
//! without its SAF-T code, an account without its grouping) is refused before the
//! first byte, with what to fix.
pub mod saft;
pub mod sie;

use chrono::NaiveDate;
use futures::StreamExt;
use rust_decimal::Decimal;
use tokio::sync::mpsc;

use super::model::Side;
use super::store::export as store;
use crate::auth::service::AuthCtx;
use crate::core::Country;
use crate::db::Db;
use crate::error::{AppError, AppResult};

#[derive(Clone, Debug)]
pub struct CompanyHead {
    pub name: String,
    pub org_no: String,
    pub country: String,
    pub currency: String,
    pub vat_registered: bool,
    pub address_line: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: String,
}

/// An account of the chart with its sums as the store reads them.
#[derive(Clone, Debug)]
pub struct AccountSums {
    pub number: String,
    pub name: String,
    pub grouping_category: String,
    pub grouping_code: String,
    /// Active, or with lines up to the period's end.
    pub used: bool,
    pub before_year: Decimal,
    pub year_to_from: Decimal,
    pub debit: Decimal,
    pub credit: Decimal,
}

impl AccountSums {
    /// The balance at the period's start (debit positive): a result account counts
    /// from the start of the year only.
    pub fn opening(&self) -> Decimal {
        if super::model::is_result_account(&self.number) {
            self.year_to_from
        } else {
            self.before_year + self.year_to_from
        }
    }
    pub fn closing(&self) -> Decimal {
        self.opening() + self.debit - self.credit
    }
}

/// A customer's or supplier's balance on one account.
#[derive(Clone, Debug)]
pub struct PartySums {
    pub side: Side,
    pub no: String,
    pub name: String,
    pub org_no: String,
    pub address_line: String,
    pub postcode: String,
    pub city: String,
    pub country: String,
    pub account: String,
    pub opening: Decimal,
    pub movement: Decimal,
    /// Has lines in the period (not only before it).
    pub in_period: bool,
}

#[derive(Clone, Debug)]
pub struct TaxCode {
    pub code: String,
    pub name: String,
    pub rate_bp: i64,
    pub saft_code: String,
    pub used: bool,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    pub vouchers: i64,
    pub debit: Decimal,
    pub credit: Decimal,
}

/// A line of a voucher as the exports write it.
#[derive(Clone, Debug)]
pub struct Entry {
    pub series: String,
    pub year: i32,
    pub number: i64,
    pub line_no: i64,
    pub date: NaiveDate,
    pub account: String,
    pub debit: Decimal,
    pub credit: Decimal,
    pub vat_code: String,
    pub text: String,
    pub kind: super::model::SourceKind,
    pub source_no: String,
    pub posted: NaiveDate,
    /// The customer's or supplier's number on a party line, else empty.
    pub party_no: String,
    /// Dimensions: the project's code and the seller's id (empty for none).
    pub project_code: String,
    pub seller: String,
}

/// What a dimension is: a project or a seller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DimKind {
    Project,
    Seller,
}

impl DimKind {
    /// SAF-T's analysis type and its description.
    pub fn saft(self) -> (&'static str, &'static str) {
        match self {
            DimKind::Project => ("PROSJEKT", "Prosjekt"),
            DimKind::Seller => ("SELGER", "Selger"),
        }
    }
    /// SIE's reserved dimension and its name: 6 project, 7 employee.
    pub fn sie(self) -> (u8, &'static str) {
        match self {
            DimKind::Project => (6, "Projekt"),
            DimKind::Seller => (7, "Anställd"),
        }
    }
    /// The entity a line names in this dimension (empty for none).
    pub fn of(self, e: &Entry) -> &str {
        match self {
            DimKind::Project => &e.project_code,
            DimKind::Seller => &e.seller,
        }
    }
}

/// A project or seller the period's lines name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dimension {
    pub kind: DimKind,
    pub id: String,
    pub name: String,
}

impl Entry {
    /// The voucher's id in Flyt: series, year and number (`F-2026-17`).
    pub fn voucher_id(&self) -> String {
        format!("{}-{}-{}", self.series, self.year, self.number)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    SafT,
    Sie,
}

/// Everything an export writes before the vouchers, checked.
#[derive(Clone, Debug)]
pub struct Export {
    pub format: Format,
    pub company: CompanyHead,
    pub user: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub accounts: Vec<AccountSums>,
    pub parties: Vec<PartySums>,
    pub tax_codes: Vec<TaxCode>,
    /// The projects and sellers the period's lines name.
    pub dimensions: Vec<Dimension>,
    pub totals: Totals,
    /// The voucher series the period has lines in, in order.
    pub series: Vec<String>,
    /// The accounts output VAT posts to: a line there is the VAT of its code.
    pub vat_accounts: Vec<String>,
    company_id: i64,
}

impl Export {
    /// The file name: Skatteetaten's pattern for SAF-T, `.SI` for SIE 4I.
    pub fn file_name(&self) -> String {
        match self.format {
            Format::SafT => {
                let org: String = self.company.org_no.chars().filter(char::is_ascii_digit).collect();
                format!("SAF-T Financial_{org}_{}_1_1.xml", self.today.format("%Y%m%d000000"))
            }
            Format::Sie => format!("FLYT_{}_{}.SI", self.from.format("%Y%m%d"), self.to.format("%Y%m%d")),
        }
    }
    pub fn content_type(&self) -> &'static str {
        match self.format {
            Format::SafT => "application/xml; charset=utf-8",
            Format::Sie => "text/plain; charset=IBM437",
        }
    }
}

/// Reads and checks what the export needs before its vouchers. SAF-T is for Norwegian
/// companies: every account needs an official grouping and every VAT code the period
/// uses its standard tax code. SIE needs numeric account numbers.
pub async fn prepare(db: &Db, ctx: &AuthCtx, format: Format, from: NaiveDate, to: NaiveDate) -> AppResult<Export> {
    let pool = &db.pool;
    let company = store::company_head(pool, ctx.company_id).await?;
    let accounts = store::accounts(pool, ctx.company_id, from, to).await?;
    let period = store::period(pool, ctx.company_id, from, to).await?;
    let tax_codes = store::tax_codes(pool, ctx.company_id, &period.vat_codes).await?;
    match format {
        Format::SafT => {
            if company.country != Country::NO.code() {
                return Err(AppError::invalid("SAF-T Financial is the Norwegian tax authority's format; a Swedish company exports SIE 4I"));
            }
            if company.org_no.chars().filter(char::is_ascii_digit).count() != 9 {
                return Err(AppError::invalid("The SAF-T file needs the company's organisation number (9 digits): enter it under Setup → Company"));
            }
            if let Some(a) = accounts.iter().find(|a| a.used && !super::saft::is_grouping(&a.grouping_category, &a.grouping_code)) {
                return Err(AppError::invalid(format!(
                    "Account {} has no SAF-T grouping of the næringsspesifikasjon: set it under Setup → Accounting",
                    a.number
                )));
            }
            if let Some(v) = tax_codes.iter().find(|v| v.used && !super::saft::tax_codes().contains(&v.saft_code)) {
                return Err(AppError::invalid(format!("VAT code {} has no SAF-T standard tax code, so the period cannot be reported", v.code)));
            }
        }
        Format::Sie => {
            if let Some(a) = accounts.iter().find(|a| a.used && !a.number.chars().all(|c| c.is_ascii_digit())) {
                return Err(AppError::invalid(format!("SIE needs numeric account numbers: account {} is not one", a.number)));
            }
        }
    }
    let map = super::store::map(pool, ctx.company_id).await?;
    let vat_out = super::model::Role::VatOut.code();
    let vat_accounts = map.into_iter().filter(|m| m.key == vat_out || m.key.starts_with(&format!("{vat_out}:"))).map(|m| m.account).collect();
    Ok(Export {
        format,
        user: store::user_name(pool, ctx.user_id).await?,
        parties: store::parties(pool, ctx.company_id, from, to).await?,
        dimensions: period.dimensions,
        totals: period.totals,
        series: period.series.into_iter().collect(),
        company,
        from,
        to,
        today: ctx.today(),
        accounts,
        tax_codes,
        vat_accounts,
        company_id: ctx.company_id,
    })
}

/// The receiving end of an export: blocks of bytes, or the error that cut it short.
pub type Blocks = mpsc::Receiver<Result<Vec<u8>, String>>;

/// A writer of one format: the head, each voucher, the end.
trait Writer {
    fn voucher(&mut self, lines: &[Entry]);
    fn finish(&mut self);
    fn buffer(&mut self) -> &mut Vec<u8>;
}

/// A block is sent on when it reaches this size.
const BLOCK: usize = 256 * 1024;

/// Starts writing the export on its own task and answers the blocks as they come.
pub fn start(db: &Db, export: Export) -> Blocks {
    let (tx, rx) = mpsc::channel(4);
    let db = db.clone();
    tokio::spawn(async move {
        if let Err(e) = write(&db, &export, &tx).await {
            // the receiver may be gone already (the download was cancelled)
            let _ = tx.send(Err(e.to_string())).await;
        }
    });
    rx
}

async fn write(db: &Db, export: &Export, tx: &mpsc::Sender<Result<Vec<u8>, String>>) -> AppResult<()> {
    let mut writer: Box<dyn Writer + Send> = match export.format {
        Format::SafT => Box::new(saft::SaftWriter::new(export)),
        Format::Sie => Box::new(sie::SieWriter::new(export)),
    };
    let mut lines = std::pin::pin!(store::entries(&db.pool, export.company_id, export.from, export.to, export.series.clone()));
    let mut voucher: Vec<Entry> = Vec::new();
    let mut counted = (0i64, Decimal::ZERO, Decimal::ZERO);
    while let Some(e) = lines.next().await {
        let e = e?;
        if voucher.last().is_some_and(|v| (&v.series, v.year, v.number) != (&e.series, e.year, e.number)) {
            writer.voucher(&voucher);
            counted.0 += 1;
            voucher.clear();
        }
        counted.1 += e.debit;
        counted.2 += e.credit;
        voucher.push(e);
        if writer.buffer().len() >= BLOCK {
            let block = std::mem::take(writer.buffer());
            tx.send(Ok(block)).await.map_err(|_| AppError::Internal("the export's download was cancelled".into()))?;
        }
    }
    if !voucher.is_empty() {
        writer.voucher(&voucher);
        counted.0 += 1;
    }
    // postings made while the file was written are after its head's totals: refuse
    // rather than hand on a file whose totals do not add up
    if (counted.0, counted.1, counted.2) != (export.totals.vouchers, export.totals.debit, export.totals.credit) {
        return Err(AppError::Conflict("Vouchers were posted into the period while the file was written: export it again".into()));
    }
    writer.finish();
    let block = std::mem::take(writer.buffer());
    tx.send(Ok(block)).await.map_err(|_| AppError::Internal("the export's download was cancelled".into()))?;
    Ok(())
}

/// The whole export in memory (tests, benchmarks and small periods).
pub async fn to_bytes(db: &Db, export: Export) -> AppResult<Vec<u8>> {
    let mut rx = start(db, export);
    let mut out = Vec::new();
    while let Some(block) = rx.recv().await {
        out.extend(block.map_err(AppError::Internal)?);
    }
    Ok(out)
}
