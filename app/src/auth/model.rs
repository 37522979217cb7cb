use serde::{Deserialize, Serialize};

use crate::core::{Lang, T};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Role {
    Admin,
    Sales,
    Purchasing,
    Warehouse,
    Accounting,
    ReadOnly,
}

/// What a request wants to do; each server function and API route names one. An API
/// token's scopes are the permissions it may use (within its role).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Perm {
    /// See the company's data.
    Read,
    /// Company setup: profile, series, registers, users, tokens.
    Setup,
    Sales,
    Purchasing,
    Stock,
    Accounting,
    /// Maintain customers, suppliers and contacts.
    Parties,
}

impl Perm {
    pub const ALL: [Perm; 7] = [Perm::Read, Perm::Setup, Perm::Sales, Perm::Purchasing, Perm::Stock, Perm::Accounting, Perm::Parties];

    pub fn code(self) -> &'static str {
        match self {
            Perm::Read => "read",
            Perm::Setup => "setup",
            Perm::Sales => "sales",
            Perm::Purchasing => "purchasing",
            Perm::Stock => "stock",
            Perm::Accounting => "accounting",
            Perm::Parties => "parties",
        }
    }
    pub fn parse(s: &str) -> Result<Perm, String> {
        Self::ALL
            .into_iter()
            .find(|p| p.code() == s.trim())
            .ok_or_else(|| format!("Unknown scope '{}': use read, setup, sales, purchasing, stock, accounting or parties", s.trim()))
    }
    /// What the scope lets a token do, for the token form.
    pub fn label(self) -> T {
        match self {
            Perm::Read => T::ScopeRead,
            Perm::Setup => T::ScopeSetup,
            Perm::Sales => T::ScopeSales,
            Perm::Purchasing => T::ScopePurchasing,
            Perm::Stock => T::ScopeStock,
            Perm::Accounting => T::ScopeAccounting,
            Perm::Parties => T::ScopeParties,
        }
    }
}

/// A token's scopes as stored: codes separated by commas, in `Perm::ALL` order.
pub fn scopes_text(scopes: &[Perm]) -> String {
    Perm::ALL.into_iter().filter(|p| scopes.contains(p)).map(Perm::code).collect::<Vec<_>>().join(",")
}

/// Reads scopes separated by commas (or as several form values joined); a token must
/// be allowed at least one thing.
pub fn parse_scopes(text: &str) -> Result<Vec<Perm>, String> {
    let mut scopes = Vec::new();
    for code in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let p = Perm::parse(code)?;
        if !scopes.contains(&p) {
            scopes.push(p);
        }
    }
    if scopes.is_empty() {
        return Err("Choose at least one scope for the token".into());
    }
    Ok(Perm::ALL.into_iter().filter(|p| scopes.contains(p)).collect())
}

impl Role {
    pub const ALL: [Role; 6] = [Role::Admin, Role::Sales, Role::Purchasing, Role::Warehouse, Role::Accounting, Role::ReadOnly];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Sales => "sales",
            Role::Purchasing => "purchasing",
            Role::Warehouse => "warehouse",
            Role::Accounting => "accounting",
            Role::ReadOnly => "read_only",
        }
    }
    pub fn parse(s: &str) -> Result<Role, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s.trim())
            .ok_or_else(|| format!("Unknown role '{s}': use admin, sales, purchasing, warehouse, accounting or read_only"))
    }
    pub fn label(self) -> T {
        match self {
            Role::Admin => T::RoleAdmin,
            Role::Sales => T::RoleSales,
            Role::Purchasing => T::RolePurchasing,
            Role::Warehouse => T::RoleWarehouse,
            Role::Accounting => T::RoleAccounting,
            Role::ReadOnly => T::RoleReadOnly,
        }
    }
    /// Every permission `self` gives, `other` gives too.
    pub fn within(self, other: Role) -> bool {
        Perm::ALL.iter().all(|p| !self.allows(*p) || other.allows(*p))
    }

    /// The role a token of role `self` acts with when its creator's role is `creator`:
    /// never more than the creator may do. Roles that only share reading give read-only.
    pub fn capped_by(self, creator: Role) -> Role {
        if self.within(creator) {
            self
        } else if creator.within(self) {
            creator
        } else {
            Role::ReadOnly
        }
    }

    pub fn allows(self, perm: Perm) -> bool {
        matches!(
            (self, perm),
            (Role::Admin, _)
                | (_, Perm::Read)
                | (Role::Sales, Perm::Sales)
                | (Role::Purchasing, Perm::Purchasing)
                | (Role::Warehouse, Perm::Stock)
                | (Role::Accounting, Perm::Accounting)
                | (Role::Sales | Role::Purchasing | Role::Accounting, Perm::Parties)
        )
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompanyChoice {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

/// Who is logged in, in which company, with which role. Loaded once per page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub user_id: i64,
    pub user_name: String,
    pub email: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub lang: Lang,
    pub company_id: i64,
    pub company_name: String,
    pub currency: String,
    /// The company's country: its clock (see `core::clock`).
    pub country: String,
    pub has_logo: bool,
    pub role: Role,
    pub companies: Vec<CompanyChoice>,
}

/// Failed logins allowed per e-mail address (and, ten times as many, per client
/// address) within [`THROTTLE_WINDOW_MS`] before further attempts are refused.
pub const MAX_FAILURES: i64 = 5;
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;

/// May this login attempt check its password? The counts are the attempts within the
/// window, this one included: for the e-mail from this client address, from the
/// address for any e-mail, and for the e-mail from anywhere. The last one limits a
/// guesser spread over many addresses, but never locks a user out of an address they
/// have logged in from before (`known_client`): a stranger's failures cannot keep the
/// real user out.
pub fn login_allowed(for_pair: i64, for_client: i64, for_email: i64, known_client: bool) -> bool {
    for_pair <= MAX_FAILURES && for_client <= MAX_FAILURES * 10 && (known_client || for_email <= MAX_FAILURES * 10)
}

/// Login error codes carried in the login page URL (`/login?error=…`), shown translated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginError {
    Wrong,
    Throttled,
    NoCompany,
    /// The login could not be checked (the database failed): never told as a wrong password.
    Unavailable,
}

impl LoginError {
    pub fn code(self) -> &'static str {
        match self {
            LoginError::Wrong => "wrong",
            LoginError::Throttled => "throttled",
            LoginError::NoCompany => "no_company",
            LoginError::Unavailable => "unavailable",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [LoginError::Wrong, LoginError::Throttled, LoginError::NoCompany, LoginError::Unavailable].into_iter().find(|e| e.code() == s)
    }
    pub fn message(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (LoginError::Wrong, Lang::En) => "Wrong e-mail or password.",
            (LoginError::Wrong, Lang::Nb) => "Feil e-post eller passord.",
            (LoginError::Wrong, Lang::Sv) => "Fel e-post eller lösenord.",
            (LoginError::Throttled, Lang::En) => "Too many failed attempts. Wait 15 minutes and try again.",
            (LoginError::Throttled, Lang::Nb) => "For mange mislykkede forsøk. Vent 15 minutter og prøv igjen.",
            (LoginError::Throttled, Lang::Sv) => "För många misslyckade försök. Vänta 15 minuter och försök igen.",
            (LoginError::NoCompany, Lang::En) => "Your user has no active company. Ask an administrator.",
            (LoginError::NoCompany, Lang::Nb) => "Brukeren din har ikke noe aktivt firma. Spør en administrator.",
            (LoginError::NoCompany, Lang::Sv) => "Din användare har inget aktivt företag. Fråga en administratör.",
            (LoginError::Unavailable, Lang::En) => "The login could not be checked just now. Try again in a moment.",
            (LoginError::Unavailable, Lang::Nb) => "Innloggingen kunne ikke sjekkes akkurat nå. Prøv igjen om litt.",
            (LoginError::Unavailable, Lang::Sv) => "Inloggningen kunde inte kontrolleras just nu. Försök igen om en stund.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_permissions() {
        assert!(Role::Admin.allows(Perm::Setup));
        for r in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
            assert!(!r.allows(Perm::Setup), "{r:?}");
            assert!(r.allows(Perm::Read));
        }
        assert!(Role::Sales.allows(Perm::Sales));
        assert!(!Role::Sales.allows(Perm::Purchasing));
        assert!(!Role::ReadOnly.allows(Perm::Sales));
        assert!(Role::Purchasing.allows(Perm::Parties) && !Role::Warehouse.allows(Perm::Parties) && !Role::ReadOnly.allows(Perm::Parties));
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Ok(r));
        }
        assert!(Role::parse("owner").is_err());
    }

    #[test]
    fn scopes_read_back_in_one_order_and_refuse_nonsense() {
        assert_eq!(parse_scopes(" sales,read ,sales"), Ok(vec![Perm::Read, Perm::Sales]));
        assert_eq!(scopes_text(&[Perm::Stock, Perm::Read]), "read,stock");
        assert_eq!(parse_scopes(&scopes_text(&Perm::ALL)), Ok(Perm::ALL.to_vec()));
        assert!(parse_scopes("").unwrap_err().contains("at least one"));
        assert!(parse_scopes("read,admin").unwrap_err().contains("'admin'"));
    }

    #[test]
    fn throttling() {
        assert_eq!(Role::Admin.capped_by(Role::Sales), Role::Sales);
        assert_eq!(Role::Sales.capped_by(Role::Admin), Role::Sales);
        assert_eq!(Role::Sales.capped_by(Role::ReadOnly), Role::ReadOnly);
        assert_eq!(Role::Sales.capped_by(Role::Purchasing), Role::ReadOnly);
        for t in Role::ALL {
            for c in Role::ALL {
                let r = t.capped_by(c);
                assert!(r.within(t) && r.within(c), "{t:?} by {c:?} gave {r:?}");
            }
        }
        assert!(login_allowed(5, 1, 1, false));
        assert!(!login_allowed(6, 6, 6, true));
        assert!(!login_allowed(1, 51, 1, true));
        // many addresses guessing one e-mail: refused for new addresses, not for the user's own
        assert!(!login_allowed(1, 1, 51, false));
        assert!(login_allowed(1, 1, 500, true));
        assert_eq!(LoginError::parse("throttled"), Some(LoginError::Throttled));
        assert_eq!(LoginError::parse("x"), None);
    }
}
