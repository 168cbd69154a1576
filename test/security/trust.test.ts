// Workspace trust: a cloned repository's .vscode/settings.json must not point the extension at
// sockets or URLs, nor make it run a binary. The manifest declares both settings restricted,
// and the code honours it: endpoints come only from user settings while untrusted (pure rule and
// the real registry), and the language server only ever gets the user's executablePath.
import { grantTrust, settings, updateSetting, workspaceState, createSecretStorage } from '../reliability/fakeVscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as VSCode from 'vscode';
import { effectiveEndpointsValue } from '../../client/src/endpoints/config';
import { EndpointRegistry } from '../../client/src/endpoints/registry';
import { restrictConfigurationValue } from '../../client/src/languageClient/trust';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};

test('package.json: limited support in untrusted workspaces, executablePath and endpoints restricted', () => {
  const untrusted = manifest.capabilities?.untrustedWorkspaces;
  assert.equal(untrusted?.supported, 'limited');
  for (const key of ['haproxy.executablePath', 'haproxy.endpoints']) {
    assert.ok(untrusted?.restrictedConfigurations?.includes(key), `${key} is restricted`);
    assert.ok(manifest.contributes.configuration.properties[key], `${key} is a contributed setting`);
  }
  assert.equal(manifest.contributes.configuration.properties['haproxy.executablePath']?.scope, 'machine-overridable');
});

test('pure rule: untrusted reads only the user value; trusted: folder over workspace over user', () => {
  const user = [{ name: 'mine', runtimeApi: '/run/haproxy/admin.sock' }];
  const repo = [{ name: 'repo', runtimeApi: '/tmp/attacker.sock' }];
  assert.equal(effectiveEndpointsValue({ globalValue: user, workspaceValue: repo, workspaceFolderValue: repo }, false), user);
  assert.equal(effectiveEndpointsValue({ workspaceValue: repo }, false), undefined);
  assert.equal(effectiveEndpointsValue({ globalValue: user, workspaceValue: repo }, true), repo);
  assert.equal(effectiveEndpointsValue({ globalValue: user, workspaceValue: [], workspaceFolderValue: repo }, true), repo);
  assert.equal(effectiveEndpointsValue(undefined, false), undefined);
});

test('the real registry: repository endpoints are ignored until trust is granted, then read', () => {
  settings.global.clear();
  settings.workspace.clear();
  workspaceState.isTrusted = false;
  updateSetting('haproxy.endpoints', [{ name: 'repo', runtimeApi: '/tmp/attacker.sock' }], 'workspace');
  updateSetting('haproxy.endpoints', [{ name: 'mine', runtimeApi: '/run/haproxy/admin.sock' }], 'global');
  const registry = new EndpointRegistry(createSecretStorage() as unknown as VSCode.SecretStorage);
  try {
    assert.deepEqual(registry.endpoints.map((e) => e.name), ['mine']);
    let changed = 0;
    registry.onDidChange(() => changed++);
    grantTrust();
    assert.equal(changed, 1, 'granting trust reloads the endpoints');
    assert.deepEqual(registry.endpoints.map((e) => e.name), ['repo']);
  } finally {
    registry.dispose();
    workspaceState.isTrusted = true;
    settings.workspace.clear();
  }
});

test('language server settings: untrusted answers carry only the user executablePath, whatever the section form', () => {
  const userPath = '/usr/sbin/haproxy';
  const repoPath = '/tmp/evil/haproxy';
  assert.equal(restrictConfigurationValue('haproxy.executablePath', repoPath, false, userPath), userPath);
  assert.equal(restrictConfigurationValue('haproxy.executablePath', repoPath, false, undefined), '');
  assert.deepEqual(restrictConfigurationValue('haproxy', { executablePath: repoPath, version: '2.6' }, false, userPath), { executablePath: userPath, version: '2.6' });
  assert.deepEqual(restrictConfigurationValue(undefined, { haproxy: { executablePath: repoPath } }, false, userPath), { haproxy: { executablePath: userPath } });
  assert.deepEqual(restrictConfigurationValue('haproxy', { executablePath: repoPath }, true, userPath), { executablePath: repoPath }, 'trusted: unchanged');
});
