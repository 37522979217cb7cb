//! The command line: create-admin on an empty database, and an online backup.
mod common;

use std::process::Command;

use common::*;

fn flyt(url: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_flyt")).args(args).env("DATABASE_URL", url).env("RUST_LOG", "warn").output().unwrap()
}

#[tokio::test]
async fn create_admin_then_log_in() {
    for backend in BACKENDS {
        let Some((url, dir)) = fresh_db(backend).await else { continue };
        let weak = flyt(
            &url,
            &["create-admin", "--email", "eier@nordlys.test", "--name", "Eva Eier", "--password", "kort", "--company", "Nordlys AS", "--org-no", "991825827"],
        );
        assert!(!weak.status.success());
        assert!(String::from_utf8_lossy(&weak.stderr).contains("at least 8 characters"));
        let bad_org = flyt(
            &url,
            &[
                "create-admin",
                "--email",
                "eier@nordlys.test",
                "--name",
                "Eva Eier",
                "--password",
                "langt-passord",
                "--company",
                "Nordlys AS",
                "--org-no",
                "991825828",
            ],
        );
        assert!(!bad_org.status.success(), "{backend}: invalid org no refused");
        let ok = flyt(
            &url,
            &[
                "create-admin",
                "--email",
                "eier@nordlys.test",
                "--name",
                "Eva Eier",
                "--password",
                "langt-passord",
                "--company",
                "Nordlys AS",
                "--org-no",
                "991825827",
            ],
        );
        assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
        let s = start_on(&url, dir).await;
        let c = login(&s, "eier@nordlys.test", "langt-passord").await;
        let (_, me) = get_json(&c, &s, "/api/v1/me").await;
        assert_eq!(me["company_name"], "Nordlys AS");
        assert_eq!(me["role"], "admin");
        assert_eq!(me["companies"].as_array().unwrap().len(), 1, "{backend}: no demo data was loaded next to a real company");
    }
}

#[tokio::test]
async fn backup_copies_a_database_in_use() {
    let Some((url, dir)) = fresh_db("sqlite").await else { return };
    let backup = dir.as_ref().unwrap().path().join("backup.db");
    let s = start_on(&url, dir).await;
    let c = login(&s, "demo@flyt.test", "demo").await;
    let (ok, e) = server_fn(&c, &s, "setup/units/save", &[("code", "pall"), ("name", "Pall")]).await;
    assert!(ok, "{e}");
    let out = flyt(&url, &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = flyt(&url, &["backup", backup.to_str().unwrap()]);
    assert!(!again.status.success(), "an existing file is never overwritten");
    let pool = sqlx::sqlite::SqlitePool::connect(&format!("sqlite://{}", backup.display())).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE code = 'pall'").fetch_one(&pool).await.unwrap();
    assert_eq!(n, 1, "the backup holds the change made while the server ran");
}
