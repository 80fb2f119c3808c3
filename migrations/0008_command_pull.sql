-- Pulling the hub's commands: commands that could not be applied are kept here with the
-- reason, so the UI can show them and support can act, while the cursor moves past them
-- and the commands after them are applied. A command id is quarantined once, however
-- often it is delivered.
CREATE TABLE command_quarantine (
    command_id     TEXT PRIMARY KEY NOT NULL,
    cursor         INTEGER NOT NULL CHECK (cursor > 0),
    kind           TEXT NOT NULL,
    payload        TEXT NOT NULL,
    reason_code    TEXT NOT NULL,
    reason         TEXT NOT NULL,
    quarantined_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX command_quarantine_by_cursor ON command_quarantine (cursor);

-- The outcome of the last pull, for the sync status, next to the last push's.
ALTER TABLE hub_link ADD COLUMN last_pull_success INTEGER;
ALTER TABLE hub_link ADD COLUMN last_pull_error TEXT;
ALTER TABLE hub_link ADD COLUMN last_pull_error_at INTEGER;
