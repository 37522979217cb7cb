-- Sales: quotes, orders and deliveries. Money in minor units, quantities in
-- thousandths, discounts in hundredths of a per cent, VAT rates in basis points.
-- Header totals and the order status are caches of the lines, written in the same
-- transaction as the lines and recomputed by the tests.
CREATE TABLE quotes (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    quote_no        TEXT    NOT NULL,
    customer_id     INTEGER NOT NULL,
    contact_id      INTEGER,
    seller_id       INTEGER,
    your_ref        TEXT    NOT NULL DEFAULT '',
    quote_date      TEXT    NOT NULL,
    valid_until     TEXT    NOT NULL,
    payment_terms   TEXT,
    delivery_terms  TEXT,
    currency        TEXT    NOT NULL,
    project_id      INTEGER,
    delivery_address TEXT   NOT NULL DEFAULT '',
    sent_at         INTEGER,
    lost_reason     TEXT,
    net_minor       INTEGER NOT NULL DEFAULT 0,
    vat_minor       INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    created_by      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, quote_no),
    FOREIGN KEY (company_id, customer_id) REFERENCES parties(company_id, id),
    FOREIGN KEY (company_id, contact_id) REFERENCES contacts(company_id, id),
    FOREIGN KEY (company_id, project_id) REFERENCES projects(company_id, id)
);
CREATE INDEX quotes_customer ON quotes(company_id, customer_id);

CREATE TABLE quote_lines (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL,
    quote_id        INTEGER NOT NULL,
    line_no         INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('item','text','heading')),
    item_id         INTEGER,
    description     TEXT    NOT NULL DEFAULT '',
    qty_milli       INTEGER NOT NULL DEFAULT 0,
    unit            TEXT    NOT NULL DEFAULT '',
    price_minor     INTEGER NOT NULL DEFAULT 0,
    discount_bp     INTEGER NOT NULL DEFAULT 0,
    vat_code        TEXT    NOT NULL DEFAULT '',
    vat_rate_bp     INTEGER NOT NULL DEFAULT 0,
    net_minor       INTEGER NOT NULL DEFAULT 0,
    -- copied to orders so far
    ordered_milli   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (company_id, id),
    UNIQUE (company_id, quote_id, line_no),
    FOREIGN KEY (company_id, quote_id) REFERENCES quotes(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id)
);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    order_no        TEXT    NOT NULL,
    customer_id     INTEGER NOT NULL,
    contact_id      INTEGER,
    seller_id       INTEGER,
    your_ref        TEXT    NOT NULL DEFAULT '',
    requisition_no  TEXT    NOT NULL DEFAULT '',
    order_date      TEXT    NOT NULL,
    delivery_date   TEXT    NOT NULL,
    payment_terms   TEXT,
    delivery_terms  TEXT,
    currency        TEXT    NOT NULL,
    project_id      INTEGER,
    delivery_address TEXT   NOT NULL DEFAULT '',
    warehouse_id    INTEGER NOT NULL,
    quote_id        INTEGER,
    confirmed_at    INTEGER,
    cancelled_at    INTEGER,
    -- cache of sales::model::order_status over the lines
    status          TEXT    NOT NULL DEFAULT 'draft',
    net_minor       INTEGER NOT NULL DEFAULT 0,
    vat_minor       INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    created_by      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, order_no),
    FOREIGN KEY (company_id, customer_id) REFERENCES parties(company_id, id),
    FOREIGN KEY (company_id, contact_id) REFERENCES contacts(company_id, id),
    FOREIGN KEY (company_id, project_id) REFERENCES projects(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id),
    FOREIGN KEY (company_id, quote_id) REFERENCES quotes(company_id, id)
);
CREATE INDEX orders_status ON orders(company_id, status, id);
CREATE INDEX orders_customer ON orders(company_id, customer_id, id);

CREATE TABLE order_lines (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL,
    order_id        INTEGER NOT NULL,
    line_no         INTEGER NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('item','text','heading')),
    item_id         INTEGER,
    description     TEXT    NOT NULL DEFAULT '',
    qty_milli       INTEGER NOT NULL DEFAULT 0,
    unit            TEXT    NOT NULL DEFAULT '',
    price_minor     INTEGER NOT NULL DEFAULT 0,
    discount_bp     INTEGER NOT NULL DEFAULT 0,
    vat_code        TEXT    NOT NULL DEFAULT '',
    vat_rate_bp     INTEGER NOT NULL DEFAULT 0,
    net_minor       INTEGER NOT NULL DEFAULT 0,
    requested_date  TEXT    NOT NULL,
    delivered_milli INTEGER NOT NULL DEFAULT 0,
    invoiced_milli  INTEGER NOT NULL DEFAULT 0,
    quote_line_id   INTEGER,
    UNIQUE (company_id, id),
    UNIQUE (company_id, order_id, line_no),
    -- never more delivered than ordered, never more invoiced than delivered
    CHECK (delivered_milli >= 0 AND delivered_milli <= qty_milli),
    CHECK (invoiced_milli >= 0 AND invoiced_milli <= delivered_milli),
    FOREIGN KEY (company_id, order_id) REFERENCES orders(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
    FOREIGN KEY (company_id, quote_line_id) REFERENCES quote_lines(company_id, id)
);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    delivery_no     TEXT    NOT NULL,
    customer_id     INTEGER NOT NULL,
    warehouse_id    INTEGER NOT NULL,
    delivery_date   TEXT    NOT NULL,
    delivery_address TEXT   NOT NULL DEFAULT '',
    posted_at       INTEGER NOT NULL,
    posted_by       INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, delivery_no),
    FOREIGN KEY (company_id, customer_id) REFERENCES parties(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);

CREATE TABLE delivery_lines (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL,
    delivery_id     INTEGER NOT NULL,
    order_line_id   INTEGER NOT NULL,
    qty_milli       INTEGER NOT NULL CHECK (qty_milli > 0),
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, delivery_id) REFERENCES deliveries(company_id, id),
    FOREIGN KEY (company_id, order_line_id) REFERENCES order_lines(company_id, id)
);
CREATE INDEX delivery_lines_delivery ON delivery_lines(company_id, delivery_id);
CREATE INDEX delivery_lines_order_line ON delivery_lines(company_id, order_line_id);
