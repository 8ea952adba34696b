// Self-signed TLS certificates for trials (`accord init --self-signed`), made with Node's own
// crypto: no npm package and no `openssl` binary, which CI machines and small hosts may lack.
// The certificate is an X.509 v3 certificate (RFC 5280) written in DER by hand (./der.ts) and
// signed with a fresh ECDSA P-256 key (ecdsa-with-SHA256, RFC 5758 §3.2). It is a leaf only
// (CA:FALSE, digitalSignature, serverAuth): a client trusts it by pinning it as its own trust
// anchor (curl --cacert, Node's `ca`), and it cannot be used to issue other certificates.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { AccordError } from '../stix/index.js';
import {
  bitString, boolean, explicit, implicitPrimitive, integer, isPrintable, octetString, oid,
  printableString, readTlv, sequence, set, Tag, time, utf8String,
} from './der.js';

export interface SelfSignedOptions {
  /** Subject and issuer CN, 1 to 64 characters (default "Accord node (self-signed)"). */
  readonly commonName?: string;
  /** DNS names for subjectAltName (default ["localhost"]); ASCII (punycode) names, "*." allowed leftmost. */
  readonly dnsNames?: readonly string[];
  /** IPv4 or IPv6 addresses for subjectAltName (default ["127.0.0.1", "::1"]). */
  readonly ipAddresses?: readonly string[];
  /** Days of validity from now, an integer from 1 to 3650 (default 397, the browsers' maximum). */
  readonly days?: number;
  /** The issuing time (default the current time); notBefore is 5 minutes earlier, for clock skew. */
  readonly now?: Date;
}

export interface SelfSignedCertificate {
  /** The certificate, PEM ("-----BEGIN CERTIFICATE-----"). */
  readonly certPem: string;
  /** Its private key, PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), unencrypted: store it owner-only. */
  readonly keyPem: string;
  /** SHA-256 of the certificate DER as colon-separated upper-case hex, as Node and OpenSSL print it. */
  readonly fingerprintSha256: string;
  /** The end of validity, to the second as encoded in the certificate. */
  readonly notAfter: Date;
}

export const SELF_SIGNED_DEFAULTS = {
  commonName: 'Accord node (self-signed)',
  dnsNames: ['localhost'],
  ipAddresses: ['127.0.0.1', '::1'],
  days: 397,
} as const;
const ORGANIZATION = 'Accord';
const MAX_DAYS = 3650;
const CLOCK_SKEW_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organizationName: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/**
 * A new self-signed TLS server certificate and its key. Each of `dnsNames` and `ipAddresses`
 * falls back to its own default when left out, so naming a host keeps the loopback addresses;
 * pass `[]` to leave one out (at least one name or address must remain).
 */
export function generateSelfSignedCertificate(options: SelfSignedOptions = {}): SelfSignedCertificate {
  const commonName = checkCommonName(options.commonName ?? SELF_SIGNED_DEFAULTS.commonName);
  const dnsNames = unique((options.dnsNames ?? SELF_SIGNED_DEFAULTS.dnsNames).map(checkDnsName));
  const ipAddresses = unique((options.ipAddresses ?? SELF_SIGNED_DEFAULTS.ipAddresses).map(ipAddressBytes));
  if (dnsNames.length === 0 && ipAddresses.length === 0) {
    throw invalid('a certificate needs at least one DNS name or IP address to be usable for TLS');
  }
  const days = options.days ?? SELF_SIGNED_DEFAULTS.days;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw invalid(`days must be an integer from 1 to ${MAX_DAYS}`);
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw invalid('now must be a valid date');
  const notBefore = wholeSeconds(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = wholeSeconds(now.getTime() + days * DAY_MS);

  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const name = distinguishedName(commonName);
  const signatureAlgorithm = sequence(oid(OID.ecdsaWithSha256)); // parameters absent (RFC 5758 §3.2)

  const tbs = sequence(
    explicit(0, integer(2)), // version v3
    integer(serialNumber()),
    signatureAlgorithm,
    name, // issuer: the same bytes as the subject, which is what makes it self-issued
    sequence(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(3, sequence(
      extension(OID.basicConstraints, true, sequence()), // cA DEFAULT FALSE is omitted in DER
      extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature (bit 0) only
      extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(
        ...dnsNames.map((d) => implicitPrimitive(2, Buffer.from(d, 'ascii'))), // dNSName [2] IA5String (checked ASCII)
        ...ipAddresses.map((ip) => implicitPrimitive(7, ip)), // iPAddress [7] OCTET STRING
      )),
      extension(OID.subjectKeyIdentifier, false, octetString(subjectKeyIdentifier(spki))),
    )),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' }); // ECDSA-Sig-Value
  const der = sequence(tbs, signatureAlgorithm, bitString(signature));

  return {
    certPem: pem('CERTIFICATE', der),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    fingerprintSha256: (createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g) ?? []).join(':'),
    notAfter,
  };
}

function invalid(message: string): AccordError {
  return new AccordError('invalid', 'tls.invalid-self-signed-option', message);
}

function checkCommonName(cn: string): string {
  // ub-common-name is 64 (RFC 5280 Appendix A.1); control characters have no place in a name.
  if (cn.length < 1 || cn.length > 64 || /\p{Cc}/u.test(cn)) throw invalid('the common name must be 1 to 64 characters without control characters');
  return cn;
}

function checkDnsName(name: string): string {
  // RFC 5280 §4.2.1.6: dNSName is an IA5String in the preferred name syntax; IDNs go as A-labels.
  const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
  const lower = name.toLowerCase();
  if (isIP(lower) !== 0) throw invalid(`${name} is an IP address: give it in ipAddresses`);
  if (lower.length > 253 || !new RegExp(`^(?:\\*\\.)?${label}(?:\\.${label})*$`).test(lower)) {
    throw invalid(`not a DNS name for a certificate: ${JSON.stringify(name)}`);
  }
  return lower;
}

/** The iPAddress form (RFC 5280 §4.2.1.6): 4 octets for IPv4, 16 for IPv6, network byte order. */
function ipAddressBytes(text: string): Buffer {
  const kind = isIP(text);
  if (kind === 4) return Buffer.from(text.split('.').map(Number));
  if (kind !== 6 || text.includes('%')) throw invalid(`not an IP address (zone ids are not allowed): ${JSON.stringify(text)}`);
  let rest = text;
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(rest); // an embedded IPv4 address, e.g. ::ffff:192.0.2.1
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    tail.push(a * 256 + b, c * 256 + d);
    rest = rest.slice(0, dotted.index);
  }
  const groups = (part: string): number[] => part.split(':').filter((g) => g !== '').map((g) => parseInt(g, 16));
  const [head = '', after] = rest.split('::');
  const left = groups(head);
  const right = [...(after === undefined ? [] : groups(after)), ...tail];
  const hextets = [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
  const out = Buffer.alloc(16);
  hextets.forEach((h, i) => out.writeUInt16BE(h, i * 2));
  return out;
}

function unique<T extends string | Buffer>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = typeof item === 'string' ? item : item.toString('hex');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Time to the whole second, as the certificate encodes it. */
function wholeSeconds(ms: number): Date {
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** 16 random bytes with the top bit cleared: a positive serial with 127 bits of entropy (RFC 5280 §4.1.2.2). */
function serialNumber(): Buffer {
  for (;;) {
    const serial = randomBytes(16);
    serial[0] = (serial[0] ?? 0) & 0x7f;
    if (serial.some((b) => b !== 0)) return serial; // zero is not positive; retry (odds 2^-127)
  }
}

/** Name: O then CN, one attribute per RDN; PrintableString when it fits, else UTF8String (RFC 5280 §4.1.2.6). */
function distinguishedName(commonName: string): Buffer {
  const attribute = (type: string, value: string): Buffer =>
    set(sequence(oid(type), isPrintable(value) ? printableString(value) : utf8String(value)));
  return sequence(attribute(OID.organizationName, ORGANIZATION), attribute(OID.commonName, commonName));
}

/** Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }. */
function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING's value (no tag, length or unused-bits octet). */
function subjectKeyIdentifier(spki: Buffer): Buffer {
  const outer = readTlv(spki);
  const algorithm = readTlv(outer.content);
  const key = readTlv(outer.content, algorithm.end);
  if (outer.tag !== Tag.sequence || key.tag !== Tag.bitString || key.content[0] !== 0) {
    throw new AccordError('internal', 'tls.unexpected-spki', 'the public key Node exported is not a SubjectPublicKeyInfo');
  }
  return createHash('sha1').update(key.content.subarray(1)).digest();
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
