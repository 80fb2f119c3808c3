-- Devices (the stores' counters) and the activation codes that let a device take a seat.

-- A device is one installation of F-Flow Store on one machine. The machine is known by a
-- keyed hash of its id (never the id itself); its requests are proven by its Ed25519 key.
-- Only 'active' devices hold a seat. A reset frees the seat and lets the same machine
-- activate again (with a new epoch); a revoked device never works again.
CREATE TABLE devices (
    tenant_id          uuid NOT NULL REFERENCES tenants (id),
    id                 uuid NOT NULL,
    name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
    fingerprint_hash   text NOT NULL CHECK (length(fingerprint_hash) BETWEEN 16 AND 200),
    public_key         bytea NOT NULL CHECK (length(public_key) = 32),
    status             text NOT NULL CHECK (status IN ('active', 'reset', 'revoked')),
    -- The device's event stream restarts at every activation; sync keys events by epoch.
    epoch              bigint NOT NULL CHECK (epoch > 0),
    activated_at       timestamptz NOT NULL,
    license_expires_at timestamptz NOT NULL,
    last_seen_at       timestamptz,
    app_version        text CHECK (length(app_version) <= 50),
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, fingerprint_hash)
);
CREATE INDEX devices_by_status ON devices (tenant_id, status);
ALTER TABLE devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE devices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON devices
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON devices TO fflow_app;

-- A single-use code an owner or admin creates and types into a new store. Only its SHA-256
-- is kept (the code has 80 random bits, so a fast hash is enough): a leaked table
-- activates nothing. Used codes stay, marked, so a second use is told apart from a typo.
CREATE TABLE activation_codes (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    code_hash   bytea NOT NULL CHECK (length(code_hash) = 32),
    created_by  text NOT NULL CHECK (length(btrim(created_by)) > 0),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    used_by     uuid,
    PRIMARY KEY (tenant_id, code_hash),
    CHECK ((used_at IS NULL) = (used_by IS NULL))
);
ALTER TABLE activation_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE activation_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON activation_codes
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON activation_codes TO fflow_app;

-- A store presents its activation code before any tenant is set, so row-level security
-- would hide every code. As with live_tenant_id_for_cnpj (0007), this function answers
-- only the tenant id of a code, with its owner's rights, under a policy that admits the
-- owner only while app.tenant_lookup says so. It scans: codes are few and short-lived,
-- and an index not led by tenant_id would not distribute by tenant. (Devices, which talk
-- to the hub all day, name their tenant themselves; they learn it at activation.)
CREATE POLICY activation_code_lookup ON activation_codes FOR SELECT TO CURRENT_USER
    USING (current_setting('app.tenant_lookup', true) = 'activation_code');
CREATE FUNCTION tenant_id_for_activation_code(wanted_hash bytea) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found uuid;
BEGIN
    PERFORM set_config('app.tenant_lookup', 'activation_code', true);
    SELECT tenant_id INTO found FROM public.activation_codes WHERE code_hash = wanted_hash;
    PERFORM set_config('app.tenant_lookup', '', true);
    RETURN found;
END
$$;
REVOKE ALL ON FUNCTION tenant_id_for_activation_code(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenant_id_for_activation_code(bytea) TO fflow_app;
