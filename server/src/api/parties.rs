//! API v1: customers, suppliers, their contacts, and the duplicate check. The same
//! service as the screens: mandatory fields, numbers from the series, change log.
use app::auth::service::AuthCtx;
use app::auth::Perm;
use app::db::Db;
use app::error::AppError;
use app::parties::model::{Contact, ContactInput, Party, PartyInput, PartyKind, PartyPage, PartyQuery, Saved, Similar, SimilarContact};
use app::parties::{service, store};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{auth, merge_patch, ApiError, ApiResult, ErrorBody};

/// A 409 answer: similar parties or contacts exist; send `"confirm_duplicate": true`
/// to create anyway.
#[derive(Serialize, ToSchema)]
pub struct SimilarBody<S: ToSchema> {
    pub error: String,
    pub similar: Vec<S>,
}

fn lang(headers: &HeaderMap) -> app::core::Lang {
    app::auth::service::request_lang(headers)
}

/// Splits `confirm_duplicate` off a JSON body and reads the rest as text fields.
fn body_input<T: Serialize + serde::de::DeserializeOwned + Default>(mut body: serde_json::Value) -> Result<(T, bool), AppError> {
    let confirm = body.as_object_mut().and_then(|o| o.remove("confirm_duplicate")).is_some_and(|v| v.as_bool().unwrap_or(false) || v.as_str() == Some("true"));
    Ok((merge_patch(&T::default(), body, &[])?, confirm))
}

async fn list(db: &Db, headers: &HeaderMap, kind: PartyKind, mut q: PartyQuery) -> ApiResult<PartyPage> {
    let ctx = auth(db, headers, Perm::Read).await?;
    q.kind = kind.code().into();
    Ok(Json(store::search(&db.pool, ctx.company_id, &q, 100).await?))
}

async fn create(db: &Db, headers: &HeaderMap, kind: PartyKind, body: serde_json::Value) -> Result<Response, ApiError> {
    let ctx = auth(db, headers, Perm::Parties).await?;
    let (mut input, confirm): (PartyInput, bool) = body_input(body)?;
    let on = Some("on".to_string());
    match kind {
        PartyKind::Customer => input.is_customer = on,
        PartyKind::Supplier => input.is_supplier = on,
    }
    if input.active.is_none() {
        input.active = Some("on".into());
    }
    match service::create(db, &ctx, &input, confirm, lang(headers)).await? {
        Saved::Saved(p) => Ok((StatusCode::CREATED, Json(p)).into_response()),
        Saved::Similar(similar) => Ok((
            StatusCode::CONFLICT,
            Json(SimilarBody { error: "Similar customers or suppliers exist; send \"confirm_duplicate\": true to create anyway".into(), similar }),
        )
            .into_response()),
    }
}

async fn get_one(db: &Db, headers: &HeaderMap, kind: PartyKind, no: &str) -> ApiResult<Party> {
    let ctx = auth(db, headers, Perm::Read).await?;
    Ok(Json(store::by_no(&db.pool, ctx.company_id, kind, no).await?))
}

async fn patch(db: &Db, headers: &HeaderMap, kind: PartyKind, no: &str, body: serde_json::Value) -> ApiResult<Party> {
    let ctx = auth(db, headers, Perm::Parties).await?;
    let current = store::by_no(&db.pool, ctx.company_id, kind, no).await?;
    let input: PartyInput = merge_patch(&current.to_input(), body, &[])?;
    Ok(Json(service::update(db, &ctx, current.id, &input, lang(headers)).await?))
}

async fn party_of(db: &Db, ctx: &AuthCtx, kind: PartyKind, no: &str) -> Result<Party, ApiError> {
    Ok(store::by_no(&db.pool, ctx.company_id, kind, no).await?)
}

async fn contacts(db: &Db, headers: &HeaderMap, kind: PartyKind, no: &str) -> ApiResult<Vec<Contact>> {
    let ctx = auth(db, headers, Perm::Read).await?;
    let p = party_of(db, &ctx, kind, no).await?;
    Ok(Json(store::contacts(&db.pool, ctx.company_id, p.id).await?))
}

async fn add_contact(db: &Db, headers: &HeaderMap, kind: PartyKind, no: &str, body: serde_json::Value) -> Result<Response, ApiError> {
    let ctx = auth(db, headers, Perm::Parties).await?;
    let p = party_of(db, &ctx, kind, no).await?;
    let (input, confirm): (ContactInput, bool) = body_input(body)?;
    match service::save_contact(db, &ctx, p.id, 0, &input, confirm).await? {
        Saved::Saved(c) => Ok((StatusCode::CREATED, Json(c)).into_response()),
        Saved::Similar(similar) => Ok((
            StatusCode::CONFLICT,
            Json(SimilarBody { error: "Contacts with the same e-mail or mobile exist; send \"confirm_duplicate\": true to add anyway".into(), similar }),
        )
            .into_response()),
    }
}

/// Generates the documented routes of one party kind from the shared handlers.
macro_rules! kind_routes {
    ($kind:expr, $tag:literal, $list:ident, $create:ident, $get:ident, $patch:ident, $contacts:ident, $add_contact:ident,
     $p_list:literal, $p_one:literal, $p_contacts:literal) => {
        #[doc = concat!("List ", $tag, "s: search, filter and page.")]
        #[utoipa::path(get, path = $p_list, params(PartyQuery), responses((status = 200, body = PartyPage), (status = 401, body = ErrorBody)))]
        pub async fn $list(State(db): State<Db>, headers: HeaderMap, Query(q): Query<PartyQuery>) -> ApiResult<PartyPage> {
            list(&db, &headers, $kind, q).await
        }

        #[doc = concat!("Create a ", $tag, ". A 409 lists similar parties unless `confirm_duplicate` is true.")]
        #[utoipa::path(post, path = $p_list, params(("Idempotency-Key" = Option<String>, Header, description = "A retried call with the same key and request never creates twice: it answers the first call's answer")), request_body = PartyInput,
            responses((status = 201, body = Party), (status = 409, body = SimilarBody<Similar>), (status = 422, body = ErrorBody)))]
        pub async fn $create(State(db): State<Db>, headers: HeaderMap, Json(body): Json<serde_json::Value>) -> Result<Response, ApiError> {
            create(&db, &headers, $kind, body).await
        }

        #[doc = concat!("One ", $tag, " by number.")]
        #[utoipa::path(get, path = $p_one, params(("no" = String, Path)), responses((status = 200, body = Party), (status = 404, body = ErrorBody)))]
        pub async fn $get(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Party> {
            get_one(&db, &headers, $kind, &no).await
        }

        #[doc = concat!("Change a ", $tag, ": the fields sent replace the current ones; each change is logged.")]
        #[utoipa::path(patch, path = $p_one, params(("no" = String, Path)), request_body = PartyInput,
            responses((status = 200, body = Party), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
        pub async fn $patch(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>, Json(body): Json<serde_json::Value>) -> ApiResult<Party> {
            patch(&db, &headers, $kind, &no, body).await
        }

        #[doc = concat!("The contact persons of a ", $tag, ".")]
        #[utoipa::path(get, path = $p_contacts, params(("no" = String, Path)), responses((status = 200, body = Vec<Contact>), (status = 404, body = ErrorBody)))]
        pub async fn $contacts(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>) -> ApiResult<Vec<Contact>> {
            contacts(&db, &headers, $kind, &no).await
        }

        #[doc = concat!("Add a contact person to a ", $tag, ". A 409 lists contacts with the same e-mail or mobile unless `confirm_duplicate` is true.")]
        #[utoipa::path(post, path = $p_contacts, params(("no" = String, Path)), request_body = ContactInput,
            responses((status = 201, body = Contact), (status = 409, body = SimilarBody<SimilarContact>), (status = 422, body = ErrorBody)))]
        pub async fn $add_contact(State(db): State<Db>, headers: HeaderMap, Path(no): Path<String>, Json(body): Json<serde_json::Value>) -> Result<Response, ApiError> {
            add_contact(&db, &headers, $kind, &no, body).await
        }
    };
}

kind_routes!(
    PartyKind::Customer,
    "customer",
    list_customers,
    create_customer,
    get_customer,
    patch_customer,
    customer_contacts,
    add_customer_contact,
    "/api/v1/customers",
    "/api/v1/customers/{no}",
    "/api/v1/customers/{no}/contacts"
);
kind_routes!(
    PartyKind::Supplier,
    "supplier",
    list_suppliers,
    create_supplier,
    get_supplier,
    patch_supplier,
    supplier_contacts,
    add_supplier_contact,
    "/api/v1/suppliers",
    "/api/v1/suppliers/{no}",
    "/api/v1/suppliers/{no}/contacts"
);

#[derive(Deserialize, IntoParams)]
pub struct SimilarQuery {
    #[serde(default)]
    name: String,
    #[serde(default)]
    org_no: String,
}

/// Parties with a similar name (case, punctuation and legal forms ignored; fuzzy)
/// or the same organisation number, best first.
#[utoipa::path(get, path = "/api/v1/parties/similar", params(SimilarQuery), responses((status = 200, body = Vec<Similar>), (status = 401, body = ErrorBody)))]
pub async fn similar(State(db): State<Db>, headers: HeaderMap, Query(q): Query<SimilarQuery>) -> ApiResult<Vec<Similar>> {
    let ctx = auth(&db, &headers, Perm::Read).await?;
    if q.name.trim().is_empty() && q.org_no.trim().is_empty() {
        return Err(AppError::invalid("Give a name or an org_no").into());
    }
    Ok(Json(store::similar(&db, ctx.company_id, &q.name, &q.org_no, None).await?))
}
