-- Sales as the hub reports them, projected from pushed `sale.completed` events in the
-- transaction that stores the event. A sale is keyed by the id the store gave it, so an
-- event resent (even in a later epoch, after a restore) projects nothing twice.
CREATE TABLE sales (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    sale_id        uuid NOT NULL,
    device_id      uuid NOT NULL,
    epoch          bigint NOT NULL,
    seq            bigint NOT NULL,
    code           text NOT NULL CHECK (length(code) BETWEEN 1 AND 100),
    number         bigint NOT NULL,
    gross_cents    bigint NOT NULL,
    discount_cents bigint NOT NULL,
    tax_cents      bigint NOT NULL,
    total_cents    bigint NOT NULL,
    -- Unix milliseconds on the store's clock.
    completed_at   bigint NOT NULL,
    PRIMARY KEY (tenant_id, sale_id),
    FOREIGN KEY (tenant_id, device_id, epoch, seq)
        REFERENCES sync_events (tenant_id, device_id, epoch, seq)
);
CREATE INDEX sales_by_time ON sales (tenant_id, completed_at);
ALTER TABLE sales ENABLE ROW LEVEL SECURITY;
ALTER TABLE sales FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sales
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT ON sales TO fflow_app;

CREATE TABLE sale_payments (
    tenant_id    uuid NOT NULL,
    sale_id      uuid NOT NULL,
    line         integer NOT NULL CHECK (line > 0),
    method_code  text NOT NULL CHECK (length(method_code) BETWEEN 1 AND 100),
    kind         text NOT NULL CHECK (length(kind) BETWEEN 1 AND 20),
    amount_cents bigint NOT NULL,
    PRIMARY KEY (tenant_id, sale_id, line),
    FOREIGN KEY (tenant_id, sale_id) REFERENCES sales (tenant_id, sale_id)
);
ALTER TABLE sale_payments ENABLE ROW LEVEL SECURITY;
ALTER TABLE sale_payments FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sale_payments
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT ON sale_payments TO fflow_app;
