// The spec side: generated types are current, the validator used by the test server really
// refuses what the spec forbids, and the config text editor keeps unrelated lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigText } from './configText';
import { bindFromWords, bindLine, httpRequestRuleFromWords, serverFromWords, serverLine, words } from './objects';
import { specBackend } from './spec';

const root = join(__dirname, '..', '..', '..');

test('generated Data Plane API types match the specs (run scripts/gen-dataplane-types.mjs if not)', () => {
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'gen-dataplane-types.mjs'), '--check'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
});

function request(path: string, body: unknown, query: Record<string, string> = { transaction_id: 'x' }) {
  return { method: 'post', path, query, headers: { 'content-type': 'application/json' }, body };
}

test('v3 validator: composed objects accept their fields and refuse unknown ones', async () => {
  const api = await specBackend('v3');
  const serverPath = '/v3/services/haproxy/configuration/backends/be/servers';
  const ok = request(serverPath, { name: 's1', address: '10.0.0.1', port: 80, weight: 5, check: 'enabled', 'send-proxy': 'enabled' });
  assert.equal(api.validator.validateRequest(ok, api.router.matchOperation(ok)).valid, true);
  const unknown = request(serverPath, { name: 's1', address: '10.0.0.1', wieght: 5 });
  const refused = api.validator.validateRequest(unknown, api.router.matchOperation(unknown));
  assert.equal(refused.valid, false);
  assert.match(JSON.stringify(refused.errors), /wieght/);
  const badPort = request(serverPath, { name: 's1', address: '10.0.0.1', port: 70000 });
  assert.equal(api.validator.validateRequest(badPort, api.router.matchOperation(badPort)).valid, false);
  const bind = request('/v3/services/haproxy/configuration/frontends/fe/binds', { name: 'b', address: '127.0.0.1', port: 80, ssl: true });
  assert.equal(api.validator.validateRequest(bind, api.router.matchOperation(bind)).valid, true);
});

test('v3 validator: responses with wrong shapes are refused', async () => {
  const api = await specBackend('v3');
  const operation = api.router.getOperation('startTransaction');
  assert.ok(operation);
  assert.equal(api.validator.validateResponse({ _version: 1, id: 'a', status: 'in_progress' }, operation, 201).valid, true);
  assert.equal(api.validator.validateResponse({ _version: 1, id: 'a', status: 'bogus' }, operation, 201).valid, false);
  assert.equal(api.validator.validateResponse({ code: 429, message: 'too many' }, operation, 429).valid, true);
});

test('v2 validator: the converted Swagger 2 spec routes flat child paths with ?backend=', async () => {
  const api = await specBackend('v2');
  const req = request('/v2/services/haproxy/configuration/servers', { name: 's1', address: '10.0.0.1', port: 80 }, { backend: 'be', version: '1' });
  const operation = api.router.matchOperation(req);
  assert.equal(operation?.operationId, 'createServer');
  assert.equal(api.validator.validateRequest(req, operation).valid, true);
});

test('config text: sections, unnamed defaults, and edits keep other lines', () => {
  const config = new ConfigText('global\n    daemon\n\ndefaults\n    mode http\n\nbackend be\n    # keep me\n    balance roundrobin\n    server a 10.0.0.1:80 check\n');
  assert.equal(config.version, 1);
  assert.deepEqual(config.sections().map((s) => `${s.type}:${s.name}`), ['global:', 'defaults:unnamed_defaults_1', 'backend:be']);
  const backend = config.section('backend', 'be');
  assert.ok(backend);
  const [server] = config.directives(backend, 'server');
  config.insertDirective(backend, 'server b 10.0.0.2:80', server.line);
  config.version = 7;
  assert.equal(config.toString(), '# _version=7\nglobal\n    daemon\n\ndefaults\n    mode http\n\nbackend be\n    # keep me\n    balance roundrobin\n    server a 10.0.0.1:80 check\n    server b 10.0.0.2:80\n');
  assert.deepEqual(words('  server a 10.0.0.1:80 check # trailing'), ['server', 'a', '10.0.0.1:80', 'check']);
});

test('config objects: server, bind and rule lines round-trip through the API shapes', () => {
  const server = serverFromWords(words('server web1 [2001:db8::1]:8080 check inter 2s weight 50 backup disabled'));
  assert.deepEqual(server, { name: 'web1', address: '2001:db8::1', port: 8080, check: 'enabled', inter: 2000, weight: 50, backup: 'enabled', maintenance: 'enabled' });
  assert.equal(serverLine(server), 'server web1 [2001:db8::1]:8080 check inter 2000 weight 50 backup disabled');
  assert.throws(() => serverLine({ name: 'x', address: '1.2.3.4', agent_unknown: 1 }), /cannot write field 'agent_unknown'/);
  const bind = bindFromWords(words('bind 127.0.0.1:8443 name tls ssl crt /etc/cert.pem'));
  assert.deepEqual(bind, { name: 'tls', address: '127.0.0.1', port: 8443, ssl: true, ssl_certificate: '/etc/cert.pem' });
  assert.equal(bindLine(bind), 'bind 127.0.0.1:8443 name tls ssl crt /etc/cert.pem');
  assert.deepEqual(httpRequestRuleFromWords(words('http-request set-header X-Forwarded-Proto https if { ssl_fc }')), {
    type: 'set-header', hdr_name: 'X-Forwarded-Proto', hdr_format: 'https', cond: 'if', cond_test: '{ ssl_fc }',
  });
});
