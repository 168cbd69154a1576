// The document checks answer the usual lines without reading them fully (a server line with a port
// and no TLS is not parsed for its options; whether a line is skipped is asked only when it matters;
// an ACL declared above needs no lists). These cases sit on the edges of those shortcuts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FindingCode } from '../../../server/src/analysis/findings';
import { findingsOf, frame, lineOf } from './checkHelpers';

const at = (text: string, codes: FindingCode[]): string[] =>
  findingsOf(text).filter((f) => codes.includes(f.code)).map((f) => `${f.code}@${f.range.start.line + 1}`);

test('duplicate servers: a skipped line does not count as the first one, an active later line does', () => {
  const text = frame({
    backend: ['.if 0', '    server web 10.0.0.1:80', '.endif', 'server web 10.0.0.2:80', 'server web 10.0.0.3:80',
      'server other 10.0.0.4:80 {{ .Port }}', 'server other 10.0.0.5:80'],
  });
  const dups = findingsOf(text).filter((f) => f.code === 'duplicate-server');
  assert.deepEqual(dups.map((f) => f.range.start.line + 1), [lineOf(text, '10.0.0.3')]);
  assert.equal(dups[0].related?.[0]?.range.start.line, lineOf(text, '10.0.0.2') - 1, 'the first active line is the one named');
  const dynamic = frame({ backend: ['server "${NAME}" 10.0.0.1:80', 'server "${NAME}" 10.0.0.2:80', 'server s$1 10.0.0.3:80', 'server s$1 10.0.0.4:80'] });
  assert.deepEqual(findingsOf(dynamic).filter((f) => f.code === 'duplicate-server'), [], 'names from variables are not compared');
});

test('check-without-port: a plain checked server matters only without a port (own, inherited, or from check rules)', () => {
  const codes: FindingCode[] = ['check-without-port'];
  assert.deepEqual(at(frame({ backend: ['server s1 10.0.0.1:80 check inter 2s weight 10'] }), codes), []);
  const noPort = frame({ backend: ['server s1 10.0.0.1 check inter 2s'] });
  assert.deepEqual(at(noPort, codes), [`check-without-port@${lineOf(noPort, 'server s1')}`]);
  const inherited = frame({ backend: ['default-server check', 'server s1 10.0.0.1 weight 3'] });
  assert.deepEqual(at(inherited, codes), [`check-without-port@${lineOf(inherited, 'server s1')}`]);
  assert.deepEqual(at(frame({ backend: ['tcp-check connect port 8080', 'server s1 10.0.0.1 check'] }), codes), []);
  assert.deepEqual(at(frame({ backend: ['server s1 10.0.0.1 check port 8080'] }), codes), []);
  assert.deepEqual(at(frame({ backend: ['server s1 ${ADDR} check'] }), codes), [], 'an address from a variable may hold a port');
});

test('server settings other than check still need reading when the address has a port', () => {
  const tls = frame({ backend: ['server s1 10.0.0.1:443 check ssl'] });
  assert.deepEqual(at(tls, ['missing-ca-file']), [`missing-ca-file@${lineOf(tls, 'server s1')}`]);
  const agent = frame({ backend: ['server s1 10.0.0.1:80 agent-check'] });
  assert.deepEqual(at(agent, ['check-without-port']), [`check-without-port@${lineOf(agent, 'server s1')}`]);
  const tracked = frame({ backend: ['server s1 10.0.0.1:80', 'server s2 10.0.0.2:80 check track s1'] });
  assert.deepEqual(at(tracked, ['track-without-check']), [`track-without-check@${lineOf(tracked, 'server s2')}`]);
  const inheritedTrack = frame({ backend: ['server s1 10.0.0.1:80', 'default-server track s1', 'server s2 10.0.0.2:80'] });
  assert.deepEqual(at(inheritedTrack, ['track-without-check']), [`track-without-check@${lineOf(inheritedTrack, 'default-server')}`]);
});

test('ACL references: several on a line, negated, on skipped lines, declared later', () => {
  const codes: FindingCode[] = ['undefined-reference'];
  const ok = frame({ frontend: ['acl a path /a', 'acl b path /b', 'http-request deny if a !b !!a'] });
  assert.deepEqual(at(ok, codes), []);
  const skipped = frame({ frontend: ['.if 0', '    http-request deny if nope !nope', '.endif'] });
  assert.deepEqual(at(skipped, codes), []);
  const mixed = frame({ frontend: ['acl a path /a', 'http-request deny if a !nope', 'http-request deny if !later', 'acl later path /l'] });
  const found = findingsOf(mixed).filter((f) => f.code === 'undefined-reference');
  assert.deepEqual(found.map((f) => `${f.range.start.line + 1}:${f.message}`), [
    `${lineOf(mixed, '!nope')}:no such ACL : 'nope'`,
    `${lineOf(mixed, '!later')}:no such ACL : 'later' (it is declared later, at line ${lineOf(mixed, 'acl later')}: declare ACLs before the rules using them)`,
  ]);
});
