-- People who sign in to the hub for a tenant. The key leads with tenant_id, as every index
-- on a tenant table does, so lookups stay within one tenant (and Citus can distribute it).
CREATE TABLE users (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL,
    -- Stored lower-case so that uniqueness per tenant ignores case.
    email          text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\s]+@[^@\s]+$'),
    -- Optional; 11 digits without punctuation, validated (check digits) in Rust.
    cpf            char(11) CHECK (cpf ~ '^[0-9]{11}$'),
    -- PHC string of an Argon2id hash; never the password itself.
    password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    role           text NOT NULL CHECK (role IN ('owner', 'admin', 'staff', 'support')),
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email)
);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON users TO fflow_app;
