// The vscode-free helpers of the sidebar: the haproxy.endpoints setting, locating servers in
// haproxy.cfg text, action input parsing and selection, and the backend 5xx rate.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { effectiveEndpointsValue, parseRuntimeApi, readEndpointSettings, validateDataPlaneUrl } from '../../../client/src/endpoints/config';
import { findProxySection, findServerLine, serverConfigLine, serverInsertionLine } from '../../../client/src/commands/configLocator';
import { parseWeightInput, targetServers } from '../../../client/src/commands/actionInput';
import { recent5xxRate } from '../../../client/src/views/presentation';
import { EndpointModel, type AnyNode } from '../../../client/src/views/serversModel';
import type { ProxySnapshot } from '../../../client/src/haproxy/endpoint';

describe('haproxy.endpoints runtimeApi format', () => {
  it('reads unix, TCP and master CLI sockets with worker selectors', () => {
    assert.deepEqual(parseRuntimeApi('/run/haproxy/admin.sock'), { target: { kind: 'unix', path: '/run/haproxy/admin.sock' } });
    assert.deepEqual(parseRuntimeApi('unix:/tmp/a.sock'), { target: { kind: 'unix', path: '/tmp/a.sock' } });
    assert.deepEqual(parseRuntimeApi('127.0.0.1:9999'), { target: { kind: 'tcp', host: '127.0.0.1', port: 9999 } });
    assert.deepEqual(parseRuntimeApi('[::1]:9999'), { target: { kind: 'tcp', host: '::1', port: 9999 } });
    assert.deepEqual(parseRuntimeApi('master:/run/m.sock'), { target: { kind: 'unix', path: '/run/m.sock' }, worker: { relative: 1 } });
    assert.deepEqual(parseRuntimeApi('master:/run/m.sock@2'), { target: { kind: 'unix', path: '/run/m.sock' }, worker: { relative: 2 } });
    assert.deepEqual(parseRuntimeApi('master:/run/m.sock@!1234'), { target: { kind: 'unix', path: '/run/m.sock' }, worker: { pid: 1234 } });
    assert.deepEqual(parseRuntimeApi('master:127.0.0.1:9999@1'), { target: { kind: 'tcp', host: '127.0.0.1', port: 9999 }, worker: { relative: 1 } });
  });

  it('refuses what is not a socket, saying which forms are accepted', () => {
    assert.throws(() => parseRuntimeApi(''), /runtimeApi is empty/);
    assert.throws(() => parseRuntimeApi('admin.sock'), /'admin.sock' is not a socket: use \/path\/to\/admin.sock, HOST:PORT, or master:/);
    assert.throws(() => parseRuntimeApi('master:/run/m.sock@0'), /the worker after '@' is 1 \(current\)/);
    assert.throws(() => parseRuntimeApi('127.0.0.1:99999'), /is not a socket/);
  });
});

describe('haproxy.endpoints entries', () => {
  it('keeps valid entries and explains each refused one with its index', () => {
    const { endpoints, invalid } = readEndpointSettings([
      { name: 'lb1', runtimeApi: '/run/haproxy/admin.sock' },
      { name: 'dp', dataPlaneApi: { url: 'https://lb:5555', user: 'admin' }, group: 'prod' },
      { name: 'lb1', runtimeApi: '/other.sock' },
      { name: 'nothing' },
      { name: 'pw', dataPlaneApi: { url: 'https://lb:5555', user: 'admin', password: 'secret' } },
      { name: 'bad url', dataPlaneApi: { url: 'ftp://x', user: 'a' } },
      'just a string',
    ]);
    assert.deepEqual(endpoints.map((e) => e.name), ['lb1', 'dp']);
    assert.deepEqual(invalid.map((e) => e.error), [
      "haproxy.endpoints[2]: the name 'lb1' is used twice",
      'haproxy.endpoints[3]: set runtimeApi (a socket) or dataPlaneApi (a URL and user)',
      'haproxy.endpoints[4]: dataPlaneApi.password is not read from settings: use "HAProxy: Set Password…" (kept in the secret storage)',
      'haproxy.endpoints[5]: dataPlaneApi.url: the Data Plane API URL must start with http:// or https://',
      'haproxy.endpoints[6]: each endpoint is an object with a name',
    ]);
    assert.ok(invalid.every((e) => !e.error.includes('secret"') && !JSON.stringify(e).includes('"secret"')), 'no password in messages');
  });

  it('refuses credentials inside a Data Plane URL and a non-array setting', () => {
    assert.match(validateDataPlaneUrl('https://admin:pw@lb:5555') ?? '', /do not put credentials in the URL/);
    assert.equal(validateDataPlaneUrl('http://127.0.0.1:5555'), undefined);
    assert.deepEqual(readEndpointSettings({ name: 'x' }).invalid, [{ name: 'haproxy.endpoints', error: 'the setting must be an array of endpoints' }]);
  });
});

const config = `global
    daemon
backend be_web   # web servers
    balance roundrobin
    server web1 10.0.0.1:80 check
    # server web9 commented out
    server web2 10.0.0.2:80 check

listen stats
    bind :8404
backend be_api
  option httpchk
`;

describe('workspace trust and haproxy.endpoints', () => {
  const user = [{ name: 'mine', runtimeApi: '/run/haproxy/admin.sock' }];
  const repo = [{ name: 'theirs', runtimeApi: '10.0.0.1:9999' }];
  it('an untrusted workspace only gets the user\'s own endpoints', () => {
    assert.equal(effectiveEndpointsValue({ globalValue: user, workspaceValue: repo, workspaceFolderValue: repo }, false), user);
    assert.equal(effectiveEndpointsValue({ workspaceValue: repo }, false), undefined);
  });
  it('a trusted workspace\'s value wins over the user\'s, the folder\'s over the workspace\'s', () => {
    assert.equal(effectiveEndpointsValue({ globalValue: user, workspaceValue: repo }, true), repo);
    const folder = [{ name: 'folder', runtimeApi: '/x.sock' }];
    assert.equal(effectiveEndpointsValue({ globalValue: user, workspaceValue: repo, workspaceFolderValue: folder }, true), folder);
    assert.equal(effectiveEndpointsValue({ globalValue: user }, true), user);
  });
});

describe('finding servers in haproxy.cfg text', () => {
  it('finds server NAME inside its backend only', () => {
    assert.deepEqual(findServerLine(config, 'be_web', 'web2'), { line: 6, column: 11 });
    assert.equal(findServerLine(config, 'be_web', 'web9'), undefined, 'commented-out lines do not count');
    assert.equal(findServerLine(config, 'be_api', 'web1'), undefined, 'another backend\'s server is not found');
    assert.equal(findServerLine(config, 'nope', 'web1'), undefined);
  });

  it('places a new server line after the last server, with the section\'s indentation', () => {
    const web = findProxySection(config, 'be_web')!;
    assert.equal(serverInsertionLine(web), 7);
    assert.equal(serverConfigLine(web.indent, 'web3', '10.0.0.3:80', ['check']), '    server web3 10.0.0.3:80 check');
    const api = findProxySection(config, 'be_api')!;
    assert.equal(api.indent, '  ');
    assert.equal(serverInsertionLine(api), 12, 'after the section\'s last line when it has no server');
  });
});

describe('action input', () => {
  it('reads weights as 0..256 or N%, refusing the rest with the reason', () => {
    assert.equal(parseWeightInput('50'), 50);
    assert.equal(parseWeightInput(' 50% '), '50%');
    assert.equal(parseWeightInput('0'), 0);
    assert.throws(() => parseWeightInput('257'), /257 is out of range 0..256/);
    assert.throws(() => parseWeightInput('heavy'), /must be a whole number from 0 to 256/);
    assert.throws(() => parseWeightInput('1.5%'), /whole number followed by '%'/);
    assert.throws(() => parseWeightInput(''), /weight/);
  });

  it('applies to the whole selection only when the clicked server is part of it', () => {
    const model = new EndpointModel('e', 'x');
    const server = (name: string): AnyNode => ({
      id: `ep:e/be:b/srv:${name}`, kind: 'server', endpointName: 'e', backend: 'b', name, highlighted: false,
      presentation: { label: name, description: '', icon: '', contextValue: 'server.up', warning: false },
      server: { backend: 'b', name, status: 'up', statusText: 'UP', adminState: 'ready', backup: false, sessions: {}, queue: {}, check: {}, counters: {} },
    });
    const [a, b, c] = [server('a'), server('b'), server('c')];
    const names = (nodes: readonly AnyNode[]) => nodes.map((n) => n.presentation.label);
    assert.deepEqual(names(targetServers(a, [a, b], [])), ['a', 'b']);
    assert.deepEqual(names(targetServers(c, [a, b], [])), ['c']);
    assert.deepEqual(names(targetServers(undefined, undefined, [b, model.node, c])), ['b', 'c'], 'palette: the view selection\'s servers');
    assert.deepEqual(names(targetServers(model.node, [model.node], [])), []);
  });
});

describe('backend 5xx rate since the last refresh', () => {
  const proxy = (http2xx: number, http5xx: number): ProxySnapshot => ({
    name: 'be', kind: 'backend', status: 'UP', sessions: {}, queue: {}, counters: { http2xx, http5xx, http4xx: 0 },
  });
  it('is the share of 5xx among responses counted in between', () => {
    assert.equal(recent5xxRate(proxy(110, 10), proxy(100, 0)), 0.5);
    assert.equal(recent5xxRate(proxy(100, 0), undefined), undefined, 'no previous snapshot');
    assert.equal(recent5xxRate(proxy(100, 0), proxy(100, 0)), undefined, 'no traffic');
    assert.equal(recent5xxRate(proxy(5, 0), proxy(100, 3)), undefined, 'counters were cleared');
  });
});
