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

use super::model::{address, address_parts, blank, comparable, CrmField, Values};
use crate::db::http::Failed;

const MAX_ANSWER: usize = 16 * 1024 * 1024;
/// Parties read per call.
const CHUNK: usize = 200;

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

fn ids(v: &Value, k: &str) -> Vec<i64> {
    v.get(k).and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_i64).collect()).unwrap_or_default()
}

/// A party's values from its record and its sub-records (read by id): the first
/// address, the first phone (or mobile), e-mail and website, and the organisation
/// number (an `*_orgnr` identifier first, else the digits of a VAT number).
pub fn values_of(party: &Value, mechanisms: &HashMap<i64, Value>, addresses: &HashMap<i64, Value>, identifiers: &HashMap<i64, Value>) -> Values {
    let mut v = Values::new();
    v.insert(CrmField::Name, text(party, "name"));
    let mechs: Vec<&Value> = ids(party, "contact_mechanisms").iter().filter_map(|i| mechanisms.get(i)).collect();
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
            types.iter().find_map(|t| list.iter().find(|(_, m)| text(m, "type") == *t).map(|(i, _)| *i))
        });
        match (existing, value.trim().is_empty()) {
            (Some(id), true) => mech_ops.push(json!(["delete", [id]])),
            (Some(id), false) => mech_ops.push(json!(["write", [id], {"value": value.trim()}])),
            (None, false) => new_mechs.push(json!({"type": types[0], "value": value.trim()})),
            (None, true) => {}
        }
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
        Tryton { rpc: format!("{}/{}/rpc/", c.url.trim_end_matches('/'), c.database), c: c.clone(), http }
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

    /// The ids of the parties changed (themselves or a sub-record) at or after `since_ms`
    /// (all parties when None), with the latest change seen.
    pub async fn changed_since(&self, since_ms: Option<i64>) -> CrmResult<(BTreeSet<i64>, i64)> {
        let domain = match since_ms {
            Some(ms) => json!([["last_modified_at", ">=", datetime(ms)]]),
            None => json!([]),
        };
        let mut parties = BTreeSet::new();
        let mut latest = since_ms.unwrap_or(0);
        for (model, party_field) in [("party.party", "id"), ("party.contact_mechanism", "party"), ("party.address", "party"), ("party.identifier", "party")] {
            let rows =
                self.call(&format!("model.{model}.search_read"), json!([domain, 0, null, [["id", "ASC"]], [party_field, "last_modified_at"], {}])).await?;
            for r in rows.as_array().into_iter().flatten() {
                if let Some(id) = r.get(party_field).and_then(Value::as_i64) {
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
        let mut out = Vec::new();
        for chunk in party_ids.chunks(CHUNK) {
            let parties = self.read("party.party", chunk, &["name", "active", "contact_mechanisms", "addresses", "identifiers", "last_modified_at"]).await?;
            let all = |k: &str| parties.values().flat_map(|p| ids(p, k)).collect::<Vec<i64>>();
            let mechs = self.read("party.contact_mechanism", &all("contact_mechanisms"), &["type", "value", "last_modified_at"]).await?;
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
                        },
                    ));
                }
            }
        }
        Ok(out)
    }

    /// The parties, active ones only, as values.
    pub async fn parties(&self, ids: &[i64]) -> CrmResult<Vec<CrmParty>> {
        let full = self.read_full(ids).await?;
        Ok(full
            .iter()
            .filter(|(p, _)| p.get("active").and_then(Value::as_bool).unwrap_or(true))
            .map(|(p, s)| {
                let stamps = std::iter::once(p).chain(s.mechanisms.values()).chain(s.addresses.values()).chain(s.identifiers.values());
                CrmParty {
                    id: p.get("id").and_then(Value::as_i64).unwrap_or(0),
                    values: values_of(p, &s.mechanisms, &s.addresses, &s.identifiers),
                    modified_ms: stamps.filter_map(|v| v.get("last_modified_at").and_then(millis)).max().unwrap_or(0),
                }
            })
            .collect())
    }

    /// Creates a party with these values; answers its id.
    pub async fn create(&self, values: &Values) -> CrmResult<i64> {
        let set: Values = values.iter().filter(|(f, v)| !blank(**f, v)).map(|(f, v)| (*f, v.clone())).collect();
        let r = self.call("model.party.party.create", json!([[changes(&set, None)], {}])).await?;
        r.as_array().and_then(|a| a.first()).and_then(Value::as_i64).ok_or_else(|| Failed::Refused("create gave no id".into()))
    }

    /// Writes these values to a party (read first, so each sub-record is changed in place).
    pub async fn write(&self, id: i64, set: &Values) -> CrmResult<()> {
        let full = self.read_full(&[id]).await?;
        let (p, s) = full.first().ok_or_else(|| Failed::Refused(format!("party {id} is gone from the CRM")))?;
        let w = changes(set, Some((p, &s.mechanisms, &s.addresses, &s.identifiers)));
        if w.as_object().is_some_and(|o| o.is_empty()) {
            return Ok(());
        }
        self.call("model.party.party.write", json!([[id], w, {}])).await.map(|_| ())
    }
}

/// A party's sub-records by id.
struct Subs {
    mechanisms: HashMap<i64, Value>,
    addresses: HashMap<i64, Value>,
    identifiers: HashMap<i64, Value>,
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
    fn errors_read_as_text() {
        assert_eq!(error_text(&json!(["UserError", ["The value is not valid.", ""]])), "UserError: The value is not valid.");
        assert_eq!(error_text(&json!("boom")), "boom");
    }
}
