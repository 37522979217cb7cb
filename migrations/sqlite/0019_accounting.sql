-- Accounting: the chart of accounts per company (with each account's SAF-T grouping),
-- the account each kind of posting uses, and the journal: one row per voucher line,
-- written in the same transaction as the posting it records, never changed.

CREATE TABLE accounts (
    company_id        INTEGER NOT NULL REFERENCES companies(id),
    number            TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    -- SAF-T 1.30: the næringsspesifikasjon's grouping category and code (empty where
    -- the company reports no SAF-T)
    grouping_category TEXT    NOT NULL DEFAULT '',
    grouping_code     TEXT    NOT NULL DEFAULT '',
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    PRIMARY KEY (company_id, number)
);

-- role: receivables, bank, sales, vat_out, writeoff, rounding, and per VAT code
-- sales:S25, vat_out:S25 (a code's own entry before the role's)
CREATE TABLE account_map (
    company_id INTEGER NOT NULL,
    role       TEXT    NOT NULL,
    account    TEXT    NOT NULL,
    PRIMARY KEY (company_id, role),
    FOREIGN KEY (company_id, account) REFERENCES accounts(company_id, number)
);

-- SAF-T: the standard tax code of each VAT code
ALTER TABLE vat_codes ADD COLUMN saft_code TEXT NOT NULL DEFAULT '';
-- nothing posts on or before this day (empty: no period is locked)
ALTER TABLE companies ADD COLUMN locked_until TEXT NOT NULL DEFAULT '';

-- the last voucher number of each series and year: gapless, since a posting that rolls
-- back rolls its numbers back too
CREATE TABLE voucher_counters (
    company_id INTEGER NOT NULL,
    series     TEXT    NOT NULL,
    year       INTEGER NOT NULL,
    last       INTEGER NOT NULL,
    PRIMARY KEY (company_id, series, year)
);

CREATE TABLE gl_entries (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL,
    series       TEXT    NOT NULL,
    year         INTEGER NOT NULL,
    number       INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    entry_date   TEXT    NOT NULL,
    account      TEXT    NOT NULL,
    debit_minor  INTEGER NOT NULL CHECK (debit_minor >= 0),
    credit_minor INTEGER NOT NULL CHECK (credit_minor >= 0),
    vat_code     TEXT    NOT NULL DEFAULT '',
    party_id     INTEGER,
    text         TEXT    NOT NULL,
    source_kind  TEXT    NOT NULL CHECK (source_kind IN ('invoice','credit_note','payment','writeoff')),
    source_id    INTEGER NOT NULL,
    source_no    TEXT    NOT NULL,
    posted_at    INTEGER NOT NULL,
    posted_by    INTEGER NOT NULL,
    UNIQUE (company_id, series, year, number, line_no),
    FOREIGN KEY (company_id, account) REFERENCES accounts(company_id, number)
);
CREATE INDEX gl_entries_by_date ON gl_entries(company_id, entry_date);
CREATE INDEX gl_entries_by_source ON gl_entries(company_id, source_kind, source_id);

-- vouchers are immutable: a correction is a reversing voucher
CREATE TRIGGER gl_entries_no_update BEFORE UPDATE ON gl_entries BEGIN SELECT RAISE(ABORT, 'vouchers are immutable: post a reversing voucher'); END;
CREATE TRIGGER gl_entries_no_delete BEFORE DELETE ON gl_entries BEGIN SELECT RAISE(ABORT, 'vouchers are immutable: post a reversing voucher'); END;
