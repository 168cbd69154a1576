// Every finding code the keyword, argument, value and conditional checks own is produced by some
// input (so no code is dead), with the severity the code is documented with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FINDING_CODES } from '../../../server/src/analysis/findings';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { findingsOf, frame } from './checkHelpers';

const SAMPLES: Partial<Record<FindingCode, { text: string; version?: string; env?: Record<string, string> }>> = {
  'unknown-keyword': { text: frame({ backend: ['balanse roundrobin', 'server s1 10.0.0.1:80'] }) },
  'keyword-wrong-section': { text: frame({ frontend: ['server s1 10.0.0.1:80'] }) },
  'keyword-ignored-in-section': { text: frame({ backend: ['option httplog', 'server s1 10.0.0.1:80'] }) },
  'keyword-too-new': { text: frame({ frontend: ['timeout client-hs 5s'] }), version: '2.6' },
  'keyword-removed': { text: frame({ frontend: ['reqadd X-Proto:\\ https'] }) },
  'keyword-deprecated': { text: frame({ before: ['global', '    tune.ssl.capture-cipherlist-size 64'] }) },
  'directive-outside-section': { text: `maxconn 100\n${frame()}` },
  'unknown-section': { text: frame({ after: ['crt-store web', '    load crt site.pem'] }), version: '2.6' },
  'negation-not-supported': { text: frame({ backend: ['no option httpchk', 'server s1 10.0.0.1:80'] }) },
  'missing-argument': { text: frame({ backend: ['timeout check', 'server s1 10.0.0.1:80'] }) },
  'extra-argument': { text: frame({ before: ['global', '    maxconn 2000 4000'] }) },
  'missing-section-name': { text: `${frame()}userlist\n` },
  'invalid-name': { text: frame({ after: ['backend a/b', '    server s1 10.0.0.1:80'] }) },
  'invalid-time': { text: frame({ backend: ['timeout queue 10x', 'server s1 10.0.0.1:80'] }) },
  'invalid-size': { text: frame({ backend: ['stick-table type ip size 10x', 'server s1 10.0.0.1:80'] }) },
  'invalid-number': { text: frame({ before: ['global', '    nbthread 2x'] }) },
  'invalid-choice': { text: frame({ backend: ['balance least-conn', 'server s1 10.0.0.1:80'] }) },
  'inactive-branch': { text: frame({ backend: ['.if version_atleast(9.0)', '    balance first', '.endif', 'server s1 10.0.0.1:80'] }) },
  'message-directive': { text: `.alert "stop"\n${frame()}`, env: {} },
};

test('each directive-level code has a sample that produces it', () => {
  for (const [code, sample] of Object.entries(SAMPLES) as Array<[FindingCode, { text: string; version?: string; env?: Record<string, string> }]>) {
    assert.ok(code in FINDING_CODES, `${code} is a documented code`);
    const codes = findingsOf(sample.text, sample.version ?? '2.6', sample.env).map((f) => f.code);
    assert.ok(codes.includes(code), `${code}: got ${codes.join(', ') || 'nothing'}`);
  }
});

test('the samples cover every code these checks own', () => {
  const owned: FindingCode[] = ['unknown-keyword', 'keyword-wrong-section', 'keyword-ignored-in-section', 'keyword-too-new', 'keyword-removed',
    'keyword-deprecated', 'directive-outside-section', 'unknown-section', 'negation-not-supported', 'missing-argument', 'extra-argument',
    'missing-section-name', 'invalid-name', 'invalid-time', 'invalid-size', 'invalid-number', 'invalid-choice', 'inactive-branch',
    'message-directive'];
  assert.deepEqual(owned.filter((c) => !SAMPLES[c]), []);
});

test('the frame itself is clean: no directive-level finding on a minimal valid config', () => {
  const codes = findingsOf(frame()).filter((f) => f.code in SAMPLES).map((f) => `${f.code}@${f.range.start.line + 1}`);
  assert.deepEqual(codes, []);
});
