// A realistic generated haproxy.cfg of about N lines for the analysis benchmark: a global section
// with a stats socket, defaults with timeouts and health-check defaults, an HTTP frontend routing
// thousands of host names to their backends with ACLs, and backends with health-checked servers.
// `haproxy -c` (2.6+) accepts it: the benchmark checks the exit code.

const SERVERS_PER_BACKEND = 8;

export function generateAnalysisConfig(lines: number): string {
  // Each backend costs its routing lines in the frontend (2) plus its own block (5 + servers).
  const backends = Math.max(1, Math.floor((lines - 40) / (2 + 5 + SERVERS_PER_BACKEND)));
  const out: string[] = [
    'global',
    '    log stdout format raw local0',
    '    maxconn 200000',
    '    stats socket /run/haproxy/admin.sock mode 660 level admin',
    '    tune.ssl.default-dh-param 2048',
    '',
    'defaults',
    '    mode http',
    '    log global',
    '    option httplog',
    '    option dontlognull',
    '    option forwardfor',
    '    retries 3',
    '    timeout connect 5s',
    '    timeout client 30s',
    '    timeout server 30s',
    '    timeout http-request 10s',
    '    default-server inter 3s fall 3 rise 2',
    '',
    'frontend fe_http',
    '    bind 127.0.0.1:18080',
    '    bind 127.0.0.1:18443',
    '    acl is_health path /healthz',
    '    acl is_internal src 10.0.0.0/8 192.168.0.0/16',
    '    http-request return status 200 content-type text/plain string ok if is_health',
    '    http-request deny deny_status 403 if { path_beg /admin } !is_internal',
    '    http-request set-header X-Forwarded-Proto https if { dst_port 18443 }',
  ];
  for (let b = 0; b < backends; b++) {
    out.push(`    acl host_app${b} hdr(host) -i app${b}.example.com app${b}.example.net`);
    out.push(`    use_backend be_app${b} if host_app${b} !is_health`);
  }
  out.push('    default_backend be_app0', '');
  for (let b = 0; b < backends; b++) {
    out.push(`backend be_app${b}`);
    out.push(b % 3 === 0 ? '    balance leastconn' : '    balance roundrobin');
    out.push('    option httpchk GET /health');
    out.push('    http-check expect status 200');
    for (let s = 0; s < SERVERS_PER_BACKEND; s++) {
      const weight = 10 + ((b + s) % 90);
      out.push(`    server app${b}_${s} 10.${(b >> 8) & 255}.${b & 255}.${s + 1}:8080 check inter 2s fall 3 rise 2 weight ${weight} maxconn 500`);
    }
    out.push('');
  }
  return out.join('\n');
}
