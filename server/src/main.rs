//! `flyt`: the Flyt server and its command line.
use clap::{Parser, Subcommand};

use server::{demo, import, open, web};

/// Hands the event journal on to the webhooks while serving (every
/// `FLYT_WEBHOOK_TICK_MS`, and at once again while there is more to send).
async fn webhooks(db: app::db::Db) {
    let client = app::events::delivery::client();
    let tick = std::time::Duration::from_millis(app::events::delivery::tick_ms() as u64);
    loop {
        tokio::time::sleep(tick).await;
        loop {
            match app::events::delivery::deliver_due(&db, &client).await {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!("webhooks: {e}");
                    break;
                }
            }
        }
    }
}

/// The webshop worker: imports each shop's orders when its poll is due, and pushes
/// stock, prices and shipments as the event journal grows (a shop claimed by one
/// server at a time).
async fn webshops(db: app::db::Db) {
    let client = app::webshop::shop::client();
    let tick = std::time::Duration::from_millis(app::webshop::service::tick_ms() as u64);
    loop {
        tokio::time::sleep(tick).await;
        if let Err(e) = app::webshop::service::run_due(&db, &client).await {
            tracing::warn!("webshops: {e}");
        }
    }
}

/// The CRM worker: syncs each company's customers with its CRM when the poll is due or
/// a customer changed in Flyt (a connection claimed by one server at a time).
async fn crm_syncs(db: app::db::Db) {
    let client = app::crm::service::client();
    let tick = std::time::Duration::from_millis(app::crm::service::tick_ms() as u64);
    loop {
        tokio::time::sleep(tick).await;
        if let Err(e) = app::crm::service::run_due(&db, &client).await {
            tracing::warn!("CRM syncs: {e}");
        }
    }
}

/// Housekeeping while serving: last month's stock closings are made ahead of the first
/// report that needs them (at start, then hourly).
async fn keep_closings(db: app::db::Db) {
    loop {
        match app::stock::store::closing::keep_materialised(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("materialised last month's stock closing of {n} companies"),
            Err(e) => tracing::warn!("stock closings: {e}"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// Housekeeping while serving: the outbox retries failed deliveries when their pause is
/// over, and expired sessions and old login attempts are deleted.
async fn housekeeping(db: app::db::Db) {
    let tick = std::time::Duration::from_millis((app::outbox::service::retry_base_ms() / 4).clamp(50, 15_000) as u64);
    let mut last_sweep = std::time::Instant::now() - std::time::Duration::from_secs(3600);
    loop {
        if let Err(e) = app::outbox::service::retry_due(&db).await {
            tracing::warn!("outbox retries: {e}");
        }
        if last_sweep.elapsed() >= std::time::Duration::from_secs(600) {
            match app::auth::store::delete_expired(&db.pool).await {
                Ok(0) => {}
                Ok(n) => tracing::info!("deleted {n} expired sessions"),
                Err(e) => tracing::warn!("expired sessions: {e}"),
            }
            last_sweep = std::time::Instant::now();
        }
        tokio::time::sleep(tick).await;
    }
}

#[derive(Parser)]
#[command(name = "flyt", version, about = "Flyt: order-to-cash and purchasing for small Nordic businesses")]
struct Cli {
    /// Database: a SQLite file path or sqlite:// URL (default ./data/flyt.db), or postgres://…
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/flyt.db", global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Option<Cmd>,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the app (the default). Migrates first.
    Serve {
        /// Load the demo company when the database has no company yet.
        #[arg(long, env = "FLYT_DEMO")]
        demo: bool,
    },
    /// Run the database migrations and exit.
    Migrate,
    /// Create a company and its first administrator (or add an admin to a company).
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Password; read from FLYT_ADMIN_PASSWORD when not given.
        #[arg(long, env = "FLYT_ADMIN_PASSWORD")]
        password: String,
        #[arg(long)]
        company: String,
        #[arg(long)]
        org_no: String,
        #[arg(long, default_value = "NO")]
        country: String,
    },
    /// Load the demo data (deterministic; refuses when the demo company exists).
    Demo {
        #[arg(long, value_enum, default_value = "small")]
        scale: demo::Scale,
    },
    /// Import a CSV file (UTF-8) into a company as one of its users: every row is
    /// checked, then all are written in one transaction, or none.
    Import {
        #[arg(value_enum)]
        what: import::What,
        file: std::path::PathBuf,
        /// The user the import is done as (their role must allow it).
        #[arg(long)]
        user: String,
        /// Company id or name; needed when the user is in several.
        #[arg(long)]
        company: Option<String>,
        /// Only check the file and print its errors; write nothing.
        #[arg(long)]
        preview: bool,
    },
    /// Write a consistent copy of the SQLite database while it is in use.
    Backup { file: std::path::PathBuf },
    /// Recompute derived stock figures from the ledger and compare with the cache.
    Check,
}

#[tokio::main]
async fn main() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    let cli = Cli::parse();
    app::wire();
    let log = tracing_subscriber::fmt::layer().with_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()));
    tracing_subscriber::registry().with(log).init();
    if let Err(e) = run(cli).await {
        eprintln!("flyt: {e}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command.unwrap_or(Cmd::Serve { demo: false }) {
        Cmd::Serve { demo } => {
            let db = open(&cli.database_url).await?;
            app::db::secrets::init(&db, &cli.database_url).await?;
            if demo && demo::is_empty(&db).await? {
                demo::load(&db, demo::Scale::Small).await?;
                println!("Loaded the demo company.");
            }
            tokio::spawn(keep_closings(db.clone()));
            tokio::spawn(housekeeping(db.clone()));
            tokio::spawn(webhooks(db.clone()));
            tokio::spawn(webshops(db.clone()));
            tokio::spawn(crm_syncs(db.clone()));
            web::serve(db).await
        }
        Cmd::Migrate => {
            open(&cli.database_url).await?;
            println!("Migrations are up to date.");
            Ok(())
        }
        Cmd::CreateAdmin { email, name, password, company, org_no, country } => {
            let db = open(&cli.database_url).await?;
            let id = demo::create_admin(&db, &email, &name, &password, &company, &org_no, &country).await?;
            println!("Created company {id} with administrator {email}.");
            Ok(())
        }
        Cmd::Demo { scale } => {
            let db = open(&cli.database_url).await?;
            if !demo::is_empty(&db).await? {
                return Err("the database already has companies; use an empty database for the demo".into());
            }
            demo::load(&db, scale).await?;
            println!("Loaded the demo data. Log in as {} / {}", demo::DEMO_EMAIL, demo::DEMO_PASSWORD);
            Ok(())
        }
        Cmd::Import { what, file, user, company, preview } => {
            let db = open(&cli.database_url).await?;
            import::run(&db, what, &file, &user, company.as_deref(), preview).await
        }
        Cmd::Backup { file } => {
            let db = open(&cli.database_url).await?;
            if db.backend != app::db::Backend::Sqlite {
                return Err("backup copies the SQLite file; for PostgreSQL use pg_dump".into());
            }
            if file.exists() {
                return Err(format!("{} exists; choose a new file", file.display()));
            }
            let target = file.to_str().ok_or("the backup path is not valid UTF-8")?.replace('\'', "''");
            sqlx::query(&format!("VACUUM INTO '{target}'")).execute(&db.pool).await.map_err(|e| format!("backup failed: {e}"))?;
            println!("Wrote {}", file.display());
            Ok(())
        }
        Cmd::Check => {
            let db = open(&cli.database_url).await?;
            let companies: Vec<i64> = sqlx::query_scalar("SELECT id FROM companies ORDER BY id").fetch_all(&db.pool).await.map_err(|e| e.to_string())?;
            let mut bad = 0;
            for c in &companies {
                for (item, wh, cached, ledger) in app::stock::store::ledger::cache_mismatches(&db.pool, *c).await.map_err(|e| e.to_string())? {
                    println!("company {c} item {item} warehouse {wh}: cached {cached} ≠ ledger {ledger} (thousandths)");
                    bad += 1;
                }
                for (item, wh, cached, ledger) in app::stock::store::ledger::value_mismatches(&db.pool, *c).await.map_err(|e| e.to_string())? {
                    println!("company {c} item {item} warehouse {wh}: cached value {cached} ≠ ledger {ledger} (1e-7)");
                    bad += 1;
                }
                for line in app::stock::store::closing::mismatches(&db.pool, *c).await.map_err(|e| e.to_string())? {
                    println!("company {c} {line}");
                    bad += 1;
                }
                let facts = app::invoicing::store::facts::mismatches(&db.pool, *c).await.map_err(|e| e.to_string())?;
                let purchases = app::purchasing::store::rollups::mismatches(&db.pool, *c).await.map_err(|e| e.to_string())?;
                for line in facts.iter().chain(&purchases) {
                    println!("company {c} {line}");
                    bad += 1;
                }
            }
            if bad > 0 {
                return Err(format!("{bad} stock balances, monthly closings, sales facts or purchase rollups differ from the ledger and the invoices"));
            }
            println!("Stock balances, monthly closings, sales facts and purchase rollups equal the ledger and the invoices in {} companies.", companies.len());
            Ok(())
        }
    }
}
