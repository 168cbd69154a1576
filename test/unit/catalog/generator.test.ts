// The generator's building blocks on small manual excerpts in the manuals' real layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSections, parseEntries, splitLines, splitSeeAlso, splitContexts } from '../../../scripts/gen-catalog/manual';
import { optionArgs, parseArgs, parseParenArgs, keywordWords } from '../../../scripts/gen-catalog/synopsis';
import { definitionList } from '../../../scripts/gen-catalog/choices';
import { generateCatalog, makeDocStore, findSuccessor } from '../../../scripts/gen-catalog/generate';

const excerpt = `5.1. Bind options
-----------------

The "bind" keyword supports a certain number of settings which are all passed
as arguments on the same line.

accept-proxy
  Enforces the use of the PROXY protocol.

verify [none|optional|required]
  This setting is only available when support for OpenSSL was built in.

  See also : "ca-file" and "crl-file".

http-request add-header <name> <fmt> [ { if | unless } <condition> ]

  This appends an HTTP header field (2.4 puts a blank line after the synopsis).

5.2. Server options
-------------------
`;

test('sections and entries: column-0 synopsis + indented body, prose skipped', () => {
  const lines = splitLines(excerpt);
  const sections = findSections(lines);
  assert.deepEqual(sections.map((s) => [s.number, s.title]), [['5.1', 'Bind options'], ['5.2', 'Server options']]);
  const entries = parseEntries(lines, sections[0].start, sections[0].end);
  assert.deepEqual(entries.map((e) => e.synopsis[0]), ['accept-proxy', 'verify [none|optional|required]', 'http-request add-header <name> <fmt> [ { if | unless } <condition> ]']);
  const { body, seeAlso } = splitSeeAlso(entries[1].body);
  assert.deepEqual(seeAlso, ['ca-file', 'crl-file']);
  assert.deepEqual(body, ['This setting is only available when support for OpenSSL was built in.']);
});

test('synopsis arguments: placeholders, optional choices, braces, conditions dropped', () => {
  assert.deepEqual(parseArgs(' [none|required]'), [{ name: 'none|required', optional: true, choices: ['none', 'required'] }]);
  assert.deepEqual(parseArgs(' <delay>'), [{ name: 'delay', optional: false }]);
  assert.deepEqual(parseArgs(' { on | off }  [ { if | unless } <condition> ]'), [{ name: 'on|off', optional: false, choices: ['on', 'off'] }]);
  assert.deepEqual(optionArgs(' [none|required]'), [{ name: 'none|required', optional: false, choices: ['none', 'required'] }]);
  assert.deepEqual(optionArgs(' <addr>:<port>'), [{ name: '<addr>:<port>', optional: false }]);
  assert.deepEqual(optionArgs(' <number> | by-thread').length, 1);
  assert.deepEqual(parseParenArgs('[<name>[,<occ>]]'), [{ name: 'name', optional: true }, { name: 'occ', optional: true }]);
  assert.deepEqual(keywordWords('http-check set-var(<var-name>) <expr>'), ['http-check', 'set-var']);
  assert.deepEqual(splitContexts(['May be used in the following contexts: tcp, http', '', 'Body.']), { body: ['Body.'], contexts: ['tcp', 'http'] });
});

test('definition lists: items at one indent after the marker paragraph', () => {
  const body = [
    '<algorithm> is the algorithm used. <algorithm> may be one of the following :',
    '',
    '    roundrobin  Each server is used in turns.',
    '                Continued description.',
    '    hdr(<name>) The HTTP header <name> will be looked up.',
    '    random',
    '',
    '<arguments> is an optional list.',
  ];
  assert.deepEqual(definitionList(body, /may be one of the following/), ['roundrobin', 'hdr', 'random']);
});

test('successor phrases', () => {
  assert.equal(findSuccessor('This keyword is deprecated, please use "http-request deny" instead.'), 'http-request deny');
  assert.equal(findSuccessor('This is an alias for "set-fc-mark" (which should be used instead).'), 'set-fc-mark');
  assert.equal(findSuccessor('Nothing to see.'), undefined);
});

test('a text that is not a configuration manual fails with a clear error', () => {
  assert.throws(() => generateCatalog({ version: '9.9', path: 'x.txt', text: 'hello\nworld\n' }, makeDocStore({})), /global section \(3\.\) not found/);
});
