/*
 * The journal's tables. `events` is the hall's log (seq is the primary key, so a seq can never be
 * written twice); `answers` keeps the answer to each (device, reqId) so a repeated request gets
 * the first answer, also after a restart; `cursors` are durable named positions in the log (the
 * uplink's acknowledged seq); `meta` holds small settings (where the current day starts, the
 * person-id salt, the last configuration hash, rules changed by the cloud).
 */
export const SCHEMA_VERSION = 1

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq  INTEGER PRIMARY KEY,
  ts   TEXT NOT NULL,
  type TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
  device   TEXT NOT NULL,
  req_id   TEXT NOT NULL,
  at       INTEGER NOT NULL,
  response TEXT NOT NULL,
  PRIMARY KEY (device, req_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS answers_at ON answers (at);
CREATE TABLE IF NOT EXISTS cursors (
  name TEXT PRIMARY KEY,
  seq  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`
