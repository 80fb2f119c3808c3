-- Unauthenticated device calls per client address: failed activations (guessing codes)
-- and token challenges (each one stores a nonce). Like the sign-in failures by address it
-- holds no tenant data, so it has no tenant policy.
CREATE TABLE address_attempts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    action          text NOT NULL CHECK (action IN ('activation', 'token_challenge')),
    client_address  inet NOT NULL,
    at              timestamptz NOT NULL
);
CREATE INDEX address_attempts_window ON address_attempts (action, client_address, at);
-- Expired attempts of all addresses are dropped by time.
CREATE INDEX address_attempts_expiry ON address_attempts (at);
GRANT SELECT, INSERT, DELETE ON address_attempts TO fflow_app;
