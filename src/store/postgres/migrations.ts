// PostgreSQL schema, as versioned migrations applied in order at open: the same versions and
// meanings as sqlite/migrations.ts, in PostgreSQL's dialect. Never edit a released migration:
// add the next one (and its SQLite twin).
//
// Dialect choices:
//   - json is TEXT, not jsonb: jsonb reorders keys and rewrites numbers, and objects must come
//     out byte for byte as stored (their content hash covers those bytes).
//   - Text columns that are compared or sorted as codes (ids, version keys, labels, markings)
//     use COLLATE "C": byte order, as SQLite's BINARY, whatever the database's locale, and
//     cheaper comparisons.
//   - Full-text is a tsvector column written with the object, under a GIN index: lowercase
//     tokens, no stemming, no stop words (the 'simple' configuration's meaning: members write
//     in many languages), cut by text-search.ts so that they match SQLite's FTS5 tokens. It is
//     NULL when an object has no searchable text, like SQLite's contentless FTS5 table that
//     simply has no row for it.
import type { Pool, PoolClient } from 'pg';
import { AccordError } from '../../stix/index.js';
import type { Migration } from '../migration.js';
import { MIGRATION_LOCK } from './advisory-locks.js';

export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'objects, versions, search indexes, users, node settings',
    sql: `
      CREATE TABLE node_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_added BIGINT NOT NULL
      );
      INSERT INTO node_clock (id, last_added) VALUES (1, 0);

      -- One row per stored object version. added = date_added in µs, the primary key, so paging
      -- in date_added order is a range scan of the primary key. json is the canonical text,
      -- served as is.
      CREATE TABLE objects (
        added BIGINT PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL,
        type TEXT COLLATE "C" NOT NULL,
        spec_version TEXT COLLATE "C" NOT NULL,
        version TEXT COLLATE "C" NOT NULL,
        vsort TEXT COLLATE "C" NOT NULL,
        vkey TEXT COLLATE "C" NOT NULL,
        revoked BOOLEAN NOT NULL,
        latest BOOLEAN NOT NULL,
        first BOOLEAN NOT NULL,
        created_by TEXT COLLATE "C",
        hash TEXT COLLATE "C" NOT NULL,
        json TEXT NOT NULL,
        search TSVECTOR
      );
      CREATE UNIQUE INDEX objects_id_vkey ON objects (id, vkey);
      CREATE INDEX objects_type_added ON objects (type, added);
      CREATE INDEX objects_creator_added ON objects (created_by, added) WHERE created_by IS NOT NULL;
      CREATE INDEX objects_search ON objects USING gin (search);

      CREATE TABLE object_labels (
        label TEXT COLLATE "C" NOT NULL,
        added BIGINT NOT NULL,
        PRIMARY KEY (label, added)
      );
      CREATE TABLE object_markings (
        marking TEXT COLLATE "C" NOT NULL,
        added BIGINT NOT NULL,
        PRIMARY KEY (marking, added)
      );

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        roles TEXT[] NOT NULL,
        created_at TEXT NOT NULL,
        disabled BOOLEAN NOT NULL DEFAULT false
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
      ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
      ALTER TABLE users ADD COLUMN updated_at TEXT;
      UPDATE users SET updated_at = created_at;
      ALTER TABLE users ALTER COLUMN updated_at SET NOT NULL;
      ALTER TABLE users ADD COLUMN locked_at TEXT;
      ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE users ADD COLUMN totp_secret TEXT;
      ALTER TABLE users ADD COLUMN totp_last_step BIGINT;
      ALTER TABLE users ADD COLUMN oidc_subject TEXT UNIQUE;

      CREATE TABLE tokens (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id),
        roles TEXT[] NOT NULL,
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT
      );
      CREATE INDEX tokens_user ON tokens (user_id);

      CREATE TABLE sessions (
        id_hash TEXT COLLATE "C" PRIMARY KEY,
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
        seq BIGINT PRIMARY KEY,
        at TEXT COLLATE "C" NOT NULL,
        actor TEXT COLLATE "C" NOT NULL,
        action TEXT COLLATE "C" NOT NULL,
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
        id BIGSERIAL PRIMARY KEY,
        seq BIGINT NOT NULL,
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
        id TEXT COLLATE "C" PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT,
        alias TEXT COLLATE "C" UNIQUE,
        media_types TEXT[] NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('all', 'members')),
        readers TEXT[] NOT NULL,
        writers TEXT[] NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE collection_objects (
        collection_id TEXT COLLATE "C" NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
        added BIGINT NOT NULL,
        object_added BIGINT NOT NULL,
        PRIMARY KEY (collection_id, added)
      );
      CREATE UNIQUE INDEX collection_objects_version ON collection_objects (collection_id, object_added);
      CREATE INDEX collection_objects_object ON collection_objects (object_added);

      CREATE TABLE taxii_status (
        id TEXT COLLATE "C" PRIMARY KEY,
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
      CREATE TABLE shares (
        id TEXT COLLATE "C" PRIMARY KEY,
        object_id TEXT COLLATE "C" NOT NULL,
        object_version TEXT COLLATE "C",
        object_hash TEXT COLLATE "C" NOT NULL,
        sharer TEXT COLLATE "C" NOT NULL,
        record_added BIGINT NOT NULL,
        policy TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('valid', 'quarantined')),
        reason TEXT
      );
      CREATE INDEX shares_object ON shares (object_id);
      CREATE INDEX shares_quarantined ON shares (id) WHERE state = 'quarantined';

      CREATE TABLE visibility (
        member_id TEXT COLLATE "C" NOT NULL,
        stamp BIGINT NOT NULL,
        object_added BIGINT NOT NULL,
        PRIMARY KEY (member_id, stamp)
      );
      CREATE UNIQUE INDEX visibility_version ON visibility (member_id, object_added);
      CREATE INDEX visibility_object ON visibility (object_added);
    `,
  },
  {
    version: 6,
    name: 'publication requests: shares waiting for a second user under the four-eyes rule',
    sql: `
      CREATE TABLE publications (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT COLLATE "C" NOT NULL UNIQUE,
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

      CREATE TABLE publication_objects (
        publication_seq BIGINT NOT NULL REFERENCES publications (seq) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        object_id TEXT COLLATE "C" NOT NULL,
        object_version TEXT COLLATE "C" NOT NULL,
        object_hash TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (publication_seq, position)
      );
    `,
  },
  {
    version: 7,
    name: 'announce every advance of the node clock (objects stored, visibility granted) to listening processes',
    sql: `
      -- LISTEN accord_changes: every process serving this database learns at once that something
      -- was stored or became visible, whichever process wrote it (issue 6, scale-out). Delivered at
      -- commit, so a listener never sees a stamp before its rows.
      CREATE FUNCTION accord_notify_clock() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        PERFORM pg_notify('accord_changes', NEW.last_added::text);
        RETURN NEW;
      END
      $fn$;
      CREATE TRIGGER node_clock_changes AFTER UPDATE ON node_clock FOR EACH ROW EXECUTE FUNCTION accord_notify_clock();
    `,
  },
  {
    version: 8,
    name: 'retractions: the index of retractions held and what they did, and receipts from holders',
    sql: `
      -- Retractions this node holds and has verified (retractions.port.ts): found by the share
      -- they narrow or end, or the object whose version they purge. state: waiting (the share is
      -- not held yet), applied, refused. A purge row is the tombstone of the content it removed.
      CREATE TABLE retractions (
        id TEXT COLLATE "C" PRIMARY KEY,
        sharer TEXT COLLATE "C" NOT NULL,
        effect TEXT COLLATE "C" NOT NULL CHECK (effect IN ('narrow', 'end', 'purge')),
        share_id TEXT COLLATE "C",
        object_id TEXT COLLATE "C",
        object_version TEXT COLLATE "C",
        object_hash TEXT COLLATE "C",
        members TEXT COLLATE "C",
        created TEXT COLLATE "C" NOT NULL,
        state TEXT COLLATE "C" NOT NULL CHECK (state IN ('waiting', 'applied', 'refused')),
        outcome TEXT COLLATE "C",
        applied_at TEXT COLLATE "C",
        receipt_id TEXT COLLATE "C"
      );
      CREATE INDEX retractions_share ON retractions (share_id) WHERE share_id IS NOT NULL;
      CREATE INDEX retractions_object ON retractions (object_id) WHERE object_id IS NOT NULL;
      CREATE INDEX retractions_created ON retractions (created, id);
      CREATE INDEX retractions_unreceipted ON retractions (created, id) WHERE state = 'applied' AND receipt_id IS NULL;

      -- Receipts holders signed for this node's retractions: the first per (retraction, member) counts.
      CREATE TABLE retraction_receipts (
        retraction_id TEXT COLLATE "C" NOT NULL,
        member TEXT COLLATE "C" NOT NULL,
        receipt_id TEXT COLLATE "C" NOT NULL,
        applied_at TEXT COLLATE "C" NOT NULL,
        outcome TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (retraction_id, member)
      );
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
        object_added BIGINT NOT NULL,
        member TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (object_added, member)
      );
    `,
  },
  {
    version: 10,
    name: 'feed pulls: per feed the validators and last outcome, per value the dates of its indicator',
    sql: `
      -- Remote feeds this node pulls on a schedule (feeds.port.ts, docs/decisions/0026).
      CREATE TABLE feed_state (
        name TEXT COLLATE "C" PRIMARY KEY,
        url TEXT NOT NULL,
        etag TEXT,
        last_modified TEXT,
        last_attempt TEXT,
        last_success TEXT,
        error_code TEXT,
        error_message TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        settings TEXT,
        pending BOOLEAN NOT NULL DEFAULT false,
        outcome TEXT
      );

      -- Every value a feed has listed: when first seen, and its indicator's latest dates.
      CREATE TABLE feed_values (
        feed TEXT COLLATE "C" NOT NULL,
        value_key TEXT COLLATE "C" NOT NULL,
        created TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        modified TEXT NOT NULL,
        valid_until TEXT,
        gone_at TEXT,
        PRIMARY KEY (feed, value_key)
      );
    `,
  },
  {
    version: 11,
    name: 'saved exports (device feeds) and a TLP ceiling per API token',
    sql: `
      -- Device feeds an administrator defined (exports.port.ts); filter_json is JSON text the interop
      -- area reads. name is the last segment of the feed's URL.
      CREATE TABLE saved_exports (
        name TEXT COLLATE "C" PRIMARY KEY,
        format TEXT NOT NULL,
        list_name TEXT,
        tlp_ceiling TEXT,
        include_warninglisted BOOLEAN NOT NULL DEFAULT false,
        filter_json TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      );

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
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL UNIQUE,
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
      CREATE TABLE asset_ranges (asset_id TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (asset_id, position));
      CREATE TABLE asset_domains (asset_id TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (asset_id, position));
      CREATE TABLE asset_software (asset_id TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (asset_id, position));

      -- What the watch raised: one alert per asset and object version; evidence is JSON text.
      CREATE TABLE alerts (
        id TEXT COLLATE "C" PRIMARY KEY,
        asset_id TEXT COLLATE "C" NOT NULL,
        asset_name TEXT NOT NULL,
        object_id TEXT COLLATE "C" NOT NULL,
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
        alert_id TEXT COLLATE "C" NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (alert_id, seq)
      );
    `,
  },
  {
    version: 13,
    name: 'detection alerts: one open alert per indicator, its hits, a sample of evidence, its state changes and its sighting',
    sql: `
      -- What matching the member's own logs found (detections.port.ts, docs/detection.md): local-only.
      -- open_key is the indicator's id while the alert is new or acknowledged, NULL once closed.
      CREATE TABLE detections (
        id TEXT COLLATE "C" PRIMARY KEY,
        indicator_id TEXT COLLATE "C" NOT NULL,
        indicator_name TEXT,
        originator TEXT,
        open_key TEXT COLLATE "C" UNIQUE,
        state TEXT NOT NULL,
        count INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        sighting_id TEXT COLLATE "C" NOT NULL,
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
        indicator_id TEXT COLLATE "C" NOT NULL,
        hit_key TEXT COLLATE "C" NOT NULL,
        detection_id TEXT COLLATE "C" NOT NULL,
        seen TEXT NOT NULL,
        PRIMARY KEY (indicator_id, hit_key)
      );
      CREATE INDEX detection_hits_alert ON detection_hits (detection_id, seen);

      -- The first hits of an alert, kept as its evidence (the event, where it came from, what matched and why).
      CREATE TABLE detection_evidence (
        detection_id TEXT COLLATE "C" NOT NULL,
        hit_key TEXT COLLATE "C" NOT NULL,
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
      );

      -- Every state change of a detection alert.
      CREATE TABLE detection_changes (
        detection_id TEXT COLLATE "C" NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        from_state TEXT NOT NULL,
        to_state TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (detection_id, seq)
      );
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
      CREATE TABLE observation_paths (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, path TEXT COLLATE "C" NOT NULL UNIQUE);
      CREATE TABLE observations (
        path_id INTEGER NOT NULL,
        value TEXT COLLATE "C" NOT NULL,
        day INTEGER NOT NULL,
        range_key TEXT COLLATE "C",
        reversed TEXT COLLATE "C",
        first_seen BIGINT NOT NULL,
        last_seen BIGINT NOT NULL,
        seen_count BIGINT NOT NULL,
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

/**
 * Brings the schema up to date (or refuses a schema newer than `migrations` knows). Runs under a
 * session advisory lock, so that several `accord serve` processes starting at once on one
 * database apply each migration exactly once: the others wait, then find nothing left to do.
 */
export async function migrate(pool: Pool, migrations: readonly Migration[] = postgresMigrations): Promise<void> {
  const client = await pool.connect();
  let unlocked = false;
  try {
    await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await applyLocked(client, migrations);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
      unlocked = true;
    }
  } finally {
    // A connection that may still hold the session lock is closed, not pooled: closing it is
    // what releases the lock.
    client.release(unlocked ? undefined : new Error('migration connection discarded'));
  }
}

async function applyLocked(client: PoolClient, migrations: readonly Migration[]): Promise<void> {
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const res = await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations');
  const applied = res.rows[0]?.v ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (applied > known) {
    throw new AccordError('unavailable', 'store.schema-too-new',
      `the store's schema is version ${applied} but this Accord knows only up to ${known}; upgrade Accord (never downgrade over newer data)`);
  }
  for (const m of migrations) {
    if (m.version <= applied) continue;
    await client.query('BEGIN');
    try {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [m.version, m.name, new Date().toISOString()]);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    }
  }
}
