-- API tokens: what a token may do within its role (scopes: the permissions it may use,
-- separated by commas; a token made before scopes keeps all) and until when.
ALTER TABLE api_tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'read,setup,sales,purchasing,stock,accounting,parties';
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;

-- Change lists (`updated_after` and a cursor on the list endpoints) read each register
-- in (updated_at, id) order. An invoice changes after posting as it is paid, reminded,
-- disputed or sent; a delivery never changes, so its posting time is its change time.
ALTER TABLE invoices ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE invoices SET updated_at = posted_at;
CREATE INDEX invoices_changed ON invoices(company_id, updated_at, id);
CREATE INDEX deliveries_changed ON deliveries(company_id, posted_at, id);
CREATE INDEX quotes_changed ON quotes(company_id, updated_at, id);
CREATE INDEX orders_changed ON orders(company_id, updated_at, id);
CREATE INDEX purchase_orders_changed ON purchase_orders(company_id, updated_at, id);
CREATE INDEX items_changed ON items(company_id, updated_at, id);
CREATE INDEX parties_changed ON parties(company_id, updated_at, id);
