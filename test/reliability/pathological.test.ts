// Pathological files opened as HAProxy configurations: 10 MB, a 1 MB line, 10,000 nested .if
// blocks, invalid UTF-8, a binary file, NUL bytes. Each ends in a clear diagnostic (or the size
// guard of server/src/limits.ts), never a crash or a hang: through the LanguageService in-process
// and through the bundled server over stdio (run `npm run build` first).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { LanguageService } from '../../server/src/service';
import { DOCUMENT_LIMITS, capDiagnostics, inspectDocument } from '../../server/src/limits';
import { startLspServer, type LspSession } from '../lsp/lspClient';

const corpusDir = join(__dirname, '../../../test/corpus/valid');
const sample = readFileSync(join(corpusDir, 'ecommerce-http-routing.cfg'), 'utf8');

/** The pathological inputs, built once (the 10 MB one from real corpus text). */
export const pathologicalFiles: Record<string, () => string> = {
  '10 MB config': () => sample.repeat(Math.ceil((10 * 1024 * 1024) / sample.length)),
  '1 MB single line': () => `global\n    description ${'x'.repeat(1024 * 1024)}\n`,
  '10,000 nested .if blocks': () => `global\n${'.if 1\n'.repeat(10_000)}    daemon\n${'.endif\n'.repeat(10_000)}`,
  '10,000 unclosed .if blocks': () => `global\n${'.if defined(X)\n'.repeat(10_000)}`,
  'invalid UTF-8 (Latin-1 bytes)': () => Buffer.concat([Buffer.from('global\n    description caf'), Buffer.from([0xe9, 0x20, 0xff]), Buffer.from('\n    daemon\n')]).toString('utf8'),
  'binary file (gzip)': () => gzipSync(Buffer.from(sample.repeat(20))).toString('utf8'),
  'NUL bytes in a config': () => `global\n    daemon\n    description a\0b\n\ndefaults\n    mode http\0\n`,
};

const uri = (name: string) => `file:///tmp/pathological/${encodeURIComponent(name)}.cfg`;
const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => String(d.code));
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

/** What each file must produce: the diagnostic codes expected (all present), and whether analysis runs. */
const expectations: Record<string, { codes: string[]; analysed: boolean; line?: number }> = {
  '10 MB config': { codes: ['document-too-large'], analysed: false },
  '1 MB single line': { codes: ['line-too-long'], analysed: false, line: 1 },
  '10,000 nested .if blocks': { codes: ['nesting-too-deep'], analysed: true },
  '10,000 unclosed .if blocks': { codes: ['unclosed-if', 'too-many-problems'], analysed: true },
  'invalid UTF-8 (Latin-1 bytes)': { codes: ['invalid-utf8'], analysed: true, line: 1 },
  'binary file (gzip)': { codes: ['binary-content'], analysed: false },
  'NUL bytes in a config': { codes: ['nul-character'], analysed: true, line: 2 },
};

describe('pathological files through the LanguageService', () => {
  for (const [name, build] of Object.entries(pathologicalFiles)) {
    test(name, () => {
      const text = build();
      const service = new LanguageService('2.6');
      service.openDocument(uri(name), 'haproxy', 1, text);
      const diagnostics = service.diagnostics(uri(name));
      const expected = expectations[name]!;
      for (const code of expected.codes) assert.ok(codes(diagnostics).includes(code), `${name}: expected ${code} in ${codes(diagnostics).slice(0, 5).join(', ')}`);
      assert.ok(diagnostics.length <= DOCUMENT_LIMITS.maxDiagnostics, `${name}: ${diagnostics.length} diagnostics, over the cap`);
      for (const text of diagnostics.map(messageOf)) assert.ok(text.length > 20 && text.length < 600, `${name}: a readable message: ${text.slice(0, 80)}`);
      if (expected.line !== undefined) {
        const first = diagnostics.find((d) => d.code === expected.codes[0])!;
        assert.equal(first.range.start.line, expected.line, `${name}: diagnostic on the offending line`);
      }
      assert.equal(service.model(uri(name)) !== undefined, expected.analysed, `${name}: analysis ${expected.analysed ? 'runs' : 'is skipped'}`);
      if (!expected.analysed) assert.equal(diagnostics.length, 1, `${name}: a skipped file gets exactly one diagnostic`);
    });
  }

  test('a too-large document is analysed again once it is edited below the limit, and guarded again when it grows', () => {
    const service = new LanguageService('2.6');
    const id = uri('grows');
    const big = pathologicalFiles['10 MB config']!();
    service.openDocument(id, 'haproxy', 1, big);
    assert.deepEqual(codes(service.diagnostics(id)), ['document-too-large']);
    service.changeDocument(id, 2, [{ text: 'global\n    daemon\n    description "x\n' }]);
    assert.ok(service.model(id), 'analysed again');
    assert.ok(codes(service.diagnostics(id)).includes('unterminated-quote'));
    // An incremental edit that adds a 100 KB line: guarded again, with the line named.
    service.changeDocument(id, 3, [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } }, text: 'y'.repeat(100_000) }]);
    const [guard] = service.diagnostics(id);
    assert.equal(guard?.code, 'line-too-long');
    assert.equal(guard?.range.start.line, 1);
    // Removing it: incremental tree rebuilt from the whole text, the broken quote found again.
    service.changeDocument(id, 4, [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 100_010 } }, text: '' }]);
    assert.ok(codes(service.diagnostics(id)).includes('unterminated-quote'));
    // A following incremental edit is parsed incrementally on the rebuilt tree.
    service.changeDocument(id, 5, [{ range: { start: { line: 2, character: 18 }, end: { line: 2, character: 18 } }, text: '"' }]);
    assert.ok(!codes(service.diagnostics(id)).includes('unterminated-quote'));
    const fresh = new LanguageService('2.6');
    fresh.openDocument(id, 'haproxy', 1, 'global\n    daemon\n    description "x"\n');
    assert.deepEqual(service.diagnostics(id), fresh.diagnostics(id), 'same as a fresh parse of the same text');
  });

  test('limits: a few NULs in a long config are per-line errors, a file mostly of control bytes is binary', () => {
    assert.equal(inspectDocument(`${sample}\0\n`).skip, undefined);
    assert.equal(inspectDocument('\0\x01\x02\x03 global\n').skip?.code, 'binary-content');
    assert.equal(inspectDocument('').skip, undefined);
    assert.deepEqual(inspectDocument('global\n').notes, []);
    assert.equal(inspectDocument('global\n\n\n').skip, undefined, 'blank lines are not control bytes');
    assert.equal(inspectDocument('\n  \n\t\n').skip, undefined);
  });

  test('the cap keeps diagnostics in document order and says how many were left out, where', () => {
    const many: Diagnostic[] = Array.from({ length: 1500 }, (_, i) => ({ range: { start: { line: 1500 - i, character: 0 }, end: { line: 1500 - i, character: 1 } }, message: `m${i}` }));
    const capped = capDiagnostics(many, 1000);
    assert.equal(capped.length, 1000);
    assert.equal(capped[0]!.range.start.line, 1);
    const summary = capped.at(-1)!;
    assert.equal(summary.code, 'too-many-problems');
    assert.equal(summary.range.start.line, 1000);
    assert.match(messageOf(summary), /^501 more problem\(s\) from here on are not shown \(1,500 in this file; the first 999 are\)/);
    assert.equal(capDiagnostics(many.slice(0, 10), 1000).length, 10);
  });
});

describe('pathological files over stdio LSP (dist/server.js)', () => {
  let lsp: LspSession;
  before(async () => {
    lsp = await startLspServer();
  });
  after(async () => {
    await lsp?.close();
  });

  for (const [name, build] of Object.entries(pathologicalFiles)) {
    test(name, async () => {
      const id = uri(`lsp-${name}`);
      const published = await lsp.open(id, build());
      for (const code of expectations[name]!.codes) assert.ok(codes(published.diagnostics).includes(code), `${name}: ${code} published`);
      // The server still answers every kind of request on it (features skipped or not).
      const position = { line: 1, character: 4 };
      const textDocument = { uri: id };
      await lsp.connection.sendRequest('textDocument/hover', { textDocument, position });
      await lsp.connection.sendRequest('textDocument/completion', { textDocument, position });
      await lsp.connection.sendRequest('textDocument/documentSymbol', { textDocument });
      await lsp.connection.sendRequest('textDocument/foldingRange', { textDocument });
      await lsp.connection.sendRequest('textDocument/semanticTokens/full', { textDocument });
      const edits = await lsp.connection.sendRequest('textDocument/formatting', { textDocument, options: { tabSize: 4, insertSpaces: true } });
      if (!expectations[name]!.analysed) assert.deepEqual(edits, [], `${name}: a skipped file is never reformatted`);
      await lsp.connection.sendNotification('textDocument/didClose', { textDocument });
      await lsp.nextDiagnostics(id); // the clearing publish
    });
  }

  test('the server process is still alive and healthy afterwards', async () => {
    assert.equal(lsp.process.exitCode, null);
    const published = await lsp.open(uri('healthy'), 'global\n    description "x\n');
    assert.ok(codes(published.diagnostics).includes('unterminated-quote'), codes(published.diagnostics).join(', '));
    assert.doesNotMatch(lsp.stderr(), /Error|exception/i, 'nothing crashed on stderr');
  });
});
