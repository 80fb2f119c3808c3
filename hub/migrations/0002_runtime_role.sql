-- The runtime role: what `fflow-hub serve` acts as after connecting (SET ROLE). It cannot
-- log in, is not a superuser, cannot bypass row-level security and owns nothing, so every
-- query it runs is filtered by the tenant policies; only the grants each table gives it
-- below (and in later migrations) let it touch data.
--
-- Roles are global to the PostgreSQL cluster while this migration runs once per database,
-- and tests migrate many databases of one cluster at the same time: creating the role
-- must be idempotent and must tolerate a concurrent creation by another migration.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fflow_app') THEN
        CREATE ROLE fflow_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
    END IF;
EXCEPTION
    -- Another database's migration created it between our check and our CREATE.
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- The owner (who runs migrations and, through SET ROLE, `serve`) must be allowed to switch
-- to the runtime role. Superusers always are. From PostgreSQL 16 a membership may exist
-- without the SET option (a CREATEROLE owner gets ADMIN only on roles it creates), so
-- there the SET privilege itself is checked and granted.
DO $$
DECLARE
    has_set_option_syntax constant boolean := current_setting('server_version_num')::int >= 160000;
    may_switch boolean;
BEGIN
    IF has_set_option_syntax THEN
        EXECUTE 'SELECT pg_has_role(current_user, ''fflow_app'', ''SET'')' INTO may_switch;
    ELSE
        may_switch := pg_has_role(current_user, 'fflow_app', 'MEMBER');
    END IF;
    IF NOT may_switch THEN
        EXECUTE format(
            'GRANT fflow_app TO %I%s',
            current_user,
            CASE WHEN has_set_option_syntax THEN ' WITH SET TRUE' ELSE '' END
        );
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO fflow_app;

-- Tenants are isolated like every tenant table, keyed by their own id: a request acting
-- for tenant A sees only A's row. Creating a tenant sets app.tenant_id to the new id first.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
    USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT, UPDATE ON tenants TO fflow_app;

-- serve refuses to start on a database whose schema is older than its binary; it reads
-- the applied versions as the runtime role. (sqlx creates this table before migrating.)
GRANT SELECT ON _sqlx_migrations TO fflow_app;
