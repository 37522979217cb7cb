-- A reminder's fee becomes part of what the customer owes on the invoice (its open
-- amount) and posts a voucher of series R: receivables against the reminder fee
-- account (NO 3900 Annen driftsrelatert inntekt, SE 3900 Övriga rörelseintäkter; no VAT).
INSERT INTO accounts (company_id, number, name, grouping_category, grouping_code)
SELECT c.id, '3900', CASE WHEN c.country = 'SE' THEN 'Övriga rörelseintäkter' ELSE 'Annen driftsrelatert inntekt' END,
       CASE WHEN c.country = 'SE' THEN '' ELSE 'annenDriftsinntekt' END, CASE WHEN c.country = 'SE' THEN '' ELSE '3900' END
FROM companies c
WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id AND a.number = '3900');

INSERT INTO account_map (company_id, role, account)
SELECT c.id, 'reminder_fee', '3900' FROM companies c
WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id AND a.number = '3900')
  AND NOT EXISTS (SELECT 1 FROM account_map m WHERE m.company_id = c.id AND m.role = 'reminder_fee');
