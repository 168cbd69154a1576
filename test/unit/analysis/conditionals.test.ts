// Conditional blocks: skipped branches get a greyed-out hint, and the message directives HAProxy
// would print are reported with its severity (an active .alert makes haproxy -c fail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, frame, withCode } from './checkHelpers';

test('inactive-branch: one hint per skipped branch, spanning its lines, tagged unnecessary', () => {
  const text = frame({ backend: [
    '.if version_atleast(3.0)', '    option new-thing', '    balance fancy', '.elif version_atleast(2.4)', '    balance roundrobin',
    '.else', '    balance source # old', '.endif', 'server s1 10.0.0.1:80',
  ] });
  const hints = withCode(text, 'inactive-branch', '2.6');
  const lines = text.split('\n');
  assert.deepEqual(hints.map((h) => [h.range.start.line, h.range.end.line]), [
    [lines.indexOf('    .if version_atleast(3.0)') + 1, lines.indexOf('    .if version_atleast(3.0)') + 2],
    [lines.indexOf('    .else') + 1, lines.indexOf('    .else') + 1],
  ]);
  assert.deepEqual(hints.map((h) => [h.severity, h.tags]), [['hint', ['unnecessary']], ['hint', ['unnecessary']]]);
  assert.equal(hints[1].range.end.character, lines[lines.indexOf('    .else') + 1].length, 'ends after the trailing comment');
  assert.equal(findingsOf(text, '2.6').filter((f) => f.code === 'unknown-keyword' || f.code === 'invalid-choice').length, 0,
    'skipped lines are not validated');
  assert.equal(withCode(text, 'inactive-branch', '3.0').length, 2, 'with 3.0 the first branch is taken, the two others skipped');
});

test('inactive-branch: no hint for undecided or taken branches, nor nested inside a skipped one', () => {
  const text = frame({ backend: [
    '.if defined(SOME_VAR)', '    balance source', '.endif',
    '.if version_atleast(9.0)', '    .if version_atleast(1.0)', '        balance first', '    .endif', '.endif', 'server s1 10.0.0.1:80',
  ] });
  const hints = withCode(text, 'inactive-branch');
  assert.equal(hints.length, 1);
  const lines = text.split('\n');
  assert.equal(hints[0].range.start.line, lines.indexOf('    .if version_atleast(9.0)') + 1);
});

test('message-directive: .alert is an error when active, a warning when undecided, nothing when skipped', () => {
  const alert = ['.if !defined(SITE_ID)', '    .alert "SITE_ID must be set"', '.endif', 'global', '    maxconn 100', ''].join('\n');
  const undecided = withCode(alert, 'message-directive');
  assert.deepEqual(undecided.map((f) => f.severity), ['warning'], 'no environment given: the branch may be taken');
  const decided = findingsOf(alert, '2.6', {}).filter((f) => f.code === 'message-directive');
  assert.deepEqual(decided.map((f) => [f.severity, f.message]), [['error', "HAProxy stops with this alert: 'SITE_ID must be set'"]]);
  assert.deepEqual(findingsOf(alert, '2.6', { SITE_ID: 'eu1' }).filter((f) => f.code === 'message-directive'), []);
  const others = ['.warning "maintenance"', '.notice "starting"', '.diag "details"', 'global', '    maxconn 100', ''].join('\n');
  assert.deepEqual(withCode(others, 'message-directive').map((f) => f.severity), ['warning', 'information', 'hint']);
});
