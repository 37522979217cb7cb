//! Contract tests of the documents' stores — sales (quotes, orders, deliveries),
//! invoicing, purchase orders and receivables — on SQLite and on PostgreSQL, as
//! `store_contracts.rs` does for the other areas: what a store writes reads back
//! field by field (dates as dates, statuses and kinds as their enums); conditional
//! writes refuse what would go past their bounds; another company's number or id
//! finds nothing.
mod common;

use std::collections::HashMap;

use app::core::document::DocStatus;
use app::core::lines::{Line, LineKind};
use app::db::Db;
use app::error::AppError;
use chrono::NaiveDate;
use common::{company, d, each_backend, item, user};
use rust_decimal::Decimal;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A customer (or, with `supplier`, a supplier) of the company; answers its id.
async fn party(db: &Db, company_id: i64, no: &str, supplier: bool) -> i64 {
    let p = app::parties::model::Party {
        customer_no: (!supplier).then(|| no.to_string()),
        supplier_no: supplier.then(|| no.to_string()),
        is_customer: !supplier,
        is_supplier: supplier,
        name: format!("Part {no} AS"),
        currency: "NOK".into(),
        active: true,
        ..Default::default()
    };
    let mut tx = db.begin().await.unwrap();
    let id = app::parties::store::insert(&mut tx, company_id, &p).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn stock_item(db: &Db, company_id: i64, no: &str) -> i64 {
    let mut tx = db.begin().await.unwrap();
    let id = app::catalog::store::insert(&mut tx, company_id, &item(no, "Skrue", "4")).await.unwrap();
    tx.commit().await.unwrap();
    id
}

async fn warehouse(db: &Db, company_id: i64) -> i64 {
    app::setup::store::list_warehouses(&db.pool, company_id).await.unwrap()[0].id
}

/// Two companies, a user of the first, its customer or supplier `no`, a stock item and
/// its warehouse.
struct Books {
    c: i64,
    other: i64,
    u: i64,
    party: i64,
    item_id: i64,
    wh: i64,
}

async fn books(db: &Db, no: &str, supplier: bool) -> Books {
    let c = company(db, "Fjordvik Handel AS").await;
    let other = company(db, "Annen AS").await;
    let u = user(db, "ola@fjordvik.test", c).await;
    let party = party(db, c, no, supplier).await;
    Books { c, other, u, party, item_id: stock_item(db, c, "1001").await, wh: warehouse(db, c).await }
}

fn line(no: i64, item_no: &str, qty: &str, price: &str) -> Line {
    let (qty, price) = (d(qty), d(price));
    Line {
        line_no: no,
        kind: LineKind::Item,
        item_no: item_no.into(),
        description: "Skrue 4x40".into(),
        qty,
        unit: "stk".into(),
        unit_price: price,
        discount_pct: Decimal::ZERO,
        vat_code: "S25".into(),
        vat_rate: d("25"),
        net: qty * price,
    }
}

#[tokio::test]
async fn sales_store() {
    use app::sales::model::OrderStatus;
    use app::sales::store::{self as s, Head, Kind, NewLine, Progressed};
    each_backend(|db| async move {
        let Books { c, other, u, party: customer, item_id, wh } = books(&db, "20001", false).await;
        let head = Head {
            customer_id: customer,
            your_ref: "Kari".into(),
            requisition_no: "PO-55".into(),
            doc_date: day("2026-11-02"),
            date: day("2026-11-20"),
            currency: "NOK".into(),
            delivery_address: "Kaia 1\n5003 Bergen".into(),
            warehouse_id: wh,
            status: OrderStatus::Open,
            confirmed: true,
            ..Default::default()
        };
        let lines = [
            NewLine { line: line(1, "1001", "5", "10"), item_id: Some(item_id), stock: true, requested_date: day("2026-11-18"), ..Default::default() },
            NewLine { line: Line { line_no: 2, kind: LineKind::Text, description: "Levering på kaia".into(), ..Default::default() }, ..Default::default() },
        ];
        let mut tx = db.begin().await.unwrap();
        let (quote_id, _) = s::insert_head(&mut tx, Kind::Quote, c, u, "Q-1", &head, &lines).await.unwrap();
        let (order_id, line_ids) = s::insert_head(&mut tx, Kind::Order, c, u, "O-1", &head, &lines).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(line_ids.len(), 2);

        let mut conn = db.pool.acquire().await.unwrap();
        let q = s::load(&mut conn, Kind::Quote, c, Some("Q-1"), None).await.unwrap();
        assert_eq!(
            (q.doc.id, q.doc.doc_date, q.doc.date, q.stored_status, q.sent, q.lost),
            (quote_id, day("2026-11-02"), day("2026-11-20"), None, false, false)
        );
        assert_eq!(q.doc.lines.iter().map(|l| l.requested_date).collect::<Vec<_>>(), vec![None, None], "quote lines have no requested date");
        let o = s::load(&mut conn, Kind::Order, c, None, Some(order_id)).await.unwrap();
        assert_eq!(
            (o.doc.number.as_str(), o.doc.customer_id, o.doc.your_ref.as_str(), o.doc.requisition_no.as_str(), o.doc.delivery_address.as_str()),
            ("O-1", customer, "Kari", "PO-55", "Kaia 1\n5003 Bergen")
        );
        assert_eq!(
            (o.doc.doc_date, o.doc.date, o.stored_status, o.confirmed, o.cancelled, o.warehouse_id),
            (day("2026-11-02"), day("2026-11-20"), Some(OrderStatus::Open), true, false, wh)
        );
        let l = &o.doc.lines[0];
        assert_eq!(
            (l.line.qty, l.line.unit_price, l.line.net, l.line.vat_rate, l.requested_date, l.item_id, l.stock),
            (d("5"), d("10"), d("50"), d("25"), Some(day("2026-11-18")), Some(item_id), true)
        );
        assert_eq!((o.doc.lines[1].line.kind, o.doc.lines[1].line.description.as_str()), (LineKind::Text, "Levering på kaia"));
        assert_eq!((o.doc.totals.net, o.doc.totals.gross), (d("50"), d("62.50")));
        assert!(matches!(s::load(&mut conn, Kind::Order, other, Some("O-1"), None).await, Err(AppError::NotFound(_))), "another company's order");
        assert!(matches!(s::load(&mut conn, Kind::Order, other, None, Some(order_id)).await, Err(AppError::NotFound(_))), "another company's id");
        drop(conn);

        // delivered and invoiced within their bounds, refused beyond them
        let names: HashMap<i64, String> = HashMap::from([(line_ids[0], "O-1 line 1".to_string())]);
        let mut tx = db.begin().await.unwrap();
        s::add_progress(&mut tx, c, Progressed::Delivered, &[(line_ids[0], 3_000)], &names).await.unwrap();
        s::add_progress(&mut tx, c, Progressed::Invoiced, &[(line_ids[0], 2_000)], &names).await.unwrap();
        let past = s::add_progress(&mut tx, c, Progressed::Delivered, &[(line_ids[0], 2_001)], &names).await;
        assert!(matches!(&past, Err(AppError::Conflict(m)) if m.starts_with("O-1 line 1")), "{past:?}");
        drop(tx);
        let mut tx = db.begin().await.unwrap();
        let not_delivered = s::add_progress(&mut tx, c, Progressed::Invoiced, &[(line_ids[0], 2_000)], &names).await;
        assert!(matches!(not_delivered, Err(AppError::Conflict(_))), "more invoiced than delivered");
        drop(tx);
        let mut tx = db.begin().await.unwrap();
        s::add_progress(&mut tx, c, Progressed::Delivered, &[(line_ids[0], 3_000)], &names).await.unwrap();
        s::set_order_state(&mut tx, c, order_id, OrderStatus::PartlyDelivered, false, false).await.unwrap();
        s::insert_delivery(&mut tx, c, u, "D-1", customer, wh, day("2026-11-19"), "Kaia 1", &[(line_ids[0], 3_000)]).await.unwrap();
        tx.commit().await.unwrap();
        let mut conn = db.pool.acquire().await.unwrap();
        let o = s::load(&mut conn, Kind::Order, c, Some("O-1"), None).await.unwrap();
        assert_eq!((o.stored_status, o.doc.lines[0].done, o.doc.lines[0].invoiced), (Some(OrderStatus::PartlyDelivered), d("3"), Decimal::ZERO));
        assert_eq!(s::delivery_span(&mut conn, c, &[line_ids[0]]).await.unwrap(), Some((day("2026-11-19"), day("2026-11-19"))));
        assert_eq!(s::delivery_span(&mut conn, other, &[line_ids[0]]).await.unwrap(), None, "another company's lines");
        drop(conn);
        let deliveries = s::deliveries_of(&db.pool, c, order_id).await.unwrap();
        assert_eq!(deliveries, vec![("D-1".to_string(), day("2026-11-19"), line_ids[0], d("3"))]);
        assert!(s::deliveries_of(&db.pool, other, order_id).await.unwrap().is_empty());

        // the lists: by status as the enum, dates as dates
        let rows = s::order_list(&db.pool, c, Some(OrderStatus::PartlyDelivered), None, None, 50).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| (r.number.as_str(), r.status, r.doc_date, r.date, r.net, r.gross)).collect::<Vec<_>>(),
            vec![("O-1", DocStatus::PartlyDelivered, day("2026-11-02"), day("2026-11-20"), d("50"), d("62.50"))]
        );
        assert!(s::order_list(&db.pool, c, Some(OrderStatus::Open), None, None, 50).await.unwrap().is_empty());
        assert!(s::order_list(&db.pool, other, None, None, None, 50).await.unwrap().is_empty());
        let quotes = s::quote_list(&db.pool, c, day("2026-11-21"), None, 50).await.unwrap();
        assert_eq!(quotes.iter().map(|r| (r.number.as_str(), r.status, r.date)).collect::<Vec<_>>(), vec![("Q-1", DocStatus::Expired, day("2026-11-20"))]);
        let backorder = s::open_lines(&db.pool, c).await.unwrap();
        assert_eq!(
            backorder.iter().map(|b| (b.order_no.as_str(), b.remaining, b.requested_date)).collect::<Vec<_>>(),
            vec![("O-1", d("2"), day("2026-11-18"))]
        );
        assert!(s::open_lines(&db.pool, other).await.unwrap().is_empty());
    })
    .await;
}

/// An invoice of one line to `customer`, as the invoicing service would post it.
fn invoice(customer: i64, no: &str) -> app::invoicing::model::Invoice {
    use app::invoicing::model::{Invoice, InvoiceKind, InvoiceLine};
    Invoice {
        kind: InvoiceKind::Invoice,
        number: no.into(),
        customer_id: customer,
        customer_no: "20001".into(),
        customer_name: "Part 20001 AS".into(),
        country: "NO".into(),
        doc_lang: "nb".into(),
        invoice_date: day("2026-10-01"),
        due_date: day("2026-10-15"),
        delivery_date: day("2026-09-30"),
        period_from: Some(day("2026-09-01")),
        currency: "NOK".into(),
        kid: "000200010000100017".into(),
        order_refs: "O-1".into(),
        lines: vec![InvoiceLine {
            doc: app::core::document::DocLine { line: line(1, "1001", "4", "25"), ..Default::default() },
            vat_category: "S".into(),
            order_no: "O-1".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[tokio::test]
async fn invoicing_store() {
    use app::invoicing::model::InvoiceKind;
    use app::invoicing::store::{self as s, Settles};
    each_backend(|db| async move {
        let Books { c, other, u, party: customer, .. } = books(&db, "20001", false).await;
        let mut tx = db.begin().await.unwrap();
        let (id, line_ids) = s::insert(&mut tx, c, u, &invoice(customer, "10001"), None).await.unwrap();
        let mut plain = invoice(customer, "10002");
        (plain.period_from, plain.kid) = (None, "000200010000100025".into());
        s::insert(&mut tx, c, u, &plain, None).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(line_ids.len(), 1);

        let mut conn = db.pool.acquire().await.unwrap();
        let got = s::load(&mut conn, c, InvoiceKind::Invoice, Some("10001"), None).await.unwrap();
        assert_eq!(
            (got.id, got.kind, got.number.as_str(), got.customer_id, got.kid.as_str(), got.order_refs.as_str()),
            (id, InvoiceKind::Invoice, "10001", customer, "000200010000100017", "O-1")
        );
        assert_eq!(
            (got.invoice_date, got.due_date, got.delivery_date, got.period_from),
            (day("2026-10-01"), day("2026-10-15"), day("2026-09-30"), Some(day("2026-09-01")))
        );
        assert_eq!((got.totals.net, got.totals.vat_total, got.totals.gross, got.open), (d("100"), d("25"), d("125"), d("125")));
        let l = &got.lines[0];
        assert_eq!(
            (l.doc.line.qty, l.doc.line.unit_price, l.vat_category.as_str(), l.order_no.as_str(), l.credited),
            (d("4"), d("25"), "S", "O-1", Decimal::ZERO)
        );
        let plain = s::load(&mut conn, c, InvoiceKind::Invoice, Some("10002"), None).await.unwrap();
        assert_eq!(plain.period_from, None, "one delivery day: no period");
        assert!(matches!(s::load(&mut conn, c, InvoiceKind::CreditNote, Some("10001"), None).await, Err(AppError::NotFound(_))), "the kind is part of the key");
        assert!(matches!(s::load(&mut conn, other, InvoiceKind::Invoice, None, Some(id)).await, Err(AppError::NotFound(_))), "another company's id");
        drop(conn);

        // settled down to zero, never below
        let mut tx = db.begin().await.unwrap();
        s::allocate(&mut tx, c, id, Settles::WriteOff, 2_500, day("2026-10-20")).await.unwrap();
        let too_much = s::allocate(&mut tx, c, id, Settles::WriteOff, 10_001, day("2026-10-20")).await;
        assert!(matches!(too_much, Err(AppError::Conflict(_))), "more than is open");
        drop(tx);
        let mut tx = db.begin().await.unwrap();
        s::allocate(&mut tx, c, id, Settles::WriteOff, 2_500, day("2026-10-20")).await.unwrap();
        assert!(
            matches!(s::allocate(&mut tx, other, id, Settles::WriteOff, 1, day("2026-10-20")).await, Err(AppError::Conflict(_))),
            "another company's invoice"
        );
        tx.commit().await.unwrap();
        let rows = s::list(&db.pool, c, Some(customer), None, 50).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| (r.number.as_str(), r.kind, r.invoice_date, r.due_date, r.gross, r.open)).collect::<Vec<_>>(),
            vec![
                ("10002", InvoiceKind::Invoice, day("2026-10-01"), day("2026-10-15"), d("125"), d("125")),
                ("10001", InvoiceKind::Invoice, day("2026-10-01"), day("2026-10-15"), d("125"), d("100"))
            ]
        );
        assert!(s::list(&db.pool, other, None, None, 50).await.unwrap().is_empty());
        assert_eq!(s::overdue(&db.pool, c, day("2026-10-16")).await.unwrap(), (2, d("225")));
        assert_eq!(s::overdue(&db.pool, c, day("2026-10-15")).await.unwrap(), (0, Decimal::ZERO), "due today is not overdue");
        assert_eq!(s::overdue(&db.pool, other, day("2026-12-31")).await.unwrap(), (0, Decimal::ZERO));
    })
    .await;
}

#[tokio::test]
async fn purchase_order_store() {
    use app::purchasing::model::PoStatus;
    use app::purchasing::store::{self as s, NewPo, NewPoLine};
    each_backend(|db| async move {
        let Books { c, other, u, party: supplier, item_id, wh } = books(&db, "30001", true).await;
        let head = NewPo {
            po_no: "PO-1",
            supplier_id: supplier,
            our_ref: "Ola",
            order_date: day("2026-11-02"),
            warehouse_id: wh,
            delivery_address: "Lager 1",
            currency: "NOK",
            note: "Ring før levering",
        };
        let lines = [NewPoLine {
            item_id,
            description: "Skrue".into(),
            supplier_item_no: "L-1001".into(),
            qty_milli: 10_000,
            unit: "stk".into(),
            price_minor: 400,
            net_minor: 4_000,
            expected_date: day("2026-11-10"),
        }];
        let mut tx = db.begin().await.unwrap();
        let id = s::insert_po(&mut tx, c, u, &head, &lines).await.unwrap();
        tx.commit().await.unwrap();
        let po = s::load(&db.pool, c, Some("PO-1"), None).await.unwrap();
        assert_eq!(
            (po.id, po.status, po.supplier_no.as_str(), po.our_ref.as_str(), po.order_date, po.delivery_address.as_str(), po.note.as_str(), po.net),
            (id, PoStatus::Draft, "30001", "Ola", day("2026-11-02"), "Lager 1", "Ring før levering", d("40"))
        );
        let l = &po.lines[0];
        assert_eq!(
            (l.item_no.as_str(), l.supplier_item_no.as_str(), l.qty, l.unit_price, l.expected_date, l.received, l.outstanding),
            ("1001", "L-1001", d("10"), d("4"), day("2026-11-10"), Decimal::ZERO, d("10"))
        );
        assert!(matches!(s::load(&db.pool, other, None, Some(id)).await, Err(AppError::NotFound(_))), "another company's id");

        // sent, received within what was ordered unless confirmed, the receipt read back
        let mut tx = db.begin().await.unwrap();
        s::set_status(&mut tx, c, id, PoStatus::Ordered, true, false).await.unwrap();
        let line_id = s::lines(&mut tx, c, id).await.unwrap()[0].0;
        s::add_received(&mut tx, c, &[(line_id, 1, 6_000)], false).await.unwrap();
        assert!(matches!(s::add_received(&mut tx, c, &[(line_id, 1, 4_001)], false).await, Err(AppError::Conflict(_))), "more than ordered");
        drop(tx);
        let mut tx = db.begin().await.unwrap();
        s::set_status(&mut tx, c, id, PoStatus::Ordered, true, false).await.unwrap();
        s::add_received(&mut tx, c, &[(line_id, 1, 6_000)], false).await.unwrap();
        s::add_received(&mut tx, c, &[(line_id, 1, 5_000)], true).await.unwrap();
        s::insert_receipt(&mut tx, c, u, id, wh, day("2026-11-09"), &[(line_id, 11_000, 40_000)]).await.unwrap();
        s::set_status(&mut tx, c, id, PoStatus::Received, false, false).await.unwrap();
        tx.commit().await.unwrap();
        let po = s::load(&db.pool, c, None, Some(id)).await.unwrap();
        assert_eq!((po.status, po.lines[0].received, po.lines[0].outstanding), (PoStatus::Received, d("11"), Decimal::ZERO));
        assert_eq!(po.receipts.iter().map(|r| (r.date, r.lines.clone())).collect::<Vec<_>>(), vec![(day("2026-11-09"), vec![(1, d("11"))])]);
        let rows = s::list(&db.pool, c, Some(PoStatus::Received), 50).await.unwrap();
        assert_eq!(
            rows.iter().map(|r| (r.po_no.as_str(), r.status, r.order_date, r.net)).collect::<Vec<_>>(),
            vec![("PO-1", PoStatus::Received, day("2026-11-02"), d("40"))]
        );
        assert!(s::list(&db.pool, c, Some(PoStatus::Draft), 50).await.unwrap().is_empty());
        assert!(s::list(&db.pool, other, None, 50).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn receivables_store() {
    use app::core::document::Channel;
    use app::receivables::model::{EntryKind, PaymentMethod, Reminder};
    use app::receivables::store::{self as s, NewPayment};
    each_backend(|db| async move {
        let Books { c, other, u, party: customer, .. } = books(&db, "20001", false).await;
        let mut tx = db.begin().await.unwrap();
        let (invoice_id, _) = app::invoicing::store::insert(&mut tx, c, u, &invoice(customer, "10001"), None).await.unwrap();
        let p = NewPayment {
            customer_id: customer,
            date: day("2026-10-10"),
            amount_minor: 20_000,
            currency: "NOK",
            method: PaymentMethod::Manual,
            reference: "nettbank",
            unallocated_minor: 7_500,
        };
        let payment = s::insert_payment(&mut tx, c, u, &p).await.unwrap();
        app::invoicing::store::allocate(&mut tx, c, invoice_id, app::invoicing::store::Settles::Payment(payment), 12_500, day("2026-10-10")).await.unwrap();
        let r = Reminder {
            invoice_no: "10001".into(),
            due_date: day("2026-10-15"),
            open: d("125"),
            level: 1,
            fee: d("35"),
            deadline: day("2026-11-04"),
            channel: Channel::Email,
            date: day("2026-10-29"),
            ..Default::default()
        };
        s::insert_reminder(&mut tx, c, u, invoice_id, &r).await.unwrap();
        tx.commit().await.unwrap();

        // the invoice is paid, but the reminder's fee is now owed on it; the payment's
        // rest is open as the customer's credit
        let items = s::open_items(&db, c).await.unwrap();
        assert_eq!(
            items.iter().map(|i| (i.kind, i.number.clone(), i.date, i.due_date, i.amount, i.open)).collect::<Vec<_>>(),
            vec![
                (EntryKind::Payment, payment.to_string(), day("2026-10-10"), day("2026-10-10"), d("200"), d("-75")),
                (EntryKind::Invoice, "10001".to_string(), day("2026-10-01"), day("2026-10-15"), d("125"), d("35"))
            ]
        );
        assert!(s::open_items(&db, other).await.unwrap().is_empty());
        let entries = s::account_entries(&db.pool, c, customer).await.unwrap();
        let mut got: Vec<_> = entries.iter().map(|e| (e.date, e.kind, e.due_date, e.amount)).collect();
        got.sort_by_key(|e| e.0);
        assert_eq!(
            got,
            vec![
                (day("2026-10-01"), EntryKind::Invoice, Some(day("2026-10-15")), d("125")),
                (day("2026-10-10"), EntryKind::Payment, None, d("-200")),
                (day("2026-10-29"), EntryKind::ReminderFee, Some(day("2026-11-04")), d("35"))
            ]
        );
        assert!(s::account_entries(&db.pool, other, customer).await.unwrap().is_empty(), "another company's customer");
        let sent = s::reminders_of(&db.pool, c, "10001").await.unwrap();
        assert_eq!(
            sent.iter().map(|x| (x.level, x.fee, x.deadline, x.channel, x.date, x.due_date)).collect::<Vec<_>>(),
            vec![(1, d("35"), day("2026-11-04"), Channel::Email, day("2026-10-29"), day("2026-10-15"))]
        );
        assert!(s::reminders_of(&db.pool, other, "10001").await.unwrap().is_empty());
    })
    .await;
}
