-- Contracts (recurring invoicing): what a customer is invoiced every month, quarter
-- or year, from a start to an optional end. Each period invoiced is a row, written
-- in the transaction of its invoice; its key makes invoicing a period twice impossible.
CREATE TABLE contracts (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    customer_id  INTEGER NOT NULL,
    description  TEXT    NOT NULL,
    period       TEXT    NOT NULL CHECK (period IN ('month','quarter','year')),
    start_date   TEXT    NOT NULL,
    end_date     TEXT,
    next_date    TEXT    NOT NULL,
    your_ref     TEXT    NOT NULL DEFAULT '',
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at   INTEGER NOT NULL,
    created_by   INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, customer_id) REFERENCES parties(company_id, id)
);

CREATE TABLE contract_lines (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL,
    contract_id  INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    item_no      TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    qty_milli    INTEGER NOT NULL CHECK (qty_milli > 0),
    -- NULL: the customer's price on the invoice date
    price_minor  INTEGER,
    UNIQUE (company_id, id),
    UNIQUE (company_id, contract_id, line_no),
    FOREIGN KEY (company_id, contract_id) REFERENCES contracts(company_id, id)
);

CREATE TABLE contract_periods (
    company_id   INTEGER NOT NULL,
    contract_id  INTEGER NOT NULL,
    period_start TEXT    NOT NULL,
    invoice_id   INTEGER NOT NULL,
    PRIMARY KEY (company_id, contract_id, period_start),
    FOREIGN KEY (company_id, contract_id) REFERENCES contracts(company_id, id),
    FOREIGN KEY (company_id, invoice_id) REFERENCES invoices(company_id, id)
);
