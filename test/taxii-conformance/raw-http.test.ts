// TAXII 2.1 conformance of Accord's server, checked by hand-built HTTP requests (node:http):
// every case of cases.ts, written from the OASIS specification, against a node started in-process.
import { RawHttpDriver } from './raw-driver.js';
import { runConformanceSuite } from './suite.js';
import { startAccordTarget } from './target.js';

runConformanceSuite('TAXII 2.1 conformance — raw HTTP', startAccordTarget, RawHttpDriver.connect, { raw: true });
