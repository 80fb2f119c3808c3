-- Returns of earlier sales: which lines, how much of each, how the money went back, and
-- whether the goods went back to stock.

CREATE TABLE returns (
    id           TEXT PRIMARY KEY NOT NULL,
    sale_id      TEXT NOT NULL REFERENCES sales (id),
    session_id   TEXT NOT NULL REFERENCES cash_sessions (id),
    cashier_id   TEXT NOT NULL REFERENCES till_users (id),
    approved_by  TEXT NOT NULL REFERENCES till_users (id),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    restock      INTEGER NOT NULL CHECK (restock IN (0, 1)),
    refund_cents INTEGER NOT NULL CHECK (refund_cents >= 0),
    returned_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX returns_by_sale ON returns (sale_id);
CREATE INDEX returns_by_session ON returns (session_id);

CREATE TABLE return_lines (
    return_id      TEXT NOT NULL REFERENCES returns (id),
    sale_id        TEXT NOT NULL,
    line_no        INTEGER NOT NULL,
    quantity_milli INTEGER NOT NULL CHECK (quantity_milli > 0),
    refund_cents   INTEGER NOT NULL CHECK (refund_cents >= 0),
    PRIMARY KEY (return_id, line_no),
    FOREIGN KEY (sale_id, line_no) REFERENCES sale_lines (sale_id, line_no)
) STRICT, WITHOUT ROWID;
CREATE INDEX return_lines_by_sale_line ON return_lines (sale_id, line_no);

CREATE TABLE return_refunds (
    return_id    TEXT NOT NULL REFERENCES returns (id),
    position     INTEGER NOT NULL,
    method_code  TEXT NOT NULL REFERENCES payment_methods (code),
    kind         TEXT NOT NULL CHECK (kind IN ('cash', 'card', 'pix', 'other')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (return_id, position)
) STRICT, WITHOUT ROWID;
