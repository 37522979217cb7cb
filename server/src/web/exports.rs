//! File downloads for the browser (authenticated by the session cookie): CSV
//! exports, document PDFs and outbox attachments.
use app::auth::{service, Perm};
use app::db::Db;
use app::error::AppError;
use app::invoicing::model::InvoiceKind;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use super::AppState;

pub fn routes() -> Router<AppState> {
    super::report_files::routes(Router::new())
        .route("/parties/export.csv", get(parties_csv))
        .route("/sales/quotes/{no}/pdf", get(quote_pdf))
        .route("/sales/orders/{no}/pdf", get(order_pdf))
        .route("/sales/deliveries/{no}/packing-slip.pdf", get(packing_slip))
        .route("/outbox/{id}/attachment", get(attachment))
        .route("/receivables/bank-files", axum::routing::post(bank_upload).layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024)))
        .route("/receivables/{kind}/{no}/pdf", get(invoice_pdf))
        .route("/receivables/invoices/{no}/reminder.pdf", get(reminder_pdf))
        .route("/receivables/statement/{customer_no}/{period}/pdf", get(statement_pdf))
        .route("/receivables/{kind}/{no}/ehf", get(invoice_ehf))
        .route("/purchasing/orders/{no}/pdf", get(po_pdf))
        .route("/accounting/export/{format}", get(accounting_export))
        .route("/purchasing/invoices/ehf", axum::routing::post(ehf_upload).layer(axum::extract::DefaultBodyLimit::max(16 * 1024 * 1024)))
}

/// A download: the bytes with their content type and a file name.
pub fn download(content_type: &'static str, file_name: &str, body: impl Into<axum::body::Body>) -> Response {
    ([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\""))], body.into())
        .into_response()
}

/// Streams an export as a download, block by block while it is written. A failure
/// after the first block cuts the download off, so a half file is never taken for a
/// whole one.
pub fn stream_export(db: &Db, export: app::accounting::exports::Export) -> Response {
    let (name, content_type) = (export.file_name(), export.content_type());
    let blocks = app::accounting::exports::start(db, export);
    let stream =
        futures::stream::unfold(blocks, |mut rx| async move { rx.recv().await.map(|b| (b.map(axum::body::Bytes::from).map_err(std::io::Error::other), rx)) });
    download(content_type, &name, axum::body::Body::from_stream(stream))
}

/// The export buttons of the accounting page (`saf-t` or `sie`, the period in the
/// query): the file, or back to the page with what keeps the period from export.
async fn accounting_export(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(format): Path<String>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    use super::auth::{encode, see_other};
    use app::accounting::exports::{prepare, Format};
    let (from, to) = (q.get("from").cloned().unwrap_or_default(), q.get("to").cloned().unwrap_or_default());
    let run = async {
        let ctx = service::authenticate(&db, &headers).await?;
        ctx.ensure(Perm::Read)?;
        let format = match format.as_str() {
            "saf-t" => Format::SafT,
            "sie" => Format::Sie,
            other => return Err(AppError::not_found(format!("export {other}"))),
        };
        let (start, end) = app::accounting::api::period(&from, &to, ctx.today())?;
        prepare(&db, &ctx, format, start, end).await
    };
    match run.await {
        Ok(export) => stream_export(&db, export),
        Err(AppError::Unauthenticated) => see_other("/login", &[]),
        Err(e @ (AppError::Forbidden(_) | AppError::NotFound(_))) => error(e),
        Err(e) => see_other(&format!("/accounting?from={}&to={}&error={}", encode(&from), encode(&to), encode(&e.to_string())), &[]),
    }
}

pub fn error(e: AppError) -> Response {
    (e.status(), e.to_string()).into_response()
}

async fn parties_csv(State(db): State<Db>, headers: HeaderMap) -> Response {
    let run = async {
        let ctx = service::authenticate(&db, &headers).await?;
        ctx.ensure(Perm::Read)?;
        let parties = app::parties::store::all(&db.pool, ctx.company_id).await?;
        Ok::<_, AppError>(app::parties::csv::export(&parties))
    };
    match run.await {
        Ok(csv) => download("text/csv; charset=utf-8", "parties.csv", csv),
        Err(AppError::Unauthenticated) => (StatusCode::UNAUTHORIZED, "Please log in").into_response(),
        Err(e) => error(e),
    }
}

/// Runs an authenticated PDF download: the file name and bytes, or the error as text.
async fn pdf_download(db: &Db, headers: &HeaderMap, make: impl std::future::Future<Output = Result<(String, Vec<u8>), AppError>>) -> Response {
    file_download(db, headers, "application/pdf", make).await
}

/// Runs an authenticated download of any type.
pub(super) async fn file_download(
    db: &Db,
    headers: &HeaderMap,
    content_type: &'static str,
    make: impl std::future::Future<Output = Result<(String, Vec<u8>), AppError>>,
) -> Response {
    let ctx = match service::authenticate(db, headers).await.and_then(|c| c.ensure(Perm::Read).map(|_| c)) {
        Ok(c) => c,
        Err(AppError::Unauthenticated) => return (StatusCode::UNAUTHORIZED, "Please log in").into_response(),
        Err(e) => return error(e),
    };
    let _ = ctx;
    match make.await {
        Ok((name, bytes)) => download(content_type, &name, bytes),
        Err(e) => error(e),
    }
}

async fn company_of(db: &Db, headers: &HeaderMap) -> Result<i64, AppError> {
    Ok(service::authenticate(db, headers).await?.company_id)
}

async fn quote_pdf(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Response {
    let make = async { app::sales::service::pdf(&db, company_of(&db, &headers).await?, app::outbox::model::DocKind::Quote, Some(&no), None).await };
    pdf_download(&db, &headers, make).await
}

async fn order_pdf(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Response {
    let make = async { app::sales::service::pdf(&db, company_of(&db, &headers).await?, app::outbox::model::DocKind::Order, Some(&no), None).await };
    pdf_download(&db, &headers, make).await
}

async fn po_pdf(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Response {
    let make = async { app::purchasing::service::pdf(&db, company_of(&db, &headers).await?, Some(&no), None).await };
    pdf_download(&db, &headers, make).await
}

/// The EHF upload form of the payables page (works without JavaScript): registers
/// the supplier invoice and opens it, or returns to the page with what is wrong.
async fn ehf_upload(State(db): State<Db>, headers: HeaderMap, mut multipart: axum::extract::Multipart) -> Response {
    use super::auth::{encode, see_other};
    let run = async {
        let ctx = service::authenticate(&db, &headers).await?;
        app::purchasing::ensure_any(&ctx, &[Perm::Purchasing, Perm::Accounting])?;
        while let Some(field) = multipart.next_field().await.map_err(|e| AppError::invalid(format!("The upload could not be read: {e}")))? {
            if field.name() == Some("file") {
                let bytes = field.bytes().await.map_err(|e| AppError::invalid(format!("The upload could not be read: {e}")))?;
                let xml = String::from_utf8(bytes.to_vec()).map_err(|_| AppError::invalid("The file is not UTF-8 text; choose an EHF XML file"))?;
                return app::purchasing::payables::import_ehf(&db, &ctx, &xml).await;
            }
        }
        Err(AppError::invalid("Choose an EHF file to import"))
    };
    match run.await {
        Ok(inv) => see_other(&format!("/purchasing/invoices/{}", inv.head.id), &[]),
        Err(AppError::Unauthenticated) => see_other("/login", &[]),
        Err(e @ AppError::Forbidden(_)) => error(e),
        Err(e) => see_other(&format!("/purchasing/invoices?error={}", encode(&e.to_string())), &[]),
    }
}

async fn packing_slip(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Response {
    let make = async { app::sales::service::packing_slip(&db, company_of(&db, &headers).await?, &no).await };
    pdf_download(&db, &headers, make).await
}

async fn attachment(State(db): State<Db>, headers: HeaderMap, Path(id): Path<i64>) -> Response {
    let make = async {
        let (m, bytes) = app::outbox::service::with_attachment(&db, company_of(&db, &headers).await?, id).await?;
        Ok((m.attachment_name, bytes))
    };
    pdf_download(&db, &headers, make).await
}

/// `invoices` or `credit-notes` in a download path.
fn kind_of(path: &str) -> InvoiceKind {
    if path == "credit-notes" {
        InvoiceKind::CreditNote
    } else {
        InvoiceKind::Invoice
    }
}

async fn invoice_pdf(State(db): State<Db>, headers: HeaderMap, Path((kind, no)): Path<(String, String)>) -> Response {
    let kind = kind_of(&kind);
    let make = async { app::invoicing::service::pdf(&db, company_of(&db, &headers).await?, kind, &no).await };
    pdf_download(&db, &headers, make).await
}

async fn invoice_ehf(State(db): State<Db>, headers: HeaderMap, Path((kind, no)): Path<(String, String)>) -> Response {
    let kind = kind_of(&kind);
    let make = async {
        let (name, xml) = app::invoicing::service::ehf(&db, company_of(&db, &headers).await?, kind, &no).await?;
        Ok((name, xml.into_bytes()))
    };
    file_download(&db, &headers, "application/xml; charset=utf-8", make).await
}

/// The bank file form of the bank page (works without JavaScript): imports the
/// file and returns to the page with what happened.
async fn bank_upload(State(db): State<Db>, headers: HeaderMap, mut multipart: axum::extract::Multipart) -> Response {
    use super::auth::{encode, see_other};
    let run = async {
        let ctx = service::authenticate(&db, &headers).await?;
        ctx.ensure(Perm::Accounting)?;
        while let Some(field) = multipart.next_field().await.map_err(|e| AppError::invalid(format!("The upload could not be read: {e}")))? {
            if field.name() == Some("file") {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|e| AppError::invalid(format!("The upload could not be read: {e}")))?;
                return app::receivables::service::import_bank_file(&db, &ctx, &name, &bytes).await;
            }
        }
        Err(AppError::invalid("Choose a bank file to import"))
    };
    match run.await {
        Ok(r) => see_other(&format!("/receivables/bank?file={}", r.file_id), &[]),
        Err(AppError::Unauthenticated) => see_other("/login", &[]),
        Err(e @ AppError::Forbidden(_)) => error(e),
        Err(e) => see_other(&format!("/receivables/bank?error={}", encode(&e.to_string())), &[]),
    }
}

async fn reminder_pdf(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> Response {
    let make = async { app::receivables::reminders::latest_pdf(&db, company_of(&db, &headers).await?, &no).await };
    pdf_download(&db, &headers, make).await
}

async fn statement_pdf(State(db): State<Db>, headers: HeaderMap, Path((customer_no, period)): Path<(String, String)>) -> Response {
    let make = async { app::receivables::statement::pdf(&db, company_of(&db, &headers).await?, &customer_no, &period).await };
    pdf_download(&db, &headers, make).await
}
