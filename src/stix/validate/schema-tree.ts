// Navigation in the vendored schemas as a tree of JSON nodes: resolving a $ref, finding the
// parent of a node and the schema resources a node can reach. ajv keeps the identity of the
// schema objects it was given (verbose errors point at them), so these let the error mapping
// tell which oneOf/anyOf branch an error came from even when it came through a $ref.

import { officialSchemas } from '../schema/oasis.generated.js';
import { isJsonObject } from './findings.js';
import { SCHEMA_BASE } from './schemas.js';

export type SchemaNode = Readonly<Record<string, unknown>>;

const byId: ReadonlyMap<string, SchemaNode> = new Map(officialSchemas.map((s) => [SCHEMA_BASE + s.file, s.schema] as const));

/** Resolves a $ref written in the resource `baseId` to [node, the node's resource id]. */
export function resolveRef(ref: string, baseId: string): [SchemaNode, string] | undefined {
  const [file, fragment] = ref.split('#');
  const id = file === undefined || file === '' ? baseId : new URL(file, baseId).href;
  let node: unknown = byId.get(id);
  if (fragment !== undefined && fragment !== '') {
    for (const part of fragment.split('/').filter((p) => p !== '')) node = isJsonObject(node) ? node[part] : undefined;
  }
  return isJsonObject(node) ? [node, id] : undefined;
}

/** The official schema resource with this id. */
export function schemaResource(id: string): SchemaNode | undefined {
  return byId.get(id);
}

let parents: Map<object, object> | undefined;
let resourceOfRoot: Map<object, string> | undefined;

function index(): { parents: Map<object, object>; roots: Map<object, string> } {
  if (parents === undefined || resourceOfRoot === undefined) {
    const p = new Map<object, object>();
    const r = new Map<object, string>();
    const walk = (node: unknown, parent: object | undefined): void => {
      if (node === null || typeof node !== 'object') return;
      if (parent !== undefined) p.set(node, parent);
      for (const child of Object.values(node)) walk(child, node);
    };
    for (const [id, root] of byId) {
      r.set(root, id);
      walk(root, undefined);
    }
    parents = p;
    resourceOfRoot = r;
  }
  return { parents, roots: resourceOfRoot };
}

/** The node itself and its ancestors up to its resource root. */
export function ancestors(node: object): object[] {
  const { parents: p } = index();
  const out: object[] = [];
  for (let n: object | undefined = node; n !== undefined; n = p.get(n)) out.push(n);
  return out;
}

/** The resource id of a resource root node, if it is one. */
export function resourceIdOfRoot(node: object): string | undefined {
  return index().roots.get(node);
}

function resourceOf(node: object): string | undefined {
  const chain = ancestors(node);
  const root = chain[chain.length - 1];
  return root === undefined ? undefined : resourceIdOfRoot(root);
}

const reachCache = new Map<object, ReadonlySet<object>>();

/**
 * The schema nodes `node` can lead to through $refs, transitively: the targets of its $refs
 * (resource roots or local definitions), theirs, and so on. An error raised under one of them
 * may have been raised on behalf of `node`.
 */
export function reachableTargets(node: SchemaNode): ReadonlySet<object> {
  const cached = reachCache.get(node);
  if (cached !== undefined) return cached;
  const out = new Set<object>();
  const seen = new Set<object>();
  const visit = (n: unknown, base: string | undefined): void => {
    if (n === null || typeof n !== 'object' || seen.has(n) || base === undefined) return;
    seen.add(n);
    const o = n as Record<string, unknown>;
    if (typeof o.$ref === 'string') {
      const r = resolveRef(o.$ref, base);
      if (r !== undefined) {
        out.add(r[0]);
        visit(r[0], r[1]);
      }
    }
    for (const [k, child] of Object.entries(o)) if (k !== '$ref') visit(child, base);
  };
  visit(node, resourceOf(node));
  reachCache.set(node, out);
  return out;
}

/** The resource a $ref in `node` points into, resolved from the resource `node` lives in. */
export function refTarget(node: SchemaNode): SchemaNode | undefined {
  if (typeof node.$ref !== 'string') return undefined;
  const base = resourceOf(node);
  return base === undefined ? undefined : resolveRef(node.$ref, base)?.[0];
}
