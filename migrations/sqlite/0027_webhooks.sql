-- Outbound webhooks: each follows the event journal with its own cursor (the last seq
-- handed on or skipped). A delivery worker claims a webhook (claimed_until) so that
-- several app servers never send its events twice at once; a failure backs off
-- (next_attempt_at) and a webhook failing for a day is disabled with the reason.
CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    cursor INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    failing_since INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    claimed_until INTEGER NOT NULL DEFAULT 0,
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX webhooks_due ON webhooks(active, next_attempt_at);
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id INTEGER NOT NULL REFERENCES companies(id),
    webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    error TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    manual INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries(webhook_id, id);
