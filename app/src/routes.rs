//! The HTML shell and the route table.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

use crate::areas::login::LoginPage;
use crate::areas::{HomePage, NotFound};
use crate::auth::api::get_session;
use crate::invoicing::model::InvoiceKind;
use crate::invoicing::pages::InvoicePage;
use crate::setup::pages::SetupLayout;
use crate::ui::layout::Shell;
use crate::ui::SessionRes;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    page_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The Content-Security-Policy of an HTML page: scripts only from this site and the
/// page's own nonce (the hydration script), WebAssembly compiled from this site, no
/// framing, no plug-ins, forms only to this site. Other answers get a stricter one
/// from the server's header layer.
/// The one inline event handler Flyt has (`onchange="this.form.submit()"` on the
/// language and company choosers, so they work before hydration), allowed by its hash.
#[cfg(feature = "ssr")]
const SUBMIT_ON_CHANGE: &str = "sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY=";

#[cfg(feature = "ssr")]
fn page_security_policy() {
    let Some(res) = use_context::<leptos_axum::ResponseOptions>() else { return };
    let nonce = leptos::nonce::use_nonce().map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{nonce} 'unsafe-hashes' '{SUBMIT_ON_CHANGE}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
         media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(v) = http::HeaderValue::from_str(&policy) {
        res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn the_policy_allows_exactly_the_inline_handler() {
        use base64::Engine;
        use sha2::Digest;
        let hash = sha2::Sha256::digest(crate::ui::layout::SUBMIT_ON_CHANGE_JS.as_bytes());
        assert_eq!(super::SUBMIT_ON_CHANGE, format!("sha256-{}", base64::engine::general_purpose::STANDARD.encode(hash)));
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let session = Resource::new(|| (), |_| get_session());
    provide_context(SessionRes(session));
    // Every route renders its data inline (no out-of-order streaming): pages are
    // complete HTML without JavaScript, and tests can read them with curl.
    // Login, the shell and Home are in the first download; every other area's pages
    // arrive when the area is first visited (see `lazy_area!`).
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Title text="Flyt"/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("/") view=Shell ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("sales") view={Lazy::<sales::Orders>::new()}/>
                    <Route path=path!("sales/quotes") view={Lazy::<sales::Quotes>::new()}/>
                    <Route path=path!("sales/quotes/new") view={Lazy::<sales::NewQuote>::new()}/>
                    <Route path=path!("sales/quotes/:no") view={Lazy::<sales::Quote>::new()}/>
                    <Route path=path!("sales/quotes/:no/edit") view={Lazy::<sales::EditQuote>::new()}/>
                    <Route path=path!("sales/orders/new") view={Lazy::<sales::NewOrder>::new()}/>
                    <Route path=path!("sales/orders/:no") view={Lazy::<sales::Order>::new()}/>
                    <Route path=path!("sales/orders/:no/edit") view={Lazy::<sales::EditOrder>::new()}/>
                    <Route path=path!("sales/backorder") view={Lazy::<sales::Backorder>::new()}/>
                    <Route path=path!("purchasing") view={Lazy::<purchasing::Orders>::new()}/>
                    <Route path=path!("purchasing/reorder") view={Lazy::<purchasing::Reorder>::new()}/>
                    <Route path=path!("purchasing/orders/new") view={Lazy::<purchasing::NewOrder>::new()}/>
                    <Route path=path!("purchasing/orders/:no") view={Lazy::<purchasing::Order>::new()}/>
                    <Route path=path!("purchasing/invoices") view={Lazy::<purchasing::Payables>::new()}/>
                    <Route path=path!("purchasing/invoices/new") view={Lazy::<purchasing::NewInvoice>::new()}/>
                    <Route path=path!("purchasing/invoices/:id") view={Lazy::<purchasing::Invoice>::new()}/>
                    <Route path=path!("purchasing/report") view={Lazy::<purchasing::Report>::new()}/>
                    <Route path=path!("stock") view={Lazy::<stock::Items>::new()}/>
                    <Route path=path!("stock/lookup") view={Lazy::<phone::Lookup>::new()}/>
                    <Route path=path!("stock/counts") view={Lazy::<stock::Counts>::new()}/>
                    <Route path=path!("stock/valuation") view={Lazy::<stock::Valuation>::new()}/>
                    <Route path=path!("stock/counts/:id") view={Lazy::<stock::CountSheet>::new()}/>
                    <Route path=path!("stock/items/new") view={Lazy::<stock::NewItem>::new()}/>
                    <Route path=path!("stock/items/:no") view={Lazy::<stock::Item>::new()}/>
                    <Route path=path!("stock/import") view={Lazy::<stock::Import>::new()}/>
                    <Route path=path!("stock/price-lists") view={Lazy::<stock::PriceLists>::new()}/>
                    <Route path=path!("stock/price-lists/:id") view={Lazy::<stock::PriceList>::new()}/>
                    <Route path=path!("parties") view={Lazy::<parties::Parties>::new()}/>
                    <Route path=path!("parties/new") view={Lazy::<parties::NewParty>::new()}/>
                    <Route path=path!("parties/import") view={Lazy::<parties::Import>::new()}/>
                    <Route path=path!("parties/:id") view={Lazy::<parties::Party>::new()}/>
                    <Route path=path!("receivables") view={Lazy::<receivables::Invoices>::new()}/>
                    <Route path=path!("receivables/new") view={Lazy::<receivables::NewInvoice>::new()}/>
                    <Route path=path!("receivables/open") view={Lazy::<receivables::OpenItems>::new()}/>
                    <Route path=path!("receivables/bank") view={Lazy::<receivables::Bank>::new()}/>
                    <Route path=path!("receivables/reminders") view={Lazy::<receivables::Reminders>::new()}/>
                    <Route path=path!("receivables/statement") view={Lazy::<receivables::Statement>::new()}/>
                    <Route path=path!("receivables/contracts") view={Lazy::<receivables::Contracts>::new()}/>
                    <Route path=path!("receivables/invoices/:no") view={Lazy::<receivables::InvoiceDoc>::new()}/>
                    <Route path=path!("receivables/credit-notes/:no") view={Lazy::<receivables::CreditNote>::new()}/>
                    <Route path=path!("accounting") view={Lazy::<accounting::Journal>::new()}/>
                    <Route path=path!("reports") view={Lazy::<reports::Overview>::new()}/>
                    <Route path=path!("reports/profit") view={Lazy::<reports::Profit>::new()}/>
                    <Route path=path!("reports/receivables") view={Lazy::<reports::Ageing>::new()}/>
                    <Route path=path!("reports/quotes") view={Lazy::<reports::Quotes>::new()}/>
                    <Route path=path!("reports/budget") view={Lazy::<reports::Budget>::new()}/>
                    <Route path=path!("reports/turnover") view={Lazy::<reports::Turnover>::new()}/>
                    <ParentRoute path=path!("setup") view=SetupLayout>
                        <Route path=path!("") view={Lazy::<settings::Company>::new()}/>
                        <Route path=path!("series") view={Lazy::<settings::Series>::new()}/>
                        <Route path=path!("terms") view={Lazy::<settings::Terms>::new()}/>
                        <Route path=path!("vat") view={Lazy::<settings::Vat>::new()}/>
                        <Route path=path!("units") view={Lazy::<settings::Units>::new()}/>
                        <Route path=path!("warehouses") view={Lazy::<settings::Warehouses>::new()}/>
                        <Route path=path!("users") view={Lazy::<settings::Users>::new()}/>
                        <Route path=path!("tokens") view={Lazy::<settings::Tokens>::new()}/>
                        <Route path=path!("webhooks") view={Lazy::<settings::Webhooks>::new()}/>
                        <Route path=path!("webshop") view={Lazy::<settings::Webshop>::new()}/>
                        <Route path=path!("crm") view={Lazy::<settings::Crm>::new()}/>
                        <Route path=path!("party-forms") view={Lazy::<settings::PartyForms>::new()}/>
                        <Route path=path!("email") view={Lazy::<settings::Email>::new()}/>
                        <Route path=path!("invoicing") view={Lazy::<settings::Invoicing>::new()}/>
                        <Route path=path!("purchasing") view={Lazy::<settings::Purchasing>::new()}/>
                        <Route path=path!("accounting") view={Lazy::<settings::Accounting>::new()}/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// One area's pages as one lazily loaded chunk of the browser build
/// (`cargo leptos build --split`): `lazy_area! { area, __preload_area { Page => view; … } }`
/// makes `mod area` with one `#[lazy]` function that builds any of the area's pages,
/// and one `LazyRoute` per page whose `preload` fetches the area's chunk, so the
/// router has the page's code before it hydrates or shows the page. (Splitting per
/// page made ~640 files and a 14-minute front build; per area, ~90 and 4 minutes.)
/// `__preload_area` is the name `#[lazy]` gives the area function's preloader.
macro_rules! lazy_area {
    ($area:ident, $preload:ident { $($page:ident => $view:expr;)* }) => {
        pub mod $area {
            use leptos::prelude::*;
            #[allow(unused_imports)]
            use super::*;

            /// The pages of this area.
            #[derive(Clone, Copy)]
            pub enum Page { $($page,)* }

            #[leptos::lazy]
            fn $area(page: Page) -> AnyView {
                match page { $(Page::$page => $view.into_any(),)* }
            }

            $(
                pub struct $page;
                impl leptos_router::LazyRoute for $page {
                    fn data() -> Self {
                        $page
                    }
                    async fn view(_: Self) -> AnyView {
                        $area(Page::$page).await
                    }
                    async fn preload() {
                        #[cfg(target_arch = "wasm32")]
                        let _ = $preload().await;
                    }
                }
            )*
        }
    };
}

lazy_area! { sales, __preload_sales {
    Orders => crate::sales::pages::OrdersPage();
    Quotes => crate::sales::pages::QuotesPage();
    NewQuote => crate::sales::pages::NewQuotePage();
    Quote => crate::sales::pages::QuotePage();
    EditQuote => crate::sales::pages::EditQuotePage();
    NewOrder => crate::sales::pages::NewOrderPage();
    Order => crate::sales::pages::OrderPage();
    EditOrder => crate::sales::pages::EditOrderPage();
    Backorder => crate::sales::pages::BackorderPage();
} }

lazy_area! { purchasing, __preload_purchasing {
    Orders => crate::purchasing::pages::PurchaseOrdersPage();
    Reorder => crate::purchasing::pages::ReorderPage();
    NewOrder => crate::purchasing::pages::NewPurchaseOrderPage();
    Order => crate::purchasing::pages::PurchaseOrderPage();
    Payables => crate::purchasing::pages::PayablesPage();
    NewInvoice => crate::purchasing::pages::NewSupplierInvoicePage();
    Invoice => crate::purchasing::pages::SupplierInvoicePage();
    Report => crate::purchasing::pages::PurchaseReportPage();
} }

lazy_area! { stock, __preload_stock {
    Items => crate::stock::pages::ItemsPage();
    Counts => crate::stock::pages::CountsPage();
    Valuation => crate::stock::pages::ValuationPage();
    CountSheet => crate::stock::pages::CountSheetPage();
    NewItem => crate::stock::pages::NewItemPage();
    Item => crate::stock::pages::ItemPage();
    Import => crate::stock::pages::ItemImportPage();
    PriceLists => crate::catalog::prices::pages::PriceListsPage();
    PriceList => crate::catalog::prices::pages::PriceListPage();
} }

// the phone's one page on its own, so a phone opening it fetches no more than it needs
lazy_area! { phone, __preload_phone {
    Lookup => crate::stock::pages::LookupPage();
} }

lazy_area! { parties, __preload_parties {
    Parties => crate::parties::pages::PartiesPage();
    NewParty => crate::parties::pages::NewPartyPage();
    Import => crate::parties::pages::PartyImportPage();
    Party => crate::parties::pages::PartyPage();
} }

lazy_area! { receivables, __preload_receivables {
    Invoices => crate::invoicing::pages::InvoicesPage();
    NewInvoice => crate::invoicing::pages::NewInvoicePage();
    OpenItems => crate::receivables::pages::OpenItemsPage();
    Bank => crate::receivables::pages::BankPage();
    Reminders => crate::receivables::pages::RemindersPage();
    Statement => crate::receivables::pages::StatementPage();
    Contracts => crate::invoicing::pages::ContractsPage();
    InvoiceDoc => view! { <InvoicePage kind=InvoiceKind::Invoice settle=crate::receivables::pages::invoice_settlement/> };
    CreditNote => view! { <InvoicePage kind=InvoiceKind::CreditNote/> };
} }

lazy_area! { accounting, __preload_accounting {
    Journal => crate::accounting::pages::AccountingPage();
} }

lazy_area! { reports, __preload_reports {
    Overview => crate::reports::pages::SalesReportPage();
    Profit => crate::reports::pages::ProfitReportPage();
    Ageing => crate::reports::ageing::pages::AgeingReportPage();
    Quotes => crate::reports::quotes::pages::QuotesReportPage();
    Budget => crate::reports::budget::pages::BudgetReportPage();
    Turnover => crate::reports::turnover::pages::TurnoverReportPage();
} }

lazy_area! { settings, __preload_settings {
    Company => crate::setup::pages::CompanyPage();
    Series => crate::setup::pages::SeriesPage();
    Terms => crate::setup::pages::TermsPage();
    Vat => crate::setup::pages::VatPage();
    Units => crate::setup::pages::UnitsPage();
    Warehouses => crate::setup::pages::WarehousesPage();
    Users => crate::setup::pages::UsersPage();
    Tokens => crate::setup::pages::TokensPage();
    Webhooks => crate::events::pages::WebhooksPage();
    Webshop => crate::webshop::pages::WebshopPage();
    Crm => crate::crm::pages::CrmPage();
    PartyForms => crate::parties::pages::PartyFieldsPage();
    Email => crate::outbox::pages::EmailSetupPage();
    Invoicing => crate::invoicing::pages::InvoiceSettingsPage();
    Purchasing => crate::purchasing::pages::PurchasingSetupPage();
    Accounting => view! { <crate::accounting::setup_pages::ChartPage/> <crate::stock::pages::PerpetualInventory/> };
} }
