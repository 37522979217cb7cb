-- Documents fit for a Nordic office: what the law asks a sales document to show.

-- NO: registered in Foretaksregisteret; SE: approved for F-tax ("Godkänd för F-skatt").
-- Printed with the org number on every invoice. Most companies are, so existing ones are.
ALTER TABLE companies ADD COLUMN business_register SMALLINT NOT NULL DEFAULT 1 CHECK (business_register IN (0,1));
-- The delivery period of an invoice (contract periods): its first day; the last day is
-- delivery_date. Empty: delivery_date is one day.
ALTER TABLE invoices ADD COLUMN period_from TEXT NOT NULL DEFAULT '';
