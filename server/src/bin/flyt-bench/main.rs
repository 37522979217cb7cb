//! `flyt-bench`: Flyt's performance figures (see README), a binary of its own so the
//! production `flyt` carries no benchmark code. Prints numbers, with ratios against a
//! baseline measured in the same run where there is one; asserts nothing on time.
use clap::Parser;

mod bench;
mod bench_accounting;
mod bench_events;
mod bench_invoicing;
mod bench_parties;
mod bench_purchasing;
mod bench_reports;
mod bench_sales;
mod bench_stock;
mod bench_stock_reports;
mod bench_webshop;

#[derive(Parser)]
#[command(name = "flyt-bench", version, about = "Flyt's performance figures")]
struct Args {
    /// The built site (for the WASM size); default $LEPTOS_SITE_ROOT or target/site.
    #[arg(long)]
    site_root: Option<std::path::PathBuf>,
    /// Round trips to time.
    #[arg(long, default_value_t = 500)]
    requests: usize,
    /// Also run the stock benchmark at scale (items, moves).
    #[arg(long)]
    stock: bool,
    #[arg(long, default_value_t = 50_000)]
    items: usize,
    #[arg(long, default_value_t = 1_000_000)]
    moves: usize,
    /// Also run the similar-name search benchmark over this many parties.
    #[arg(long)]
    parties: bool,
    #[arg(long, default_value_t = 100_000)]
    party_count: usize,
    /// Also run the sales benchmark (order posting, order list, HTTP order entry).
    #[arg(long)]
    sales: bool,
    /// Run only the HTTP order-entry figure of the sales benchmark (with its baseline).
    #[arg(long)]
    order_entry: bool,
    /// Also run the invoicing benchmark (invoice posting, invoicing run, bank file, open items).
    #[arg(long)]
    invoicing: bool,
    /// Also run the accounting benchmark (the voucher's statements, SAF-T and SIE of 100 000 invoices).
    #[arg(long)]
    accounting: bool,
    /// Also run the webhook benchmark (the fan-out of the event journal to local receivers).
    #[arg(long)]
    events: bool,
    /// Also run the webshop benchmark against a real Vendure (1 000 shop orders in, stock out after deliveries).
    #[arg(long)]
    webshop: bool,
    /// Also run the reports benchmark (the sales report over 100 000 invoices / 1 000 000 lines).
    #[arg(long)]
    reports: bool,
    /// With --reports: the sales, ageing, budget and quotes reports only, without loading
    /// the stock moves and supplier invoices for stock turnover and the purchase report.
    #[arg(long)]
    reports_sales_only: bool,
    /// Also run the purchasing benchmark (the reorder list over 50 000 items).
    #[arg(long)]
    purchasing: bool,
    /// PostgreSQL server for the stock benchmark (a database is created and dropped).
    #[arg(long, env = "FLYT_BENCH_PG")]
    pg: Option<String>,
}

#[tokio::main]
async fn main() {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;
    let args = Args::parse();
    // the benchmarks' shop and webhook receivers run on this machine
    if std::env::var_os(app::db::outbound::ALLOW_VAR).is_none() {
        std::env::set_var(app::db::outbound::ALLOW_VAR, "127.0.0.1");
    }
    // the benchmarks' databases are thrown away: their stored secrets are sealed with a
    // key of this run
    if std::env::var_os(app::db::secrets::KEY_VAR).is_none() {
        std::env::set_var(app::db::secrets::KEY_VAR, (0..32).map(|_| format!("{:02x}", rand::random::<u8>())).collect::<String>());
    }
    app::wire();
    let log = tracing_subscriber::fmt::layer().with_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()));
    // benchmarks count the SQL statements sqlx runs (its `sqlx::query` events),
    // also those SQLite runs on its worker threads — only while counting, because an
    // enabled event makes sqlx format every statement, which would slow the timings
    let counter = {
        let when = tracing_subscriber::filter::dynamic_filter_fn(|m, _| {
            m.target() == "sqlx::query" && bench_sales::COUNTING.load(std::sync::atomic::Ordering::Relaxed)
        })
        .with_callsite_filter(|m| {
            if m.target() == "sqlx::query" {
                tracing::subscriber::Interest::sometimes()
            } else {
                tracing::subscriber::Interest::never()
            }
        });
        bench_sales::StatementCounter.with_filter(when)
    };
    tracing_subscriber::registry().with(log).with(counter).init();
    if let Err(e) = run(args).await {
        eprintln!("flyt-bench: {e}");
        std::process::exit(1);
    }
}

async fn run(a: Args) -> Result<(), String> {
    if a.order_entry {
        return bench_sales::http().await;
    }
    bench::run(a.site_root, a.requests).await?;
    if a.sales {
        bench::sales(a.pg.clone()).await?;
    }
    if a.invoicing {
        bench::invoicing(a.pg.clone()).await?;
    }
    if a.accounting {
        bench::accounting(a.pg.clone()).await?;
    }
    if a.events {
        bench::events(a.pg.clone()).await?;
    }
    if a.purchasing {
        bench::purchasing(a.pg.clone()).await?;
    }
    if a.webshop {
        bench::webshop(a.pg.clone()).await?;
    }
    if a.reports {
        bench::reports(a.pg.clone(), !a.reports_sales_only).await?;
    }
    if a.stock {
        bench::stock(a.items, a.moves, a.pg.clone()).await?;
    }
    if a.parties {
        bench::parties(a.party_count, a.pg).await?;
    }
    Ok(())
}
