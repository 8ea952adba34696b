// `accord init --self-signed`: a certificate for trials, written into the data folder (the key
// readable by the node's user only) and named in the node's configuration file, so that the
// next `accord serve` speaks HTTPS without further flags.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { generateSelfSignedCertificate } from '../server/index.js';
import { AccordError } from '../stix/index.js';

export interface WrittenCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  readonly configFile: string;
  readonly fingerprint: string;
  readonly notAfter: string;
}

/** Generates the certificate for `names` (DNS names and IP addresses; default the loopback names). */
export function writeSelfSignedCertificate(dataDir: string, names: readonly string[]): WrittenCertificate {
  const dnsNames = names.filter((n) => isIP(n) === 0);
  const ipAddresses = names.filter((n) => isIP(n) !== 0);
  const cert = generateSelfSignedCertificate(names.length === 0 ? {} : { dnsNames, ipAddresses });
  const certFile = join(dataDir, 'tls-cert.pem');
  const keyFile = join(dataDir, 'tls-key.pem');
  writeFileSync(keyFile, cert.keyPem, { mode: 0o600 });
  writeFileSync(certFile, cert.certPem, { mode: 0o644 });
  const configFile = join(dataDir, 'accord.json');
  let config: Record<string, unknown> = {};
  if (existsSync(configFile)) {
    try {
      config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new AccordError('invalid', 'config.invalid', `${configFile} is not valid JSON (${(e as Error).message}); fix it, then add "tlsCert" and "tlsKey" by hand`);
    }
  }
  writeFileSync(configFile, `${JSON.stringify({ ...config, tlsCert: certFile, tlsKey: keyFile }, null, 2)}\n`, { mode: 0o600 });
  return { certFile, keyFile, configFile, fingerprint: cert.fingerprintSha256, notAfter: cert.notAfter.toISOString() };
}
