// The CPU-bound half of ingest: from the raw text of one input item to an object ready for the
// store, or a rejection that says what is wrong and where. Pure and self-contained, so that it
// can run in the importing thread or in a worker thread (ingest-worker.ts) with identical results.
import {
  canonicalHash, extensionDefinitionInfo, formatIssue, locateItemError, parseJson,
  type ExtensionDefinitionInfo, type JsonError, type StixIssue, type ValidationContext, validateObject,
} from '../stix/index.js';
import type { PreparedObject } from './port.js';
import { prepareObject } from './prepare.js';

/** One item of the input, as the stream reader found it. */
export interface RawItem {
  readonly kind: 'value';
  readonly index: number;
  readonly text: string;
  /** Where the item starts in the input: byte offset, line, byte column. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** What happened to one rejected item. */
export interface Rejection {
  readonly index: number;
  readonly id?: string;
  readonly line?: number;
  readonly column?: number;
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly StixIssue[];
}

export type PreparedItem =
  | { readonly kind: 'ok'; readonly index: number; readonly line: number; readonly column: number; readonly object: PreparedObject; readonly warnings: readonly StixIssue[] }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

/**
 * Extension-definitions the validator may rely on: those already stored, plus those that arrive
 * earlier in the same input (so a bundle may define an extension and then use it).
 */
export class KnownExtensions {
  private readonly known: Map<string, ExtensionDefinitionInfo>;
  readonly context: ValidationContext;

  constructor(entries: Iterable<readonly [string, ExtensionDefinitionInfo]> = []) {
    this.known = new Map(entries);
    this.context = { resolveExtensionDefinition: (id: string) => this.known.get(id) };
  }

  /** Learns `value` if it is a valid extension-definition. */
  remember(value: unknown): void {
    const info = extensionDefinitionInfo(value);
    if (info !== undefined) this.known.set((value as { id: string }).id, info);
  }

  entries(): [string, ExtensionDefinitionInfo][] {
    return [...this.known];
  }
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
    const id = typeof obj.id === 'string' ? { objectId: obj.id } : {};
    return { issues: [...issues, { severity: 'error', rule: je.rule, path: je.path, message: je.message, ...id }] };
  }
}

/** Parses, validates and prepares one raw item. */
export function prepareItem(item: RawItem, known: KnownExtensions): PreparedItem {
  let value: unknown;
  try {
    value = parseJson(item.text);
  } catch (e) {
    // The parser's position is inside the item's text; report it as a place in the whole input.
    const je = locateItemError(item, e as JsonError);
    return { kind: 'rejected', rejection: { index: item.index, line: je.line, column: je.column, code: je.rule, message: je.message } };
  }
  const { object, issues } = prepareValue(value, known.context);
  if (object === undefined) {
    const raw = (value as { id?: unknown } | null)?.id;
    const first = issues.find((i) => i.severity === 'error');
    return {
      kind: 'rejected',
      rejection: {
        index: item.index, ...(typeof raw === 'string' ? { id: raw } : {}), line: item.line, column: item.column,
        code: first?.rule ?? 'invalid', message: first !== undefined ? formatIssue(first) : 'invalid object', issues,
      },
    };
  }
  known.remember(value);
  return { kind: 'ok', index: item.index, line: item.line, column: item.column, object, warnings: issues };
}

/** Prepares a batch of raw items in order. */
export function prepareItems(items: readonly RawItem[], known: KnownExtensions): PreparedItem[] {
  return items.map((item) => prepareItem(item, known));
}
