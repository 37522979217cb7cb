//! Tryton (8.x) over its JSON-RPC (`POST <address>/<database>/rpc/`): log in (`common.db.login` answers a user id and a
//! session, sent back as `Authorization: Session base64(login:uid:session)` and kept
//! for the next calls), read the parties changed since a time (a party's own
//! `last_modified_at` and those of its contact mechanisms, addresses and identifiers),
//! and create or change a party with its sub-records in one call (one transaction in
//! Tryton). Answers are read at most 16 MB and parsed with serde_json's depth limit.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Mutex, OnceLock};

use base64::Engine;
use chrono::{Datelike, TimeZone, Timelike};
use serde_json::{json, Value};

use super::model::{
    address, address_parts, blank, comparable, contact_line, contact_parts, list_key, list_value, project_line, project_parts, yes_no, CrmField, Values,
};
use crate::db::http::Failed;

const MAX_ANSWER: usize = 16 * 1024 * 1024;
/// Parties read per call.
const CHUNK: usize = 200;
/// The context that finds deactivated records too.
fn inactive_too() -> Value {
    json!({"active_test": false})
}

pub type CrmResult<T> = Result<T, Failed>;

/// Where the CRM is and how to log in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub url: String,
    pub database: String,
    pub login: String,
    pub password: String,
}

/// A CRM party as Flyt reads it: its synced values and when any part of it last changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrmParty {
    pub id: i64,
    pub values: Values,
    /// Fields this CRM does not have (no invoicing module: no payment terms; no
    /// project module or no company for the user: no projects): left alone.
    pub unknown: BTreeSet<CrmField>,
    /// Milliseconds since 1970 (UTC), the latest of the party's and its sub-records'.
    pub modified_ms: i64,
}

/// Sessions by (address, database, login): a login costs the CRM a password hash.
fn sessions() -> &'static Mutex<HashMap<(String, String, String), String>> {
    static S: OnceLock<Mutex<HashMap<(String, String, String), String>>> = OnceLock::new();
    S.get_or_init(Default::default)
}

pub struct Tryton {
    rpc: String,
    c: Connection,
    http: reqwest::Client,
    features: tokio::sync::OnceCell<Features>,
    /// Payment term ids by days net, found or made in this run (a first run creates
    /// every customer with its terms: asked once per number of days, not per customer).
    terms_by_days: tokio::sync::Mutex<HashMap<u32, i64>>,
}

/// What this CRM has besides parties, asked once per run.
#[derive(Clone, Debug, Default)]
struct Features {
    /// Customer payment terms (the invoicing module).
    terms: bool,
    /// Projects (the project module, and a company for the user): the user's company
    /// and the status ids of an open and of a done project.
    projects: Option<(i64, i64, i64)>,
    /// The parties of the CRM's own companies: never customers.
    own: BTreeSet<i64>,
}

impl Features {
    fn unknown(&self) -> BTreeSet<CrmField> {
        let mut u = BTreeSet::new();
        if !self.terms {
            u.insert(CrmField::PaymentTerms);
        }
        if self.projects.is_none() {
            u.insert(CrmField::Projects);
        }
        u
    }
}

/// A payment term's value: its days when it is one payment of the remainder after a
/// number of days (`Net 30 days`: `30`; `Upon Receipt`: `0`), else its name (which
/// Flyt, whose terms are days net, cannot take).
pub fn term_value(term: &Value, lines: &HashMap<i64, Value>, deltas: &HashMap<i64, Value>) -> String {
    let name = text(term, "name");
    let ls: Vec<&Value> = ids(term, "lines").iter().filter_map(|i| lines.get(i)).collect();
    let [line] = ls.as_slice() else { return name };
    if text(line, "type") != "remainder" {
        return name;
    }
    let ds: Vec<&Value> = ids(line, "relativedeltas").iter().filter_map(|i| deltas.get(i)).collect();
    match ds.as_slice() {
        [] => "0".into(),
        [d] => {
            let zero = |k: &str| d.get(k).and_then(Value::as_i64).unwrap_or(0) == 0;
            let unset = |k: &str| d.get(k).is_none_or(Value::is_null);
            match d.get("days").and_then(Value::as_i64) {
                Some(days) if zero("months") && zero("weeks") && unset("day") && unset("month") && unset("weekday") => days.to_string(),
                _ => name,
            }
        }
        _ => name,
    }
}

/// A Tryton datetime as JSON-RPC writes it, from milliseconds (UTC).
pub fn datetime(ms: i64) -> Value {
    let t = chrono::Utc.timestamp_millis_opt(ms).single().unwrap_or_default();
    json!({"__class__": "datetime", "year": t.year(), "month": t.month(), "day": t.day(), "hour": t.hour(), "minute": t.minute(),
        "second": t.second(), "microsecond": t.nanosecond() / 1000})
}

/// Milliseconds (UTC) of a Tryton datetime; None for anything else.
pub fn millis(v: &Value) -> Option<i64> {
    if v.get("__class__")?.as_str()? != "datetime" {
        return None;
    }
    let n = |k: &str| v.get(k).and_then(Value::as_i64);
    let date = chrono::NaiveDate::from_ymd_opt(n("year")? as i32, n("month")? as u32, n("day")? as u32)?;
    let t = date.and_hms_micro_opt(n("hour")? as u32, n("minute")? as u32, n("second")? as u32, n("microsecond").unwrap_or(0) as u32)?;
    Some(t.and_utc().timestamp_millis())
}

fn text(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").trim().to_string()
}

/// A record's `active` (true when not read; Tryton answers a boolean or 0/1).
fn active(v: &Value) -> bool {
    match v.get("active") {
        Some(Value::Bool(b)) => *b,
        Some(Value::Number(n)) => n.as_i64() != Some(0),
        _ => true,
    }
}

fn ids(v: &Value, k: &str) -> Vec<i64> {
    v.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
}

/// A party's values from its record and its sub-records (read by id): the first
/// address, the first phone (or mobile), e-mail and website, and the organisation
/// number (an `*_orgnr` identifier first, else the digits of a VAT number).
pub fn values_of(party: &Value, mechanisms: &HashMap<i64, Value>, addresses: &HashMap<i64, Value>, identifiers: &HashMap<i64, Value>) -> Values {
    let mut v = Values::new();
    v.insert(CrmField::Name, text(party, "name"));
    v.insert(CrmField::Active, yes_no(active(party)));
    // the party's own phone and e-mail are the unnamed ones; a named one is a contact person's
    let all: Vec<&Value> = ids(party, "contact_mechanisms").iter().filter_map(|i| mechanisms.get(i)).collect();
    v.insert(CrmField::Contacts, contacts_of(&all));
    let mechs: Vec<&Value> = all.into_iter().filter(|m| text(m, "name").is_empty()).collect();
    let first = |types: &[&str]| types.iter().find_map(|t| mechs.iter().find(|m| text(m, "type") == *t).map(|m| text(m, "value"))).unwrap_or_default();
    v.insert(CrmField::Phone, first(&["phone", "mobile"]));
    v.insert(CrmField::Email, first(&["email"]));
    v.insert(CrmField::Web, first(&["website"]));
    let addr = ids(party, "addresses").iter().find_map(|i| addresses.get(i)).map(|a| address(&text(a, "street"), &text(a, "postal_code"), &text(a, "city")));
    v.insert(CrmField::Address, addr.unwrap_or_else(|| address("", "", "")));
    let idents: Vec<&Value> = ids(party, "identifiers").iter().filter_map(|i| identifiers.get(i)).collect();
    let org = idents.iter().find(|i| text(i, "type").ends_with("_orgnr")).or_else(|| idents.iter().find(|i| text(i, "type").ends_with("_vat"))).map(|i| {
        let digits = comparable(CrmField::OrgNo, &text(i, "code"));
        // a Swedish VAT number is SE + the org no + 01
        if text(i, "type") == "se_vat" && digits.len() == 12 {
            digits[..10].to_string()
        } else {
            digits
        }
    });
    v.insert(CrmField::OrgNo, org.unwrap_or_default());
    v
}

/// The contact persons: the named contact mechanisms grouped by name (the first
/// e-mail, and the first mobile or else phone, of each).
fn contacts_of(mechs: &[&Value]) -> String {
    let mut people: Vec<(String, String, String)> = Vec::new();
    for m in mechs {
        let name = text(m, "name");
        if !name.is_empty() && !people.iter().any(|p| list_key(&p.0) == list_key(&name)) {
            let slot = |kind: Slot| slot_of(mechs, &name, kind).map(|m| text(m, "value")).unwrap_or_default();
            people.push((name.clone(), slot(Slot::Email), slot(Slot::Mobile)));
        }
    }
    list_value(people.iter().map(|(n, e, m)| contact_line(n, e, m)).collect())
}

/// A contact person's e-mail or mobile.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Email,
    Mobile,
}

/// The mechanism that holds a contact person's e-mail (the first) or mobile (the
/// first mobile, else the first phone).
fn slot_of<'a>(mechs: &[&'a Value], name: &str, kind: Slot) -> Option<&'a Value> {
    let of = |t: &str| mechs.iter().copied().find(|m| list_key(&text(m, "name")) == list_key(name) && text(m, "type") == t);
    match kind {
        Slot::Email => of("email"),
        Slot::Mobile => of("mobile").or_else(|| of("phone")),
    }
}

/// The projects of a party, from its `project.work` records (`done_status`: the status
/// of a done project).
pub fn projects_of(works: &[&Value], done_status: i64) -> String {
    list_value(works.iter().map(|w| project_line(&text(w, "name"), w.get("status").and_then(Value::as_i64) == Some(done_status))).collect())
}

/// The identifier type of an organisation number: Norwegian (9 digits) or Swedish (10).
fn orgnr_type(digits: &str) -> Value {
    match digits.len() {
        9 => json!("no_orgnr"),
        10 => json!("se_orgnr"),
        _ => Value::Null,
    }
}

/// The record's changes as one `write` (or the values of one `create`): a value set
/// writes or creates its sub-record, an emptied one deletes it. `current` is the
/// party as read (none for a create).
pub fn changes(set: &Values, current: Option<(&Value, &HashMap<i64, Value>, &HashMap<i64, Value>, &HashMap<i64, Value>)>) -> Value {
    let mut out = serde_json::Map::new();
    let mut mech_ops: Vec<Value> = Vec::new();
    let mut new_mechs: Vec<Value> = Vec::new();
    for (field, types) in [(CrmField::Phone, &["phone", "mobile"][..]), (CrmField::Email, &["email"][..]), (CrmField::Web, &["website"][..])] {
        let Some(value) = set.get(&field) else { continue };
        let existing = current.and_then(|(p, mechs, _, _)| {
            let list: Vec<(i64, &Value)> = ids(p, "contact_mechanisms").into_iter().filter_map(|i| mechs.get(&i).map(|m| (i, m))).collect();
            types.iter().find_map(|t| list.iter().find(|(_, m)| text(m, "type") == *t && text(m, "name").is_empty()).map(|(i, _)| *i))
        });
        match (existing, value.trim().is_empty()) {
            (Some(id), true) => mech_ops.push(json!(["delete", [id]])),
            (Some(id), false) => mech_ops.push(json!(["write", [id], {"value": value.trim()}])),
            (None, false) => new_mechs.push(json!({"type": types[0], "value": value.trim()})),
            (None, true) => {}
        }
    }
    if let Some(v) = set.get(&CrmField::Contacts) {
        let mechs: Vec<(i64, &Value)> = current
            .map(|(p, mechs, _, _)| ids(p, "contact_mechanisms").into_iter().filter_map(|i| mechs.get(&i).map(|m| (i, m))).collect())
            .unwrap_or_default();
        contact_ops(v, &mechs, &mut mech_ops, &mut new_mechs);
    }
    if !new_mechs.is_empty() {
        mech_ops.push(json!(["create", new_mechs]));
    }
    if !mech_ops.is_empty() {
        out.insert("contact_mechanisms".into(), Value::Array(mech_ops));
    }
    if let Some(name) = set.get(&CrmField::Name) {
        out.insert("name".into(), json!(name.trim()));
    }
    if let Some(a) = set.get(&CrmField::Active) {
        out.insert("active".into(), json!(a.trim() != "no"));
    }
    if let Some(a) = set.get(&CrmField::Address) {
        let (street, postcode, city) = address_parts(a);
        let fields = json!({"street": street, "postal_code": postcode, "city": city});
        let existing = current.and_then(|(p, _, addrs, _)| ids(p, "addresses").into_iter().find(|i| addrs.contains_key(i)));
        match existing {
            Some(id) => out.insert("addresses".into(), json!([["write", [id], fields]])),
            None => out.insert("addresses".into(), json!([["create", [fields]]])),
        };
    }
    if let Some(org) = set.get(&CrmField::OrgNo) {
        let digits = comparable(CrmField::OrgNo, org);
        let existing = current.and_then(|(p, _, _, idents)| {
            ids(p, "identifiers").into_iter().find(|i| idents.get(i).is_some_and(|x| text(x, "type").ends_with("_orgnr") || text(x, "type").is_empty()))
        });
        let op = match (existing, digits.is_empty()) {
            (Some(id), true) => Some(json!(["delete", [id]])),
            (Some(id), false) => Some(json!(["write", [id], {"type": orgnr_type(&digits), "code": digits}])),
            (None, false) => Some(json!(["create", [{"type": orgnr_type(&digits), "code": digits}]])),
            (None, true) => None,
        };
        if let Some(op) = op {
            out.insert("identifiers".into(), json!([op]));
        }
    }
    Value::Object(out)
}

/// The contact mechanisms' changes for a contacts value: each person's e-mail and
/// mobile written in place, created or deleted; the named mechanisms of a person no
/// longer there deleted (other kinds, such as Skype, are left alone).
fn contact_ops(v: &str, mechs: &[(i64, &Value)], ops: &mut Vec<Value>, new: &mut Vec<Value>) {
    let wanted: Vec<(String, String, String)> = v.lines().filter(|l| !l.trim().is_empty()).map(contact_parts).collect();
    let refs: Vec<&Value> = mechs.iter().map(|(_, m)| *m).collect();
    let id_of = |m: &Value| mechs.iter().find(|(_, x)| std::ptr::eq(*x, m)).map(|(i, _)| *i);
    for (name, email, mobile) in &wanted {
        for (kind, want, new_type) in [(Slot::Email, email, "email"), (Slot::Mobile, mobile, "mobile")] {
            let have = slot_of(&refs, name, kind);
            match (have.and_then(id_of), want.is_empty()) {
                (Some(id), true) => ops.push(json!(["delete", [id]])),
                (Some(id), false) => {
                    let m = have.map(|m| text(m, "value")).unwrap_or_default();
                    let f = if kind == Slot::Email { CrmField::Email } else { CrmField::Phone };
                    if comparable(f, &m) != comparable(f, want) || text(have.unwrap_or(&Value::Null), "name") != *name {
                        ops.push(json!(["write", [id], {"value": want, "name": name}]));
                    }
                }
                (None, false) => new.push(json!({"type": new_type, "value": want, "name": name})),
                (None, true) => {}
            }
        }
    }
    let gone: Vec<i64> = mechs
        .iter()
        .filter(|(_, m)| {
            let name = text(m, "name");
            !name.is_empty() && ["email", "mobile", "phone"].contains(&text(m, "type").as_str()) && !wanted.iter().any(|w| list_key(&w.0) == list_key(&name))
        })
        .map(|(i, _)| *i)
        .collect();
    if !gone.is_empty() {
        ops.push(json!(["delete", gone]));
    }
}

/// A project's status: Tryton sets a work done only at 100 % progress.
fn status(done: bool, open_id: i64, done_id: i64) -> Value {
    if done {
        json!({"status": done_id, "progress": 1.0})
    } else {
        json!({"status": open_id})
    }
}

/// The message of a JSON-RPC error answer (`["UserError", [message, description]]`
/// or a plain text).
fn error_text(e: &Value) -> String {
    match e {
        Value::Array(a) => {
            let kind = a.first().and_then(Value::as_str).unwrap_or("error");
            let detail = a.get(1).map(|d| match d {
                Value::Array(parts) => parts.iter().filter_map(Value::as_str).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(": "),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            format!("{kind}: {}", detail.unwrap_or_default()).chars().take(500).collect()
        }
        Value::String(s) => s.chars().take(500).collect(),
        other => other.to_string().chars().take(500).collect(),
    }
}

impl Tryton {
    pub fn new(c: &Connection, http: reqwest::Client) -> Self {
        Tryton {
            rpc: format!("{}/{}/rpc/", c.url.trim_end_matches('/'), c.database),
            c: c.clone(),
            http,
            features: Default::default(),
            terms_by_days: Default::default(),
        }
    }

    fn key(&self) -> (String, String, String) {
        (self.c.url.clone(), self.c.database.clone(), self.c.login.clone())
    }

    async fn post(&self, auth: Option<&str>, method: &str, params: Value) -> CrmResult<(u16, Value)> {
        let mut req = self.http.post(&self.rpc).json(&json!({"id": 1, "method": method, "params": params}));
        if let Some(a) = auth {
            req = req.header(reqwest::header::AUTHORIZATION, format!("Session {a}"));
        }
        let (status, _, body) = crate::db::http::send_capped(req, MAX_ANSWER).await?;
        if status.as_u16() == 401 || status.as_u16() == 403 {
            return Ok((status.as_u16(), Value::Null));
        }
        if !status.is_success() {
            return Err(Failed::Refused(format!("HTTP {status}: {}", String::from_utf8_lossy(&body).chars().take(300).collect::<String>())));
        }
        let v: Value = serde_json::from_slice(&body).map_err(|e| Failed::Refused(format!("the answer is not JSON: {e}")))?;
        Ok((status.as_u16(), v))
    }

    async fn login(&self) -> CrmResult<String> {
        let (status, v) = self.post(None, "common.db.login", json!([self.c.login, {"password": self.c.password}])).await?;
        if status != 200 || v.get("error").is_some_and(|e| !e.is_null()) {
            let why = v.get("error").map(error_text).unwrap_or_else(|| format!("HTTP {status}"));
            return Err(Failed::Refused(format!("login as {}: {why}", self.c.login)));
        }
        let r = v.get("result").and_then(Value::as_array).ok_or_else(|| Failed::Refused(format!("login as {}: wrong user or password", self.c.login)))?;
        let (uid, session) = match (r.first().and_then(Value::as_i64), r.get(1).and_then(Value::as_str)) {
            (Some(u), Some(s)) => (u, s),
            _ => return Err(Failed::Refused(format!("login as {}: wrong user or password", self.c.login))),
        };
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{}:{uid}:{session}", self.c.login));
        if let Ok(mut s) = sessions().lock() {
            s.insert(self.key(), auth.clone());
        }
        Ok(auth)
    }

    /// Calls a method with the kept session, logging in first or again when Tryton says so.
    async fn call(&self, method: &str, params: Value) -> CrmResult<Value> {
        let kept = sessions().lock().ok().and_then(|s| s.get(&self.key()).cloned());
        let auth = match kept {
            Some(a) => a,
            None => self.login().await?,
        };
        let (status, mut v) = self.post(Some(&auth), method, params.clone()).await?;
        if status == 401 || status == 403 {
            let auth = self.login().await?;
            let (status, again) = self.post(Some(&auth), method, params).await?;
            if status == 401 || status == 403 {
                return Err(Failed::Refused(format!("{method}: not allowed for {}", self.c.login)));
            }
            v = again;
        }
        if let Some(e) = v.get("error").filter(|e| !e.is_null()) {
            return Err(Failed::Refused(format!("{method}: {}", error_text(e))));
        }
        Ok(v.get("result").cloned().unwrap_or(Value::Null))
    }

    /// Checks the connection (a login).
    pub async fn check(&self) -> CrmResult<()> {
        self.login().await.map(|_| ())
    }

    /// What this CRM has: payment terms on its parties; projects with a company for
    /// the user and the statuses of open and done. A refused question is a "no"; a CRM
    /// that does not answer stops the run.
    async fn features(&self) -> CrmResult<Features> {
        self.features
            .get_or_try_init(|| async {
                let fields = self.call("model.party.party.fields_get", json!([["customer_payment_term"], {}])).await;
                let terms = match fields {
                    Ok(f) => f.get("customer_payment_term").is_some(),
                    Err(Failed::Refused(_)) => false,
                    Err(e) => return Err(e),
                };
                let company = match self.call("model.res.user.get_preferences", json!([true, {}])).await {
                    Ok(p) => p.get("company").and_then(Value::as_i64),
                    Err(Failed::Refused(_)) => None,
                    Err(e) => return Err(e),
                };
                let projects = match company {
                    None => None,
                    Some(company) => {
                        match self.call("model.project.work.status.search_read", json!([[], 0, null, [["id", "ASC"]], ["progress", "types"], {}])).await {
                            Ok(rows) => {
                                let rows: Vec<&Value> = rows
                                    .as_array()
                                    .into_iter()
                                    .flatten()
                                    .filter(|r| r["types"].as_array().is_some_and(|t| t.contains(&json!("project"))))
                                    .collect();
                                let done = |r: &&Value| r.get("progress").and_then(Value::as_f64).is_some_and(|p| p >= 1.0);
                                let id = |r: Option<&&Value>| r.and_then(|r| r.get("id")).and_then(Value::as_i64);
                                id(rows.iter().find(|r| !done(r))).zip(id(rows.iter().find(|r| done(r)))).map(|(open, done)| (company, open, done))
                            }
                            Err(Failed::Refused(_)) => None,
                            Err(e) => return Err(e),
                        }
                    }
                };
                let own = match self.call("model.company.company.search_read", json!([[], 0, null, null, ["party"], {}])).await {
                    Ok(rows) => rows.as_array().into_iter().flatten().filter_map(|r| r.get("party").and_then(Value::as_i64)).collect(),
                    Err(Failed::Refused(_)) => BTreeSet::new(),
                    Err(e) => return Err(e),
                };
                Ok(Features { terms, projects, own })
            })
            .await
            .cloned()
    }

    /// The ids of the parties changed (themselves or a sub-record) at or after `since_ms`
    /// (all parties when None), with the latest change seen.
    pub async fn changed_since(&self, since_ms: Option<i64>) -> CrmResult<(BTreeSet<i64>, i64)> {
        let domain = match since_ms {
            Some(ms) => json!([["last_modified_at", ">=", datetime(ms)]]),
            None => json!([]),
        };
        let mut parties = BTreeSet::new();
        let mut latest = since_ms.unwrap_or(0);
        let own = self.features().await?.own;
        let mut models = vec![("party.party", "id"), ("party.contact_mechanism", "party"), ("party.address", "party"), ("party.identifier", "party")];
        if self.features().await?.projects.is_some() {
            models.push(("project.work", "party"));
        }
        for (model, party_field) in models {
            let rows = self
                .call(&format!("model.{model}.search_read"), json!([domain, 0, null, [["id", "ASC"]], [party_field, "last_modified_at"], inactive_too()]))
                .await?;
            for r in rows.as_array().into_iter().flatten() {
                if let Some(id) = r.get(party_field).and_then(Value::as_i64).filter(|id| !own.contains(id)) {
                    parties.insert(id);
                }
                if let Some(ms) = r.get("last_modified_at").and_then(millis) {
                    latest = latest.max(ms);
                }
            }
        }
        Ok((parties, latest))
    }

    async fn read(&self, model: &str, ids: &[i64], fields: &[&str]) -> CrmResult<HashMap<i64, Value>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let rows = self.call(&format!("model.{model}.read"), json!([ids, fields, {}])).await?;
        Ok(rows.as_array().into_iter().flatten().filter_map(|r| r.get("id").and_then(Value::as_i64).map(|id| (id, r.clone()))).collect())
    }

    /// The parties with their sub-records, as read (`raw`) and as values.
    async fn read_full(&self, party_ids: &[i64]) -> CrmResult<Vec<(Value, Subs)>> {
        let features = self.features().await?;
        let mut out = Vec::new();
        for chunk in party_ids.chunks(CHUNK) {
            // those deleted in the CRM are not there to read (a read of them fails)
            let found = self.call("model.party.party.search", json!([[["id", "in", chunk]], 0, null, null, inactive_too()])).await?;
            let chunk: Vec<i64> = found.as_array().into_iter().flatten().filter_map(Value::as_i64).collect();
            let chunk = chunk.as_slice();
            let mut fields = vec!["name", "active", "contact_mechanisms", "addresses", "identifiers", "last_modified_at"];
            if features.terms {
                fields.push("customer_payment_term");
            }
            let parties = self.read("party.party", chunk, &fields).await?;
            let all = |k: &str| parties.values().flat_map(|p| ids(p, k)).collect::<Vec<i64>>();
            let mechs = self.read("party.contact_mechanism", &all("contact_mechanisms"), &["type", "value", "name", "last_modified_at"]).await?;
            let term_ids: BTreeSet<i64> = parties.values().filter_map(|p| p.get("customer_payment_term").and_then(Value::as_i64)).collect();
            let terms = self.terms(&term_ids.into_iter().collect::<Vec<_>>()).await?;
            let works = match features.projects {
                Some(_) => {
                    let domain = json!([["party", "in", chunk], ["type", "=", "project"]]);
                    self.call("model.project.work.search_read", json!([domain, 0, null, [["id", "ASC"]], ["name", "party", "status", "last_modified_at"], {}]))
                        .await?
                }
                None => Value::Null,
            };
            let addrs = self.read("party.address", &all("addresses"), &["street", "postal_code", "city", "last_modified_at"]).await?;
            let idents = self.read("party.identifier", &all("identifiers"), &["type", "code", "last_modified_at"]).await?;
            for id in chunk {
                if let Some(p) = parties.get(id) {
                    let pick = |k: &str, m: &HashMap<i64, Value>| ids(p, k).into_iter().filter_map(|i| m.get(&i).map(|v| (i, v.clone()))).collect();
                    out.push((
                        p.clone(),
                        Subs {
                            mechanisms: pick("contact_mechanisms", &mechs),
                            addresses: pick("addresses", &addrs),
                            identifiers: pick("identifiers", &idents),
                            term: p.get("customer_payment_term").and_then(Value::as_i64).and_then(|t| terms.get(&t).cloned()).unwrap_or_default(),
                            works: works.as_array().into_iter().flatten().filter(|w| w.get("party").and_then(Value::as_i64) == Some(*id)).cloned().collect(),
                        },
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The values of payment terms by id (see `term_value`).
    async fn terms(&self, term_ids: &[i64]) -> CrmResult<HashMap<i64, String>> {
        let terms = self.read("account.invoice.payment_term", term_ids, &["name", "lines"]).await?;
        let line_ids: Vec<i64> = terms.values().flat_map(|t| ids(t, "lines")).collect();
        let lines = self.read("account.invoice.payment_term.line", &line_ids, &["type", "relativedeltas"]).await?;
        let delta_ids: Vec<i64> = lines.values().flat_map(|l| ids(l, "relativedeltas")).collect();
        let deltas = self.read("account.invoice.payment_term.line.delta", &delta_ids, &["days", "months", "weeks", "day", "month", "weekday"]).await?;
        Ok(terms.iter().map(|(id, t)| (*id, term_value(t, &lines, &deltas))).collect())
    }

    /// The id of a payment term of these days net: an active one there is, else one
    /// made (`Net N days`).
    async fn term_of(&self, days: u32) -> CrmResult<i64> {
        let mut known = self.terms_by_days.lock().await;
        if let Some(id) = known.get(&days) {
            return Ok(*id);
        }
        let id = self.find_or_make_term(days).await?;
        known.insert(days, id);
        Ok(id)
    }

    async fn find_or_make_term(&self, days: u32) -> CrmResult<i64> {
        let all = self.call("model.account.invoice.payment_term.search", json!([[], 0, null, [["id", "ASC"]], {}])).await?;
        let all: Vec<i64> = all.as_array().into_iter().flatten().filter_map(Value::as_i64).collect();
        let values = self.terms(&all).await?;
        if let Some(id) = all.iter().find(|id| values.get(id).is_some_and(|v| *v == days.to_string())) {
            return Ok(*id);
        }
        let delta = if days == 0 { json!([]) } else { json!([["create", [{"days": days}]]]) };
        let term = json!({"name": format!("Net {days} days"), "lines": [["create", [{"type": "remainder", "relativedeltas": delta}]]]});
        let r = self.call("model.account.invoice.payment_term.create", json!([[term], {}])).await?;
        r.as_array().and_then(|a| a.first()).and_then(Value::as_i64).ok_or_else(|| Failed::Refused("creating a payment term gave no id".into()))
    }

    /// The parties (deactivated ones too; those deleted are not answered), as values.
    pub async fn parties(&self, ids: &[i64]) -> CrmResult<Vec<CrmParty>> {
        let features = self.features().await?;
        let full = self.read_full(ids).await?;
        Ok(full
            .iter()
            .map(|(p, s)| {
                let stamps = std::iter::once(p).chain(s.mechanisms.values()).chain(s.addresses.values()).chain(s.identifiers.values()).chain(s.works.iter());
                let mut values = values_of(p, &s.mechanisms, &s.addresses, &s.identifiers);
                values.insert(CrmField::PaymentTerms, s.term.clone());
                if let Some((_, _, done)) = features.projects {
                    values.insert(CrmField::Projects, projects_of(&s.works.iter().collect::<Vec<_>>(), done));
                }
                CrmParty {
                    id: p.get("id").and_then(Value::as_i64).unwrap_or(0),
                    values,
                    unknown: features.unknown(),
                    modified_ms: stamps.filter_map(|v| v.get("last_modified_at").and_then(millis)).max().unwrap_or(0),
                }
            })
            .collect())
    }

    /// The party's payment term set to these days net (`None`: not in the values);
    /// anything but a number of days is left alone.
    async fn term_change(&self, set: &Values, w: &mut Value) -> CrmResult<()> {
        if !self.features().await?.terms {
            return Ok(());
        }
        if let Some(v) = set.get(&CrmField::PaymentTerms) {
            let term = match v.trim() {
                "" => Value::Null,
                d => match d.parse::<u32>() {
                    Ok(days) => json!(self.term_of(days).await?),
                    Err(_) => return Ok(()),
                },
            };
            w["customer_payment_term"] = term;
        }
        Ok(())
    }

    /// The party's projects made as the value says: matched by name, the status set,
    /// new ones created, those gone deleted.
    async fn write_projects(&self, party: i64, v: &str, works: &[Value]) -> CrmResult<()> {
        let Some((company, open, done)) = self.features().await?.projects else { return Ok(()) };
        let wanted: Vec<(String, bool)> = v.lines().filter(|l| !l.trim().is_empty()).map(project_parts).collect();
        let (mut create, mut gone) = (Vec::new(), Vec::new());
        for w in works {
            let id = w.get("id").and_then(Value::as_i64).unwrap_or(0);
            let is_done = w.get("status").and_then(Value::as_i64) == Some(done);
            match wanted.iter().find(|(n, _)| list_key(n) == list_key(&text(w, "name"))) {
                Some((_, d)) if *d != is_done => {
                    self.call("model.project.work.write", json!([[id], status(*d, open, done), {}])).await?;
                }
                Some(_) => {}
                None => gone.push(id),
            }
        }
        for (name, d) in &wanted {
            if !works.iter().any(|w| list_key(&text(w, "name")) == list_key(name)) {
                let mut w = json!({"name": name, "type": "project", "party": party, "company": company});
                if let (Some(w), Value::Object(st)) = (w.as_object_mut(), status(*d, open, done)) {
                    w.extend(st);
                }
                create.push(w);
            }
        }
        if !create.is_empty() {
            self.call("model.project.work.create", json!([create, {}])).await?;
        }
        if !gone.is_empty() {
            self.call("model.project.work.delete", json!([gone, {}])).await?;
        }
        Ok(())
    }

    /// Creates a party with these values; answers its id.
    pub async fn create(&self, values: &Values) -> CrmResult<i64> {
        let set: Values = values.iter().filter(|(f, v)| !blank(**f, v)).map(|(f, v)| (*f, v.clone())).collect();
        let mut c = changes(&set, None);
        self.term_change(&set, &mut c).await?;
        let r = self.call("model.party.party.create", json!([[c], {}])).await?;
        let id = r.as_array().and_then(|a| a.first()).and_then(Value::as_i64).ok_or_else(|| Failed::Refused("create gave no id".into()))?;
        if let Some(v) = set.get(&CrmField::Projects) {
            self.write_projects(id, v, &[]).await?;
        }
        Ok(id)
    }

    /// Writes these values to a party (read first, so each sub-record is changed in place).
    pub async fn write(&self, id: i64, set: &Values) -> CrmResult<()> {
        let full = self.read_full(&[id]).await?;
        let (p, s) = full.first().ok_or_else(|| Failed::Refused(format!("party {id} is gone from the CRM")))?;
        let mut w = changes(set, Some((p, &s.mechanisms, &s.addresses, &s.identifiers)));
        self.term_change(set, &mut w).await?;
        if w.as_object().is_some_and(|o| !o.is_empty()) {
            self.call("model.party.party.write", json!([[id], w, {}])).await?;
        }
        if let Some(v) = set.get(&CrmField::Projects) {
            self.write_projects(id, v, &s.works).await?;
        }
        Ok(())
    }
}

/// A party's sub-records by id, its payment term's value and its projects.
struct Subs {
    mechanisms: HashMap<i64, Value>,
    addresses: HashMap<i64, Value>,
    identifiers: HashMap<i64, Value>,
    term: String,
    works: Vec<Value>,
}

/// Fields of a party's values, for tests and the fuzz target: the values read from a
/// `read` answer of all four models at once.
pub fn values_from_answer(answer: &Value) -> BTreeMap<i64, Values> {
    let map = |k: &str| -> HashMap<i64, Value> {
        answer.get(k).and_then(Value::as_array).into_iter().flatten().filter_map(|r| r.get("id").and_then(Value::as_i64).map(|id| (id, r.clone()))).collect()
    };
    let (mechs, addrs, idents) = (map("contact_mechanisms"), map("addresses"), map("identifiers"));
    map("parties").iter().map(|(id, p)| (*id, values_of(p, &mechs, &addrs, &idents))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_round_trip() {
        let ms = 1_796_531_774_192;
        assert_eq!(millis(&datetime(ms)), Some(ms));
        assert_eq!(millis(&json!({"__class__": "date", "year": 2026})), None);
        assert_eq!(millis(&json!({"__class__": "datetime", "year": 2026, "month": 13, "day": 1, "hour": 0, "minute": 0, "second": 0})), None);
    }

    #[test]
    fn values_are_read_from_the_records() {
        let answer = json!({
            "parties": [{"id": 1, "name": " Fjord Bygg AS ", "contact_mechanisms": [1, 2, 3], "addresses": [4], "identifiers": [5, 6]}],
            "contact_mechanisms": [{"id": 1, "type": "mobile", "value": "900 00 000"}, {"id": 2, "type": "email", "value": "post@fjord.no"}, {"id": 3, "type": "phone", "value": "22 33 44 55"}],
            "addresses": [{"id": 4, "street": "Storgata 1", "postal_code": "0155", "city": "Oslo"}],
            "identifiers": [{"id": 5, "type": "no_vat", "code": "NO 111 111 111 MVA"}, {"id": 6, "type": "no_orgnr", "code": "974 760 673"}]
        });
        let v = &values_from_answer(&answer)[&1];
        assert_eq!(v[&CrmField::Name], "Fjord Bygg AS");
        assert_eq!(v[&CrmField::Phone], "22 33 44 55");
        assert_eq!(v[&CrmField::Email], "post@fjord.no");
        assert_eq!(v[&CrmField::Web], "");
        assert_eq!(v[&CrmField::Address], "Storgata 1\n0155\nOslo");
        assert_eq!(v[&CrmField::OrgNo], "974760673");
    }

    #[test]
    fn a_write_changes_sub_records_in_place() {
        let p = json!({"id": 1, "contact_mechanisms": [1, 2], "addresses": [4], "identifiers": []});
        let mechs: HashMap<i64, Value> = [(1, json!({"type": "phone", "value": "1"})), (2, json!({"type": "website", "value": "w"}))].into();
        let addrs: HashMap<i64, Value> = [(4, json!({"street": "s"}))].into();
        let idents = HashMap::new();
        let set: Values = [
            (CrmField::Phone, "22 33 44 55".to_string()),
            (CrmField::Web, String::new()),
            (CrmField::Email, "a@b.no".into()),
            (CrmField::OrgNo, "974760673".into()),
        ]
        .into_iter()
        .collect();
        let w = changes(&set, Some((&p, &mechs, &addrs, &idents)));
        assert_eq!(
            w["contact_mechanisms"],
            json!([["write", [1], {"value": "22 33 44 55"}], ["delete", [2]], ["create", [{"type": "email", "value": "a@b.no"}]]])
        );
        assert_eq!(w["identifiers"], json!([["create", [{"type": "no_orgnr", "code": "974760673"}]]]));
        assert!(w.get("name").is_none() && w.get("addresses").is_none());
    }

    #[test]
    fn payment_terms_read_as_days_net_or_their_name() {
        let lines: HashMap<i64, Value> = [
            (1, json!({"type": "remainder", "relativedeltas": [10]})),
            (2, json!({"type": "remainder", "relativedeltas": []})),
            (3, json!({"type": "remainder", "relativedeltas": [11]})),
            (4, json!({"type": "percent", "relativedeltas": [10]})),
        ]
        .into();
        let deltas: HashMap<i64, Value> =
            [(10, json!({"days": 30, "months": 0, "weeks": 0, "day": null})), (11, json!({"days": 0, "months": 1, "weeks": 0, "day": 31}))].into();
        let term = |l: Vec<i64>| json!({"name": "T", "lines": l});
        assert_eq!(term_value(&term(vec![1]), &lines, &deltas), "30");
        assert_eq!(term_value(&term(vec![2]), &lines, &deltas), "0");
        assert_eq!(term_value(&term(vec![3]), &lines, &deltas), "T", "the end of next month is no number of days");
        assert_eq!(term_value(&term(vec![4, 1]), &lines, &deltas), "T", "two payments");
    }

    #[test]
    fn contact_persons_are_the_named_mechanisms() {
        let p = json!({"id": 1, "contact_mechanisms": [1, 2, 3, 4, 5], "addresses": [], "identifiers": []});
        let mechs: HashMap<i64, Value> = [
            (1, json!({"type": "phone", "value": "22 33 44 55", "name": ""})),
            (2, json!({"type": "phone", "value": "22 00 00 00", "name": "Kari Nordmann"})),
            (3, json!({"type": "email", "value": "kari@fjord.no", "name": "Kari Nordmann"})),
            (4, json!({"type": "mobile", "value": "900 00 000", "name": "kari  nordmann"})),
            (5, json!({"type": "email", "value": "ola@fjord.no", "name": "Ola"})),
        ]
        .into();
        let v = values_of(&p, &mechs, &HashMap::new(), &HashMap::new());
        assert_eq!(v[&CrmField::Phone], "22 33 44 55");
        assert_eq!(v[&CrmField::Contacts], "Kari Nordmann | kari@fjord.no | 900 00 000\nOla | ola@fjord.no |");
        // Kari's mobile changed, Ola gone, Per new
        let set: Values = [(CrmField::Contacts, "Kari Nordmann | kari@fjord.no | 41 00 00 01\nPer | per@fjord.no |".to_string())].into();
        let w = changes(&set, Some((&p, &mechs, &HashMap::new(), &HashMap::new())));
        assert_eq!(
            w["contact_mechanisms"],
            json!([
                ["write", [4], {"value": "41 00 00 01", "name": "Kari Nordmann"}],
                ["delete", [5]],
                ["create", [{"type": "email", "value": "per@fjord.no", "name": "Per"}]]
            ])
        );
    }

    #[test]
    fn errors_read_as_text() {
        assert_eq!(error_text(&json!(["UserError", ["The value is not valid.", ""]])), "UserError: The value is not valid.");
        assert_eq!(error_text(&json!("boom")), "boom");
    }
}
