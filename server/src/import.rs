//! `flyt import items|parties FILE`: the same checks and all-or-nothing write as
//! the import page, run as a user of a company from the command line.
use app::auth::service::AuthCtx;
use app::auth::{store as auth_store, Perm};
use app::db::Db;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum What {
    Items,
    Parties,
}

/// The user's membership in the company named by id or name (or their only one).
async fn context(db: &Db, email: &str, company: Option<&str>, perm: Perm) -> Result<AuthCtx, String> {
    let e = |e: app::error::AppError| e.to_string();
    let user = auth_store::user_by_email(&db.pool, email).await.map_err(e)?.ok_or_else(|| format!("no user with e-mail {email}"))?;
    let companies = auth_store::companies_of(&db.pool, user.id).await.map_err(e)?;
    let chosen: Vec<_> = match company {
        Some(c) => companies.iter().filter(|m| m.id.to_string() == c || m.name.eq_ignore_ascii_case(c.trim())).collect(),
        None => companies.iter().collect(),
    };
    let m = match chosen.as_slice() {
        [one] => *one,
        [] => return Err(format!("{email} is not a member of {}", company.unwrap_or("any company"))),
        _ => {
            let names: Vec<String> = chosen.iter().map(|m| format!("{} ({})", m.name, m.id)).collect();
            return Err(format!("{email} is a member of several companies; choose one with --company: {}", names.join(", ")));
        }
    };
    if !m.role.allows(perm) {
        return Err(format!("the role of {email} in {} does not allow this import", m.name));
    }
    let country = app::setup::store::company(&db.pool, m.id).await.map_err(e)?.country;
    Ok(AuthCtx {
        user_id: user.id,
        company_id: m.id,
        role: m.role,
        session: None,
        scopes: None,
        zone: app::core::clock::zone_of(&country),
        lang: app::core::Lang::Nb,
    })
}

pub async fn run(db: &Db, what: What, file: &std::path::Path, email: &str, company: Option<&str>, preview: bool) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let report = match what {
        What::Items => {
            let ctx = context(db, email, company, Perm::Stock).await?;
            let rows = app::stock::import::read(&bytes)?;
            eprintln!("checking {} rows…", rows.len());
            app::stock::import::run(db, ctx.company_id, ctx.user_id, rows, preview).await.map_err(|e| e.to_string())?
        }
        What::Parties => {
            let ctx = context(db, email, company, Perm::Parties).await?;
            let text = app::core::csv::text(&bytes);
            app::parties::service::import_csv(db, &ctx, &text, app::core::Lang::En, preview).await.map_err(|e| e.to_string())?
        }
    };
    for (line, e) in &report.errors {
        eprintln!("line {line}: {e}");
    }
    if !report.errors.is_empty() {
        return Err(format!("{} of {} rows have errors; nothing was imported", report.errors.len(), report.rows));
    }
    if preview {
        println!("{} rows are ready to import (preview: nothing written).", report.rows);
    } else {
        println!("Imported {} rows.", report.imported);
    }
    Ok(())
}
