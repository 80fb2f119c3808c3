-- What operators change outside any tenant (the price list): who, what, when, and the
-- state after. Tenant actions go to audit_log; this table needs no tenant. Append-only by
-- the same rules as audit_log, and the runtime role has no access at all.
CREATE TABLE operator_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    actor   text NOT NULL CHECK (length(btrim(actor)) > 0),
    action  text NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    after   jsonb
);

CREATE FUNCTION refuse_change_to_log() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER operator_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON operator_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change_to_log();
