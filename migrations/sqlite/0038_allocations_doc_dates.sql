-- The receivables ageing as of an earlier day gives back the allocations entered after
-- the day — but only those of invoices and credit notes dated up to it matter. Each
-- allocation carries its documents' dates, so that reading is the few rows of the
-- documents open then, not every allocation since (a year's payments at the start).
ALTER TABLE allocations ADD COLUMN invoice_date TEXT;
ALTER TABLE allocations ADD COLUMN credit_note_date TEXT;
UPDATE allocations SET invoice_date = (SELECT i.invoice_date FROM invoices i WHERE i.company_id = allocations.company_id AND i.id = allocations.invoice_id);
UPDATE allocations SET credit_note_date = (SELECT i.invoice_date FROM invoices i WHERE i.company_id = allocations.company_id AND i.id = allocations.credit_note_id)
 WHERE credit_note_id IS NOT NULL;
DROP INDEX allocations_by_date;
CREATE INDEX allocations_as_of ON allocations(company_id, entry_date, invoice_date);
