-- Projects and sellers as dimensions: an invoice keeps the project and seller of the
-- orders it was made from (a credit note those of its invoice), and the journal keeps
-- them on the sales lines, for the accounting program (SAF-T Analysis, SIE objects of
-- dimensions 6 and 7) and the reports.
ALTER TABLE invoices ADD COLUMN seller_id INTEGER;
ALTER TABLE invoices ADD COLUMN project_code TEXT NOT NULL DEFAULT '';
ALTER TABLE gl_entries ADD COLUMN seller_id INTEGER;
ALTER TABLE gl_entries ADD COLUMN project_code TEXT NOT NULL DEFAULT '';
