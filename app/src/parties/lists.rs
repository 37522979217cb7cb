//! A party's contacts and projects set as whole lists — what the CRM sync brings:
//! each record matched by name (case and spacing aside); a contact missing from the
//! list is made inactive and a project missing is cancelled (both keep their history
//! and their documents); one back in the list is active again.
use super::model::{mobile_key, Contact, FieldChange, Party, Project, ProjectStatus};
use super::store;
use crate::db::Tx;
use crate::error::AppResult;

/// The lists to set (None: left as they are).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lists {
    /// (name, e-mail, mobile), checked as a contact is.
    pub contacts: Option<Vec<Contact>>,
    /// (name, done).
    pub projects: Option<Vec<(String, bool)>>,
}

fn key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Sets the lists inside the caller's transaction; answers the changes to log.
pub async fn apply(tx: &mut Tx, company_id: i64, party: &Party, lists: &Lists) -> AppResult<Vec<FieldChange>> {
    let mut changes = Vec::new();
    if let Some(wanted) = &lists.contacts {
        changes.extend(contacts(tx, company_id, party, wanted).await?);
    }
    if let Some(wanted) = &lists.projects {
        changes.extend(projects(tx, company_id, party, wanted).await?);
    }
    Ok(changes)
}

fn show(c: &Contact) -> String {
    format!("{} <{}> {}", c.name, c.email, c.mobile).trim().to_string()
}

async fn contacts(tx: &mut Tx, company_id: i64, party: &Party, wanted: &[Contact]) -> AppResult<Vec<FieldChange>> {
    let existing = store::contacts(&mut **tx, company_id, party.id).await?;
    let mut changes = Vec::new();
    let same = |a: &Contact, b: &Contact| {
        a.active
            && a.name == b.name
            && a.email.to_lowercase() == b.email.to_lowercase()
            && mobile_key(&a.mobile, &party.country) == mobile_key(&b.mobile, &party.country)
    };
    for w in wanted {
        // an active one of the name first, else an inactive one comes back
        let old = existing.iter().filter(|e| key(&e.name) == key(&w.name)).max_by_key(|e| e.active);
        if old.is_some_and(|o| same(o, w)) {
            continue;
        }
        let mut c = old.cloned().unwrap_or_default();
        (c.name, c.email, c.mobile, c.active, c.party_id) = (w.name.clone(), w.email.clone(), w.mobile.clone(), true, party.id);
        store::save_contact(tx, company_id, party.id, &c, &mobile_key(&c.mobile, &party.country)).await?;
        changes.push(FieldChange { field: "contact".into(), old_value: old.map(show).unwrap_or_default(), new_value: show(&c) });
    }
    for e in existing.iter().filter(|e| e.active && !wanted.iter().any(|w| key(&w.name) == key(&e.name))) {
        let mut c = e.clone();
        (c.active, c.for_orders, c.for_invoices) = (false, false, false);
        store::save_contact(tx, company_id, party.id, &c, &mobile_key(&c.mobile, &party.country)).await?;
        changes.push(FieldChange { field: format!("contact {}", c.name), old_value: "active".into(), new_value: "inactive".into() });
    }
    Ok(changes)
}

/// A project code for a new project: the name's letters and digits (at most 20,
/// upper case), numbered on when taken.
async fn new_code(tx: &mut Tx, company_id: i64, name: &str) -> AppResult<String> {
    let base: String = name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_uppercase).take(20).collect();
    let base = if base.is_empty() { "P".to_string() } else { base };
    let mut code = base.clone();
    let mut n = 1;
    while crate::db::code_taken(tx, "projects", company_id, &code).await? {
        n += 1;
        code = format!("{base}-{n}");
    }
    Ok(code)
}

/// Saves a project; answers the change to log.
async fn save(tx: &mut Tx, company_id: i64, p: Project, old: Option<ProjectStatus>) -> AppResult<FieldChange> {
    store::save_project(tx, company_id, &p).await?;
    Ok(FieldChange {
        field: "project".into(),
        old_value: old.map(|s| format!("{} {} ({})", p.code, p.name, s.code())).unwrap_or_default(),
        new_value: format!("{} {} ({})", p.code, p.name, p.status.code()),
    })
}

async fn projects(tx: &mut Tx, company_id: i64, party: &Party, wanted: &[(String, bool)]) -> AppResult<Vec<FieldChange>> {
    let existing = store::projects(&mut **tx, company_id, Some(party.id)).await?;
    let mut changes = Vec::new();
    let done = |s: ProjectStatus| matches!(s, ProjectStatus::Completed | ProjectStatus::Cancelled);
    for (name, is_done) in wanted {
        match existing.iter().find(|e| key(&e.name) == key(name)) {
            // a cancelled project listed again is open or completed as the list says
            Some(e) if e.status != ProjectStatus::Cancelled && done(e.status) == *is_done => {}
            Some(e) => {
                let status = match (e.status, is_done) {
                    (_, true) => ProjectStatus::Completed,
                    (ProjectStatus::Planned, false) => ProjectStatus::Planned,
                    (_, false) => ProjectStatus::Active,
                };
                changes.push(save(tx, company_id, Project { status, ..e.clone() }, Some(e.status)).await?);
            }
            None => {
                let code = new_code(tx, company_id, name).await?;
                let status = if *is_done { ProjectStatus::Completed } else { ProjectStatus::Active };
                let p = Project { id: 0, code, name: name.clone(), party_id: party.id, start_date: None, end_date: None, status };
                changes.push(save(tx, company_id, p, None).await?);
            }
        }
    }
    for e in existing.iter().filter(|e| e.status != ProjectStatus::Cancelled && !wanted.iter().any(|(n, _)| key(n) == key(&e.name))) {
        changes.push(save(tx, company_id, Project { status: ProjectStatus::Cancelled, ..e.clone() }, Some(e.status)).await?);
    }
    Ok(changes)
}
