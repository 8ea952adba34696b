// The CEF reader on syslog lines as devices send them; the escaping samples are those of the CEF
// specification ("Implementing ArcSight CEF", the header and extension escaping examples).
import { describe, expect, it } from 'vitest';
import { cefExtension, cefReader } from './cef.js';
import { P } from './event.js';
import { event } from './readers.case.js';


describe('cefReader', () => {
  const read = cefReader();

  it('reads a syslog line: the header, the 5-tuple, the time and the Name as type', () => {
    const e = event(read('<134>Sep 19 08:26:10 fw01 CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232 dpt=445 proto=TCP rt=1600503970000'));
    expect(e.type).toBe('worm successfully stopped');
    expect(e.time).toBe('2020-09-19T08:26:10.000Z');
    expect(Object.fromEntries(e.values)).toEqual({
      [P.ipv4]: ['10.0.0.1', '2.1.2.2'], [P.srcRef]: ['10.0.0.1'], [P.dstRef]: ['2.1.2.2'], [P.srcPort]: [1232], [P.dstPort]: [445], [P.protocols]: ['tcp'],
    });
  });

  it('reads a proxy event: URL and its host, user agent, user, file and hash; rt as a date', () => {
    const e = event(read('CEF:0|Zscaler|NSSWeblog|5.7|Malware|Blocked: Malware Site|7|rt=Nov 27 2026 10:00:00.250 UTC suser=alice@example.org shost=WS-042 src=10.1.2.3 request=https://Files.Evil.Example/dl/payload.exe?id=7 requestClientApplication=Mozilla/5.0 (Windows NT 10.0; Win64; x64) fname=payload.exe fileHash=' + 'AB'.repeat(32) + ' smac=00:1A:2B:3C:4D:5E'));
    expect(e.time).toBe('2026-11-27T10:00:00.250Z');
    expect(e.values.get(P.url)).toEqual(['https://Files.Evil.Example/dl/payload.exe?id=7']);
    expect(e.values.get(P.domain)).toEqual(['ws-042', 'files.evil.example']);
    expect(e.values.get(P.userAgent)).toEqual(['Mozilla/5.0 (Windows NT 10.0; Win64; x64)']);
    expect(e.values.get(P.user)).toEqual(['alice@example.org']);
    expect(e.values.get(P.fileName)).toEqual(['payload.exe']);
    expect(e.values.get(P.sha256)).toEqual(['ab'.repeat(32)]);
    expect(e.values.get(P.mac)).toEqual(['00:1a:2b:3c:4d:5e']);
  });

  it('follows the escaping rules: \\| and \\\\ in the header, \\= \\\\ \\n in values, spaces in values', () => {
    expect(event(read('CEF:0|security|threatmanager|1.0|100|detected a \\| in message|10|src=10.0.0.1 act=blocked a | dst=1.1.1.1')).type).toBe('detected a | in message');
    expect(event(read('CEF:0|security|threatmanager|1.0|100|detected a \\\\ in packet|10|src=10.0.0.1 act=blocked a \\\\ dst=1.1.1.1')).type).toBe('detected a \\ in packet');
    expect(Object.fromEntries(cefExtension('src=10.0.0.1 act=blocked a \\= dst=1.1.1.1'))).toEqual({ src: '10.0.0.1', act: 'blocked a =', dst: '1.1.1.1' });
    expect(Object.fromEntries(cefExtension('msg=Detected a threat.\\n No action needed.  filePath=C:\\\\Program Files\\\\x.exe cs1=a\\=b'))).toEqual({ msg: 'Detected a threat.\n No action needed.', filePath: 'C:\\Program Files\\x.exe', cs1: 'a=b' });
  });

  it('takes the signature id as type when the Name is empty, start when rt is absent, and IPv6 sources', () => {
    const e = event(read('CEF:1|Vendor|IDS|2|SIG-77||5|start=Nov 27 2026 10:00:00 GMT+01:00 src=2001:DB8::7 dhost=C2.Example.'));
    expect(e).toMatchObject({ type: 'SIG-77', time: '2026-11-27T09:00:00.000Z' });
    expect(e.values.get(P.ipv6)).toEqual(['2001:db8::7']);
    expect(e.values.get(P.domain)).toEqual(['c2.example']);
  });

  it('skips lines without CEF, with a short header or a bad version, naming why', () => {
    expect(read('<13>Jan 18 11:07:53 host sshd[42]: Accepted publickey for root')).toEqual({ skip: 'no CEF: message in the line' });
    expect(read('CEF:0|Vendor|Product|1.0|100|truncated')).toMatchObject({ skip: expect.stringMatching(/the CEF header has 6 of its 8 fields/) as unknown });
    expect(read('CEF:x|V|P|1|2|N|3|src=10.0.0.1')).toMatchObject({ skip: expect.stringMatching(/CEF version "x" is not a number/) as unknown });
    expect(event(read('CEF:0|V|P|1|2|N|3|rt=sometime src=10.0.0.1')).time).toBeUndefined();
  });
});
