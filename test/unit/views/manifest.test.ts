// The sidebar's menus in package.json against the context values the model really produces:
// each `when` clause is evaluated for every server status and endpoint kind, so a typo in a
// regex or a renamed context value fails here instead of silently hiding an action.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerStatus } from '../../../client/src/haproxy/endpoint';
import { serverPresentation, statusLooks } from '../../../client/src/views/presentation';
import { EndpointModel } from '../../../client/src/views/serversModel';

interface MenuEntry { command: string; when?: string; group?: string }
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; menus: Record<string, MenuEntry[]> };
};
const itemMenu = manifest.contributes.menus['view/item/context']!;

/** Evaluates the subset of when-clause syntax the sidebar uses: `a && b`, `view == x`, `viewItem == x`, `viewItem =~ /re/`. */
function matches(when: string | undefined, viewItem: string): boolean {
  if (!when) return true;
  return when.split('&&').every((clause) => {
    const term = clause.trim();
    let m = /^view == (\S+)$/.exec(term);
    if (m) return m[1] === 'haproxy.servers';
    m = /^viewItem == (\S+)$/.exec(term);
    if (m) return m[1] === viewItem;
    m = /^viewItem =~ \/(.*)\/$/.exec(term);
    if (m) return new RegExp(m[1]!).test(viewItem);
    throw new Error(`unexpected when clause term: ${term}`);
  });
}

function actionsFor(viewItem: string, group?: string): string[] {
  return itemMenu.filter((e) => matches(e.when, viewItem) && (group === undefined ? e.group !== 'inline' : e.group === group)).map((e) => e.command).sort();
}

function serverContext(status: ServerStatus): string {
  const snapshot = { backend: 'b', name: 's', status, statusText: status, adminState: 'ready' as const, backup: false, sessions: {}, queue: {}, check: {}, counters: {} };
  return serverPresentation(snapshot).contextValue;
}

describe('sidebar menus (package.json) against the model\'s context values', () => {
  it('every menu command is declared', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const menu of Object.values(manifest.contributes.menus)) for (const entry of menu) assert.ok(declared.has(entry.command), `${entry.command} is in contributes.commands`);
  });

  it('offers Drain / Set Maintenance / Set Ready according to the server\'s state', () => {
    const statuses = Object.keys(statusLooks) as ServerStatus[];
    for (const status of statuses) {
      const actions = actionsFor(serverContext(status));
      assert.equal(actions.includes('haproxy.server.drain'), status !== 'drain', `Drain for ${status}`);
      assert.equal(actions.includes('haproxy.server.maint'), status !== 'maint', `Set Maintenance for ${status}`);
      assert.equal(actions.includes('haproxy.server.ready'), status === 'drain' || status === 'maint', `Set Ready for ${status}`);
      for (const always of ['setWeight', 'enableChecks', 'disableChecks', 'delete', 'copyAddress', 'showInConfig', 'showDetails']) {
        assert.ok(actions.includes(`haproxy.server.${always}`), `${always} for ${status}`);
      }
    }
    assert.deepEqual(actionsFor(serverContext('maint'), 'inline'), ['haproxy.server.ready']);
  });

  it('offers Set Password only on Data Plane endpoints, Retry only where something failed', () => {
    const runtime = new EndpointModel('r', 'x', { api: 'runtime' });
    const dataplane = new EndpointModel('d', 'x', { api: 'dataplane' });
    assert.deepEqual(actionsFor(runtime.node.presentation.contextValue), ['haproxy.endpoints.edit', 'haproxy.endpoints.remove', 'haproxy.push']);
    assert.deepEqual(actionsFor(dataplane.node.presentation.contextValue), ['haproxy.endpoints.edit', 'haproxy.endpoints.remove', 'haproxy.endpoints.setPassword', 'haproxy.pull', 'haproxy.push', 'haproxy.validateOnEndpoint']);
    runtime.applyError('cannot connect');
    assert.deepEqual(actionsFor(runtime.node.presentation.contextValue, 'inline'), ['haproxy.endpoints.retry']);
    const [errorNode] = runtime.children();
    assert.deepEqual(actionsFor(errorNode!.presentation.contextValue, 'inline'), ['haproxy.endpoints.retry']);
  });

  it('offers Add Server on backends only; Show Metrics on backends (also inline) and servers', () => {
    assert.deepEqual(actionsFor('backend'), ['haproxy.backend.addServer', 'haproxy.metrics.show']);
    assert.deepEqual(actionsFor('backend', 'inline'), ['haproxy.metrics.show']);
    assert.ok(actionsFor(serverContext('up')).includes('haproxy.metrics.show'));
    assert.deepEqual(actionsFor('frontend'), []);
  });
});
