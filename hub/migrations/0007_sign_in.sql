-- Sign-in: refresh tokens (rotating, grouped in families), the failed attempts that
-- rate-limit sign-in, and the one cross-tenant read sign-in needs (CNPJ to tenant id).

-- A refresh token is stored only as its SHA-256: a leaked table signs no one in. Each
-- sign-in starts a family; each refresh marks its token rotated and adds the successor to
-- the family. A rotated token presented again means it was copied, so the whole family
-- is revoked.
CREATE TABLE refresh_tokens (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    token_hash  bytea NOT NULL CHECK (length(token_hash) = 32),
    family_id   uuid NOT NULL,
    user_id     uuid NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    rotated_at  timestamptz,
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, token_hash),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX refresh_tokens_by_family ON refresh_tokens (tenant_id, family_id);
ALTER TABLE refresh_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE refresh_tokens FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON refresh_tokens
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON refresh_tokens TO fflow_app;

-- Failed sign-ins per (tenant, email), kept in the database so that every hub process
-- counts the same attempts. The email is stored as typed (normalized), known or not. An
-- attempt is written before its password is checked and deleted if it succeeds, so
-- attempts racing in parallel count each other.
CREATE TABLE sign_in_failures (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    email      text NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sign_in_failures_by_email ON sign_in_failures (tenant_id, email, at);
CREATE INDEX sign_in_failures_expiry ON sign_in_failures (tenant_id, at);
ALTER TABLE sign_in_failures ENABLE ROW LEVEL SECURITY;
ALTER TABLE sign_in_failures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sign_in_failures
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, DELETE ON sign_in_failures TO fflow_app;

-- Failed sign-ins per client address, across tenants: one address guessing many tenants
-- or emails. It holds no tenant data (no tenant id, no email), so it has no tenant policy.
CREATE TABLE sign_in_failures_by_address (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_address  inet NOT NULL,
    at              timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_by_address_at ON sign_in_failures_by_address (client_address, at);
-- Expired attempts of all addresses are dropped by time.
CREATE INDEX sign_in_failures_by_address_expiry ON sign_in_failures_by_address (at);
GRANT SELECT, INSERT, DELETE ON sign_in_failures_by_address TO fflow_app;

-- Sign-in names a tenant by CNPJ before any tenant is set, so row-level security would
-- hide every tenant. This function answers only that one question (the id of the live
-- tenant with this CNPJ) with its owner's rights. The policy lets the owner read tenants
-- only while app.tenant_lookup is 'cnpj', which the function sets around its one query:
-- the owner's maintenance queries still see no tenant by default, and the runtime role,
-- which the policy does not name, gains nothing by setting it. (A SET clause on the
-- function would be neater, but a non-superuser owner may not put a custom setting there.)
CREATE POLICY sign_in_lookup ON tenants FOR SELECT TO CURRENT_USER
    USING (current_setting('app.tenant_lookup', true) = 'cnpj');
CREATE FUNCTION live_tenant_id_for_cnpj(wanted_cnpj text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
-- A SECURITY DEFINER function must not resolve names through the caller's search_path.
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found uuid;
BEGIN
    PERFORM set_config('app.tenant_lookup', 'cnpj', true);
    SELECT id INTO found FROM public.tenants WHERE cnpj = wanted_cnpj AND mode = 'live';
    PERFORM set_config('app.tenant_lookup', '', true);
    RETURN found;
END
$$;
REVOKE ALL ON FUNCTION live_tenant_id_for_cnpj(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION live_tenant_id_for_cnpj(text) TO fflow_app;
