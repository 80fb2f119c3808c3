-- Wrong PINs in a row per till user, and until when the user is locked out after too
-- many of them (see core's people/pin_attempts.rs for the policy). A right PIN clears
-- the row.
CREATE TABLE pin_attempts (
    user_id      TEXT PRIMARY KEY NOT NULL REFERENCES till_users (id),
    failures     INTEGER NOT NULL CHECK (failures > 0),
    locked_until INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
