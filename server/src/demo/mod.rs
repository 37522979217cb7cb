//! The demo generator: deterministic (a seeded generator, no clock or randomness in
//! what it writes) and realistic (Nordic names, addresses, valid org numbers).
//! Later areas add their master data and documents here; the benchmarks use the
//! same generator at large scale.
use app::auth::{service as auth, store as auth_store, Role};
use app::core::checkdigit;
use app::core::Country;
use app::db::{db_err, Db};
use app::setup::model::CompanyInput;
use app::setup::service::create_company;

pub mod master;
pub mod sales;

pub const DEMO_EMAIL: &str = "demo@flyt.test";
/// Documented demo login; demo data only. Real installs use `flyt create-admin`.
pub const DEMO_PASSWORD: &str = "demo";

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Scale {
    Small,
    Large,
}

/// A small deterministic generator (64-bit LCG, Knuth's constants).
pub struct Gen(u64);

impl Gen {
    pub fn new(seed: u64) -> Self {
        Gen(seed)
    }
    // a generator of its own, not an Iterator: it never ends and needs no Option
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
    /// A valid Norwegian organisation number (9 digits, MOD11).
    pub fn no_org_no(&mut self) -> String {
        loop {
            let base = format!("9{:07}", self.below(10_000_000));
            for check in 0..10 {
                let candidate = format!("{base}{check}");
                if checkdigit::no_orgnr_valid(&candidate) {
                    return candidate;
                }
            }
        }
    }
    /// A valid Swedish organisation number (10 digits, Luhn), aktiebolag series 55.
    pub fn se_org_no(&mut self) -> String {
        let base = format!("55{:07}", self.below(10_000_000));
        let check = checkdigit::mod10_digit(&base).expect("digits");
        format!("{base}{check}")
    }
}

pub const FIRST: &[&str] =
    &["Kari", "Ola", "Ingrid", "Lars", "Sigrid", "Erik", "Astrid", "Magnus", "Solveig", "Anders", "Maja", "Johan", "Linnea", "Nils", "Frida", "Henrik"];
pub const LAST: &[&str] =
    &["Nordmann", "Hansen", "Berg", "Johansen", "Lindqvist", "Andersson", "Haugen", "Dahl", "Karlsson", "Nilsen", "Strand", "Eriksson", "Bakke", "Lund"];

pub async fn is_empty(db: &Db) -> Result<bool, String> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM companies").fetch_one(&db.pool).await.map_err(|e| e.to_string())?;
    Ok(n == 0)
}

struct DemoCompany {
    name: &'static str,
    country: Country,
    address: &'static str,
    postcode: &'static str,
    city: &'static str,
    bank: &'static str,
    email: &'static str,
}

const COMPANIES: [DemoCompany; 2] = [
    DemoCompany {
        name: "Fjordvik Handel AS",
        country: Country::NO,
        address: "Strandkaien 14",
        postcode: "5013",
        city: "Bergen",
        bank: "1234.56.78903",
        email: "post@fjordvik.test",
    },
    DemoCompany {
        name: "Solberga Trading AB",
        country: Country::SE,
        address: "Kungsgatan 22",
        postcode: "411 19",
        city: "Göteborg",
        bank: "5020-1234",
        email: "info@solberga.test",
    },
];

pub async fn load(db: &Db, scale: Scale) -> Result<(), String> {
    let mut g = Gen::new(20261123);
    let hash = auth::hash_password(DEMO_PASSWORD.to_string()).await.map_err(|e| e.to_string())?;
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let demo_user = auth_store::insert_user(&mut tx, DEMO_EMAIL, "Demo Bruker", &hash, "nb").await.map_err(|e| e.to_string())?;
    let extra_users = match scale {
        Scale::Small => 4,
        Scale::Large => 200,
    };
    let mut n = 0;
    for c in &COMPANIES {
        let org_no = match c.country {
            Country::SE => g.se_org_no(),
            _ => g.no_org_no(),
        };
        let input = CompanyInput {
            name: c.name.into(),
            org_no,
            vat_registered: Some("on".into()),
            business_register: Some("on".into()),
            address_line: c.address.into(),
            postcode: c.postcode.into(),
            city: c.city.into(),
            email: c.email.into(),
            phone: format!("+{} {:08}", if c.country == Country::SE { 46 } else { 47 }, g.below(100_000_000)),
            bank_account: c.bank.into(),
            ..Default::default()
        };
        let company_id = create_company(&mut tx, c.country, &input).await.map_err(|e| e.to_string())?;
        auth_store::upsert_membership(&mut tx, company_id, demo_user, Role::Admin).await.map_err(|e| e.to_string())?;
        let domain = c.email.split('@').nth(1).unwrap_or("demo.test");
        for i in 0..extra_users {
            let (first, last) = (g.pick(FIRST), g.pick(LAST));
            n += 1;
            let email = format!("{}.{}{n}@{domain}", first.to_lowercase(), last.to_lowercase());
            let role = [Role::Sales, Role::Warehouse, Role::Accounting, Role::Purchasing, Role::ReadOnly][i % 5];
            let uid = auth_store::insert_user(&mut tx, &email, &format!("{first} {last}"), &hash, if c.country == Country::SE { "sv" } else { "nb" })
                .await
                .map_err(|e| e.to_string())?;
            auth_store::upsert_membership(&mut tx, company_id, uid, role).await.map_err(|e| e.to_string())?;
        }
        master::load(&mut tx, &mut g, company_id, demo_user, c.country, scale).await?;
    }
    tx.commit().await.map_err(db_err).map_err(|e| e.to_string())?;
    // documents go through the services, each in its own transaction
    sales::load(db, &mut g, demo_user, scale).await
}

/// `flyt create-admin`: a new company with its first administrator, in one transaction.
pub async fn create_admin(db: &Db, email: &str, name: &str, password: &str, company: &str, org_no: &str, country: &str) -> Result<i64, String> {
    let country = Country::parse(country)?;
    auth::validate_new_password(password).map_err(|e| e.to_string())?;
    let email = app::core::text::email("E-mail", email)?;
    let name = app::core::text::required("Name", name, 100)?;
    let hash = auth::hash_password(password.to_string()).await.map_err(|e| e.to_string())?;
    let input = CompanyInput {
        name: company.into(),
        org_no: org_no.into(),
        vat_registered: Some("on".into()),
        business_register: Some("on".into()),
        ..Default::default()
    };
    let mut tx = db.begin().await.map_err(|e| e.to_string())?;
    let company_id = create_company(&mut tx, country, &input).await.map_err(|e| e.to_string())?;
    let user_id = match auth_store::user_by_email(&db.pool, &email).await.map_err(|e| e.to_string())? {
        Some(u) => u.id,
        None => auth_store::insert_user(&mut tx, &email, &name, &hash, "en").await.map_err(|e| e.to_string())?,
    };
    auth_store::upsert_membership(&mut tx, company_id, user_id, Role::Admin).await.map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    Ok(company_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_numbers_are_valid() {
        let (mut a, mut b) = (Gen::new(7), Gen::new(7));
        for _ in 0..100 {
            assert_eq!(a.next(), b.next());
        }
        let mut g = Gen::new(1);
        for _ in 0..200 {
            assert!(checkdigit::no_orgnr_valid(&g.no_org_no()));
            assert!(checkdigit::se_orgnr_valid(&g.se_org_no()));
        }
    }
}
