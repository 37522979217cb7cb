-- The receivables ageing as of an earlier day reads the allocations and reminders dated
-- after it (what was still open then).
CREATE INDEX allocations_by_date ON allocations(company_id, entry_date);
CREATE INDEX reminders_by_date ON reminders(company_id, reminder_date);
