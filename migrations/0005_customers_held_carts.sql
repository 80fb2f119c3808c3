-- Customers become editable records with a unique tax document (CPF or CNPJ, stored
-- normalized: digits, and letters for the alphanumeric CNPJ) and can be deactivated
-- without losing the sales that name them. Parked carts wait in `held_carts` until a till
-- resumes or discards them.

ALTER TABLE customers ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
ALTER TABLE customers ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
-- The name folded for search (lower case, accents off), written by the store core. Rows
-- from before get SQLite's lower case (ASCII letters only) until they are next updated.
ALTER TABLE customers ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
UPDATE customers SET search_name = lower(trim(name));
-- One customer per document; customers without one are many.
CREATE UNIQUE INDEX customers_unique_document ON customers (document) WHERE document IS NOT NULL;
CREATE INDEX customers_by_phone ON customers (phone) WHERE phone IS NOT NULL;
CREATE INDEX customers_by_search_name ON customers (search_name);

-- A cart parked at the counter. `cart` is the JSON of its lines, order discount and the
-- unit prices seen when it was parked; prices are evaluated again on resume. Resuming
-- deletes the row, so a cart can be resumed once.
CREATE TABLE held_carts (
    id          TEXT PRIMARY KEY NOT NULL,
    label       TEXT NOT NULL CHECK (length(trim(label)) > 0),
    cashier_id  TEXT NOT NULL REFERENCES till_users (id),
    customer_id TEXT REFERENCES customers (id),
    cart        TEXT NOT NULL CHECK (json_valid(cart)),
    held_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX held_carts_by_time ON held_carts (held_at);
