-- Licensing: who this device is, its license, the instance status the hub last reported,
-- the highest trusted time seen, and a log of every status check.
--
-- Each singleton table holds at most one row (id = 1), so "the" license or "the" device
-- is a primary-key look-up inside any write transaction.

-- This device as the database knows it. The private key is NOT here: it lives in the OS
-- keyring or in an owner-only file; `epoch` is written there too, so a database restored
-- from a backup (or a reinstall) is noticed when the two disagree.
CREATE TABLE device_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    device_id   TEXT NOT NULL,
    epoch       TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    key_store   TEXT NOT NULL CHECK (key_store IN ('os_keyring', 'file')),
    updated_at  INTEGER NOT NULL
) STRICT;

-- The license token (compact JWS) as the hub signed it; verified again whenever it is
-- used, so editing this row cannot grant anything.
CREATE TABLE license (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    token        TEXT NOT NULL,
    installed_at INTEGER NOT NULL
) STRICT;

-- What the hub last said about this instance, with the hub's time of saying it.
CREATE TABLE license_instance_status (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    status      TEXT NOT NULL
                CHECK (status IN ('active', 'pending_payment', 'suspended', 'deactivated')),
    hub_time    INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL
) STRICT;

-- The high-water mark of trusted times (seconds): license issue times and hub clocks.
-- `tampering_seen_at` latches when the system clock was found far behind the mark and is
-- cleared by the next successful hub contact.
CREATE TABLE trusted_time (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    high_water_mark   INTEGER NOT NULL,
    last_hub_contact  INTEGER,
    tampering_seen_at INTEGER
) STRICT;

-- Every license/status check against the hub, successful or not.
CREATE TABLE license_checks (
    seq              INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('activation', 'start_up', 'scheduled', 'on_demand')),
    success          INTEGER NOT NULL CHECK (success IN (0, 1)),
    status_received  TEXT,
    error            TEXT,
    response_time_ms INTEGER,
    checked_at       INTEGER NOT NULL
) STRICT;
