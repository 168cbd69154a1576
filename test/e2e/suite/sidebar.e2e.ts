// The HAProxy sidebar inside real VS Code, against a real HAProxy started by this suite:
// the tree (from the extension's own provider) lists backends and servers with their statuses,
// server actions change HAProxy (checked on its admin socket, not through the extension), and
// an unreachable endpoint shows an error node that recovers by itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SidebarApi } from '../../../client/src/views/sidebar';
import type { ServerNode } from '../../../client/src/views/serversModel';
import { rawCommand, startHaproxy, type HaproxyInstance } from '../../harness/haproxy';
import { startBackends, type Backends } from '../../harness/backends';
import { activeExtension, e2eLog, requestScreenshot } from './helpers';
import { eventually, child, labelOf } from './treeHelpers';


function serverNode(api: SidebarApi, endpoint: string, backend: string, server: string): ServerNode {
  const backendsGroup = child(api, child(api, undefined, endpoint), 'Backends');
  const node = child(api, child(api, backendsGroup, backend), server);
  assert.equal(node.kind, 'server');
  return node as ServerNode;
}

/** HAProxy's own view of a server: `show stat` status column and `show servers state` admin bits. */
async function haproxyServerState(socket: string, backend: string, server: string): Promise<{ status: string; adminState: number }> {
  const stat = await rawCommand(socket, 'show stat');
  const header = stat.split('\n')[0]!.replace(/^# /, '').split(',');
  const row = stat.split('\n').map((line) => line.split(',')).find((cols) => cols[0] === backend && cols[1] === server);
  if (!row) throw new Error(`${backend}/${server} not in show stat`);
  const state = await rawCommand(socket, `show servers state ${backend}`);
  const line = state.split('\n').find((l) => l.split(' ')[3] === server);
  if (!line) throw new Error(`${backend}/${server} not in show servers state`);
  // Columns: be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state ...
  return { status: row[header.indexOf('status')]!, adminState: Number(line.split(' ')[6]) };
}

const SRV_ADMF_FDRAIN = 0x08;
const SRV_ADMF_FMAINT = 0x01;

suite('HAProxy sidebar', () => {
  let api: SidebarApi;
  let backends: Backends;
  let haproxy: HaproxyInstance;
  let late: HaproxyInstance | undefined;
  const lateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hwb-e2e-late-'));
  const lateSocket = path.join(lateDir, 'admin.sock');
  const config = () => vscode.workspace.getConfiguration('haproxy');

  suiteSetup(async function () {
    this.timeout(60_000);
    backends = await startBackends(2);
    haproxy = await startHaproxy(
      (ctx) => `
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe_main
    bind 127.0.0.1:${ctx.freePorts[0]}
    default_backend be_app
backend be_app
    option httpchk GET /health
    server app1 127.0.0.1:${ctx.backendPorts[0]} check inter 300 weight 100
    server app2 127.0.0.1:${ctx.backendPorts[1]} check inter 300
    server s3 127.0.0.1:${ctx.freePorts[1]} check inter 300 fall 1
backend be_static
    server st1 127.0.0.1:${ctx.backendPorts[0]}
`,
      { backendPorts: backends.ports },
    );
    await activeExtension();
    api = (await vscode.commands.executeCommand<SidebarApi>('haproxy.internal.sidebar'))!;
    assert.ok(api, 'the extension exposes its sidebar to the suite');
    await config().update('confirmDestructiveActions', false, vscode.ConfigurationTarget.Global);
    await config().update('refreshInterval', 1, vscode.ConfigurationTarget.Global);
    await config().update('endpoints', [{ name: 'e2e', runtimeApi: haproxy.adminSocket }], vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('haproxy.servers.focus');
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await config().update('endpoints', undefined, vscode.ConfigurationTarget.Global);
    await config().update('refreshInterval', undefined, vscode.ConfigurationTarget.Global);
    await config().update('confirmDestructiveActions', undefined, vscode.ConfigurationTarget.Global);
    await late?.stop();
    await haproxy?.stop();
    await backends?.stop();
    fs.rmSync(lateDir, { recursive: true, force: true });
  });

  test('the tree lists backends and servers with their statuses', async () => {
    await eventually('be_app servers checked', () => {
      const s3 = api.tree.getTreeItem(serverNode(api, 'e2e', 'be_app', 's3'));
      assert.equal(s3.contextValue, 'server.down');
      const app1Item = api.tree.getTreeItem(serverNode(api, 'e2e', 'be_app', 'app1'));
      assert.equal(app1Item.contextValue, 'server.up');
    });
    assert.equal(api.tree.getTreeItem(child(api, undefined, 'e2e')).contextValue, 'endpoint.runtime');
    await eventually('the badge to count the DOWN server', () => assert.deepEqual(api.view.badge, { value: 1, tooltip: '1 server(s) down' }));
    const backendsGroup = child(api, child(api, undefined, 'e2e'), 'Backends');
    assert.deepEqual(api.tree.getChildren(backendsGroup).map((n) => labelOf(api.tree.getTreeItem(n))), ['be_app', 'be_static']);
    const app1Item = api.tree.getTreeItem(serverNode(api, 'e2e', 'be_app', 'app1'));
    assert.equal(app1Item.id, 'ep:e2e/be:be_app/srv:app1');
    assert.match(String(app1Item.description), new RegExp(`^UP · w 100 · \\d+ sess · 127\\.0\\.0\\.1:${backends.ports[0]}$`));
    assert.equal((app1Item.iconPath as vscode.ThemeIcon).id, 'pass-filled');
    const st1 = api.tree.getTreeItem(serverNode(api, 'e2e', 'be_static', 'st1'));
    assert.equal(st1.contextValue, 'server.no-check');
    const frontend = child(api, child(api, child(api, undefined, 'e2e'), 'Frontends'), 'fe_main');
    assert.match(String(api.tree.getTreeItem(frontend).description), /^OPEN · \d+ sess/);

    await api.view.reveal(serverNode(api, 'e2e', 'be_app', 'app1'), { expand: true, select: true, focus: true });
    const shot = await requestScreenshot('sidebar-servers');
    e2eLog(shot ? `sidebar screenshot: ${shot}` : 'sidebar screenshot: this launcher takes none');
  });

  test('Drain on a server item makes HAProxy report DRAIN', async () => {
    const app1 = serverNode(api, 'e2e', 'be_app', 'app1');
    await vscode.commands.executeCommand('haproxy.server.drain', app1, [app1]);
    const state = await haproxyServerState(haproxy.adminSocket, 'be_app', 'app1');
    assert.equal(state.status, 'DRAIN');
    assert.ok(state.adminState & SRV_ADMF_FDRAIN, `admin state ${state.adminState} has the drain bit`);
    // The action refreshed the endpoint at once: the same node now shows the new state.
    const drained = api.tree.getTreeItem(serverNode(api, 'e2e', 'be_app', 'app1'));
    assert.equal(drained.contextValue, 'server.drain');
    assert.equal((drained.iconPath as vscode.ThemeIcon).id, 'debug-pause');
    assert.match(String(drained.description), /^● DRAIN/, 'the changed row is marked until the next refresh');
    assert.deepEqual((drained.label as vscode.TreeItemLabel).highlights, [[0, 'app1'.length]]);
    await requestScreenshot('sidebar-after-drain');
  });

  test('Set Weight 50% makes HAProxy report weight 50', async () => {
    const app1 = serverNode(api, 'e2e', 'be_app', 'app1');
    await vscode.commands.executeCommand('haproxy.server.setWeight', app1, [app1], '50%');
    assert.match(await rawCommand(haproxy.adminSocket, 'get weight be_app/app1'), /^50 \(initial 100\)/);
    assert.match(String(api.tree.getTreeItem(serverNode(api, 'e2e', 'be_app', 'app1')).description), / · w 50 · /);
  });

  test('Set Ready on a multi-selection restores every selected server', async () => {
    const app1 = serverNode(api, 'e2e', 'be_app', 'app1');
    const app2 = serverNode(api, 'e2e', 'be_app', 'app2');
    await vscode.commands.executeCommand('haproxy.server.maint', app2, [app2]);
    assert.ok((await haproxyServerState(haproxy.adminSocket, 'be_app', 'app2')).adminState & SRV_ADMF_FMAINT, 'app2 went to maintenance');
    await vscode.commands.executeCommand('haproxy.server.ready', app1, [app1, app2]);
    for (const name of ['app1', 'app2']) {
      const state = await eventually(`${name} back UP`, async () => {
        const s = await haproxyServerState(haproxy.adminSocket, 'be_app', name);
        assert.equal(s.adminState, 0);
        assert.match(s.status, /^UP/);
        return s;
      });
      assert.equal(state.adminState, 0);
    }
    await vscode.commands.executeCommand('haproxy.server.setWeight', app1, [app1], '100');
    assert.match(await rawCommand(haproxy.adminSocket, 'get weight be_app/app1'), /^100 /);
  });

  test('Show in haproxy.cfg opens the workspace file at the server line of its backend', async () => {
    await vscode.commands.executeCommand('haproxy.server.showInConfig', serverNode(api, 'e2e', 'be_app', 'app2'));
    const editor = await eventually('an editor on haproxy.cfg', () => {
      const active = vscode.window.activeTextEditor;
      assert.ok(active && active.document.uri.path.endsWith('/haproxy.cfg'), `active editor: ${active?.document.uri.path}`);
      return active;
    });
    const line = editor.document.lineAt(editor.selection.start.line).text;
    assert.match(line, /^\s*server app2 /);
    assert.equal(editor.document.getText(editor.selection), 'app2');
    const before = editor.document.getText(new vscode.Range(0, 0, editor.selection.start.line, 0));
    assert.match(before, /backend be_app\n(?:(?!\n(?:backend|frontend|listen) ).)*$/s, 'the line is inside backend be_app');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Show Details opens a read-only document with the server\'s full stats', async () => {
    await vscode.commands.executeCommand('haproxy.server.showDetails', serverNode(api, 'e2e', 'be_app', 'app1'));
    const document = await eventually('the details document', () => {
      const active = vscode.window.activeTextEditor?.document;
      assert.equal(active?.uri.scheme, 'haproxy-server');
      return active!;
    });
    const json = JSON.parse(document.getText().replace(/^\/\/.*\n/, '')) as { backend: string; name: string; status: string; check: { status?: string } };
    assert.equal(json.backend, 'be_app');
    assert.equal(json.name, 'app1');
    assert.equal(json.status, 'up');
    assert.equal(json.check.status, 'L7OK');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Delete Server (drain, maintenance, delete) removes it from HAProxy and from the tree', async () => {
    const s3 = serverNode(api, 'e2e', 'be_app', 's3');
    await vscode.commands.executeCommand('haproxy.server.delete', s3, [s3]);
    const stat = await rawCommand(haproxy.adminSocket, 'show stat');
    assert.ok(!stat.split('\n').some((line) => line.startsWith('be_app,s3,')), 'HAProxy no longer lists be_app/s3');
    assert.ok(stat.split('\n').some((line) => line.startsWith('be_app,app1,')), 'the other servers are still there');
    const names = api.tree.getChildren(child(api, child(api, child(api, undefined, 'e2e'), 'Backends'), 'be_app')).map((n) => labelOf(api.tree.getTreeItem(n)));
    assert.deepEqual(names, ['app1', 'app2']);
  });

  test('Add Server on a backend adds a ready server to HAProxy and to the tree', async () => {
    const backend = child(api, child(api, child(api, undefined, 'e2e'), 'Backends'), 'be_app');
    await vscode.commands.executeCommand('haproxy.backend.addServer', backend, { name: 'app3', address: `127.0.0.1:${backends.ports[1]}`, options: 'weight 20' });
    const state = await haproxyServerState(haproxy.adminSocket, 'be_app', 'app3');
    assert.equal(state.adminState, 0, 'added, then set ready');
    assert.match(await rawCommand(haproxy.adminSocket, 'get weight be_app/app3'), /^20 \(initial 20\)/);
    const app3 = api.tree.getTreeItem(serverNode(api, 'e2e', 'be_app', 'app3'));
    assert.match(String(app3.description), new RegExp(` · w 20 · \\d+ sess · 127\\.0\\.0\\.1:${backends.ports[1]}$`));
  });

  test('Add Server refuses invalid input before sending anything', async () => {
    const backend = child(api, child(api, child(api, undefined, 'e2e'), 'Backends'), 'be_app');
    await vscode.commands.executeCommand('haproxy.backend.addServer', backend, { name: 'app4', address: '127.0.0.1:99999' });
    assert.ok(!(await rawCommand(haproxy.adminSocket, 'show stat')).includes('be_app,app4,'), 'no app4 in HAProxy');
  });

  test('an unreachable endpoint shows an error node and recovers by itself once HAProxy starts', async function () {
    this.timeout(60_000);
    await config().update('endpoints', [
      { name: 'e2e', runtimeApi: haproxy.adminSocket },
      { name: 'late', runtimeApi: lateSocket },
    ], vscode.ConfigurationTarget.Global);
    const errorNode = await eventually('the error node', () => {
      const [node] = api.tree.getChildren(child(api, undefined, 'late'));
      assert.equal(node?.kind, 'error');
      return node!;
    });
    const item = api.tree.getTreeItem(errorNode);
    assert.match(labelOf(item), /ENOENT/);
    assert.equal(item.contextValue, 'endpointError');
    assert.equal(item.command?.command, 'haproxy.endpoints.retry');
    assert.equal(api.tree.getTreeItem(child(api, undefined, 'late')).contextValue, 'endpoint.runtime.error');

    late = await startHaproxy(
      (ctx) => `
global
    stats socket ${ctx.adminSocket} mode 600 level admin
    stats socket ${lateSocket} mode 600 level admin
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
backend be_late
    server l1 127.0.0.1:${backends.ports[0]}
`,
    );
    // No explicit refresh: the 1 s refresh timer of the visible view must bring it back.
    await eventually('the late endpoint to recover', () => {
      assert.equal(api.tree.getTreeItem(serverNode(api, 'late', 'be_late', 'l1')).contextValue, 'server.no-check');
    }, 20_000);
  });
});
