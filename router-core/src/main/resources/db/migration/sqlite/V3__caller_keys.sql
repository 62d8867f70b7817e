-- Caller keys (virtual keys). Times are milliseconds since the Unix epoch (UTC). The key itself is
-- never stored: only a random salt and SHA-256(salt || secret). The id is the public part of the key
-- (rw-<id>-<secret>) and names the caller in ledger rows and budgets as key_<id>.
CREATE TABLE caller_keys (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    salt            TEXT    NOT NULL,
    secret_hash     TEXT    NOT NULL,
    created_at      INTEGER  NOT NULL,
    expires_at      INTEGER,
    revoked_at      INTEGER,
    last_used_at    INTEGER,
    budget_usd      REAL,
    budget_period   TEXT,
    rpm             INTEGER,
    tpm             INTEGER,
    models          TEXT
);
