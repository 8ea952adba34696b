// The PostgreSQL advisory lock keys Accord uses, in one place so that no two uses collide.
// Advisory locks are scoped to the current database; every Accord key is a 64-bit value whose
// first six bytes are "Accord" (0x4163636f7264), then two bytes numbering the use. Keys are
// written as decimal text because they do not fit a JS number exactly.

/** Session lock held while migrations run (several processes may start at once). */
export const MIGRATION_LOCK = '4711718965471346689'; // 0x4163636f72640001

/** Transaction lock held while date_added stamps are issued and committed (objects.ts). */
export const DATE_ADDED_LOCK = '4711718965471346690'; // 0x4163636f72640002

/** Transaction lock held while an audit entry is chained to the head and appended (audit.ts). */
export const AUDIT_CHAIN_LOCK = '4711718965471346691'; // 0x4163636f72640003

/** Session locks of the exclusive roles (Store.exclusive), one per role. */
export const ROLE_LOCKS = {
  sync: '4711718965471346692', // 0x4163636f72640004
  feeds: '4711718965471346693', // 0x4163636f72640005
  assets: '4711718965471346694', // 0x4163636f72640006
} as const;
