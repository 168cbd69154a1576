// Duplicate names as HAProxy 2.6 treats them (each case checked with haproxy -c 2.6.12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { findingsOf, frame, lineOf } from './checkHelpers';

const CODES: FindingCode[] = ['duplicate-proxy', 'duplicate-server', 'duplicate-section', 'duplicate-directive'];
const dups = (text: string) => findingsOf(text).filter((f) => CODES.includes(f.code));
const summary = (text: string) => dups(text).map((f) => `${f.code}@${f.range.start.line + 1}:${f.severity}`);

test('two backends with one name: error on the second, related info on the first', () => {
  const text = frame({ after: ['backend be', '    server s2 10.0.0.2:80'] });
  const [f, ...rest] = dups(text);
  assert.equal(rest.length, 0);
  assert.equal(f.code, 'duplicate-proxy');
  assert.equal(f.range.start.line + 1, text.split('\n').lastIndexOf('backend be') + 1);
  assert.equal(f.related?.[0]?.range.start.line, text.split('\n').indexOf('backend be'));
  assert.match(f.message, /backend 'be' has the same name as backend 'be' declared at line \d+/);
});

test('a frontend and a backend may share a name; a listen conflicts with either', () => {
  assert.deepEqual(dups(frame({ after: ['frontend be', '    bind :9000', '    default_backend be'] })), []);
  const text = frame({ after: ['listen fe', '    bind :9001', '    server s 10.0.0.1:80'] });
  assert.deepEqual(summary(text), [`duplicate-proxy@${lineOf(text, 'listen fe')}:error`]);
});

test('servers: same name twice in a proxy, server-template names included; other proxies are separate', () => {
  const text = frame({
    backend: ['server web1 10.0.0.1:80', 'server web1 10.0.0.2:80', 'server-template web 2-3 10.0.0.9:80', 'server-template s 2 10.0.0.8:80', 'server s1 10.0.0.7:80'],
    after: ['backend other', '    server web1 10.0.1.1:80'],
  });
  assert.deepEqual(summary(text), [
    `duplicate-server@${lineOf(text, 'web1 10.0.0.2')}:error`,
    `duplicate-server@${lineOf(text, 'server s1 10.0.0.7')}:error`,
  ]);
  const t2 = frame({ backend: ['server web1 10.0.0.1:80', 'server-template web 1-2 10.0.0.9:80'] });
  assert.deepEqual(summary(t2), [`duplicate-server@${lineOf(t2, 'server-template')}:error`]);
});

test('sections that must be unique (error), userlists (warning: the second is ignored), defaults (fine)', () => {
  const text = [
    'peers p', '    peer lb1 10.0.0.1:10000', 'peers p', '    peer lb1 10.0.0.1:10001',
    'userlist u', '    user a insecure-password x', 'userlist u', '    user b insecure-password y',
    'defaults d1', '    mode http', 'defaults d1', '    mode http',
    'cache c', '    total-max-size 4', 'cache c', '    total-max-size 4',
    '',
  ].join('\n') + frame();
  const lines = text.split('\n');
  const second = (header: string) => lines.lastIndexOf(header) + 1;
  assert.deepEqual(summary(text), [
    `duplicate-section@${second('peers p')}:error`,
    `duplicate-section@${second('userlist u')}:warning`,
    `duplicate-section@${second('cache c')}:error`,
  ]);
});

test('members: duplicate nameserver (error), duplicate user (warning); duplicate ACL names are ORed (fine)', () => {
  const text = [
    'resolvers dns', '    nameserver n 10.0.0.53:53', '    nameserver n 10.0.0.54:53',
    'userlist staff', '    user alice insecure-password x', '    user alice insecure-password y', '',
  ].join('\n') + frame({ frontend: ['acl is_static path_beg /static', 'acl is_static path_end .css'] });
  assert.deepEqual(summary(text), [
    `duplicate-directive@${text.split('\n').lastIndexOf('    nameserver n 10.0.0.54:53') + 1}:error`,
    `duplicate-directive@${lineOf(text, 'alice insecure-password y')}:warning`,
  ]);
});

test('inactive sections and lines do not count; undecided ones are not compared (alternative branches)', () => {
  const inactive = frame({ after: ['.if version_atleast(9.0)', 'backend be', '    server s1 10.0.0.1:80', '.endif'] });
  assert.deepEqual(dups(inactive), []);
  const undecided = frame({ backend: ['.if defined(EXTRA)', 'server s1 10.0.0.1:80', '.else', 'server s1 10.0.0.2:80', '.endif'] });
  assert.deepEqual(dups(undecided), []);
  const bothActive = frame({ backend: ['server s1 10.0.0.1:80', '.if version_atleast(2.0)', 'server s1 10.0.0.2:80', '.endif'] });
  assert.deepEqual(dups(bothActive).map((f) => f.severity), ['error']);
});
