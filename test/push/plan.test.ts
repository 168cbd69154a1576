// The push planner: running text + local text -> named structured operations, or a raw push
// with the list of changes that have no structured form.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { diffLists } from '../../client/src/push/listDiff';
import { planPush, type Plan } from '../../client/src/push/plan';
import type { Operation } from '../../client/src/push/operations';

const running = `global
    maxconn 1000

defaults
    mode http
    timeout client 5s

frontend fe_main
    bind 127.0.0.1:8080
    acl is_api path_beg /api
    acl is_static path_end .css
    http-request deny if { src 10.9.9.9 }
    default_backend http_back

backend http_back
    balance roundrobin
    server web1 10.0.0.1:8080 weight 100 check inter 2s
    server web2 10.0.0.2:8080 check

backend be_old
    server old1 10.0.0.50:80
`;

/** Applies `edits` ([search, replacement] pairs, each must match) to the running text. */
function edit(...edits: Array<[string | RegExp, string]>): string {
  let text = running;
  for (const [search, replacement] of edits) {
    const next = text.replace(search, replacement);
    assert.notEqual(next, text, `edit ${String(search)} matched nothing`);
    text = next;
  }
  return text;
}

const descriptions = (plan: Plan) => plan.operations.map((o) => o.description);
const rawDetails = (plan: Plan) => plan.raw.map((r) => `${r.where}: ${r.detail}`);

describe('push plan: structured operations and their names', () => {
  test('add a server, change a weight', () => {
    const plan = planPush(running, edit(['weight 100', 'weight 50'], ['    server web2 10.0.0.2:8080 check\n', '    server web2 10.0.0.2:8080 check\n    server web3 10.0.0.3:8080\n']));
    assert.equal(plan.method, 'transaction');
    assert.deepEqual(descriptions(plan), ['change weight of web1 in http_back 100 → 50', 'add server web3 10.0.0.3:8080 to http_back']);
    const [change, add] = plan.operations as [Extract<Operation, { kind: 'replace-server' }>, Extract<Operation, { kind: 'create-server' }>];
    assert.deepEqual(change.server, { name: 'web1', address: '10.0.0.1', port: 8080, weight: 50, check: 'enabled', inter: 2000 }, 'a replace sends the whole server');
    assert.deepEqual(add.server, { name: 'web3', address: '10.0.0.3', port: 8080 });
  });

  test('several changes of one server are one operation; flags read on/off; addresses are named', () => {
    const plan = planPush(running, edit(['server web2 10.0.0.2:8080 check', 'server web2 10.0.0.22:8081 maxconn 200 backup']));
    assert.deepEqual(descriptions(plan), ['change web2 in http_back: address 10.0.0.2:8080 → 10.0.0.22:8081, maxconn unset → 200, backup off → on, check on → off']);
  });

  test('deletions, section fields, new and removed backends', () => {
    const plan = planPush(
      running,
      edit(
        ['    server web2 10.0.0.2:8080 check\n', ''],
        ['balance roundrobin', 'balance leastconn'],
        ['default_backend http_back', 'default_backend be_new'],
        [/backend be_old\n.*\n/, 'backend be_new\n    mode http\n    balance first\n    server n1 10.0.1.1:80 check\n'],
      ),
    );
    assert.deepEqual(descriptions(plan), [
      'add backend be_new (mode http, balance first)',
      'change default_backend of frontend fe_main http_back → be_new',
      'change balance of backend http_back roundrobin → leastconn',
      'delete server web2 from http_back',
      'add server n1 10.0.1.1:80 to be_new (check)',
      'delete backend be_old (with its 1 server)',
    ]);
  });

  test('binds, ACLs and http-request rules', () => {
    const plan = planPush(
      running,
      edit(
        ['    bind 127.0.0.1:8080\n', '    bind 127.0.0.1:8080 accept-proxy\n    bind 127.0.0.1:8443 name tls ssl crt /etc/haproxy/site.pem alpn h2,http/1.1\n'],
        ['    acl is_static path_end .css\n', '    acl is_admin path_beg /admin\n'],
        ['http-request deny if { src 10.9.9.9 }', 'http-request deny deny_status 403 if is_admin'],
      ),
    );
    assert.equal(plan.method, 'transaction', rawDetails(plan).join('\n'));
    assert.deepEqual(descriptions(plan), [
      'delete acl is_static (path_end .css) from frontend fe_main (index 1)',
      "delete rule 'http-request deny if { src 10.9.9.9 }' from frontend fe_main (index 0)",
      'change accept-proxy of bind 127.0.0.1:8080 of frontend fe_main off → on',
      "add 'bind 127.0.0.1:8443 name tls ssl crt /etc/haproxy/site.pem alpn h2,http/1.1' to frontend fe_main",
      'add acl is_admin (path_beg /admin) to frontend fe_main at index 1',
      "add rule 'http-request deny deny_status 403 if is_admin' to frontend fe_main at index 0",
    ]);
    const bind = plan.operations.find((o) => o.kind === 'create-bind');
    assert.deepEqual(bind?.kind === 'create-bind' && bind.bind, { name: 'tls', address: '127.0.0.1', port: 8443, ssl: true, ssl_certificate: '/etc/haproxy/site.pem', alpn: 'h2,http/1.1' });
    const rule = plan.operations.find((o) => o.kind === 'create-http-request-rule');
    assert.deepEqual(rule?.kind === 'create-http-request-rule' && rule.rule, { type: 'deny', deny_status: 403, cond: 'if', cond_test: 'is_admin' });
  });

  test('defaults mode is a structured change over v3, raw over v2 (no named defaults there)', () => {
    const local = edit(['    mode http\n    timeout', '    mode tcp\n    timeout']);
    const v3 = planPush(running, local, { api: 'v3' });
    assert.deepEqual(v3.operations.map((o) => [o.kind, 'name' in o ? o.name : '', o.description]), [['update-proxy', 'unnamed_defaults_1', 'change mode of defaults http → tcp']]);
    assert.equal(v3.method, 'transaction');
    const v2 = planPush(running, local, { api: 'v2' });
    assert.equal(v2.method, 'raw');
    assert.deepEqual(rawDetails(v2), ["defaults: changed 'mode http' → 'mode tcp' (defaults settings over the v2 API have no structured operation)"]);
  });

  test('formatting, comments, quoting, option order and time units are not changes', () => {
    const local = `# edited by hand
global
\tmaxconn 1000   # per process

defaults
  mode "http"
  timeout client 5s
frontend fe_main
  bind 127.0.0.1:8080
  acl is_api path_beg /api
  acl is_static path_end .css
  http-request deny if { src 10.9.9.9 }
  default_backend http_back
backend http_back
  balance roundrobin
  server web1 10.0.0.1:8080 check inter 2000 weight 100
  server web2 10.0.0.2:8080 check
backend be_old
  server old1 10.0.0.50:80
`;
    const plan = planPush(running, local);
    assert.equal(plan.method, 'none', JSON.stringify(plan, null, 1));
  });
});

describe('push plan: raw fallback, with the reasons', () => {
  const cases: Array<{ name: string; edits: Array<[string | RegExp, string]>; raw: string[] }> = [
    { name: 'global settings', edits: [['maxconn 1000', 'maxconn 2000']], raw: ["global: changed 'maxconn 1000' → 'maxconn 2000' (global settings have no structured operation)"] },
    {
      name: 'a directive without a structured field',
      edits: [['balance roundrobin\n', 'balance roundrobin\n    timeout server 30s\n']],
      raw: ["backend http_back: added 'timeout server 30s' (these directives have no structured operation)"],
    },
    {
      name: 'one timeout changed, another added (each named for what it is)',
      edits: [['    timeout client 5s\n', '    timeout client 6s\n    timeout server 9s\n']],
      raw: ["defaults: changed 'timeout client 5s' → 'timeout client 6s' (these directives have no structured operation)", "defaults: added 'timeout server 9s' (these directives have no structured operation)"],
    },
    {
      name: 'a server option without a field',
      edits: [['server web2 10.0.0.2:8080 check', 'server web2 10.0.0.2:8080 check redir http://web2.example']],
      raw: ["backend http_back: server web2: option 'redir' has no structured field"],
    },
    {
      name: 'an http-request action outside the structured set',
      edits: [['http-request deny if { src 10.9.9.9 }', 'http-request redirect scheme https unless { ssl_fc }']],
      raw: ['frontend fe_main: http-request redirect rules are pushed as raw configuration (structured: allow, deny, set-header, add-header, del-header)'],
    },
    {
      name: 'use_backend rules',
      edits: [['default_backend http_back', 'use_backend be_old if is_api\n    default_backend http_back']],
      raw: ["frontend fe_main: added 'use_backend be_old if is_api' (these directives have no structured operation)"],
    },
    {
      name: 'an environment variable in an address',
      edits: [['server web2 10.0.0.2:8080 check', 'server web2 "${WEB2}:8080" check']],
      raw: ['backend http_back: server web2 uses an environment variable, which the API would write literally'],
    },
    {
      name: 'a balance algorithm with arguments',
      edits: [['balance roundrobin', 'balance url_param userid']],
      raw: ["backend http_back: 'balance url_param userid' has no structured form (only 'mode X', 'default_backend X' and 'balance' without arguments do)"],
    },
    {
      name: 'an ACL value that needs quoting',
      edits: [['acl is_static path_end .css', 'acl is_static hdr(x-kind) "static files"']],
      raw: ['frontend fe_main: acl is_static: "static files" would need quoting, which the API does not keep'],
    },
    {
      name: 'a new listen section',
      edits: [[/$/, 'listen stats\n    bind :8404\n    stats enable\n']],
      raw: ['listen stats: new listen section (only frontends and backends are created as structured objects)'],
    },
    {
      name: 'lines inside .if blocks',
      edits: [['    server web2 10.0.0.2:8080 check\n', '.if defined(WEB2)\n    server web2 10.0.0.2:8080 check\n.endif\n']],
      raw: ["backend http_back: added '.if defined(WEB2)' (lines of a section with .if blocks have no structured operation)"],
    },
    {
      name: 'a server inserted before others',
      edits: [['    server web1', '    server web0 10.0.0.9:8080\n    server web1']],
      raw: ['backend http_back: servers in the order web0, web1, web2: the API would leave web1, web2, web0 (it appends new servers; the order sets automatic server ids)'],
    },
    {
      name: 'sections in another order',
      edits: [[/(backend http_back\n(?:    .*\n)+)\n(backend be_old\n.*\n)/, '$2\n$1']],
      raw: ['sections: the order of sections changed (the API cannot move sections)'],
    },
  ];
  for (const { name, edits, raw } of cases) {
    test(name, () => {
      const plan = planPush(running, edit(...edits));
      assert.equal(plan.method, 'raw');
      for (const expected of raw) assert.ok(rawDetails(plan).includes(expected), `expected ${JSON.stringify(expected)} in ${JSON.stringify(rawDetails(plan), null, 1)}`);
    });
  }

  test('the structured part of a raw push is still described', () => {
    const plan = planPush(running, edit(['maxconn 1000', 'maxconn 2000'], ['weight 100', 'weight 10']));
    assert.equal(plan.method, 'raw');
    assert.deepEqual(descriptions(plan), ['change weight of web1 in http_back 100 → 10']);
  });
});

describe('push plan: position-keyed lists', () => {
  /** Replays deletions and insertions the way the API applies them, on the old list. */
  function replay(before: string[], after: string[]): string[] {
    const { removed, added } = diffLists(before, after);
    const list = [...before];
    for (const index of [...removed].reverse()) list.splice(index, 1);
    for (const index of added) list.splice(index, 0, after[index] as string);
    return list;
  }

  test('deletions (last first) then insertions (first first) turn the old list into the new one', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 }), fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 }), (before, after) => {
        assert.deepEqual(replay(before, after), after);
        const { removed, added } = diffLists(before, after);
        // Minimal: what is kept is a longest common subsequence.
        assert.equal(before.length - removed.length, after.length - added.length);
      }),
      { seed: 20260101, numRuns: 500 },
    );
  });

  test('ACL operations come out in an order the API can apply', () => {
    const local = edit(['    acl is_api path_beg /api\n    acl is_static path_end .css\n', '    acl a1 src 10.0.0.1\n    acl is_static path_end .css\n    acl a2 src 10.0.0.2\n']);
    const plan = planPush(running, local);
    assert.deepEqual(
      plan.operations.map((o) => `${o.kind}@${'index' in o ? o.index : ''}`),
      ['delete-acl@0', 'create-acl@0', 'create-acl@2'],
    );
  });
});
