-- Foundation: companies, users, memberships, sessions, API tokens and the setup registers.
-- Every business row carries company_id, and it is part of every primary, unique and
-- foreign key, so tenant isolation is held by the keys (see README "Two databases").
-- Money: integer minor units. Timestamps: integer unix milliseconds. Dates: ISO text.
-- Booleans: 0/1 integers (PostgreSQL: SMALLINT with the same check) so both backends
-- decode the same way through sqlx's Any driver.

CREATE TABLE companies (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    org_no          TEXT    NOT NULL,
    country         TEXT    NOT NULL CHECK (country IN ('NO','SE','FI','HU')),
    currency        TEXT    NOT NULL,
    vat_registered  INTEGER NOT NULL DEFAULT 1 CHECK (vat_registered IN (0,1)),
    address_line    TEXT    NOT NULL DEFAULT '',
    postcode        TEXT    NOT NULL DEFAULT '',
    city            TEXT    NOT NULL DEFAULT '',
    email           TEXT    NOT NULL DEFAULT '',
    phone           TEXT    NOT NULL DEFAULT '',
    bank_account    TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);

CREATE TABLE company_logos (
    company_id   INTEGER PRIMARY KEY REFERENCES companies(id),
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    lang          TEXT    NOT NULL DEFAULT 'en' CHECK (lang IN ('en','nb','sv')),
    created_at    INTEGER NOT NULL
);

CREATE TABLE memberships (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    role       TEXT    NOT NULL CHECK (role IN ('admin','sales','purchasing','warehouse','accounting','read_only')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    PRIMARY KEY (company_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

-- Sessions live in the database so any number of `flyt serve` processes can share them.
-- id is the SHA-256 of the cookie token: a leaked database does not leak live sessions.
CREATE TABLE sessions (
    id          TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    subject TEXT    NOT NULL,
    at      INTEGER NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(subject, at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    company_id   INTEGER NOT NULL REFERENCES companies(id),
    name         TEXT    NOT NULL,
    token_hash   TEXT    NOT NULL UNIQUE,
    role         TEXT    NOT NULL CHECK (role IN ('admin','sales','purchasing','warehouse','accounting','read_only')),
    created_by   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER,
    UNIQUE (company_id, id),
    UNIQUE (company_id, name),
    FOREIGN KEY (company_id, created_by) REFERENCES memberships(company_id, user_id)
);

CREATE TABLE number_series (
    company_id  INTEGER NOT NULL REFERENCES companies(id),
    doc_type    TEXT    NOT NULL,
    prefix      TEXT    NOT NULL DEFAULT '',
    next_number INTEGER NOT NULL CHECK (next_number >= 1),
    PRIMARY KEY (company_id, doc_type)
);

CREATE TABLE payment_terms (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    days       INTEGER NOT NULL CHECK (days BETWEEN 0 AND 365),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    PRIMARY KEY (company_id, code)
);

CREATE TABLE delivery_terms (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    PRIMARY KEY (company_id, code)
);

CREATE TABLE vat_codes (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    rate_bp    INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
    category   TEXT    NOT NULL CHECK (category IN ('S','Z','E','AE','K','G','O')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    PRIMARY KEY (company_id, code)
);

CREATE TABLE units (
    company_id INTEGER NOT NULL REFERENCES companies(id),
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    PRIMARY KEY (company_id, code)
);

CREATE TABLE warehouses (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    code       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    address    TEXT    NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    UNIQUE (company_id, id),
    UNIQUE (company_id, code)
);
