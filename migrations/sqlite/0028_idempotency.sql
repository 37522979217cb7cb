-- Idempotency keys of creating API calls: written in the posting's own transaction
-- (so a call that created something has its key, and one that did not has none), the
-- answer stored beside it once the call is done, to be replayed for a retry.
CREATE TABLE idempotency_keys (
    company_id BIGINT NOT NULL REFERENCES companies(id),
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status BIGINT NOT NULL DEFAULT 0,
    body TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (company_id, key)
);
