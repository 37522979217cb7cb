-- The cost of each invoiced item line and the warehouse it left, fixed when the invoice is posted
-- (`invoicing::store::costs`, the rules in `invoicing::cost`): the stock moves the line
-- itself made (a direct invoice), else the delivered moves of its order line at their
-- average unit cost, else the item's purchase price; a credit note line the credited
-- line's cost in proportion. In minor units, positive (a credit note subtracts in the facts
-- like its net). The warehouse: the lowest of the moves' (a credit note line the credited
-- line's; none, 0, for a line without moves). Read by the reports through the sales facts.
CREATE TABLE invoice_line_costs (
    company_id BIGINT  NOT NULL,
    line_id    BIGINT  NOT NULL,
    cost_minor BIGINT  NOT NULL,
    warehouse_id BIGINT  NOT NULL DEFAULT 0,
    source     TEXT    NOT NULL CHECK (source IN ('stock', 'delivery', 'purchase_price', 'credited', 'no_item')),
    PRIMARY KEY (company_id, line_id),
    FOREIGN KEY (company_id, line_id) REFERENCES invoice_lines(company_id, id)
);
CREATE TRIGGER invoice_line_costs_immutable BEFORE UPDATE OR DELETE ON invoice_line_costs FOR EACH ROW EXECUTE FUNCTION invoices_immutable();

-- a posting finds the moves of its own lines and of its order lines
CREATE INDEX stock_moves_origin ON stock_moves(company_id, origin_kind, origin_id, origin_line);

ALTER TABLE sales_rollups ADD COLUMN cost_minor BIGINT NOT NULL DEFAULT 0;

-- what was invoiced before: the same rules, in integer arithmetic rounding half away from zero
INSERT INTO invoice_line_costs (company_id, line_id, cost_minor, source, warehouse_id)
SELECT m.company_id, m.origin_line,
       CASE WHEN CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT) >= 0 THEN (CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT) + 50000) / 100000
            ELSE -((50000 - CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT)) / 100000) END,
       'stock', MIN(m.warehouse_id)
FROM stock_moves m JOIN invoice_lines l ON l.company_id = m.company_id AND l.id = m.origin_line AND l.invoice_id = m.origin_id
WHERE m.origin_kind = 'invoice' AND l.kind = 'item'
GROUP BY m.company_id, m.origin_line;

INSERT INTO invoice_line_costs (company_id, line_id, cost_minor, source, warehouse_id)
SELECT l.company_id, l.id,
       CASE WHEN s.unit_e4 * l.qty_milli >= 0 THEN (s.unit_e4 * l.qty_milli + 50000) / 100000 ELSE -((50000 - s.unit_e4 * l.qty_milli) / 100000) END,
       'delivery', s.warehouse_id
FROM invoice_lines l
JOIN invoices i ON i.company_id = l.company_id AND i.id = l.invoice_id AND i.kind = 'invoice'
JOIN (SELECT ol.company_id, ol.id,
             CASE WHEN CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT) >= 0 THEN (CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT) + CAST(SUM(-m.qty_milli) AS BIGINT) / 2) / CAST(SUM(-m.qty_milli) AS BIGINT)
                  ELSE -((CAST(SUM(-m.qty_milli) AS BIGINT) / 2 - CAST(SUM(-m.qty_milli * m.unit_cost_e4) AS BIGINT)) / CAST(SUM(-m.qty_milli) AS BIGINT)) END AS unit_e4,
             MIN(m.warehouse_id) AS warehouse_id
      FROM order_lines ol JOIN stock_moves m ON m.company_id = ol.company_id AND m.origin_kind = 'order' AND m.origin_id = ol.order_id AND m.origin_line = ol.id
      GROUP BY ol.company_id, ol.id HAVING CAST(SUM(-m.qty_milli) AS BIGINT) > 0) s ON s.company_id = l.company_id AND s.id = l.order_line_id
WHERE l.kind = 'item' AND NOT EXISTS (SELECT 1 FROM invoice_line_costs c WHERE c.company_id = l.company_id AND c.line_id = l.id);

INSERT INTO invoice_line_costs (company_id, line_id, cost_minor, source)
SELECT l.company_id, l.id,
       CASE WHEN it.purchase_price_minor * l.qty_milli >= 0 THEN (it.purchase_price_minor * l.qty_milli + 500) / 1000
            ELSE -((500 - it.purchase_price_minor * l.qty_milli) / 1000) END,
       'purchase_price'
FROM invoice_lines l
JOIN invoices i ON i.company_id = l.company_id AND i.id = l.invoice_id AND i.kind = 'invoice'
JOIN items it ON it.company_id = l.company_id AND it.id = l.item_id
WHERE l.kind = 'item' AND NOT EXISTS (SELECT 1 FROM invoice_line_costs c WHERE c.company_id = l.company_id AND c.line_id = l.id);

INSERT INTO invoice_line_costs (company_id, line_id, cost_minor, source, warehouse_id)
SELECT l.company_id, l.id,
       CASE WHEN o.qty_milli = 0 THEN 0
            WHEN c.cost_minor * l.qty_milli >= 0 THEN (c.cost_minor * l.qty_milli + o.qty_milli / 2) / o.qty_milli
            ELSE -((o.qty_milli / 2 - c.cost_minor * l.qty_milli) / o.qty_milli) END,
       'credited', c.warehouse_id
FROM invoice_lines l
JOIN invoice_lines o ON o.company_id = l.company_id AND o.id = l.credited_line_id
JOIN invoice_line_costs c ON c.company_id = o.company_id AND c.line_id = o.id
WHERE l.kind = 'item' AND NOT EXISTS (SELECT 1 FROM invoice_line_costs x WHERE x.company_id = l.company_id AND x.line_id = l.id);

INSERT INTO invoice_line_costs (company_id, line_id, cost_minor, source)
SELECT l.company_id, l.id, 0, 'no_item' FROM invoice_lines l
WHERE l.kind = 'item' AND NOT EXISTS (SELECT 1 FROM invoice_line_costs x WHERE x.company_id = l.company_id AND x.line_id = l.id);

-- the facts again, with the cost and the warehouse in their key; the rollups with the cost
DROP TABLE sales_facts;
CREATE TABLE sales_facts (
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    period       TEXT    NOT NULL,
    customer_id  BIGINT NOT NULL,
    seller_id    BIGINT NOT NULL DEFAULT 0,
    project_code TEXT    NOT NULL DEFAULT '',
    item_id      BIGINT NOT NULL DEFAULT 0,
    item_group   TEXT    NOT NULL DEFAULT '',
    warehouse_id BIGINT NOT NULL DEFAULT 0,
    net_minor    BIGINT NOT NULL DEFAULT 0,
    qty_milli    BIGINT NOT NULL DEFAULT 0,
    lines        BIGINT NOT NULL DEFAULT 0,
    cost_minor   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, period, customer_id, seller_id, project_code, item_id, item_group, warehouse_id)
);
CREATE INDEX sales_facts_customer ON sales_facts(company_id, customer_id, period);
CREATE INDEX sales_facts_item ON sales_facts(company_id, item_id, period);
CREATE INDEX sales_facts_group ON sales_facts(company_id, item_group, period);
CREATE INDEX sales_facts_seller ON sales_facts(company_id, seller_id, period);
CREATE INDEX sales_facts_project ON sales_facts(company_id, project_code, period);
CREATE INDEX sales_facts_warehouse ON sales_facts(company_id, warehouse_id, period);
DELETE FROM sales_rollups;
INSERT INTO sales_facts (company_id, period, customer_id, seller_id, project_code, item_id, item_group, warehouse_id, net_minor, qty_milli, lines, cost_minor)
SELECT i.company_id, substr(i.invoice_date, 1, 7), i.customer_id, COALESCE(i.seller_id, 0), i.project_code, COALESCE(l.item_id, 0), l.item_group, COALESCE(c.warehouse_id, 0),
       SUM(CASE WHEN i.kind = 'credit_note' THEN -l.net_minor ELSE l.net_minor END),
       SUM(CASE WHEN i.kind = 'credit_note' THEN -l.qty_milli ELSE l.qty_milli END),
       COUNT(*),
       SUM(CASE WHEN i.kind = 'credit_note' THEN -COALESCE(c.cost_minor, 0) ELSE COALESCE(c.cost_minor, 0) END)
FROM invoices i JOIN invoice_lines l ON l.company_id = i.company_id AND l.invoice_id = i.id
LEFT JOIN invoice_line_costs c ON c.company_id = l.company_id AND c.line_id = l.id
WHERE l.kind = 'item'
GROUP BY i.company_id, substr(i.invoice_date, 1, 7), i.customer_id, COALESCE(i.seller_id, 0), i.project_code, COALESCE(l.item_id, 0), l.item_group, COALESCE(c.warehouse_id, 0);

INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor)
SELECT company_id, 'customer', period, customer_id, '', SUM(net_minor), SUM(qty_milli), SUM(lines), SUM(cost_minor) FROM sales_facts GROUP BY company_id, period, customer_id;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor)
SELECT company_id, 'item', period, item_id, '', SUM(net_minor), SUM(qty_milli), SUM(lines), SUM(cost_minor) FROM sales_facts GROUP BY company_id, period, item_id;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor)
SELECT company_id, 'item_group', period, 0, item_group, SUM(net_minor), SUM(qty_milli), SUM(lines), SUM(cost_minor) FROM sales_facts GROUP BY company_id, period, item_group;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor)
SELECT company_id, 'seller', period, seller_id, '', SUM(net_minor), SUM(qty_milli), SUM(lines), SUM(cost_minor) FROM sales_facts GROUP BY company_id, period, seller_id;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor)
SELECT company_id, 'project', period, 0, project_code, SUM(net_minor), SUM(qty_milli), SUM(lines), SUM(cost_minor) FROM sales_facts GROUP BY company_id, period, project_code;
INSERT INTO sales_rollups (company_id, dim, period, key_id, key_code, net_minor, qty_milli, lines, cost_minor)
SELECT company_id, 'month', period, 0, '', SUM(net_minor), SUM(qty_milli), SUM(lines), SUM(cost_minor) FROM sales_facts GROUP BY company_id, period;
