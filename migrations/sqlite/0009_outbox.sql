-- E-mail: SMTP settings per company, and the outbox every message goes through.
-- A message is written to the outbox in the transaction of what it is about (a sent
-- quote, a confirmed order); it is delivered after commit when SMTP is set up, and
-- otherwise stays visible in the outbox, nothing lost.
ALTER TABLE companies ADD COLUMN smtp_host TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN smtp_port INTEGER NOT NULL DEFAULT 587;
ALTER TABLE companies ADD COLUMN smtp_security TEXT NOT NULL DEFAULT 'starttls';
ALTER TABLE companies ADD COLUMN smtp_user TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN smtp_password TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN mail_from TEXT NOT NULL DEFAULT '';

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    company_id      INTEGER NOT NULL REFERENCES companies(id),
    doc_kind        TEXT    NOT NULL,
    doc_id          INTEGER NOT NULL,
    to_addr         TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    attachment_name TEXT    NOT NULL DEFAULT '',
    attachment      BLOB,
    status          TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sent','failed')),
    error           TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    created_by      INTEGER NOT NULL,
    sent_at         INTEGER,
    UNIQUE (company_id, id)
);
CREATE INDEX outbox_doc ON outbox(company_id, doc_kind, doc_id);

