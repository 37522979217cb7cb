-- A voucher is reversed at most once: one reversing voucher (source kind 'reversal',
-- source_no the reversed voucher's id) per reversed voucher, even when two users
-- reverse it at the same moment.
CREATE UNIQUE INDEX gl_entries_one_reversal ON gl_entries (company_id, source_no) WHERE source_kind = 'reversal' AND line_no = 1;
