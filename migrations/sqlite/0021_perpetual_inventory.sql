-- Perpetual inventory (a company setting, off by default): every valued stock movement
-- posts the change of the stock's book value between the inventory account and the
-- inventory change account. The on-hand cache keeps each item's and warehouse's value
-- beside its quantity (quantity in thousandths × unit cost in ten-thousandths), so a
-- posting knows the value before and after without reading the ledger.
ALTER TABLE companies ADD COLUMN perpetual_inventory INTEGER NOT NULL DEFAULT 0 CHECK (perpetual_inventory IN (0,1));
ALTER TABLE stock_balances ADD COLUMN value_e7 INTEGER NOT NULL DEFAULT 0;

UPDATE stock_balances SET value_e7 = COALESCE((
    SELECT SUM(m.qty_milli * m.unit_cost_e4) FROM stock_moves m
    WHERE m.company_id = stock_balances.company_id AND m.item_id = stock_balances.item_id AND m.warehouse_id = stock_balances.warehouse_id), 0);

-- the inventory change account (NS 4102: 4390 Beholdningsendring, under cost of goods
-- including the change in stock; BAS: 4960 Förändring av lager av handelsvaror)
INSERT INTO accounts (company_id, number, name, grouping_category, grouping_code)
SELECT c.id, CASE WHEN c.country = 'SE' THEN '4960' ELSE '4390' END,
       CASE WHEN c.country = 'SE' THEN 'Förändring av lager av handelsvaror' ELSE 'Beholdningsendring' END,
       CASE WHEN c.country = 'SE' THEN '' ELSE 'varekostnad' END, CASE WHEN c.country = 'SE' THEN '' ELSE '4005' END
FROM companies c
WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id)
  AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.company_id = c.id AND a.number = CASE WHEN c.country = 'SE' THEN '4960' ELSE '4390' END);

INSERT INTO account_map (company_id, role, account)
SELECT c.id, 'inventory', a.number FROM companies c JOIN accounts a ON a.company_id = c.id AND a.number = '1460'
WHERE NOT EXISTS (SELECT 1 FROM account_map m WHERE m.company_id = c.id AND m.role = 'inventory');
INSERT INTO account_map (company_id, role, account)
SELECT c.id, 'inventory_change', a.number FROM companies c JOIN accounts a ON a.company_id = c.id AND a.number = CASE WHEN c.country = 'SE' THEN '4960' ELSE '4390' END
WHERE NOT EXISTS (SELECT 1 FROM account_map m WHERE m.company_id = c.id AND m.role = 'inventory_change');
