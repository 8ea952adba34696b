// SQLite schema, as versioned migrations applied in order at open. Never edit a released
// migration: add the next one. The PostgreSQL adapter keeps the same versions and meanings.

import type { Migration } from '../migration.js';

export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'objects, versions, search indexes, users, node settings',
    sql: `
      CREATE TABLE node_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_added INTEGER NOT NULL
      );
      INSERT INTO node_clock (id, last_added) VALUES (1, 0);

      -- One row per stored object version. added = date_added in µs: the rowid, so paging in
      -- date_added order is a plain rowid range scan. json is the canonical text, served as is.
      -- vsort (the version timestamp, sortable) has no index of its own: every read pages in
      -- date_added order and filters on it, and an index on it cost a third of import speed.
      CREATE TABLE objects (
        added INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        spec_version TEXT NOT NULL,
        version TEXT NOT NULL,
        vsort TEXT NOT NULL,
        vkey TEXT NOT NULL,
        revoked INTEGER NOT NULL,
        latest INTEGER NOT NULL,
        first INTEGER NOT NULL,
        created_by TEXT,
        hash TEXT NOT NULL,
        json TEXT NOT NULL
      );
      CREATE UNIQUE INDEX objects_id_vkey ON objects (id, vkey);
      CREATE INDEX objects_type_added ON objects (type, added);
      CREATE INDEX objects_creator_added ON objects (created_by, added) WHERE created_by IS NOT NULL;

      CREATE TABLE object_labels (
        label TEXT NOT NULL,
        added INTEGER NOT NULL,
        PRIMARY KEY (label, added)
      ) WITHOUT ROWID;
      CREATE TABLE object_markings (
        marking TEXT NOT NULL,
        added INTEGER NOT NULL,
        PRIMARY KEY (marking, added)
      ) WITHOUT ROWID;

      -- Contentless full-text index keyed by added (the text lives in json already).
      CREATE VIRTUAL TABLE object_text USING fts5 (
        body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        roles TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
];
