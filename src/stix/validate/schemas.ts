// The official OASIS STIX 2.1 JSON schemas, compiled with ajv (draft 2020-12) once per process,
// lazily, the first time an object is validated (../../../docs/decisions: stix validation).
//
// Two compilations exist: a fast one (first error only) that every object goes through, and a
// thorough one (allErrors) compiled only when the first invalid object arrives, to report every
// problem of that object. Valid objects — nearly all of an import — never pay for the second.
//
// Settings the OASIS schemas need (../../shared/STACK.md):
// - unicodeRegExp: false — the `type` pattern contains `\-`, a syntax error under the `u` flag;
// - strictTypes/strictRequired: false — most schemas fail to compile otherwise;
// - every schema added with addSchema before compiling, so cross-file $refs resolve offline;
// - our own `idn-hostname` format (ajv-formats has none).

import { Ajv2020 } from 'ajv/dist/2020.js';
import type { CodeOptions, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsMod from 'ajv-formats';
import { officialSchemas } from '../schema/oasis.generated.js';

const addFormats = addFormatsMod as unknown as typeof addFormatsMod.default;

type RegExpEngine = NonNullable<CodeOptions['regExp']>;
type RegExpLike = ReturnType<RegExpEngine>;

/** Base URI of the vendored schemas' `$id`s. */
export const SCHEMA_BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

/** Schema file (relative to SCHEMA_BASE) per standard object type. */
const FILE_BY_TYPE: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const { file } of officialSchemas) {
    const [dir, name] = file.split('/');
    if (dir === undefined || name === undefined) continue;
    const type = name.replace(/\.json$/, '');
    if (dir === 'sdos' || dir === 'sros' || dir === 'observables') m.set(type, file);
  }
  for (const smo of ['marking-definition', 'extension-definition', 'language-content']) m.set(smo, `common/${smo}.json`);
  return m;
})();

/** The schema file that validates `type`, or undefined for custom types. */
export function schemaFileOf(type: string): string | undefined {
  return FILE_BY_TYPE.get(type);
}

const LABEL = '(?:[\\p{L}\\p{N}\\p{M}_](?:[\\p{L}\\p{N}\\p{M}_-]{0,61}[\\p{L}\\p{N}\\p{M}_])?)';
const IDN_HOSTNAME_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`, 'u');

/**
 * `idn-hostname` (RFC 5890 labels, leniently): dot-separated labels of letters, digits, marks,
 * hyphens (not at either end) and underscores, each at most 63 characters, 253 in total.
 * Underscores are accepted because real threat data names hosts like `foo_bar.example.com`.
 */
export function isIdnHostname(s: string): boolean {
  return s.length > 0 && s.length <= 253 && IDN_HOSTNAME_RE.test(s);
}

const MEMO_LIMIT = 1024;
const MEMO_MAX_LENGTH = 64;

/**
 * A RegExp engine for ajv that remembers its answers for short strings. The OASIS schemas test
 * every property name of every object against several patterns (patternProperties with
 * additionalProperties: false, in properties.json and dictionary.json); names repeat from object
 * to object, so remembering cuts schema validation time by about a quarter. Strings longer
 * than MEMO_MAX_LENGTH are not remembered and each pattern's memo stops growing at MEMO_LIMIT
 * entries, which bounds the memory to a few megabytes per process.
 */
const memoRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): RegExpLike => {
    const re = new RegExp(pattern, flags);
    const memo = new Map<string, boolean>();
    const like = {
      // ajv keys its cache of patterns by toString(): it must be the pattern's, not "[object Object]".
      toString: () => re.toString(),
      test(s: string): boolean {
        if (s.length > MEMO_MAX_LENGTH) return re.test(s);
        let r = memo.get(s);
        if (r === undefined) {
          r = re.test(s);
          if (memo.size < MEMO_LIMIT) memo.set(s, r);
        }
        return r;
      },
    };
    return like;
  },
  { code: 'new RegExp' },
);

function buildAjv(allErrors: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors,
    strict: false,
    strictTypes: false,
    strictRequired: false,
    unicodeRegExp: false,
    validateSchema: false,
    messages: true,
    // The thorough pass keeps each failing keyword's schema, to word messages (e.g. for `not`).
    verbose: allErrors,
    code: { regExp: memoRegExp },
  });
  addFormats(ajv);
  ajv.addFormat('idn-hostname', { type: 'string', validate: isIdnHostname });
  for (const { schema } of officialSchemas) ajv.addSchema(schema);
  return ajv;
}

/** The compiled validators of one mode. */
export interface SchemaSet {
  /** Validator for a standard type's own schema. */
  forType(type: string): ValidateFunction | undefined;
  /** common/core.json: the SDO/SRO common properties (used for new-sdo / new-sro custom objects). */
  readonly core: ValidateFunction;
  /** common/cyber-observable-core.json: the SCO common properties (used for new-sco custom objects). */
  readonly observableCore: ValidateFunction;
}

function compileSet(allErrors: boolean): SchemaSet {
  const ajv = buildAjv(allErrors);
  const get = (file: string): ValidateFunction => {
    const v = ajv.getSchema(SCHEMA_BASE + file);
    if (v === undefined) throw new Error(`official STIX schema missing: ${file}`);
    return v;
  };
  const byType = new Map<string, ValidateFunction>();
  for (const [type, file] of FILE_BY_TYPE) byType.set(type, get(file));
  return {
    forType: (type) => byType.get(type),
    core: get('common/core.json'),
    observableCore: get('common/cyber-observable-core.json'),
  };
}

let fast: SchemaSet | undefined;
let thorough: SchemaSet | undefined;
let compileMillis: { fast?: number; thorough?: number } = {};

/** The first-error validators, compiled on first use. */
export function fastSchemas(): SchemaSet {
  if (fast === undefined) {
    const t0 = performance.now();
    fast = compileSet(false);
    compileMillis = { ...compileMillis, fast: performance.now() - t0 };
  }
  return fast;
}

/** The all-errors validators, compiled the first time an object fails. */
export function thoroughSchemas(): SchemaSet {
  if (thorough === undefined) {
    const t0 = performance.now();
    thorough = compileSet(true);
    compileMillis = { ...compileMillis, thorough: performance.now() - t0 };
  }
  return thorough;
}

/** How long each compilation took in this process (milliseconds), for diagnostics and benchmarks. */
export function schemaCompileMillis(): Readonly<{ fast?: number; thorough?: number }> {
  return compileMillis;
}
