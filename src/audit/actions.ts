// The catalogue of audited actions: stable dotted names (`area.verb`), kept as data so that the
// names an operator filters on (`accord audit export --action …`, /api/v1/audit) are written down
// once, with what each one means. A name, once released, is never renamed or reused for another
// meaning; later issues add names here (cases, dialogue, sharing…).

/** Every action the audit log accepts, with what it records. */
export const AUDIT_ACTIONS = {
  'auth.sign-in': 'a user signed in (web sign-in, HTTP Basic, OpenID Connect)',
  'auth.sign-in-failed': 'a sign-in was refused (wrong password, unknown account, missing second factor, throttled)',
  'auth.sign-out': 'a user signed out or a session was ended',
  'auth.locked-out': 'an account was locked after repeated failed sign-ins',
  'auth.unlocked': 'an administrator unlocked an account',
  'auth.totp-enabled': 'a user turned on the TOTP second factor',
  'auth.totp-disabled': 'the TOTP second factor was turned off for a user',
  'token.created': 'an API token was created (its secret is never recorded)',
  'token.first-use': 'an API token was used for the first time',
  'token.revoked': 'an API token was revoked',
  'user.created': 'a user account was created',
  'user.roles-changed': 'a user\'s roles were changed',
  'user.disabled': 'a user account was disabled',
  'user.enabled': 'a user account was enabled again',
  'user.password-reset': 'a user\'s password was reset or changed',
  'object.created': 'a STIX object was created on this node',
  'object.new-version': 'a new version of a STIX object was stored',
  'object.revoked': 'a STIX object was revoked',
  'object.exported': 'STIX objects were exported from the node',
  'object.imported': 'STIX objects were imported into the node (`accord import`, or a TAXII POST: details.via = taxii)',
  'object.deleted': 'versions of a STIX object were deleted from this node or from one of its TAXII collections (a local removal)',
  'object.shared': 'an object version was shared (a share record was signed)',
  'share.requested': 'a share waits for a second person\'s approval under the four-eyes rule (a publication request was filed; nothing was signed)',
  'share.approved': 'a second person approved a publication request; its objects were shared (each batch is also an object.shared entry)',
  'share.rejected': 'a second person rejected a publication request, with a reason',
  'share.withdrawn': 'the requester withdrew a publication request',
  'export.created': 'a saved export (a device feed served at /feeds/<name>) was defined (details: format, ceiling, filter)',
  'export.deleted': 'a saved export was deleted; devices polling it get 404 from then on',
  'feed.refused': 'a device feed fetch was refused: no, a bad or a revoked token, a token without the permission, or an unknown feed (details: status, code)',
  'collection.created': 'a TAXII collection was created',
  'collection.changed': 'a TAXII collection\'s title, alias, media types, readers or writers were changed',
  'collection.removed': 'a TAXII collection was removed (the objects it listed stay on the node)',
  'membership.proposed': 'this member proposed a membership decision (admit, suspend, readmit, rotate or compromise a key, change a URL or the rule) and endorsed it',
  'membership.endorsed': 'this member endorsed a membership decision',
  'membership.contacts-updated': 'this member updated its contact points in the directory',
  'membership.records-quarantined': 'share records signed with a key declared compromised, at or after the declared time, were quarantined (details: keys, records)',
  'membership.changed': 'the membership state changed: a decision was applied, or a member updated its contact points (details: head, members)',
  'retraction.made': 'this member retracted: narrowed or ended one of its shares, or had an object version it shared purged (details: effect, share or object, audience)',
  'retraction.applied': 'a retraction was applied on this node: a share narrowed or ended, or a version\'s content removed (details: sharer, effect, outcome)',
  'retraction.refused': 'a retraction was refused and never applied: signed by a member other than the share\'s sharer (details: sharer, detail)',
  'retraction.receipts-issued': 'this node signed receipts for retractions it applied, and shared them back towards their sharers (details: count)',
  'feed.pulled': 'a configured remote feed was pulled, on its schedule or by `accord feeds pull` (details: feed, url without its query, outcome, counts, error; never its header fields)',
  'peer.added': 'a peer node was added',
  'peer.changed': 'a peer node\'s settings were changed',
  'peer.synced': 'objects were pulled from a peer node on demand (`accord peers sync`)',
  'peer.received': 'the serving node stored or held back objects a peer node sent (details.via: pull or push; counts per page or envelope; a poll that brings nothing is not recorded)',
  'peer.equivocation': 'a sharer signed share records naming different contents for one object version (proof in details); its records of that version were quarantined',
  'keys.exported': 'the node\'s private keys were exported (backup)',
  'keys.imported': 'the node\'s private keys were imported (recovery)',
  'keys.created': 'a new node key was created after the previous one was lost',
  'asset.created': 'an asset was registered in the critical information infrastructure registry (details: its fields)',
  'asset.updated': 'a registered asset was changed (details: name, the fields changed)',
  'asset.removed': 'a registered asset was removed (its alerts stay)',
  'asset.imported': 'assets were imported from a CSV file, all rows at once (details: file, count, ids and names)',
  'alert.raised': 'the registry\'s watch found intelligence touching a registered asset (details: asset, object and version, creator, sharers, evidence)',
  'alert.state-changed': 'an alert was acknowledged, resolved or marked a false positive (details: from, to, note)',
  'detect.ingested': 'log events were posted to the detection ingest endpoint and matched against the live index (details: format, events, matches, skipped, the first indicators matched)',
  'warninglist.installed': 'a warninglist file was installed into <data>/warninglists/ (`accord warninglists install`; details: file, sha256, entries, replaced), or refused (outcome failed, details.problem)',
  'audit.checkpoint': 'reserved: checkpoints are kept in their own table and file, not as entries (docs/decisions/0010)',
  'audit.exported': 'audit entries were exported (`accord audit export`)',
  'node.started': 'the node started serving',
  'node.stopped': 'the node stopped serving (clean shutdown)',
} as const satisfies Readonly<Record<string, string>>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** True when `name` is in the catalogue. */
export function isAuditAction(name: string): name is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, name);
}
