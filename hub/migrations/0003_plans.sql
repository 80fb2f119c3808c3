-- Plans: the price list of F-Flow, the same for every tenant, so not tenant-scoped. The
-- runtime role may only read it; plans are created by operators through the owner path.
CREATE TABLE plans (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code           text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    name           text NOT NULL CHECK (length(btrim(name)) > 0),
    -- Money is integer cents in the plan's currency, never a float.
    price_cents    bigint NOT NULL CHECK (price_cents >= 0),
    currency       char(3) NOT NULL DEFAULT 'BRL' CHECK (currency ~ '^[A-Z]{3}$'),
    billing_cycle  text NOT NULL CHECK (billing_cycle IN ('monthly', 'yearly')),
    max_devices    integer NOT NULL CHECK (max_devices > 0),
    max_users      integer NOT NULL CHECK (max_users > 0),
    max_products   integer NOT NULL CHECK (max_products > 0),
    features       text[] NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON plans TO fflow_app;
