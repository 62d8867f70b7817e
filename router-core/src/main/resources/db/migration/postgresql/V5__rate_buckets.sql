-- Token buckets shared by every router on this ledger (per caller key and per provider), so a
-- requests- or tokens-per-minute limit holds across replicas. updated_at is milliseconds since the
-- Unix epoch (UTC); tokens are refilled from it on each take.
CREATE TABLE rate_buckets (
    name        TEXT    PRIMARY KEY,
    tokens      DOUBLE PRECISION NOT NULL,
    updated_at  BIGINT NOT NULL
);
