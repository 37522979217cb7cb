-- Outbound webhooks: each follows the event journal with its own cursor (the last seq
-- handed on or skipped). A delivery worker claims a webhook (claimed_until) so that
-- several app servers never send its events twice at once; a failure backs off
-- (next_attempt_at) and a webhook failing for a day is disabled with the reason.
CREATE TABLE webhooks (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    types TEXT NOT NULL DEFAULT '',
    active SMALLINT NOT NULL DEFAULT 1,
    cursor BIGINT NOT NULL DEFAULT 0,
    failures BIGINT NOT NULL DEFAULT 0,
    failing_since BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL DEFAULT 0,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    disabled_reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX webhooks_due ON webhooks(active, next_attempt_at);
CREATE TABLE webhook_deliveries (
    id BIGSERIAL PRIMARY KEY,
    company_id BIGINT NOT NULL REFERENCES companies(id),
    webhook_id BIGINT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    status_code BIGINT NOT NULL,
    error TEXT NOT NULL,
    duration_ms BIGINT NOT NULL,
    manual SMALLINT NOT NULL DEFAULT 0,
    at BIGINT NOT NULL
);
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries(webhook_id, id);
