import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveVersion } from '../../../server/src/catalog/versions';

test('resolveVersion maps any version text onto a known manual', () => {
  assert.deepEqual(resolveVersion('2.6.12'), { version: '2.6', exact: true });
  assert.deepEqual(resolveVersion('HAProxy version 3.4.0-1 2026/06/03'), { version: '3.4', exact: true });
  const between = resolveVersion('3.1.5');
  assert.equal(between.version, '3.0');
  assert.match(between.note ?? '', /closest older/);
  const newer = resolveVersion('4.1');
  assert.equal(newer.version, '3.4');
  assert.match(newer.note ?? '', /newer than the newest/);
  const older = resolveVersion('1.8.30');
  assert.equal(older.version, '2.4');
  assert.match(older.note ?? '', /older than the oldest/);
  assert.equal(resolveVersion('garbage').version, '3.4');
});
