-- Reminders: each is a row (never changed), and the invoice's reminder_level is
-- its cache, written in the same transaction. Level 1 and 2 are reminders
-- (purring), level 3 the debt-collection notice (inkassovarsel) with its deadline.
CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    company_id    INTEGER NOT NULL,
    invoice_id    INTEGER NOT NULL,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    reminder_date TEXT    NOT NULL,
    deadline      TEXT    NOT NULL,
    open_minor    INTEGER NOT NULL,
    fee_minor     INTEGER NOT NULL DEFAULT 0,
    channel       TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    created_by    INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, invoice_id, level),
    FOREIGN KEY (company_id, invoice_id) REFERENCES invoices(company_id, id)
);
