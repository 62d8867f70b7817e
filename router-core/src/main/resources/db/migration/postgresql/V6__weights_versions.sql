-- Routing-weight versions shared by every router on this ledger: each version's metadata and weights as
-- the weights folder holds them (evaluation.weights_dir stays each router's local copy), and the one
-- current version. seq grows on every change of the current version, so replicas notice each change.
CREATE TABLE weights_versions (
    version     INTEGER PRIMARY KEY,
    meta        TEXT    NOT NULL,
    weights     TEXT    NOT NULL
);
CREATE TABLE weights_current (
    id          INTEGER PRIMARY KEY,
    version     INTEGER NOT NULL,
    seq         BIGINT NOT NULL,
    changed_at  BIGINT NOT NULL
);
