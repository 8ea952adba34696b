// Runs every conformance case (cases.ts) against a target through one kind of driver. The raw
// HTTP test and the client-library test each call `runConformanceSuite` with their own `connect`.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildHarness, CASES } from './cases.js';
import type { ConformanceTarget, Connect, Harness } from './driver.js';

/**
 * Registers one test per case, run in order against the target `start` brings up. A driver that
 * cannot send hand-built requests (`raw: false`) gets no test for the cases that need them: those
 * run in the raw suite, and are not reported here as skipped.
 */
export function runConformanceSuite(name: string, start: () => Promise<ConformanceTarget>, connect: Connect, options: { readonly raw: boolean }): void {
  describe(name, () => {
    let target: ConformanceTarget | undefined;
    let harness: Harness | undefined;
    beforeAll(async () => {
      target = await start();
      harness = await buildHarness(target, connect);
    });
    afterAll(async () => {
      await target?.close();
    });
    for (const c of CASES.filter((k) => k.raw !== true || options.raw)) {
      it(`${c.section} — ${c.title}`, async () => {
        if (harness === undefined) throw new Error('the conformance target did not start');
        if (c.raw === true && harness.writer.request === undefined) throw new Error('this case needs a driver that sends hand-built requests');
        await c.run(harness);
      });
    }
  });
}
