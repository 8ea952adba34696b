// TAXII 2.1 conformance through Accord's own client library: every case of cases.ts that does not
// need a hand-built request, against a node started in-process. A case failing here and passing
// over raw HTTP points at the client; failing in both, at the server.
import { afterAll } from 'vitest';
import { ClientLibraryDriver, closeClientDrivers } from './client-driver.js';
import { runConformanceSuite } from './suite.js';
import { startAccordTarget } from './target.js';

runConformanceSuite('TAXII 2.1 conformance — Accord client library', startAccordTarget, ClientLibraryDriver.connect, { raw: false });
afterAll(closeClientDrivers);
