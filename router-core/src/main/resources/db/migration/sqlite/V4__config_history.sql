-- Every config a router applied (at start and on each reload), with its full text, so any version can
-- be shown, compared and rolled back to. Times are milliseconds since the Unix epoch (UTC). Configs
-- hold names of environment variables and files for secrets, never the secrets themselves.
CREATE TABLE config_versions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    version     TEXT    NOT NULL,
    applied_at  INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    content     TEXT    NOT NULL
);
CREATE INDEX config_versions_version ON config_versions (version);
