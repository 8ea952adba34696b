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
  {
    version: 2,
    name: 'accounts for every way in: lock-out, TOTP, OpenID Connect; API tokens; web sessions',
    sql: `
      -- SQLite cannot relax NOT NULL in place: the users table is rebuilt (password_hash becomes
      -- nullable for users who sign in only through the member's identity provider).
      CREATE TABLE users_v2 (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT,
        roles TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        locked_at TEXT,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        totp_secret TEXT,
        totp_last_step INTEGER,
        oidc_subject TEXT UNIQUE
      );
      INSERT INTO users_v2 (id, username, password_hash, roles, created_at, updated_at, disabled)
        SELECT id, username, password_hash, roles, created_at, created_at, disabled FROM users;
      DROP TABLE users;
      ALTER TABLE users_v2 RENAME TO users;

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id),
        roles TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT
      );
      CREATE INDEX tokens_user ON tokens (user_id);

      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id),
        csrf_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX sessions_user ON sessions (user_id);
    `,
  },
  {
    version: 3,
    name: 'hash-chained audit log and its signed checkpoints',
    sql: `
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE INDEX audit_actor ON audit_log (actor, seq);
      CREATE INDEX audit_action ON audit_log (action, seq);
      CREATE INDEX audit_at ON audit_log (at);

      CREATE TABLE audit_checkpoints (
        id INTEGER PRIMARY KEY,
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        at TEXT NOT NULL,
        key_fingerprint TEXT NOT NULL,
        signature TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'TAXII collections, their members with a date_added of their own, and status resources',
    sql: `
      CREATE TABLE collections (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT,
        alias TEXT UNIQUE,
        media_types TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('all', 'members')),
        readers TEXT NOT NULL,
        writers TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- A version added to a members collection: added is its date_added in the collection, from
      -- the node clock; object_added names the version (objects.added).
      CREATE TABLE collection_objects (
        collection_id TEXT NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
        added INTEGER NOT NULL,
        object_added INTEGER NOT NULL,
        PRIMARY KEY (collection_id, added)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX collection_objects_version ON collection_objects (collection_id, object_added);
      CREATE INDEX collection_objects_object ON collection_objects (object_added);

      CREATE TABLE taxii_status (
        id TEXT PRIMARY KEY,
        owner_id TEXT NOT NULL,
        collection_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'share index and visibility table: which member may pull which version, stamped by the node clock',
    sql: `
      -- One row per verified x-accord-share record (visibility.port.ts). record_added names the
      -- record's stored version (objects.added); policy is the parsed share as JSON text.
      CREATE TABLE shares (
        id TEXT PRIMARY KEY,
        object_id TEXT NOT NULL,
        object_version TEXT,
        object_hash TEXT NOT NULL,
        sharer TEXT NOT NULL,
        record_added INTEGER NOT NULL,
        policy TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('valid', 'quarantined')),
        reason TEXT
      );
      CREATE INDEX shares_object ON shares (object_id);
      CREATE INDEX shares_quarantined ON shares (id) WHERE state = 'quarantined';

      -- A version (object_added = objects.added) visible to a member's node. stamp comes from the
      -- node clock, like date_added: a member pages its rows by (member_id, stamp), the primary
      -- key, so a poll is one range scan of its own rows.
      CREATE TABLE visibility (
        member_id TEXT NOT NULL,
        stamp INTEGER NOT NULL,
        object_added INTEGER NOT NULL,
        PRIMARY KEY (member_id, stamp)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX visibility_version ON visibility (member_id, object_added);
      CREATE INDEX visibility_object ON visibility (object_added);
    `,
  },
  {
    version: 6,
    name: 'publication requests: shares waiting for a second user under the four-eyes rule',
    sql: `
      -- One row per publication request (publications.port.ts). seq orders the review queue and
      -- pages it; terms is the share terms as JSON text; outcome is what the approval did.
      CREATE TABLE publications (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'withdrawn')),
        tlp TEXT NOT NULL,
        terms TEXT NOT NULL,
        object_count INTEGER NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        decided_by TEXT,
        decided_at TEXT,
        reason TEXT,
        outcome TEXT
      );
      CREATE INDEX publications_state ON publications (state, seq);

      -- The object versions a request names, in the order asked for.
      CREATE TABLE publication_objects (
        publication_seq INTEGER NOT NULL REFERENCES publications (seq) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        object_id TEXT NOT NULL,
        object_version TEXT NOT NULL,
        object_hash TEXT NOT NULL,
        PRIMARY KEY (publication_seq, position)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'nothing on SQLite (PostgreSQL announces clock advances with NOTIFY; SQLite processes read the clock)',
    sql: '',
  },
  {
    version: 8,
    name: 'retractions: the index of retractions held and what they did, and receipts from holders',
    sql: `
      -- Retractions this node holds and has verified (retractions.port.ts): found by the share
      -- they narrow or end, or the object whose version they purge. state: waiting (the share is
      -- not held yet), applied, refused. A purge row is the tombstone of the content it removed.
      CREATE TABLE retractions (
        id TEXT PRIMARY KEY,
        sharer TEXT NOT NULL,
        effect TEXT NOT NULL CHECK (effect IN ('narrow', 'end', 'purge')),
        share_id TEXT,
        object_id TEXT,
        object_version TEXT,
        object_hash TEXT,
        members TEXT,
        created TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('waiting', 'applied', 'refused')),
        outcome TEXT,
        applied_at TEXT,
        receipt_id TEXT
      );
      CREATE INDEX retractions_share ON retractions (share_id) WHERE share_id IS NOT NULL;
      CREATE INDEX retractions_object ON retractions (object_id) WHERE object_id IS NOT NULL;
      CREATE INDEX retractions_created ON retractions (created, id);
      CREATE INDEX retractions_unreceipted ON retractions (created, id) WHERE state = 'applied' AND receipt_id IS NULL;

      -- Receipts holders signed for this node's retractions: the first per (retraction, member) counts.
      CREATE TABLE retraction_receipts (
        retraction_id TEXT NOT NULL,
        member TEXT NOT NULL,
        receipt_id TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        outcome TEXT NOT NULL,
        PRIMARY KEY (retraction_id, member)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 9,
    name: 'relay provenance: which member nodes each version was received from',
    sql: `
      -- A version (object_added = objects.added) received from a member's node (visibility.port.ts):
      -- a node relays only what it received from the sharer itself (one relay at most), and never
      -- back to a node it received it from. No row: the version is held here first-hand.
      CREATE TABLE received_from (
        object_added INTEGER NOT NULL,
        member TEXT NOT NULL,
        PRIMARY KEY (object_added, member)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    name: 'feed pulls: per feed the validators and last outcome, per value the dates of its indicator',
    sql: `
      -- Remote feeds this node pulls on a schedule (feeds.port.ts, docs/decisions/0026).
      CREATE TABLE feed_state (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        last_attempt TEXT,
        last_success TEXT,
        error_code TEXT,
        error_message TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        settings TEXT,
        pending INTEGER NOT NULL DEFAULT 0,
        outcome TEXT
      );

      -- Every value a feed has listed: when first seen, and its indicator's latest dates.
      CREATE TABLE feed_values (
        feed TEXT NOT NULL,
        value_key TEXT NOT NULL,
        created TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        modified TEXT NOT NULL,
        valid_until TEXT,
        gone_at TEXT,
        PRIMARY KEY (feed, value_key)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 11,
    name: 'saved exports (device feeds) and a TLP ceiling per API token',
    sql: `
      -- Device feeds an administrator defined (exports.port.ts); filter_json is JSON text the interop
      -- area reads. name is the last segment of the feed's URL.
      CREATE TABLE saved_exports (
        name TEXT PRIMARY KEY,
        format TEXT NOT NULL,
        list_name TEXT,
        tlp_ceiling TEXT,
        include_warninglisted INTEGER NOT NULL DEFAULT 0,
        filter_json TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) WITHOUT ROWID;

      -- The most a token may receive from a device feed (null: no ceiling of its own).
      ALTER TABLE tokens ADD COLUMN tlp_ceiling TEXT;
    `,
  },
  {
    version: 12,
    name: 'critical information infrastructure: assets, their networks, domains and software, and the watch\'s alerts',
    sql: `
      -- The member's own assets (assets.port.ts, docs/detection.md): local-only, never shared.
      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        sector TEXT NOT NULL,
        criticality TEXT NOT NULL,
        owner TEXT NOT NULL,
        contact TEXT NOT NULL,
        notes TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      -- An asset's IP networks (CIDR), domains and host names, and software (CPE 2.3), in the order given.
      CREATE TABLE asset_ranges (asset_id TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (asset_id, position)) WITHOUT ROWID;
      CREATE TABLE asset_domains (asset_id TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (asset_id, position)) WITHOUT ROWID;
      CREATE TABLE asset_software (asset_id TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (asset_id, position)) WITHOUT ROWID;

      -- What the watch raised: one alert per asset and object version; evidence is JSON text.
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        asset_id TEXT NOT NULL,
        asset_name TEXT NOT NULL,
        object_id TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_version TEXT NOT NULL,
        creator TEXT,
        sharers TEXT NOT NULL,
        evidence TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (asset_id, object_id, object_version)
      );
      CREATE INDEX alerts_created ON alerts (created_at, id);
      CREATE INDEX alerts_state ON alerts (state, created_at);

      -- Every state change of an alert: who, when, from what to what, and the note given.
      CREATE TABLE alert_changes (
        alert_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (alert_id, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 13,
    name: 'detection alerts: one open alert per indicator, its hits, a sample of evidence, its state changes and its sighting',
    sql: `
      -- What matching the member's own logs found (detections.port.ts, docs/detection.md): local-only.
      -- open_key is the indicator's id while the alert is new or acknowledged, NULL once closed.
      CREATE TABLE detections (
        id TEXT PRIMARY KEY,
        indicator_id TEXT NOT NULL,
        indicator_name TEXT,
        originator TEXT,
        open_key TEXT UNIQUE,
        state TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        sighting_id TEXT NOT NULL,
        sighting_version TEXT,
        shared_version TEXT,
        shared_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX detections_updated ON detections (updated_at, id);
      CREATE INDEX detections_indicator ON detections (indicator_id);

      -- Every hit recorded, once per indicator and key (source, line, event text): re-reading a log counts nothing twice.
      CREATE TABLE detection_hits (
        indicator_id TEXT NOT NULL,
        hit_key TEXT NOT NULL,
        detection_id TEXT NOT NULL,
        seen TEXT NOT NULL,
        PRIMARY KEY (indicator_id, hit_key)
      ) WITHOUT ROWID;
      CREATE INDEX detection_hits_alert ON detection_hits (detection_id, seen);

      -- The first hits of an alert, kept as its evidence (the event, where it came from, what matched and why).
      CREATE TABLE detection_evidence (
        detection_id TEXT NOT NULL,
        hit_key TEXT NOT NULL,
        seen TEXT NOT NULL,
        source TEXT NOT NULL,
        line INTEGER,
        event_type TEXT NOT NULL,
        path TEXT,
        value TEXT,
        why TEXT NOT NULL,
        raw TEXT,
        event_values TEXT NOT NULL,
        observed_data_id TEXT NOT NULL,
        PRIMARY KEY (detection_id, hit_key)
      ) WITHOUT ROWID;

      -- Every state change of a detection alert.
      CREATE TABLE detection_changes (
        detection_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (detection_id, seq)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 14,
    name: 'retro-hunt history: values seen in the member\'s own logs, per path, value and day',
    sql: `
      -- What detection read (observations.port.ts, docs/detection.md "Retro-hunt"): local-only,
      -- never shared. One row per (path, value, UTC day), kept small: the path as a number, the
      -- day as days and the sightings as milliseconds since the epoch. range_key (addresses:
      -- family + hex of the number) and reversed (dotted values: labels reversed) make CIDR and
      -- domain-suffix lookups key ranges. Retention deletes whole days.
      CREATE TABLE observation_paths (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
      CREATE TABLE observations (
        path_id INTEGER NOT NULL,
        value TEXT NOT NULL,
        day INTEGER NOT NULL,
        range_key TEXT,
        reversed TEXT,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        seen_count INTEGER NOT NULL,
        -- A rowid table: the secondary indexes point at an 8-byte rowid, not at a copy of
        -- (path_id, value, day) each.
        UNIQUE (path_id, value, day)
      );
      CREATE INDEX observations_range ON observations (path_id, range_key) WHERE range_key IS NOT NULL;
      CREATE INDEX observations_reversed ON observations (path_id, reversed) WHERE reversed IS NOT NULL;
      CREATE INDEX observations_day ON observations (day);
    `,
  },
  {
    version: 15,
    name: 'web preferences per user: interface language and last visit',
    sql: `
      -- What the web app remembers per user (identity.port.ts UserPreferences), kept on the
      -- server so that it follows the user from one browser to another.
      CREATE TABLE user_preferences (
        user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        language TEXT,
        last_visit_at TEXT
      );
    `,
  },
  {
    version: 16,
    name: 'explorer facets: labels and markings by object version',
    sql: `
      -- Facet counts (docs/decisions/0031) join the newest matching versions to their labels and
      -- markings by version; the primary keys start with the label or marking, so without these
      -- every count would scan both tables. Removing a version uses them too.
      CREATE INDEX object_labels_added ON object_labels (added);
      CREATE INDEX object_markings_added ON object_markings (added);
    `,
  },
];
