-- The store's link to its hub: what activation gave (tenant, the hub-minted device id,
-- the event-stream epoch) and where the outbox stream of that epoch starts, plus the
-- outcome of the last push for the sync status the UI shows.
--
-- The hub numbers each epoch's events from 1, while the outbox numbers rows for the life
-- of the database: an event's number on the wire is `outbox.seq - seq_base`, and
-- `seq_base` is the last event acknowledged before the epoch began.
CREATE TABLE hub_link (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    tenant_id           TEXT NOT NULL,
    device_id           TEXT NOT NULL,
    hub_epoch           INTEGER NOT NULL CHECK (hub_epoch >= 0),
    seq_base            INTEGER NOT NULL CHECK (seq_base >= 0),
    activated_at        INTEGER NOT NULL,
    last_push_success   INTEGER,
    last_push_error     TEXT,
    last_push_error_at  INTEGER
) STRICT;
