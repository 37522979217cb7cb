//! CRM sync, the pure part: the fields kept in step and each one's direction, a
//! party's values as both sides hold them, and the three-way plan that decides per
//! field what to write where — against the values both sides had after the last sync
//! (the base), so a change the sync itself wrote is never sent back, nothing is
//! written that is already equal, and a field changed on both sides is a conflict
//! the rule decides (the loser logged).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

crate::core::code::coded! {
    /// A party field kept in step with the CRM.
    #[derive(PartialOrd, Ord)]
    pub enum CrmField {
        Name = "name" => Name,
        OrgNo = "org_no" => OrgNo,
        Address = "address" => Address,
        Phone = "phone" => Phone,
        Email = "email" => Email,
        Web = "web" => Web,
        /// Whether the customer is in use: `yes` or `no` (deactivated on one side,
        /// deactivated on the other).
        Active = "active" => Active,
        /// The customer's payment terms as days net (`30`), empty for the company's default.
        PaymentTerms = "payment_terms" => PaymentTerms,
        /// The contact persons, one line each: `name | e-mail | mobile` (see `contact_line`).
        Contacts = "contacts" => Contacts,
        /// The customer's projects, one line each: `name | open` or `name | done`.
        Projects = "projects" => Projects,
    }
}

impl CrmField {
    /// A field that is a list of records, merged record by record (by `list_key`).
    pub fn is_list(self) -> bool {
        matches!(self, CrmField::Contacts | CrmField::Projects)
    }
}

crate::core::code::coded! {
    /// Which way a field goes.
    pub enum Direction {
        /// Flyt's value is written to the CRM; the CRM's changes are overwritten.
        Out = "out" => CrmOut,
        /// The CRM's value is written to Flyt.
        In = "in" => CrmIn,
        /// Both ways: the later change wins, the other is logged as a conflict.
        Both = "both" => CrmBoth,
        /// Not synced.
        Off = "off" => CrmOff,
    }
}

impl Direction {
    fn outward(self) -> bool {
        matches!(self, Direction::Out | Direction::Both)
    }
    fn inward(self) -> bool {
        matches!(self, Direction::In | Direction::Both)
    }
}

/// The direction of each field (a field not named is synced both ways).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules(pub BTreeMap<String, Direction>);

impl Default for Rules {
    fn default() -> Self {
        Rules(CrmField::ALL.iter().map(|f| (f.code().to_string(), Direction::Both)).collect())
    }
}

impl Rules {
    pub fn of(&self, f: CrmField) -> Direction {
        self.0.get(f.code()).copied().unwrap_or(Direction::Both)
    }
    /// Stored as `name=both,org_no=in,…`.
    pub fn encode(&self) -> String {
        CrmField::ALL.iter().map(|f| format!("{}={}", f.code(), self.of(*f).code())).collect::<Vec<_>>().join(",")
    }
    /// Reads the stored or typed form; an unknown field or direction is an error that
    /// names it.
    pub fn parse(s: &str) -> Result<Rules, String> {
        let mut rules = Rules::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (f, d) = part.split_once('=').ok_or_else(|| format!("'{part}' is not field=direction"))?;
            let field = CrmField::parse(f.trim()).ok_or_else(|| format!("Unknown CRM field '{}'", f.trim()))?;
            let dir = Direction::parse(d.trim()).ok_or_else(|| format!("Unknown direction '{}': use out, in, both or off", d.trim()))?;
            rules.0.insert(field.code().to_string(), dir);
        }
        Ok(rules)
    }
    /// These rules with the fields named off (those a CRM does not have).
    pub fn without(&self, fields: &std::collections::BTreeSet<CrmField>) -> Rules {
        let mut r = self.clone();
        for f in fields {
            r.0.insert(f.code().to_string(), Direction::Off);
        }
        r
    }
    /// New CRM records become Flyt customers only when names come in, and Flyt
    /// customers are created in the CRM only when names go out.
    pub fn creates_in_flyt(&self) -> bool {
        self.of(CrmField::Name).inward()
    }
    pub fn creates_in_crm(&self) -> bool {
        self.of(CrmField::Name).outward()
    }
}

/// A party's synced values as one side holds them (a field absent is empty). The
/// address is `street`, `postcode` and `city` on three lines.
pub type Values = BTreeMap<CrmField, String>;

/// The address as one value.
pub fn address(street: &str, postcode: &str, city: &str) -> String {
    format!("{}\n{}\n{}", street.trim(), postcode.trim(), city.trim())
}

/// (street, postcode, city) of an address value.
pub fn address_parts(v: &str) -> (String, String, String) {
    let mut p = v.splitn(3, '\n').map(|s| s.trim().to_string());
    (p.next().unwrap_or_default(), p.next().unwrap_or_default(), p.next().unwrap_or_default())
}

/// What a value is compared as: the CRM writes `NO 974 760 673 MVA` for `974760673`
/// and may space a phone number differently; such differences are no change.
pub fn comparable(f: CrmField, v: &str) -> String {
    match f {
        CrmField::OrgNo => v.chars().filter(char::is_ascii_digit).collect(),
        CrmField::Phone => crate::parties::model::mobile_key(v, "NO"),
        CrmField::Email | CrmField::Web | CrmField::Active => v.trim().to_lowercase(),
        CrmField::Name | CrmField::Address => v.split('\n').map(squeeze).collect::<Vec<_>>().join("\n"),
        CrmField::PaymentTerms => match v.trim().parse::<u32>() {
            Ok(days) => days.to_string(),
            Err(_) => squeeze(v).to_lowercase(),
        },
        CrmField::Contacts | CrmField::Projects => {
            let mut lines: Vec<String> = list_lines(v).map(|l| comparable_line(f, l)).collect();
            lines.sort();
            lines.join("\n")
        }
    }
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The parts of a list line, split at `|` and trimmed.
pub fn line_parts(line: &str) -> Vec<String> {
    line.split('|').map(squeeze).collect()
}

/// A part of a list line as written: a `|` in it would split it, so it becomes `/`.
fn part(s: &str) -> String {
    squeeze(&s.replace(['|', '\n'], "/"))
}

/// A contact person as one line of the contacts value.
pub fn contact_line(name: &str, email: &str, mobile: &str) -> String {
    format!("{} | {} | {}", part(name), part(email), part(mobile)).trim_end().to_string()
}

/// (name, e-mail, mobile) of a contacts line.
pub fn contact_parts(line: &str) -> (String, String, String) {
    let mut p = line_parts(line).into_iter();
    (p.next().unwrap_or_default(), p.next().unwrap_or_default(), p.next().unwrap_or_default())
}

/// A project as one line of the projects value: open (planned, active) or done.
pub fn project_line(name: &str, done: bool) -> String {
    format!("{} | {}", part(name), if done { "done" } else { "open" })
}

/// (name, done) of a projects line.
pub fn project_parts(line: &str) -> (String, bool) {
    let p = line_parts(line);
    (p.first().cloned().unwrap_or_default(), p.get(1).is_some_and(|s| s.eq_ignore_ascii_case("done")))
}

/// The non-empty lines of a list value.
fn list_lines(v: &str) -> impl Iterator<Item = &str> {
    v.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// A record of a list field is the same record on both sides when its name is: the
/// key is the name, case and spacing aside.
pub fn list_key(line: &str) -> String {
    line_parts(line).first().map(|n| n.to_lowercase()).unwrap_or_default()
}

fn comparable_line(f: CrmField, line: &str) -> String {
    match f {
        CrmField::Contacts => {
            let (name, email, mobile) = contact_parts(line);
            format!("{}|{}|{}", name.to_lowercase(), email.to_lowercase(), crate::parties::model::mobile_key(&mobile, "NO"))
        }
        _ => {
            let (name, done) = project_parts(line);
            format!("{}|{done}", name.to_lowercase())
        }
    }
}

/// A list value from its lines, in name order.
pub fn list_value(mut lines: Vec<String>) -> String {
    lines.sort_by_key(|l| list_key(l));
    lines.join("\n")
}

/// The value of the active field.
pub fn yes_no(active: bool) -> String {
    if active { "yes" } else { "no" }.to_string()
}

/// No value (an address of three empty lines is none).
pub fn blank(f: CrmField, v: &str) -> bool {
    comparable(f, v).chars().all(char::is_whitespace)
}

fn same(f: CrmField, a: &str, b: &str) -> bool {
    comparable(f, a) == comparable(f, b)
}

fn value(v: &Values, f: CrmField) -> &str {
    v.get(&f).map(String::as_str).unwrap_or("")
}

/// A field both sides changed since the last sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub field: CrmField,
    pub flyt: String,
    pub crm: String,
    /// true when Flyt's value won.
    pub flyt_won: bool,
}

/// What one sync of a linked party does.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub to_flyt: Values,
    pub to_crm: Values,
    pub conflicts: Vec<Conflict>,
    /// The values both sides hold afterwards, for the synced fields: the next base.
    pub base: Values,
}

impl Plan {
    pub fn is_noop(&self) -> bool {
        self.to_flyt.is_empty() && self.to_crm.is_empty()
    }
}

/// Decides per field. `base` is what both sides held after the last sync (None on the
/// first link: then a field set on one side only takes that side's value, and one
/// set differently on both is a conflict). `flyt_newer` says which side changed last.
pub fn plan(rules: &Rules, base: Option<&Values>, flyt: &Values, crm: &Values, flyt_newer: bool) -> Plan {
    let mut p = Plan::default();
    for &f in CrmField::ALL {
        let dir = rules.of(f);
        let (fv, cv) = (value(flyt, f), value(crm, f));
        if dir == Direction::Off {
            continue;
        }
        let keep = |p: &mut Plan, v: &str| {
            p.base.insert(f, v.to_string());
        };
        if same(f, fv, cv) {
            keep(&mut p, fv);
            continue;
        }
        if f.is_list() {
            let merged = merge_list(f, dir, base.map(|b| value(b, f)), fv, cv, flyt_newer, &mut p.conflicts);
            if !same(f, &merged, fv) {
                p.to_flyt.insert(f, merged.clone());
            }
            if !same(f, &merged, cv) {
                p.to_crm.insert(f, merged.clone());
            }
            keep(&mut p, &merged);
            continue;
        }
        let changed = |v: &str| match base {
            Some(b) => !same(f, v, value(b, f)),
            None => !blank(f, v),
        };
        let (flyt_changed, crm_changed) = (changed(fv), changed(cv));
        let flyt_wins = match dir {
            Direction::Out => true,
            Direction::In => false,
            _ if flyt_changed && !crm_changed => true,
            _ if crm_changed && !flyt_changed => false,
            _ => {
                let flyt_won = flyt_newer;
                p.conflicts.push(Conflict { field: f, flyt: fv.to_string(), crm: cv.to_string(), flyt_won });
                flyt_won
            }
        };
        // a value one way only is not taken the other way (an `out` field emptied in
        // the CRM is written again; an `in` field edited in Flyt is set back)
        if flyt_wins {
            p.to_crm.insert(f, fv.to_string());
            keep(&mut p, fv);
        } else {
            p.to_flyt.insert(f, cv.to_string());
            keep(&mut p, cv);
        }
    }
    p
}

/// A list field merged record by record (by name): a record added, changed or removed
/// on one side since the base is taken over; one changed differently on both is a
/// conflict the later side wins (a removal is a change: the line logged is empty).
/// One-way rules take the one side whole.
fn merge_list(f: CrmField, dir: Direction, base: Option<&str>, flyt: &str, crm: &str, flyt_newer: bool, conflicts: &mut Vec<Conflict>) -> String {
    let lines = |v: &str| list_lines(v).map(str::to_string).collect::<Vec<_>>();
    match dir {
        Direction::Out => return list_value(lines(flyt)),
        Direction::In => return list_value(lines(crm)),
        _ => {}
    }
    let by_key = |v: &str| list_lines(v).map(|l| (list_key(l), l.to_string())).collect::<BTreeMap<String, String>>();
    let (b, fl, cr) = (base.map(by_key), by_key(flyt), by_key(crm));
    let keys: std::collections::BTreeSet<&String> = fl.keys().chain(cr.keys()).chain(b.iter().flat_map(|b| b.keys())).collect();
    let same_line = |x: Option<&String>, y: Option<&String>| match (x, y) {
        (Some(x), Some(y)) => comparable_line(f, x) == comparable_line(f, y),
        (x, y) => x.is_none() && y.is_none(),
    };
    let mut out = Vec::new();
    for k in keys {
        let (fx, cx) = (fl.get(k), cr.get(k));
        let flyt_wins = if same_line(fx, cx) {
            true
        } else {
            let (fc, cc) = match &b {
                Some(b) => (!same_line(fx, b.get(k)), !same_line(cx, b.get(k))),
                None => (fx.is_some(), cx.is_some()),
            };
            match (fc, cc) {
                (true, false) => true,
                (false, true) => false,
                _ => {
                    let text = |x: Option<&String>| x.cloned().unwrap_or_default();
                    conflicts.push(Conflict { field: f, flyt: text(fx), crm: text(cx), flyt_won: flyt_newer });
                    flyt_newer
                }
            }
        };
        if let Some(l) = if flyt_wins { fx } else { cx } {
            out.push(l.clone());
        }
    }
    list_value(out)
}

/// The values of a new record taken over whole from the other side: the fields that
/// go that way.
pub fn taken(rules: &Rules, from: &Values, inward: bool) -> Values {
    from.iter().filter(|(f, _)| if inward { rules.of(**f).inward() } else { rules.of(**f).outward() }).map(|(f, v)| (*f, v.clone())).collect()
}

/// How a CRM record was matched to a Flyt party on its first sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// One party, certainly: link them.
    Link(i64),
    /// Possibly one of these: a person decides (link or create new).
    Review(Vec<i64>),
    /// None like it.
    New,
}

/// A Flyt party found like a CRM record: same org no, same e-mail, name similarity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub party_id: i64,
    pub same_org_no: bool,
    pub same_email: bool,
    /// 0–100, the party register's duplicate check.
    pub name_score: i64,
    /// Already linked to another CRM record.
    pub linked: bool,
}

/// The name score from which a name alone is "like" (the register's duplicate check
/// shows these).
pub const NAME_LIKE: i64 = 70;
/// A name this close with the same e-mail is the same party.
pub const NAME_SAME: i64 = 90;

/// Certain: exactly one party with the same org no, or — when the record has no org
/// no — exactly one with the same e-mail and a very close name. Anything else like it
/// waits for a person; a party already linked to another record is never linked
/// silently (a duplicate in the CRM waits too).
pub fn decide(candidates: &[Candidate], has_org_no: bool) -> Match {
    let by_org: Vec<&Candidate> = candidates.iter().filter(|c| c.same_org_no).collect();
    let like: Vec<i64> = candidates.iter().filter(|c| c.same_org_no || c.same_email || c.name_score >= NAME_LIKE).map(|c| c.party_id).collect();
    let certain = if has_org_no {
        (by_org.len() == 1).then(|| by_org[0])
    } else {
        let strong: Vec<&Candidate> = candidates.iter().filter(|c| c.same_email && c.name_score >= NAME_SAME).collect();
        (strong.len() == 1).then(|| strong[0])
    };
    match certain {
        Some(c) if !c.linked => Match::Link(c.party_id),
        _ if like.is_empty() => Match::New,
        _ => Match::Review(like),
    }
}

crate::core::code::coded! {
    /// Why a CRM record waits in the review list.
    pub enum ReviewReason {
        /// Like one or more Flyt parties: link or create new.
        Uncertain = "uncertain" => CrmUncertain,
        /// Misses what Flyt requires of a customer.
        Incomplete = "incomplete" => CrmIncomplete,
    }
}

/// The connection as the page shows it (never the password).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmSettings {
    pub url: String,
    pub database: String,
    pub login: String,
    pub rules: Vec<(CrmField, Direction)>,
    pub active: bool,
    pub poll_seconds: i64,
    pub last_run_at: Option<i64>,
    pub last_error: String,
    /// What the last run could not send, one line each.
    pub problems: Vec<String>,
    pub failures: i64,
    pub links: i64,
    pub configured: bool,
}

/// The connection as typed: the rules as `rule[field] = direction`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrmInput {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub database: String,
    #[serde(default)]
    pub login: String,
    /// Empty keeps the stored password.
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub rule: BTreeMap<String, String>,
    #[serde(default)]
    pub poll_minutes: String,
    #[serde(default)]
    pub active: Option<String>,
}

/// The checked connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedCrm {
    pub url: String,
    pub database: String,
    pub login: String,
    pub rules: Rules,
    pub poll_seconds: i64,
    pub active: bool,
}

pub fn check_input(i: &CrmInput) -> Result<CheckedCrm, String> {
    let url = i.url.trim().trim_end_matches('/').to_string();
    if !(url.starts_with("http://") || url.starts_with("https://")) || url.len() > 500 || url.chars().any(char::is_whitespace) {
        return Err(format!("'{}' is not a web address: write it as https://crm.example.no", i.url.trim()));
    }
    let database = i.database.trim().to_string();
    if database.is_empty() || database.len() > 100 || !database.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err("Database: letters, digits, '_' and '-' only (the CRM's database name)".into());
    }
    let login = crate::core::text::required("User", &i.login, 100)?;
    let mut rules = Rules::default();
    for (f, d) in &i.rule {
        let field = CrmField::parse(f).ok_or_else(|| format!("Unknown CRM field '{f}'"))?;
        let dir = Direction::parse(d.trim()).ok_or_else(|| format!("Unknown direction '{}': use out, in, both or off", d.trim()))?;
        rules.0.insert(field.code().to_string(), dir);
    }
    let poll_seconds = match i.poll_minutes.trim() {
        "" => 60,
        m => m.parse::<i64>().ok().filter(|m| (1..=1440).contains(m)).ok_or_else(|| format!("Poll every: '{m}' is not 1–1440 minutes"))? * 60,
    };
    Ok(CheckedCrm { url, database, login, rules, poll_seconds, active: i.active.as_deref().is_some_and(|a| !a.is_empty()) })
}

/// A CRM record waiting for a person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewRow {
    pub crm_id: i64,
    pub name: String,
    pub reason: ReviewReason,
    /// What is missing (Incomplete) or the parties it is like (Uncertain), as text.
    pub detail: String,
    /// (party id, "number name") of the parties it is like.
    pub candidates: Vec<(i64, String)>,
}

/// A logged conflict: a field changed on both sides, and which side won.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictRow {
    pub at: i64,
    pub party: String,
    pub crm_id: i64,
    pub field: CrmField,
    pub flyt_value: String,
    pub crm_value: String,
    pub flyt_won: bool,
}

/// What a sync run did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSummary {
    pub read: usize,
    pub created_in_flyt: usize,
    pub created_in_crm: usize,
    pub updated_in_flyt: usize,
    pub updated_in_crm: usize,
    pub linked: usize,
    pub conflicts: usize,
    pub review: usize,
    /// Customers the CRM refused to create, with its reason (tried again when changed).
    pub problems: Vec<String>,
}

impl SyncSummary {
    /// Nothing written anywhere.
    pub fn wrote_nothing(&self) -> bool {
        self.created_in_flyt + self.created_in_crm + self.updated_in_flyt + self.updated_in_crm + self.linked + self.conflicts == 0
    }
}

/// What the page's "link" and "create new" answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewChoice {
    Link,
    CreateNew,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(pairs: &[(CrmField, &str)]) -> Values {
        pairs.iter().map(|(f, s)| (*f, s.to_string())).collect()
    }

    #[test]
    fn only_the_side_that_changed_is_written() {
        let rules = Rules::default();
        let base = v(&[(CrmField::Name, "Fjord Bygg AS"), (CrmField::Phone, "22 33 44 55")]);
        let flyt = v(&[(CrmField::Name, "Fjord Bygg AS"), (CrmField::Phone, "99 88 77 66")]);
        let crm = base.clone();
        let p = plan(&rules, Some(&base), &flyt, &crm, false);
        assert_eq!(p.to_crm, v(&[(CrmField::Phone, "99 88 77 66")]));
        assert!(p.to_flyt.is_empty() && p.conflicts.is_empty());
        // after the write both hold the new value: the next run finds nothing to do
        let again = plan(&rules, Some(&p.base), &flyt, &v(&[(CrmField::Name, "Fjord Bygg AS"), (CrmField::Phone, "+47 99887766")]), true);
        assert!(again.is_noop() && again.conflicts.is_empty(), "{again:?}");
    }

    #[test]
    fn both_changed_is_a_conflict_the_later_change_wins() {
        let rules = Rules::default();
        let base = v(&[(CrmField::Email, "a@x.no")]);
        let flyt = v(&[(CrmField::Email, "flyt@x.no")]);
        let crm = v(&[(CrmField::Email, "crm@x.no")]);
        let p = plan(&rules, Some(&base), &flyt, &crm, false);
        assert_eq!(p.to_flyt, v(&[(CrmField::Email, "crm@x.no")]));
        assert_eq!(p.conflicts, vec![Conflict { field: CrmField::Email, flyt: "flyt@x.no".into(), crm: "crm@x.no".into(), flyt_won: false }]);
        let p = plan(&rules, Some(&base), &flyt, &crm, true);
        assert_eq!(p.to_crm, v(&[(CrmField::Email, "flyt@x.no")]));
        assert!(p.conflicts[0].flyt_won);
    }

    #[test]
    fn one_way_rules_decide_without_conflict_and_off_is_left_alone() {
        let mut rules = Rules::default();
        rules.0.insert("email".into(), Direction::In);
        rules.0.insert("phone".into(), Direction::Out);
        rules.0.insert("web".into(), Direction::Off);
        let base = v(&[(CrmField::Email, "a@x.no"), (CrmField::Phone, "1"), (CrmField::Web, "w")]);
        let flyt = v(&[(CrmField::Email, "flyt@x.no"), (CrmField::Phone, "2"), (CrmField::Web, "flyt.no")]);
        let crm = v(&[(CrmField::Email, "crm@x.no"), (CrmField::Phone, "3"), (CrmField::Web, "crm.no")]);
        let p = plan(&rules, Some(&base), &flyt, &crm, true);
        assert_eq!(p.to_flyt, v(&[(CrmField::Email, "crm@x.no")]));
        assert_eq!(p.to_crm, v(&[(CrmField::Phone, "2")]));
        assert!(p.conflicts.is_empty());
        assert!(!p.base.contains_key(&CrmField::Web));
    }

    #[test]
    fn formatting_differences_are_no_change() {
        let rules = Rules::default();
        let flyt = v(&[(CrmField::OrgNo, "974760673"), (CrmField::Phone, "22 33 44 55"), (CrmField::Email, "Post@Fjord.no")]);
        let crm = v(&[(CrmField::OrgNo, "NO 974 760 673 MVA"), (CrmField::Phone, "+4722334455"), (CrmField::Email, "post@fjord.no")]);
        assert!(plan(&rules, None, &flyt, &crm, true).is_noop());
    }

    #[test]
    fn a_first_link_fills_what_one_side_lacks() {
        let rules = Rules::default();
        let flyt = v(&[(CrmField::Name, "Fjord Bygg AS"), (CrmField::OrgNo, "974760673"), (CrmField::Address, &address("", "", ""))]);
        let crm = v(&[(CrmField::Name, "Fjord Bygg AS"), (CrmField::Phone, "22 33 44 55"), (CrmField::Address, &address("Storgata 1", "0155", "Oslo"))]);
        let p = plan(&rules, None, &flyt, &crm, true);
        assert_eq!(p.to_crm, v(&[(CrmField::OrgNo, "974760673")]));
        assert_eq!(p.to_flyt, v(&[(CrmField::Address, "Storgata 1\n0155\nOslo"), (CrmField::Phone, "22 33 44 55")]));
        assert!(p.conflicts.is_empty());
    }

    #[test]
    fn rules_round_trip_and_bad_ones_are_named() {
        let r = Rules::parse("phone=out, email=off").unwrap();
        assert_eq!(r.of(CrmField::Phone), Direction::Out);
        assert_eq!(r.of(CrmField::Name), Direction::Both);
        assert_eq!(Rules::parse(&r.encode()).unwrap(), r);
        assert_eq!(Rules::parse("fax=out").unwrap_err(), "Unknown CRM field 'fax'");
        assert!(Rules::parse("phone=sideways").unwrap_err().contains("sideways"));
    }

    fn c(id: i64, org: bool, email: bool, score: i64, linked: bool) -> Candidate {
        Candidate { party_id: id, same_org_no: org, same_email: email, name_score: score, linked }
    }

    #[test]
    fn matching_links_only_when_certain() {
        assert_eq!(decide(&[c(1, true, false, 40, false)], true), Match::Link(1));
        assert_eq!(decide(&[c(1, true, false, 100, false), c(2, true, false, 100, false)], true), Match::Review(vec![1, 2]));
        assert_eq!(decide(&[c(1, false, false, 95, false)], true), Match::Review(vec![1]));
        assert_eq!(decide(&[c(1, false, true, 95, false)], false), Match::Link(1));
        assert_eq!(decide(&[c(1, false, false, 95, false)], false), Match::Review(vec![1]));
        assert_eq!(decide(&[c(1, true, false, 100, true)], true), Match::Review(vec![1]));
        assert_eq!(decide(&[c(1, false, false, 30, false)], false), Match::New);
        assert_eq!(decide(&[], true), Match::New);
    }

    #[test]
    fn the_input_is_checked() {
        let mut i = CrmInput { url: "http://127.0.0.1:8000/".into(), database: "crm".into(), login: "admin".into(), ..Default::default() };
        i.rule.insert("phone".into(), "out".into());
        let c = check_input(&i).unwrap();
        assert_eq!(c.url, "http://127.0.0.1:8000");
        assert_eq!(c.rules.of(CrmField::Phone), Direction::Out);
        assert_eq!(c.poll_seconds, 60);
        i.database = "crm; drop".into();
        assert!(check_input(&i).is_err());
        i.database = "crm".into();
        i.url = "crm.example.no".into();
        assert!(check_input(&i).unwrap_err().contains("web address"));
    }

    #[test]
    fn lists_merge_record_by_record() {
        let rules = Rules::default();
        let kari = contact_line("Kari Nordmann", "kari@fjord.no", "900 00 000");
        let ola = contact_line("Ola Hansen", "ola@fjord.no", "");
        let base = v(&[(CrmField::Contacts, &list_value(vec![kari.clone(), ola.clone()]))]);
        // Flyt changed Kari's mobile, the CRM added Per and removed Ola
        let kari2 = contact_line("Kari Nordmann", "kari@fjord.no", "41 00 00 01");
        let per = contact_line("Per Berg", "per@fjord.no", "");
        let flyt = v(&[(CrmField::Contacts, &list_value(vec![kari2.clone(), ola.clone()]))]);
        let crm = v(&[(CrmField::Contacts, &list_value(vec![per.clone(), kari.clone()]))]);
        let p = plan(&rules, Some(&base), &flyt, &crm, false);
        let merged = list_value(vec![kari2.clone(), per.clone()]);
        assert_eq!(p.to_flyt, v(&[(CrmField::Contacts, &merged)]));
        assert_eq!(p.to_crm, v(&[(CrmField::Contacts, &merged)]));
        assert!(p.conflicts.is_empty(), "{p:?}");
        // the next run finds both equal (spacing and case aside)
        let crm_after = v(&[(CrmField::Contacts, &format!("{}\nKARI NORDMANN | Kari@Fjord.no | +4741000001", per))]);
        assert!(plan(&rules, Some(&p.base), &v(&[(CrmField::Contacts, &merged)]), &crm_after, true).is_noop());
        // the same contact changed on both sides: the later side wins, the other logged
        let flyt = v(&[(CrmField::Contacts, &list_value(vec![kari2.clone(), ola.clone()]))]);
        let kari3 = contact_line("Kari Nordmann", "kari@crm.no", "900 00 000");
        let crm = v(&[(CrmField::Contacts, &list_value(vec![kari3.clone(), ola.clone()]))]);
        let p = plan(&rules, Some(&base), &flyt, &crm, true);
        assert_eq!(p.to_crm, v(&[(CrmField::Contacts, &list_value(vec![kari2.clone(), ola.clone()]))]));
        assert_eq!(p.conflicts, vec![Conflict { field: CrmField::Contacts, flyt: kari2.clone(), crm: kari3, flyt_won: true }]);
        // one way: the one side whole
        let mut one_way = Rules::default();
        one_way.0.insert("contacts".into(), Direction::In);
        let p = plan(&one_way, Some(&base), &flyt, &crm, true);
        assert!(p.to_crm.is_empty() && p.conflicts.is_empty());
        // a first link takes the records of both
        let p = plan(&rules, None, &v(&[(CrmField::Contacts, &ola)]), &v(&[(CrmField::Contacts, &per)]), true);
        assert_eq!(p.base[&CrmField::Contacts], list_value(vec![ola, per]));
    }

    #[test]
    fn list_lines_and_payment_days_compare_as_meant() {
        assert_eq!(contact_parts(&contact_line("Kari | Nordmann", " k@x.no ", "")), ("Kari / Nordmann".into(), "k@x.no".into(), String::new()));
        assert_eq!(project_parts(&project_line("Tilbygg", true)), ("Tilbygg".into(), true));
        assert_eq!(project_parts("Tilbygg"), ("Tilbygg".into(), false));
        assert!(same(CrmField::PaymentTerms, "030", "30"));
        assert!(!same(CrmField::PaymentTerms, "30", "14"));
        assert!(same(CrmField::Projects, "b | open\na | done", "A | DONE\nb|open"));
        assert!(!same(CrmField::Projects, "a | open", "a | done"));
    }

    #[test]
    fn addresses_split_into_their_parts() {
        assert_eq!(address_parts(&address(" Storgata 1", "0155", "Oslo ")), ("Storgata 1".into(), "0155".into(), "Oslo".into()));
        assert_eq!(address_parts(""), (String::new(), String::new(), String::new()));
    }
}
