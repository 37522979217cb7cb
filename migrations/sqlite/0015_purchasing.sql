-- Purchasing and payables: purchase orders and goods receipts, supplier invoices with
-- their approval chain, and the default accounts and dimensions for the accounting
-- export. Money in minor units, quantities in thousandths, unit costs in
-- ten-thousandths. The order status is a cache of the lines, written with them.
ALTER TABLE companies ADD COLUMN purchase_account TEXT NOT NULL DEFAULT '4000';
-- how far an invoiced price may differ from the ordered price before it is shown
-- as a deviation: hundredths of a per cent (200 = 2 %)
ALTER TABLE companies ADD COLUMN price_tolerance_bp INTEGER NOT NULL DEFAULT 200 CHECK (price_tolerance_bp BETWEEN 0 AND 10000);

CREATE TABLE purchase_orders (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL REFERENCES companies(id),
    po_no            TEXT    NOT NULL,
    supplier_id      INTEGER NOT NULL,
    our_ref          TEXT    NOT NULL DEFAULT '',
    order_date       TEXT    NOT NULL,
    warehouse_id     INTEGER NOT NULL,
    delivery_address TEXT    NOT NULL DEFAULT '',
    currency         TEXT    NOT NULL,
    note             TEXT    NOT NULL DEFAULT '',
    confirmed_at     INTEGER,
    closed_at        INTEGER,
    -- cache of purchasing::model::po_status over the lines
    status           TEXT    NOT NULL DEFAULT 'draft',
    net_minor        INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    created_by       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, po_no),
    FOREIGN KEY (company_id, supplier_id) REFERENCES parties(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);
CREATE INDEX purchase_orders_status ON purchase_orders(company_id, status, id);
CREATE INDEX purchase_orders_supplier ON purchase_orders(company_id, supplier_id, id);

CREATE TABLE purchase_order_lines (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL,
    po_id            INTEGER NOT NULL,
    line_no          INTEGER NOT NULL,
    item_id          INTEGER NOT NULL,
    description      TEXT    NOT NULL DEFAULT '',
    supplier_item_no TEXT    NOT NULL DEFAULT '',
    qty_milli        INTEGER NOT NULL CHECK (qty_milli > 0),
    unit             TEXT    NOT NULL DEFAULT '',
    price_minor      INTEGER NOT NULL CHECK (price_minor >= 0),
    net_minor        INTEGER NOT NULL,
    expected_date    TEXT    NOT NULL,
    -- received so far; may pass the ordered quantity only when confirmed by the user
    received_milli   INTEGER NOT NULL DEFAULT 0 CHECK (received_milli >= 0),
    UNIQUE (company_id, id),
    UNIQUE (company_id, po_id, line_no),
    FOREIGN KEY (company_id, po_id) REFERENCES purchase_orders(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id)
);
CREATE INDEX purchase_order_lines_item ON purchase_order_lines(company_id, item_id);

CREATE TABLE goods_receipts (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL,
    po_id            INTEGER NOT NULL,
    warehouse_id     INTEGER NOT NULL,
    receipt_date     TEXT    NOT NULL,
    posted_at        INTEGER NOT NULL,
    posted_by        INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, po_id) REFERENCES purchase_orders(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);
CREATE INDEX goods_receipts_po ON goods_receipts(company_id, po_id);

CREATE TABLE goods_receipt_lines (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL,
    receipt_id       INTEGER NOT NULL,
    po_line_id       INTEGER NOT NULL,
    qty_milli        INTEGER NOT NULL CHECK (qty_milli > 0),
    unit_cost_e4     INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, receipt_id) REFERENCES goods_receipts(company_id, id),
    FOREIGN KEY (company_id, po_line_id) REFERENCES purchase_order_lines(company_id, id)
);
CREATE INDEX goods_receipt_lines_receipt ON goods_receipt_lines(company_id, receipt_id);

-- Default account and dimension for purchases: per supplier (party_id) or per item
-- (item_id); an item's default wins over its supplier's.
CREATE TABLE purchase_accounts (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    party_id    INTEGER,
    item_id     INTEGER,
    account     TEXT    NOT NULL,
    dimension   TEXT    NOT NULL DEFAULT '',
    UNIQUE (company_id, id),
    CHECK ((party_id IS NULL) <> (item_id IS NULL)),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id)
);
CREATE UNIQUE INDEX purchase_accounts_party ON purchase_accounts(company_id, party_id) WHERE party_id IS NOT NULL;
CREATE UNIQUE INDEX purchase_accounts_item ON purchase_accounts(company_id, item_id) WHERE item_id IS NOT NULL;

-- The approval chain: an invoice needs every level whose amount it reaches, in
-- order; any approver of a level can approve it, but nobody approves two levels of
-- one invoice.
CREATE TABLE approval_levels (
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
    min_gross_minor INTEGER NOT NULL CHECK (min_gross_minor >= 0),
    PRIMARY KEY (company_id, level)
);
CREATE TABLE approval_level_users (
    company_id  INTEGER NOT NULL,
    level       INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    PRIMARY KEY (company_id, level, user_id),
    FOREIGN KEY (company_id, level) REFERENCES approval_levels(company_id, level),
    FOREIGN KEY (company_id, user_id) REFERENCES memberships(company_id, user_id)
);

CREATE TABLE supplier_invoices (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL REFERENCES companies(id),
    supplier_id      INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('invoice','credit_note')),
    -- the supplier's number
    invoice_no       TEXT    NOT NULL,
    invoice_date     TEXT    NOT NULL,
    due_date         TEXT    NOT NULL,
    currency         TEXT    NOT NULL,
    kid              TEXT    NOT NULL DEFAULT '',
    po_id            INTEGER,
    -- signed: a credit note is negative
    net_minor        INTEGER NOT NULL,
    vat_minor        INTEGER NOT NULL,
    gross_minor      INTEGER NOT NULL,
    payable_minor    INTEGER NOT NULL,
    source           TEXT    NOT NULL CHECK (source IN ('manual','ehf')),
    status           TEXT    NOT NULL CHECK (status IN ('pending','approved','rejected','paid')),
    required_level   INTEGER NOT NULL DEFAULT 0,
    approved_level   INTEGER NOT NULL DEFAULT 0,
    paid_date        TEXT,
    created_at       INTEGER NOT NULL,
    created_by       INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, supplier_id, kind, invoice_no),
    FOREIGN KEY (company_id, supplier_id) REFERENCES parties(company_id, id),
    FOREIGN KEY (company_id, po_id) REFERENCES purchase_orders(company_id, id)
);
CREATE INDEX supplier_invoices_status ON supplier_invoices(company_id, status, due_date);
CREATE INDEX supplier_invoices_date ON supplier_invoices(company_id, invoice_date);

CREATE TABLE supplier_invoice_lines (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL,
    invoice_id       INTEGER NOT NULL,
    line_no          INTEGER NOT NULL,
    item_id          INTEGER,
    supplier_item_no TEXT    NOT NULL DEFAULT '',
    description      TEXT    NOT NULL DEFAULT '',
    qty_milli        INTEGER NOT NULL,
    price_minor      INTEGER NOT NULL,
    net_minor        INTEGER NOT NULL,
    vat_rate_bp      INTEGER NOT NULL,
    account          TEXT    NOT NULL,
    dimension        TEXT    NOT NULL DEFAULT '',
    po_line_id       INTEGER,
    UNIQUE (company_id, id),
    UNIQUE (company_id, invoice_id, line_no),
    FOREIGN KEY (company_id, invoice_id) REFERENCES supplier_invoices(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
    FOREIGN KEY (company_id, po_line_id) REFERENCES purchase_order_lines(company_id, id)
);
CREATE INDEX supplier_invoice_lines_item ON supplier_invoice_lines(company_id, item_id);

-- The EHF document as received, kept with the invoice.
CREATE TABLE supplier_invoice_files (
    company_id  INTEGER NOT NULL,
    invoice_id  INTEGER NOT NULL,
    xml         TEXT    NOT NULL,
    PRIMARY KEY (company_id, invoice_id),
    FOREIGN KEY (company_id, invoice_id) REFERENCES supplier_invoices(company_id, id)
);

CREATE TABLE supplier_invoice_approvals (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL,
    invoice_id  INTEGER NOT NULL,
    level       INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    decision    TEXT    NOT NULL CHECK (decision IN ('approved','rejected')),
    comment     TEXT    NOT NULL DEFAULT '',
    decided_at  INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, invoice_id) REFERENCES supplier_invoices(company_id, id)
);
CREATE INDEX supplier_invoice_approvals_invoice ON supplier_invoice_approvals(company_id, invoice_id);
