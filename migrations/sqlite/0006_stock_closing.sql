-- Closing balances per month, so the valuation as of a date reads one row per item and
-- warehouse plus the moves of the part month after it, instead of every move ever.
-- A period is materialised the first time a report needs it (stock_periods lists
-- which are); every posting adds its moves to the materialised periods at or after
-- the move's month, in the posting transaction, so a backdated move costs one upsert
-- per later period and nothing is ever re-run. `flyt check` proves closing = ledger.
CREATE TABLE stock_periods (
    company_id  INTEGER NOT NULL,
    period      TEXT    NOT NULL,
    PRIMARY KEY (company_id, period)
);

CREATE TABLE stock_closing (
    company_id   INTEGER NOT NULL,
    period       TEXT    NOT NULL,
    item_id      INTEGER NOT NULL,
    warehouse_id INTEGER NOT NULL,
    qty_milli    INTEGER NOT NULL,
    -- SUM(qty_milli * unit_cost_e4) of the moves up to the end of the period
    value_e7     INTEGER NOT NULL,
    PRIMARY KEY (company_id, period, item_id, warehouse_id),
    FOREIGN KEY (company_id, period) REFERENCES stock_periods(company_id, period)
);

-- the moves of a part month, by date
CREATE INDEX stock_moves_by_date ON stock_moves(company_id, move_date, item_id, warehouse_id, qty_milli, unit_cost_e4);
