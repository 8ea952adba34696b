// The Zeek reader on lines as Zeek writes them (the samples follow Zeek's documentation of conn,
// dns, http, files, ssl, x509 and notice logs), in JSON and in TSV under its header.
import { describe, expect, it } from 'vitest';
import { P } from './event.js';
import { event, values } from './readers.case.js';
import { zeekReader } from './zeek.js';


describe('zeekReader, JSON (LogAscii::use_json=T)', () => {
  const read = zeekReader();

  it('reads conn: the 5-tuple, the protocol and the service, and ts in epoch seconds', () => {
    const e = event(read('{"ts":1591367999.305988,"uid":"CMdzit1AMNsmfAIiQc","id.orig_h":"192.168.4.76","id.orig_p":36844,"id.resp_h":"192.168.4.1","id.resp_p":53,"proto":"udp","service":"dns","duration":0.066,"orig_bytes":62,"resp_bytes":141,"conn_state":"SF","missed_bytes":0,"history":"Dd","orig_pkts":2,"orig_ip_bytes":118,"resp_pkts":2,"resp_ip_bytes":197}'));
    expect(e.type).toBe('conn');
    expect(e.time).toBe('2020-06-05T14:39:59.305Z');
    expect(Object.fromEntries(e.values)).toEqual({
      [P.ipv4]: ['192.168.4.76', '192.168.4.1'], [P.srcRef]: ['192.168.4.76'], [P.dstRef]: ['192.168.4.1'],
      [P.srcPort]: [36844], [P.dstPort]: [53], [P.protocols]: ['udp', 'dns'],
    });
  });

  it('reads dns: the query and the answers, addresses and names (TXT answers left out)', () => {
    const v = values(read('{"ts":1591367999.306059,"uid":"CMdzit1AMNsmfAIiQc","id.orig_h":"192.168.4.76","id.orig_p":36844,"id.resp_h":"192.168.4.1","id.resp_p":53,"proto":"udp","trans_id":8555,"query":"TestMyIDS.com","qclass":1,"qclass_name":"C_INTERNET","qtype":1,"qtype_name":"A","rcode":0,"rcode_name":"NOERROR","AA":false,"TC":false,"RD":true,"RA":true,"Z":0,"answers":["cdn.testmyids.com","31.3.245.133","2001:db8::5","TXT 12 v=spf1 -all"],"TTLs":[3600.0,3600.0],"rejected":false}'));
    expect(v[P.domain]).toEqual(['testmyids.com', 'cdn.testmyids.com']);
    expect(v[P.ipv4]).toEqual(['192.168.4.76', '192.168.4.1', '31.3.245.133']);
    expect(v[P.ipv6]).toEqual(['2001:db8::5']);
  });

  it('reads http: host, URL and user agent; the kind from the fields when _path is absent', () => {
    const e = event(read('{"ts":"2020-06-05T14:39:59.512593Z","uid":"C5bLoe2Mvxqhawzqqd","id.orig_h":"192.168.4.76","id.orig_p":46378,"id.resp_h":"31.3.245.133","id.resp_p":80,"trans_depth":1,"method":"GET","host":"TestMyIDS.com","uri":"/uid/index.html?x=1","version":"1.1","user_agent":"curl/7.47.0","request_body_len":0,"response_body_len":39,"status_code":200,"status_msg":"OK","tags":[],"resp_fuids":["FEEsZS1w0Z0VJIb5x4"]}'));
    expect(e.type).toBe('http');
    expect(e.time).toBe('2020-06-05T14:39:59.512Z');
    expect(e.values.get(P.domain)).toEqual(['testmyids.com']);
    expect(e.values.get(P.url)).toEqual(['http://testmyids.com/uid/index.html?x=1']);
    expect(e.values.get(P.userAgent)).toEqual(['curl/7.47.0']);
  });

  it('reads files, ssl, x509 and notice', () => {
    const files = values(read(`{"_path":"files","ts":1591367999.61214,"fuid":"FEEsZS1w0Z0VJIb5x4","tx_hosts":["31.3.245.133"],"rx_hosts":["192.168.4.76"],"source":"HTTP","mime_type":"text/plain","filename":"payload.exe","seen_bytes":39,"md5":"${'A'.repeat(32)}","sha1":"${'b'.repeat(40)}","sha256":"${'C'.repeat(64)}"}`));
    expect(files).toMatchObject({ [P.md5]: ['a'.repeat(32)], [P.sha1]: ['b'.repeat(40)], [P.sha256]: ['c'.repeat(64)], [P.fileName]: ['payload.exe'], [P.ipv4]: ['31.3.245.133', '192.168.4.76'] });
    const ssl = values(read('{"ts":1598377391.921726,"uid":"CsukF91Bx9mrqdEaH9","id.orig_h":"192.168.4.49","id.orig_p":56718,"id.resp_h":"13.32.202.10","id.resp_p":443,"version":"TLSv12","cipher":"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256","server_name":"www.TaoSecurity.com","established":true}'));
    expect(ssl[P.domain]).toEqual(['www.taosecurity.com']);
    const x509 = values(read(`{"ts":1598377391.964209,"id":"F2XEvj1CahhdhtfvT","certificate.version":3,"certificate.serial":"0B3F","certificate.subject":"CN=www.taosecurity.com","san.dns":["www.taosecurity.com","taosecurity.com"],"fingerprint":"${'AB'.repeat(32)}"}`));
    expect(x509).toMatchObject({ [P.certSha256]: ['ab'.repeat(32)], [P.domain]: ['www.taosecurity.com', 'taosecurity.com'] });
    const nested = values(read(`{"_path":"x509","certificate":{"serial":"0B3F"},"san":{"dns":["a.example"]},"fingerprint":"${'12'.repeat(20)}"}`));
    expect(nested).toMatchObject({ [P.certSha1]: ['12'.repeat(20)], [P.domain]: ['a.example'] });
    const notice = event(read('{"ts":1598377392.1,"uid":"CsukF91Bx9mrqdEaH9","note":"SSL::Invalid_Server_Cert","msg":"SSL certificate validation failed","src":"192.168.4.49","dst":"13.32.202.10","p":443}'));
    expect(notice.type).toBe('SSL::Invalid_Server_Cert');
    expect(notice.values.get(P.ipv4)).toEqual(['192.168.4.49', '13.32.202.10']);
  });

  it('skips truncated, non-object and headerless lines, naming why', () => {
    expect(read('{"ts":1591367999.3,"id.orig_h":"192.')).toMatchObject({ skip: expect.stringMatching(/^not JSON/) as unknown });
    expect(read('[1,2]')).toMatchObject({ skip: expect.stringMatching(/neither JSON nor TSV/) as unknown });
    expect(read('{"ts":"yesterday","id.orig_h":"192.0.2.1"}')).toMatchObject({ type: 'conn', time: undefined });
  });
});

describe('zeekReader, TSV', () => {
  const header = [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', '#open\t2019-04-17-20-51-12',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\tconn_state\ttunnel_parents',
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tstring\tset[string]',
  ];

  it('keeps the header as state and reads data lines under it', () => {
    const read = zeekReader();
    for (const h of header) expect(read(h)).toMatchObject({ meta: true });
    const e = event(read('1555534272.585114\tCgRVdS3ZgfsfAulIb2\t192.168.1.2\t50254\t2001:db8::1\t53\tudp\t-\t0.000345\tSF\t(empty)'));
    expect(e).toMatchObject({ type: 'conn', time: '2019-04-17T20:51:12.585Z' });
    expect(Object.fromEntries(e.values)).toEqual({ [P.ipv4]: ['192.168.1.2'], [P.ipv6]: ['2001:db8::1'], [P.srcRef]: ['192.168.1.2'], [P.dstRef]: ['2001:db8::1'], [P.srcPort]: [50254], [P.dstPort]: [53], [P.protocols]: ['udp'] });
    expect(read('1555534272.6\tC2\t192.168.1.2\t50254')).toEqual({ skip: 'has 4 fields where #fields names 11' });
    expect(read('#close\t2019-04-17-20-51-12')).toMatchObject({ meta: true });
  });

  it('reads a dns log with sets, escapes, and a new header block after rotation', () => {
    const read = zeekReader();
    expect(read('1555534272.5\tC1\t192.168.1.2\t1\t192.168.1.1\t53\tudp\tdns\t0.1\tSF\t(empty)')).toMatchObject({ skip: expect.stringMatching(/before any #fields/) as unknown });
    for (const h of ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdns', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tanswers', '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tvector[string]']) read(h);
    const v = values(read('1555534272.5\tC1\t192.168.1.2\t40000\t192.168.1.1\t53\tudp\tEvil.Example\tmx\\x2cy.evil.example,203.0.113.9'));
    expect(v[P.domain]).toEqual(['evil.example', 'mx,y.evil.example']);
    expect(v[P.ipv4]).toEqual(['192.168.1.2', '192.168.1.1', '203.0.113.9']);
  });
});
