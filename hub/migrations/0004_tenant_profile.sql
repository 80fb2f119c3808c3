-- What a tenant is beyond its name: its company registration, money, standing and plan.
-- The hub is new and holds no tenants yet, so NOT NULL columns need no back-fill.
ALTER TABLE tenants
    -- Normalized: 14 characters without punctuation, validated (check digits) in Rust.
    -- The first 12 may be letters since the Receita Federal's alphanumeric CNPJ (2026).
    ADD COLUMN cnpj           char(14) NOT NULL CHECK (cnpj ~ '^[0-9A-Z]{12}[0-9]{2}$'),
    ADD COLUMN currency       char(3) NOT NULL DEFAULT 'BRL' CHECK (currency ~ '^[A-Z]{3}$'),
    ADD COLUMN status         text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'pending_payment', 'suspended')),
    ADD COLUMN billing_status text NOT NULL DEFAULT 'paid'
        CHECK (billing_status IN ('paid', 'overdue')),
    -- Test tenants (demos, QA) never bill and may reuse a live company's CNPJ.
    ADD COLUMN mode           text NOT NULL DEFAULT 'live' CHECK (mode IN ('live', 'test')),
    ADD COLUMN plan_id        uuid REFERENCES plans (id);

CREATE UNIQUE INDEX tenants_live_cnpj ON tenants (cnpj) WHERE mode = 'live';

-- Per-tenant changes to what its plan grants (a bigger device limit, a feature on trial).
-- A NULL limit means "as the plan says". Entitlements = plan, then these overrides.
CREATE TABLE tenant_entitlement_overrides (
    tenant_id         uuid PRIMARY KEY REFERENCES tenants (id),
    max_devices       integer CHECK (max_devices > 0),
    max_users         integer CHECK (max_users > 0),
    max_products      integer CHECK (max_products > 0),
    features_granted  text[] NOT NULL DEFAULT '{}',
    features_revoked  text[] NOT NULL DEFAULT '{}',
    reason            text NOT NULL CHECK (length(btrim(reason)) > 0),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant_entitlement_overrides ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_entitlement_overrides FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_entitlement_overrides
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_entitlement_overrides TO fflow_app;
