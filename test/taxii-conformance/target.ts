// The server the conformance suite checks: an Accord node started in-process (a real SQLite
// store, HTTP on 127.0.0.1), with the users the cases act as. Any driver — raw HTTP or a client
// library — connects to it through the principals listed here.
import { randomBytes } from 'node:crypto';
import type { ConformanceTarget } from './driver.js';
import { startTestNode, TEST_PASSWORD } from '../support/node-app.js';

/** Starts a node with a read-write user (analyst) and a read-only user (observer). */
export async function startAccordTarget(): Promise<ConformanceTarget> {
  const node = await startTestNode();
  const writerToken = await node.userWithToken('conformance-writer', ['analyst']);
  const readerToken = await node.userWithToken('conformance-reader', ['observer']);
  return {
    origin: node.url,
    apiRootPath: '/taxii2/accord/',
    writer: { kind: 'bearer', token: writerToken },
    basicWriter: { kind: 'basic', username: 'conformance-writer', password: TEST_PASSWORD },
    reader: { kind: 'bearer', token: readerToken },
    wrongPassword: { kind: 'basic', username: 'conformance-writer', password: `${TEST_PASSWORD} but wrong` },
    // Well-formed (accord_<12 alphanumerics>_<43 base64url>) but never issued.
    unknownToken: { kind: 'bearer', token: `accord_${randomBytes(12).toString('hex').slice(0, 12)}_${randomBytes(32).toString('base64url')}` },
    close: () => node.close(),
  };
}
