// Hover: the manual's text for keywords (multi-word, `no`-prefixed), actions, server/bind options,
// fetches, converters, ACL flags and values, for the target version; names with their definitions
// and reference counts; nothing in comments and blanks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { provideHover } from '../../../server/src/features/hover';
import { parseDoc, trimmedDoc, argumentEntry } from '../../../server/src/features/completion/docMarkdown';
import { symbolTargetAt } from '../../../server/src/features/symbolTarget';
import { LanguageService } from '../../../server/src/service';
import { modelOf } from './featureHelpers';

const CONFIG = `global
    log stdout format raw local0

userlist admins
    user alice password $5$abc

defaults base
    mode http
    timeout connect 5s

frontend fe from base
    bind :443 ssl crt /etc/haproxy/site.pem verify required
    acl is_api path_beg -i /api
    acl is_api path_beg /v2
    http-request deny if !{ req.hdr(host),lower -m str example.com } METH_POST
    http-request set-header X-Host %[req.hdr(host),lower]
    http-request auth if !{ http_auth(admins) }
    use_backend be_api if is_api
    no option httplog
    option http-server-close
    default_backend be_missing

backend be_api
    balance roundrobin
    server s1 10.0.0.1:80 check inter 2s verify none
    server s2 10.0.0.2:80 check track s1
    # balance is documented in the manual
`;
const LINES = CONFIG.split('\n');

/** Hover on the `occurrence`-th `word` of line `line`, one character inside it. */
function hoverOn(line: number, word: string, version = '3.4', occurrence = 0): Hover | null {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = LINES[line].indexOf(word, at + 1);
  assert.ok(at >= 0, `"${word}" on line ${line}: ${LINES[line]}`);
  return provideHover(modelOf(CONFIG, version), { line, character: at + 1 });
}

function text(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

const line = (prefix: string): number => {
  const found = LINES.findIndex((l) => l.trimStart().startsWith(prefix));
  assert.ok(found >= 0, prefix);
  return found;
};

test('keyword: synopsis as haproxy code, what/where line, the manual\'s first paragraph and argument list', () => {
  const hover = hoverOn(line('balance'), 'balance');
  const value = text(hover);
  assert.match(value, /^```haproxy\nbalance <algorithm> \[ <arguments> \]\nbalance url_param <param> \[check_post\]\n```/);
  assert.match(value, /\*keyword\* · in `defaults`, `listen`, `backend`/);
  assert.match(value, /Define the load balancing algorithm to be used in a backend\./);
  assert.match(value, /- `roundrobin` Each server is used in turns, according to their weights\./);
  assert.ok(value.length < 4000, `trimmed (${value.length} chars)`);
  assert.deepEqual(hover?.range, { start: { line: line('balance'), character: 4 }, end: { line: line('balance'), character: 11 } });
});

test('older manuals (2.4-2.8) without blank lines around "Arguments :" render the same way', () => {
  for (const version of ['2.4', '2.6', '2.8']) {
    const value = text(hoverOn(line('balance'), 'balance', version));
    assert.match(value, /Define the load balancing algorithm to be used in a backend\.\n\n\*\*Arguments\*\*\n\n- `<algorithm>`/, version);
    assert.match(value, /\n {2}- `roundrobin` Each server is used in turns/, version);
  }
});

test('multi-word and no-prefixed keywords: the whole keyword, on any of its words', () => {
  const timeoutLine = line('timeout connect');
  for (const word of ['timeout', 'connect']) {
    const hover = hoverOn(timeoutLine, word);
    assert.match(text(hover), /Set the maximum time to wait for a connection attempt to a server to succeed\./);
    assert.equal(hover?.range?.end.character, LINES[timeoutLine].indexOf(' 5s'));
  }
  const negated = text(hoverOn(line('no option httplog'), 'httplog'));
  assert.match(negated, /`no option httplog` disables the option/);
  assert.match(negated, /Enable logging of HTTP request/);
  assert.match(text(hoverOn(line('option http-server-close'), 'http-server-close')), /accepts `no option http-server-close`/);
});

test('rule actions, server and bind options, with their examples kept as code', () => {
  const action = text(hoverOn(line('http-request set-header'), 'set-header'));
  assert.match(action, /^```haproxy\nhttp-request set-header <name> <fmt>\n```/);
  assert.match(action, /\*http-request action\*/);
  assert.match(action, /\*\*Example\*\*\n\n```haproxy\nhttp-request set-header X-Haproxy-Current-Date %T/);
  const check = text(hoverOn(line('server s1'), 'check'));
  assert.match(check, /\*server option\*/);
  assert.match(check, /This option enables health checks on a server/);
  assert.match(check, /\n- when not set, no health checking is performed/, 'the manual\'s list stays a list');
  const inter = text(hoverOn(line('server s1'), 'inter'));
  assert.match(inter, /inter <delay>\nfastinter <delay>\ndowninter <delay>/);
  assert.match(text(hoverOn(line('bind :443'), 'ssl')), /\*bind option\*[\s\S]*SSL deciphering/);
  const value = text(hoverOn(line('server s1'), 'none'));
  assert.match(value, /Value of the `verify` server option\./);
});

test('fetches, converters, ACL derivatives, flags and match methods in expressions', () => {
  const fetch = text(hoverOn(line('http-request set-header'), 'req.hdr'));
  assert.match(fetch, /^```haproxy\nreq\.hdr\(\[<name>\[,<occ>\]\]\) : string\n```/);
  assert.match(fetch, /\*sample fetch\* · returns string/);
  const converter = text(hoverOn(line('http-request set-header'), 'lower'));
  assert.match(converter, /\*converter\* · string → string/);
  assert.match(converter, /Convert a string sample to lower case/);
  const derivative = text(hoverOn(line('acl is_api path_beg -i'), 'path_beg'));
  assert.match(derivative, /ACL derivative of `path`: prefix match/);
  assert.match(text(hoverOn(line('acl is_api path_beg -i'), '-i')), /\*\*ACL flag\*\* `-i`: ignore case/);
  assert.match(text(hoverOn(line('http-request deny'), 'str')), /\*\*match method\*\* `str`: exact string match/);
  assert.match(text(hoverOn(line('http-request deny'), 'req.hdr')), /\*sample fetch\*/);
});

test('fixed values: the manual\'s line about the value', () => {
  const rr = text(hoverOn(line('balance'), 'roundrobin'));
  assert.match(rr, /^`balance roundrobin`\n\nEach server is used in turns/);
  assert.match(text(hoverOn(line('mode http'), 'http')), /^`mode http`\n\nThe instance will work in HTTP mode/);
});

test('sections: the header keyword shows the section\'s description', () => {
  const value = text(hoverOn(line('backend be_api'), 'backend'));
  assert.match(value, /backend <name> \[from <defaults>\]/);
  assert.match(value, /describes a set of servers to which the proxy will connect/);
  assert.match(text(hoverOn(line('userlist admins'), 'userlist')), /userlist <listname>/);
});

test('names: definition lines and reference counts, references, duplicates, unresolved and pre-defined', () => {
  const backendRef = text(hoverOn(line('use_backend'), 'be_api'));
  assert.match(backendRef, /\*\*backend\*\* `be_api`, defined on line 23/);
  assert.match(backendRef, /```haproxy\nbackend be_api\n```/);
  assert.match(backendRef, /Referenced 1 time: line 18\./);
  const aclDef = text(hoverOn(line('acl is_api path_beg -i'), 'is_api'));
  assert.match(aclDef, /\*\*acl\*\* `is_api` in frontend `fe`/);
  assert.match(aclDef, /```haproxy\nacl is_api path_beg -i \/api\nacl is_api path_beg \/v2\n```/);
  assert.match(aclDef, /declared on several lines \(their patterns are OR-ed\): lines 13, 14/);
  assert.match(aclDef, /Referenced 1 time: line 18\./);
  const server = text(hoverOn(line('server s1'), 's1'));
  assert.match(server, /```haproxy\nserver s1 10\.0\.0\.1:80 check inter 2s verify none\n```/);
  assert.match(server, /Referenced 1 time: line 26\./);
  assert.match(text(hoverOn(line('default_backend'), 'be_missing')), /no definition in this file/);
  assert.match(text(hoverOn(line('http-request deny'), 'METH_POST')), /\*\*pre-defined ACL\*\* `METH_POST`\n\nEquivalent to `method POST`/);
  assert.match(text(hoverOn(line('http-request auth'), 'admins')), /\*\*userlist\*\* `admins`, defined on line 4/);
  assert.match(text(hoverOn(line('frontend fe'), 'base')), /\*\*defaults\*\* `base`/);
});

test('names: the hover finds the same symbol and uses as navigation does, on every name of the file', () => {
  const model = modelOf(CONFIG, '3.4');
  let checked = 0;
  for (const def of model.symbols.definitions) {
    const position = def.nameRange.start;
    const target = symbolTargetAt(model.symbols, position);
    assert.ok(target);
    const value = text(provideHover(model, position));
    const count = target.references.length;
    assert.match(value, count === 0 ? /Not referenced in this file\./ : new RegExp(`Referenced ${count} times?:`), `${def.kind} ${def.name}`);
    checked++;
  }
  assert.ok(checked >= 8, `${checked} definitions checked`);
});

test('names after incremental edits of the language service: every definition still found on its line', () => {
  const service = new LanguageService('3.4');
  const uri = 'file:///tmp/hover/incremental.cfg';
  service.openDocument(uri, 'haproxy', 1, CONFIG);
  let version = 1;
  const insertAt = (line: number, text: string): void => {
    service.changeDocument(uri, ++version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }]);
  };
  insertAt(line('use_backend be_api'), '    acl is_new path_beg /new\n    use_backend be_new if is_new\n');
  insertAt(LINES.length - 1, 'backend be_new\n    server n1 10.0.9.1:80 check\n');
  insertAt(line('acl is_api path_beg -i'), '    acl is_api path_beg /v3\n');
  const model = service.model(uri);
  assert.ok(model);
  for (const def of model.symbols.definitions) {
    const hover = provideHover(model, def.nameRange.start);
    assert.match(text(hover), new RegExp(`\\*\\*${def.kind}\\*\\* \`${def.name.replace(/[.]/g, '\\.')}\``), `${def.kind} ${def.name} on line ${def.nameRange.start.line}`);
  }
  const use = model.document.getText().split('\n').findIndex((l) => l.includes('use_backend be_new'));
  assert.match(text(provideHover(model, { line: use, character: 18 })), /\*\*backend\*\* `be_new`, defined on line \d+[\s\S]*Referenced 1 time/);
});

test('version-aware: since lines and keywords the target version does not have', () => {
  const config = 'frontend f\n    http-request set-var-fmt(txn.a) %[src]\n';
  const since = provideHover(modelOf(config, '3.4'), { line: 1, character: 20 });
  assert.match(text(since), /\*http-request action\* · since 2\.6/);
  const old = 'backend b\n    hash-preserve-affinity always\n';
  const missing = provideHover(modelOf(old, '2.6'), { line: 1, character: 6 });
  assert.match(text(missing), /`hash-preserve-affinity` is not a backend keyword in HAProxy 2\.6: it appeared in HAProxy 3\.\d/);
});

test('deprecated keywords say so, with their successor', () => {
  const value = text(provideHover(modelOf('backend b\n    transparent\n', '3.4'), { line: 1, character: 6 }));
  assert.match(value, /\*\*Deprecated\*\*: use `option transparent` instead\./);
  assert.doesNotMatch(text(hoverOn(line('balance'), 'balance')), /Deprecated/);
});

test('nothing in comments, blanks or unknown words', () => {
  assert.equal(hoverOn(line('# balance'), 'balance'), null);
  assert.equal(provideHover(modelOf(CONFIG, '3.4'), { line: 2, character: 0 }), null);
  assert.equal(provideHover(modelOf('backend b\n    frobnicate 1\n', '3.4'), { line: 1, character: 6 }), null);
});

test('manual text to Markdown: prose reflowed and escaped, <args> and "keywords" as code, tables kept', () => {
  const blocks = parseDoc('Use "option httplog" with <name>_x * y.\nSecond line.\n\nExample :\n    backend b\n        server s 1.2.3.4:80\n');
  assert.deepEqual(blocks.map((b) => b.kind), ['prose', 'heading', 'code']);
  const { markdown } = trimmedDoc('Use "option httplog" with <name>_x * y.\nSecond line.\n\nExample :\n    backend b\n        server s 1.2.3.4:80\n');
  assert.match(markdown, /^Use `option httplog` with `<name>`\\_x \\\* y\. Second line\./);
  assert.match(markdown, /```haproxy\nbackend b\n    server s 1\.2\.3\.4:80\n```/);
  assert.equal(argumentEntry('Arguments :\n  <algorithm> may be:\n    first       The first server\n                with slots.\n    last        x\n', 'first'), 'The first server with slots.');
  assert.equal(argumentEntry('nothing here', 'first'), undefined);
});
