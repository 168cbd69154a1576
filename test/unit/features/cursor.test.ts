// cursorContext: what is at a position of a real configuration (section, word, keyword match,
// expression contexts), and the sample-expression scanner it relies on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cursorContext, scanSample, sectionAt } from '../../../server/src/features/cursor';
import type { CursorContext } from '../../../server/src/features/cursor';
import { CARET, splitCaret } from './caret';
import { modelOf } from './featureHelpers';

/** The cursor context at the caret mark of `text`. */
function contextAt(marked: string, version = '3.4'): CursorContext {
  const { text, position } = splitCaret(marked);
  return cursorContext(modelOf(text, version), position);
}

const CONFIG = `global
    log stdout format raw local0

defaults base
    mode http

frontend fe from base
    bind :80
    acl is_api path_beg /api
    use_backend be_api if is_api

backend be_api
    server s1 10.0.0.1:80 check
`;

test('section, header and directive of the cursor line', () => {
  const inBackend = contextAt(CONFIG.replace('    server s1', `    server${CARET} s1`));
  assert.equal(inBackend.sectionType, 'backend');
  assert.equal(inBackend.section?.name?.text, 'be_api');
  assert.equal(inBackend.onSectionHeader, false);
  assert.equal(inBackend.directive?.keyword.text, 'server');
  const header = contextAt(CONFIG.replace('frontend fe', `frontend fe${CARET}`));
  assert.equal(header.onSectionHeader, true);
  assert.equal(header.wordIndex, 1);
  const blank = contextAt(CONFIG.replace('\nbackend', `\n${CARET}\nbackend`));
  assert.equal(blank.sectionType, 'frontend', 'a blank line after a section belongs to it');
  assert.equal(blank.words.length, 0);
  assert.equal(blank.indented, false);
});

test('before the first section there is no section', () => {
  const ctx = contextAt(`${CARET}\nglobal\n    daemon\n`);
  assert.equal(ctx.section, undefined);
  assert.equal(ctx.sectionType, undefined);
});

test('sectionAt finds sections by binary search, including the last one and lines past it', () => {
  const model = modelOf(CONFIG, '3.4');
  assert.equal(sectionAt(model.tree, 0)?.type, 'global');
  assert.equal(sectionAt(model.tree, 4)?.type, 'defaults');
  assert.equal(sectionAt(model.tree, 12)?.type, 'backend');
  assert.equal(sectionAt(model.tree, 13)?.type, 'backend');
});

test('word index, word and typed prefix: in a word, at its end, and in blanks', () => {
  const inWord = contextAt('backend b\n    balance round' + CARET + 'robin\n');
  assert.equal(inWord.wordIndex, 1);
  assert.equal(inWord.word?.text, 'roundrobin');
  assert.equal(inWord.token.prefix, 'round');
  assert.equal(inWord.token.text, 'roundrobin');
  assert.deepEqual(inWord.wordsBefore, ['balance']);
  const atEnd = contextAt(`backend b\n    balance${CARET}\n`);
  assert.equal(atEnd.wordIndex, 0);
  assert.equal(atEnd.word?.text, 'balance');
  const blank = contextAt(`backend b\n    balance ${CARET}\n`);
  assert.equal(blank.wordIndex, 1);
  assert.equal(blank.word, undefined);
  assert.equal(blank.token.text, '');
  assert.deepEqual(blank.token.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } });
});

test('the token covers names with -, ., _ and : but stops at ! and %[', () => {
  const dashed = contextAt(`backend b\n    option http-ser${CARET}ver-close\n`);
  assert.equal(dashed.token.text, 'http-server-close');
  const fetch = contextAt(`frontend f\n    http-request set-header X %[req.hd${CARET}r(host)]\n`);
  assert.equal(fetch.token.text, 'req.hdr');
  const negated = contextAt(`frontend f\n    acl a src 1.2.3.4\n    http-request deny if !a_b${CARET}\n`);
  assert.equal(negated.token.text, 'a_b');
});

test('multi-word keywords, `no` prefix and rule actions are matched on the words before the cursor', () => {
  const timeout = contextAt(`defaults\n    timeout connect ${CARET}\n`);
  assert.equal(timeout.keyword?.keyword.name, 'timeout connect');
  assert.equal(timeout.argIndex, 0);
  const negated = contextAt(`defaults\n    no option httplog${CARET}\n`);
  assert.equal(negated.lineKeyword?.keyword.name, 'option httplog');
  assert.equal(negated.lineKeyword?.prefix, 'no');
  const rule = contextAt(`frontend f\n    tcp-request content accept ${CARET}\n`);
  assert.equal(rule.keyword?.keyword.name, 'tcp-request content');
  assert.equal(rule.keyword?.action?.name, 'accept');
  assert.equal(rule.argIndex, 1);
  const partial = contextAt(`defaults\n    option ${CARET}\n`);
  assert.equal(partial.keyword, undefined, '`option` alone is not a keyword');
});

test('inside a comment', () => {
  assert.equal(contextAt(`backend b\n    balance roundrobin # pick ${CARET}\n`).inComment, true);
  assert.equal(contextAt(`backend b\n    balance ${CARET}# pick\n`).inComment, false);
});

test('ACL criterion and flags: `acl <name> <criterion> [flags] <patterns>`', () => {
  const criterion = contextAt(`frontend f\n    acl a hdr_b${CARET}\n`);
  assert.equal(criterion.expression?.kind, 'acl-criterion');
  assert.ok(criterion.expression?.kind === 'acl-criterion' && criterion.expression.sample.acl);
  const converter = contextAt(`frontend f\n    acl a req.hdr(host),low${CARET}\n`);
  assert.ok(converter.expression?.kind === 'acl-criterion' && converter.expression.sample.part === 'converter');
  const flags = contextAt(`frontend f\n    acl a path_beg -i ${CARET}\n`);
  assert.ok(flags.expression?.kind === 'acl-pattern');
  assert.equal(flags.expression.criterion, 'path_beg');
  assert.equal(flags.expression.flagsOnly, true);
  const method = contextAt(`frontend f\n    acl a req.hdr(host) -m ${CARET}\n`);
  assert.ok(method.expression?.kind === 'acl-pattern' && method.expression.previous === '-m');
  const patterns = contextAt(`frontend f\n    acl a path_beg /api ${CARET}\n`);
  assert.ok(patterns.expression?.kind === 'acl-pattern' && !patterns.expression.flagsOnly);
  assert.equal(contextAt(`frontend f\n    acl a${CARET}\n`).expression, undefined, 'the ACL name is not an expression');
});

test('conditions after if/unless, anonymous ACLs in braces', () => {
  const condition = contextAt(`frontend f\n    use_backend b if is_api || !is_${CARET}\n`);
  assert.deepEqual(condition.expression, { kind: 'condition', negated: true });
  const braces = contextAt(`frontend f\n    http-request deny if { src_${CARET}\n`);
  assert.ok(braces.expression?.kind === 'acl-criterion' && braces.expression.anonymous);
  const afterBraces = contextAt(`frontend f\n    http-request deny if { src 1.2.3.4 } ${CARET}\n`);
  assert.equal(afterBraces.expression?.kind, 'condition');
  const inBracePattern = contextAt(`frontend f\n    http-request deny if !{ path_beg ${CARET}\n`);
  assert.ok(inBracePattern.expression?.kind === 'acl-pattern' && inBracePattern.expression.anonymous);
  assert.equal(contextAt(`frontend f\n    use_backend b ${CARET}\n`).expression, undefined, 'no condition before if');
  assert.equal(contextAt(`frontend f\n    acl a req.hdr(x) if ${CARET}\n`).expression?.kind, 'acl-pattern',
    'in an ACL, `if` is a pattern, not a condition');
});

test('sample expressions: %[...] in log-format strings (also %{+Q}[...]) and <expr> arguments', () => {
  const embedded = contextAt(`frontend f\n    http-request set-header X-Host %[req.hdr(host),${CARET}\n`);
  assert.ok(embedded.expression?.kind === 'sample' && embedded.expression.embedded);
  assert.equal(embedded.expression.sample.part, 'converter');
  assert.equal(embedded.expression.sample.fetch, 'req.hdr');
  const quoted = contextAt(`defaults\n    log-format "%ci %{+Q}[capture.req.hdr(0)] %[s${CARET}"\n`);
  assert.ok(quoted.expression?.kind === 'sample' && quoted.expression.sample.part === 'fetch');
  const closed = contextAt(`defaults\n    log-format "%[src] %ci${CARET}"\n`);
  assert.equal(closed.expression, undefined, 'after the closing ] the expression is over');
  const setVar = contextAt(`frontend f\n    http-request set-var(txn.host) req.${CARET}\n`);
  assert.ok(setVar.expression?.kind === 'sample' && !setVar.expression.embedded);
  const track = contextAt(`frontend f\n    tcp-request connection track-sc0 ${CARET}\n`);
  assert.equal(track.expression?.kind, 'sample');
  const stick = contextAt(`backend b\n    stick on ${CARET}\n`);
  assert.equal(stick.expression?.kind, 'sample');
  const notExpr = contextAt(`frontend f\n    http-request set-header ${CARET}\n`);
  assert.equal(notExpr.expression, undefined, 'a header name is not an expression');
});

test('scanSample: fetch, converter, argument with callee and argument index, quotes', () => {
  assert.deepEqual(scanSample('req.h', false), { part: 'fetch', acl: false });
  assert.deepEqual(scanSample('req.hdr(host),lo', false), { part: 'converter', acl: false, fetch: 'req.hdr' });
  assert.deepEqual(scanSample('src,map_ip(/etc/m.map,', false),
    { part: 'argument', callee: { name: 'map_ip', kind: 'converter', argIndex: 1 }, acl: false, fetch: 'src' });
  assert.deepEqual(scanSample("req.hdr('a,b'", false), { part: 'argument', callee: { name: 'req.hdr', kind: 'fetch', argIndex: 0 }, acl: false });
  assert.equal(scanSample('src] x', false), undefined, 'a ] at top level ends the expression');
});
