-- The store's domain: catalog, stock ledger, people, cash sessions, sales, sync queues
-- and the local audit log. Money is integer cents; quantities are integer thousandths
-- (1 unit = 1000, 1 kg = 1000 g); timestamps are Unix milliseconds (UTC); ids are UUIDv7
-- text.

CREATE TABLE categories (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE brands (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0)
) STRICT;

CREATE TABLE products (
    id                  TEXT PRIMARY KEY NOT NULL,
    sku                 TEXT NOT NULL UNIQUE CHECK (length(trim(sku)) > 0),
    name                TEXT NOT NULL CHECK (length(trim(name)) > 0),
    category_id         TEXT REFERENCES categories (id),
    brand_id            TEXT REFERENCES brands (id),
    unit                TEXT NOT NULL CHECK (unit IN ('un', 'kg')),
    price_cents         INTEGER NOT NULL CHECK (price_cents >= 0),
    cost_cents          INTEGER NOT NULL DEFAULT 0 CHECK (cost_cents >= 0),
    tax_rate_bp         INTEGER NOT NULL DEFAULT 0 CHECK (tax_rate_bp BETWEEN 0 AND 10000),
    tax_included        INTEGER NOT NULL DEFAULT 1 CHECK (tax_included IN (0, 1)),
    sold_by_weight      INTEGER NOT NULL DEFAULT 0 CHECK (sold_by_weight IN (0, 1)),
    min_stock_milli     INTEGER NOT NULL DEFAULT 0 CHECK (min_stock_milli >= 0),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    -- Cache of SUM(stock_movements.quantity_milli): written only by the trigger below,
    -- and movements can be neither changed nor deleted, so it cannot drift.
    stock_on_hand_milli INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT;

CREATE TABLE product_barcodes (
    barcode    TEXT PRIMARY KEY NOT NULL CHECK (length(barcode) > 0),
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX product_barcodes_by_product ON product_barcodes (product_id);

-- Accent- and case-insensitive word and prefix search over names and SKUs.
CREATE VIRTUAL TABLE product_search USING fts5 (
    name, sku,
    content = 'products', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search (rowid, name, sku) VALUES (new.rowid, new.name, new.sku);
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    INSERT INTO product_search (product_search, rowid, name, sku)
    VALUES ('delete', old.rowid, old.name, old.sku);
END;
CREATE TRIGGER products_search_update AFTER UPDATE OF name, sku ON products BEGIN
    INSERT INTO product_search (product_search, rowid, name, sku)
    VALUES ('delete', old.rowid, old.name, old.sku);
    INSERT INTO product_search (rowid, name, sku) VALUES (new.rowid, new.name, new.sku);
END;

CREATE TABLE locations (
    id   TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE CHECK (length(trim(code)) > 0)
) STRICT;

CREATE TABLE till_users (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role       TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'owner')),
    pin_hash   TEXT NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at INTEGER NOT NULL
) STRICT;

-- The stock ledger. Stock on hand is the sum of a product's movements.
-- Movements are never deleted, so the rowid alone identifies them in order.
CREATE TABLE stock_movements (
    seq            INTEGER PRIMARY KEY,
    product_id     TEXT NOT NULL REFERENCES products (id),
    location_id    TEXT REFERENCES locations (id),
    quantity_milli INTEGER NOT NULL CHECK (quantity_milli <> 0),
    reason         TEXT NOT NULL CHECK (reason IN ('sale', 'return', 'adjustment', 'receipt', 'transfer')),
    reference_id   TEXT,
    user_id        TEXT REFERENCES till_users (id),
    note           TEXT,
    occurred_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX stock_movements_by_product ON stock_movements (product_id, location_id);
CREATE TRIGGER stock_movements_apply AFTER INSERT ON stock_movements BEGIN
    UPDATE products SET stock_on_hand_milli = stock_on_hand_milli + new.quantity_milli
    WHERE id = new.product_id;
END;
CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN
    SELECT RAISE (ABORT, 'stock movements are a ledger: add a correcting movement instead');
END;
CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN
    SELECT RAISE (ABORT, 'stock movements are a ledger: add a correcting movement instead');
END;
CREATE TABLE customers (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    phone      TEXT,
    email      TEXT,
    document   TEXT,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE payment_methods (
    code     TEXT PRIMARY KEY NOT NULL CHECK (length(trim(code)) > 0),
    label    TEXT NOT NULL CHECK (length(trim(label)) > 0),
    kind     TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'pix', 'other')),
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    position INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO payment_methods (code, label, kind, position) VALUES
    ('cash', 'Dinheiro', 'cash', 1),
    ('debit', 'Cartão de débito', 'card', 2),
    ('credit', 'Cartão de crédito', 'card', 3),
    ('pix', 'PIX', 'pix', 4);

CREATE TABLE cash_sessions (
    id                  TEXT PRIMARY KEY NOT NULL,
    status              TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    opened_by           TEXT NOT NULL REFERENCES till_users (id),
    opened_at           INTEGER NOT NULL,
    opening_float_cents INTEGER NOT NULL CHECK (opening_float_cents >= 0),
    closed_by           TEXT REFERENCES till_users (id),
    closed_at           INTEGER
) STRICT;
-- A counter has at most one open session.
CREATE UNIQUE INDEX cash_sessions_one_open ON cash_sessions (status) WHERE status = 'open';

CREATE TABLE cash_movements (
    id           TEXT PRIMARY KEY NOT NULL,
    session_id   TEXT NOT NULL REFERENCES cash_sessions (id),
    kind         TEXT NOT NULL CHECK (kind IN ('cash_in', 'cash_out')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    user_id      TEXT NOT NULL REFERENCES till_users (id),
    occurred_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX cash_movements_by_session ON cash_movements (session_id);

CREATE TABLE cash_session_counts (
    session_id    TEXT NOT NULL REFERENCES cash_sessions (id),
    method_code   TEXT NOT NULL REFERENCES payment_methods (code),
    counted_cents INTEGER NOT NULL CHECK (counted_cents >= 0),
    PRIMARY KEY (session_id, method_code)
) STRICT, WITHOUT ROWID;

-- `number` is the rowid: the next one is MAX + 1 read inside the sale's own
-- transaction, so numbers are gap-free (a rolled-back sale leaves no row and gives its
-- number back) at no extra write. `code` is `<device>-<number>`, unique with it.
CREATE TABLE sales (
    number          INTEGER PRIMARY KEY CHECK (number > 0),
    id              TEXT NOT NULL UNIQUE,
    code            TEXT NOT NULL,
    session_id      TEXT NOT NULL REFERENCES cash_sessions (id),
    cashier_id      TEXT NOT NULL REFERENCES till_users (id),
    customer_id     TEXT REFERENCES customers (id),
    gross_cents     INTEGER NOT NULL,
    discount_cents  INTEGER NOT NULL,
    tax_cents       INTEGER NOT NULL,
    total_cents     INTEGER NOT NULL CHECK (total_cents >= 0),
    tendered_cents  INTEGER NOT NULL,
    change_cents    INTEGER NOT NULL CHECK (change_cents >= 0),
    completed_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX sales_by_session ON sales (session_id);

CREATE TABLE sale_lines (
    sale_id              TEXT NOT NULL REFERENCES sales (id),
    line_no              INTEGER NOT NULL CHECK (line_no > 0),
    product_id           TEXT NOT NULL REFERENCES products (id),
    sku                  TEXT NOT NULL,
    name                 TEXT NOT NULL,
    unit_price_cents     INTEGER NOT NULL,
    quantity_milli       INTEGER NOT NULL CHECK (quantity_milli > 0),
    gross_cents          INTEGER NOT NULL,
    line_discount_cents  INTEGER NOT NULL,
    order_discount_cents INTEGER NOT NULL,
    net_cents            INTEGER NOT NULL,
    tax_rate_bp          INTEGER NOT NULL,
    tax_included         INTEGER NOT NULL,
    tax_cents            INTEGER NOT NULL,
    total_cents          INTEGER NOT NULL,
    PRIMARY KEY (sale_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE sale_payments (
    sale_id      TEXT NOT NULL REFERENCES sales (id),
    position     INTEGER NOT NULL,
    method_code  TEXT NOT NULL REFERENCES payment_methods (code),
    kind         TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'pix', 'other')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (sale_id, position)
) STRICT, WITHOUT ROWID;

-- Events waiting for the hub. AUTOINCREMENT: a sequence number is never reused, even
-- after acknowledged rows are pruned, because the hub keys events by it. Pending events
-- are found by seq range from the sync cursor, so no other index is kept: every index is
-- one more page written by every sale.
CREATE TABLE outbox (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT NOT NULL,
    aggregate    TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL CHECK (json_valid(payload)),
    occurred_at  INTEGER NOT NULL,
    acked_at     INTEGER
) STRICT;

-- Commands from the hub, applied once each.
CREATE TABLE inbox (
    command_id TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    applied_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Money- and stock-changing actions: who, what, when, before and after. Append-only.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id    TEXT,
    approved_by TEXT,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    before      TEXT CHECK (before IS NULL OR json_valid(before)),
    after       TEXT CHECK (after IS NULL OR json_valid(after)),
    occurred_at INTEGER NOT NULL
) STRICT;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE (ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE (ABORT, 'the audit log is append-only');
END;
