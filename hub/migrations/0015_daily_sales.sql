-- Sales per store (device) per UTC day: the count and the GMV (sum of sale totals), kept
-- in the transaction that projects the sales, so an owner's report reads a few rows per
-- day instead of summing every sale. The rows grow only by the sales newly projected, and
-- a sale is projected once (sales' primary key), so each sale counts once here.
CREATE TABLE daily_sales (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    device_id   uuid NOT NULL,
    day         date NOT NULL,
    sales_count bigint NOT NULL CHECK (sales_count > 0),
    gmv_cents   bigint NOT NULL,
    PRIMARY KEY (tenant_id, day, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id)
);
ALTER TABLE daily_sales ENABLE ROW LEVEL SECURITY;
ALTER TABLE daily_sales FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON daily_sales
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON daily_sales TO fflow_app;

-- Sales projected before this table existed.
INSERT INTO daily_sales (tenant_id, device_id, day, sales_count, gmv_cents)
SELECT tenant_id, device_id, (to_timestamp(completed_at / 1000.0) AT TIME ZONE 'UTC')::date,
       count(*), sum(total_cents)
FROM sales
GROUP BY 1, 2, 3;
