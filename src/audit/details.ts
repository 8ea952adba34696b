// Checking an event before it is sealed, and keeping secrets out of the log.
//
// Secrets are redacted, not refused (docs/decisions/0010): an audit call sits on the path of the
// act it records (a failed sign-in, a token being created), and refusing the entry would either
// fail that act or lose its trace. So any member of `details`, at any depth, whose name ends in
// password, passphrase, secret, token, apikey, privatekey, authorization, cookie, credential or
// otp (compared lowercase, ignoring `-` and `_`, plural allowed) is kept with its value replaced
// by "[redacted]": the log shows that such a value was there, never what it was. Name ids
// accordingly: `tokenId`, `tokenName` are kept; `token`, `csrfToken`, `newPassword` are not.
// Everything else about an event is the caller's mistake and throws `invalid`.
import { AccordError, canonicalize } from '../store/index.js';
import { isAuditAction } from './actions.js';

export type AuditOutcome = 'ok' | 'failed' | 'denied';
const OUTCOMES: readonly string[] = ['ok', 'failed', 'denied'] satisfies readonly AuditOutcome[];

/** One security-relevant act, as a caller reports it. */
export interface AuditEvent {
  /** Who acted: `user:<username>`, `token:<id>`, `peer:<member id>`, `node`, `cli:<os user>`. */
  readonly actor: string;
  /** A name from the catalogue (actions.ts). */
  readonly action: string;
  /** What was acted on (an object id, a username, a peer…); null when nothing in particular. */
  readonly target?: string | null;
  /** Default `ok`. */
  readonly outcome?: AuditOutcome;
  /** Whatever else helps an auditor (JSON data; secrets are redacted). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** An event checked and ready to seal: details as canonical JSON text. */
export interface CheckedEvent {
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly outcome: AuditOutcome;
  readonly details: string;
}

/** What replaces a secret's value. */
export const REDACTED = '[redacted]';
/** Largest canonical details text accepted, in characters. */
export const MAX_DETAILS_LENGTH = 64 * 1024;
const MAX_DEPTH = 32;

const SECRET_NAME = /(?:password|passphrase|secret|token|apikey|privatekey|authorization|cookie|credential|otp)s?$/;
// C0 controls, DEL and lone surrogates: never part of a name, and PostgreSQL text refuses NUL.
const BAD_NAME_CHAR = /[\u0000-\u001f\u007f]|[\ud800-\udfff]/u;

/** True when a details member of this name holds a secret and must be redacted. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name.toLowerCase().replace(/[-_]/g, ''));
}

function invalid(code: string, message: string): AccordError {
  return new AccordError('invalid', code, message);
}

function name(field: string, value: unknown, max: number): string {
  if (typeof value !== 'string' || value === '' || value.length > max) {
    throw invalid('audit.bad-event', `an audit event's ${field} must be a string of 1 to ${max} characters, got ${JSON.stringify(value)}`);
  }
  if (BAD_NAME_CHAR.test(value)) throw invalid('audit.bad-event', `an audit event's ${field} ${JSON.stringify(value)} holds a control character or a lone surrogate`);
  return value;
}

function redact(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) throw invalid('audit.bad-details', `audit details are nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // Members without a value are left out, as JSON.stringify does (`{ address: req.ip }` with no ip).
    if (v !== undefined) out[k] = isSecretName(k) ? REDACTED : redact(v, depth + 1);
  }
  // Non-plain objects (Date, Map…) keep their prototype so that canonicalize refuses them.
  return Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null ? out : value;
}

/** The canonical JSON text of `details` with secrets redacted; throws `invalid` for what is not JSON data. */
export function canonicalDetails(details: Readonly<Record<string, unknown>> | undefined): string {
  if (details === undefined) return '{}';
  if (details === null || typeof details !== 'object' || Array.isArray(details)) {
    throw invalid('audit.bad-details', 'audit details must be a JSON object');
  }
  let text: string;
  try {
    text = canonicalize(redact(details, 0));
  } catch (e) {
    if (e instanceof AccordError) throw e;
    throw new AccordError('invalid', 'audit.bad-details', `audit details are not JSON data: ${(e as Error).message}`, undefined, { cause: e });
  }
  if (text.length > MAX_DETAILS_LENGTH) throw invalid('audit.bad-details', `audit details are ${text.length} characters long; at most ${MAX_DETAILS_LENGTH} are kept`);
  return text;
}

/** Checks an event and canonicalises its details; throws AccordError `invalid`. */
export function checkEvent(event: AuditEvent): CheckedEvent {
  const action = name('action', event.action, 100);
  if (!isAuditAction(action)) throw invalid('audit.unknown-action', `"${action}" is not in the audit catalogue (src/audit/actions.ts)`);
  const outcome = event.outcome ?? 'ok';
  if (!OUTCOMES.includes(outcome)) throw invalid('audit.bad-event', `an audit event's outcome must be ok, failed or denied, got ${JSON.stringify(outcome)}`);
  return {
    actor: name('actor', event.actor, 256),
    action,
    target: event.target === undefined || event.target === null ? null : name('target', event.target, 1024),
    outcome,
    details: canonicalDetails(event.details),
  };
}
