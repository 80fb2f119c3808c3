-- The serving hub prunes every tenant's command feed on a schedule, as the runtime role,
-- which sees one tenant at a time. This function answers the one question it must ask
-- across tenants (which have commands older than the retention?) with its owner's
-- rights, through a policy that holds only while the function sets app.retention_lookup
-- around its one query, as live_tenant_id_for_cnpj does for sign-in. It returns tenant
-- ids only, never a command.
CREATE POLICY retention_lookup ON sync_commands FOR SELECT TO CURRENT_USER
    USING (current_setting('app.retention_lookup', true) = 'on');
CREATE FUNCTION tenants_with_commands_older_than(retention_seconds double precision)
RETURNS SETOF uuid
LANGUAGE plpgsql SECURITY DEFINER
-- A SECURITY DEFINER function must not resolve names through the caller's search_path.
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM set_config('app.retention_lookup', 'on', true);
    RETURN QUERY
        SELECT DISTINCT tenant_id FROM public.sync_commands
        WHERE created_at < now() - make_interval(secs => retention_seconds);
    PERFORM set_config('app.retention_lookup', '', true);
END
$$;
REVOKE ALL ON FUNCTION tenants_with_commands_older_than(double precision) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_commands_older_than(double precision) TO fflow_app;
