// Pattern corpus shared by the parser, checker and printer tests: the example patterns of the
// specification (STIX 2.1 §9; the section each illustrates beside it) and of the OASIS pattern
// validator's test suite, all valid STIX 2.1. The evaluator's tests may reuse it.

/** Valid STIX 2.1 patterns, each with the part of §9 it comes from. */
export const SPEC_EXAMPLES: readonly (readonly [section: string, pattern: string])[] = [
  ['§9.3 observation expression', "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']"],
  ['§9.3 comparison AND, references and lists', "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']"],
  ['§9.3 comparison AND', "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf']"],
  ['§9.5 observation AND', "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']"],
  ['§9.5 FOLLOWEDBY, §9.6 WITHIN', "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS"],
  ['§9.5 observation AND of three', "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']"],
  ['§9.4 MATCHES on binary', "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']"],
  ['§9.3 object reference', "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']"],
  ['§9.3 dictionary and list', "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]"],
  ['§9.2 hex constant', "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']"],
  ['§9.3 reference type', "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']"],
  ['§9.6 REPEATS and WITHIN', "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS"],
  ['§9.3 list of references', "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']"],
  ['§9.3 comparison OR', "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']"],
  ['§9.3 comparison AND', "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']"],
  ['§9.3 comparison OR', "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\CurrentVersion\\\\Run\\\\CryptoLocker_0388']"],
  ['§9.2 timestamp constant, parentheses', "[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']"],
  ['§9.3 reference', "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']"],
  ['§9.3 custom object', "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']"],
  ['§9.5 FOLLOWEDBY', "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS"],
  ['§9.4 ISSUBSET', "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']"],
  ['§9.5 observation AND / OR', "([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']"],
  ['§9.3 OR across object types', "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']"],
  ['§9.6 START STOP', "[ipv4-addr:value = '203.0.113.1'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'"],
  ['§9.4 EXISTS', "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\SYSTEM' AND EXISTS windows-registry-key:values[*].name]"],
  ['§9.4 NOT', "[file:name NOT LIKE '%.exe' AND file:size NOT = 0]"],
  ['§9.4 IN', "[network-traffic:dst_port IN (443, 6443, 8443) AND network-traffic:src_packets != 0]"],
  ['§9.2 binary constant', "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']"],
  ['§9.4 ISSUPERSET', "[ipv4-addr:value ISSUPERSET '198.51.100.7']"],
  ['§9.2 boolean constant', "[x509-certificate:is_self_signed = true]"],
  ['§9.2 negative and decimal numbers', "[network-traffic:src_byte_count >= -1 AND network-traffic:dst_byte_count < 1.5]"],
];
