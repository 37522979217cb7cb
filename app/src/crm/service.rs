//! The CRM sync at work. A run reads the CRM's parties changed since its cursor (less
//! an overlap) and Flyt's customers changed since its place in the event journal, and
//! syncs each pair field by field (`model::plan`): only what differs is written, and
//! only the way the field's rule allows. A CRM record without a link is matched to the
//! Flyt parties like it (org no, e-mail, name): linked when certain, else it waits in
//! the review list; one like none is created in Flyt when it has what Flyt requires
//! (else it waits too). A Flyt customer without a link is created in the CRM. The
//! cursors move only when the run went through, so a CRM that is down loses nothing.
use std::collections::BTreeSet;

use super::model::*;
use super::store::{self, CrmRow};
use super::tryton::{Connection, CrmParty, Tryton};
use crate::auth::service::AuthCtx;
use crate::core::event::EventKind;
use crate::core::Lang;
use crate::db::http::Failed;
use crate::db::{now_ms, Db};
use crate::error::{AppError, AppResult};
use crate::parties::lists::Lists;
use crate::parties::model::{ContactInput, Party, PartyInput, ProjectStatus, Saved};
use crate::setup::model::PaymentTerm;

/// The pause between the workers' looks for due syncs (`FLYT_CRM_TICK_MS`).
pub fn tick_ms() -> i64 {
    std::env::var("FLYT_CRM_TICK_MS").ok().and_then(|v| v.parse().ok()).filter(|v| *v > 0).unwrap_or(1000)
}

/// The first pause after a failed run, doubling to 10 minutes (`FLYT_CRM_RETRY_BASE_MS`).
fn retry_base_ms() -> i64 {
    std::env::var("FLYT_CRM_RETRY_BASE_MS").ok().and_then(|v| v.parse().ok()).filter(|v| *v > 0).unwrap_or(1000)
}

/// Changes in are read from this far before the cursor: a CRM transaction that began
/// earlier but committed after the last read carries an earlier change time.
const OVERLAP_MS: i64 = 60_000;
/// A worker's hold on a connection.
const CLAIM_MS: i64 = 120_000;

/// The HTTP client the CRM is called with: short timeouts (a slow CRM is retried).
pub fn client() -> reqwest::Client {
    crate::db::outbound::client(std::time::Duration::from_secs(5), std::time::Duration::from_secs(30), true)
}

fn crm_of(c: &CrmRow, http: &reqwest::Client) -> Tryton {
    Tryton::new(&Connection { url: c.url.clone(), database: c.database.clone(), login: c.login.clone(), password: c.secret.clone() }, http.clone())
}

/// Why a run stopped: the CRM (away, or refusing the login) or Flyt.
enum Stop {
    Crm(Failed),
    App(AppError),
}

impl From<Failed> for Stop {
    fn from(f: Failed) -> Self {
        Stop::Crm(f)
    }
}
impl From<AppError> for Stop {
    fn from(e: AppError) -> Self {
        Stop::App(e)
    }
}

impl Stop {
    fn text(&self) -> String {
        match self {
            Stop::Crm(f) => format!("The CRM {f}"),
            Stop::App(e) => e.to_string(),
        }
    }
}

/// Saves the connection after a login with it (a wrong address or password is said
/// at once, not at the first run).
pub async fn save(db: &Db, ctx: &AuthCtx, http: &reqwest::Client, input: &CrmInput) -> AppResult<()> {
    let checked = check_input(input).map_err(AppError::invalid)?;
    crate::db::outbound::check_url(&checked.url).await.map_err(|e| AppError::invalid(format!("CRM address: {e}")))?;
    let secret = Some(input.password.as_str()).filter(|s| !s.is_empty());
    let password = match secret {
        Some(s) => s.to_string(),
        None => store::connection(&db.pool, ctx.company_id).await?.map(|c| c.secret).unwrap_or_default(),
    };
    if checked.active {
        let crm =
            Tryton::new(&Connection { url: checked.url.clone(), database: checked.database.clone(), login: checked.login.clone(), password }, http.clone());
        crm.check().await.map_err(|f| AppError::invalid(format!("The CRM {f}")))?;
    }
    store::save(&db.pool, ctx.company_id, ctx.user_id, &checked, secret).await
}

/// Runs the syncs that are due (called by the server's worker).
pub async fn run_due(db: &Db, http: &reqwest::Client) -> AppResult<usize> {
    let now = now_ms();
    let mut n = 0;
    for company_id in store::due(&db.pool, now).await? {
        if !store::claim(&db.pool, company_id, now, CLAIM_MS).await? {
            continue;
        }
        let result = run_one(db, http, company_id).await;
        store::release(&db.pool, company_id).await?;
        if let Err(e) = result {
            tracing::warn!("CRM sync of company {company_id}: {e}");
        }
        n += 1;
    }
    Ok(n)
}

async fn run_one(db: &Db, http: &reqwest::Client, company_id: i64) -> AppResult<SyncSummary> {
    let c = store::connection(&db.pool, company_id).await?.ok_or_else(|| AppError::not_found("Set up the CRM connection first"))?;
    let crm = crm_of(&c, http);
    match sync(db, &c, &crm).await {
        Ok((summary, in_cursor, seq)) => {
            store::ran(&db.pool, company_id, in_cursor, seq, now_ms() + c.poll_seconds * 1000, &summary.problems).await?;
            Ok(summary)
        }
        Err(stop) => {
            let wait = (retry_base_ms() << c.failures.clamp(0, 20)).min(600_000);
            store::failed(&db.pool, company_id, now_ms() + wait, &stop.text()).await?;
            Err(AppError::Conflict(stop.text()))
        }
    }
}

/// "Sync now": one run at once (after a worker's run, if one is at it), answered with
/// what it did.
pub async fn sync_now(db: &Db, ctx: &AuthCtx, http: &reqwest::Client) -> AppResult<SyncSummary> {
    store::connection(&db.pool, ctx.company_id).await?.ok_or_else(|| AppError::not_found("Set up the CRM connection first"))?;
    let waited = std::time::Instant::now();
    while !store::claim(&db.pool, ctx.company_id, now_ms(), CLAIM_MS).await? {
        if waited.elapsed() > std::time::Duration::from_secs(30) {
            return Err(AppError::Conflict("The CRM is being synced right now: try again in a moment".into()));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let result = run_one(db, http, ctx.company_id).await;
    store::release(&db.pool, ctx.company_id).await?;
    result
}

/// The integration acts as the user who set it up, in the connection's company only.
async fn actor(db: &Db, c: &CrmRow) -> AppResult<AuthCtx> {
    let country = crate::setup::store::company(&db.pool, c.company_id).await?.country;
    Ok(AuthCtx::admin(c.created_by, c.company_id, &country))
}

/// A Flyt party's synced values: its payment terms as days net, its active contacts
/// and its projects that are not cancelled.
pub async fn flyt_values(db: &Db, company_id: i64, p: &Party) -> AppResult<Values> {
    let terms = crate::setup::store::list_payment_terms(&db.pool, company_id).await?;
    let days = p.payment_terms.as_ref().and_then(|c| terms.iter().find(|t| &t.code == c)).map(|t| t.days.to_string()).unwrap_or_default();
    let contacts = crate::parties::store::contacts(&db.pool, company_id, p.id).await?;
    let contacts = contacts.iter().filter(|c| c.active).map(|c| contact_line(&c.name, &c.email, &c.mobile)).collect();
    let projects = crate::parties::store::projects(&db.pool, company_id, Some(p.id)).await?;
    let projects =
        projects.iter().filter(|p| p.status != ProjectStatus::Cancelled).map(|p| project_line(&p.name, p.status == ProjectStatus::Completed)).collect();
    Ok(Values::from([
        (CrmField::Name, p.name.clone()),
        (CrmField::OrgNo, p.org_no.clone()),
        (CrmField::Address, address(&p.address_line, &p.postcode, &p.city)),
        (CrmField::Phone, p.phone.clone()),
        (CrmField::Email, p.invoice_email.clone()),
        (CrmField::Web, p.web.clone()),
        (CrmField::Active, yes_no(p.active)),
        (CrmField::PaymentTerms, days),
        (CrmField::Contacts, list_value(contacts)),
        (CrmField::Projects, list_value(projects)),
    ]))
}

/// A party's form input with these values set, and the lists to set with it; a value
/// Flyt cannot take is said (the record then waits in the review list).
fn with_values(mut input: PartyInput, set: &Values, terms: &[PaymentTerm]) -> Result<(PartyInput, Lists), String> {
    let mut lists = Lists::default();
    for (f, v) in set {
        match f {
            CrmField::Name => input.name = v.clone(),
            CrmField::OrgNo => input.org_no = v.clone(),
            CrmField::Address => (input.address_line, input.postcode, input.city) = address_parts(v),
            CrmField::Phone => input.phone = v.clone(),
            CrmField::Email => input.invoice_email = v.clone(),
            CrmField::Web => input.web = v.clone(),
            CrmField::Active => input.active = Some(if v.trim() == "no" { "" } else { "on" }.to_string()),
            CrmField::PaymentTerms => input.payment_terms = term_code(v, terms)?,
            CrmField::Contacts => {
                let people = v.lines().filter(|l| !l.trim().is_empty()).map(contact_parts);
                let checked = people.map(|(name, email, mobile)| {
                    ContactInput { name: name.clone(), email, mobile, ..Default::default() }.validate().map_err(|e| format!("Contact {name}: {e}"))
                });
                lists.contacts = Some(checked.collect::<Result<_, _>>()?);
            }
            CrmField::Projects => {
                let projects: Vec<(String, bool)> = v.lines().filter(|l| !l.trim().is_empty()).map(project_parts).collect();
                if projects.iter().any(|(n, _)| n.is_empty() || n.chars().count() > 200) {
                    return Err("A project's name is empty or longer than 200 characters".into());
                }
                lists.projects = Some(projects);
            }
        }
    }
    Ok((input, lists))
}

/// Flyt's payment term of the CRM's days net (none for empty).
fn term_code(v: &str, terms: &[PaymentTerm]) -> Result<String, String> {
    if v.trim().is_empty() {
        return Ok(String::new());
    }
    let days: i64 =
        v.trim().parse().map_err(|_| format!("The CRM's payment term '{}' is not a number of days net, which Flyt's payment terms are", v.trim()))?;
    terms
        .iter()
        .filter(|t| t.active && t.days == days)
        .map(|t| t.code.clone())
        .next()
        .ok_or_else(|| format!("Flyt has no payment term of {days} days: add one under Setup → Payment terms"))
}

/// One run: (what it did, the new CRM cursor, the new place in the journal).
async fn sync(db: &Db, c: &CrmRow, crm: &Tryton) -> Result<(SyncSummary, i64, i64), Stop> {
    let ctx = actor(db, c).await?;
    let mut sum = SyncSummary::default();
    // Flyt's side first: where the journal is now (a first run takes every customer)
    let (flyt_ids, seq) = match c.events_seq {
        None => (store::customers(&db.pool, c.company_id).await?, store::last_seq(&db.pool, c.company_id).await?),
        Some(after) => {
            let kinds = [EventKind::CustomerCreated, EventKind::CustomerChanged];
            let (mut seq, mut numbers) = (after, BTreeSet::new());
            loop {
                let page = crate::events::store::page(&db.pool, c.company_id, seq, &kinds, 1000).await?;
                seq = page.last().map(|e| e.seq).unwrap_or(seq);
                let full = page.len() == 1000;
                numbers.extend(page.into_iter().map(|e| e.subject));
                if !full {
                    break;
                }
            }
            (store::customer_ids(&db.pool, c.company_id, &numbers.into_iter().collect::<Vec<_>>()).await?, seq)
        }
    };
    let (crm_ids, latest) = crm.changed_since(c.in_cursor.map(|ms| ms - OVERLAP_MS)).await?;
    let crm_parties = crm.parties(&crm_ids.into_iter().collect::<Vec<_>>()).await?;
    sum.read = crm_parties.len();
    let mut done = BTreeSet::new();
    for cp in &crm_parties {
        if let Some(party_id) = from_crm(db, &ctx, c, crm, cp, &mut sum).await? {
            done.insert(party_id);
        }
    }
    // Flyt's changes: linked parties synced, new customers created in the CRM
    let waiting: BTreeSet<i64> = store::review_candidates(&db.pool, c.company_id).await?.into_iter().collect();
    let mut linked = Vec::new();
    for id in flyt_ids.into_iter().filter(|id| !done.contains(id)) {
        match store::link_by_party(&db.pool, c.company_id, id).await? {
            // its CRM record was deleted there: neither synced nor made again
            Some(link) if link.gone => {}
            Some(link) => linked.push(link),
            None if c.rules.creates_in_crm() && !waiting.contains(&id) => create_in_crm(db, c, crm, id, &mut sum).await?,
            None => {}
        }
    }
    let ids: Vec<i64> = linked.iter().map(|l| l.crm_id).collect();
    for chunk in ids.chunks(200) {
        let found = crm.parties(chunk).await?;
        for cp in &found {
            if let Some(link) = linked.iter().find(|l| l.crm_id == cp.id) {
                sync_pair(db, &ctx, c, crm, link.party_id, cp, Some(&link.base), &mut sum).await?;
            }
        }
        for link in linked.iter().filter(|l| chunk.contains(&l.crm_id) && !found.iter().any(|cp| cp.id == l.crm_id)) {
            store::gone(&db.pool, c.company_id, link.crm_id).await?;
            let party = crate::parties::store::by_id(&db.pool, c.company_id, link.party_id).await?;
            sum.problems.push(format!(
                "{} {}: its CRM record {} was deleted in the CRM; the customer is no longer synced",
                party.number(),
                party.name,
                link.crm_id
            ));
        }
    }
    Ok((sum, latest.max(c.in_cursor.unwrap_or(0)), seq))
}

/// A CRM record read: synced with its linked party, else matched. Answers the Flyt
/// party it was synced with.
async fn from_crm(db: &Db, ctx: &AuthCtx, c: &CrmRow, crm: &Tryton, cp: &CrmParty, sum: &mut SyncSummary) -> Result<Option<i64>, Stop> {
    if let Some(link) = store::link_by_crm(&db.pool, c.company_id, cp.id).await? {
        sync_pair(db, ctx, c, crm, link.party_id, cp, Some(&link.base), sum).await?;
        return Ok(Some(link.party_id));
    }
    // a person decides an uncertain match; an incomplete record is tried again when it changed
    if store::in_review(&db.pool, c.company_id, cp.id).await? == Some(ReviewReason::Uncertain) {
        return Ok(None);
    }
    let m = decide(&candidates(db, c.company_id, &cp.values).await?, !blank(CrmField::OrgNo, value_of(&cp.values, CrmField::OrgNo)));
    match m {
        Match::Link(party_id) => {
            sync_pair(db, ctx, c, crm, party_id, cp, None, sum).await?;
            sum.linked += 1;
            Ok(Some(party_id))
        }
        Match::Review(ids) => {
            let name = value_of(&cp.values, CrmField::Name);
            store::review(&db.pool, c.company_id, cp.id, name, ReviewReason::Uncertain, "", &ids).await?;
            sum.review += 1;
            Ok(None)
        }
        // a record deactivated in the CRM is not made a customer
        Match::New if c.rules.creates_in_flyt() && value_of(&cp.values, CrmField::Active) != "no" => create_in_flyt(db, ctx, c, cp, sum).await,
        Match::New => Ok(None),
    }
}

fn value_of(v: &Values, f: CrmField) -> &str {
    v.get(&f).map(String::as_str).unwrap_or("")
}

/// The Flyt parties like a CRM record: by org no and name (the register's duplicate
/// check) and by e-mail.
async fn candidates(db: &Db, company_id: i64, v: &Values) -> AppResult<Vec<Candidate>> {
    let org = comparable(CrmField::OrgNo, value_of(v, CrmField::OrgNo));
    let name = value_of(v, CrmField::Name);
    let similar = crate::parties::store::similar(db, company_id, name, &org, None).await?;
    let email = value_of(v, CrmField::Email);
    let by_email = if email.is_empty() { Vec::new() } else { store::parties_by_email(&db.pool, company_id, email).await? };
    let mut ids: Vec<i64> = similar.iter().map(|s| s.id).chain(by_email.iter().copied()).collect();
    ids.sort_unstable();
    ids.dedup();
    let linked = store::linked_parties(&db.pool, company_id, &ids).await?;
    let key = crate::parties::similar::name_key(name);
    let mut out = Vec::new();
    for id in ids {
        let s = similar.iter().find(|s| s.id == id);
        let score = match s {
            Some(s) => s.score,
            None => {
                crate::parties::similar::score(&key, &crate::parties::similar::name_key(&crate::parties::store::by_id(&db.pool, company_id, id).await?.name))
            }
        };
        out.push(Candidate {
            party_id: id,
            same_org_no: s.is_some_and(|s| !org.is_empty() && comparable(CrmField::OrgNo, &s.org_no) == org),
            same_email: by_email.contains(&id),
            name_score: score,
            linked: linked.contains(&id),
        });
    }
    Ok(out)
}

/// Syncs a pair field by field; `base` None for a first link. A value Flyt refuses, or
/// the CRM refuses, puts the record in the review list with the reason (nothing is
/// written half: Flyt's party is one transaction, the CRM's write one call).
#[allow(clippy::too_many_arguments)]
async fn sync_pair(
    db: &Db,
    ctx: &AuthCtx,
    c: &CrmRow,
    crm: &Tryton,
    party_id: i64,
    cp: &CrmParty,
    base: Option<&Values>,
    sum: &mut SyncSummary,
) -> Result<(), Stop> {
    let party = crate::parties::store::by_id(&db.pool, c.company_id, party_id).await?;
    let flyt = flyt_values(db, c.company_id, &party).await?;
    let changed_at = store::party_changed_at(&db.pool, c.company_id, party_id).await?;
    // a field this CRM does not have is left alone, its base kept
    let rules = c.rules.without(&cp.unknown);
    let mut plan = plan(&rules, base, &flyt, &cp.values, changed_at > cp.modified_ms);
    for f in &cp.unknown {
        if let Some(v) = base.and_then(|b| b.get(f)) {
            plan.base.insert(*f, v.clone());
        }
    }
    if base.is_some() && plan.is_noop() && plan.conflicts.is_empty() && Some(&plan.base) == base {
        return Ok(());
    }
    let name = value_of(&cp.values, CrmField::Name);
    if !plan.to_flyt.is_empty() {
        let terms = crate::setup::store::list_payment_terms(&db.pool, c.company_id).await?;
        let written = match with_values(party.to_input(), &plan.to_flyt, &terms) {
            Ok((input, lists)) => crate::parties::service::update_with(db, ctx, party_id, &input, &lists, Lang::En).await,
            Err(why) => Err(AppError::Invalid(why)),
        };
        match written {
            Ok(_) => sum.updated_in_flyt += 1,
            Err(AppError::Invalid(why)) => {
                store::review(&db.pool, c.company_id, cp.id, name, ReviewReason::Incomplete, &format!("Flyt: {why}"), &[party_id]).await?;
                sum.review += 1;
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !plan.to_crm.is_empty() {
        match crm.write(cp.id, &plan.to_crm).await {
            Ok(()) => sum.updated_in_crm += 1,
            Err(Failed::Refused(why)) => {
                store::review(&db.pool, c.company_id, cp.id, name, ReviewReason::Incomplete, &format!("CRM: {why}"), &[party_id]).await?;
                sum.review += 1;
                return Ok(());
            }
            Err(f) => return Err(f.into()),
        }
    }
    sum.conflicts += plan.conflicts.len();
    store::synced(&db.pool, c.company_id, party_id, cp.id, &plan).await?;
    Ok(())
}

/// A CRM record like no Flyt party becomes a customer when it has what Flyt requires;
/// otherwise it waits in the review list with what is missing.
async fn create_in_flyt(db: &Db, ctx: &AuthCtx, c: &CrmRow, cp: &CrmParty, sum: &mut SyncSummary) -> Result<Option<i64>, Stop> {
    let taken = taken(&c.rules.without(&cp.unknown), &cp.values, true);
    let name = value_of(&cp.values, CrmField::Name);
    let terms = crate::setup::store::list_payment_terms(&db.pool, c.company_id).await?;
    let (input, lists) = match with_values(PartyInput { is_customer: Some("on".into()), active: Some("on".into()), ..Default::default() }, &taken, &terms) {
        Ok(x) => x,
        Err(why) => {
            store::review(&db.pool, c.company_id, cp.id, name, ReviewReason::Incomplete, &why, &[]).await?;
            sum.review += 1;
            return Ok(None);
        }
    };
    let created = crate::parties::service::create(db, ctx, &input, true, Lang::En).await;
    // its contacts and projects, checked with the rest above
    let created = match created {
        Ok(Saved::Saved(p)) if lists != Lists::default() => {
            crate::parties::service::update_with(db, ctx, p.id, &p.to_input(), &lists, Lang::En).await.map(Saved::Saved)
        }
        other => other,
    };
    let party = match created {
        Ok(Saved::Saved(p)) => p,
        Ok(Saved::Similar(_)) => return Err(Stop::App(AppError::Internal("a confirmed create answered similar parties".into()))),
        Err(AppError::Invalid(why)) => {
            store::review(&db.pool, c.company_id, cp.id, name, ReviewReason::Incomplete, &why, &[]).await?;
            sum.review += 1;
            return Ok(None);
        }
        Err(e) => return Err(e.into()),
    };
    let plan = Plan { base: synced_values(&c.rules.without(&cp.unknown), &flyt_values(db, c.company_id, &party).await?), ..Default::default() };
    store::synced(&db.pool, c.company_id, party.id, cp.id, &plan).await?;
    sum.created_in_flyt += 1;
    Ok(Some(party.id))
}

/// The values of the fields that are synced at all.
fn synced_values(rules: &Rules, v: &Values) -> Values {
    v.iter().filter(|(f, _)| rules.of(**f) != Direction::Off).map(|(f, v)| (*f, v.clone())).collect()
}

/// A Flyt customer without a link is created in the CRM with the fields that go out.
async fn create_in_crm(db: &Db, c: &CrmRow, crm: &Tryton, party_id: i64, sum: &mut SyncSummary) -> Result<(), Stop> {
    let party = crate::parties::store::by_id(&db.pool, c.company_id, party_id).await?;
    if !party.is_customer || !party.active {
        return Ok(());
    }
    let values = flyt_values(db, c.company_id, &party).await?;
    let crm_id = match crm.create(&taken(&c.rules, &values, false)).await {
        Ok(id) => id,
        Err(Failed::Refused(why)) => {
            sum.problems.push(format!("{} {}: {why}", party.number(), party.name));
            return Ok(());
        }
        Err(f) => return Err(f.into()),
    };
    let plan = Plan { base: synced_values(&c.rules, &taken(&c.rules, &values, false)), ..Default::default() };
    store::synced(&db.pool, c.company_id, party_id, crm_id, &plan).await?;
    sum.created_in_crm += 1;
    Ok(())
}

/// "Link" or "create new" for a CRM record in the review list.
pub async fn resolve(db: &Db, ctx: &AuthCtx, http: &reqwest::Client, crm_id: i64, choice: ReviewChoice, party_id: Option<i64>) -> AppResult<SyncSummary> {
    let c = store::connection(&db.pool, ctx.company_id).await?.ok_or_else(|| AppError::not_found("Set up the CRM connection first"))?;
    if store::in_review(&db.pool, ctx.company_id, crm_id).await?.is_none() {
        return Err(AppError::not_found(format!("CRM record {crm_id} is not waiting for review")));
    }
    let crm = crm_of(&c, http);
    let cp = crm.parties(&[crm_id]).await.map_err(|f| AppError::Conflict(format!("The CRM {f}")))?;
    let cp = cp.into_iter().next().ok_or_else(|| AppError::not_found(format!("CRM record {crm_id} is gone or inactive in the CRM")))?;
    let actor = actor(db, &c).await?;
    let mut sum = SyncSummary::default();
    let done = match choice {
        ReviewChoice::Link => {
            let party_id = party_id.ok_or_else(|| AppError::invalid("Choose the Flyt party to link"))?;
            if !store::party_exists(&db.pool, ctx.company_id, party_id).await? {
                return Err(AppError::not_found(format!("Unknown party {party_id}")));
            }
            if store::link_by_party(&db.pool, ctx.company_id, party_id).await?.is_some() {
                return Err(AppError::Conflict("That party is linked to another CRM record already".into()));
            }
            sync_pair(db, &actor, &c, &crm, party_id, &cp, None, &mut sum).await
        }
        ReviewChoice::CreateNew => create_in_flyt(db, &actor, &c, &cp, &mut sum).await.map(|_| ()),
    };
    done.map_err(|s| match s {
        Stop::App(e) => e,
        Stop::Crm(f) => AppError::Conflict(format!("The CRM {f}")),
    })?;
    Ok(sum)
}
