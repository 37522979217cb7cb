-- Stocktaking: a count freezes the expected quantities of a warehouse; counted
-- quantities are entered per line and the differences posted as moves.
CREATE TABLE stock_counts (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    filter       TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open','posted','cancelled')),
    started_at   INTEGER NOT NULL,
    started_by   INTEGER NOT NULL,
    posted_at    INTEGER,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, warehouse_id) REFERENCES warehouses(company_id, id)
);

CREATE TABLE stock_count_lines (
    company_id     INTEGER NOT NULL,
    count_id       INTEGER NOT NULL,
    item_id        INTEGER NOT NULL,
    expected_milli INTEGER NOT NULL,
    counted_milli  INTEGER,
    PRIMARY KEY (company_id, count_id, item_id),
    FOREIGN KEY (company_id, count_id) REFERENCES stock_counts(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id)
);
