// Formatting: layout rules on hand-written configs, minimal edits, range formatting, CRLF, and
// lines with syntax errors. The property test over the corpus is in formatting.property.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDocument, formatRange } from '../../../server/src/features/formatting';
import type { FormatSettings } from '../../../server/src/model';
import { applyEdits, DEFAULT_FORMAT, modelOf } from './featureHelpers';

function format(text: string, settings: Partial<FormatSettings> = {}): string {
  return applyEdits(text, formatDocument(modelOf(text), { ...DEFAULT_FORMAT, ...settings }));
}

const MISINDENTED = [
  'global',
  '  log stdout   format raw local0',
  '\t\tmaxconn 4096   ',
  '  defaults',
  'mode http',
  '      timeout connect 5s',
  'frontend   fe   # public entry',
  'bind :8080',
  '   http-request set-header X-Forwarded-Proto   https if { ssl_fc }',
  '  default_backend   be',
  'backend be',
  '  server s1 10.0.0.1:80 check',
  '',
].join('\n');

test('sections at column 0, bodies indented by 4 spaces, one space between words', () => {
  assert.equal(format(MISINDENTED), [
    'global',
    '    log stdout format raw local0',
    '    maxconn 4096',
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    'frontend fe # public entry',
    '    bind :8080',
    '    http-request set-header X-Forwarded-Proto https if { ssl_fc }',
    '    default_backend be',
    'backend be',
    '    server s1 10.0.0.1:80 check',
    '',
  ].join('\n'));
});

test('indent setting and tabs', () => {
  const text = 'backend be\n server s1 10.0.0.1:80\n';
  assert.equal(format(text, { indent: 2 }), 'backend be\n  server s1 10.0.0.1:80\n');
  assert.equal(format(text, { useTabs: true }), 'backend be\n\tserver s1 10.0.0.1:80\n');
  assert.equal(format(text, { indent: 99 }), `backend be\n${' '.repeat(16)}server s1 10.0.0.1:80\n`, 'clamped to 16');
  assert.equal(format(text, { indent: 0 }), 'backend be\n server s1 10.0.0.1:80\n', 'clamped to 1');
});

test('a formatted document gets no edit at all', () => {
  const formatted = format(MISINDENTED);
  assert.deepEqual(formatDocument(modelOf(formatted), DEFAULT_FORMAT), []);
});

test('edits are minimal: one per changed line, covering only the blanks that change', () => {
  const text = 'backend be\n    balance   roundrobin\n    server s1 10.0.0.1:80\n  server s2 10.0.0.2:80\n';
  const edits = formatDocument(modelOf(text), DEFAULT_FORMAT);
  assert.deepEqual(edits, [
    { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 14 } }, newText: '' },
    { range: { start: { line: 3, character: 2 }, end: { line: 3, character: 2 } }, newText: '  ' },
  ]);
});

test('quoted strings, escapes and env references are kept byte for byte', () => {
  const text = [
    'frontend fe',
    "  http-request   set-header   X-A  \"a  b\\\"c  \\x41\"   if  { hdr(host)  -m str 'x  y' }",
    '  log-format   "%ci:%cp\\ [%tr]  %{+Q}r"',
    '  bind   "${ADDR-0.0.0.0}:${PORT}"   name\\ with\\ space',
    '  acl   re  path_reg  ^/a\\ b\\#c$',
  ].join('\n');
  assert.equal(format(text), [
    'frontend fe',
    "    http-request set-header X-A \"a  b\\\"c  \\x41\" if { hdr(host) -m str 'x  y' }",
    '    log-format "%ci:%cp\\ [%tr]  %{+Q}r"',
    '    bind "${ADDR-0.0.0.0}:${PORT}" name\\ with\\ space',
    '    acl re path_reg ^/a\\ b\\#c$',
    '',
  ].join('\n'));
});

test('only spaces and tabs count as blanks: other whitespace stays inside words', () => {
  const text = 'backend be\n  server\u00a0s1 10.0.0.1:80  \u000b\n';
  assert.equal(format(text), 'backend be\n    server\u00a0s1 10.0.0.1:80 \u000b\n');
});

test('trailing comments: one space before, text kept (trailing blanks removed)', () => {
  const text = 'backend be\n    server s1 10.0.0.1:80   #   main   server  \t\n    balance roundrobin#no space\n';
  assert.equal(format(text), 'backend be\n    server s1 10.0.0.1:80 #   main   server\n    balance roundrobin #no space\n');
});

test('full-line comments: next code line\'s indent when attached, column 0 kept for banners', () => {
  const text = [
    '# file banner',
    'global',
    '# describes maxconn',
    '  maxconn 100',
    '      # floating note, indented',
    '',
    '#-------------------',
    '# frontends',
    '#-------------------',
    '',
    '    # describes the frontend',
    'frontend fe',
    '    bind :80',
    '#    bind :81   (commented out at column 0)',
    '',
    'backend be',
    '  server s1 10.0.0.1:80',
    '  # trailing note of the backend',
    '',
  ].join('\n');
  assert.equal(format(text), [
    '# file banner',
    'global',
    '    # describes maxconn',
    '    maxconn 100',
    '    # floating note, indented',
    '',
    '#-------------------',
    '# frontends',
    '#-------------------',
    '',
    '# describes the frontend',
    'frontend fe',
    '    bind :80',
    '#    bind :81   (commented out at column 0)',
    '',
    'backend be',
    '    server s1 10.0.0.1:80',
    '    # trailing note of the backend',
    '',
  ].join('\n'));
});

test('.if blocks: at the body indent inside a section, at column 0 around sections; bodies keep their indent', () => {
  const text = [
    '.if defined(WITH_ADMIN)',
    '    listen admin',
    '  bind :9000',
    '    .if version_atleast(2.8)',
    '  stats enable',
    '.else',
    '        stats disable',
    '        .endif',
    '  .endif',
    'backend be',
    '.if streq("${DC}",eu)',
    'server s1 10.0.0.1:80',
    '    .elif defined(DC)',
    '.diag   "other dc"',
    '.else',
    '.endif',
    '',
  ].join('\n');
  assert.equal(format(text), [
    '.if defined(WITH_ADMIN)',
    'listen admin',
    '    bind :9000',
    '    .if version_atleast(2.8)',
    '    stats enable',
    '    .else',
    '    stats disable',
    '    .endif',
    '.endif',
    'backend be',
    '    .if streq("${DC}",eu)',
    '    server s1 10.0.0.1:80',
    '    .elif defined(DC)',
    '    .diag "other dc"',
    '    .else',
    '    .endif',
    '',
  ].join('\n'));
});

test('directives before the first section stay at column 0', () => {
  assert.equal(format('   .if defined(X)\n  .warning "X set"\n   .endif\nglobal\n'), '.if defined(X)\n.warning "X set"\n.endif\nglobal\n');
});

test('blank lines: emptied, runs cut to two, none at the end, one final newline', () => {
  const text = '\n\n\n\nglobal\n  \t\n    maxconn 1\n\n\n\n\n\nbackend be\n    server s1 10.0.0.1:80\n\n  \n\n';
  assert.equal(format(text), '\n\nglobal\n\n    maxconn 1\n\n\nbackend be\n    server s1 10.0.0.1:80\n');
});

test('final newline is added; an empty file stays empty; a blank file becomes empty', () => {
  assert.equal(format('backend be\n  server s1 10.0.0.1:80'), 'backend be\n    server s1 10.0.0.1:80\n');
  assert.equal(format(''), '');
  assert.equal(format('\n  \n\t\n'), '');
  assert.equal(format('# only a comment'), '# only a comment\n');
});

test('CRLF files keep CRLF on every line, also the added final newline and around deleted blank lines', () => {
  const text = 'global\r\n  maxconn 1\r\n\r\n\r\n\r\n\r\nbackend be\r\n  server s1 10.0.0.1:80   ';
  assert.equal(format(text), 'global\r\n    maxconn 1\r\n\r\n\r\nbackend be\r\n    server s1 10.0.0.1:80\r\n');
});

test('lines with tokenizer errors are left exactly as they are', () => {
  const text = [
    'frontend fe',
    '  http-request set-header X-Env "staging   ',
    "      acl bad path_beg 'unterminated",
    '   http-request return status 200 content-type text/plain string "\\xZZ"  ',
    '  bind :80',
    '',
  ].join('\n');
  const lines = format(text).split('\n');
  assert.equal(lines[1], '  http-request set-header X-Env "staging   ');
  assert.equal(lines[2], "      acl bad path_beg 'unterminated");
  assert.equal(lines[3], '   http-request return status 200 content-type text/plain string "\\xZZ"  ');
  assert.equal(lines[4], '    bind :80');
});

test('alignServerColumns pads server names and addresses per section', () => {
  const text = [
    'backend be',
    '    default-server   inter 3s fall 3',
    '    server web1 10.0.0.1:80 check',
    '    server web-long 10.0.0.10:8080 check weight 50 # big one',
    '    server web3 10.0.0.3:80',
    '    balance roundrobin',
    'backend other',
    '    server x 1.2.3.4:5 check',
    '',
  ].join('\n');
  assert.equal(format(text, { alignServerColumns: true }), [
    'backend be',
    '    default-server inter 3s fall 3',
    '    server web1     10.0.0.1:80    check',
    '    server web-long 10.0.0.10:8080 check weight 50 # big one',
    '    server web3     10.0.0.3:80',
    '    balance roundrobin',
    'backend other',
    '    server x 1.2.3.4:5 check',
    '',
  ].join('\n'));
  const aligned = format(text, { alignServerColumns: true });
  assert.equal(format(aligned, { alignServerColumns: true }), aligned, 'idempotent');
  assert.equal(format(aligned), format(text), 'without the setting the padding goes away');
});

test('range formatting formats the whole lines the range touches, nothing else', () => {
  const text = 'global\n  maxconn 1\n  nbthread   2\n   log stdout format raw local0\n\n\n\n\nbackend be\n';
  const model = modelOf(text);
  const inner = formatRange(model, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } }, DEFAULT_FORMAT);
  assert.equal(applyEdits(text, inner), 'global\n  maxconn 1\n    nbthread 2\n   log stdout format raw local0\n\n\n\n\nbackend be\n');
  const toColumnZero = formatRange(model, { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } }, DEFAULT_FORMAT);
  assert.equal(applyEdits(text, toColumnZero), 'global\n    maxconn 1\n    nbthread 2\n   log stdout format raw local0\n\n\n\n\nbackend be\n',
    'a range ending at column 0 does not touch that line');
  const blanks = formatRange(model, { start: { line: 3, character: 0 }, end: { line: 8, character: 0 } }, DEFAULT_FORMAT);
  assert.equal(applyEdits(text, blanks), 'global\n  maxconn 1\n  nbthread   2\n    log stdout format raw local0\n\n\nbackend be\n');
  const all = formatRange(model, { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, DEFAULT_FORMAT);
  assert.deepEqual(all, formatDocument(model, DEFAULT_FORMAT));
});

test('range formatting with alignment uses the widths of the whole section', () => {
  const text = 'backend be\n    server a 10.0.0.1:80 check\n    server longer 10.0.0.2:80 check\n';
  const model = modelOf(text);
  const edits = formatRange(model, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, { ...DEFAULT_FORMAT, alignServerColumns: true });
  assert.equal(applyEdits(text, edits), 'backend be\n    server a      10.0.0.1:80 check\n    server longer 10.0.0.2:80 check\n');
});

test('the VS Code fixture test/fixtures/workspace/format formats to its expected text', () => {
  const dir = join(__dirname, '../../../../test/fixtures/workspace/format');
  const text = readFileSync(join(dir, 'haproxy-misindented.cfg'), 'utf8');
  assert.equal(format(text), readFileSync(join(dir, 'misindented.expected.txt'), 'utf8'));
});
