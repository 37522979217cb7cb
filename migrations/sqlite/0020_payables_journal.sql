-- The journal takes the supplier side: supplier invoices (series L) and supplier
-- payments (series U) post vouchers against payables and input VAT; opening balances
-- (series IB) need an equity account, which the seeded charts now have. The source kinds
-- the journal may hold are widened (SQLite changes a CHECK by rebuilding the table; the
-- implicit delete of DROP TABLE fires no trigger), and every company with a chart gets
-- its payables and input VAT accounts in the map.

CREATE TABLE gl_entries_new (
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
    source_kind  TEXT    NOT NULL CHECK (source_kind IN ('invoice','credit_note','payment','writeoff','supplier_invoice','supplier_payment',
                                                         'goods_receipt','delivery','stock_adjustment','stock_count','reminder_fee','reversal','opening_balance')),
    source_id    INTEGER NOT NULL,
    source_no    TEXT    NOT NULL,
    posted_at    INTEGER NOT NULL,
    posted_by    INTEGER NOT NULL,
    UNIQUE (company_id, series, year, number, line_no),
    FOREIGN KEY (company_id, account) REFERENCES accounts(company_id, number)
);
INSERT INTO gl_entries_new (id, company_id, series, year, number, line_no, entry_date, account, debit_minor, credit_minor, vat_code, party_id, text,
                            source_kind, source_id, source_no, posted_at, posted_by)
SELECT id, company_id, series, year, number, line_no, entry_date, account, debit_minor, credit_minor, vat_code, party_id, text,
       source_kind, source_id, source_no, posted_at, posted_by FROM gl_entries;
DROP TABLE gl_entries;
ALTER TABLE gl_entries_new RENAME TO gl_entries;
CREATE INDEX gl_entries_by_date ON gl_entries(company_id, entry_date);
CREATE INDEX gl_entries_by_source ON gl_entries(company_id, source_kind, source_id);
CREATE TRIGGER gl_entries_no_update BEFORE UPDATE ON gl_entries BEGIN SELECT RAISE(ABORT, 'vouchers are immutable: post a reversing voucher'); END;
CREATE TRIGGER gl_entries_no_delete BEFORE DELETE ON gl_entries BEGIN SELECT RAISE(ABORT, 'vouchers are immutable: post a reversing voucher'); END;

INSERT INTO account_map (company_id, role, account)
SELECT c.id, 'payables', a.number FROM companies c JOIN accounts a ON a.company_id = c.id AND a.number = CASE WHEN c.country = 'SE' THEN '2440' ELSE '2400' END
WHERE NOT EXISTS (SELECT 1 FROM account_map m WHERE m.company_id = c.id AND m.role = 'payables');
INSERT INTO account_map (company_id, role, account)
SELECT c.id, 'vat_in', a.number FROM companies c JOIN accounts a ON a.company_id = c.id AND a.number = CASE WHEN c.country = 'SE' THEN '2641' ELSE '2710' END
WHERE NOT EXISTS (SELECT 1 FROM account_map m WHERE m.company_id = c.id AND m.role = 'vat_in');

INSERT INTO accounts (company_id, number, name, grouping_category, grouping_code)
SELECT c.id, CASE WHEN c.country = 'SE' THEN '2099' ELSE '2050' END, CASE WHEN c.country = 'SE' THEN 'Årets resultat' ELSE 'Annen egenkapital' END,
       CASE WHEN c.country = 'SE' THEN '' ELSE 'egenkapital' END, CASE WHEN c.country = 'SE' THEN '' ELSE '2050' END
FROM companies c
WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id AND a.number = CASE WHEN c.country = 'SE' THEN '2099' ELSE '2050' END);
