// server / default-server / server-template / bind checks: each code is triggered by what HAProxy
// 2.6 refuses, and a near miss HAProxy accepts does not trigger it (behaviours checked against
// Debian's haproxy 2.6.12 -c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { codesOnLine, findingsOf, frame, lineOf, withCode } from './checkHelpers';

const SERVER_CODES: FindingCode[] = ['invalid-address', 'invalid-port', 'invalid-weight', 'invalid-time', 'invalid-number',
  'invalid-choice', 'unknown-server-option', 'option-missing-value', 'option-too-new', 'missing-argument', 'invalid-name', 'unknown-fetch'];
const BIND_CODES: FindingCode[] = ['invalid-address', 'invalid-port', 'invalid-choice', 'invalid-time', 'invalid-number',
  'unknown-bind-option', 'option-missing-value', 'option-too-new', 'missing-argument'];

/** Codes reported on each backend line, in order. */
function serverCodes(lines: string[], version = '2.6'): string[][] {
  const text = frame({ backend: lines });
  return lines.map((l) => codesOnLine(text, l, SERVER_CODES, version));
}

function bindCodes(lines: string[], version = '2.6'): string[][] {
  const text = frame({ frontend: lines });
  return lines.map((l) => codesOnLine(text, l, BIND_CODES, version));
}

test('server addresses: ports 0-65535, offsets, no ranges, families and paths', () => {
  assert.deepEqual(serverCodes([
    'server a1 10.0.0.1:80',
    'server a2 10.0.0.1',
    'server a3 10.0.0.1:0',
    'server a4 10.0.0.1:+1',
    'server a5 unix@/run/app.sock',
    'server a6 /run/app2.sock',
    'server a7 [::1]:8080',
    'server a8 ipv6@::1:80',
    'server a9 app.internal:8080',
    'server a10 :80',
    'server a11 10.0.0.1:65535',
  ]), [[], [], [], [], [], [], [], [], [], [], []]);
  assert.deepEqual(serverCodes([
    'server b1 10.0.0.1:70000',
    'server b2 10.0.0.1:80-90',
    'server b3 10.0.0.1:abc',
    'server b4 10.0.0.300:80',
    'server b5 udp@10.0.0.1:80',
    'server b6 fd@3',
    'server b7 ::1',
  ]), [['invalid-port'], ['invalid-port'], ['invalid-port'], ['invalid-address'], ['invalid-address'], ['invalid-address'], ['invalid-address']]);
});

test('invalid-port points at the port inside the address', () => {
  const text = frame({ backend: ['server s1 10.0.0.1:70000'] });
  const [f] = withCode(text, 'invalid-port');
  const col = text.split('\n')[lineOf(text, '70000') - 1].indexOf('70000');
  assert.equal(f.range.start.character, col);
  assert.equal(f.range.end.character, col + 5);
  assert.equal(f.severity, 'error');
});

test('addresses with environment variables are not checked', () => {
  assert.deepEqual(serverCodes(['server e1 "${APP_HOST}:${APP_PORT}"', 'server e2 ${X}:99999']), [[], []]);
});

test('missing server address and server name characters', () => {
  assert.deepEqual(serverCodes(['server lonely', 'server s/1 10.0.0.1:80', 'server s.1:x-y_z 10.0.0.2:80']),
    [['missing-argument'], ['invalid-name'], []]);
});

test('unknown server option with did-you-mean; HAProxy stops at the first unknown option', () => {
  const text = frame({ backend: ['server s1 10.0.0.1:80 checks weight 999'] });
  const unknown = withCode(text, 'unknown-server-option');
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].data?.suggestions?.[0], 'check');
  assert.match(unknown[0].message, /'checks'.*did you mean 'check'/);
  assert.deepEqual(withCode(text, 'invalid-weight'), []);
});

test('no-<option> forms exist only where HAProxy registers them', () => {
  assert.deepEqual(serverCodes(['server n1 10.0.0.1:80 no-check no-ssl no-backup', 'server n2 10.0.0.1:80 no-weight']),
    [[], ['unknown-server-option']]);
});

test('option values: weight 0-256, delays, counts, choices', () => {
  assert.deepEqual(serverCodes([
    'server v1 10.0.0.1:80 weight 0',
    'server v2 10.0.0.1:80 weight 256',
    'server v3 10.0.0.1:80 weight abc',
    'server v4 10.0.0.1:80 weight 300',
    'server v5 10.0.0.1:80 weight -1',
  ]), [[], [], [], ['invalid-weight'], ['invalid-weight']]);
  assert.deepEqual(serverCodes([
    'server t1 10.0.0.1:80 check inter 2s fastinter 500ms downinter 1m',
    'server t2 10.0.0.1:80 check inter 10x',
    'server t3 10.0.0.1:80 check agent-inter 0',
    'server t4 10.0.0.1:80 check inter 100d',
    'server t5 10.0.0.1:80 slowstart 10s',
  ]), [[], ['invalid-time'], ['invalid-time'], ['invalid-time'], []]);
  assert.deepEqual(serverCodes([
    'server c1 10.0.0.1:80 rise 0',
    'server c2 10.0.0.1:80 fall 3 rise 2',
    'server c3 10.0.0.1:80 ssl verify optional',
    'server c4 10.0.0.1:80 ssl verify none',
    'server c5 10.0.0.1:80 proto h3',
    'server c6 10.0.0.1:80 proto h2',
    'server c7 10.0.0.1:80 observe layer7 on-error mark-down',
    'server c8 10.0.0.1:80 observe layer9',
    'server c9 10.0.0.1:80 init-addr last,libc,none',
    'server c10 10.0.0.1:80 init-addr last,dns',
    'server c11 10.0.0.1:80 init-addr 10.0.0.9',
  ]), [['invalid-number'], [], ['invalid-choice'], [], ['invalid-choice'], [], [], ['invalid-choice'], [], ['invalid-choice'], []]);
});

test('a timer unit followed by junk is the 2.6 warning, not an error', () => {
  const text = frame({ backend: ['server s1 10.47.0.1:80 check inter 10sec'] });
  const [f] = withCode(text, 'invalid-time');
  assert.equal(f.severity, 'warning');
});

test('option-missing-value only when the line ends (HAProxy takes the next word as the value)', () => {
  assert.deepEqual(serverCodes(['server m1 10.0.0.1:80 check inter', 'server m2 10.0.0.1:80 cookie check']),
    [['option-missing-value'], []]);
});

test('option-too-new by version: set-proxy-v2-tlv-fmt is 3.x, and known there', () => {
  assert.deepEqual(serverCodes(['server x1 10.0.0.1:80 strict-maxconn'], '2.6'), [['option-too-new']]);
  assert.deepEqual(serverCodes(['server x1 10.0.0.1:80 strict-maxconn'], '3.4'), [[]]);
  assert.deepEqual(serverCodes(['server x2 10.0.0.1:80 set-proxy-v2-tlv-fmt(0x20) %[fc_pp_tlv(0x20)]'], '3.4'), [[]]);
});

test('source consumes its address and usesrc; a lone usesrc is refused', () => {
  assert.deepEqual(serverCodes(['server u1 10.0.0.1:80 source 10.0.0.9 usesrc clientip check', 'server u2 10.0.0.1:80 usesrc client']),
    [[], ['unknown-server-option']]);
});

test('default-server: options only, id refused; server-template: range and address', () => {
  assert.deepEqual(serverCodes(['default-server inter 3s fall 3 rise 2', 'default-server id 3']), [[], ['unknown-server-option']]);
  assert.deepEqual(serverCodes([
    'server-template web 1-3 10.0.0.1:80 check',
    'server-template app 5 app.internal:8080 check',
    'server-template bad 0 10.0.0.1:80',
    'server-template bad2 5-3 10.0.0.1:80',
    'server-template far 2 10.0.0.1:70000',
    'server-template short 2',
  ]), [[], [], ['invalid-number'], ['invalid-number'], ['invalid-port'], ['missing-argument']]);
});

test('bind addresses: mandatory port 1-65535, ranges, lists, families', () => {
  assert.deepEqual(bindCodes([
    'bind :80',
    'bind *:81',
    'bind [::]:443',
    'bind :::444',
    'bind 127.0.0.1:8000-8010',
    'bind :90,:91',
    'bind ipv4@:92',
    'bind unix@/run/haproxy.sock',
    'bind /run/haproxy2.sock',
    'bind abns@frontdoor',
    'bind fd@${LISTEN_FD}',
    'bind quic4@:443',
  ]), [[], [], [], [], [], [], [], [], [], [], [], []]);
  assert.deepEqual(bindCodes([
    'bind :0',
    'bind :70000',
    'bind 10.0.0.1',
    'bind :100-90',
    'bind :+1',
    'bind 10.0.0.300:80',
    'bind ::445',
    'bind udp@:514',
    'bind :93,:99999',
  ]), [['invalid-port'], ['invalid-port'], ['invalid-port'], ['invalid-port'], ['invalid-port'], ['invalid-address'],
    ['invalid-address'], ['invalid-address'], ['invalid-port']]);
});

test('bind options: unknown with suggestion, values, ssl options and alpn lists', () => {
  assert.deepEqual(bindCodes([
    'bind :8443 ssl crt /etc/haproxy/site.pem alpn h2,http/1.1 ssl-min-ver TLSv1.2 verify optional ca-file /etc/ca.pem',
    'bind :8444 ssl-cert /etc/haproxy/site.pem',
    'bind :8445 ssl crt /x.pem verify sometimes',
    'bind :8446 ssl crt /x.pem ssl-min-ver TLSv1.4',
    'bind :8447 accept-proxy transparent',
    'bind :8448 crt',
    'bind :8449 level root',
  ]), [[], ['unknown-bind-option'], ['invalid-choice'], ['invalid-choice'], [], ['option-missing-value'], ['invalid-choice']]);
  const [unknown] = withCode(frame({ frontend: ['bind :8444 ssl-cert /etc/haproxy/site.pem'] }), 'unknown-bind-option');
  assert.ok(unknown.data?.suggestions?.length, 'suggestions for ssl-cert');
});

test('bind in a backend is ignored by HAProxy (warning elsewhere), so its address is not checked', () => {
  const text = frame({ backend: ['bind :0', 'server s1 10.0.0.1:80'] });
  assert.deepEqual(withCode(text, 'invalid-port'), []);
});

test('inactive lines are skipped; undecided lines only get warnings', () => {
  const inactive = frame({ backend: ['.if version_atleast(9.0)', 'server s1 10.0.0.1:70000', '.endif'] });
  assert.deepEqual(withCode(inactive, 'invalid-port'), []);
  const undecided = frame({ backend: ['.if defined(SOME_ENV)', 'server s1 10.0.0.1:70000', '.endif'] });
  const found = findingsOf(undecided).filter((f) => f.code === 'invalid-port');
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
});

test('peers: the local peer has no address; ring servers are servers', () => {
  const text = [
    'peers mesh',
    '    peer lb1 10.0.0.1:10000',
    '    server lb2',
    '    server lb3 10.0.0.3:70000',
    'ring logs',
    '    size 32764',
    '    server log1 10.0.0.9:514 log-proto octet-count',
    '    server log2 10.0.0.9:514 log-proto rfc5424',
    '',
  ].join('\n');
  assert.deepEqual(codesOnLine(text, 'server lb2', SERVER_CODES), []);
  assert.deepEqual(codesOnLine(text, 'server lb3', SERVER_CODES), ['invalid-port']);
  assert.deepEqual(codesOnLine(text, 'server log1', SERVER_CODES), []);
  assert.deepEqual(codesOnLine(text, 'server log2', SERVER_CODES), ['invalid-choice']);
});

test('missing-ca-file: TLS servers verify by default and need a CA file (matrix checked with haproxy -c 2.6.12)', () => {
  const defaults = ['defaults', '    mode http', '    timeout connect 5s', '    timeout client 5s', '    timeout server 5s'];
  const frontend = ['frontend fe', '    bind :8080', '    default_backend be'];
  const verdict = (lines: string[], head: string[] = []): boolean => {
    const text = [...head, ...defaults, ...frontend, 'backend be', ...lines.map((l) => `    ${l}`), ''].join('\n');
    return withCode(text, 'missing-ca-file').length > 0;
  };
  const cases: Array<[string, string[], boolean, string[]?]> = [
    ['ssl', ['server s1 10.0.0.1:443 ssl'], true],
    ['ssl verify none', ['server s1 10.0.0.1:443 ssl verify none'], false],
    ['ssl ca-file', ['server s1 10.0.0.1:443 ssl ca-file /etc/ssl/ca.pem'], false],
    ['ssl ca-file @system-ca', ['server s1 10.0.0.1:443 ssl ca-file @system-ca'], false],
    ['check-ssl without check', ['server s1 10.0.0.1:443 check-ssl'], true],
    ['check-ssl then no-check-ssl', ['server s1 10.0.0.1:443 check check-ssl no-check-ssl'], false],
    ['default-server ssl', ['default-server ssl', 'server s1 10.0.0.1:443'], true],
    ['default-server ssl, server no-ssl (still prepared)', ['default-server ssl', 'server s1 10.0.0.1:443 no-ssl'], true],
    ['default-server verify none', ['default-server verify none', 'server s1 10.0.0.1:443 ssl'], false],
    ['default-server ca-file', ['default-server ca-file /etc/ssl/ca.pem', 'server s1 10.0.0.1:443 ssl'], false],
    ['tcp-check connect ssl', ['option tcp-check', 'tcp-check connect port 443 ssl', 'server s1 10.0.0.1:443 check'], true],
    ['http-check connect without ssl', ['option httpchk', 'http-check connect port 80', 'server s1 10.0.0.1:443 check'], false],
    ['disabled servers too', ['server s1 10.0.0.1:443 ssl disabled'], true],
    ['cookie named ssl is not the ssl option', ['server s1 10.0.0.1:443 cookie ssl'], false],
    ['global ssl-server-verify none', ['server s1 10.0.0.1:443 ssl'], false, ['global', '    ssl-server-verify none']],
    ['explicit verify required despite global none', ['server s1 10.0.0.1:443 ssl verify required'], true, ['global', '    ssl-server-verify none']],
    ['server-template', ['server-template s 2 10.0.0.1:443 ssl'], true],
  ];
  for (const [name, lines, expected, head] of cases) assert.equal(verdict(lines, head), expected, name);
});

test('missing-ca-file: default-server lines of the defaults section (last one before, or from) are inherited', () => {
  const base = (extra: string[]) => ['defaults', '    mode http', ...extra, '    timeout connect 5s', '    timeout client 5s', '    timeout server 5s'];
  const rest = ['frontend fe', '    bind :8080', '    default_backend be', 'backend be', '    server s1 10.0.0.1:443 ssl', ''];
  assert.equal(withCode([...base(['    default-server verify none']), ...rest].join('\n'), 'missing-ca-file').length, 0);
  const reset = [...base(['    default-server verify none']), ...base([]), ...rest].join('\n');
  assert.equal(withCode(reset, 'missing-ca-file').length, 1, 'a later defaults section resets the settings');
  const named = ['defaults tls', '    mode http', '    default-server verify none', '    timeout connect 5s', '    timeout client 5s', '    timeout server 5s',
    ...base([]), 'frontend fe', '    bind :8080', '    default_backend be', 'backend be from tls', '    server s1 10.0.0.1:443 ssl', ''].join('\n');
  assert.equal(withCode(named, 'missing-ca-file').length, 0, 'from names the defaults section');
  const [f] = withCode([...base([]), ...rest].join('\n'), 'missing-ca-file');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /ca-file|verify none/);
});

test('check-without-port: health checks need a service port or a check port (haproxy -c 2.6.12 matrix)', () => {
  const verdict = (lines: string[]): boolean => withCode(frame({ backend: lines }), 'check-without-port').length > 0;
  const cases: Array<[string, string[], boolean]> = [
    ['no port, check', ['server s1 10.0.0.1 check'], true],
    ['port 0, check', ['server s1 10.0.0.1:0 check'], true],
    ['offset, check', ['server s1 10.0.0.1:+1 check'], true],
    ['empty port, check', ['server s1 10.0.0.1: check'], true],
    ['default-server check', ['default-server check', 'server s1 10.0.0.1'], true],
    ['server-template without port', ['server-template s 2 10.0.0.1 check'], true],
    ['service port', ['server s1 10.0.0.1:80 check'], false],
    ['check port option', ['server s1 10.0.0.1 check port 8080'], false],
    ['default-server port', ['default-server port 8080', 'server s1 10.0.0.1 check'], false],
    ['no check', ['server s1 10.0.0.1'], false],
    ['check undone by no-check', ['default-server check', 'server s1 10.0.0.1 no-check'], false],
    ['agent-check only', ['server s1 10.0.0.1 agent-check agent-port 9999'], false],
    ['unix socket', ['server s1 unix@/run/app.sock check'], false],
    ['tcp-check connect port', ['option tcp-check', 'tcp-check connect port 80', 'server s1 10.0.0.1 check'], false],
    ['SRV record brings the port', ['server-template s 3 _http._tcp.service.consul resolvers dns check'], false],
  ];
  for (const [name, lines, expected] of cases) assert.equal(verdict(lines), expected, name);
});

test('fcgi-without-app: proto fcgi needs use-fcgi-app in the proxy', () => {
  assert.equal(withCode(frame({ backend: ['server php 127.0.0.1:9000 proto fcgi'] }), 'fcgi-without-app').length, 1);
  assert.equal(withCode(frame({ backend: ['use-fcgi-app php', 'server php 127.0.0.1:9000 proto fcgi'] }), 'fcgi-without-app').length, 0);
  assert.equal(withCode(frame({ backend: ['server h2 127.0.0.1:9000 proto h2'] }), 'fcgi-without-app').length, 0);
});

test('template placeholders ({{ }} of consul-template, {% %} of Jinja) are not judged', () => {
  assert.deepEqual(serverCodes(['server web {{.Address}}:{{.Port}} check', 'server web2 10.0.0.1:{{ port }} weight {{ w }}']), [[], []]);
});

test('track-without-check: the tracked server needs a check, an agent check or a track of its own', () => {
  const text = frame({
    backend: ['server s1 10.0.0.1:80', 'server s2 10.0.0.2:80 track s1', 'server s3 10.0.0.3:80 check', 'server s4 10.0.0.4:80 track s3',
      'server s5 10.0.0.5:80 track s4', 'server s6 10.0.0.6:80 agent-check agent-port 9999', 'server s7 10.0.0.7:80 track s6',
      'server s8 10.0.0.8:80 track other/o1', 'server s9 10.0.0.9:80 track other/o2'],
    after: ['backend other', '    default-server check', '    server o1 10.0.1.1:80', '    server o2 10.0.1.2:80 no-check'],
  });
  const found = withCode(text, 'track-without-check');
  assert.deepEqual(found.map((f) => f.range.start.line + 1), [lineOf(text, 'track s1'), lineOf(text, 'track other/o2')]);
  assert.match(found[0].message, /be\/s1/);
});

test('more values HAProxy 2.6 refuses: sni expressions, strict init-addr IPs, resolve-net networks, proto none', () => {
  assert.deepEqual(serverCodes([
    'server n1 10.0.0.1:443 ssl verify none sni req.hdr(host)',
    'server n2 10.0.0.1:443 ssl verify none sni str(example.com)',
    'server n3 10.0.0.1:443 ssl verify none sni example.com',
    'server n4 10.0.0.1:80 init-addr 010.0.0.1',
    'server n5 10.0.0.1:80 init-addr 1.2.3',
    'server n6 10.0.0.1:80 init-addr last,10.0.0.9,none',
    'server n7 10.0.0.1:80 resolve-net 10.0.0.0/8,fe80::/10',
    'server n8 10.0.0.1:80 resolve-net last',
    'server n9 10.0.0.1:80 proto none',
    'server n10 10.0.0.1:80 check-proto none check',
  ]), [[], [], ['unknown-fetch'], ['invalid-choice'], ['invalid-choice'], [], [], ['invalid-choice'], ['invalid-choice'], []]);
});

test('bind values: strict id, octal mode, mss, shards, error-id lists; ssl needs a certificate', () => {
  assert.deepEqual(bindCodes([
    'bind :9101 id 7',
    'bind :9102 id 0x10',
    'bind :9103 mode 0755',
    'bind :9104 mode rw',
    'bind :9105 mss -1400',
    'bind :9106 mss none',
    'bind :9107 shards by-thread',
    'bind :9108 shards 65',
    'bind :9109 ssl crt /x.pem ca-ignore-err all crt-ignore-err 10,12',
    'bind :9110 ssl crt /x.pem crt-ignore-err expired',
    'bind :9111 ssl',
    'bind :9112 ssl crt-list /etc/haproxy/crt.list',
    'bind :9113 accept-netscaler-cip 1234',
    'bind :9114 accept-netscaler-cip none',
  ]), [[], ['invalid-number'], [], ['invalid-number'], [], ['invalid-number'], [], ['invalid-number'], [], ['invalid-choice'],
    ['option-missing-value'], [], [], ['invalid-number']]);
});

test('agent-check needs an agent-port (own or from default-server)', () => {
  const text = frame({ backend: ['server a1 10.0.0.1:80 agent-check', 'server a2 10.0.0.1:80 agent-check agent-port 9999', 'server a3 10.0.0.1:80 agent-check no-agent-check'] });
  assert.deepEqual(withCode(text, 'check-without-port').map((f) => f.range.start.line + 1), [lineOf(text, 'server a1')]);
  const inherited = frame({ backend: ['default-server agent-port 9999', 'server a1 10.0.0.1:80 agent-check'] });
  assert.deepEqual(withCode(inherited, 'check-without-port'), []);
});

test('bind ssl in a peers section may take its certificate from default-bind', () => {
  const text = ['peers mesh', '    default-bind ssl crt /etc/haproxy/peers.pem', '    bind :10000 ssl', '    peer lb1 10.0.0.1:10000', ''].join('\n');
  assert.deepEqual(codesOnLine(text, 'bind :10000', BIND_CODES), []);
});
