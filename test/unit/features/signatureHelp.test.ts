// Signature help: synopses of keywords, rule actions, option values, section headers and
// fetch/converter calls, with the active parameter following the cursor; the synopsis grammar itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SignatureHelp } from 'vscode-languageserver';
import { provideSignatureHelp, SIGNATURE_TRIGGER_CHARACTERS } from '../../../server/src/features/signatureHelp';
import { compileSynopsis } from '../../../server/src/features/completion/synopsis';
import { splitCaret } from './caret';
import { modelOf } from './featureHelpers';

function help(marked: string, version = '3.4'): SignatureHelp | null {
  const { text, position } = splitCaret(marked);
  return provideSignatureHelp(modelOf(text, version), position);
}

/** The active signature's label and the text of its active parameter. */
function active(marked: string, version = '3.4'): { label: string; parameter: string | undefined; count: number } {
  const h = help(marked, version);
  assert.ok(h, `signature help for ${JSON.stringify(marked)}`);
  const sig = h.signatures[h.activeSignature ?? 0];
  const p = h.activeParameter === undefined || h.activeParameter === null ? undefined : sig.parameters?.[h.activeParameter];
  const parameter = p === undefined ? undefined : Array.isArray(p.label) ? sig.label.slice(p.label[0], p.label[1]) : p.label;
  return { label: sig.label, parameter, count: h.signatures.length };
}

test('server: name, address, then parameters; an option value shows the option', () => {
  const b = 'backend app\n    ';
  assert.deepEqual(active(`${b}server ‸`), { label: 'server <name> <address>[:[port]] [param*]', parameter: '<name>', count: 1 });
  assert.equal(active(`${b}server s1 ‸`).parameter, '<address>[:[port]]');
  assert.equal(active(`${b}server s1 10.0.0.1:8‸`).parameter, '<address>[:[port]]', 'while the address is typed');
  assert.equal(active(`${b}server s1 10.0.0.1:80 check ‸`).parameter, '[param*]');
  assert.deepEqual(active(`${b}server s1 10.0.0.1:80 check inter ‸`), { label: 'inter <delay>', parameter: '<delay>', count: 1 });
});

test('timeout, balance (the synopsis that fits), bind, acl, use_backend with its condition', () => {
  assert.deepEqual(active('defaults\n    timeout connect ‸'), { label: 'timeout connect <timeout>', parameter: '<timeout>', count: 1 });
  assert.deepEqual(active('backend b\n    balance ‸'), { label: 'balance <algorithm> [ <arguments> ]', parameter: '<algorithm>', count: 2 });
  assert.deepEqual(active('backend b\n    balance url_param ‸'), { label: 'balance url_param <param> [check_post]', parameter: '<param>', count: 2 });
  assert.equal(active('frontend f\n    bind :443 ‸').parameter, '[param*]');
  assert.equal(active('frontend f\n    acl ‸').parameter, '<aclname>');
  assert.equal(active('frontend f\n    acl api ‸').parameter, '<criterion>');
  assert.equal(active('frontend f\n    acl api path_beg ‸').parameter, '[flags]');
  assert.equal(active('frontend f\n    acl api path_beg -i /api ‸').parameter, '<value> ...');
  assert.equal(active('frontend f\n    use_backend ‸').parameter, '<backend>');
  assert.equal(active('frontend f\n    use_backend app if a || b ‸').parameter, '[{if | unless} <condition>]');
});

test('rule actions: the ruleset while the action is typed, then the action with its condition', () => {
  assert.equal(active('frontend f\n    http-request ‸').parameter, '<action>');
  const setHeader = active('frontend f\n    http-request set-header X-A ‸');
  assert.equal(setHeader.label, 'http-request set-header <name> <fmt> [ { if | unless } <condition> ]');
  assert.equal(setHeader.parameter, '<fmt>');
  assert.equal(active('frontend f\n    http-request set-header X-A b if ‸').parameter, '[ { if | unless } <condition> ]');
  assert.equal(active('frontend f\n    http-request deny deny_status ‸').parameter, '[ { status | deny_status } <code> ]');
  assert.equal(active('frontend f\n    tcp-request content track-sc0 ‸').parameter, '<key>');
});

test('section headers and fetch/converter calls', () => {
  assert.deepEqual(active('backend app ‸\n'), { label: 'backend <name> [from <defaults>]', parameter: '[from <defaults>]', count: 1 });
  const fetch = active('frontend f\n    http-request set-header X %[req.hdr(host,‸');
  assert.equal(fetch.label, 'req.hdr([<name>[,<occ>]]) : string');
  assert.equal(fetch.parameter, '<occ>');
  assert.equal(active('frontend f\n    acl a hdr_beg(‸').parameter, '<name>', 'an ACL derivative shows its fetch');
  assert.equal(active('frontend f\n    http-request set-var(txn.a) src,ipmask(‸').parameter, '<mask4>');
});

test('parameter docs come from the manual\'s argument table; nothing in comments or unknown lines', () => {
  const h = help('defaults\n    timeout connect ‸');
  const doc = h?.signatures[0].parameters?.[0].documentation;
  assert.match(typeof doc === 'string' ? doc : doc?.value ?? '', /timeout value specified in milliseconds/);
  assert.equal(help('frontend f\n    # server ‸'), null);
  assert.equal(help('frontend f\n    frobnicate ‸'), null);
  assert.deepEqual(SIGNATURE_TRIGGER_CHARACTERS, [' ', '(', ',']);
});

test('synopsis grammar: groups, alternatives, literals glued to placeholders, repeats', () => {
  const deny = compileSynopsis('deny [ { status | deny_status } <code> ] [ content-type <type> ]', 'deny');
  assert.ok(deny);
  const literals = (words: string[]): string[] => deny.expectedAfter(words).flatMap((t) => (t.kind === 'literal' ? [t.text] : [])).sort();
  assert.deepEqual(literals([]), ['content-type', 'deny_status', 'status']);
  assert.deepEqual(deny.expectedAfter(['status']).map((t) => t.kind), ['placeholder']);
  assert.deepEqual(literals(['status', '403']), ['content-type']);
  assert.equal(deny.complete(['status', '403']), true);
  assert.equal(deny.complete(['status']), false);
  const bind = compileSynopsis('bind [<address>]:<port_range> [, ...] [param*]', 'bind');
  assert.deepEqual(bind?.params.map((p) => p.text), ['[<address>]:<port_range>', '[, ...]', '[param*]']);
  const setVar = compileSynopsis('set-var(<var-name>[,<cond>...]) <expr>', 'set-var');
  assert.deepEqual(setVar?.expectedAfter([]), [{ kind: 'placeholder', name: 'expr', param: 0 }]);
  assert.equal(compileSynopsis('tune.rcvbuf.server <size>', 'tune.rcvbuf.client'), undefined, 'a sibling keyword\'s line');
  const typo = compileSynopsis('set-fc-tos { <tos | <expr> }', 'set-fc-tos');
  assert.deepEqual(typo?.expectedAfter([]).map((t) => (t.kind === 'placeholder' ? t.name : t.text)).sort(), ['expr', 'tos']);
});
