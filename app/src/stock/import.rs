//! CSV import of items with opening stock. Reading a file into rows is pure (the
//! browser and the server share it); `run` checks every row against the company's
//! registers and writes all of them in one transaction, or none.
use rust_decimal::Decimal;

use crate::catalog::model::{Item, ItemInput};
use crate::core::csv::{self, Table};

/// The columns a file may hold; the first five are required. `name` may also be
/// called `description`, `price` `sales_price` and `vat` `vat_code`.
pub const COLUMNS: [&str; 16] = [
    "item_no",
    "name",
    "unit",
    "price",
    "vat",
    "barcode",
    "warehouse",
    "quantity",
    "unit_cost",
    "bin",
    "purchase_price",
    "type",
    "safety_stock",
    "reorder_qty",
    "supplier",
    "notes",
];
const REQUIRED: [&str; 5] = ["item_no", "name", "unit", "price", "vat"];
const ALIASES: [(&str, &str); 4] = [("description", "name"), ("sales_price", "price"), ("vat_code", "vat"), ("qty", "quantity")];

/// Opening stock of an imported item: `quantity` in `warehouse` at `unit_cost`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    pub warehouse: String,
    pub qty: Decimal,
    pub unit_cost: Decimal,
}

/// One valid row: the item, its opening stock and its bin location.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemRow {
    pub item: Item,
    pub opening: Option<Opening>,
    /// (warehouse code, bin)
    pub bin: Option<(String, String)>,
}

/// The file's rows, each valid or with the reason it is not, by line. A file that
/// lacks a required column is refused as a whole.
pub fn rows(table: &Table) -> Result<Vec<(usize, Result<ItemRow, String>)>, String> {
    let mut table = table.clone();
    for h in table.headers.iter_mut() {
        if let Some((_, to)) = ALIASES.iter().find(|(from, _)| h == from) {
            *h = to.to_string();
        }
    }
    table.require(&REQUIRED)?;
    Ok(table.rows.iter().map(|(line, r)| (*line, row(&table, r))).collect())
}

fn row(table: &Table, r: &[String]) -> Result<ItemRow, String> {
    let g = |c: &str| table.get(r, c).trim().to_string();
    let input = ItemInput {
        item_no: g("item_no"),
        description: g("name"),
        unit: g("unit"),
        sales_price: g("price"),
        purchase_price: g("purchase_price"),
        vat_code: g("vat").to_uppercase(),
        barcode: g("barcode"),
        kind: g("type"),
        safety_stock: g("safety_stock"),
        reorder_qty: g("reorder_qty"),
        pack_size: String::new(),
        active: Some("on".into()),
        notes: g("notes"),
        default_supplier: g("supplier"),
        item_group: g("item_group"),
    };
    // files: a comma or a point is the decimal mark (see `AuthCtx::lang`)
    let mut item = input.validate(crate::core::Lang::Nb)?;
    let warehouse = g("warehouse").to_uppercase();
    let (qty, cost) = (g("quantity"), g("unit_cost"));
    let opening = if qty.is_empty() || qty == "0" {
        if !cost.is_empty() && qty.is_empty() {
            return Err("A unit cost is given but no quantity".into());
        }
        None
    } else {
        if item.kind != crate::catalog::model::ItemKind::Stock {
            return Err(format!("{} is not a stock item and cannot have opening stock", item.item_no));
        }
        if warehouse.is_empty() {
            return Err("Opening stock needs a warehouse code (column warehouse)".into());
        }
        let qty = super::model::parse_qty(&qty, false, crate::core::Lang::Nb).map_err(|e| format!("Quantity: {e}"))?;
        let unit_cost = if cost.is_empty() {
            item.purchase_price
        } else {
            let c = crate::core::format::parse_amount(&cost, crate::core::Lang::Nb).map_err(|_| format!("Unit cost: '{cost}' is not an amount"))?;
            if c.is_sign_negative() {
                return Err("Unit cost cannot be negative".into());
            }
            crate::core::quantity::cost_to_e4(c).map_err(|e| format!("Unit cost: {e}"))?;
            c
        };
        // an item without a purchase price takes the cost it is imported at
        if item.purchase_price.is_zero() {
            item.purchase_price = crate::core::money::round2(unit_cost);
        }
        Some(Opening { warehouse: warehouse.clone(), qty, unit_cost })
    };
    let bin = crate::core::text::optional("Bin", &g("bin"), 30)?;
    let bin = if bin.is_empty() {
        None
    } else if warehouse.is_empty() {
        return Err("A bin location needs a warehouse code (column warehouse)".into());
    } else {
        Some((warehouse, bin))
    };
    Ok(ItemRow { item, opening, bin })
}

/// Rows whose item number or barcode repeats an earlier row of the same file.
pub fn repeats(rows: &[(usize, ItemRow)]) -> Vec<(usize, String)> {
    let mut numbers = std::collections::HashMap::new();
    let mut barcodes = std::collections::HashMap::new();
    let mut errors = Vec::new();
    for (line, r) in rows {
        if let Some(first) = numbers.insert(r.item.item_no.to_lowercase(), *line) {
            errors.push((*line, format!("Item number {} is also on line {first}", r.item.item_no)));
            numbers.insert(r.item.item_no.to_lowercase(), first);
        }
        if let Some(b) = &r.item.barcode {
            if let Some(first) = barcodes.insert(b.clone(), *line) {
                errors.push((*line, format!("Barcode {b} is also on line {first}")));
                barcodes.insert(b.clone(), first);
            }
        }
    }
    errors
}

/// Reads an uploaded file (UTF-8 or Windows-1252): CSV parse and row checks.
pub fn read(bytes: &[u8]) -> Result<Vec<(usize, Result<ItemRow, String>)>, String> {
    rows(&csv::parse(&csv::text(bytes))?)
}

#[cfg(feature = "ssr")]
pub use server::run;

#[cfg(feature = "ssr")]
mod server {
    use super::{repeats, ItemRow};
    use crate::core::csv::ImportReport;
    use crate::db::{db_err, Db};
    use crate::error::AppResult;
    use crate::stock::model::{NewMove, Origin, OriginKind, Reason};
    use crate::stock::store::import::{registers, Registers};

    fn check(reg: &Registers, r: &ItemRow) -> Vec<String> {
        let mut e = Vec::new();
        let i = &r.item;
        if reg.item_nos.contains(&i.item_no.to_lowercase()) {
            e.push(format!("Item number {} already exists", i.item_no));
        }
        if let Some(b) = i.barcode.as_ref().filter(|b| reg.barcodes.contains(*b)) {
            e.push(format!("Barcode {b} is already used by another item"));
        }
        if !reg.units.contains(&i.unit) {
            e.push(format!("Unknown unit '{}': add it in Setup → Units", i.unit));
        }
        if !reg.vat_codes.contains(&i.vat_code) {
            e.push(format!("Unknown VAT code '{}': see Setup → VAT codes", i.vat_code));
        }
        if let Some(no) = i.default_supplier.as_ref().filter(|n| !reg.suppliers.contains(*n)) {
            e.push(format!("No supplier with number {no}"));
        }
        let wh = r.opening.as_ref().map(|o| &o.warehouse).or(r.bin.as_ref().map(|b| &b.0));
        if let Some(w) = wh.filter(|w| !reg.warehouses.contains_key(*w)) {
            e.push(format!("Unknown warehouse '{w}': see Setup → Warehouses"));
        }
        e
    }

    /// Checks the rows against the company and, unless `preview`, writes the items,
    /// their bins and their opening stock in one transaction. Any error writes
    /// nothing and is answered per line.
    pub async fn run(db: &Db, company_id: i64, user_id: i64, rows: Vec<(usize, Result<ItemRow, String>)>, preview: bool) -> AppResult<ImportReport> {
        let total = rows.len() as i64;
        let mut errors: Vec<(usize, String)> = Vec::new();
        let mut good = Vec::with_capacity(rows.len());
        for (line, r) in rows {
            match r {
                Ok(r) => good.push((line, r)),
                Err(e) => errors.push((line, e)),
            }
        }
        errors.extend(repeats(&good));
        let reg = registers(&db.pool, company_id).await?;
        for (line, r) in &good {
            errors.extend(check(&reg, r).into_iter().map(|e| (*line, e)));
        }
        errors.sort();
        if !errors.is_empty() || preview {
            return Ok(ImportReport { rows: total, imported: 0, errors });
        }
        let today = crate::setup::store::today(&db.pool, company_id).await?;
        let mut tx = db.begin().await?;
        let mut moves = Vec::new();
        for (line, r) in &good {
            let id = crate::catalog::store::insert(&mut tx, company_id, &r.item).await.map_err(|e| e.at_line(*line))?;
            if let Some((wh, bin)) = &r.bin {
                crate::catalog::store::set_bin(&mut tx, company_id, id, reg.warehouses[wh], bin).await?;
            }
            if let Some(o) = &r.opening {
                moves.push(NewMove {
                    item_id: id,
                    warehouse_id: reg.warehouses[&o.warehouse],
                    qty: o.qty,
                    date: today,
                    unit_cost: o.unit_cost,
                    origin: Origin::new(OriginKind::Import, 0, *line as i32),
                    reason: Reason::OpeningBalance.code().into(),
                });
            }
        }
        crate::stock::posting::post_moves(&mut tx, company_id, user_id, "", "", &moves).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(ImportReport { rows: total, imported: good.len() as i64, errors })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(s: &str) -> Vec<(usize, Result<ItemRow, String>)> {
        read(s.as_bytes()).unwrap()
    }

    #[test]
    fn a_spreadsheet_file_with_opening_stock() {
        let r = read_str(
            "\u{feff}Item_no;Description;Unit;Price;VAT;Barcode;Warehouse;Quantity;Unit_cost;Bin\n\
             TS-40;Tursekk 40 l;stk;1 299,00;s25;7038010009457;main;12;650,5;A-01-3\n\
             KAFFE;Kaffe 500 g;stk;79,90;S15;;;;;\n",
        );
        let a = r[0].1.as_ref().unwrap();
        assert_eq!(a.item.sales_price, Decimal::new(129900, 2));
        assert_eq!(a.item.vat_code, "S25");
        assert_eq!(a.opening, Some(Opening { warehouse: "MAIN".into(), qty: Decimal::from(12), unit_cost: Decimal::new(6505, 1) }));
        assert_eq!(a.item.purchase_price, Decimal::new(65050, 2), "no purchase price: the unit cost");
        assert_eq!(a.bin, Some(("MAIN".into(), "A-01-3".into())));
        let b = r[1].1.as_ref().unwrap();
        assert_eq!((b.opening.clone(), b.bin.clone()), (None, None));
    }

    #[test]
    fn bad_rows_name_their_problem() {
        let r = read_str(
            "item_no;name;unit;price;vat;warehouse;quantity;unit_cost\n\
             A;Ok;stk;10;S25;MAIN;5;\n\
             B;Bad qty;stk;10;S25;MAIN;fem;\n\
             C;No warehouse;stk;10;S25;;5;\n\
             D;Negative;stk;10;S25;MAIN;-5;\n\
             E;Cost only;stk;10;S25;MAIN;;4\n\
             F;Price;stk;ti;S25;;;\n\
             G;Service;t;10;S25;MAIN;5;\n",
        );
        assert!(r[0].1.is_ok());
        let err = |i: usize| r[i].1.clone().unwrap_err();
        assert!(err(1).contains("'fem' is not a quantity"), "{}", err(1));
        assert!(err(2).contains("warehouse"));
        assert!(err(3).contains("above 0"));
        assert!(err(4).contains("no quantity"));
        assert!(err(5).contains("Sales price"));
        assert_eq!(r[5].0, 7, "errors carry the file's line");
        assert!(r[6].1.is_ok(), "type defaults to stock item");
    }

    #[test]
    fn files_that_cannot_be_read() {
        assert!(read(b"item_no;name;unit\nA;B;stk\n").unwrap_err().contains("price, vat"));
        // Excel's Windows-1252 CSV reads as well as UTF-8
        let latin = read("item_no;name;unit;price;vat\nA;Bl\u{e5}b\u{e6}r;stk;1;S25\n".encode_latin1().as_slice()).unwrap();
        assert_eq!(latin[0].1.as_ref().unwrap().item.description, "Blåbær");
        assert!(read(b"").unwrap_err().contains("empty"));
    }

    #[test]
    fn repeats_within_a_file() {
        let r: Vec<(usize, ItemRow)> =
            read_str("item_no;name;unit;price;vat;barcode\nA;x;stk;1;S25;7038010009457\na;y;stk;1;S25;\nB;z;stk;1;S25;7038010009457\n")
                .into_iter()
                .map(|(l, r)| (l, r.unwrap()))
                .collect();
        let e = repeats(&r);
        assert_eq!(e, vec![(3, "Item number a is also on line 2".to_string()), (4, "Barcode 7038010009457 is also on line 2".to_string())]);
    }

    trait Latin1 {
        fn encode_latin1(&self) -> Vec<u8>;
    }
    impl Latin1 for str {
        fn encode_latin1(&self) -> Vec<u8> {
            self.chars().map(|c| c as u32 as u8).collect()
        }
    }
}
