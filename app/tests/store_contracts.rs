//! Contract tests of the areas' stores, the same scenarios on SQLite and on PostgreSQL
//! (as `ledger_contract.rs` does for the stock ledger): what a store writes reads back
//! exactly, field by field, through its own readers (rows are read by column name, see
//! `db::codec`); conditional writes answer whether they happened; a second write of what
//! must be unique is a conflict; nothing of one company is read through another's id.
//! The documents' stores (sales, invoicing, purchase orders, receivables) are in
//! `document_stores.rs`.
mod common;

use app::auth::{Perm, Role};
use app::error::AppError;
use common::{company, d, each_backend, item, user};

#[tokio::test]
async fn setup_store() {
    use app::setup::model::{DocType, PaymentTerm, Unit, VatCode, Warehouse};
    use app::setup::store as s;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let other = company(&db, "Annen AS").await;
        let mut p = s::company(&db.pool, c).await.unwrap();
        assert_eq!((p.name.as_str(), p.country.as_str(), p.currency.as_str()), ("Fjordvik Handel AS", "NO", "NOK"));
        p.city = "Ålesund".into();
        p.bank_account = "1503.12.34567".into();
        p.vat_registered = true;
        s::update_company(&db.pool, &p).await.unwrap();
        assert_eq!(s::company(&db.pool, c).await.unwrap(), p);

        let mut tx = db.begin().await.unwrap();
        s::upsert_payment_term(&mut tx, c, &PaymentTerm { code: "N45".into(), name: "Netto 45".into(), days: 45, active: false }).await.unwrap();
        s::upsert_vat_code(&mut tx, c, &VatCode { code: "X12".into(), name: "Tolv".into(), rate: d("12.5"), category: "S".into(), active: true })
            .await
            .unwrap();
        s::upsert_unit(&mut tx, c, &Unit { code: "pall".into(), name: "Pall".into() }).await.unwrap();
        s::upsert_warehouse(&mut tx, c, &Warehouse { id: 0, code: "B2".into(), name: "Bakrom".into(), address: "Kaia 1".into(), active: false }).await.unwrap();
        tx.commit().await.unwrap();
        let terms = s::list_payment_terms(&db.pool, c).await.unwrap();
        assert!(terms.contains(&PaymentTerm { code: "N45".into(), name: "Netto 45".into(), days: 45, active: false }));
        let vat = s::list_vat_codes(&db.pool, c).await.unwrap();
        assert!(vat.iter().any(|v| v.code == "X12" && v.rate == d("12.5") && v.category == "S" && v.active));
        assert!(s::list_units(&db.pool, c).await.unwrap().contains(&Unit { code: "pall".into(), name: "Pall".into() }));
        let w = s::list_warehouses(&db.pool, c).await.unwrap().into_iter().find(|w| w.code == "B2").unwrap();
        assert_eq!((w.name.as_str(), w.address.as_str(), w.active), ("Bakrom", "Kaia 1", false));
        assert!(s::list_warehouses(&db.pool, other).await.unwrap().iter().all(|w| w.code != "B2"), "another company's warehouse");

        // numbers: taken in order, given back when the transaction rolls back
        let series = s::list_series(&db.pool, c).await.unwrap().into_iter().find(|x| x.doc_type == DocType::Quote.code()).unwrap();
        let mut tx = db.begin().await.unwrap();
        let a = s::take_number(&mut tx, c, DocType::Quote).await.unwrap();
        let b = s::take_number(&mut tx, c, DocType::Quote).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(a, format!("{}{}", series.prefix, series.next_number));
        assert_eq!(b, format!("{}{}", series.prefix, series.next_number + 1));
        let mut tx = db.begin().await.unwrap();
        let lost = s::take_number(&mut tx, c, DocType::Quote).await.unwrap();
        drop(tx);
        let mut tx = db.begin().await.unwrap();
        assert_eq!(s::take_number(&mut tx, c, DocType::Quote).await.unwrap(), lost, "a rolled-back number is given again");
        tx.commit().await.unwrap();

        let u = user(&db, "kari@fjordvik.test", c).await;
        let terms = app::setup::model::NewToken { role: Role::Sales, scopes: vec![Perm::Read, Perm::Sales], expires_at: Some(1_900_000_000_000) };
        let id = s::insert_token(&db.pool, c, "Nettbutikk", "tokenhash", &terms, u).await.unwrap();
        let t = s::list_tokens(&db.pool, c).await.unwrap().into_iter().find(|t| t.id == id).unwrap();
        assert_eq!((t.name.as_str(), t.role, t.revoked, t.last_used_at), ("Nettbutikk", Role::Sales, false, None));
        assert_eq!((t.scopes, t.expires_at), (terms.scopes.clone(), terms.expires_at));
        assert!(!s::revoke_token(&db.pool, other, id).await.unwrap(), "another company revokes nothing");
        assert!(s::revoke_token(&db.pool, c, id).await.unwrap());
        assert!(s::list_tokens(&db.pool, c).await.unwrap().into_iter().find(|t| t.id == id).unwrap().revoked);
        let users = s::list_users(&db.pool, c).await.unwrap();
        assert!(users.iter().any(|x| x.user_id == u && x.email == "kari@fjordvik.test" && x.role == Role::Admin && x.active && !x.invited));
    })
    .await;
}

#[tokio::test]
async fn auth_store() {
    use app::auth::store as s;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let u = user(&db, "ola@fjordvik.test", c).await;
        let row = s::user_by_email(&db.pool, "ola@fjordvik.test").await.unwrap().unwrap();
        assert_eq!((row.id, row.password_hash.as_str()), (u, "hash"));
        assert!(s::user_by_email(&db.pool, "nobody@fjordvik.test").await.unwrap().is_none());
        let far = chrono::Utc::now().timestamp_millis() + 3_600_000;
        s::insert_session(&db.pool, "sessionhash", u, c, far).await.unwrap();
        assert_eq!(s::session_by_hash(&db.pool, "sessionhash").await.unwrap(), Some((u, c, "admin".into(), "NO".into(), "nb".into())));
        s::insert_session(&db.pool, "expired", u, c, 1).await.unwrap();
        assert_eq!(s::session_by_hash(&db.pool, "expired").await.unwrap(), None, "an expired session is no session");
        assert_eq!(s::user_profile(&db.pool, u).await.unwrap(), ("Kari Nordmann".into(), "ola@fjordvik.test".into(), "nb".into()));
        let (name, currency, country, logo) = s::session_company(&db.pool, c).await.unwrap();
        assert_eq!((name.as_str(), currency.as_str(), country.as_str(), logo), ("Fjordvik Handel AS", "NOK", "NO", false));
        let choices = s::companies_of(&db.pool, u).await.unwrap();
        assert_eq!(choices.iter().map(|x| (x.id, x.role)).collect::<Vec<_>>(), vec![(c, Role::Admin)]);
        let terms = app::setup::model::NewToken { role: Role::Accounting, scopes: vec![Perm::Read, Perm::Accounting], expires_at: None };
        app::setup::store::insert_token(&db.pool, c, "Regnskap", "th", &terms, u).await.unwrap();
        let t = s::token_by_hash(&db.pool, "th").await.unwrap().unwrap();
        assert_eq!(
            (t.company_id, t.created_by, t.role.as_str(), t.creator_role.as_str(), t.country.as_str(), t.scopes.as_str(), t.expires_at),
            (c, u, "accounting", "admin", "NO", "read,accounting", None)
        );
    })
    .await;
}

#[tokio::test]
async fn outbox_store() {
    use app::outbox::model::{DocKind, MailStatus, NewMessage, SmtpSettings};
    use app::outbox::store as s;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let other = company(&db, "Annen AS").await;
        let u = user(&db, "ola@fjordvik.test", c).await;
        let m = NewMessage {
            doc_kind: DocKind::Invoice,
            doc_id: 7,
            to: "kunde@example.test".into(),
            subject: "Faktura 10001".into(),
            body: "Vedlagt — æøå".into(),
            attachment_name: "faktura-10001.pdf".into(),
            attachment: vec![0, 1, 2, 255],
        };
        let mut tx = db.begin().await.unwrap();
        let id = s::insert(&mut tx, c, u, &m).await.unwrap();
        tx.commit().await.unwrap();
        let (got, bytes) = s::get(&db.pool, c, id).await.unwrap();
        assert_eq!((got.doc_kind, got.doc_id, got.to_addr.as_str(), got.subject.as_str()), (DocKind::Invoice, 7, "kunde@example.test", "Faktura 10001"));
        assert_eq!(
            (got.body.as_str(), got.attachment_name.as_str(), got.status, got.sent_at),
            ("Vedlagt — æøå", "faktura-10001.pdf", MailStatus::Queued, None)
        );
        assert_eq!(bytes, Some(vec![0, 1, 2, 255]));
        assert!(matches!(s::get(&db.pool, other, id).await, Err(AppError::NotFound(_))), "another company's message");
        assert_eq!(s::list(&db.pool, c, Some((DocKind::Invoice, 7)), 10).await.unwrap(), vec![got.clone()]);
        assert!(s::list(&db.pool, c, Some((DocKind::Invoice, 8)), 10).await.unwrap().is_empty());

        // a failure is retried after the back-off; the retry is claimed once
        s::mark(&db.pool, c, id, false, "421 try later", 0).await.unwrap();
        let (failed, _) = s::get(&db.pool, c, id).await.unwrap();
        assert_eq!((failed.status, failed.error.as_str()), (MailStatus::Queued, "421 try later"));
        let claimed = s::claim_due(&db.pool, 10).await.unwrap();
        assert_eq!(claimed, vec![(c, id)]);
        assert!(s::claim_due(&db.pool, 10).await.unwrap().is_empty(), "claimed once");
        s::mark(&db.pool, c, id, true, "", 0).await.unwrap();
        let (sent, _) = s::get(&db.pool, c, id).await.unwrap();
        assert_eq!((sent.status, sent.error.as_str()), (MailStatus::Sent, ""));
        assert!(sent.sent_at.is_some());

        let smtp = SmtpSettings {
            host: "smtp.fjordvik.test".into(),
            port: 2525,
            security: "starttls".into(),
            user: "post".into(),
            password: "hemmelig".into(),
            from: "faktura@fjordvik.test".into(),
        };
        s::save_smtp(&db.pool, c, &smtp).await.unwrap();
        assert_eq!(s::smtp(&db.pool, c).await.unwrap(), smtp);
        s::save_smtp(&db.pool, c, &SmtpSettings { password: String::new(), ..smtp.clone() }).await.unwrap();
        assert_eq!(s::smtp(&db.pool, c).await.unwrap().password, "hemmelig", "an empty password keeps the stored one");
    })
    .await;
}

#[tokio::test]
async fn price_list_store() {
    use app::catalog::prices::model::{ListPrice, PriceList};
    use app::catalog::prices::store as s;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let other = company(&db, "Annen AS").await;
        let item = item("1001", "Skrue", "1");
        let mut tx = db.begin().await.unwrap();
        let item_id = app::catalog::store::insert(&mut tx, c, &item).await.unwrap();
        let list = PriceList { id: 0, name: "Forhandler".into(), currency: "NOK".into(), active: true };
        let list_id = s::save(&mut tx, c, &list).await.unwrap();
        let p = ListPrice {
            id: 0,
            item_id,
            item_no: "1001".into(),
            min_qty: d("10.5"),
            price: d("99.95"),
            valid_from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
            valid_to: None,
        };
        let price_id = s::add_price(&mut tx, c, list_id, &p).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(s::get(&db.pool, c, list_id).await.unwrap(), PriceList { id: list_id, ..list.clone() });
        assert!(matches!(s::get(&db.pool, other, list_id).await, Err(AppError::NotFound(_))));
        assert_eq!(s::prices(&db.pool, c, list_id).await.unwrap(), vec![ListPrice { id: price_id, ..p }]);
        let mut tx = db.begin().await.unwrap();
        let twice = s::save(&mut tx, c, &list).await;
        assert!(matches!(twice, Err(AppError::Conflict(_))), "two lists of one name: {twice:?}");
    })
    .await;
}

#[tokio::test]
async fn party_store() {
    use app::parties::model::{Address, Contact, Party, PartyKind};
    use app::parties::store as s;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let other = company(&db, "Annen AS").await;
        let p = Party {
            customer_no: Some("20001".into()),
            is_customer: true,
            name: "Bakeriet på Hjørnet AS".into(),
            org_no: "988077917".into(),
            country: "NO".into(),
            address_line: "Storgata 1".into(),
            postcode: "6002".into(),
            city: "Ålesund".into(),
            invoice_email: "faktura@bakeriet.test".into(),
            currency: "NOK".into(),
            discount: d("2.5"),
            credit_limit: Some(d("50000.00")),
            collective_invoicing: true,
            doc_lang: "nb".into(),
            notes: "Ring før levering".into(),
            active: true,
            ..Default::default()
        };
        let mut tx = db.begin().await.unwrap();
        let id = s::insert(&mut tx, c, &p).await.unwrap();
        tx.commit().await.unwrap();
        let stored = s::by_id(&db.pool, c, id).await.unwrap();
        assert_eq!(stored, Party { id, ..p.clone() });
        assert_eq!(s::by_no(&db.pool, c, PartyKind::Customer, "20001").await.unwrap().id, id);
        assert!(matches!(s::by_id(&db.pool, other, id).await, Err(AppError::NotFound(_))), "another company's party");
        let mut tx = db.begin().await.unwrap();
        assert!(matches!(s::insert(&mut tx, c, &p).await, Err(AppError::Conflict(_))), "a customer number twice");
        drop(tx);

        let mut tx = db.begin().await.unwrap();
        let a = Address {
            id: 0,
            name: "Lager".into(),
            address_line: "Kaia 2".into(),
            postcode: "6003".into(),
            city: "Ålesund".into(),
            country: "NO".into(),
            is_default: true,
        };
        let aid = s::save_address(&mut tx, c, id, &a).await.unwrap();
        let k = Contact {
            id: 0,
            party_id: id,
            name: "Per Baker".into(),
            role: "Innkjøp".into(),
            email: "per@bakeriet.test".into(),
            mobile: "+47 912 34 567".into(),
            for_orders: true,
            for_invoices: false,
            active: true,
        };
        let kid = s::save_contact(&mut tx, c, id, &k, "4791234567").await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(s::addresses(&db.pool, c, id).await.unwrap(), vec![Address { id: aid, ..a }]);
        assert_eq!(s::contact(&db.pool, c, kid).await.unwrap(), Contact { id: kid, ..k });
        assert!(matches!(s::contact(&db.pool, other, kid).await, Err(AppError::NotFound(_))));
    })
    .await;
}

#[tokio::test]
async fn stock_count_store() {
    use app::stock::store::count as s;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let u = user(&db, "ola@fjordvik.test", c).await;
        let mut tx = db.begin().await.unwrap();
        let mut ids = Vec::new();
        for (no, text) in [("1001", "Skrue 4x40"), ("1002", "Mutter M8"), ("1003", "Skrue 5x60")] {
            ids.push(app::catalog::store::insert(&mut tx, c, &item(no, text, "1.25")).await.unwrap());
        }
        let wh = app::setup::store::first_warehouse(&mut tx, c).await.unwrap().unwrap();
        let count = s::insert(&mut tx, c, u, wh, "skrue").await.unwrap();
        assert_eq!(s::add_lines(&mut tx, c, count, wh, "skrue").await.unwrap(), 2, "only the items whose text matches");
        tx.commit().await.unwrap();
        assert!(s::set_counted(&db.pool, c, count, "1001", Some(7_500)).await.unwrap());
        assert!(!s::set_counted(&db.pool, c, count, "1002", Some(1)).await.unwrap(), "not on this count");
        let summary = s::summary_of(&db.pool, c, count).await.unwrap().unwrap();
        assert_eq!((summary.filter.as_str(), summary.status, summary.lines, summary.counted), ("skrue", app::stock::model::CountStatus::Open, 2, 1));
        let lines = s::lines(&db.pool, c, count).await.unwrap();
        assert_eq!(
            lines.iter().map(|l| (l.item_no.as_str(), l.expected, l.counted)).collect::<Vec<_>>(),
            vec![("1001", d("0"), Some(d("7.5"))), ("1003", d("0"), None)]
        );
        let mut tx = db.begin().await.unwrap();
        let diffs = s::differences(&mut tx, c, count).await.unwrap();
        assert_eq!(diffs.iter().map(|x| (x.item_id, x.diff, x.purchase_price)).collect::<Vec<_>>(), vec![(ids[0], d("7.5"), d("1.25"))]);
        assert_eq!(s::mark_posted(&mut tx, c, count).await.unwrap(), Some(wh));
        assert_eq!(s::mark_posted(&mut tx, c, count).await.unwrap(), None, "posted once");
        tx.commit().await.unwrap();
        assert!(!s::set_counted(&db.pool, c, count, "1003", Some(1)).await.unwrap(), "a posted count takes no more counts");
    })
    .await;
}

#[tokio::test]
async fn contract_store() {
    use app::invoicing::store::contracts::{self as s, NewContract, NewContractLine};
    use chrono::NaiveDate;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let other = company(&db, "Annen AS").await;
        let u = user(&db, "ola@fjordvik.test", c).await;
        let party =
            app::parties::model::Party { customer_no: Some("20001".into()), is_customer: true, name: "Kunde AS".into(), active: true, ..Default::default() };
        let mut tx = db.begin().await.unwrap();
        let customer = app::parties::store::insert(&mut tx, c, &party).await.unwrap();
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let k = NewContract { customer_id: customer, description: "Service", period: app::invoicing::model::Period::Month, start, end: None, your_ref: "Per" };
        let lines = [
            NewContractLine { item_no: "S1", description: "Serviceavtale", qty_milli: 1_000, price_minor: Some(49_900) },
            NewContractLine { item_no: "S2", description: "", qty_milli: 2_500, price_minor: None },
        ];
        let id = s::insert(&mut tx, c, u, &k, &lines).await.unwrap();
        tx.commit().await.unwrap();
        let got = s::list(&db.pool, c).await.unwrap();
        assert_eq!(got.len(), 1);
        let g = &got[0];
        assert_eq!(
            (g.id, g.customer_no.as_str(), g.period, g.start_date, g.end_date, g.next_date, g.active),
            (id, "20001", app::invoicing::model::Period::Month, start, None, start, true)
        );
        assert_eq!(
            g.lines.iter().map(|l| (l.item_no.as_str(), l.qty, l.unit_price)).collect::<Vec<_>>(),
            vec![("S1", d("1"), Some(d("499"))), ("S2", d("2.5"), None)]
        );
        assert!(s::list(&db.pool, other).await.unwrap().is_empty());
        let end = NaiveDate::from_ymd_opt(2026, 6, 30);
        s::set_end_and_active(&db.pool, c, id, end, false).await.unwrap();
        let g = s::list(&db.pool, c).await.unwrap().remove(0);
        assert_eq!((g.end_date, g.active), (end, false));
    })
    .await;
}

#[tokio::test]
async fn payables_store() {
    use app::purchasing::model::{AccountOwner, Decision, SiStatus};
    use app::purchasing::store::payables::{self as s, NewSi, NewSiLine};
    use chrono::NaiveDate;
    each_backend(|db| async move {
        let c = company(&db, "Fjordvik Handel AS").await;
        let other = company(&db, "Annen AS").await;
        let u = user(&db, "ola@fjordvik.test", c).await;
        let party = app::parties::model::Party {
            supplier_no: Some("30001".into()),
            is_supplier: true,
            name: "Leverandør AS".into(),
            org_no: "NO 988 077 917 MVA".into(),
            currency: "NOK".into(),
            active: true,
            ..Default::default()
        };
        let mut tx = db.begin().await.unwrap();
        let supplier = app::parties::store::insert(&mut tx, c, &party).await.unwrap();
        let found = s::supplier_by_no(&mut tx, c, "30001").await.unwrap().unwrap();
        assert_eq!((found.id, found.supplier_no.as_str(), found.currency.as_str()), (supplier, "30001", "NOK"));
        let by_org = s::supplier_by_ids(&mut tx, c, &["NO988077917MVA".to_string()]).await.unwrap().unwrap();
        assert_eq!(by_org.id, supplier);
        assert!(s::supplier_by_no(&mut tx, other, "30001").await.unwrap().is_none());
        let si = NewSi {
            supplier_id: supplier,
            kind: app::invoicing::model::InvoiceKind::Invoice,
            invoice_no: "F-77",
            invoice_date: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            due_date: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
            currency: "NOK",
            kid: "0012345",
            po_id: None,
            net_minor: 10_000,
            vat_minor: 2_500,
            gross_minor: 12_500,
            payable_minor: 12_500,
            source: app::purchasing::model::SiSource::Manual,
            status: SiStatus::Pending,
            required_level: 1,
            order_ref: "PO-9",
        };
        let line = NewSiLine {
            line_no: 1,
            item_id: None,
            supplier_item_no: "L-1".into(),
            description: "Frakt".into(),
            qty_milli: 1_000,
            price_minor: 10_000,
            net_minor: 10_000,
            vat_rate_bp: 2_500,
            account: "4000".into(),
            dimension: "AVD1".into(),
            po_line_id: None,
        };
        let id2 = s::insert(&mut tx, c, u, &si, std::slice::from_ref(&line), Some("<Invoice/>")).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        assert!(matches!(s::insert(&mut tx, c, u, &si, &[], None).await, Err(AppError::Conflict(_))), "one invoice number per supplier");
        drop(tx);
        let r = s::record(&db.pool, c, id2).await.unwrap().unwrap();
        assert_eq!((r.head.supplier_no.as_str(), r.head.invoice_no.as_str(), r.head.payable, r.head.status), ("30001", "F-77", d("125"), SiStatus::Pending));
        assert_eq!((r.kid.as_str(), r.po_no.as_str(), r.net, r.vat, r.gross, r.order_ref.as_str()), ("0012345", "", d("100"), d("25"), d("125"), "PO-9"));
        assert!(s::record(&db.pool, other, id2).await.unwrap().is_none(), "another company's invoice");
        let lines = s::lines(&db.pool, c, id2).await.unwrap();
        assert_eq!(lines.len(), 1);
        let (l, m) = &lines[0];
        assert_eq!(
            (l.description.as_str(), l.net, l.vat_rate, l.account.as_str(), l.dimension.as_str(), l.po_line_no),
            ("Frakt", d("100"), d("25"), "4000", "AVD1", None)
        );
        assert!(!m.is_item && m.ordered.is_none());

        let mut tx = db.begin().await.unwrap();
        s::insert_level(&mut tx, c, 1, 0).await.unwrap();
        assert!(s::is_member(&mut tx, c, u).await.unwrap());
        assert!(!s::is_member(&mut tx, other, u).await.unwrap());
        s::insert_level_user(&mut tx, c, 1, u).await.unwrap();
        let state = s::decision_state(&mut tx, c, id2).await.unwrap().unwrap();
        assert_eq!((state.status, state.approved_level, state.required_level), (SiStatus::Pending, 0, 1));
        assert_eq!(s::level_approvers(&mut tx, c, 1).await.unwrap(), vec![u]);
        assert!(s::record_decision(&mut tx, c, id2, u, (SiStatus::Approved, 1, 0), (Decision::Approved, 1, "ok")).await.unwrap());
        assert!(!s::record_decision(&mut tx, c, id2, u, (SiStatus::Approved, 1, 0), (Decision::Approved, 1, "again")).await.unwrap(), "decided once");
        assert_eq!(s::approved_by(&mut tx, c, id2).await.unwrap(), vec![u]);
        assert!(s::set_paid(&mut tx, c, id2, NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()).await.unwrap());
        assert!(!s::set_paid(&mut tx, c, id2, NaiveDate::from_ymd_opt(2026, 3, 21).unwrap()).await.unwrap(), "paid once");
        assert_eq!(s::status(&mut tx, c, id2).await.unwrap(), Some(SiStatus::Paid));
        s::set_account(&mut tx, c, AccountOwner::Supplier, supplier, Some(("4300", "PROSJ"))).await.unwrap();
        let defaults = s::account_defaults(&mut tx, c, supplier).await.unwrap();
        assert_eq!(defaults.supplier, Some(("4300".to_string(), "PROSJ".to_string())));
        tx.commit().await.unwrap();
        let approvals = s::approvals(&db.pool, c, id2).await.unwrap();
        assert_eq!(approvals.iter().map(|a| (a.level, a.decision, a.comment.as_str())).collect::<Vec<_>>(), vec![(1, Decision::Approved, "ok")]);
        let year = (NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap());
        let report = s::report(&db.pool, c, false, year.0, year.1).await.unwrap();
        assert_eq!(report.iter().map(|x| (x.key.as_str(), x.net, x.qty, x.invoices)).collect::<Vec<_>>(), vec![("30001", d("100"), d("1"), 1)]);
        assert!(s::report(&db.pool, other, false, year.0, year.1).await.unwrap().is_empty());
        assert_eq!(app::purchasing::store::rollups::mismatches(&db.pool, c).await.unwrap(), Vec::<String>::new());
        assert_eq!(s::account_defaults_list(&db.pool, c).await.unwrap().len(), 1);
        assert!(s::account_defaults_list(&db.pool, other).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn webshop_store() {
    use app::webshop::model::{CheckedShop, ImportState, LineItems, PollCursor, ShopKind, ShopOrder, ShopState};
    use app::webshop::store as s;
    each_backend(|db| async move {
        let c = company(&db, "Nettbutikken AS").await;
        let other = company(&db, "Annen Butikk AS").await;
        let u = user(&db, "web@nett.test", c).await;
        let warehouse_id =
            app::catalog::store::warehouse_id(&db.pool, c, &app::setup::store::list_warehouses(&db.pool, c).await.unwrap()[0].code).await.unwrap();
        let checked = CheckedShop {
            kind: ShopKind::Vendure,
            url: "https://shop.example".into(),
            username: "flyt".into(),
            poll_seconds: 300,
            active: true,
            customer_group: "WEB".into(),
        };
        let items = LineItems { shipping: "FRAKT".into(), discount: "RABATT".into(), rounding: "AVRUND".into() };
        let saved = |secret| s::Saved { checked: &checked, secret, warehouse_id, price_list_id: None, items: &items };
        assert!(s::save(&db.pool, c, u, &saved(None)).await.is_err(), "a new connection needs the password");
        s::save(&db.pool, c, u, &saved(Some("hemmelig"))).await.unwrap();
        let row = s::shop(&db.pool, c).await.unwrap().unwrap();
        assert_eq!(
            (row.url.as_str(), row.secret.as_str(), row.customer_group.as_str(), row.items.clone(), row.created_by),
            ("https://shop.example", "hemmelig", "WEB", items.clone(), u)
        );
        assert!(row.resync && row.active && row.cursor == PollCursor::default());
        assert!(s::shop(&db.pool, other).await.unwrap().is_none(), "another company has no shop");
        // a save without a password keeps the stored one
        s::save(&db.pool, c, u, &saved(None)).await.unwrap();
        assert_eq!(s::shop(&db.pool, c).await.unwrap().unwrap().secret, "hemmelig");

        let now = chrono::Utc::now().timestamp_millis();
        assert!(s::due(&db.pool, now).await.unwrap().contains(&c));
        assert!(s::claim(&db.pool, c, now, 60_000).await.unwrap());
        assert!(!s::claim(&db.pool, c, now, 60_000).await.unwrap(), "one worker at a time");
        assert!(!s::due(&db.pool, now).await.unwrap().contains(&c), "a claimed shop is not due");
        s::release(&db.pool, c).await.unwrap();
        let cursor = PollCursor { at: 5_000, id: "7".into() };
        s::polled(&db.pool, c, &cursor, now + 60_000, "").await.unwrap();
        s::pushed(&db.pool, c, 0, true).await.unwrap();
        assert!(!s::due(&db.pool, now).await.unwrap().contains(&c), "nothing to poll or push");
        let row = s::shop(&db.pool, c).await.unwrap().unwrap();
        assert_eq!((row.cursor, row.resync, row.next_poll_at), (cursor, false, now + 60_000));
        s::push_failed(&db.pool, c, now + 1000, "HTTP 503").await.unwrap();
        let shown = s::shown(&db.pool, c).await.unwrap().unwrap();
        assert_eq!((shown.push_error.as_str(), shown.push_failures, shown.pending_pushes), ("HTTP 503", 1, 0));
        assert!(s::nudge(&db.pool, c, true).await.unwrap() && !s::nudge(&db.pool, other, true).await.unwrap());
        assert!(s::shop(&db.pool, c).await.unwrap().unwrap().resync);

        let order = ShopOrder {
            id: "42".into(),
            code: "ABC".into(),
            updated_at: 7_000,
            state: ShopState::Placed,
            currency: "NOK".into(),
            customer: Default::default(),
            address: Default::default(),
            lines: vec![],
            shipping: vec![],
            discounts: vec![],
            total_with_tax: 12_500,
        };
        s::record(&db.pool, c, &order, ImportState::Problem, None, "Line 1: unknown item 'X'").await.unwrap();
        let (state, order_id, payload) = s::shop_order(&db.pool, c, "42").await.unwrap().unwrap();
        assert_eq!((state, order_id, serde_json::from_str::<ShopOrder>(&payload).unwrap()), (ImportState::Problem, None, order.clone()));
        assert_eq!(s::problems(&db.pool, c).await.unwrap().len(), 1);
        assert!(s::shop_order(&db.pool, other, "42").await.unwrap().is_none());
        s::record(&db.pool, c, &order, ImportState::Cancelled, None, "").await.unwrap();
        assert!(s::problems(&db.pool, c).await.unwrap().is_empty(), "a shop order is one row, its latest state");
        let rows = s::rows(&db.pool, c, 10).await.unwrap();
        assert_eq!((rows.len(), rows[0].state, rows[0].code.as_str(), rows[0].order_no.clone()), (1, ImportState::Cancelled, "ABC", None));
        assert!(s::customer_of(&db.pool, c, "9").await.unwrap().is_none());
    })
    .await;
}
