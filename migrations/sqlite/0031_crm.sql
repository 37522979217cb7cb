-- CRM sync. One CRM per company: where it is, how to log in, which way each field goes
-- (`name=both,phone=out,…`), and how far each direction has come.
CREATE TABLE crm_connections (
    company_id      INTEGER PRIMARY KEY REFERENCES companies(id),
    kind            TEXT    NOT NULL DEFAULT 'tryton' CHECK (kind IN ('tryton')),
    url             TEXT    NOT NULL,
    database_name   TEXT    NOT NULL,
    login           TEXT    NOT NULL,
    secret          TEXT    NOT NULL,
    rules           TEXT    NOT NULL,
    poll_seconds    INTEGER NOT NULL DEFAULT 60 CHECK (poll_seconds BETWEEN 10 AND 86400),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_by      INTEGER NOT NULL,
    -- changes in: the CRM's change time (ms, UTC) read up to; NULL: nothing read yet (all)
    in_cursor       INTEGER,
    -- changes out: the last event taken; NULL: none yet (every customer)
    events_seq      INTEGER,
    next_run_at     INTEGER NOT NULL DEFAULT 0,
    last_run_at     INTEGER,
    last_error      TEXT    NOT NULL DEFAULT '',
    -- what the last run could not send (a customer the CRM refused), one per line
    problems        TEXT    NOT NULL DEFAULT '',
    failures        INTEGER NOT NULL DEFAULT 0,
    -- the app server working on the CRM until then (several servers on one PostgreSQL)
    claimed_until   INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- Flyt party <-> CRM record, with the values both held after the last sync (JSON): the
-- base that tells which side changed a field since.
CREATE TABLE crm_links (
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    party_id        INTEGER NOT NULL,
    crm_id          INTEGER NOT NULL,
    base            TEXT    NOT NULL,
    synced_at       INTEGER NOT NULL,
    PRIMARY KEY (company_id, party_id),
    UNIQUE (company_id, crm_id),
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
);

-- CRM records waiting for a person: like a Flyt party (link or create new), or
-- missing what Flyt requires. Never half-created.
CREATE TABLE crm_reviews (
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    crm_id          INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    reason          TEXT    NOT NULL CHECK (reason IN ('uncertain','incomplete')),
    detail          TEXT    NOT NULL DEFAULT '',
    candidates      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (company_id, crm_id)
);

-- Fields changed on both sides: which value won and which was lost.
CREATE TABLE crm_conflicts (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    party_id        INTEGER NOT NULL,
    crm_id          INTEGER NOT NULL,
    field           TEXT    NOT NULL,
    flyt_value      TEXT    NOT NULL,
    crm_value       TEXT    NOT NULL,
    flyt_won        INTEGER NOT NULL CHECK (flyt_won IN (0,1)),
    created_at      INTEGER NOT NULL,
    FOREIGN KEY (company_id, party_id) REFERENCES parties(company_id, id)
);
CREATE INDEX crm_conflicts_company ON crm_conflicts(company_id, created_at);
