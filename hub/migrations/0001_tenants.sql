-- Tenants: one row per customer company of F-Flow. Later migrations add the tenant-scoped
-- tables, each with tenant_id, forced row-level security and a policy on app.tenant_id.
CREATE TABLE tenants (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL CHECK (length(btrim(name)) > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
