-- Sales budgets per month by seller (user id), customer (customer number) or item group
-- (code), in minor units: entered on screen or imported from CSV, read by Reports →
-- Budget against the sales rollups.
CREATE TABLE budgets (
    company_id   BIGINT NOT NULL REFERENCES companies(id),
    dim          TEXT   NOT NULL CHECK (dim IN ('seller', 'customer', 'item_group')),
    key_code     TEXT   NOT NULL,
    period       TEXT   NOT NULL,
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (company_id, dim, key_code, period)
);
