-- Every heartbeat rewrites its device's row (the visit, the usage, a renewed expiry). None
-- of those columns is indexed, so PostgreSQL can update the row in place on its page (a
-- HOT update: no new entry in any of the three device indexes), but only while the page
-- has room for the new version. Devices are few and their rows small, so a full page is
-- the usual case; leaving 30% of each page free keeps the heartbeat's updates HOT.
-- Applies to pages written from now on; existing rows move as they are next updated.
ALTER TABLE devices SET (fillfactor = 70);
