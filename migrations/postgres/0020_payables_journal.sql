-- The journal takes the supplier side: supplier invoices (series L) and supplier
-- payments (series U) post vouchers against payables and input VAT; opening balances
-- (series IB) need an equity account, which the seeded charts now have. The source kinds
-- the journal may hold are widened, and every company with a chart gets its payables
-- and input VAT accounts in the map.

ALTER TABLE gl_entries DROP CONSTRAINT gl_entries_source_kind_check;
ALTER TABLE gl_entries ADD CONSTRAINT gl_entries_source_kind_check
    CHECK (source_kind IN ('invoice','credit_note','payment','writeoff','supplier_invoice','supplier_payment',
                           'goods_receipt','delivery','stock_adjustment','stock_count','reminder_fee','reversal','opening_balance'));

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
