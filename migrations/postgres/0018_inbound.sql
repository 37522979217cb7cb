-- camt.053 entries that are not booked payments are kept, not dropped: a line is a
-- booked payment, a pending entry (status other than BOOK) or a returned payment
-- (RvslInd). Only payments are matched to invoices; the others wait on the bank page.
ALTER TABLE bank_lines ADD COLUMN kind TEXT NOT NULL DEFAULT 'payment' CHECK (kind IN ('payment', 'pending', 'returned'));

-- An inbound invoice's order reference as the supplier wrote it: one that names no
-- purchase order of ours is kept and shown to the approver as a deviation.
ALTER TABLE supplier_invoices ADD COLUMN order_ref TEXT NOT NULL DEFAULT '';
