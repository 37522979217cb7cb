-- The event journal: what happened in a company, in the order the postings that
-- made it committed (seq, gapless per company), written in the posting's own
-- transaction. Readers page through it by seq (`GET /api/v1/events?after=`).
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (company_id, seq)
);
CREATE INDEX events_by_kind ON events(company_id, kind, seq);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
