// The server/bind, expression, rule, reference and duplicate checks agree with the real haproxy -c
// (Debian 2.6.12 at /usr/sbin/haproxy, or $HAPROXY_BIN) on lines each check is about: HAProxy
// refuses the config exactly when the analysis reports an error. Skipped when no binary exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findingsOf } from './checkHelpers';

const HAPROXY = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';
const available = existsSync(HAPROXY) && spawnSync(HAPROXY, ['-v'], { timeout: 10_000 }).status === 0;

interface Case { where: 'frontend' | 'backend' | 'before'; lines: string[] }

/** Near misses and triggers: each is checked both ways against haproxy -c. */
const CASES: Case[] = [
  // server lines
  { where: 'backend', lines: ['server s1 10.0.0.1:70000'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:0'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:+1'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80-90'] },
  { where: 'backend', lines: ['server s1 10.0.0.300:80'] },
  { where: 'backend', lines: ['server s1 unix@/run/app.sock'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 weight 256'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 weight 257'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 weight abc'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 check inter 10x'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 check inter 10sec'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 checks'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 no-check no-backup'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 no-weight'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 cookie check'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 check inter'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:443 ssl'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:443 ssl verify none'] },
  { where: 'backend', lines: ['server s1 10.0.0.1 check'] },
  { where: 'backend', lines: ['server s1 10.0.0.1 check port 8080'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80', 'server s2 10.0.0.2:80 track s1'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80 check', 'server s2 10.0.0.2:80 track s1'] },
  { where: 'backend', lines: ['server s1 10.0.0.1:80', 'server s1 10.0.0.2:80'] },
  { where: 'backend', lines: ['server-template web 1-3 10.0.0.1:80', 'use-server web3 if { path /x }'] },
  { where: 'backend', lines: ['server-template web 1-3 10.0.0.1:80', 'use-server web4 if { path /x }'] },
  // bind lines
  { where: 'frontend', lines: ['bind :0'] },
  { where: 'frontend', lines: ['bind :8000-8010'] },
  { where: 'frontend', lines: ['bind :9000,:9001'] },
  { where: 'frontend', lines: ['bind 10.0.0.1'] },
  { where: 'frontend', lines: ['bind :9443 ssl-cert /x.pem'] },
  { where: 'frontend', lines: ['bind :9444 ssl'] },
  // expressions and ACLs
  { where: 'frontend', lines: ['acl a hdr_beg(host) -i api.', 'http-request deny if a'] },
  { where: 'frontend', lines: ['acl a req_host -i api.', 'http-request deny if a'] },
  { where: 'frontend', lines: ['acl a path -m begin /api', 'http-request deny if a'] },
  { where: 'frontend', lines: ['acl a src 10.0.0.0/8 ::1', 'http-request deny if a'] },
  { where: 'frontend', lines: ['acl a src 10.0.0.300', 'http-request deny if a'] },
  { where: 'frontend', lines: ['acl a url_len -1', 'http-request deny if a'] },
  { where: 'frontend', lines: ['acl a url_len -- -1', 'http-request deny if a'] },
  { where: 'frontend', lines: ['acl a path_reg ^(a', 'http-request deny if a'] },
  { where: 'frontend', lines: ['http-request set-var(txn.h) hdr_beg(host)'] },
  { where: 'frontend', lines: ['http-request set-var(txn.h) req.hdr(host),field(1,:),lower'] },
  { where: 'frontend', lines: ['http-request set-header X-H %[req.hdr(host),lowercase]'] },
  { where: 'frontend', lines: ["http-request set-var(txn.q) 'path,regsub(\"(a|b)\",x)'"] },
  { where: 'frontend', lines: ['http-request return status 200 content-type text/plain string "%[nosuchfetch]"'] },
  // rules and conditions
  { where: 'frontend', lines: ['http-request block'] },
  { where: 'frontend', lines: ['http-request set-header X-Only'] },
  { where: 'frontend', lines: ['http-request redirect code 301 location /x'] },
  { where: 'frontend', lines: ['http-request deny deny_status 414'] },
  { where: 'frontend', lines: ['http-request set-timeout server 2s'] },
  { where: 'frontend', lines: ['http-request set-var(foo) str(x)'] },
  { where: 'frontend', lines: ['http-request deny if { src 1.2.3.4'] },
  { where: 'frontend', lines: ['http-request deny if'] },
  { where: 'frontend', lines: ['http-request deny if TRUE OR FALSE'] },
  // references
  { where: 'frontend', lines: ['use_backend nowhere if TRUE'] },
  { where: 'frontend', lines: ['http-request deny if later', 'acl later path /x'] },
  { where: 'frontend', lines: ['http-request track-sc0 src'] },
  { where: 'frontend', lines: ['stick-table type ip size 1k', 'http-request track-sc0 src'] },
  { where: 'before', lines: ['backend be', '    server s9 10.0.0.9:80'] },
  { where: 'before', lines: ['frontend be', '    bind :9500', '    default_backend be'] },
];

function config(c: Case): string {
  const indent = (lines: string[]) => lines.map((l) => `    ${l}`);
  return [
    'defaults', '    mode http', '    timeout connect 5s', '    timeout client 5s', '    timeout server 5s',
    'frontend fe', '    bind 127.0.0.1:18099', ...(c.where === 'frontend' ? indent(c.lines) : []), '    default_backend be',
    'backend be', ...(c.where === 'backend' ? indent(c.lines) : ['    server s0 127.0.0.1:1']),
    ...(c.where === 'before' ? c.lines : []),
    '',
  ].join('\n');
}

test('haproxy -c refuses a config exactly when the analysis reports an error', { skip: !available && `no ${HAPROXY}` }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'haproxy-agreement-'));
  try {
    const disagreements: string[] = [];
    CASES.forEach((c, i) => {
      const text = config(c);
      const file = join(dir, `case${i}.cfg`);
      writeFileSync(file, text);
      const run = spawnSync(HAPROXY, ['-c', '-q', '-f', file], { timeout: 20_000, encoding: 'utf8' });
      assert.ok(run.status !== null, `haproxy -c finished for ${c.lines.join(' / ')}`);
      const refused = run.status !== 0 && run.status !== 2; // 2: valid but no listener
      const errors = findingsOf(text).filter((f) => f.severity === 'error');
      if (refused !== errors.length > 0) {
        disagreements.push(`${c.lines.join(' / ')}: haproxy ${refused ? 'refuses' : 'accepts'}, analysis ${errors.map((e) => e.code).join(', ') || 'no error'}`);
      }
    });
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
