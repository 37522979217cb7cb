-- The reports read invoices by date (DSO's period, the sales drill-down).
CREATE INDEX invoices_date ON invoices(company_id, invoice_date);
