// ParsedDocument: incremental edits must give exactly the tree of a fresh parse of the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ParsedDocument } from '../../../server/src/syntax/document';
import { parse } from '../../../server/src/syntax/parser';
import type { EvalContext } from '../../../server/src/syntax/tree';

const CTX: EvalContext = { version: '2.6', env: { A: '1' } };

const FRAGMENTS = [
  'global', 'frontend fe', 'backend be', 'defaults d from x', '  mode http', '  bind :80', ' use_backend be if a',
  '.if 1', '.if 0', '.if defined(A)', '.elif 1', '.else', '.endif', '.notice "x"', '#c', '"', "'", '\\', '$', '${A}',
  '"${A-x}"', ' ', '\t', '\n', '\r\n', '\r', 'x', 'é😀', '.foo', 'streq(', ')',
];
const textArb = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));

interface Edit { start: number; end: number; text: string }
const editArb = fc.record({ start: fc.nat(), end: fc.nat(), text: textArb.map((t) => t.slice(0, 30)) });

function lspChange(doc: TextDocument, edit: Edit) {
  const len = doc.getText().length;
  const a = Math.min(edit.start, len);
  const b = Math.min(edit.end, len);
  return { range: { start: doc.positionAt(Math.min(a, b)), end: doc.positionAt(Math.max(a, b)) }, text: edit.text };
}

test('random edits: applyChanges == fresh parse (tree and text)', () => {
  fc.assert(fc.property(textArb, fc.array(fc.array(editArb, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), (initial, batches) => {
    let reference = TextDocument.create('file:///x.cfg', 'haproxy', 0, initial);
    const parsed = new ParsedDocument(initial, CTX);
    for (const batch of batches) {
      const changes = [];
      for (const edit of batch) {
        const change = lspChange(reference, edit);
        // LSP semantics: each change applies to the text left by the previous one.
        reference = TextDocument.update(reference, [change], reference.version + 1);
        changes.push(change);
      }
      const summary = parsed.applyChanges(changes);
      assert.equal(parsed.text, reference.getText());
      assert.deepStrictEqual(parsed.tree, parse(reference.getText(), CTX));
      assert.ok(summary.startLine >= 0 && summary.endLine < parsed.lineCount);
    }
  }), { numRuns: 400 });
});

test('full-text changes replace everything', () => {
  const doc = new ParsedDocument('global\n  daemon');
  const change = doc.applyChanges([{ text: 'backend b\n  server s 1.2.3.4:80' }]);
  assert.deepStrictEqual(doc.tree, parse('backend b\n  server s 1.2.3.4:80'));
  assert.equal(change.structureChanged, true);
});

test('change summary: touched lines, shift, affected section, structure flag', () => {
  const text = 'global\n  daemon\nbackend a\n  server s1 1.1.1.1:80\nbackend b\n  server s2 2.2.2.2:80\n';
  const doc = new ParsedDocument(text);
  const edit = doc.applyChanges([{ range: { start: { line: 3, character: 9 }, end: { line: 3, character: 11 } }, text: 'web1' }]);
  assert.equal(edit.lineDelta, 0);
  assert.ok(edit.startLine <= 3 && edit.endLine >= 3);
  assert.ok(edit.affectedSections.some((s) => s.name?.text === 'a'));
  assert.equal(edit.structureChanged, false);
  assert.equal(doc.tree.sections[1].directives[0].args[0].text, 'web1');

  const insert = doc.applyChanges([{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: 'backend c\n' }]);
  assert.equal(insert.lineDelta, 1);
  assert.equal(insert.structureChanged, true);
  assert.deepEqual(doc.tree.sections.map((s) => [s.name?.text, s.startLine]), [[undefined, 0], ['a', 2], ['c', 4], ['b', 5]]);
  assert.deepEqual(doc.tree.sections[3].directives[0].range.start, { line: 6, character: 2 });
});

test('an edit that flips a condition reports an activity change', () => {
  const doc = new ParsedDocument('.if 1\nfoo\n.endif');
  const change = doc.applyChanges([{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, text: '0' }]);
  assert.equal(change.activityChanged, true);
  assert.equal(doc.tree.nodes[1]?.activity, 'inactive');
});

test('setContext re-evaluates conditions without re-tokenizing', () => {
  const doc = new ParsedDocument('.if version_atleast(2.8)\nfoo\n.endif');
  assert.equal(doc.tree.nodes[1]?.activity, 'undecided');
  doc.setContext({ version: '2.6' });
  assert.equal(doc.tree.nodes[1]?.activity, 'inactive');
  assert.deepStrictEqual(doc.tree, parse(doc.text, { version: '2.6' }));
});

test('regression: a lone CR inserted before an unknown .directive shifts its issue once', () => {
  // fast-check seed -855123173: the issue reused its word's range, so shifting the cached line moved it twice.
  const doc = new ParsedDocument('', CTX);
  doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\r.foo' }]);
  doc.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\r' }]);
  assert.deepStrictEqual(doc.tree, parse('\r\r.foo', CTX));
  assert.equal(doc.tree.issues[0].range.start.line, 2);
});
