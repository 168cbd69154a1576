// The diagnostics publisher: our analysis plus the saved text's haproxy -c result; the haproxy part
// is dropped by the next edit; a target-version switch republishes only what was published.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticsPublisher } from '../../../server/src/publisher';
import { LanguageService } from '../../../server/src/service';

function setup() {
  const service = new LanguageService('2.6', { analyzer: { analyzeSection: () => [], analyzeDocument: () => [] } });
  const sent: PublishDiagnosticsParams[] = [];
  let release: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => { release = resolve; });
  const publisher = new DiagnosticsPublisher(service, { send: (p) => sent.push(p), log: () => undefined }, { maxDelayMs: 50, ready: () => ready });
  const next = async (count: number) => { for (let i = 0; i < 200 && sent.length < count; i++) await new Promise((r) => setTimeout(r, 5)); return sent[count - 1]; };
  return { service, sent, publisher, release, next };
}

const haproxyAlert = { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } }, severity: 1 as const, source: 'haproxy', code: 'haproxy-alert', message: 'x' };

test('waits for the settings, merges the haproxy result for its version, drops it at the next edit', async () => {
  const { service, sent, publisher, release, next } = setup();
  const uri = 'file:///p/haproxy.cfg';
  service.openDocument(uri, 'haproxy', 1, 'global\n    daemon "x\n');
  publisher.opened(uri);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(sent.length, 0, 'nothing before the settings are loaded');
  release();
  const first = await next(1);
  assert.deepEqual(first.diagnostics.map((d) => d.code), ['unterminated-quote']);
  assert.equal(first.version, 1);

  publisher.setHaproxyResult(uri, 1, [haproxyAlert]);
  const merged = await next(2);
  assert.deepEqual(merged.diagnostics.map((d) => `${d.source}:${d.code}`), ['haproxy-workbench:unterminated-quote', 'haproxy:haproxy-alert']);

  service.changeDocument(uri, 2, [{ range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, text: '"' }]);
  publisher.changed(uri);
  const edited = await next(3);
  assert.deepEqual(edited.diagnostics, [], 'quote fixed, haproxy result cleared');
  assert.equal(edited.version, 2);

  publisher.setHaproxyResult(uri, 1, [haproxyAlert]);
  const stale = await next(4);
  assert.deepEqual(stale.diagnostics, [], 'a result for an older version is not shown');
  publisher.dispose();
});

test('publishAll repeats only published documents; closing sends an empty list', async () => {
  const { service, sent, publisher, release, next } = setup();
  release();
  service.openDocument('file:///p/a.cfg', 'haproxy', 1, 'global\n');
  service.openDocument('file:///p/b.cfg', 'haproxy', 1, 'global\n');
  publisher.opened('file:///p/a.cfg');
  await next(1);
  publisher.publishAll(['file:///p/a.cfg', 'file:///p/b.cfg']);
  await next(2);
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(sent.map((p) => p.uri), ['file:///p/a.cfg', 'file:///p/a.cfg']);
  publisher.closed('file:///p/a.cfg');
  assert.deepEqual(sent.at(-1), { uri: 'file:///p/a.cfg', diagnostics: [] });
  publisher.dispose();
});
