-- Trust: number series that cannot be broken from Setup, atomic login throttling per
-- e-mail and address, invitations that an existing user must accept, and the
-- company a user last worked in.

-- A series has issued documents under its prefix (1) or not yet (0). Existing series
-- count as used: changing their next number is refused, a new prefix starts afresh.
ALTER TABLE number_series ADD COLUMN used INTEGER NOT NULL DEFAULT 1 CHECK (used IN (0,1));
-- Prefixes a series had before, with the last number issued under each: a retired
-- prefix is never taken up again (its numbers would repeat).
CREATE TABLE number_series_retired (
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    doc_type    TEXT    NOT NULL,
    prefix      TEXT    NOT NULL,
    last_number INTEGER NOT NULL,
    retired_at  INTEGER NOT NULL,
    PRIMARY KEY (company_id, doc_type, prefix)
);

-- Every login attempt is written before its password is checked (attempt = its
-- random id), so parallel guesses are counted before any of them is checked.
ALTER TABLE login_failures ADD COLUMN attempt TEXT;
CREATE INDEX login_failures_attempt ON login_failures(attempt);
-- Addresses a user has logged in from: others' failures for the user's e-mail do not
-- lock the user out from these.
CREATE TABLE login_known_clients (
    user_id INTEGER NOT NULL REFERENCES users(id),
    client  TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, client)
);

ALTER TABLE users ADD COLUMN last_company_id INTEGER;

-- An invitation to a company. A membership exists only once the invited user accepts
-- (an account made by the invitation accepts at its first login).
CREATE TABLE invitations (
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    user_id      INTEGER NOT NULL REFERENCES users(id),
    role         TEXT    NOT NULL CHECK (role IN ('admin','sales','purchasing','warehouse','accounting','read_only')),
    invited_by   INTEGER NOT NULL,
    new_account  INTEGER NOT NULL DEFAULT 0 CHECK (new_account IN (0,1)),
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (company_id, user_id)
);
CREATE INDEX invitations_user ON invitations(user_id);

-- The outbox retries a failed delivery by itself, with growing pauses; after the last
-- try the message is marked failed (and shown so) until someone sends it again.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER;
CREATE INDEX outbox_retry ON outbox(status, next_attempt_at);

-- A bank file is imported in chunks, each its own transaction, so a large file never
-- holds the write lock for more than a moment; lines_done is how far it got (an
-- import cut short is taken up again by uploading the same file).
ALTER TABLE bank_files ADD COLUMN lines_done INTEGER NOT NULL DEFAULT 0;
UPDATE bank_files SET lines_done = line_count;
