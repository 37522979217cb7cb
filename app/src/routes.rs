//! The HTML shell and the route table.
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::areas::login::LoginPage;
use crate::areas::{Area, AreaPage, HomePage, NotFound};
use crate::auth::api::get_session;
use crate::invoicing::model::InvoiceKind;
use crate::invoicing::pages::InvoicePage;
use crate::setup::pages as setup;
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
    view! {
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Title text="Flyt"/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("/") view=Shell ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage/>
                    <Route path=path!("sales") view=crate::sales::pages::OrdersPage/>
                    <Route path=path!("sales/quotes") view=crate::sales::pages::QuotesPage/>
                    <Route path=path!("sales/quotes/new") view=crate::sales::pages::NewQuotePage/>
                    <Route path=path!("sales/quotes/:no") view=crate::sales::pages::QuotePage/>
                    <Route path=path!("sales/quotes/:no/edit") view=crate::sales::pages::EditQuotePage/>
                    <Route path=path!("sales/orders/new") view=crate::sales::pages::NewOrderPage/>
                    <Route path=path!("sales/orders/:no") view=crate::sales::pages::OrderPage/>
                    <Route path=path!("sales/orders/:no/edit") view=crate::sales::pages::EditOrderPage/>
                    <Route path=path!("sales/backorder") view=crate::sales::pages::BackorderPage/>
                    <Route path=path!("purchasing") view=crate::purchasing::pages::PurchaseOrdersPage/>
                    <Route path=path!("purchasing/reorder") view=crate::purchasing::pages::ReorderPage/>
                    <Route path=path!("purchasing/orders/new") view=crate::purchasing::pages::NewPurchaseOrderPage/>
                    <Route path=path!("purchasing/orders/:no") view=crate::purchasing::pages::PurchaseOrderPage/>
                    <Route path=path!("purchasing/invoices") view=crate::purchasing::pages::PayablesPage/>
                    <Route path=path!("purchasing/invoices/new") view=crate::purchasing::pages::NewSupplierInvoicePage/>
                    <Route path=path!("purchasing/invoices/:id") view=crate::purchasing::pages::SupplierInvoicePage/>
                    <Route path=path!("purchasing/report") view=crate::purchasing::pages::PurchaseReportPage/>
                    <Route path=path!("stock") view=crate::stock::pages::ItemsPage/>
                    <Route path=path!("stock/lookup") view=crate::stock::pages::LookupPage/>
                    <Route path=path!("stock/counts") view=crate::stock::pages::CountsPage/>
                    <Route path=path!("stock/valuation") view=crate::stock::pages::ValuationPage/>
                    <Route path=path!("stock/counts/:id") view=crate::stock::pages::CountSheetPage/>
                    <Route path=path!("stock/items/new") view=crate::stock::pages::NewItemPage/>
                    <Route path=path!("stock/items/:no") view=crate::stock::pages::ItemPage/>
                    <Route path=path!("stock/import") view=crate::stock::pages::ItemImportPage/>
                    <Route path=path!("stock/price-lists") view=crate::catalog::prices::pages::PriceListsPage/>
                    <Route path=path!("stock/price-lists/:id") view=crate::catalog::prices::pages::PriceListPage/>
                    <Route path=path!("parties") view=crate::parties::pages::PartiesPage/>
                    <Route path=path!("parties/new") view=crate::parties::pages::NewPartyPage/>
                    <Route path=path!("parties/import") view=crate::parties::pages::PartyImportPage/>
                    <Route path=path!("parties/:id") view=crate::parties::pages::PartyPage/>
                    <Route path=path!("receivables") view=crate::invoicing::pages::InvoicesPage/>
                    <Route path=path!("receivables/new") view=crate::invoicing::pages::NewInvoicePage/>
                    <Route path=path!("receivables/open") view=crate::receivables::pages::OpenItemsPage/>
                    <Route path=path!("receivables/bank") view=crate::receivables::pages::BankPage/>
                    <Route path=path!("receivables/reminders") view=crate::receivables::pages::RemindersPage/>
                    <Route path=path!("receivables/statement") view=crate::receivables::pages::StatementPage/>
                    <Route path=path!("receivables/contracts") view=crate::invoicing::pages::ContractsPage/>
                    <Route path=path!("receivables/invoices/:no") view=|| view! { <InvoicePage kind=InvoiceKind::Invoice settle=crate::receivables::pages::invoice_settlement/> }/>
                    <Route path=path!("receivables/credit-notes/:no") view=|| view! { <InvoicePage kind=InvoiceKind::CreditNote/> }/>
                    <Route path=path!("reports") view=|| view! { <AreaPage area=Area::Reports/> }/>
                    <ParentRoute path=path!("setup") view=setup::SetupLayout>
                        <Route path=path!("") view=setup::CompanyPage/>
                        <Route path=path!("series") view=setup::SeriesPage/>
                        <Route path=path!("terms") view=setup::TermsPage/>
                        <Route path=path!("vat") view=setup::VatPage/>
                        <Route path=path!("units") view=setup::UnitsPage/>
                        <Route path=path!("warehouses") view=setup::WarehousesPage/>
                        <Route path=path!("users") view=setup::UsersPage/>
                        <Route path=path!("tokens") view=setup::TokensPage/>
                        <Route path=path!("party-forms") view=crate::parties::pages::PartyFieldsPage/>
                        <Route path=path!("email") view=crate::outbox::pages::EmailSetupPage/>
                        <Route path=path!("invoicing") view=crate::invoicing::pages::InvoiceSettingsPage/>
                        <Route path=path!("purchasing") view=crate::purchasing::pages::PurchasingSetupPage/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
