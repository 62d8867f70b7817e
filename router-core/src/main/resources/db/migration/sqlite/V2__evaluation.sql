-- The drift evaluation (SQLite). Times are milliseconds since the Unix epoch (UTC); booleans are 0/1.
-- One row per evaluation run. slot is set for scheduled runs: its uniqueness makes every replica
-- sharing this database run a scheduled slot at most once.
CREATE TABLE eval_runs (
    run_id          TEXT    PRIMARY KEY,
    slot            TEXT    UNIQUE,
    trigger_kind    TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    sets            TEXT    NOT NULL,
    sets_sha256     TEXT    NOT NULL,
    models          TEXT    NOT NULL,
    prompts         INTEGER NOT NULL,
    estimated_usd   REAL    NOT NULL,
    budget_usd      REAL    NOT NULL,
    spent_usd       REAL    NOT NULL DEFAULT 0,
    drift           TEXT,
    weights_version INTEGER,
    report_path     TEXT,
    message         TEXT
);
CREATE INDEX eval_runs_started ON eval_runs (started_at);

-- What each model did with each prompt of a run.
CREATE TABLE eval_results (
    run_id        TEXT    NOT NULL,
    model         TEXT    NOT NULL,
    item_id       TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    task          TEXT    NOT NULL,
    complexity    TEXT    NOT NULL,
    passed        INTEGER NOT NULL,
    error         TEXT,
    latency_ms    INTEGER NOT NULL,
    input_tokens  INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cost_usd      REAL    NOT NULL,
    detail        TEXT,
    PRIMARY KEY (run_id, model, item_id)
);
CREATE INDEX eval_results_model ON eval_results (model, run_id);

-- The run each (model, task, complexity) cell is compared with: the first completed run, or a pinned one.
CREATE TABLE eval_baselines (
    model      TEXT    NOT NULL,
    task       TEXT    NOT NULL,
    complexity TEXT    NOT NULL,
    run_id     TEXT    NOT NULL,
    pinned     INTEGER NOT NULL,
    set_at     INTEGER NOT NULL,
    PRIMARY KEY (model, task, complexity)
);

-- A lease: at most one evaluation runs at a time across every process sharing this database.
CREATE TABLE eval_lock (
    name       TEXT    PRIMARY KEY,
    holder     TEXT,
    expires_at INTEGER NOT NULL
);
INSERT INTO eval_lock (name, holder, expires_at) VALUES ('evaluation', NULL, 0);
