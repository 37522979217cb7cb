-- Account mapping per group: an item's group picks the sales account (map keys
-- `sales@GROUP`, `sales:S25@GROUP`), a customer's or supplier's posting group the
-- receivables or payables account (`receivables@GROUP`, `payables@GROUP`). An
-- invoice line keeps the item group it was posted with, so a credit note credits
-- the same sales account whatever the item's group is today.
ALTER TABLE items ADD COLUMN item_group TEXT NOT NULL DEFAULT '';
ALTER TABLE parties ADD COLUMN posting_group TEXT NOT NULL DEFAULT '';
ALTER TABLE invoice_lines ADD COLUMN item_group TEXT NOT NULL DEFAULT '';
