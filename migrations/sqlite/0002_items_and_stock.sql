-- Items and the stock ledger. Quantities: integer thousandths (3 decimals);
-- prices: integer minor units; unit costs: integer ten-thousandths (4 decimals).

ALTER TABLE companies ADD COLUMN allow_negative_stock INTEGER NOT NULL DEFAULT 0 CHECK (allow_negative_stock IN (0,1));
ALTER TABLE companies ADD COLUMN valuation_method TEXT NOT NULL DEFAULT 'average' CHECK (valuation_method IN ('average','fifo'));

CREATE TABLE items (
    id                   INTEGER PRIMARY KEY,
    company_id           INTEGER NOT NULL REFERENCES companies(id),
    item_no              TEXT    NOT NULL,
    description          TEXT    NOT NULL,
    unit                 TEXT    NOT NULL,
    sales_price_minor    INTEGER NOT NULL DEFAULT 0,
    purchase_price_minor INTEGER NOT NULL DEFAULT 0,
    vat_code             TEXT    NOT NULL,
    barcode              TEXT,
    kind                 TEXT    NOT NULL DEFAULT 'stock' CHECK (kind IN ('stock','non_stock','service')),
    safety_stock_milli   INTEGER NOT NULL DEFAULT 0,
    reorder_qty_milli    INTEGER NOT NULL DEFAULT 0,
    pack_size_milli      INTEGER NOT NULL DEFAULT 1000,
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    notes                TEXT    NOT NULL DEFAULT '',
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, item_no),
    FOREIGN KEY (company_id, unit) REFERENCES units(company_id, code),
    FOREIGN KEY (company_id, vat_code) REFERENCES vat_codes(company_id, code)
);
CREATE UNIQUE INDEX items_barcode ON items(company_id, barcode) WHERE barcode IS NOT NULL;
CREATE INDEX items_description ON items(company_id, description);

-- Bin location of an item in a warehouse.
CREATE TABLE item_bins (
    company_id   INTEGER NOT NULL,
    item_id      INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    bin          TEXT    NOT NULL,
    PRIMARY KEY (company_id, item_id, warehouse_id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);

-- The ledger: append-only. A mistake is corrected by a new move, never an update.
CREATE TABLE stock_moves (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL,
    item_id         INTEGER NOT NULL,
    warehouse_id    INTEGER NOT NULL,
    qty_milli       INTEGER NOT NULL CHECK (qty_milli <> 0),
    move_date       TEXT    NOT NULL,
    unit_cost_e4    INTEGER NOT NULL DEFAULT 0,
    origin_kind     TEXT    NOT NULL,
    origin_id       INTEGER NOT NULL DEFAULT 0,
    origin_line     INTEGER NOT NULL DEFAULT 0,
    reason          TEXT    NOT NULL DEFAULT '',
    posted_at       INTEGER NOT NULL,
    posted_by       INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);
CREATE INDEX stock_moves_item ON stock_moves(company_id, item_id, warehouse_id, move_date);
CREATE TRIGGER stock_moves_append_only_update BEFORE UPDATE ON stock_moves BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;
CREATE TRIGGER stock_moves_append_only_delete BEFORE DELETE ON stock_moves BEGIN SELECT RAISE(ABORT, 'stock moves are append-only'); END;

-- On-hand per item and warehouse: a cache of SUM(stock_moves.qty_milli), kept in the
-- posting transaction; `flyt check` and the tests prove cache = ledger.
CREATE TABLE stock_balances (
    company_id     INTEGER NOT NULL,
    item_id        INTEGER NOT NULL,
    warehouse_id   INTEGER NOT NULL,
    physical_milli INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (company_id, item_id, warehouse_id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);

-- Planned moves registered by documents: open quantity still to move (negative out,
-- positive in). Reserved and incoming are derived from them.
CREATE TABLE planned_moves (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL,
    item_id       INTEGER NOT NULL,
    warehouse_id  INTEGER NOT NULL,
    open_milli    INTEGER NOT NULL,
    planned_date  TEXT    NOT NULL,
    origin_kind   TEXT    NOT NULL,
    origin_id     INTEGER NOT NULL,
    origin_line   INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, origin_kind, origin_id, origin_line),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);
CREATE INDEX planned_moves_item ON planned_moves(company_id, item_id, warehouse_id, planned_date);
