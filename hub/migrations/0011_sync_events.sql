-- Events pushed by stores (sync v1). A device's stream is (device, epoch): the sequence
-- restarts when the store is reinstalled, restored or reset, and every activation mints a
-- new epoch. The key makes a resent event a no-op (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE sync_events (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    device_id    uuid NOT NULL,
    epoch        bigint NOT NULL CHECK (epoch > 0),
    seq          bigint NOT NULL CHECK (seq > 0),
    event_id     uuid NOT NULL,
    aggregate    text NOT NULL CHECK (length(aggregate) BETWEEN 1 AND 100),
    kind         text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    -- Unix milliseconds on the store's clock, as the store recorded it.
    occurred_at  bigint NOT NULL,
    payload      jsonb NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, device_id, epoch, seq),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id)
);
ALTER TABLE sync_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_events
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Events are facts: the runtime role adds and reads them, never changes them.
GRANT SELECT, INSERT ON sync_events TO fflow_app;
