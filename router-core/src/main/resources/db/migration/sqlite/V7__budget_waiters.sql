-- Calls waiting for room in a budget, in arrival order (ticket) across every router sharing this
-- ledger: a reservation is admitted only if it fits beside the amounts of every older live waiter
-- for the same budget period, so waiters keep their turn and a newcomer cannot take their room.
-- expires_at is milliseconds since the Unix epoch (UTC); a crashed router's waiters expire by themselves.
CREATE TABLE budget_waiters (
    ticket        INTEGER PRIMARY KEY AUTOINCREMENT,
    scope         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    period_start  TEXT    NOT NULL,
    amount_micros BIGINT  NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX budget_waiters_budget ON budget_waiters (scope, name, period, period_start, ticket);
