//! Demo master data: items with opening stock, a price list, customers and suppliers
//! with valid organisation numbers, delivery addresses and contact persons.
use app::auth::service::AuthCtx;
use app::catalog::model::{Item, ItemKind};
use app::catalog::prices::model::{ListPrice, PriceList};
use app::core::Country;
use app::db::Tx;
use app::parties::model::{Address, Contact, Party, PartyDefaults, PartyInput};
use app::stock::model::{NewMove, Origin};
use rust_decimal::Decimal;

use super::{Gen, Scale, FIRST, LAST};

/// (item no, Norwegian name, Swedish name, unit kind, price, purchase price, VAT code)
/// unit kind: 0 = piece, 1 = hour (service)
const ITEMS: &[(&str, &str, &str, u8, i64, i64, &str)] = &[
    ("1001", "Tursekk 40 l", "Vandringsryggsäck 40 l", 0, 129900, 64000, "S25"),
    ("1002", "Hodelykt LED 300 lm", "Pannlampa LED 300 lm", 0, 49900, 21000, "S25"),
    ("1003", "Termokopp 0,5 l", "Termosmugg 0,5 l", 0, 24900, 9800, "S25"),
    ("1004", "Arbeidshansker str. 10", "Arbetshandskar stl. 10", 0, 12900, 4500, "S25"),
    ("1005", "Skrutrekkersett 12 deler", "Skruvmejselsats 12 delar", 0, 39900, 17500, "S25"),
    ("1006", "Vernebriller klar", "Skyddsglasögon klara", 0, 8900, 2900, "S25"),
    ("1007", "Hørselvern", "Hörselskydd", 0, 29900, 11900, "S25"),
    ("1008", "Førstehjelpsskrin", "Förbandslåda", 0, 59900, 26000, "S25"),
    ("1009", "Ullsokker 2-pk", "Ullstrumpor 2-pack", 0, 19900, 7400, "S25"),
    ("1010", "Regnjakke herre M", "Regnjacka herr M", 0, 89900, 39000, "S25"),
    ("1011", "Regnjakke dame S", "Regnjacka dam S", 0, 89900, 39000, "S25"),
    ("1012", "Sitteunderlag", "Sittunderlag", 0, 9900, 3100, "S25"),
    ("1013", "Kaffe 500 g", "Kaffe 500 g", 0, 7990, 4200, "S15"),
    ("1014", "Sjokolade 200 g", "Choklad 200 g", 0, 3990, 1800, "S15"),
    ("1015", "Vannflaske 1 l", "Vattenflaska 1 l", 0, 19900, 6900, "S25"),
    ("1016", "Kompass", "Kompass", 0, 34900, 14500, "S25"),
    ("1017", "Turkart Hardangervidda", "Fjällkarta Jämtland", 0, 29900, 16000, "S25"),
    ("1018", "Sovepose -10 °C", "Sovsäck -10 °C", 0, 199900, 98000, "S25"),
    ("1019", "Liggeunderlag", "Liggunderlag", 0, 49900, 22000, "S25"),
    ("1020", "Stormkjøkken", "Stormkök", 0, 99900, 47000, "S25"),
    ("1021", "Gassboks 230 g", "Gaspatron 230 g", 0, 6900, 2800, "S25"),
    ("1022", "Telt 2 personer", "Tält 2 personer", 0, 349900, 175000, "S25"),
    ("1023", "Teltplugger 10-pk", "Tältpinnar 10-pack", 0, 14900, 5200, "S25"),
    ("1024", "Refleksvest", "Reflexväst", 0, 9900, 2900, "S25"),
    ("1025", "Isbrodder", "Broddar", 0, 29900, 11000, "S25"),
    ("9001", "Montering, per time", "Montering, per timme", 1, 95000, 0, "S25"),
    ("9002", "Frakt", "Frakt", 1, 19900, 0, "S25"),
];

/// Valid EAN-13 from a 12-digit body.
fn ean(body: &str) -> String {
    let sum: u32 = body.chars().rev().enumerate().map(|(k, c)| c.to_digit(10).unwrap_or(0) * if k % 2 == 0 { 3 } else { 1 }).sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

const NO_PLACES: &[(&str, &str)] = &[
    ("0150", "Oslo"),
    ("5003", "Bergen"),
    ("7010", "Trondheim"),
    ("4006", "Stavanger"),
    ("9008", "Tromsø"),
    ("3015", "Drammen"),
    ("6002", "Ålesund"),
    ("2317", "Hamar"),
    ("8006", "Bodø"),
    ("4610", "Kristiansand"),
];
const SE_PLACES: &[(&str, &str)] = &[
    ("111 20", "Stockholm"),
    ("411 19", "Göteborg"),
    ("211 20", "Malmö"),
    ("753 20", "Uppsala"),
    ("581 83", "Linköping"),
    ("702 10", "Örebro"),
    ("903 26", "Umeå"),
    ("352 30", "Växjö"),
];
const NO_STREETS: &[&str] =
    &["Storgata", "Kongens gate", "Strandveien", "Industriveien", "Fjordgata", "Bryggen", "Sjøgata", "Markveien", "Havnegata", "Løkkeveien"];
const SE_STREETS: &[&str] = &["Storgatan", "Kungsgatan", "Drottninggatan", "Industrivägen", "Hamngatan", "Sjövägen", "Järnvägsgatan", "Skolgatan"];
const NO_TRADES: &[&str] = &[
    "Bygg",
    "Rør",
    "Elektro",
    "Maskin",
    "Transport",
    "Regnskap",
    "Eiendom",
    "Marine",
    "Fiskeutstyr",
    "Sport",
    "Friluft",
    "Handel",
    "Tre",
    "Anlegg",
    "Catering",
];
const SE_TRADES: &[&str] =
    &["Bygg", "Rör", "El", "Maskin", "Transport", "Redovisning", "Fastigheter", "Marin", "Sport", "Friluftsliv", "Handel", "Trä", "Anläggning"];
const NO_PREFIX: &[&str] = &["Nord", "Fjell", "Vest", "Kyst", "Fjord", "Elve", "Skog", "Øst", "Sør", "Lia", "Berg", "Dal", "Vik", "Nes", "Strand"];
const SE_PREFIX: &[&str] = &["Norr", "Fjäll", "Väst", "Kust", "Sjö", "Älv", "Skog", "Öst", "Söder", "Berg", "Dal", "Vik", "Näs", "Strand"];

/// A company name of `country` from the generator: "Fjellheim Bygg AS", "Hansen Rør AS".
pub fn company_name(g: &mut Gen, country: Country) -> String {
    let (prefix, trades, form, suffixes): (&[&str], &[&str], &str, &[&str]) = match country {
        Country::SE => (SE_PREFIX, SE_TRADES, "AB", &["", "s", "a", "lunds", "holms"]),
        _ => (NO_PREFIX, NO_TRADES, "AS", &["heim", "by", "land", "stad", "vik"]),
    };
    let first = match g.below(3) {
        0 => g.pick(LAST).to_string(),
        _ => format!("{}{}", g.pick(prefix), g.pick(suffixes)),
    };
    format!("{first} {} {form}", g.pick(trades))
}

/// Loads the master data of one demo company; `scale` sets how many parties.
pub async fn load(tx: &mut Tx, g: &mut Gen, company_id: i64, user_id: i64, country: Country, scale: Scale) -> Result<(), String> {
    let e = |e: app::error::AppError| e.to_string();
    let ctx = AuthCtx::admin(user_id, company_id, country.code());
    let sv = country == Country::SE;
    // items with opening stock in the main warehouse
    let wh = app::catalog::store::warehouse_id(&mut **tx, company_id, "MAIN").await.map_err(e)?;
    let mut item_ids = Vec::new();
    let mut moves = Vec::new();
    let opening = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).expect("date");
    for (i, (no, nb, se, unit, price, cost, vat)) in ITEMS.iter().enumerate() {
        let service = *unit == 1;
        let item = Item {
            id: 0,
            item_no: (*no).into(),
            description: if sv { (*se).into() } else { (*nb).into() },
            unit: match (sv, service) {
                (false, false) => "stk",
                (true, false) => "st",
                (false, true) => "t",
                (true, true) => "h",
            }
            .into(),
            sales_price: Decimal::new(*price, 2),
            purchase_price: Decimal::new(*cost, 2),
            // food is 15 % in Norway, 12 % in Sweden
            vat_code: if sv && *vat == "S15" { "S12".into() } else { (*vat).into() },
            barcode: (!service).then(|| ean(&format!("70{:03}{:07}", if sv { 731 } else { 420 }, i + 1))),
            kind: if service { ItemKind::Service } else { ItemKind::Stock },
            safety_stock: Decimal::from(if service { 0 } else { 5 + g.below(10) as i64 }),
            reorder_qty: Decimal::from(if service { 0 } else { 20 + 10 * g.below(4) as i64 }),
            pack_size: Decimal::from(if service { 1 } else { [1, 1, 2, 5, 10][g.below(5) as usize] }),
            active: true,
            notes: String::new(),
            default_supplier: None,
            item_group: String::new(),
        };
        let id = app::catalog::store::insert(tx, company_id, &item).await.map_err(e)?;
        item_ids.push((id, item.sales_price));
        if !service {
            moves.push(NewMove {
                item_id: id,
                warehouse_id: wh,
                qty: Decimal::from(10 + g.below(90) as i64),
                date: opening,
                unit_cost: item.purchase_price,
                origin: Origin::new(app::stock::model::OriginKind::Adjustment, 0, 0),
                reason: "opening_balance".into(),
            });
        }
    }
    app::stock::posting::post_moves(tx, company_id, user_id, "", "", &moves).await.map_err(e)?;

    // a dealer price list: 10 % off, 15 % off from 10 units
    let list = PriceList { id: 0, name: if sv { "Återförsäljare" } else { "Forhandler" }.into(), currency: country.currency().into(), active: true };
    let list_id = app::catalog::prices::store::save(tx, company_id, &list).await.map_err(e)?;
    for (item_id, price) in item_ids.iter().take(15) {
        for (min, pct) in [(0, 90), (10, 85)] {
            let p = ListPrice {
                id: 0,
                item_id: *item_id,
                item_no: String::new(),
                min_qty: Decimal::from(min),
                price: app::core::money::round2(*price * Decimal::new(pct, 2)),
                valid_from: None,
                valid_to: None,
            };
            app::catalog::prices::store::add_price(tx, company_id, list_id, &p).await.map_err(e)?;
        }
    }

    // customers and suppliers
    let (customers, suppliers) = match scale {
        Scale::Small => (40, 10),
        Scale::Large => (2000, 200),
    };
    let defaults = PartyDefaults { country: country.code().into(), currency: country.currency().into() };
    let places = if sv { SE_PLACES } else { NO_PLACES };
    let streets = if sv { SE_STREETS } else { NO_STREETS };
    let mut names = std::collections::HashSet::new();
    for n in 0..customers + suppliers {
        let name = loop {
            let candidate = company_name(g, country);
            if names.insert(candidate.clone()) {
                break candidate;
            }
        };
        let org_no = if sv { g.se_org_no() } else { g.no_org_no() };
        let (postcode, city) = places[g.below(places.len() as u64) as usize];
        let domain = app::parties::similar::name_key(&name).replace(' ', "").replace(|c: char| !c.is_ascii_alphanumeric(), "") + ".test";
        let is_customer = n < customers || n % 4 == 0; // some suppliers are customers too
        let on = Some("on".to_string());
        let input = PartyInput {
            is_customer: is_customer.then(|| "on".to_string()),
            is_supplier: (n >= customers).then(|| "on".to_string()),
            name: name.clone(),
            org_no: org_no.clone(),
            vat_no: if sv { format!("SE{org_no}01") } else { format!("NO{org_no}MVA") },
            address_line: format!("{} {}", g.pick(streets), 1 + g.below(80)),
            postcode: postcode.into(),
            city: city.into(),
            invoice_email: format!("faktura@{domain}"),
            peppol_id: if !sv && g.below(3) == 0 { format!("0192:{org_no}") } else { String::new() },
            phone: format!("+{} {}", if sv { "46 8" } else { "47" }, 20_000_000 + g.below(70_000_000)),
            web: format!("https://www.{domain}"),
            payment_terms: if g.below(2) == 0 { "NET14" } else { "NET30" }.into(),
            delivery_terms: "FCA".into(),
            price_list_id: if n < customers && g.below(4) == 0 { list_id.to_string() } else { String::new() },
            collective_invoicing: (n < customers && g.below(6) == 0).then(|| "on".into()),
            seller_id: user_id.to_string(),
            active: on,
            ..Default::default()
        };
        let party: Party = input.validate(&defaults, app::core::Lang::Nb)?;
        let party = app::parties::service::insert_in(tx, &ctx, party).await.map_err(e)?;
        if g.below(3) == 0 {
            let (pc, c) = places[g.below(places.len() as u64) as usize];
            let a = Address {
                id: 0,
                name: format!("{name}, lager"), // the same word in Norwegian and Swedish
                address_line: format!("{} {}", g.pick(streets), 1 + g.below(80)),
                postcode: pc.into(),
                city: c.into(),
                country: country.code().into(),
                is_default: true,
            };
            app::parties::store::save_address(tx, company_id, party.id, &a).await.map_err(e)?;
        }
        for k in 0..1 + g.below(2) {
            let (first, last) = (g.pick(FIRST), g.pick(LAST));
            let mobile = format!("+{} {}", if sv { "46 70" } else { "47 9" }, 1_000_000 + g.below(8_999_999));
            let c = Contact {
                id: 0,
                party_id: party.id,
                name: format!("{first} {last}"),
                role: if k == 0 {
                    if sv {
                        "Inköpare"
                    } else {
                        "Innkjøper"
                    }
                } else if sv {
                    "Ekonomi"
                } else {
                    "Økonomi"
                }
                .into(),
                email: format!("{}.{}@{domain}", first.to_lowercase(), last.to_lowercase()).replace(['ø', 'å', 'æ', 'ö', 'ä'], "o"),
                mobile: mobile.clone(),
                for_orders: k == 0,
                for_invoices: k == 1,
                active: true,
            };
            let key = app::parties::model::mobile_key(&mobile, country.code());
            app::parties::store::save_contact(tx, company_id, party.id, &c, &key).await.map_err(e)?;
        }
    }
    // every stock item is bought from one of the suppliers (round robin), so the
    // reorder list has a preferred supplier to suggest
    let err = |x: sqlx::Error| x.to_string();
    let suppliers: Vec<i64> = sqlx::query_scalar("SELECT id FROM parties WHERE company_id = $1 AND is_supplier = 1 ORDER BY id")
        .bind(company_id)
        .fetch_all(&mut **tx)
        .await
        .map_err(err)?;
    let stock: Vec<i64> = sqlx::query_scalar("SELECT id FROM items WHERE company_id = $1 AND kind = 'stock' ORDER BY id")
        .bind(company_id)
        .fetch_all(&mut **tx)
        .await
        .map_err(err)?;
    for (n, item) in stock.iter().enumerate() {
        if let Some(s) = suppliers.get(n % suppliers.len().max(1)) {
            sqlx::query("UPDATE items SET default_supplier_id = $3 WHERE company_id = $1 AND id = $2")
                .bind(company_id)
                .bind(*item)
                .bind(*s)
                .execute(&mut **tx)
                .await
                .map_err(err)?;
        }
    }
    Ok(())
}
