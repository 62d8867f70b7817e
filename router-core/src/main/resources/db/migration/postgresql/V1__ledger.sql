-- The cost ledger (PostgreSQL). Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE ledger_rows (
    id              BIGSERIAL PRIMARY KEY,
    request_id      TEXT    NOT NULL,
    ts              BIGINT NOT NULL,
    api_key_id      TEXT,
    provider        TEXT    NOT NULL,
    model           TEXT    NOT NULL,
    input_tokens    INTEGER NOT NULL,
    output_tokens   INTEGER NOT NULL,
    cached_tokens   INTEGER NOT NULL,
    cost_usd        DOUBLE PRECISION    NOT NULL,
    cost_estimated  BOOLEAN NOT NULL,
    latency_ms      BIGINT NOT NULL,
    ttft_ms         BIGINT,
    status          TEXT    NOT NULL,
    error           TEXT,
    decision_id     TEXT,
    classes         TEXT,
    config_version  TEXT,
    model_version   TEXT,
    pool            TEXT,
    fallback_index  INTEGER NOT NULL,
    stream          BOOLEAN NOT NULL,
    messages        TEXT
);
CREATE INDEX ledger_rows_ts ON ledger_rows (ts);
CREATE INDEX ledger_rows_request ON ledger_rows (request_id);

CREATE TABLE feedback (
    id          BIGSERIAL PRIMARY KEY,
    request_id  TEXT    NOT NULL,
    score       DOUBLE PRECISION    NOT NULL,
    ts          BIGINT NOT NULL,
    source      TEXT
);
CREATE INDEX feedback_request ON feedback (request_id);

-- One row per budget and period (money in micro-dollars, exact): what was spent and what is reserved by requests in flight.
CREATE TABLE budget_spend (
    scope         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    period_start  TEXT    NOT NULL,
    cap_micros    BIGINT  NOT NULL,
    spent_micros  BIGINT  NOT NULL DEFAULT 0,
    reserved_micros BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, name, period, period_start)
);

-- One row per reservation and budget it holds; a row past expires_at is returned by the sweep.
CREATE TABLE budget_reservations (
    id            TEXT    NOT NULL,
    scope         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    period_start  TEXT    NOT NULL,
    amount_micros BIGINT  NOT NULL,
    expires_at    BIGINT NOT NULL,
    PRIMARY KEY (id, scope, name, period, period_start)
);
CREATE INDEX budget_reservations_expiry ON budget_reservations (expires_at);
