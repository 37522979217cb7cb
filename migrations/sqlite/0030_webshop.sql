-- Webshop connector. An order's external reference is its id in the system it came
-- from ('vendure:<shop>:<order id>'): one order per reference, so an import that runs
-- twice, or after a crash between posting and bookkeeping, creates the order once.
ALTER TABLE orders ADD COLUMN external_ref TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX orders_external_ref ON orders(company_id, external_ref) WHERE external_ref <> '';

-- One shop per company: where it is, how to log in, and what Flyt uses for its orders.
CREATE TABLE webshops (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL UNIQUE REFERENCES companies(id),
    kind            TEXT    NOT NULL CHECK (kind IN ('vendure')),
    url             TEXT    NOT NULL,
    username        TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    warehouse_id    INTEGER NOT NULL,
    price_list_id   INTEGER,
    customer_group  TEXT    NOT NULL DEFAULT '',
    created_by      INTEGER NOT NULL,
    shipping_item   TEXT    NOT NULL,
    discount_item   TEXT    NOT NULL,
    rounding_item   TEXT    NOT NULL,
    poll_seconds    INTEGER NOT NULL DEFAULT 300 CHECK (poll_seconds BETWEEN 10 AND 86400),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    -- orders in: the last (updatedAt, id) read from the shop, and when to poll next
    cursor_at       INTEGER NOT NULL DEFAULT 0,
    cursor_id       TEXT    NOT NULL DEFAULT '',
    next_poll_at    INTEGER NOT NULL DEFAULT 0,
    last_poll_at    INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    -- stock, prices and shipments out: the last event pushed, and the pause after a failure
    events_seq      INTEGER NOT NULL DEFAULT 0,
    push_failures   INTEGER NOT NULL DEFAULT 0,
    next_push_at    INTEGER NOT NULL DEFAULT 0,
    push_error      TEXT    NOT NULL DEFAULT '',
    resync          INTEGER NOT NULL DEFAULT 1 CHECK (resync IN (0,1)),
    -- the app server working on the shop until then (several servers on one PostgreSQL)
    claimed_until   INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);

-- Every shop order seen: imported (with its Flyt order), waiting with a problem, or
-- cancelled in the shop; the shop's order as read, to retry a problem after the fix.
CREATE TABLE shop_orders (
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    shop_order_id   TEXT    NOT NULL,
    code            TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('imported','problem','cancelled','credit_needed','shipped')),
    order_id        INTEGER,
    problem         TEXT    NOT NULL DEFAULT '',
    payload         TEXT    NOT NULL DEFAULT '',
    shop_updated_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (company_id, shop_order_id),
    FOREIGN KEY (company_id, order_id) REFERENCES orders(company_id, id)
);
CREATE INDEX shop_orders_state ON shop_orders(company_id, state, updated_at);
CREATE INDEX shop_orders_order ON shop_orders(company_id, order_id);

-- The shop's customers and the Flyt customers they were matched to or created as.
CREATE TABLE shop_customers (
    company_id       INTEGER NOT NULL REFERENCES companies(id),
    shop_customer_id TEXT    NOT NULL,
    party_id         INTEGER NOT NULL,
    PRIMARY KEY (company_id, shop_customer_id),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
);
