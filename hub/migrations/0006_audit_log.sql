-- The audit log: who did what to which tenant, and why. Append-only by the database's own
-- rules, not by convention: the runtime role may insert and read its tenant's rows only,
-- and a trigger refuses UPDATE, DELETE and TRUNCATE for everyone, the owner included.
CREATE TABLE audit_log (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          bigint GENERATED ALWAYS AS IDENTITY,
    at          timestamptz NOT NULL DEFAULT now(),
    -- Who acted: a tenant's user, F-Flow support staff working across tenants, an
    -- operator at the command line, a device, or the hub itself (billing runs).
    actor_kind  text NOT NULL CHECK (actor_kind IN ('user', 'support', 'operator', 'device', 'system')),
    actor       text NOT NULL CHECK (length(btrim(actor)) > 0),
    action      text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    reason      text,
    before      jsonb,
    after       jsonb,
    PRIMARY KEY (tenant_id, id),
    -- Support reaches into a customer's data only with a stated reason.
    CONSTRAINT support_states_a_reason
        CHECK (actor_kind <> 'support' OR length(btrim(coalesce(reason, ''))) > 0)
);
CREATE INDEX audit_log_by_time ON audit_log (tenant_id, at);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
-- No UPDATE or DELETE policy: with RLS on, those commands would match no row even if a
-- grant slipped in; the grants and the trigger below refuse them outright.
CREATE POLICY tenant_reads ON audit_log FOR SELECT
    USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY tenant_appends ON audit_log FOR INSERT
    WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
GRANT SELECT, INSERT ON audit_log TO fflow_app;

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

-- Statement-level, so even an UPDATE or DELETE that matches no row is refused, and TRUNCATE
-- (which fires no row triggers) too.
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
