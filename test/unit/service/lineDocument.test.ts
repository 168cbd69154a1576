// LineDocument (the service's TextDocument kept as lines) must answer exactly like
// vscode-languageserver-textdocument after any edits: text, ranges, offsets, positions, line ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument } from '../../../server/src/lineDocument';

const pieces = fc.constantFrom('a', 'server s1 10.0.0.1:80', '\n', '\r\n', '\r', ' ', 'é', '😀', '', '\n\n', 'x\ry');
const textArb = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''));
const posArb = fc.record({ line: fc.integer({ min: -1, max: 8 }), character: fc.integer({ min: -1, max: 30 }) });
const editPosArb = fc.record({ line: fc.nat(50), character: fc.nat(50) });
const changeArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ range: fc.record({ start: editPosArb, end: editPosArb }), text: textArb }) },
  { weight: 1, arbitrary: fc.record({ text: textArb }) },
);

function inside(doc: TextDocument, p: { line: number; character: number }): { line: number; character: number } {
  const line = p.line % doc.lineCount;
  const length = doc.getLineRange(line).end.character;
  return { line, character: p.character % (length + 1) };
}

test('LineDocument equals TextDocument after random edits (CR/LF/CRLF, surrogates, out-of-range positions)', () => {
  fc.assert(fc.property(textArb, fc.array(fc.array(changeArb, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), fc.array(posArb, { minLength: 3, maxLength: 3 }), (initial, batches, probes) => {
    const reference = TextDocument.create('file:///x', 'haproxy', 1, initial);
    const ours = new LineDocument('file:///x', 'haproxy', 1, initial);
    let version = 1;
    for (const batch of batches) {
      version++;
      // Edit ranges inside the text as clients send them (TextDocument.update miscounts lines for
      // ranges past the end), start and end in any order; one change at a time so each is in range.
      for (const change of batch) {
        const valid = 'range' in change ? { range: { start: inside(reference, change.range.start), end: inside(reference, change.range.end) }, text: change.text } : change;
        TextDocument.update(reference, [valid], version);
        ours.update([valid], version);
      }
      // Sometimes read nothing between edits (lazy caches), sometimes everything.
      if (version % 2 === 0) continue;
      assert.equal(ours.getText(), reference.getText());
    }
    assert.equal(ours.getText(), reference.getText());
    // Line queries also against a document created from the final text.
    const truth = TextDocument.create('file:///x', 'haproxy', version, reference.getText());
    assert.equal(reference.lineCount, truth.lineCount);
    assert.equal(ours.version, reference.version);
    assert.equal(ours.lineCount, truth.lineCount);
    assert.equal(ours.length, truth.getText().length);
    for (let line = -1; line <= truth.lineCount; line++) {
      assert.deepEqual(ours.getLineRange(line), truth.getLineRange(line), `line range ${line}`);
      assert.equal(ours.getEOLCharacters(line), truth.getEOLCharacters(line), `eol ${line}`);
    }
    for (const p of probes) assert.equal(ours.offsetAt(p), truth.offsetAt(p), `offsetAt ${JSON.stringify(p)}`);
    const [a, b] = probes;
    const fresh = new LineDocument('file:///x', 'haproxy', 1, truth.getText());
    fresh.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }], 2);
    assert.equal(fresh.getText({ start: a, end: b }), truth.getText({ start: a, end: b }), 'range text built from lines');
    assert.equal(ours.getText({ start: a, end: b }), truth.getText({ start: a, end: b }));
    for (let offset = -1; offset <= truth.getText().length + 1; offset++) {
      assert.deepEqual(ours.positionAt(offset), truth.positionAt(offset), `positionAt ${offset}`);
    }
  }), { numRuns: 400, seed: 4242 });
});
