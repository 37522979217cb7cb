//! Home and the landing pages of the business areas. Each area's own screens arrive
//! with its issue; until then its page says so and links to the setup registers
//! it will use.
use leptos::prelude::*;
use leptos_router::components::A;

use crate::core::T;
use crate::ui::{tr, Sess};

pub mod login;
pub mod todo;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    Sales,
    Purchasing,
    Stock,
    Parties,
    Receivables,
    Reports,
}

impl Area {
    fn title(self) -> T {
        match self {
            Area::Sales => T::Sales,
            Area::Purchasing => T::Purchasing,
            Area::Stock => T::Stock,
            Area::Parties => T::Parties,
            Area::Receivables => T::Receivables,
            Area::Reports => T::Reports,
        }
    }
    fn intro(self) -> T {
        match self {
            Area::Sales => T::AreaSalesIntro,
            Area::Purchasing => T::AreaPurchasingIntro,
            Area::Stock => T::AreaStockIntro,
            Area::Parties => T::AreaPartiesIntro,
            Area::Receivables => T::AreaReceivablesIntro,
            Area::Reports => T::AreaReportsIntro,
        }
    }
    /// Setup registers the area draws on.
    fn registers(self) -> &'static [(&'static str, T)] {
        match self {
            Area::Sales => &[("/setup/series", T::NumberSeries), ("/setup/terms", T::PaymentTerms), ("/setup/vat", T::VatCodes)],
            Area::Purchasing => &[("/setup/series", T::NumberSeries), ("/setup/warehouses", T::Warehouses)],
            Area::Stock => &[("/setup/warehouses", T::Warehouses), ("/setup/units", T::Units)],
            Area::Parties => &[("/setup/terms", T::PaymentTerms), ("/setup/terms", T::DeliveryTerms)],
            Area::Receivables => &[("/setup", T::BankAccount), ("/setup/terms", T::PaymentTerms)],
            Area::Reports => &[("/setup/vat", T::VatCodes)],
        }
    }
}

#[component]
pub fn AreaPage(area: Area) -> impl IntoView {
    view! {
        <h1>{tr(area.title())}</h1>
        <p class="lead">{tr(area.intro())}</p>
        <p>{tr(T::AreaNotYet)}</p>
        <ul class="links">
            {area.registers().iter().map(|(href, label)| view! { <li><A href=*href>{tr(*label)}</A></li> }).collect_view()}
        </ul>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let s = expect_context::<Sess>().0;
    let lang = s.lang;
    view! {
        <h1>{format!("{}, {}", tr(T::Welcome), s.user_name)}</h1>
        <p class="lead">{tr(T::HomeIntro)}</p>
        <p>{tr(T::YourRole)}": " <strong>{lang.t(s.role.label())}</strong></p>
        <MyInvitations/>
        <todo::TodoList/>
        <ul class="cards">
            {[Area::Sales, Area::Purchasing, Area::Stock, Area::Parties, Area::Receivables, Area::Reports]
                .into_iter()
                .map(|a| {
                    let href = crate::ui::layout::NAV.iter().find(|n| n.1 == a.title()).map(|n| n.0).unwrap_or("/");
                    view! {
                        <li class="card">
                            <A href=href><strong>{tr(a.title())}</strong></A>
                            <p>{tr(a.intro())}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Invitations to other companies waiting for the user: accept or decline each.
#[component]
fn MyInvitations() -> impl IntoView {
    use crate::setup::api::{my_invitations, AnswerInvitation};
    let answer = ServerAction::<AnswerInvitation>::new();
    let list = Resource::new(move || answer.version().get(), |_| my_invitations());
    let l = expect_context::<Sess>().0.lang;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = list.await.unwrap_or_default();
                if rows.is_empty() {
                    return ().into_any();
                }
                view! {
                    <section class="invitations" data-testid="invitations">
                        <h2>{l.t(T::Invitations)}</h2>
                        <ul>
                            {rows.into_iter().map(|c| view! {
                                <li>
                                    <strong>{c.name.clone()}</strong>" "{l.t(T::InvitationText)}" "{l.t(c.role.label())}
                                    <ActionForm action=answer attr:class="row-form">
                                        <input type="hidden" name="company_id" value=c.id.to_string()/>
                                        <input type="hidden" name="accept" value="true"/>
                                        <button type="submit">{l.t(T::Accept)}</button>
                                    </ActionForm>
                                    <ActionForm action=answer attr:class="row-form">
                                        <input type="hidden" name="company_id" value=c.id.to_string()/>
                                        <input type="hidden" name="accept" value="false"/>
                                        <button type="submit">{l.t(T::Decline)}</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! { <main id="main"><h1>{tr(T::NotFound)}</h1><p><a href="/">"Flyt"</a></p></main> }
}
