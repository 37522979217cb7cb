-- How each invoice and credit note went out: EHF to the access point's outbox,
-- e-mail through the outbox, or print. One row per sending (the send log).
CREATE TABLE invoice_sends (
    id          INTEGER PRIMARY KEY,
    company_id  INTEGER NOT NULL,
    invoice_id  INTEGER NOT NULL,
    channel     TEXT    NOT NULL CHECK (channel IN ('ehf','email','print')),
    target      TEXT    NOT NULL DEFAULT '',
    sent_at     INTEGER NOT NULL,
    sent_by     INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, invoice_id) REFERENCES invoices(company_id, id)
);
CREATE INDEX invoice_sends_invoice ON invoice_sends(company_id, invoice_id);
