// Completion by context on real configurations and catalogs: sections and snippets, keywords of the
// current section only, multi-word keywords, values, server/bind options, actions, fetches and
// converters, names from the document; replace ranges, docs, deprecation tags, versions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemTag, InsertTextFormat } from 'vscode-languageserver';
import type { CompletionItem, MarkupContent, TextEdit } from 'vscode-languageserver';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { knownVersions } from '../../../server/src/catalog/catalog';
import { provideCompletion, resolveCompletion } from '../../../server/src/features/completion';
import { provideHover } from '../../../server/src/features/hover';
import { provideSignatureHelp } from '../../../server/src/features/signatureHelp';
import { splitCaret } from './caret';
import { modelOf } from './featureHelpers';

function complete(marked: string, version = '3.4'): CompletionItem[] {
  const { text, position } = splitCaret(marked);
  return provideCompletion(modelOf(text, version), position).items;
}

function labels(marked: string, version = '3.4'): string[] {
  return complete(marked, version).map((i) => i.label);
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `expected an item "${label}" among ${items.length}: ${items.slice(0, 30).map((i) => i.label).join(', ')}`);
  return found;
}

function includesAll(actual: string[], expected: string[]): void {
  const missing = expected.filter((e) => !actual.includes(e));
  assert.deepEqual(missing, [], `missing ${missing.join(', ')} in ${actual.slice(0, 40).join(', ')}`);
}

function includesNone(actual: string[], unexpected: string[]): void {
  const present = unexpected.filter((e) => actual.includes(e));
  assert.deepEqual(present, [], `unexpected ${present.join(', ')}`);
}

const CONFIG = `global
    log stdout format raw local0

ring logbuf
    size 32764

userlist admins
    user alice password $5$abc

resolvers dns
    nameserver ns1 10.0.0.53:53

cache static
    total-max-size 64

http-errors site-errors
    errorfile 503 /etc/haproxy/errors/503.http

defaults base
    mode http
    timeout connect 5s

frontend fe from base
    bind :80
    acl is_api path_beg /api
    acl is_static path_end .css .js
    use_backend be_api if is_api

frontend other
    bind :81
    acl only_in_other src 10.0.0.0/8

backend be_api
    balance roundrobin
    server api1 10.0.0.1:80 check
    server api2 10.0.0.2:80 check

listen stats
    bind :8404
`;

/** CONFIG with `lines` appended to the section whose header is `header`. */
function inSection(header: string, lines: string): string {
  const start = CONFIG.indexOf(`\n${header}\n`);
  assert.ok(start >= 0, `section ${header}`);
  const end = CONFIG.indexOf('\n\n', start + 1);
  return `${CONFIG.slice(0, end)}\n${lines}${CONFIG.slice(end)}`;
}

test('column 0 of an empty document: section keywords and whole-section snippets', () => {
  const items = complete('‸');
  includesAll(items.map((i) => i.label), ['global', 'defaults', 'frontend', 'backend', 'listen', 'userlist', 'resolvers']);
  const frontend = items.find((i) => i.label.startsWith('frontend ('));
  assert.ok(frontend, 'a frontend snippet');
  assert.equal(frontend.insertTextFormat, InsertTextFormat.Snippet);
  const body = (frontend.textEdit as TextEdit).newText;
  for (const line of ['bind', 'mode', 'default_backend']) assert.match(body, new RegExp(`\\n\\t${line} `));
  const backend = items.find((i) => i.label.startsWith('backend ('));
  assert.ok(backend);
  const backendBody = (backend.textEdit as TextEdit).newText;
  assert.match(backendBody, /\tbalance /);
  assert.match(backendBody, /\toption httpchk/);
  assert.match(backendBody, /\thttp-check expect status/);
  assert.match(backendBody, /\tserver .* check$/m);
  const defaults = items.find((i) => i.label.startsWith('defaults ('));
  assert.ok(defaults);
  for (const t of ['connect', 'client', 'server']) assert.match((defaults.textEdit as TextEdit).newText, new RegExp(`timeout ${t} `));
  assert.ok(items.some((i) => i.label.startsWith('global (')) && items.some((i) => i.label.startsWith('listen (')));
});

test('an unindented line inside a section offers sections first, then that section\'s keywords', () => {
  const items = complete(inSection('backend be_api', 'ba‸'));
  const backend = item(items, 'backend');
  const balance = item(items, 'balance');
  assert.ok((backend.sortText ?? backend.label) < (balance.sortText ?? balance.label), 'sections sort before keywords');
  includesNone(items.map((i) => i.label), ['bind', 'default_backend']);
});

test('indented: keywords of the current section only', () => {
  const backend = labels(inSection('backend be_api', '    ‸'));
  includesAll(backend, ['balance', 'server', 'default-server', 'option httpchk', 'timeout connect', 'http-request', 'http-check expect']);
  includesNone(backend, ['bind', 'default_backend', 'use_backend', 'daemon', 'maxconn', 'global', 'option httplog', 'timeout client']);
  const frontend = labels(inSection('frontend other', '    ‸'));
  includesAll(frontend, ['bind', 'use_backend', 'default_backend', 'option httplog', 'timeout client', 'acl']);
  includesNone(frontend, ['balance', 'server', 'timeout connect', 'daemon']);
  const global = labels('global\n    ‸\n');
  includesAll(global, ['maxconn', 'daemon', 'stats socket', 'nbthread']);
  includesNone(global, ['mode', 'balance', 'bind', 'server']);
});

test('anonymous defaults do not offer what only named defaults accept', () => {
  const anonymous = labels('defaults\n    ‸\n');
  const named = labels('defaults web\n    ‸\n');
  assert.ok(named.includes('http-request'), 'named defaults take http-request rules');
  assert.ok(!anonymous.includes('http-request'), 'anonymous defaults cannot');
  assert.ok(anonymous.includes('mode'));
});

test('multi-word keywords: after `option `, `timeout `, `tcp-request `, `no option `', () => {
  const options = labels(inSection('backend be_api', '    option ‸'));
  includesAll(options, ['httpchk', 'redispatch', 'forwardfor']);
  includesNone(options, ['httplog', 'option httpchk', 'roundrobin']);
  const timeouts = labels(inSection('frontend other', '    timeout ‸'));
  includesAll(timeouts, ['client', 'http-request', 'http-keep-alive']);
  includesNone(timeouts, ['server', 'connect', 'queue']);
  includesAll(labels(inSection('frontend other', '    tcp-request ‸')), ['connection', 'content', 'session', 'inspect-delay']);
  const negated = labels(inSection('backend be_api', '    no option ‸'));
  includesAll(negated, ['redispatch', 'http-keep-alive']);
  includesNone(negated, ['httpchk', 'tcp-check'], );
});

test('fixed values: mode, balance, hash-type positions, http-check expect, global on/off', () => {
  includesAll(labels(inSection('backend be_api', '    mode ‸')), ['http', 'tcp']);
  const balance = complete(inSection('backend be_api', '    balance ‸'));
  includesAll(balance.map((i) => i.label), ['roundrobin', 'leastconn', 'source', 'uri', 'first', 'random']);
  const roundrobin = item(balance, 'roundrobin');
  assert.match((roundrobin.documentation as MarkupContent).value, /according to their weights/, 'the manual describes each algorithm');
  includesAll(labels(inSection('backend be_api', '    hash-type ‸')), ['map-based', 'consistent']);
  includesAll(labels(inSection('backend be_api', '    hash-type consistent ‸')), ['sdbm', 'djb2', 'crc32']);
  includesAll(labels(inSection('backend be_api', '    http-check expect ‸')), ['status', 'rstatus', 'string', '!']);
  includesAll(labels('global\n    ssl-server-verify ‸\n'), ['none', 'required']);
  assert.deepEqual(labels(inSection('backend be_api', '    timeout server ‸')), [], 'a time has no fixed values');
});

test('log: targets, then facilities and options, then levels; formats after `format`', () => {
  const targets = complete(inSection('frontend other', '    log ‸'));
  includesAll(targets.map((i) => i.label), ['global', 'stdout', 'stderr', 'logbuf']);
  assert.equal((item(targets, 'logbuf').textEdit as TextEdit).newText, 'ring@logbuf');
  includesAll(labels(inSection('frontend other', '    log stdout ‸')), ['local0', 'daemon', 'format', 'len']);
  includesAll(labels(inSection('frontend other', '    log stdout format ‸')), ['raw', 'rfc5424', 'short']);
  const levels = labels(inSection('frontend other', '    log stdout local0 ‸'));
  includesAll(levels, ['info', 'notice', 'err', 'debug']);
  includesNone(levels, ['local1']);
  assert.deepEqual(labels(inSection('frontend other', '    log global ‸')), []);
});

test('server options after the address (not before), values of options, default-server', () => {
  assert.deepEqual(labels(inSection('backend be_api', '    server api3 ‸')), [], 'nothing for the address');
  const options = complete(inSection('backend be_api', '    server api3 10.0.0.3:80 ‸'));
  includesAll(options.map((i) => i.label), ['check', 'inter', 'weight', 'backup', 'ssl', 'verify', 'maxconn', 'resolvers']);
  includesNone(options.map((i) => i.label), ['bind', 'balance', 'accept-proxy']);
  assert.equal((item(options, 'inter').textEdit as TextEdit).newText, 'inter ', 'options taking a value insert a space');
  assert.equal((item(options, 'check').textEdit as TextEdit).newText, 'check');
  const sorted = [...options].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
  assert.ok(sorted.indexOf('check') < sorted.indexOf('addr') && sorted.indexOf('weight') < sorted.indexOf('agent-check'), 'common options first');
  includesNone(labels(inSection('backend be_api', '    server api3 10.0.0.3:80 check ‸')), ['check']);
  assert.deepEqual(labels(inSection('backend be_api', '    server api3 10.0.0.3:80 verify ‸')).sort(), ['none', 'required']);
  assert.deepEqual(labels(inSection('backend be_api', '    server api3 10.0.0.3:80 inter ‸')), [], 'a delay has no fixed values');
  includesAll(labels(inSection('backend be_api', '    server api3 10.0.0.3:80 inter 2s ‸')), ['fall', 'rise']);
  const defaults = labels(inSection('backend be_api', '    default-server ‸'));
  includesAll(defaults, ['check', 'inter']);
  includesNone(defaults, ['id']);
  includesAll(labels(inSection('backend be_api', '    server-template web 1-3 app.local:80 ‸')), ['check', 'resolvers']);
});

test('bind options after the address, with values', () => {
  assert.deepEqual(labels(inSection('frontend other', '    bind ‸')), []);
  const options = labels(inSection('frontend other', '    bind :443 ‸'));
  includesAll(options, ['ssl', 'crt', 'alpn', 'accept-proxy', 'verify']);
  includesNone(options, ['check', 'weight']);
  assert.deepEqual(labels(inSection('frontend other', '    bind :443 ssl crt /x.pem verify ‸')).sort(), ['none', 'optional', 'required']);
  includesAll(labels(inSection('frontend other', '    bind :443 ssl ssl-min-ver ‸')), ['TLSv1.2', 'TLSv1.3']);
  includesAll(labels('global\n    stats socket /run/haproxy.sock ‸\n'), ['level', 'mode', 'expose-fd']);
  includesAll(labels('global\n    stats socket /run/haproxy.sock level ‸\n'), ['admin', 'operator', 'user']);
});

test('actions after http-request / http-response / tcp-request content / tcp-response content', () => {
  const http = complete(inSection('frontend other', '    http-request ‸'));
  includesAll(http.map((i) => i.label), ['deny', 'redirect', 'set-header', 'set-var', 'return', 'auth']);
  const setVar = item(http, 'set-var');
  assert.equal(setVar.insertTextFormat, InsertTextFormat.Snippet);
  assert.match((setVar.textEdit as TextEdit).newText, /^set-var\(\$\{1:[^}]+\}\)$/);
  includesAll(labels(inSection('frontend other', '    http-response ‸')), ['set-header', 'del-header', 'set-status']);
  includesAll(labels(inSection('frontend other', '    http-after-response ‸')), ['set-header']);
  const tcpContent = labels(inSection('frontend other', '    tcp-request content ‸'));
  includesAll(tcpContent, ['accept', 'reject', 'track-sc0', 'capture']);
  includesNone(tcpContent, ['set-header', 'redirect', 'auth']);
  const tcpConnection = labels(inSection('frontend other', '    tcp-request connection ‸'));
  includesAll(tcpConnection, ['accept', 'reject', 'expect-proxy']);
  includesNone(tcpConnection, ['set-header']);
  includesAll(labels(inSection('backend be_api', '    tcp-response content ‸')), ['accept', 'reject']);
});

test('action arguments: literals of the synopsis, then if/unless; caches after cache-use; levels', () => {
  const deny = labels(inSection('frontend other', '    http-request deny ‸'));
  includesAll(deny, ['deny_status', 'content-type', 'if', 'unless']);
  includesAll(labels(inSection('frontend other', '    http-request set-timeout ‸')), ['server', 'tunnel', 'client']);
  assert.deepEqual(labels(inSection('frontend other', '    http-request set-header ‸')), [], 'a header name is free text');
  includesAll(labels(inSection('frontend other', '    http-request set-header X-A b ‸')), ['if', 'unless']);
  includesAll(labels(inSection('frontend other', '    http-request cache-use ‸')), ['static']);
  includesAll(labels(inSection('frontend other', '    http-request set-log-level ‸')), ['silent', 'err']);
});

test('sample fetches in ACL criteria (with derivatives), converters after a comma, %[...] and <expr>', () => {
  const criterion = labels(inSection('frontend other', '    acl a ‸'));
  includesAll(criterion, ['src', 'path', 'req.hdr', 'hdr_beg', 'path_beg', 'ssl_fc']);
  includesNone(criterion, ['lower', 'balance']);
  const converters = labels(inSection('frontend other', '    acl a req.hdr(host),‸'));
  includesAll(converters, ['lower', 'map', 'regsub', 'field']);
  includesNone(converters, ['src', 'hdr_beg']);
  const embedded = labels(inSection('frontend other', '    http-request set-header X-Src %[s‸'));
  includesAll(embedded, ['src', 'ssl_fc']);
  includesNone(embedded, ['hdr_beg', 'path_beg'], );
  includesAll(labels(inSection('frontend other', '    http-request set-header X-Src "%[src,‸"')), ['ipmask', 'lower']);
  includesAll(labels(inSection('frontend other', '    http-request set-var(txn.path) ‸')), ['path', 'req.hdr']);
  includesAll(labels(inSection('frontend other', '    tcp-request connection track-sc0 ‸')), ['src']);
  includesAll(labels(inSection('frontend other', '    log-format "%ci %[‸"')), ['src', 'req.hdr']);
});

test('ACL flags and -m match methods', () => {
  includesAll(labels(inSection('frontend other', '    acl a path_beg ‸')), ['-i', '-m', '-f']);
  includesAll(labels(inSection('frontend other', '    acl a req.hdr(host) -m ‸')), ['str', 'beg', 'reg', 'found']);
  assert.deepEqual(labels(inSection('frontend other', '    acl a path_beg /api ‸')), [], 'patterns are free text');
});

test('variable names: var(), the set-var/unset-var converters and actions offer the variables of the document and the scopes', () => {
  const config = (line: string) => [
    'global', '    set-var proc.started int(1)', '',
    'frontend fe', '    bind :80',
    '    http-request set-var(txn.host) req.hdr(host),lower',
    '    http-request set-var-fmt(txn.path) "%[path]"',
    '    http-response set-header X-Seen %[var(sess.seen)]',
    line, '',
  ].join('\n');
  const variables = ['proc.started', 'txn.host', 'txn.path', 'sess.seen'];
  const scopes = ['proc.', 'sess.', 'txn.', 'req.', 'res.', 'check.'];
  for (const line of [
    '    http-request set-header X-Host %[var(‸)]',
    '    acl known var(‸) -m found',
    '    use_backend be if { var(‸) -m found }',
    '    http-request set-header X-Host %[src,set-var(‸)]',
    '    http-request unset-var(‸)',
    '    http-request set-var(‸',
  ]) {
    const names = labels(config(line));
    includesAll(names, [...variables, ...scopes]);
    includesNone(names, ['be', 'fe', 'path']);
  }
  const host = item(complete(config('    http-request set-header X-Host %[var(txn.h‸)]')), 'txn.host');
  assert.equal(host.labelDetails?.description, 'variable set, line 6', 'the first line that sets it');
  assert.deepEqual((host.textEdit as TextEdit).range, { start: { line: 8, character: 41 }, end: { line: 8, character: 46 } }, 'replaces the typed name');
  assert.equal(item(complete(config('    http-request set-var(‸')), 'sess.seen').labelDetails?.description, 'variable used, line 8', 'read, never set');
  assert.deepEqual(labels(config('    http-request set-var(txn.x,‸')), [], 'only the first argument is a name');
});

test('conditions: ACLs of the current proxy and pre-defined ones, not those of other proxies', () => {
  const names = labels(CONFIG.replace('use_backend be_api if is_api', 'use_backend be_api if is_api || !‸'));
  includesAll(names, ['is_api', 'is_static', 'TRUE', 'METH_GET', 'HTTP']);
  includesNone(names, ['only_in_other', 'be_api']);
  includesAll(labels(CONFIG.replace('use_backend be_api if is_api', 'http-request deny unless ‸')), ['is_static']);
  includesAll(labels(inSection('frontend other', '    http-request deny if { ‸')), ['src', 'path_beg']);
  const v26 = labels(inSection('frontend other', '    http-request deny if ‸'), '2.6');
  assert.ok(!v26.includes('HTTP_3.0') && labels(inSection('frontend other', '    http-request deny if ‸'), '3.4').includes('HTTP_3.0'),
    'HTTP_3.0 is pre-defined since 3.0');
});

test('names where a reference is expected: backends, servers, userlists, resolvers, named defaults, http-errors', () => {
  const backends = labels(inSection('frontend other', '    use_backend ‸'));
  includesAll(backends, ['be_api', 'stats']);
  includesNone(backends, ['fe', 'other', 'base']);
  includesAll(labels(inSection('frontend other', '    default_backend ‸')), ['be_api']);
  includesAll(labels(inSection('frontend other', '    use_backend be_api ‸')), ['if', 'unless']);
  includesAll(labels(inSection('backend be_api', '    use-server ‸')), ['api1', 'api2']);
  includesAll(labels(inSection('frontend other', '    http-request auth if !{ http_auth(‸')), ['admins']);
  includesAll(labels(inSection('backend be_api', '    server api3 10.0.0.3:80 resolvers ‸')), ['dns']);
  const track = complete(inSection('listen stats', '    server s 10.0.0.9:80 track ‸'));
  assert.equal((item(track, 'be_api').textEdit as TextEdit).newText, 'be_api/');
  includesAll(labels(inSection('listen stats', '    server s 10.0.0.9:80 track be_api/‸')), ['api1', 'api2']);
  assert.deepEqual(labels(CONFIG.replace('\nbackend be_api', '\nbackend be_api from ‸')), ['base']);
  includesAll(labels(CONFIG.replace('\nbackend be_api', '\nbackend be_api ‸')), ['from']);
  includesAll(labels(inSection('frontend other', '    errorfiles ‸')), ['site-errors']);
  const marked = inSection('frontend other', '    use_backend ‸');
  const definedOn = marked.split('\n').indexOf('backend be_api') + 1;
  const name = item(complete(marked), 'be_api');
  assert.equal(name.labelDetails?.description, `backend, line ${definedOn}`, 'the item says where the name is defined');
});

test('preprocessor directives and .if predicates of the target version', () => {
  includesAll(labels('.‸\n'), ['.if', '.elif', '.else', '.endif', '.notice']);
  const v24 = labels('.if ‸\n', '2.4');
  includesAll(v24, ['defined', 'version_atleast', 'feature']);
  includesNone(v24, ['strstr', 'enabled']);
  includesAll(labels('.if ‸\n', '3.4'), ['strstr', 'enabled', 'openssl_version_atleast']);
});

test('replace ranges cover the word being typed, including -, . and _', () => {
  const option = item(complete(inSection('backend be_api', '    option http-ser‸ver-close')), 'http-server-close');
  const edit = option.textEdit as TextEdit;
  assert.equal(edit.range.end.character - edit.range.start.character, 'http-server-close'.length);
  const fetch = item(complete(inSection('frontend other', '    http-request set-header X %[req.hd‸]')), 'req.hdr');
  const fetchEdit = fetch.textEdit as TextEdit;
  assert.equal(fetchEdit.range.end.character - fetchEdit.range.start.character, 'req.hd'.length);
  const negated = item(complete(CONFIG.replace('if is_api', 'if !is_a‸')), 'is_api');
  const negatedEdit = negated.textEdit as TextEdit;
  assert.equal(negatedEdit.range.end.character - negatedEdit.range.start.character, 'is_a'.length, 'the ! stays');
});

test('nothing in comments, names being declared, or unknown argument lists', () => {
  assert.deepEqual(labels(inSection('backend be_api', '    balance roundrobin # ‸')), []);
  assert.deepEqual(labels(inSection('frontend other', '    acl ‸')), []);
  assert.deepEqual(labels(CONFIG.replace('\nbackend be_api', '\nbackend ‸')), []);
  assert.deepEqual(labels(inSection('frontend other', '    http-request set-map(‸')), []);
  assert.deepEqual(labels(inSection('frontend other', '    http-request do-resolve(‸')), []);
});

test('items carry the synopsis as detail, a one-sentence doc, and data to resolve the full text', () => {
  const { text, position } = splitCaret(inSection('backend be_api', '    bal‸'));
  const model = modelOf(text, '3.4');
  const balance = item(provideCompletion(model, position).items, 'balance');
  assert.equal(balance.detail, 'balance <algorithm> [ <arguments> ]');
  assert.match((balance.documentation as MarkupContent).value, /^Define the load balancing algorithm/);
  assert.deepEqual(balance.data, { version: '3.4', ref: { type: 'keyword', section: 'backend', name: 'balance' }, uri: model.uri });
  const resolved = resolveCompletion(balance, model);
  const doc = (resolved.documentation as MarkupContent).value;
  assert.match(doc, /`roundrobin` Each server is used in turns/);
  assert.match(doc, /balance url_param <param>/, 'the other synopsis lines');
  const closed = resolveCompletion(balance, undefined);
  assert.equal((closed.documentation as MarkupContent).value, doc, 'resolves from the version in data when the document is closed');
  assert.equal(resolveCompletion({ label: 'x', data: { ref: { type: 'keyword', section: 'backend', name: 'balance' }, version: '9.9x' } }, undefined).label, 'x',
    'an unknown version leaves the item as it is');
});

test('accepting a keyword or option that takes listed values re-opens the list; others do not', () => {
  const keywords = complete(inSection('backend be_api', '    ‸'));
  assert.equal(item(keywords, 'mode').command?.command, 'editor.action.triggerSuggest');
  assert.equal(item(keywords, 'http-request').command?.command, 'editor.action.triggerSuggest');
  assert.equal(item(keywords, 'timeout connect').command, undefined, 'a time is typed');
  const options = complete(inSection('backend be_api', '    server api3 10.0.0.3:80 ‸'));
  assert.equal(item(options, 'verify').command?.command, 'editor.action.triggerSuggest');
  assert.equal(item(options, 'resolvers').command?.command, 'editor.action.triggerSuggest');
  assert.equal(item(options, 'inter').command, undefined);
  assert.equal(item(options, 'check').command, undefined);
});

test('deprecated keywords are tagged and sorted last', () => {
  const items = complete(inSection('backend be_api', '    ‸'));
  const dispatch = item(items, 'dispatch');
  assert.deepEqual(dispatch.tags, [CompletionItemTag.Deprecated]);
  assert.equal(item(items, 'balance').tags, undefined);
  assert.ok((dispatch.sortText ?? '') > (item(items, 'server').sortText ?? 'server'));
});

test('version-aware: items come from the target version\'s catalog', () => {
  const actions26 = labels(inSection('frontend other', '    http-request ‸'), '2.6');
  const actions24 = labels(inSection('frontend other', '    http-request ‸'), '2.4');
  assert.ok(actions26.includes('set-var-fmt') && !actions24.includes('set-var-fmt'), 'set-var-fmt appeared in 2.6');
  const server26 = labels(inSection('backend be_api', '    server api3 10.0.0.3:80 ‸'), '2.6');
  const server24 = labels(inSection('backend be_api', '    server api3 10.0.0.3:80 ‸'), '2.4');
  assert.ok(server26.includes('ws') && !server24.includes('ws'), 'the ws server option appeared in 2.6');
  const options24 = labels(inSection('backend be_api', '    option ‸'), '2.4');
  const options26 = labels(inSection('backend be_api', '    option ‸'), '2.6');
  assert.ok(options24.includes('http_proxy') && !options26.includes('http_proxy'), 'option http_proxy was removed in 2.6');
});

test('thousands of names: only those matching the typed prefix are sent, and the list says it is incomplete', () => {
  const backends = Array.from({ length: 1200 }, (_, i) => `backend be_${i}\n    server s 10.0.0.1:80\n`).join('');
  const few = provideCompletion(modelOf(`frontend f\n    use_backend be_1‸\n${backends.slice(0, 200)}`.replace('‸', ''), '3.4'),
    { line: 1, character: 20 });
  assert.equal(few.isIncomplete, false, 'a short list is complete');
  const { text, position } = splitCaret(`frontend f\n    use_backend be_119‸\n${backends}`);
  const list = provideCompletion(modelOf(text, '3.4'), position);
  assert.equal(list.isIncomplete, true);
  assert.ok(list.items.length <= 500, `${list.items.length} items`);
  includesAll(list.items.map((i) => i.label), ['be_119', 'be_1190', 'be_1199']);
  assert.ok(list.items.every((i) => /1.*1.*9/.test(i.label)), 'every item matches what is typed');
});

test('every version, every word position of a realistic file: well-formed answers, replace ranges around the cursor', () => {
  const fixture = readFileSync(resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspace', 'completion', 'haproxy.cfg'), 'utf8');
  const lines = fixture.split('\n');
  for (const version of knownVersions()) {
    const model = modelOf(fixture, version);
    let answered = 0;
    lines.forEach((text, line) => {
      const stops = new Set<number>([0, text.length]);
      for (const m of text.matchAll(/\S+/g)) {
        const start = m.index ?? 0;
        [start, start + Math.floor(m[0].length / 2), start + m[0].length, start + m[0].length + 1].forEach((c) => stops.add(Math.min(c, text.length)));
      }
      for (const character of stops) {
        const position = { line, character };
        const list = provideCompletion(model, position);
        for (const i of list.items) {
          const range = (i.textEdit as TextEdit).range;
          assert.ok(range.start.line === line && range.end.line === line && range.start.character <= character && character <= range.end.character,
            `${version} ${line}:${character} ${i.label}: replace range ${JSON.stringify(range)} must contain the cursor`);
        }
        const hover = provideHover(model, position);
        if (hover?.range) assert.equal(hover.range.start.line, line);
        provideSignatureHelp(model, position);
        answered += list.items.length > 0 ? 1 : 0;
      }
    });
    assert.ok(answered > 50, `${version}: completion answered at ${answered} positions`);
  }
});

test('older manuals print actions with their rule set and condition: same completion and contexts (2.6)', () => {
  includesAll(labels(inSection('frontend other', '    http-request set-var(txn.path) ‸'), '2.6'), ['path', 'req.hdr']);
  includesAll(labels(inSection('frontend other', '    http-request deny ‸'), '2.6'), ['deny_status', 'if', 'unless']);
  const setVar = item(complete(inSection('frontend other', '    http-request ‸'), '2.6'), 'set-var');
  assert.match(setVar.detail ?? '', /^set-var\(<var-name>/, 'the detail starts with the action, not another rule set');
  assert.match((setVar.textEdit as TextEdit).newText, /^set-var\(\$\{1:/);
});
