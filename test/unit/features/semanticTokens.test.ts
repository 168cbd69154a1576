// Semantic tokens: names by kind (definition vs use, predefined, unresolved), lines of false .if
// branches as comments, and a valid relative encoding (sorted, non-overlapping).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { provideSemanticTokens, SEMANTIC_TOKENS_LEGEND } from '../../../server/src/features/semanticTokens';
import { modelOf } from './featureHelpers';
import { lineOf, NAV_CONFIG, rangeIn } from './navigationConfig';

interface Decoded { line: number; start: number; length: number; type: string; modifiers: string[]; text: string }

function decode(text: string, version = '3.2'): Decoded[] {
  const { data } = provideSemanticTokens(modelOf(text, version));
  assert.equal(data.length % 5, 0);
  const lines = text.split('\n');
  const tokens: Decoded[] = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    start = data[i] === 0 && i > 0 ? start + data[i + 1] : data[i + 1];
    const modifiers = SEMANTIC_TOKENS_LEGEND.tokenModifiers.filter((_, bit) => (data[i + 4] & (1 << bit)) !== 0);
    tokens.push({ line, start, length: data[i + 2], type: SEMANTIC_TOKENS_LEGEND.tokenTypes[data[i + 3]], modifiers, text: lines[line].slice(start, start + data[i + 2]) });
  }
  return tokens;
}

const tokens = decode(NAV_CONFIG);
const tokenAt = (context: string, name: string, nth = 0) => {
  const r = rangeIn(NAV_CONFIG, context, name, nth);
  const found = tokens.find((t) => t.line === r.start.line && t.start === r.start.character);
  assert.ok(found, `a token for ${name} in ${JSON.stringify(context)}`);
  assert.equal(found.text, name);
  return `${found.type}${found.modifiers.map((m) => `.${m}`).join('')}`;
};

test('the legend uses standard token types', () => {
  assert.deepEqual(SEMANTIC_TOKENS_LEGEND.tokenTypes, ['class', 'namespace', 'property', 'function', 'variable', 'comment']);
  assert.deepEqual(SEMANTIC_TOKENS_LEGEND.tokenModifiers, ['declaration', 'defaultLibrary', 'unresolved']);
});

test('proxy names: definitions are declarations, uses plain (use_backend, track proxy part, table, from)', () => {
  assert.equal(tokenAt('\nbackend be_api', 'be_api'), 'class.declaration');
  assert.equal(tokenAt('use_backend be_api', 'be_api'), 'class');
  assert.equal(tokenAt('track be_web/w1', 'be_web'), 'class');
  assert.equal(tokenAt('src table be_api', 'be_api'), 'class');
  assert.equal(tokenAt('defaults base', 'base'), 'class.declaration');
  assert.equal(tokenAt('fe_main from base', 'base'), 'class');
});

test('servers, ACLs, users, other sections', () => {
  assert.equal(tokenAt('server w1 10.0.2.1', 'w1'), 'property.declaration');
  assert.equal(tokenAt('track be_web/w1', 'w1'), 'property');
  assert.equal(tokenAt('acl is_api path_beg /api', 'is_api'), 'function.declaration');
  assert.equal(tokenAt('use_backend be_api if is_api', 'is_api'), 'function');
  assert.equal(tokenAt('METH_GET', 'METH_GET'), 'function.defaultLibrary');
  assert.equal(tokenAt('undefined_acl', 'undefined_acl'), 'function.unresolved');
  assert.equal(tokenAt('user alice', 'alice'), 'variable.declaration');
  assert.equal(tokenAt('http_auth_group(admins) ops', 'ops'), 'variable');
  assert.equal(tokenAt('http_auth(admins)', 'admins'), 'namespace');
  assert.equal(tokenAt('ring@logbuf', 'logbuf'), 'namespace');
  assert.equal(tokenAt('mesh/sessions', 'sessions'), 'property');
  assert.ok(!tokens.some((t) => t.text.startsWith('/etc/')), 'file paths get no token');
});

test('a line in a false .if branch is one comment token and nothing else', () => {
  const line = lineOf(NAV_CONFIG, 'server future');
  const onLine = tokens.filter((t) => t.line === line);
  assert.deepEqual(onLine.map((t) => [t.type, t.text]), [['comment', 'server future 10.0.2.8:80']]);
  const canary = lineOf(NAV_CONFIG, 'server canary');
  assert.deepEqual(tokens.filter((t) => t.line === canary).map((t) => t.type), ['property'], 'an undecided branch is not greyed');
  assert.ok(!tokens.some((t) => t.line === lineOf(NAV_CONFIG, '.if version_atleast(99.0)')), 'the .if line itself is active');
});

test('nested false branches: the inner .if/.endif lines and a trailing comment are greyed too', () => {
  const text = 'backend b\n.if 0\n    server s1 1.1.1.1:80 # old\n.if 1\n    server s2 1.1.1.2:80\n.endif\n.endif\n    server s3 1.1.1.3:80\n';
  const decoded = decode(text);
  assert.deepEqual(decoded.map((t) => [t.line, t.type, t.text]), [
    [0, 'class', 'b'],
    [2, 'comment', 'server s1 1.1.1.1:80 # old'],
    [3, 'comment', '.if 1'],
    [4, 'comment', 'server s2 1.1.1.2:80'],
    [5, 'comment', '.endif'],
    [7, 'property', 's3'],
  ]);
});

test('unresolved proxies are marked in a whole configuration, not in a conf.d fragment; scoped names always', () => {
  const fragment = 'frontend f\n    use_backend elsewhere if missing_acl\n';
  const inFragment = decode(fragment);
  assert.deepEqual(inFragment.filter((t) => t.line === 1).map((t) => [t.text, t.modifiers]), [['elsewhere', []], ['missing_acl', ['unresolved']]]);
  const whole = decode(`global\n    maxconn 10\n${fragment}`);
  assert.deepEqual(whole.filter((t) => t.text === 'elsewhere').map((t) => t.modifiers), [['unresolved']]);
});

test('encoding: sorted, relative, non-overlapping, one line per token', () => {
  for (let i = 1; i < tokens.length; i++) {
    const [a, b] = [tokens[i - 1], tokens[i]];
    assert.ok(b.line > a.line || (b.line === a.line && b.start >= a.start + a.length), `token ${i} after token ${i - 1}`);
  }
  for (const t of tokens) assert.ok(t.length > 0 && t.text.length === t.length);
  const quoted = decode('backend "api"\n    server s1 1.1.1.1:80\nbackend b\n    server t 1.1.1.2:80 track "api/s1"\n');
  assert.equal(quoted.filter((t) => t.line === 3).length, 2, 'two names in one quoted word: one token (no overlap) + the server name');
  assert.deepEqual(provideSemanticTokens(modelOf('')).data, []);
});
