-- The command feed (sync v1): what the hub tells a tenant's stores, in one order per
-- tenant. A bigserial would hand out numbers at insert but make them visible at commit, so
-- a store pulling between two commits could pass over a number that commits later (DESIGN.md,
-- "Known traps"). Instead each tenant's next number is taken by updating its counter row,
-- which holds the row lock until the inserting transaction ends: the next writer waits, so
-- numbers become visible in the order they are handed out.
CREATE TABLE command_cursors (
    tenant_id      uuid PRIMARY KEY REFERENCES tenants (id),
    last_cursor    bigint NOT NULL CHECK (last_cursor >= 0),
    -- Every command up to this cursor has been pruned: a store behind it must take a
    -- snapshot instead of pulling.
    pruned_through bigint NOT NULL DEFAULT 0 CHECK (pruned_through BETWEEN 0 AND last_cursor)
);
ALTER TABLE command_cursors ENABLE ROW LEVEL SECURITY;
ALTER TABLE command_cursors FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON command_cursors
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON command_cursors TO fflow_app;

CREATE TABLE sync_commands (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    cursor     bigint NOT NULL CHECK (cursor > 0),
    id         uuid NOT NULL,
    kind       text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
    payload    jsonb NOT NULL,
    -- NULL: for every device of the tenant; otherwise for that device only.
    device_id  uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, cursor),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id)
);
CREATE INDEX sync_commands_by_age ON sync_commands (tenant_id, created_at);
ALTER TABLE sync_commands ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_commands FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sync_commands
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
-- Commands are never changed; old ones are pruned by retention.
GRANT SELECT, INSERT, DELETE ON sync_commands TO fflow_app;

-- The last command each device said it applied (POST /v1/sync/ack); it only moves forward.
ALTER TABLE devices ADD COLUMN acked_cursor bigint NOT NULL DEFAULT 0 CHECK (acked_cursor >= 0);

-- Master data the hub owns and sends to stores as commands.
CREATE TABLE payment_methods (
    tenant_id  uuid NOT NULL REFERENCES tenants (id),
    code       text NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,40}$'),
    label      text NOT NULL CHECK (length(btrim(label)) BETWEEN 1 AND 100),
    kind       text NOT NULL CHECK (kind IN ('cash', 'card', 'pix', 'other')),
    active     boolean NOT NULL,
    position   integer NOT NULL CHECK (position BETWEEN 0 AND 10000),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, code)
);
ALTER TABLE payment_methods ENABLE ROW LEVEL SECURITY;
ALTER TABLE payment_methods FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON payment_methods
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON payment_methods TO fflow_app;

CREATE TABLE product_prices (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    sku         text NOT NULL CHECK (length(sku) BETWEEN 1 AND 60 AND sku !~ '\s'),
    price_cents bigint NOT NULL CHECK (price_cents BETWEEN 0 AND 100000000000),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, sku)
);
ALTER TABLE product_prices ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_prices FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_prices
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON product_prices TO fflow_app;
