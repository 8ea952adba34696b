// Ingest: STIX input of any size, from bytes to stored versions. Reads the input as a stream
// (a 2 GB bundle never sits in memory), parses and validates each object on its own, and stores
// valid ones in batches, one transaction per batch, so a crash leaves only whole batches behind
// and running the same import again completes it (stored versions come back as "unchanged").
// Each object gets its own outcome; one bad object never fails the rest.
import {
  canonicalHash, formatIssue, parseJson, readJsonStream, validateObject,
  type JsonError, type StixIssue, type StreamItem, type ValidationContext,
} from '../stix/index.js';
import { prepareObject } from './prepare.js';
import type { PreparedObject, PutOutcome, Store } from './port.js';

export type IngestStatus = 'new' | 'new-version' | 'unchanged' | 'rejected';

/** What happened to one item of the input. */
export interface IngestResult {
  /** Ordinal of the item in the input (0-based). */
  readonly index: number;
  readonly id?: string;
  /** Where the item starts in the input (1-based line and column), when read from a stream. */
  readonly line?: number;
  readonly column?: number;
  readonly status: IngestStatus;
  /** For rejections: the stable code of the first error (e.g. `schema.required`, `store.version-conflict`). */
  readonly code?: string;
  readonly message?: string;
  /** Every finding about the item, errors and warnings. */
  readonly issues?: readonly StixIssue[];
  readonly added?: number;
}

export interface IngestSummary {
  readonly items: number;
  readonly new: number;
  readonly newVersion: number;
  readonly unchanged: number;
  readonly rejected: number;
  /** Items stored with warnings. */
  readonly warned: number;
  /** Set when the input could not be read to its end (truncated, broken structure). */
  readonly fatal?: { readonly code: string; readonly message: string; readonly line?: number; readonly column?: number };
}

export interface IngestOptions {
  readonly batchSize: number;
  readonly maxObjectBytes: number;
  /** Called with every result that is not a plain success (rejections and warnings). */
  readonly onResult?: (r: IngestResult) => void;
  /** Called after each batch is committed. */
  readonly onProgress?: (p: { readonly bytes: number; readonly items: number }) => void;
}

interface Pending {
  readonly index: number;
  readonly line?: number;
  readonly column?: number;
  readonly object: PreparedObject;
  readonly warnings: readonly StixIssue[];
}

class Counter {
  items = 0; new = 0; newVersion = 0; unchanged = 0; rejected = 0; warned = 0;
}

/** Known extension-definitions: those stored, plus those that arrive earlier in this input. */
async function extensionContext(store: Store): Promise<{ ctx: ValidationContext; remember: (o: Record<string, unknown>) => void }> {
  const known = new Map<string, { extension_types: readonly string[]; extension_properties?: readonly string[] }>();
  const remember = (o: Record<string, unknown>): void => {
    if (o.type !== 'extension-definition' || typeof o.id !== 'string' || !Array.isArray(o.extension_types)) return;
    known.set(o.id, {
      extension_types: o.extension_types.filter((t): t is string => typeof t === 'string'),
      ...(Array.isArray(o.extension_properties)
        ? { extension_properties: o.extension_properties.filter((t): t is string => typeof t === 'string') }
        : {}),
    });
  };
  let after = 0;
  for (;;) {
    const page = await store.objects.list({ types: ['extension-definition'], after, limit: 500 });
    for (const o of page.items) remember(JSON.parse(o.json) as Record<string, unknown>);
    if (!page.more) break;
    after = page.items.at(-1)?.added ?? after;
  }
  return { ctx: { resolveExtensionDefinition: (id: string) => known.get(id) }, remember };
}

function errorResult(index: number, e: JsonError, id?: string, where?: { line: number; column: number }): IngestResult {
  return {
    index, status: 'rejected', code: e.rule, message: e.message,
    ...(id !== undefined ? { id } : {}),
    line: where?.line ?? e.line, column: where?.column ?? e.column,
  };
}

/** Validates one parsed value and prepares it for the store, or explains why not. */
export function prepareValue(value: unknown, ctx: ValidationContext): { object?: PreparedObject; issues: StixIssue[] } {
  const { ok, issues } = validateObject(value, ctx);
  if (!ok) return { issues };
  const obj = value as Record<string, unknown>;
  try {
    return { object: prepareObject(obj, canonicalHash(obj)), issues };
  } catch (e) {
    const je = e as JsonError;
    return { issues: [...issues, { severity: 'error', rule: je.rule ?? 'canonical.not-json', path: je.path ?? '', message: je.message, ...(typeof obj.id === 'string' ? { objectId: obj.id } : {}) }] };
  }
}

/** Imports a stream of STIX input into the store; see the module comment for the guarantees. */
export async function ingest(store: Store, chunks: AsyncIterable<Uint8Array>, options: IngestOptions): Promise<IngestSummary> {
  const count = new Counter();
  const { ctx, remember } = await extensionContext(store);
  let bytes = 0;
  const counted = (async function* () {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  })();
  const report = (r: IngestResult): void => {
    if (r.status === 'rejected') count.rejected++;
    options.onResult?.(r);
  };

  let batch: Pending[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const pending = batch;
    batch = [];
    const outcomes: PutOutcome[] = await store.objects.put(pending.map((p) => p.object));
    outcomes.forEach((out, i) => {
      const p = pending[i] as Pending;
      const base = { index: p.index, id: p.object.id, ...(p.line !== undefined ? { line: p.line, column: p.column } : {}) };
      if (!('added' in out)) {
        report({ ...base, status: 'rejected', code: out.code, message: out.message, issues: p.warnings });
        return;
      }
      if (out.status === 'new') count.new++;
      else if (out.status === 'new-version') count.newVersion++;
      else count.unchanged++;
      if (p.warnings.length > 0) {
        count.warned++;
        options.onResult?.({ ...base, status: out.status, added: out.added, issues: p.warnings });
      }
    });
    options.onProgress?.({ bytes, items: count.items });
  };

  let fatal: IngestSummary['fatal'];
  for await (const item of readJsonStream(counted, { maxItemBytes: options.maxObjectBytes }) as AsyncIterable<StreamItem>) {
    count.items++;
    if (item.kind === 'error') {
      report(errorResult(item.index, item.error, item.objectId));
      if (item.fatal) {
        count.items--; // a truncated tail is not an item
        fatal = { code: item.error.rule, message: item.error.message, line: item.error.line, column: item.error.column };
        break;
      }
      continue;
    }
    let value: unknown;
    try {
      value = parseJson(item.text);
    } catch (e) {
      const je = e as JsonError;
      report(errorResult(item.index, je, undefined, { line: item.line + je.line - 1, column: je.line === 1 ? item.column + je.column - 1 : je.column }));
      continue;
    }
    const { object, issues } = prepareValue(value, ctx);
    const id = typeof (value as { id?: unknown } | null)?.id === 'string' ? (value as { id: string }).id : undefined;
    if (object === undefined) {
      const first = issues.find((i) => i.severity === 'error');
      report({
        index: item.index, ...(id !== undefined ? { id } : {}), line: item.line, column: item.column, status: 'rejected',
        code: first?.rule ?? 'invalid', message: first !== undefined ? formatIssue(first) : 'invalid object', issues,
      });
      continue;
    }
    remember(value as Record<string, unknown>);
    batch.push({ index: item.index, line: item.line, column: item.column, object, warnings: issues });
    if (batch.length >= options.batchSize) await flush();
  }
  await flush();
  return { items: count.items, new: count.new, newVersion: count.newVersion, unchanged: count.unchanged, rejected: count.rejected, warned: count.warned, ...(fatal !== undefined ? { fatal } : {}) };
}
