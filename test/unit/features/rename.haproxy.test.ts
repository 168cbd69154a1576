// Rename against the real HAProxy (Debian 2.6): every rename of the navigation fixture leaves a
// configuration `haproxy -c` accepts (so every use was updated), and what rename refuses is what
// HAProxy would reject.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { provideRename } from '../../../server/src/features/rename';
import { runHaproxyCheck } from '../../../server/src/haproxyCheck';
import { ResponseError } from 'vscode-languageserver';
import { applyEdits, modelOf, TEST_URI } from './featureHelpers';
import { positionOf } from './navigationConfig';

const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
const FIXTURE = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'workspace', 'navigation', 'haproxy.cfg');
// The fixture names a certificate that exists on no test machine; everything else is checked as is.
const CONFIG = fs.readFileSync(FIXTURE, 'utf8').replace(' ssl crt /etc/haproxy/certs/site.pem alpn h2,http/1.1', '');

async function check(text: string): Promise<{ valid: boolean; messages: string }> {
  const result = await runHaproxyCheck(text, { executable: HAPROXY, timeoutMs: 10_000 });
  return { valid: result.exitCode === 0, messages: result.messages.map((m) => `${m.line ?? '-'}: ${m.message}`).join('\n') };
}

function rename(needle: string, offset: number, newName: string): string {
  const model = modelOf(CONFIG, '2.6');
  const edit = provideRename(model, positionOf(CONFIG, needle, 0, offset), newName);
  const edits = edit?.changes?.[TEST_URI] ?? [];
  assert.ok(edits.length > 0, `${needle} -> ${newName} produced edits`);
  return applyEdits(CONFIG, edits);
}

before(async () => {
  const baseline = await check(CONFIG);
  assert.ok(baseline.valid, `the fixture itself is valid:\n${baseline.messages}`);
});

const RENAMES: Array<[what: string, needle: string, offset: number, newName: string]> = [
  ['backend (default_backend, track, nbsrv)', 'default_backend be_app', 'default_backend '.length, 'be_application'],
  ['server (track be/srv, bare track)', 'server app1', 'server '.length, 'web-1'],
  ['stick-table backend (table, sc_http_req_rate)', 'backend st_clients', 'backend '.length, 'st.clients'],
  ['ACL of one frontend', 'acl is_api path_beg /internal', 'acl '.length, 'is_internal:api'],
  ['userlist (http_auth)', 'userlist ops_users', 'userlist '.length, 'operators'],
  ['group (user groups)', 'group admins', 'group '.length, 'wheel'],
  ['resolvers (server option)', 'resolvers dc1', 'resolvers '.length, 'dns'],
  ['ring (log ring@)', 'ring audit', 'ring '.length, 'audit_log'],
  ['named defaults (from)', 'defaults http_base', 'defaults '.length, 'base'],
];

for (const [what, needle, offset, newName] of RENAMES) {
  test(`renaming a ${what} leaves a configuration HAProxy accepts`, async () => {
    const renamed = rename(needle, offset, newName);
    assert.ok(renamed.includes(newName));
    const result = await check(renamed);
    assert.ok(result.valid, `haproxy -c after renaming to ${newName}:\n${result.messages}`);
  });
}

test('control: renaming only the backend header (not its uses) is rejected by HAProxy', async () => {
  const headerOnly = CONFIG.replace('backend be_app from', 'backend be_application from');
  assert.equal((await check(headerOnly)).valid, false);
});

test('names rename refuses are names HAProxy rejects', async () => {
  const model = modelOf(CONFIG, '2.6');
  const cases: Array<[needle: string, offset: number, oldName: string, newName: string]> = [
    ['default_backend be_app', 'default_backend '.length, 'be_app', 'be/app'],
    ['default_backend be_app', 'default_backend '.length, 'be_app', 'be_api'],
    ['acl is_admin', 'acl '.length, 'is_admin', 'is*admin'],
    ['server app1', 'server '.length, 'app1', 'app2'],
  ];
  for (const [needle, offset, oldName, newName] of cases) {
    assert.throws(() => provideRename(model, positionOf(CONFIG, needle, 0, offset), newName), ResponseError, `${oldName} -> ${newName} is refused`);
    const forced = CONFIG.replace(new RegExp(`\\b${oldName}\\b(?![-.:])`, 'g'), newName);
    const result = await check(forced);
    assert.equal(result.valid, false, `HAProxy rejects ${oldName} -> ${newName} too`);
  }
});
