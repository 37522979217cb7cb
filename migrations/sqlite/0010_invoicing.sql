-- Invoicing and receivables. Invoices and credit notes are immutable once posted:
-- triggers refuse any change to what was issued and any delete. What changes after
-- posting (the open amount, the dispute flag, the reminder level, how it was sent)
-- lives in columns the triggers leave alone; the open amount is a cache of
-- gross − allocations, written in the transaction of each allocation.
CREATE TABLE invoice_settings (
    company_id          INTEGER PRIMARY KEY REFERENCES companies(id),
    kid_method          TEXT    NOT NULL DEFAULT 'mod10' CHECK (kid_method IN ('none','mod10','mod11')),
    kid_length          INTEGER NOT NULL DEFAULT 15 CHECK (kid_length BETWEEN 10 AND 25),
    reminder_fee_minor  INTEGER NOT NULL DEFAULT 0 CHECK (reminder_fee_minor >= 0),
    reminder_days       INTEGER NOT NULL DEFAULT 14 CHECK (reminder_days BETWEEN 1 AND 365),
    writeoff_minor      INTEGER NOT NULL DEFAULT 0 CHECK (writeoff_minor >= 0),
    ehf_outbox          TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE invoices (
    id                  INTEGER PRIMARY KEY,
    company_id          INTEGER NOT NULL REFERENCES companies(id),
    kind                TEXT    NOT NULL CHECK (kind IN ('invoice','credit_note')),
    invoice_no          TEXT    NOT NULL,
    customer_id         INTEGER NOT NULL,
    -- the customer as it was at posting: the invoice never changes with the register
    customer_no         TEXT    NOT NULL,
    customer_name       TEXT    NOT NULL,
    address_line        TEXT    NOT NULL DEFAULT '',
    postcode            TEXT    NOT NULL DEFAULT '',
    city                TEXT    NOT NULL DEFAULT '',
    country             TEXT    NOT NULL,
    org_no              TEXT    NOT NULL DEFAULT '',
    vat_no              TEXT    NOT NULL DEFAULT '',
    peppol_id           TEXT    NOT NULL DEFAULT '',
    invoice_email       TEXT    NOT NULL DEFAULT '',
    vat_exempt_reason   TEXT    NOT NULL DEFAULT '',
    doc_lang            TEXT    NOT NULL DEFAULT 'nb',
    invoice_date        TEXT    NOT NULL,
    due_date            TEXT    NOT NULL,
    delivery_date       TEXT    NOT NULL DEFAULT '',
    payment_terms       TEXT    NOT NULL DEFAULT '',
    currency            TEXT    NOT NULL,
    kid                 TEXT    NOT NULL DEFAULT '',
    your_ref            TEXT    NOT NULL DEFAULT '',
    our_ref             TEXT    NOT NULL DEFAULT '',
    order_refs          TEXT    NOT NULL DEFAULT '',
    delivery_address    TEXT    NOT NULL DEFAULT '',
    credited_invoice_id INTEGER,
    note                TEXT    NOT NULL DEFAULT '',
    net_minor           INTEGER NOT NULL,
    vat_minor           INTEGER NOT NULL,
    gross_minor         INTEGER NOT NULL CHECK (gross_minor >= 0),
    posted_at           INTEGER NOT NULL,
    posted_by           INTEGER NOT NULL,
    -- after posting
    open_minor          INTEGER NOT NULL,
    disputed            INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0,1)),
    reminder_level      INTEGER NOT NULL DEFAULT 0,
    sent_via            TEXT    NOT NULL DEFAULT '',
    UNIQUE (company_id, id),
    UNIQUE (company_id, kind, invoice_no),
    FOREIGN KEY (company_id, customer_id) REFERENCES parties(company_id, id),
    FOREIGN KEY (company_id, credited_invoice_id) REFERENCES invoices(company_id, id)
);
CREATE INDEX invoices_customer ON invoices(company_id, customer_id, id);
CREATE INDEX invoices_open ON invoices(company_id, due_date) WHERE open_minor <> 0;
CREATE UNIQUE INDEX invoices_kid ON invoices(company_id, kid) WHERE kid <> '';
CREATE TRIGGER invoices_immutable BEFORE UPDATE OF id, company_id, kind, invoice_no, customer_id, customer_no, customer_name,
    address_line, postcode, city, country, org_no, vat_no, peppol_id, invoice_email, vat_exempt_reason, doc_lang, invoice_date,
    due_date, delivery_date, payment_terms, currency, kid, your_ref, our_ref, order_refs, delivery_address, credited_invoice_id,
    note, net_minor, vat_minor, gross_minor, posted_at, posted_by ON invoices
BEGIN SELECT RAISE(ABORT, 'a posted invoice cannot be changed: credit it'); END;
CREATE TRIGGER invoices_no_delete BEFORE DELETE ON invoices BEGIN SELECT RAISE(ABORT, 'a posted invoice cannot be deleted: credit it'); END;

CREATE TABLE invoice_lines (
    id               INTEGER PRIMARY KEY,
    company_id       INTEGER NOT NULL,
    invoice_id       INTEGER NOT NULL,
    line_no          INTEGER NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('item','text','heading')),
    item_id          INTEGER,
    item_no          TEXT    NOT NULL DEFAULT '',
    description      TEXT    NOT NULL DEFAULT '',
    qty_milli        INTEGER NOT NULL DEFAULT 0,
    unit             TEXT    NOT NULL DEFAULT '',
    price_minor      INTEGER NOT NULL DEFAULT 0,
    discount_bp      INTEGER NOT NULL DEFAULT 0,
    vat_code         TEXT    NOT NULL DEFAULT '',
    vat_rate_bp      INTEGER NOT NULL DEFAULT 0,
    vat_category     TEXT    NOT NULL DEFAULT '',
    net_minor        INTEGER NOT NULL DEFAULT 0,
    -- where the line came from: an order line, or the invoice line a credit note credits
    order_line_id    INTEGER,
    order_no         TEXT    NOT NULL DEFAULT '',
    credited_line_id INTEGER,
    UNIQUE (company_id, id),
    UNIQUE (company_id, invoice_id, line_no),
    FOREIGN KEY (company_id, invoice_id) REFERENCES invoices(company_id, id),
    FOREIGN KEY (company_id, item_id) REFERENCES items(company_id, id),
    FOREIGN KEY (company_id, order_line_id) REFERENCES order_lines(company_id, id),
    FOREIGN KEY (company_id, credited_line_id) REFERENCES invoice_lines(company_id, id)
);
CREATE INDEX invoice_lines_order_line ON invoice_lines(company_id, order_line_id) WHERE order_line_id IS NOT NULL;
CREATE INDEX invoice_lines_credited ON invoice_lines(company_id, credited_line_id) WHERE credited_line_id IS NOT NULL;
CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE ON invoice_lines BEGIN SELECT RAISE(ABORT, 'a posted invoice cannot be changed: credit it'); END;
CREATE TRIGGER invoice_lines_no_delete BEFORE DELETE ON invoice_lines BEGIN SELECT RAISE(ABORT, 'a posted invoice cannot be changed: credit it'); END;

-- Money received from a customer. What is not allocated to invoices is the
-- customer's credit (an overpayment), a cache written with each allocation.
CREATE TABLE payments (
    id                INTEGER PRIMARY KEY,
    company_id        INTEGER NOT NULL REFERENCES companies(id),
    customer_id       INTEGER NOT NULL,
    pay_date          TEXT    NOT NULL,
    amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
    currency          TEXT    NOT NULL,
    method            TEXT    NOT NULL CHECK (method IN ('manual','bank')),
    reference         TEXT    NOT NULL DEFAULT '',
    unallocated_minor INTEGER NOT NULL CHECK (unallocated_minor >= 0),
    created_at        INTEGER NOT NULL,
    created_by        INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, customer_id) REFERENCES parties(company_id, id)
);
CREATE INDEX payments_customer ON payments(company_id, customer_id, id);

-- What settles an invoice: a payment, a credit note, or a write-off of a small
-- difference. open_minor of the invoice = gross − SUM(amount_minor) of its rows.
CREATE TABLE allocations (
    id             INTEGER PRIMARY KEY,
    company_id     INTEGER NOT NULL,
    invoice_id     INTEGER NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('payment','credit_note','writeoff')),
    payment_id     INTEGER,
    credit_note_id INTEGER,
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    entry_date     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, invoice_id) REFERENCES invoices(company_id, id),
    FOREIGN KEY (company_id, payment_id) REFERENCES payments(company_id, id),
    FOREIGN KEY (company_id, credit_note_id) REFERENCES invoices(company_id, id)
);
CREATE INDEX allocations_invoice ON allocations(company_id, invoice_id);
