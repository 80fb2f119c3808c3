-- What each device last reported of its use, how often it was reset this month, and
-- whether its license must be renewed before it runs out (its tenant's entitlements
-- changed since it was signed).

-- Usage counters from the heartbeat. `usage_sales_completed` is the device's running
-- total, not a delta, so a heartbeat resent after a lost answer counts nothing twice.
ALTER TABLE devices
    ADD COLUMN usage_till_users      integer CHECK (usage_till_users >= 0),
    ADD COLUMN usage_products        integer CHECK (usage_products >= 0),
    ADD COLUMN usage_sales_completed bigint CHECK (usage_sales_completed >= 0),
    ADD COLUMN usage_reported_at     timestamptz,
    ADD CONSTRAINT devices_usage_complete CHECK (
        (usage_reported_at IS NULL) = (usage_till_users IS NULL)
        AND (usage_reported_at IS NULL) = (usage_products IS NULL)
        AND (usage_reported_at IS NULL) = (usage_sales_completed IS NULL)
    );

-- Resets are limited per device per calendar month (UTC): the month of the last reset
-- and how many fell in it.
ALTER TABLE devices
    ADD COLUMN reset_month       date,
    ADD COLUMN resets_in_month   smallint NOT NULL DEFAULT 0 CHECK (resets_in_month >= 0);

-- Set when a plan or an override changes what the tenant may use; the next heartbeat
-- signs a license with the new entitlements whatever its expiry, and clears it.
ALTER TABLE devices
    ADD COLUMN license_renewal_due boolean NOT NULL DEFAULT false;
