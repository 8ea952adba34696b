// HTTP Message Signatures (RFC 9421) for requests between member nodes, with Ed25519 (§3.3.6),
// and the Content-Digest field (RFC 9530) that binds the body to the signature.
//
// A signature does not cover the raw bytes of a request — proxies may reorder and combine header
// fields, change the HTTP version or the Host — but a *signature base* (§2.5): one line per
// covered component, `"<name>": <canonical value>\n`, in the order the signer chose, closed by
// the `"@signature-params"` line, which repeats the covered list and the parameters (created,
// expires, nonce, alg, keyid, tag) so they are signed too. Both sides build the base from their
// own view of the message, so the rules for each value below are the whole of the interoperability.
// Unlike src/trust/signing.ts, nothing is prepended: Ed25519 signs the base exactly as RFC 9421
// defines it (the `tag` parameter does the job of a signing context, and it is covered).
//
// The fields are Structured Field Values (RFC 8941): `Signature-Input` a Dictionary of Inner
// Lists, `Signature` and `Content-Digest` Dictionaries of Byte Sequences. The parser below covers
// all of RFC 8941 (a proxy may add a signature of its own, with parameters we do not use), and
// is strict: a syntax error is reported with its position, and — beyond RFC 8941, which lets the
// last of two equal keys win — a repeated dictionary key or parameter is refused, since two
// readers of the same field could otherwise disagree about what was signed.
//
// Accord's profile (docs/decisions/0016-peer-authentication.md) is `signRequest`/`verifyRequest`.
import { createHash, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { AccordError } from '../stix/index.js';
import { keyFingerprint, type NodeKey } from '../trust/index.js';

// ---------------------------------------------------------------------------------------------
// Structured Field Values (RFC 8941), the subset of types RFC 9421 and RFC 9530 use and the rest
// for parsing only (decimals, tokens and booleans appear in other parties' signatures).

export type BareItem =
  | { readonly type: 'integer' | 'decimal'; readonly value: number }
  | { readonly type: 'string' | 'token'; readonly value: string }
  | { readonly type: 'bytes'; readonly value: Buffer }
  | { readonly type: 'boolean'; readonly value: boolean };

/** Parameters in their order of appearance (the order is part of the serialisation, so of the signature base). */
export type SfParameters = ReadonlyArray<readonly [string, BareItem]>;
export interface SfItem { readonly kind: 'item'; readonly value: BareItem; readonly params: SfParameters }
export interface SfInnerList { readonly kind: 'inner-list'; readonly items: readonly SfItem[]; readonly params: SfParameters }
export type SfDictionary = ReadonlyMap<string, SfItem | SfInnerList>;

const KEY_FIRST = /[a-z*]/;
const KEY_REST = /[a-z0-9_\-.*]/;
const TOKEN_FIRST = /[A-Za-z*]/;
const TOKEN_REST = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;
const DIGIT = /[0-9]/;
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const MAX_INTEGER = 999_999_999_999_999;

/** A cursor over one field value; every failure names the field and the character position. */
class SfParser {
  private pos = 0;
  constructor(private readonly input: string, private readonly field: string, private readonly code: string) {}

  fail(what: string): never {
    throw new AccordError('unauthenticated', this.code, `${this.field}: ${what} at character ${this.pos + 1} of ${JSON.stringify(this.input)} (RFC 8941)`);
  }

  private peek(): string {
    return this.input.charAt(this.pos);
  }

  private done(): boolean {
    return this.pos >= this.input.length;
  }

  private skip(chars: string): void {
    while (!this.done() && chars.includes(this.peek())) this.pos++;
  }

  /** §4.2.2 — a Dictionary, with repeated keys refused. */
  dictionary(): Map<string, SfItem | SfInnerList> {
    const out = new Map<string, SfItem | SfInnerList>();
    this.skip(' ');
    if (this.done()) this.fail('an empty dictionary');
    while (!this.done()) {
      const at = this.pos;
      const key = this.key();
      let member: SfItem | SfInnerList;
      if (this.peek() === '=') {
        this.pos++;
        member = this.peek() === '(' ? this.innerList() : this.item();
      } else {
        member = { kind: 'item', value: { type: 'boolean', value: true }, params: this.parameters() };
      }
      if (out.has(key)) {
        this.pos = at;
        this.fail(`the key "${key}" repeated`);
      }
      out.set(key, member);
      this.skip(' \t');
      if (this.done()) return out;
      if (this.peek() !== ',') this.fail('expected "," between members');
      this.pos++;
      this.skip(' \t');
      if (this.done()) this.fail('a trailing ","');
    }
    return out;
  }

  /** §4.2.1.2 — `( item *( SP item ) ) params`. */
  private innerList(): SfInnerList {
    this.pos++; // "("
    const items: SfItem[] = [];
    while (!this.done()) {
      this.skip(' ');
      if (this.peek() === ')') {
        this.pos++;
        return { kind: 'inner-list', items, params: this.parameters() };
      }
      items.push(this.item());
      if (this.done()) break;
      if (this.peek() !== ' ' && this.peek() !== ')') this.fail('expected a space or ")" after an inner-list item');
    }
    return this.fail('an inner list without its closing ")"');
  }

  private item(): SfItem {
    const value = this.bareItem();
    return { kind: 'item', value, params: this.parameters() };
  }

  /** §4.2.3.2 — `*( ";" *SP key [ "=" bare-item ] )`, with repeated keys refused. */
  private parameters(): SfParameters {
    const out: [string, BareItem][] = [];
    while (this.peek() === ';') {
      this.pos++;
      this.skip(' ');
      const at = this.pos;
      const key = this.key();
      let value: BareItem = { type: 'boolean', value: true };
      if (this.peek() === '=') {
        this.pos++;
        value = this.bareItem();
      }
      if (out.some(([k]) => k === key)) {
        this.pos = at;
        this.fail(`the parameter "${key}" repeated`);
      }
      out.push([key, value]);
    }
    return out;
  }

  /** §4.2.3.3 — lowercase letters, digits, `_ - . *`, starting with a letter or `*`. */
  private key(): string {
    if (!KEY_FIRST.test(this.peek())) this.fail('expected a key (a lowercase letter or "*")');
    const start = this.pos++;
    while (!this.done() && KEY_REST.test(this.peek())) this.pos++;
    return this.input.slice(start, this.pos);
  }

  private bareItem(): BareItem {
    const c = this.peek();
    if (c === '-' || DIGIT.test(c)) return this.number();
    if (c === '"') return this.string();
    if (c === ':') return this.bytes();
    if (c === '?') return this.boolean();
    if (c !== '' && TOKEN_FIRST.test(c)) return this.token();
    return this.fail('expected an item (integer, decimal, string, token, byte sequence or boolean)');
  }

  /** §4.2.4 — an integer has at most 15 digits; a decimal at most 12 before the point and 1 to 3 after. */
  private number(): BareItem {
    const start = this.pos;
    if (this.peek() === '-') this.pos++;
    if (!DIGIT.test(this.peek())) this.fail('expected a digit');
    let whole = 0;
    let fraction = -1; // digits after the point; -1 while there is no point
    while (!this.done()) {
      const c = this.peek();
      if (DIGIT.test(c)) {
        if (fraction < 0) whole++;
        else fraction++;
      } else if (c === '.' && fraction < 0) {
        if (whole > 12) this.fail('a decimal of more than 12 integer digits');
        fraction = 0;
      } else {
        break;
      }
      this.pos++;
      if (fraction < 0 && whole > 15) this.fail('an integer of more than 15 digits');
      if (fraction > 3) this.fail('a decimal of more than 3 fractional digits');
    }
    if (fraction === 0) this.fail('a decimal ending in "."');
    return { type: fraction < 0 ? 'integer' : 'decimal', value: Number(this.input.slice(start, this.pos)) };
  }

  /** §4.2.5 — printable ASCII between double quotes; only `\"` and `\\` are escapes. */
  private string(): BareItem {
    this.pos++;
    let out = '';
    while (!this.done()) {
      const c = this.input[this.pos++] ?? '';
      if (c === '\\') {
        const next = this.input[this.pos++];
        if (next !== '"' && next !== '\\') {
          this.pos--;
          this.fail('an escape other than \\" or \\\\ in a string');
        }
        out += next;
      } else if (c === '"') {
        return { type: 'string', value: out };
      } else if (c < ' ' || c > '~') {
        this.pos--;
        this.fail('a character outside printable ASCII in a string');
      } else {
        out += c;
      }
    }
    return this.fail('a string without its closing quote');
  }

  private token(): BareItem {
    const start = this.pos++;
    while (!this.done() && TOKEN_REST.test(this.peek())) this.pos++;
    return { type: 'token', value: this.input.slice(start, this.pos) };
  }

  /** §4.2.7 — `:base64:`. Missing padding is tolerated, as RFC 8941 asks; other deviations are not. */
  private bytes(): BareItem {
    const start = ++this.pos;
    const end = this.input.indexOf(':', start);
    if (end < 0) this.fail('a byte sequence without its closing ":"');
    const text = this.input.slice(start, end);
    if (!B64.test(text) || text.length % 4 === 1 || (text.includes('=') && text.length % 4 !== 0)) {
      this.fail('a byte sequence that is not base64');
    }
    this.pos = end + 1;
    return { type: 'bytes', value: Buffer.from(text, 'base64') };
  }

  private boolean(): BareItem {
    this.pos++;
    const c = this.peek();
    if (c !== '0' && c !== '1') this.fail('a boolean other than ?0 or ?1');
    this.pos++;
    return { type: 'boolean', value: c === '1' };
  }
}

/** Parses a Structured Field Dictionary (RFC 8941 §4.2.2) strictly; throws `code` naming the position. */
export function parseDictionary(value: string, field: string, code: string): SfDictionary {
  return new SfParser(value.replace(/^[ \t]+|[ \t]+$/g, ''), field, code).dictionary();
}

function serializeBareItem(item: BareItem): string {
  switch (item.type) {
    case 'integer':
      if (!Number.isInteger(item.value) || Math.abs(item.value) > MAX_INTEGER) {
        throw new AccordError('invalid', 'peer.bad-structured-value', `${item.value} is not an RFC 8941 integer (at most 15 digits)`);
      }
      return String(item.value);
    case 'decimal': {
      const text = (Math.round(item.value * 1000) / 1000).toFixed(3).replace(/0{1,2}$/, '');
      if (text.replace(/^-/, '').indexOf('.') > 12) throw new AccordError('invalid', 'peer.bad-structured-value', `${item.value} is not an RFC 8941 decimal`);
      return text;
    }
    case 'string':
      if (!/^[\x20-\x7e]*$/.test(item.value)) {
        throw new AccordError('invalid', 'peer.bad-structured-value', `an RFC 8941 string holds printable ASCII only, got ${JSON.stringify(item.value)}`);
      }
      return `"${item.value.replace(/[\\"]/g, '\\$&')}"`;
    case 'token':
      if (!/^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/.test(item.value)) {
        throw new AccordError('invalid', 'peer.bad-structured-value', `${JSON.stringify(item.value)} is not an RFC 8941 token`);
      }
      return item.value;
    case 'bytes':
      return `:${item.value.toString('base64')}:`;
    case 'boolean':
      return item.value ? '?1' : '?0';
  }
}

function serializeParameters(params: SfParameters): string {
  return params.map(([k, v]) => (v.type === 'boolean' && v.value ? `;${k}` : `;${k}=${serializeBareItem(v)}`)).join('');
}

function serializeInnerList(list: SfInnerList): string {
  return `(${list.items.map((i) => serializeBareItem(i.value) + serializeParameters(i.params)).join(' ')})${serializeParameters(list.params)}`;
}

// ---------------------------------------------------------------------------------------------
// Messages and their components (RFC 9421 §2).

/** Header fields as Node, Fastify or fetch hold them; names in any case, repeated fields as arrays. */
export type HeaderBag = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A request to sign or verify. `url` is absolute: the target URI (RFC 9110 §7.1) as the client addressed it. */
export interface HttpRequestMessage {
  readonly method: string;
  readonly url: string;
  readonly headers: HeaderBag;
  /** The content as sent or received (after any transfer coding is removed; before any content coding is undone). */
  readonly body?: Uint8Array | string | undefined;
}

/** The derived components this implementation can compute (§2.2). */
export const DERIVED_COMPONENTS = ['@method', '@target-uri', '@authority', '@scheme', '@path', '@query'] as const;
const DERIVED: ReadonlySet<string> = new Set(DERIVED_COMPONENTS);
const FIELD_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const MAX_COMPONENTS = 64;

/** The signature parameters of §2.3 that this implementation knows; any other is refused. */
export interface SignatureParams {
  readonly created?: number;
  readonly expires?: number;
  readonly nonce?: string;
  readonly alg?: string;
  readonly keyid?: string;
  readonly tag?: string;
}
type ParamName = keyof SignatureParams;
const PARAM_ORDER: readonly ParamName[] = ['created', 'expires', 'nonce', 'alg', 'keyid', 'tag'];
const INTEGER_PARAMS: ReadonlySet<string> = new Set(['created', 'expires']);

function isParamName(k: string): k is ParamName {
  return (PARAM_ORDER as readonly string[]).includes(k);
}

/**
 * One signature's input: the covered components in the signer's order and its parameters in
 * theirs. Component identifiers carry no parameters here (`;sf`, `;key`, `;req`… are refused).
 */
export interface SignatureInput {
  readonly components: readonly string[];
  readonly params: SignatureParams;
  /** The parameter names in the order they are serialised (§2.3: the order is the signer's). */
  readonly paramOrder: readonly ParamName[];
}

/** A signature input from components and parameters, the parameters in the order created, expires, nonce, alg, keyid, tag. */
export function signatureInput(components: readonly string[], params: SignatureParams): SignatureInput {
  const input = { components: [...components], params, paramOrder: PARAM_ORDER.filter((k) => params[k] !== undefined) };
  checkComponents(input.components, 'invalid', 'peer.bad-component');
  for (const k of input.paramOrder) toBareItem(k, params);
  return input;
}

function checkComponents(components: readonly string[], kind: 'invalid' | 'unauthenticated', code: string): void {
  if (components.length > MAX_COMPONENTS) throw new AccordError(kind, code, `a signature covers at most ${MAX_COMPONENTS} components, not ${components.length}`);
  const seen = new Set<string>();
  for (const c of components) {
    if (c === '@signature-params') throw new AccordError(kind, code, '"@signature-params" may not be listed among the covered components (RFC 9421 §2.3)');
    if (c.startsWith('@')) {
      if (!DERIVED.has(c)) throw new AccordError(kind, code, `the derived component "${c}" is not supported (supported: ${DERIVED_COMPONENTS.join(', ')})`);
    } else if (!FIELD_NAME.test(c)) {
      throw new AccordError(kind, code, `"${c}" is not a lowercase HTTP field name (RFC 9421 §2.1 names fields in lowercase)`);
    }
    if (seen.has(c)) throw new AccordError(kind, code, `the component "${c}" is covered twice (RFC 9421 §2.5)`);
    seen.add(c);
  }
}

function toBareItem(name: ParamName, params: SignatureParams): BareItem {
  const v = params[name];
  if (INTEGER_PARAMS.has(name)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_INTEGER) {
      throw new AccordError('invalid', 'peer.bad-parameter', `the signature parameter ${name} is a Unix time in whole seconds, got ${String(v)}`);
    }
    return { type: 'integer', value: v };
  }
  if (typeof v !== 'string' || !/^[\x20-\x7e]*$/.test(v)) {
    throw new AccordError('invalid', 'peer.bad-parameter', `the signature parameter ${name} is a string of printable ASCII, got ${JSON.stringify(v)}`);
  }
  return { type: 'string', value: v };
}

function innerListOf(input: SignatureInput): SfInnerList {
  return {
    kind: 'inner-list',
    items: input.components.map((c) => ({ kind: 'item', value: { type: 'string', value: c }, params: [] })),
    params: input.paramOrder.map((k) => [k, toBareItem(k, input.params)] as const),
  };
}

/** The `@signature-params` value and Signature-Input member value (§2.3): `("a" "b");created=…;…`. */
export function serializeSignatureParams(input: SignatureInput): string {
  return serializeInnerList(innerListOf(input));
}

/** Reads one Signature-Input member as a signature input of the supported subset; throws `peer.malformed-signature-input`. */
function readInput(label: string, member: SfItem | SfInnerList): SignatureInput {
  const bad = (what: string): AccordError =>
    new AccordError('unauthenticated', 'peer.malformed-signature-input', `Signature-Input: the signature "${label}" ${what}`);
  if (member.kind !== 'inner-list') throw bad('is not an inner list of component identifiers (RFC 9421 §4.1)');
  const components = member.items.map((item) => {
    if (item.value.type !== 'string') throw bad(`covers ${serializeBareItem(item.value)}, not a quoted component identifier`);
    if (item.params.length > 0) throw bad(`gives the component "${item.value.value}" parameters (${item.params.map(([k]) => k).join(', ')}), which Accord does not support`);
    return item.value.value;
  });
  try {
    checkComponents(components, 'unauthenticated', 'peer.malformed-signature-input');
  } catch (e) {
    throw e instanceof AccordError ? bad(`is not acceptable: ${e.message}`) : e;
  }
  const params: { -readonly [K in ParamName]?: SignatureParams[K] } = {};
  const paramOrder: ParamName[] = [];
  for (const [k, v] of member.params) {
    if (!isParamName(k)) throw bad(`has the parameter "${k}", which is not one of ${PARAM_ORDER.join(', ')}`);
    if (k === 'created' || k === 'expires') {
      if (v.type !== 'integer' || v.value < 0) throw bad(`has ${k}=${serializeBareItem(v)}, which must be a non-negative integer (RFC 9421 §2.3)`);
      params[k] = v.value;
    } else {
      if (v.type !== 'string') throw bad(`has ${k}=${serializeBareItem(v)}, which must be a string (RFC 9421 §2.3)`);
      params[k] = v.value;
    }
    paramOrder.push(k);
  }
  return { components, params, paramOrder };
}

/** The signature input labelled `label` in a Signature-Input field value; throws when absent or outside the supported subset. */
export function readSignatureInput(fieldValue: string, label: string): SignatureInput {
  const member = parseDictionary(fieldValue, 'Signature-Input', 'peer.malformed-signature-input').get(label);
  if (member === undefined) throw new AccordError('unauthenticated', 'peer.no-signature', `Signature-Input has no signature labelled "${label}"`);
  return readInput(label, member);
}

/** The signature labelled `label` in a Signature field value (a byte sequence, §4.2). */
export function readSignature(fieldValue: string, label: string): Buffer {
  const member = parseDictionary(fieldValue, 'Signature', 'peer.malformed-signature').get(label);
  if (member === undefined) throw new AccordError('unauthenticated', 'peer.malformed-signature', `Signature has no member "${label}", which Signature-Input declares`);
  if (member.kind !== 'item' || member.value.type !== 'bytes') {
    throw new AccordError('unauthenticated', 'peer.malformed-signature', `Signature: the member "${label}" is not a byte sequence (:base64:)`);
  }
  return member.value.value;
}

function headerInstances(headers: HeaderBag, name: string): string[] | undefined {
  if (headers instanceof Headers) {
    const v = headers.get(name);
    return v === null ? undefined : [v];
  }
  const out: string[] = [];
  let found = false;
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || k.toLowerCase() !== name) continue;
    found = true;
    if (typeof v === 'string') out.push(v);
    else out.push(...v);
  }
  return found ? out : undefined;
}

/**
 * A header field's component value (§2.1): each field line's value with leading and trailing
 * whitespace removed and obsolete line folding replaced by a space, the lines joined by ", ".
 * Undefined when the message has no such field.
 */
export function fieldValue(headers: HeaderBag, name: string): string | undefined {
  const values = headerInstances(headers, name.toLowerCase());
  return values?.map((v) => v.replace(/\r\n[ \t]+/g, ' ').replace(/^[ \t]+|[ \t]+$/g, '')).join(', ');
}

function targetUrl(request: HttpRequestMessage): URL {
  let u: URL;
  try {
    u = new URL(request.url);
  } catch {
    throw new AccordError('invalid', 'peer.bad-target-uri', `a signed request needs an absolute http(s) URL, got ${JSON.stringify(request.url)}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new AccordError('invalid', 'peer.bad-target-uri', `a signed request is http or https, not ${u.protocol}`);
  if (u.username !== '' || u.password !== '') throw new AccordError('invalid', 'peer.bad-target-uri', 'a target URI carries no credentials (RFC 9110 §4.2.4)');
  u.hash = '';
  return u;
}

/**
 * A derived component's value (§2.2). The URL is parsed as WHATWG URL does (as fetch does before
 * sending), so the host is lowercased, a default port dropped and the path percent-encoded the
 * same way on both sides: the verifier rebuilds the URL from its public origin and the request
 * target it received, which is exactly what the signer's fetch sent.
 */
function derivedValue(name: string, request: HttpRequestMessage, url: URL): string {
  switch (name) {
    case '@method':
      if (!METHOD.test(request.method)) throw new AccordError('invalid', 'peer.bad-component', `${JSON.stringify(request.method)} is not an HTTP method`);
      return request.method; // §2.2.1: case-sensitive, not normalised
    case '@target-uri':
      return url.href; // §2.2.2: the full target URI, without fragment
    case '@authority':
      return url.host; // §2.2.3: host lowercased, default port omitted
    case '@scheme':
      return url.protocol.slice(0, -1); // §2.2.4: lowercase
    case '@path':
      return url.pathname; // §2.2.6: an empty path is "/"
    case '@query':
      return url.search === '' ? '?' : url.search; // §2.2.7: with its "?"; an absent or empty query is "?"
    default:
      throw new AccordError('invalid', 'peer.bad-component', `the derived component "${name}" is not supported`);
  }
}

/**
 * The signature base (RFC 9421 §2.5) of `request` for `input`: one line per covered component,
 * then the `@signature-params` line, no final newline. Throws `peer.missing-component` when a
 * covered field is absent and `peer.bad-component` when a value would leave ASCII or break a line.
 */
export function signatureBase(request: HttpRequestMessage, input: SignatureInput): string {
  const url = targetUrl(request);
  const lines: string[] = [];
  for (const name of input.components) {
    let value: string | undefined;
    if (name.startsWith('@')) {
      value = derivedValue(name, request, url);
    } else {
      value = fieldValue(request.headers, name);
      if (value === undefined) throw new AccordError('unauthenticated', 'peer.missing-component', `the signature covers the field "${name}", which the request does not have`);
    }
    // §2.5 step 4: the base is ASCII. A line break inside a value would also forge a line.
    if (!/^[\x20-\x7e\t]*$/.test(value)) {
      throw new AccordError('unauthenticated', 'peer.bad-component', `the value of "${name}" holds characters other than visible ASCII, space and tab`);
    }
    lines.push(`"${name}": ${value}`);
  }
  lines.push(`"@signature-params": ${serializeSignatureParams(input)}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Content-Digest (RFC 9530).

/** The bytes of a body (a string is UTF-8). */
function bodyBytes(body: Uint8Array | string | undefined): Buffer {
  if (body === undefined) return Buffer.alloc(0);
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** The Content-Digest field value of a body: `sha-256=:<base64 of SHA-256>:` (RFC 9530 §2). */
export function contentDigest(body: Uint8Array | string): string {
  return `sha-256=:${createHash('sha256').update(bodyBytes(body)).digest('base64')}:`;
}

const DIGESTS: Readonly<Record<string, string>> = { 'sha-256': 'sha256', 'sha-512': 'sha512' };

/**
 * Checks a Content-Digest field value against the body received: every sha-256 or sha-512 digest
 * it holds must match, and it must hold at least one. Other algorithms are ignored (RFC 9530 §2).
 */
export function verifyContentDigest(fieldValue: string, body: Uint8Array | string | undefined): void {
  const dict = parseDictionary(fieldValue, 'Content-Digest', 'peer.malformed-content-digest');
  const bytes = bodyBytes(body);
  let checked = 0;
  for (const [alg, member] of dict) {
    const hash = DIGESTS[alg];
    if (hash === undefined) continue;
    if (member.kind !== 'item' || member.value.type !== 'bytes') {
      throw new AccordError('unauthenticated', 'peer.malformed-content-digest', `Content-Digest: the ${alg} member is not a byte sequence`);
    }
    if (!createHash(hash).update(bytes).digest().equals(member.value.value)) {
      throw new AccordError('unauthenticated', 'peer.content-digest-mismatch', `the body received (${bytes.length} bytes) does not match its ${alg} Content-Digest`);
    }
    checked++;
  }
  if (checked === 0) {
    throw new AccordError('unauthenticated', 'peer.malformed-content-digest', `Content-Digest holds no sha-256 or sha-512 digest (it holds ${[...dict.keys()].join(', ')})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Creating and verifying one signature (§3.1, §3.2) with Ed25519 (§3.3.6), profile-free.

function privateKeyOf(key: NodeKey | KeyObject): KeyObject {
  const k = 'privateKey' in key ? key.privateKey : key;
  if (k.type !== 'private' || k.asymmetricKeyType !== 'ed25519') {
    throw new AccordError('invalid', 'peer.wrong-key-type', `HTTP message signatures are made with an Ed25519 private key, got ${k.asymmetricKeyType ?? k.type} ${k.type}`);
  }
  return k;
}

export interface CreatedSignature {
  /** The Signature-Input field value: `<label>=(…);…`. */
  readonly signatureInput: string;
  /** The Signature field value: `<label>=:<base64>:`. */
  readonly signature: string;
  /** The signature base that was signed (for tests and diagnostics; never log it with secrets in headers). */
  readonly base: string;
}

/** Signs `request` under `label` with an Ed25519 key (§3.1): Ed25519 over the signature base's bytes. */
export function createSignature(request: HttpRequestMessage, label: string, input: SignatureInput, key: NodeKey | KeyObject): CreatedSignature {
  if (!/^[a-z*][a-z0-9_\-.*]*$/.test(label)) throw new AccordError('invalid', 'peer.bad-label', `${JSON.stringify(label)} is not a Structured Field key`);
  const base = signatureBase(request, input);
  const bytes = sign(null, Buffer.from(base, 'ascii'), privateKeyOf(key));
  return { signatureInput: `${label}=${serializeSignatureParams(input)}`, signature: `${label}=:${bytes.toString('base64')}:`, base };
}

/** True when `signature` is `publicKey`'s Ed25519 signature of `request`'s base for `input` (§3.2 steps 6–8). */
export function verifySignatureBytes(request: HttpRequestMessage, input: SignatureInput, signature: Uint8Array, publicKey: KeyObject): boolean {
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519') {
    throw new AccordError('unauthenticated', 'peer.wrong-algorithm', `the key is ${publicKey.asymmetricKeyType ?? publicKey.type}, not Ed25519`);
  }
  if (signature.length !== 64) return false;
  return verify(null, Buffer.from(signatureBase(request, input), 'ascii'), publicKey, signature);
}

// ---------------------------------------------------------------------------------------------
// Accord's profile: how member nodes sign every request to each other.

/** The label Accord's signer uses. Labels are not signed (§4.2), so the verifier selects by tag instead. */
export const ACCORD_SIGNATURE_LABEL = 'accord';
/** The `tag` of Accord peer signatures (§2.3): names the application and version, and is covered. */
export const ACCORD_SIGNATURE_TAG = 'accord-peer-v1';
/** How long a signature is valid by default: long enough for a request in flight, short for a captured one. */
export const DEFAULT_SIGNATURE_LIFETIME_SECONDS = 60;
/** The longest lifetime a verifier accepts; it also bounds how long a nonce must be remembered. */
export const MAX_SIGNATURE_LIFETIME_SECONDS = 300;
/** How far the clocks of two nodes may disagree. */
export const DEFAULT_MAX_SKEW_SECONDS = 30;
/** The components every peer request must cover. */
export const REQUIRED_COMPONENTS = ['@method', '@target-uri', '@authority'] as const;
/** Header fields a peer request must cover whenever it carries them (Accord-Push-Range: see push.ts). */
export const COVERED_WHEN_PRESENT = ['content-type', 'accept', 'accord-push-range'] as const;

const MEMBER_ID = /^identity--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const FINGERPRINT = /^[0-9a-f]{64}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The keyid of a member key: `<member identity id>;<key fingerprint>` — the STIX identity id
 * (which cannot hold ";") and the lowercase hex SHA-256 of the raw public key, as members.ts names
 * keys. Naming the key as well as the member lets a member rotate keys without ambiguity.
 */
export function accordKeyId(memberId: string, fingerprint: string): string {
  if (!MEMBER_ID.test(memberId) || !FINGERPRINT.test(fingerprint)) {
    throw new AccordError('invalid', 'peer.bad-keyid', `a keyid names a member identity (identity--<uuid>) and a key fingerprint (64 hex digits), got ${JSON.stringify(memberId)} and ${JSON.stringify(fingerprint)}`);
  }
  return `${memberId};${fingerprint}`;
}

/** The member and key fingerprint of an Accord keyid; undefined when it is not of that form. */
export function parseAccordKeyId(keyId: string): { memberId: string; fingerprint: string } | undefined {
  const i = keyId.indexOf(';');
  const memberId = keyId.slice(0, i);
  const fingerprint = keyId.slice(i + 1);
  return i > 0 && MEMBER_ID.test(memberId) && FINGERPRINT.test(fingerprint) ? { memberId, fingerprint } : undefined;
}

export interface SignRequestOptions {
  /** The member's Ed25519 signing key. */
  readonly key: NodeKey | KeyObject;
  /** `accordKeyId(memberId, fingerprint)`; its fingerprint must be the key's. */
  readonly keyId: string;
  /** Unix time in seconds; now by default. */
  readonly created?: number;
  /** Unix time in seconds; `created` + 60 by default. */
  readonly expires?: number;
  /** 16 random bytes, base64url, by default. */
  readonly nonce?: string;
  /** `accord-peer-v1` by default. */
  readonly tag?: string;
}

/**
 * The fields a signed request adds: set them, replacing any of the same name, and send the body
 * unchanged. (A type, not an interface, so that it spreads into a plain header record.)
 */
export type SignatureHeaders = {
  readonly 'Signature-Input': string;
  readonly Signature: string;
  /** Present when the request has a body (even an empty one). */
  readonly 'Content-Digest'?: string;
};

/**
 * Signs a peer request under Accord's profile: covers `@method`, `@target-uri`, `@authority`,
 * then `content-digest` (computed here) when there is a body, and `content-type` and `accept`
 * when present; parameters created, expires, nonce, alg="ed25519", keyid, tag.
 */
export function signRequest(request: HttpRequestMessage, options: SignRequestOptions): SignatureHeaders {
  const privateKey = privateKeyOf(options.key);
  const parsed = parseAccordKeyId(options.keyId);
  if (parsed === undefined) throw new AccordError('invalid', 'peer.bad-keyid', `the keyid must be "<identity id>;<key fingerprint>", got ${JSON.stringify(options.keyId)}`);
  const fingerprint = keyFingerprint(createPublicKey(privateKey));
  if (parsed.fingerprint !== fingerprint) {
    throw new AccordError('invalid', 'peer.bad-keyid', `the keyid names the key ${parsed.fingerprint}, but the signing key is ${fingerprint}`);
  }
  const created = options.created ?? Math.floor(Date.now() / 1000);
  const expires = options.expires ?? created + DEFAULT_SIGNATURE_LIFETIME_SECONDS;
  if (expires <= created) throw new AccordError('invalid', 'peer.bad-parameter', `a signature must expire after it is created (created ${created}, expires ${expires})`);
  const nonce = options.nonce ?? randomBytes(16).toString('base64url');
  if (!NONCE.test(nonce)) throw new AccordError('invalid', 'peer.bad-parameter', 'a nonce is 16 to 64 base64url characters');

  const digest = request.body === undefined ? undefined : contentDigest(request.body);
  const headers: Record<string, string | readonly string[] | undefined> = {};
  for (const name of COVERED_WHEN_PRESENT) {
    const v = fieldValue(request.headers, name);
    if (v !== undefined) headers[name] = v;
  }
  if (digest !== undefined) headers['content-digest'] = digest;
  const components = [...REQUIRED_COMPONENTS, ...['content-digest', ...COVERED_WHEN_PRESENT].filter((c) => headers[c] !== undefined)];
  const input = signatureInput(components, { created, expires, nonce, alg: 'ed25519', keyid: options.keyId, tag: options.tag ?? ACCORD_SIGNATURE_TAG });
  const signed = createSignature({ method: request.method, url: request.url, headers, body: request.body }, ACCORD_SIGNATURE_LABEL, input, privateKey);
  return digest === undefined
    ? { 'Signature-Input': signed.signatureInput, Signature: signed.signature }
    : { 'Signature-Input': signed.signatureInput, Signature: signed.signature, 'Content-Digest': digest };
}

export interface VerifyRequestOptions {
  /** The public key a member signs with under `fingerprint`, or undefined (never a guess). */
  readonly keyOf: (memberId: string, fingerprint: string) => KeyObject | undefined;
  readonly now: Date;
  /** Tolerated clock difference, both ways; 30 s by default. */
  readonly maxSkewSeconds?: number;
  /**
   * The replay check: true when `nonce` was seen already (the request is refused); otherwise it
   * records the nonce until `keepUntil` (Unix seconds). Called only once everything else verified.
   */
  readonly seenNonce?: (nonce: string, keepUntil: number, now: number) => boolean;
  /**
   * The body has not been read yet (a server authenticates before it reads a body): a request
   * that announces one (Content-Length above 0, or Transfer-Encoding) must cover content-digest,
   * and the caller checks the digest with verifyContentDigest once the body is in.
   */
  readonly bodyPending?: boolean;
}

/** Who signed a verified request. */
export interface VerifiedSigner {
  readonly memberId: string;
  readonly fingerprint: string;
}

function unauthenticated(code: string, message: string): AccordError {
  return new AccordError('unauthenticated', code, message);
}

/** The one Accord signature input of a Signature-Input field: the member whose tag is Accord's. */
function accordInput(fieldValue: string): { label: string; input: SignatureInput } {
  const dict = parseDictionary(fieldValue, 'Signature-Input', 'peer.malformed-signature-input');
  const ours = [...dict].filter(([, m]) => m.kind === 'inner-list' && m.params.some(([k, v]) => k === 'tag' && v.type === 'string' && v.value === ACCORD_SIGNATURE_TAG));
  if (ours.length > 1) throw unauthenticated('peer.ambiguous-signature', `Signature-Input holds ${ours.length} signatures tagged ${ACCORD_SIGNATURE_TAG} (${ours.map(([l]) => l).join(', ')}); a peer request carries one`);
  const [first] = ours;
  if (first === undefined) {
    const labelled = dict.get(ACCORD_SIGNATURE_LABEL);
    const hint = labelled?.kind === 'inner-list' ? `; the one labelled "${ACCORD_SIGNATURE_LABEL}" has ${labelled.params.some(([k]) => k === 'tag') ? 'another tag' : 'no tag'}` : '';
    throw unauthenticated('peer.no-signature', `Signature-Input holds no signature tagged ${ACCORD_SIGNATURE_TAG} (labels: ${[...dict.keys()].join(', ')})${hint}`);
  }
  return { label: first[0], input: readInput(first[0], first[1]) };
}

/**
 * Verifies a peer request under Accord's profile (RFC 9421 §3.2 with the profile's checks) and
 * returns who signed it; throws an `unauthenticated` AccordError with a `peer.*` code otherwise.
 * Cheap checks come first; the nonce is recorded last, so only a fully valid request spends one.
 */
export function verifyRequest(request: HttpRequestMessage, options: VerifyRequestOptions): VerifiedSigner {
  const skew = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  const now = Math.floor(options.now.getTime() / 1000);
  const inputField = fieldValue(request.headers, 'signature-input');
  const signatureField = fieldValue(request.headers, 'signature');
  if (inputField === undefined && signatureField === undefined) {
    throw unauthenticated('peer.no-signature', 'the request is not signed: peers sign every request with HTTP Message Signatures (RFC 9421)');
  }
  if (inputField === undefined) throw unauthenticated('peer.malformed-signature-input', 'the request has a Signature field but no Signature-Input');
  if (signatureField === undefined) throw unauthenticated('peer.malformed-signature', 'the request has a Signature-Input field but no Signature');

  const { label, input } = accordInput(inputField);
  const signature = readSignature(signatureField, label);
  if (signature.length !== 64) throw unauthenticated('peer.malformed-signature', `an Ed25519 signature is 64 bytes, the one labelled "${label}" has ${signature.length}`);

  const { created, expires, nonce, alg, keyid } = input.params;
  if (created === undefined || expires === undefined || nonce === undefined || alg === undefined || keyid === undefined) {
    const missing = (['created', 'expires', 'nonce', 'alg', 'keyid'] as const).filter((k) => input.params[k] === undefined);
    throw unauthenticated('peer.missing-parameter', `the signature lacks the parameters ${missing.join(', ')}, which Accord requires`);
  }
  if (alg !== 'ed25519') throw unauthenticated('peer.wrong-algorithm', `peers sign with alg="ed25519", not ${JSON.stringify(alg)}`);
  const signer = parseAccordKeyId(keyid);
  if (signer === undefined) throw unauthenticated('peer.malformed-keyid', `the keyid must be "<identity id>;<key fingerprint>", got ${JSON.stringify(keyid)}`);
  if (!NONCE.test(nonce)) throw unauthenticated('peer.malformed-signature-input', 'the nonce must be 16 to 64 base64url characters');

  if (expires <= created) throw unauthenticated('peer.malformed-signature-input', `the signature expires (${expires}) before or when it is created (${created})`);
  if (expires - created > MAX_SIGNATURE_LIFETIME_SECONDS) {
    throw unauthenticated('peer.signature-lifetime-too-long', `the signature is valid for ${expires - created} s; peers accept at most ${MAX_SIGNATURE_LIFETIME_SECONDS} s`);
  }
  if (created > now + skew) {
    throw unauthenticated('peer.signature-created-in-future', `the signature was created at ${created}, ${created - now} s ahead of this node's clock (${now}; ${skew} s tolerated)`);
  }
  if (now > expires + skew) {
    throw unauthenticated('peer.signature-expired', `the signature expired at ${expires}, ${now - expires} s ago (${skew} s tolerated)`);
  }

  const length = fieldValue(request.headers, 'content-length');
  const hasBody = options.bodyPending === true
    ? (length !== undefined && length.trim() !== '0') || fieldValue(request.headers, 'transfer-encoding') !== undefined
    : bodyBytes(request.body).length > 0;
  const required: string[] = [...REQUIRED_COMPONENTS];
  if (hasBody) required.push('content-digest');
  for (const field of COVERED_WHEN_PRESENT) if (fieldValue(request.headers, field) !== undefined) required.push(field);
  const uncovered = required.filter((c) => !input.components.includes(c));
  if (uncovered.length > 0) throw unauthenticated('peer.components-not-covered', `the signature does not cover ${uncovered.join(', ')}, which Accord requires`);

  const publicKey = options.keyOf(signer.memberId, signer.fingerprint);
  if (publicKey === undefined) throw unauthenticated('peer.unknown-key', `no member ${signer.memberId} with the key ${signer.fingerprint} is known to this node`);
  if (!verifySignatureBytes(request, input, signature, publicKey)) {
    throw unauthenticated('peer.bad-signature', `the signature does not verify with ${signer.memberId}'s key ${signer.fingerprint}`);
  }
  if (input.components.includes('content-digest') && options.bodyPending !== true) verifyContentDigest(fieldValue(request.headers, 'content-digest') ?? '', request.body);

  // Kept for as long as the signature would still be accepted, so a replay can never outlive it.
  if (options.seenNonce?.(nonce, expires + skew, now) === true) {
    throw unauthenticated('peer.replayed-nonce', `the nonce of this signature by ${signer.memberId} was used already: a request is accepted once`);
  }
  return signer;
}

/**
 * The nonces of accepted peer requests, each kept until its signature could no longer be
 * accepted, at most `maxEntries` of them. When every slot holds a live nonce, it refuses
 * (`peer.replay-cache-full`, unavailable) rather than forget one, which would reopen a replay:
 * a node under that load sheds peer requests for at most the signature lifetime.
 * In memory, per process (docs/decisions/0016-peer-authentication.md).
 */
export class ReplayCache {
  readonly #live = new Map<string, number>();
  /** The nonces in the order recorded; expiry is nearly in that order, since lifetimes are capped. */
  #queue: { nonce: string; keepUntil: number }[] = [];
  #head = 0;

  constructor(readonly maxEntries = 100_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new AccordError('invalid', 'peer.bad-replay-cache', 'a replay cache holds at least one nonce');
  }

  get size(): number {
    return this.#live.size;
  }

  /** True when `nonce` is recorded and live at `now` (Unix seconds); otherwise records it until `keepUntil` and returns false. */
  seen(nonce: string, keepUntil: number, now: number): boolean {
    const until = this.#live.get(nonce);
    if (until !== undefined && until >= now) return true;
    this.#purge(now, false);
    if (this.#live.size >= this.maxEntries) this.#purge(now, true);
    if (this.#live.size >= this.maxEntries) {
      throw new AccordError('unavailable', 'peer.replay-cache-full', `this node remembers ${this.maxEntries} live request nonces already; try again shortly`);
    }
    this.#live.set(nonce, keepUntil);
    this.#queue.push({ nonce, keepUntil });
    return false;
  }

  /** Drops expired nonces: from the front until a live one (cheap), or all of them (`full`, when the cache is full). */
  #purge(now: number, full: boolean): void {
    const expired = (e: { nonce: string; keepUntil: number }): boolean => e.keepUntil < now;
    const drop = (e: { nonce: string; keepUntil: number }): void => {
      if (this.#live.get(e.nonce) === e.keepUntil) this.#live.delete(e.nonce);
    };
    if (full) {
      const keep = this.#queue.slice(this.#head).filter((e) => {
        if (!expired(e)) return true;
        drop(e);
        return false;
      });
      this.#queue = keep;
      this.#head = 0;
      return;
    }
    while (this.#head < this.#queue.length) {
      const e = this.#queue[this.#head];
      if (e === undefined || !expired(e)) break;
      drop(e);
      this.#head++;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
