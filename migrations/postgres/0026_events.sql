-- The event journal: what happened in a company, in the order the postings that
-- made it committed (seq, gapless per company), written in the posting's own
-- transaction. Readers page through it by seq (`GET /api/v1/events?after=`). The
-- counter row is taken with the events' insert and held to the commit, so seq
-- follows commit order even with several app servers on one database.
CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    data TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (company_id, seq)
);
CREATE INDEX events_by_kind ON events(company_id, kind, seq);
CREATE TABLE event_counters (
    company_id BIGINT PRIMARY KEY REFERENCES companies(id),
    last BIGINT NOT NULL
);
CREATE FUNCTION events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'events are immutable'; END $$;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION events_immutable();
