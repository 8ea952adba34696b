// Follow mode on real files: appends (with a half-written line), a rotation by rename, a
// truncation, a file appearing in a followed directory, and stopping on the signal.
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE } from './event.js';
import { followLines, type FollowedLine } from './follow.js';

/** Collects what the follower yields, and waits until a condition on it holds. */
function collect(target: string, ac: AbortController): { lines: FollowedLine[]; until: (n: number) => Promise<void>; done: Promise<void> } {
  const lines: FollowedLine[] = [];
  const done = (async () => {
    for await (const l of followLines(target, { signal: ac.signal })) lines.push(l);
  })();
  const until = async (n: number): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (lines.length < n) {
      if (Date.now() > deadline) throw new Error(`waited for ${n} lines, have ${JSON.stringify(lines)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { lines, until, done };
}

describe('followLines', () => {
  let dir: string;
  beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'accord-follow-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file from its start, then its appends; holds a half-written line; survives rotation and truncation', async () => {
    const log = join(dir, 'eve.json');
    writeFileSync(log, 'one\ntwo\r\n');
    const ac = new AbortController();
    const f = collect(log, ac);
    await f.until(2);
    appendFileSync(log, 'thr');
    await new Promise((r) => setTimeout(r, 400));
    expect(f.lines.map((l) => l.text)).toEqual(['one', 'two']);
    appendFileSync(log, 'ee\n\nfive\n');
    await f.until(5);
    // Rotation: the old file gets one more line after it is renamed, then a new file takes the name.
    renameSync(log, `${log}.1`);
    appendFileSync(`${log}.1`, 'six (written late to the old file)\n');
    writeFileSync(log, 'first of new\n');
    await f.until(7);
    // Truncation in place, then a shorter content.
    truncateSync(log, 0);
    await new Promise((r) => setTimeout(r, 400));
    appendFileSync(log, 'after truncation\n');
    await f.until(8);
    ac.abort();
    await f.done;
    expect(f.lines.map((l) => `${l.line}:${l.text}`)).toEqual(['1:one', '2:two', '3:three', '4:', '5:five', '6:six (written late to the old file)', '1:first of new', '1:after truncation']);
    expect(new Set(f.lines.map((l) => l.file))).toEqual(new Set([log]));
  }, 20_000);

  it('follows a directory: files there and files that appear; a file that does not exist yet', async () => {
    writeFileSync(join(dir, 'a.log'), 'a1\n');
    writeFileSync(join(dir, '.hidden'), 'never\n');
    const ac = new AbortController();
    const f = collect(dir, ac);
    await f.until(1);
    writeFileSync(join(dir, 'b.log'), 'b1\nb2\n');
    await f.until(3);
    appendFileSync(join(dir, 'a.log'), 'a2\n');
    await f.until(4);
    // Rotation by rename inside the directory: the renamed file goes on where it was, not from its start.
    renameSync(join(dir, 'a.log'), join(dir, 'a.log.1'));
    appendFileSync(join(dir, 'a.log.1'), 'a3\n');
    writeFileSync(join(dir, 'a.log'), 'new a1\n');
    await f.until(6);
    appendFileSync(join(dir, 'a.log.1'), 'a4\n');
    await f.until(7);
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    await f.done;
    expect(f.lines.map((l) => `${l.file.slice(dir.length + 1)}:${l.line}:${l.text}`)).toEqual(['a.log:1:a1', 'b.log:1:b1', 'b.log:2:b2', 'a.log:2:a2', 'a.log:3:a3', 'a.log:1:new a1', 'a.log.1:4:a4']);
    // The renamed file keeps its identity; the new file under the old name has another.
    expect(f.lines[6]?.id).toBe(f.lines[0]?.id);
    expect(f.lines[5]?.id).not.toBe(f.lines[0]?.id);

    const later = join(dir, 'later.log');
    const ac2 = new AbortController();
    const g = collect(later, ac2);
    await new Promise((r) => setTimeout(r, 300));
    writeFileSync(later, 'here now\n');
    await g.until(1);
    ac2.abort();
    await g.done;
    expect(g.lines.map((l) => l.text)).toEqual(['here now']);
  }, 20_000);

  it('reports a line longer than MAX_LINE without keeping it, and goes on', async () => {
    const log = join(dir, 'big.log');
    writeFileSync(log, `${'x'.repeat(MAX_LINE + 10)}\nafter\n`);
    const ac = new AbortController();
    const f = collect(log, ac);
    await f.until(2);
    ac.abort();
    await f.done;
    expect(f.lines).toMatchObject([{ file: log, line: 1, text: '', tooLong: true }, { file: log, line: 2, text: 'after' }]);
  }, 20_000);
});
