// Shared shapes of the validator: what callers pass in, what they get back, and the collector the
// individual checks write their findings into.

import { stixError, stixWarning, type StixIssue } from '../issue.js';

/** What the validator needs to know about an extension-definition it cannot see. */
export interface ExtensionDefinitionInfo {
  readonly extension_types: readonly string[];
  readonly extension_properties?: readonly string[];
}

/** Optional knowledge the caller has beyond the object itself. */
export interface ValidationContext {
  /**
   * Looks up an extension-definition by id (the store's, and those seen earlier in the same
   * bundle). When it answers, extension use is checked against the definition; when it does not,
   * only what the object itself says can be checked.
   */
  resolveExtensionDefinition?(id: string): ExtensionDefinitionInfo | undefined;
}

/** The outcome of validating one object: ok is false iff at least one finding is an error. */
export interface ValidationResult {
  readonly ok: boolean;
  readonly issues: StixIssue[];
}

/** Collects the semantic findings of one object. */
export class Findings {
  readonly issues: StixIssue[] = [];
  /** JSON Pointers at which schema findings are explained by a semantic finding and dropped. */
  readonly explained = new Set<string>();

  constructor(readonly objectId: string | undefined) {}

  /** Records an error; schema findings at the same path are then dropped as duplicates. */
  error(rule: string, path: string, message: string): void {
    this.issues.push(stixError(rule, path, message, this.objectId));
    this.explained.add(path);
  }

  /** Records a warning. */
  warning(rule: string, path: string, message: string): void {
    this.issues.push(stixWarning(rule, path, message, this.objectId));
  }

  /** Marks schema findings at `path` (only those of `schemaRule`, when given) as explained by a finding elsewhere. */
  explain(path: string, schemaRule?: string): void {
    this.explained.add(schemaRule === undefined ? path : `${path}\u0000${schemaRule}`);
  }

  /** True when a schema finding is explained by a semantic finding. */
  explains(path: string, schemaRule: string): boolean {
    return this.explained.has(path) || this.explained.has(`${path}\u0000${schemaRule}`);
  }
}

/** A plain JSON object (not an array, not null). */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for a plain JSON object. */
export function isJsonObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** "a file", "an indicator", "an x-acme-widget": the indefinite article for a type name in a message. */
export function a(type: string): string {
  return /^[aeiox]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Quotes a value for a message, shortened when long. */
export function show(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}
