//! Setup screens (administrators only).
mod company;
mod registers;
mod users;

pub use company::CompanyPage;
pub use registers::{SeriesPage, TermsPage, UnitsPage, VatPage, WarehousesPage};
pub use users::{TokensPage, UsersPage};

use leptos::prelude::*;
use leptos_router::components::{Outlet, A};

use crate::auth::Perm;
use crate::core::T;
use crate::ui::{tr, Sess};

const SECTIONS: [(&str, T); 16] = [
    ("/setup", T::CompanyProfile),
    ("/setup/series", T::NumberSeries),
    ("/setup/terms", T::PaymentTerms),
    ("/setup/vat", T::VatCodes),
    ("/setup/units", T::Units),
    ("/setup/warehouses", T::Warehouses),
    ("/setup/users", T::UsersRoles),
    ("/setup/tokens", T::ApiTokens),
    ("/setup/webhooks", T::Webhooks),
    ("/setup/webshop", T::Webshop),
    ("/setup/crm", T::Crm),
    ("/setup/party-forms", T::PartyForms),
    ("/setup/email", T::EmailSetup),
    ("/setup/invoicing", T::InvoiceSettings),
    ("/setup/purchasing", T::ApprovalLevels),
    ("/setup/accounting", T::Accounting),
];

#[component]
pub fn SetupLayout() -> impl IntoView {
    let s = expect_context::<Sess>().0;
    if !s.role.allows(Perm::Setup) {
        return view! { <h1>{tr(T::Setup)}</h1><p class="error">{tr(T::NoAccess)}</p> }.into_any();
    }
    view! {
        <h1>{tr(T::Setup)}</h1>
        <nav class="sub-nav">
            {SECTIONS.iter().map(|(href, label)| view! { <A href=*href exact=true>{tr(*label)}</A> }).collect_view()}
        </nav>
        <section class="setup-section"><Outlet/></section>
    }
    .into_any()
}
