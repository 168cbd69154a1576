// A realistic configuration shared by the navigation, rename, symbols, folding and semantic token
// tests, with helpers to find positions by text instead of hard-coded columns.
import type { Position, Range } from 'vscode-languageserver';

export const NAV_CONFIG = `# Edge load balancer
# managed by hand
global
    log ring@logbuf local0
    stats socket /run/haproxy.sock mode 660 level admin

ring logbuf
    size 32764

userlist admins
    group ops users alice,bob
    user alice password $5$abc groups ops
    user bob insecure-password secret

resolvers dns
    nameserver ns1 10.0.0.53:53

peers mesh
    peer lb1 10.0.0.1:10000
    table sessions type ip size 100k expire 30m

cache static
    total-max-size 64

http-errors site-errors
    errorfile 503 /etc/haproxy/errors/503.http

defaults base
    mode http
    timeout client 30s

frontend fe_main from base
    bind :443 ssl crt /etc/haproxy/site.pem
    bind :80
    acl is_api path_beg /api
    acl is_admin path_beg /admin
    acl is_admin path_beg /manage
    http-request auth realm admin if is_admin !{ http_auth(admins) }
    http-request deny if is_admin !{ http_auth_group(admins) ops }
    http-request cache-use static
    http-request track-sc0 src table be_api
    http-request deny deny_status 429 if { sc_http_req_rate(0,mesh/sessions) gt 100 }
    errorfiles site-errors
    use_backend be_api if is_api METH_GET
    use_backend be_api if { nbsrv(be_api) gt 0 } is_api
    default_backend be_web

frontend fe_other from base
    bind :8080
    acl is_api path_beg /v2
    use_backend be_web if is_api

backend be_api
    stick-table type ip size 1m peers mesh
    server a1 10.0.1.1:80 check resolvers dns
    server a2 10.0.1.2:80 track be_web/w1
    use-server a2 if { srv_is_up(be_web/w1) }

backend be_web
.if defined(WITH_CANARY)
    server canary 10.0.2.9:80
.else
    server w0 10.0.2.0:80
.endif
.if version_atleast(99.0)
    server future 10.0.2.8:80
.endif
    server w1 10.0.2.1:80 check
    server w2 10.0.2.2:80 track w1
    http-request return status 503 if { srv_is_up(w2) } undefined_acl
`;

/** Position of the `nth` (0-based) occurrence of `needle` in `text`, plus `offset` characters. */
export function positionOf(text: string, needle: string, nth = 0, offset = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${nth + 1} times`);
  }
  return offsetToPosition(text, at + offset);
}

/** Range of the `nth` occurrence of `needle`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  const start = positionOf(text, needle, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

/** Range of `name` inside the `nth` occurrence of `context` (e.g. the `w1` of `track be_web/w1`). */
export function rangeIn(text: string, context: string, name: string, nth = 0): Range {
  const start = positionOf(text, context, nth, context.indexOf(name));
  return { start, end: { line: start.line, character: start.character + name.length } };
}

export function lineOf(text: string, needle: string, nth = 0): number {
  return positionOf(text, needle, nth).line;
}

function offsetToPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** "line:start-end" of a range, to compare lists of ranges readably. */
export function at(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.character}`;
}
