// The public surface of the audit area: the hash-chained audit log with signed checkpoints
// (docs/decisions/0010-audit-chain.md). Other areas import only this file.
export { AUDIT_ACTIONS, isAuditAction, type AuditAction } from './actions.js';
export { CHECKPOINT_CONTEXT, CHECKPOINT_FILE, checkpointMessage, defaultCheckpointFile } from './checkpoint.js';
export { isSecretName, MAX_DETAILS_LENGTH, REDACTED, type AuditEvent, type AuditOutcome } from './details.js';
export { ENTRY_HASH_LABEL, entryHash, GENESIS_HASH } from './entry.js';
export { AuditLog, type AuditLogOptions } from './log.service.js';
export { verifyAudit, type AuditFault, type AuditFinding, type AuditVerification, type VerifyOptions } from './verify.service.js';
