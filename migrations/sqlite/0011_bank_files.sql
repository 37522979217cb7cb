-- Imported bank files (Nets OCR giro, camt.053) and their lines. A file is known by
-- the hash of its bytes: importing it again is refused and changes nothing. Lines
-- not matched to an invoice stay here until they are matched by hand.
CREATE TABLE bank_files (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    file_hash    TEXT    NOT NULL,
    file_name    TEXT    NOT NULL DEFAULT '',
    format       TEXT    NOT NULL CHECK (format IN ('ocr','camt053')),
    line_count   INTEGER NOT NULL,
    imported_at  INTEGER NOT NULL,
    imported_by  INTEGER NOT NULL,
    UNIQUE (company_id, id),
    UNIQUE (company_id, file_hash)
);

CREATE TABLE bank_lines (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL,
    bank_file_id INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    book_date    TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT    NOT NULL,
    kid          TEXT    NOT NULL DEFAULT '',
    text         TEXT    NOT NULL DEFAULT '',
    payer        TEXT    NOT NULL DEFAULT '',
    reference    TEXT    NOT NULL DEFAULT '',
    payment_id   INTEGER,
    UNIQUE (company_id, id),
    FOREIGN KEY (company_id, bank_file_id) REFERENCES bank_files(company_id, id),
    FOREIGN KEY (company_id, payment_id) REFERENCES payments(company_id, id)
);
CREATE INDEX bank_lines_unmatched ON bank_lines(company_id, id) WHERE payment_id IS NULL;
