-- Purchase rollups: the quantity (thousandths) and net amount (minor units) of supplier
-- invoice lines per month and supplier, and per month and item (0: lines without an
-- item), with the number of invoices they came on — of invoices not rejected. A cache of
-- supplier_invoice_lines kept in the transactions that register and reject a supplier
-- invoice (`purchasing::store::rollups`), read by the purchase report, so a year's
-- report reads a few thousand rows whatever the number of lines. An invoice has one
-- supplier and one date, so its count adds up across months and items.
CREATE TABLE purchase_rollups (
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    dim          TEXT    NOT NULL CHECK (dim IN ('supplier', 'item')),
    period       TEXT    NOT NULL,
    key_id       BIGINT NOT NULL,
    qty_milli    BIGINT NOT NULL DEFAULT 0,
    net_minor    BIGINT NOT NULL DEFAULT 0,
    invoices     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, dim, period, key_id)
);

-- what was registered before this migration
INSERT INTO purchase_rollups (company_id, dim, period, key_id, qty_milli, net_minor, invoices)
SELECT s.company_id, 'supplier', substr(s.invoice_date, 1, 7), s.supplier_id, SUM(l.qty_milli), SUM(l.net_minor), COUNT(DISTINCT s.id)
FROM supplier_invoices s JOIN supplier_invoice_lines l ON l.company_id = s.company_id AND l.invoice_id = s.id
WHERE s.status <> 'rejected'
GROUP BY s.company_id, substr(s.invoice_date, 1, 7), s.supplier_id;
INSERT INTO purchase_rollups (company_id, dim, period, key_id, qty_milli, net_minor, invoices)
SELECT s.company_id, 'item', substr(s.invoice_date, 1, 7), COALESCE(l.item_id, 0), SUM(l.qty_milli), SUM(l.net_minor), COUNT(DISTINCT s.id)
FROM supplier_invoices s JOIN supplier_invoice_lines l ON l.company_id = s.company_id AND l.invoice_id = s.id
WHERE s.status <> 'rejected'
GROUP BY s.company_id, substr(s.invoice_date, 1, 7), COALESCE(l.item_id, 0);
