-- Receipts waiting for, or handed to, the printer. A job is added only after its sale
-- is committed, and is printed again on its own only when the printer cannot have
-- printed any of it.
CREATE TABLE print_jobs (
    seq         INTEGER PRIMARY KEY,
    sale_id     TEXT NOT NULL REFERENCES sales (id),
    status      TEXT NOT NULL CHECK (status IN ('pending', 'printing', 'printed', 'needs_reprint')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX print_jobs_open ON print_jobs (status) WHERE status <> 'printed';
