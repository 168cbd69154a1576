// Directive values: times, sizes, integers and fixed choices, each on what HAProxy 2.6 refuses (or
// silently misreads), with near misses it accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { sizeProblem } from '../../../server/src/analysis/checks/numberValues';
import { codesOnLine, findingsOf, frame, withCode } from './checkHelpers';

const CODES: FindingCode[] = ['invalid-time', 'invalid-size', 'invalid-number', 'invalid-choice', 'missing-argument', 'extra-argument'];

const globalLine = (line: string, version = '2.6'): string[] => codesOnLine(frame({ before: ['global', `    ${line}`] }), line, CODES, version);
const backendLine = (line: string, version = '2.6'): string[] =>
  codesOnLine(frame({ backend: [line, 'server s1 10.0.0.1:80'] }), line, CODES, version);
const severities = (text: string, code: FindingCode): string[] => withCode(text, code).map((f) => f.severity);

test('invalid-time: units us/ms/s/m/h/d, overflow, trailing characters only warned about', () => {
  for (const ok of ['timeout queue 30s', 'timeout queue 1500', 'timeout queue 2500us', 'timeout queue 1d', 'timeout queue 24d']) {
    assert.deepEqual(backendLine(ok), [], ok);
  }
  for (const bad of ['timeout queue 10x', 'timeout queue -1', 'timeout queue 1.5s', 'timeout queue 10S', 'timeout queue 25d', 'timeout queue s']) {
    assert.deepEqual(backendLine(bad), ['invalid-time'], bad);
  }
  const text = frame({ backend: ['timeout queue 5sec', 'server s1 10.0.0.1:80'] });
  const [f] = withCode(text, 'invalid-time');
  assert.equal(f.severity, 'warning');
  assert.deepEqual(f.data?.suggestions, ['5s']);
  assert.deepEqual(globalLine('hard-stop-after 10x'), ['invalid-time']);
  assert.deepEqual(globalLine('hard-stop-after 10m'), []);
  assert.deepEqual(globalLine('tune.idletimer 1d'), ['invalid-time'], 'tune.idletimer is capped at 65535 ms');
  assert.deepEqual(globalLine('tune.idletimer 1000'), []);
  const resolvers = frame({ after: ['resolvers dns', '    nameserver ns1 10.0.0.53:53', '    timeout resolve 1x', '    hold valid 10s'] });
  assert.deepEqual(codesOnLine(resolvers, 'timeout resolve', CODES), ['invalid-time']);
  assert.deepEqual(codesOnLine(resolvers, 'hold valid', CODES), []);
});

test('environment references are never value-checked', () => {
  assert.deepEqual(backendLine('timeout queue "${QUEUE_TIMEOUT}"'), []);
  assert.deepEqual(backendLine('mode "${MODE}"'), []);
  assert.deepEqual(backendLine('balance "${ALGO}"'), []);
  assert.deepEqual(globalLine('maxconn "${MAXCONN}"'), []);
});

test('invalid-number: strict integers refused, atol-read ones warned about, tune.bufsize suffix fatal', () => {
  assert.deepEqual(globalLine('nbthread 2x'), ['invalid-number']);
  assert.deepEqual(globalLine('nbthread 4'), []);
  const lenient = frame({ before: ['global', '    maxconn 10k'] });
  const [f] = withCode(lenient, 'invalid-number');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /reads '10k' as 10/);
  assert.deepEqual(globalLine('maxconn 10000'), []);
  assert.deepEqual(severities(frame({ frontend: ['maxconn unlimited'] }), 'invalid-number'), ['warning']);
  assert.deepEqual(severities(frame({ before: ['global', '    tune.bufsize 64kb'] }), 'invalid-number'), ['error']);
  assert.deepEqual(globalLine('tune.bufsize 65536'), []);
  assert.deepEqual(severities(frame({ before: ['global', '    tune.bufsize 16384x'] }), 'invalid-number'), ['warning'], 'big enough: only misread');
  assert.deepEqual(severities(frame({ before: ['global', '    tune.bufsize 100'] }), 'invalid-number'), ['error']);
  assert.deepEqual(globalLine('spread-checks 60'), ['invalid-number']);
  assert.deepEqual(globalLine('spread-checks 5'), []);
  const resolvers = frame({ after: ['resolvers dns', '    nameserver ns1 10.0.0.53:53', '    accepted_payload_size 8'] });
  assert.deepEqual(codesOnLine(resolvers, 'accepted_payload_size', CODES), ['invalid-number']);
  const misread = frame({ after: ['resolvers dns', '    nameserver ns1 10.0.0.53:53', '    accepted_payload_size 8192x'] });
  assert.deepEqual(withCode(misread, 'invalid-number').map((f) => f.severity), ['warning']);
});

test('invalid-size and stick-table: type, size, expire', () => {
  assert.deepEqual(backendLine('stick-table type ip size 100k expire 30s'), []);
  assert.deepEqual(backendLine('stick-table type string len 32 size 1M'), []);
  assert.deepEqual(backendLine('stick-table type ip size 10x'), ['invalid-size']);
  assert.deepEqual(backendLine('stick-table type ipv4 size 1m'), ['invalid-choice']);
  assert.deepEqual(backendLine('stick-table type ip size 1m expire 10x'), ['invalid-time']);
  assert.deepEqual(backendLine('stick-table type ip expire 30s'), ['missing-argument']);
  assert.equal(sizeProblem('1g'), undefined);
  assert.equal(sizeProblem('1t'), 't');
  const peers = frame({ after: ['peers mesh', '    peer lb1 10.0.0.1:10000', '    table t1 type ip4 size 1m'] });
  assert.deepEqual(codesOnLine(peers, 'table t1', CODES), ['invalid-choice']);
});

test('invalid-choice: mode (and the removed mode health), balance, hash-type', () => {
  const [mode] = withCode(frame({ backend: ['mode HTTP', 'server s1 10.0.0.1:80'] }), 'invalid-choice');
  assert.deepEqual(mode.data?.suggestions, ['http']);
  assert.deepEqual(backendLine('mode tcp'), []);
  const [health] = withCode(frame({ frontend: ['mode health'] }), 'invalid-choice');
  assert.match(health.message, /'mode health' doesn't exist anymore/);
  for (const ok of ['balance roundrobin', 'balance hdr(host)', 'balance random(2)', 'balance rdp-cookie', 'balance url_param userid check_post',
    'balance uri depth 2 whole', 'balance hash req.cook(sid)']) {
    assert.deepEqual(backendLine(ok), [], ok);
  }
  assert.deepEqual(backendLine('balance least-conn'), ['invalid-choice']);
  assert.deepEqual(backendLine('balance hdr'), ['invalid-choice']);
  assert.deepEqual(backendLine('hash-type consistent djb2 avalanche'), []);
  assert.deepEqual(backendLine('hash-type consistent md5'), ['invalid-choice']);
  assert.deepEqual(backendLine('hash-type maybe'), ['invalid-choice']);
});

test('invalid-choice: log facility and levels', () => {
  for (const ok of ['log 127.0.0.1:514 local0', 'log 127.0.0.1:514 local0 info notice', 'log stdout format raw daemon',
    'log 10.0.0.1 len 1024 format rfc5424 local0 debug', 'log ring@buf local1']) {
    assert.deepEqual(globalLine(ok), [], ok);
  }
  assert.deepEqual(globalLine('log 127.0.0.1:514 local9'), ['invalid-choice']);
  assert.deepEqual(globalLine('log 127.0.0.1:514 local0 warn'), ['invalid-choice']);
  assert.deepEqual(globalLine('log 127.0.0.1:514 local0 info info extra'), ['extra-argument']);
  assert.deepEqual(globalLine('log 127.0.0.1:514'), ['missing-argument']);
  assert.deepEqual(backendLine('log 127.0.0.1:514 local9'), ['invalid-choice']);
  assert.deepEqual(globalLine('log global'), ['invalid-choice'], "'log global' is for proxies");
  assert.deepEqual(backendLine('log global'), []);
});

test('resolvers timeout: events resolve and retry', () => {
  const text = frame({ after: ['resolvers dns', '    nameserver ns1 10.0.0.53:53', '    timeout retry 1s', '    timeout mail 20s'] });
  assert.deepEqual(codesOnLine(text, 'timeout retry', CODES), []);
  assert.deepEqual(codesOnLine(text, 'timeout mail', CODES), ['invalid-choice']);
});

test('invalid-choice: http-check / tcp-check expect matchers', () => {
  for (const ok of ['http-check expect status 200', 'http-check expect ! status 500', 'http-check expect !string down',
    'http-check expect min-recv 10 comment "up?" rstring ^ok', 'http-check expect hdr name x value y']) {
    assert.deepEqual(backendLine(ok), [], ok);
  }
  assert.deepEqual(backendLine('http-check expect header name x'), ['invalid-choice']);
  assert.deepEqual(backendLine('tcp-check expect binary 00'), []);
  assert.deepEqual(backendLine('tcp-check expect strin +OK'), ['invalid-choice']);
});

test('invalid-choice: cookie options, compression algorithms, listed values', () => {
  assert.deepEqual(backendLine('cookie SRV insert indirect nocache httponly secure domain .example.com maxidle 1h'), []);
  assert.deepEqual(backendLine('cookie SRV insert sometimes'), ['invalid-choice']);
  const taken = withCode(frame({ backend: ['cookie insert indirect', 'server s1 10.0.0.1:80'] }), 'invalid-choice');
  assert.deepEqual(taken.map((t) => t.severity), ['warning'], "HAProxy takes 'insert' as the name: a warning");
  assert.deepEqual(backendLine('compression algo gzip deflate'), []);
  assert.deepEqual(backendLine('compression algo brotli'), ['invalid-choice']);
  assert.deepEqual(backendLine('compression type text/html'), []);
  assert.deepEqual(backendLine('http-reuse sometimes'), ['invalid-choice']);
  assert.deepEqual(backendLine('http-reuse safe'), []);
  assert.deepEqual(globalLine('tune.ssl.keylog maybe'), ['invalid-choice']);
  assert.deepEqual(globalLine('tune.ssl.keylog on'), []);
  assert.deepEqual(codesOnLine(frame({ frontend: ['option httplog json'] }), 'option httplog json', CODES), ['invalid-choice']);
  assert.deepEqual(codesOnLine(frame({ frontend: ['option httplog clf'] }), 'option httplog clf', CODES), []);
});

test('values follow the target version\'s lists', () => {
  assert.deepEqual(backendLine('mode log', '2.6'), ['invalid-choice']);
  assert.deepEqual(backendLine('mode log', '3.0'), []);
  assert.equal(findingsOf(frame({ backend: ['hash-type consistent none', 'server s1 10.0.0.1:80'] }), '3.0')
    .filter((f) => f.code === 'invalid-choice').length, 0);
});

test('invalid-port / invalid-address: mailer, nameserver, peer and dispatch addresses', () => {
  const text = frame({ after: [
    'mailers m', '    mailer m1 10.0.0.1:70000', '    mailer m2 10.0.0.1', '    mailer m3 10.0.0.300:25', '    mailer m4 smtp.internal:25',
    'resolvers r', '    nameserver n1 10.0.0.1:53', '    nameserver n2 10.0.0.1', '    nameserver n3 udp@10.0.0.2:53',
    'peers p', '    peer vm 10.0.0.1:0', '    peer p3 10.0.0.3',
    'backend legacy', '    dispatch 10.0.0.1:70000',
  ] });
  const codes = (needle: string): string[] => codesOnLine(text, needle, ['invalid-port', 'invalid-address']);
  assert.deepEqual(codes('mailer m1'), ['invalid-port']);
  assert.deepEqual(codes('mailer m2'), ['invalid-port'], 'mailers need a port');
  assert.deepEqual(codes('mailer m3'), ['invalid-address']);
  assert.deepEqual(codes('mailer m4'), [], 'host names are left to DNS');
  assert.deepEqual(codes('nameserver n1'), []);
  assert.deepEqual(codes('nameserver n2'), ['invalid-port']);
  assert.deepEqual(codes('nameserver n3'), []);
  assert.deepEqual(codes('peer vm'), ['invalid-port']);
  assert.deepEqual(codes('peer p3'), []);
  assert.deepEqual(codes('dispatch'), ['invalid-port']);
  const [port] = withCode(text, 'invalid-port').filter((f) => f.message.includes('70000'));
  const line = text.split('\n')[port.range.start.line];
  assert.equal(line.slice(port.range.start.character, port.range.end.character), '70000');
});

test('more values: email-alert level, mysql-check client version, global SSL versions, log-stderr, expect patterns', () => {
  assert.deepEqual(backendLine('email-alert level noticex'), ['invalid-choice']);
  assert.deepEqual(backendLine('email-alert level notice'), []);
  assert.deepEqual(backendLine('option mysql-check user haproxy post-41x'), ['invalid-choice']);
  assert.deepEqual(backendLine('option mysql-check user haproxy pre-41'), []);
  assert.deepEqual(globalLine('ssl-default-bind-options ssl-min-ver TLSv1.2x no-tls-tickets'), ['invalid-choice']);
  assert.deepEqual(globalLine('ssl-default-bind-options ssl-min-ver'), ['missing-argument']);
  assert.deepEqual(globalLine('ssl-default-server-options ssl-max-ver TLSv1.3 no-sslv3'), []);
  assert.deepEqual(backendLine('log'), ['missing-argument']);
  assert.deepEqual(backendLine('tcp-check expect string'), ['missing-argument']);
  assert.deepEqual(backendLine('http-check expect status'), ['missing-argument']);
  assert.deepEqual(backendLine('stick-table type ip size 10k expire 1h peers'), ['missing-argument']);
  assert.deepEqual(backendLine('stick-table type ip size 10k store'), [], 'HAProxy takes a bare store');
  const fcgi = frame({ after: ['fcgi-app php', '    docroot /var/www', '    log-stderr globalx'] });
  assert.deepEqual(codesOnLine(fcgi, 'log-stderr', CODES), ['missing-argument']);
});
