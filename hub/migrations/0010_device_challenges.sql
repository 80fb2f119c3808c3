-- Challenges a device signs with its key to get a device token: single use (deleted when
-- traded in), short-lived, and bound to one device. Only the nonce's SHA-256 is kept.
CREATE TABLE device_challenges (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    nonce_hash  bytea NOT NULL CHECK (length(nonce_hash) = 32),
    device_id   uuid NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, nonce_hash),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id)
);
-- Expired challenges of a tenant are dropped by time when it asks for a new one.
CREATE INDEX device_challenges_expiry ON device_challenges (tenant_id, expires_at);
ALTER TABLE device_challenges ENABLE ROW LEVEL SECURITY;
ALTER TABLE device_challenges FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON device_challenges
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, DELETE ON device_challenges TO fflow_app;
