-- Sales facts: invoiced net amount (minor units), quantity (thousandths) and line count
-- of item lines per month, customer, seller, project and item (with the group it had at
-- invoicing); a credit note subtracts. A cache of invoice_lines written in each
-- posting's transaction (`invoicing::store::facts`), read by the sales reports.
CREATE TABLE sales_facts (
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    period       TEXT    NOT NULL,
    customer_id  INTEGER NOT NULL,
    seller_id    INTEGER NOT NULL DEFAULT 0,
    project_code TEXT    NOT NULL DEFAULT '',
    item_id      INTEGER NOT NULL DEFAULT 0,
    item_group   TEXT    NOT NULL DEFAULT '',
    net_minor    INTEGER NOT NULL DEFAULT 0,
    qty_milli    INTEGER NOT NULL DEFAULT 0,
    lines        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, period, customer_id, seller_id, project_code, item_id, item_group)
);
-- a report filtered to one customer, item, group, seller or project reads its rows only
CREATE INDEX sales_facts_customer ON sales_facts(company_id, customer_id, period);
CREATE INDEX sales_facts_item ON sales_facts(company_id, item_id, period);
CREATE INDEX sales_facts_group ON sales_facts(company_id, item_group, period);
CREATE INDEX sales_facts_seller ON sales_facts(company_id, seller_id, period);
CREATE INDEX sales_facts_project ON sales_facts(company_id, project_code, period);

-- The same sums per month and one dimension alone ('customer', 'item', 'item_group',
-- 'seller', 'project', 'month'; the key an id or a code): what an unfiltered report reads,
-- a few thousand rows a year whatever the number of lines. Kept with the facts.
CREATE TABLE sales_rollups (
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    dim          TEXT    NOT NULL,
    period       TEXT    NOT NULL,
    key_id       INTEGER NOT NULL DEFAULT 0,
    key_code     TEXT    NOT NULL DEFAULT '',
    net_minor    INTEGER NOT NULL DEFAULT 0,
    qty_milli    INTEGER NOT NULL DEFAULT 0,
    lines        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, dim, period, key_id, key_code)
);

-- what was invoiced before this migration
INSERT INTO sales_facts (company_id, period, customer_id, seller_id, project_code, item_id, item_group, net_minor, qty_milli, lines)
SELECT i.company_id, substr(i.invoice_date, 1, 7), i.customer_id, COALESCE(i.seller_id, 0), i.project_code, COALESCE(l.item_id, 0), l.item_group,
       SUM(CASE WHEN i.kind = 'credit_note' THEN -l.net_minor ELSE l.net_minor END),
       SUM(CASE WHEN i.kind = 'credit_note' THEN -l.qty_milli ELSE l.qty_milli END),
       COUNT(*)
FROM invoices i JOIN invoice_lines l ON l.company_id = i.company_id AND l.invoice_id = i.id
WHERE l.kind = 'item'
GROUP BY i.company_id, substr(i.invoice_date, 1, 7), i.customer_id, COALESCE(i.seller_id, 0), i.project_code, COALESCE(l.item_id, 0), l.item_group;

INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines)
SELECT company_id, 'customer', period, customer_id, '', SUM(net_minor), SUM(qty_milli), SUM(lines) FROM sales_facts GROUP BY company_id, period, customer_id;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines)
SELECT company_id, 'item', period, item_id, '', SUM(net_minor), SUM(qty_milli), SUM(lines) FROM sales_facts GROUP BY company_id, period, item_id;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines)
SELECT company_id, 'item_group', period, 0, item_group, SUM(net_minor), SUM(qty_milli), SUM(lines) FROM sales_facts GROUP BY company_id, period, item_group;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines)
SELECT company_id, 'seller', period, seller_id, '', SUM(net_minor), SUM(qty_milli), SUM(lines) FROM sales_facts GROUP BY company_id, period, seller_id;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines)
SELECT company_id, 'project', period, 0, project_code, SUM(net_minor), SUM(qty_milli), SUM(lines) FROM sales_facts GROUP BY company_id, period, project_code;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines)
SELECT company_id, 'month', period, 0, '', SUM(net_minor), SUM(qty_milli), SUM(lines) FROM sales_facts GROUP BY company_id, period;
