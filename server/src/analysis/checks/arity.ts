// How many arguments HAProxy's own parser demands of a keyword, where it enforces a count. The
// manual's synopses are too loose to decide this alone (optional parts, several forms, arguments
// HAProxy silently ignores), so each entry here was checked with haproxy -c 2.6.12: with fewer
// arguments than `min` it refuses the line, and with more than `max` it says "cannot handle
// unexpected argument". Keywords absent from the table, or ANY as max, are not counted.
// Server, bind, log and rule keywords have checks of their own.

/** No upper bound enforced. */
export const ANY = -1;

export type Arity = readonly [min: number, max: number];

const ARITY: Readonly<Record<string, Readonly<Record<string, Arity>>>> = {
  'global': {
    'tune.ssl.default-dh-param': [1, 1],
    'user': [1, 1], 'group': [1, 1], 'busy-polling': [0, 0], 'ca-base': [1, 1], 'chroot': [1, 1], 'close-spread-time': [1, ANY],
    'cluster-secret': [1, 1], 'crt-base': [1, 1], 'daemon': [0, 0], 'description': [1, ANY], 'external-check': [0, 0],
    'fd-hard-limit': [1, 1], 'gid': [1, 1], 'grace': [1, ANY], 'h1-accept-payload-with-any-method': [0, 0], 'h1-case-adjust': [2, 2],
    'h1-case-adjust-file': [1, 1], 'h2-workaround-bogus-websocket-clients': [0, 0], 'hard-stop-after': [1, ANY],
    'httpclient.resolvers.id': [0, 1], 'httpclient.resolvers.prefer': [1, 1], 'httpclient.ssl.ca-file': [0, 1],
    'insecure-fork-wanted': [0, 0], 'insecure-setuid-wanted': [0, 0], 'localpeer': [1, 1], 'log-tag': [1, 1],
    'lua-prepend-path': [1, ANY], 'max-spread-checks': [1, 1], 'maxcompcpuusage': [1, 1], 'maxcomprate': [1, 1],
    'maxconn': [1, 1], 'maxconnrate': [1, 1], 'maxpipes': [1, 1], 'maxsessrate': [1, 1], 'maxsslconn': [1, 1],
    'maxsslrate': [1, 1], 'maxzlibmem': [1, 1], 'mworker-max-reloads': [0, 1], 'nbthread': [1, 1],
    'no-memory-trimming': [0, 0], 'node': [1, 1], 'noepoll': [0, 0], 'noevports': [0, 0], 'nogetaddrinfo': [0, 0],
    'nokqueue': [0, 0], 'nopoll': [0, 0], 'noreuseport': [0, 0], 'nosplice': [0, 0], 'pidfile': [1, 1],
    'pp2-never-send-local': [0, 0], 'presetenv': [2, ANY], 'profiling.tasks': [1, 1], 'quiet': [0, 0],
    'server-state-base': [1, ANY], 'server-state-file': [1, ANY], 'set-dumpable': [0, 0], 'setenv': [2, ANY],
    'spread-checks': [1, 1], 'ssl-default-bind-ciphers': [1, 1], 'ssl-default-bind-ciphersuites': [1, 1],
    'ssl-default-bind-curves': [1, 1], 'ssl-default-server-ciphers': [1, 1], 'ssl-default-server-ciphersuites': [1, 1],
    'ssl-load-extra-files': [1, ANY], 'ssl-propquery': [1, ANY], 'ssl-provider-path': [1, ANY], 'stats maxconn': [1, ANY],
    'stats timeout': [1, ANY], 'strict-limits': [0, 0], 'tune.buffers.limit': [1, 1], 'tune.buffers.reserve': [1, 1],
    'tune.bufsize': [1, 1], 'tune.h2.initial-window-size': [0, 1], 'tune.h2.max-concurrent-streams': [0, 1],
    'tune.http.cookielen': [1, 1], 'tune.http.logurilen': [1, 1], 'tune.http.maxhdr': [1, 1],
    'tune.idle-pool.shared': [1, 1], 'tune.idletimer': [1, 1], 'tune.listener.multi-queue': [1, 1],
    'tune.lua.service-timeout': [1, ANY], 'tune.lua.session-timeout': [1, ANY], 'tune.lua.task-timeout': [1, ANY],
    'tune.maxaccept': [1, 1], 'tune.maxpollevents': [1, 1], 'tune.maxrewrite': [1, 1], 'tune.pattern.cache-size': [1, ANY],
    'tune.peers.max-updates-at-once': [1, 1], 'tune.pipesize': [1, 1], 'tune.pool-high-fd-ratio': [1, 1],
    'tune.pool-low-fd-ratio': [1, 1], 'tune.rcvbuf.client': [1, 1], 'tune.rcvbuf.server': [1, 1], 'tune.recv_enough': [1, 1],
    'tune.runqueue-depth': [1, 1], 'tune.sched.low-latency': [1, 1], 'tune.sndbuf.client': [1, 1],
    'tune.sndbuf.server': [1, 1], 'tune.ssl.cachesize': [1, 1], 'tune.ssl.capture-buffer-size': [1, 1],
    'tune.ssl.force-private-cache': [0, 0], 'tune.ssl.hard-maxrecord': [1, 1], 'tune.ssl.keylog': [1, 1],
    'tune.ssl.lifetime': [1, 1], 'tune.ssl.maxrecord': [1, 1], 'tune.ssl.ssl-ctx-cache-size': [1, 1], 'uid': [1, 1],
    'ulimit-n': [1, 1], 'zero-warning': [0, 0],
  },
  'proxy': {
    'errorfile': [2, ANY], 'stick match': [1, ANY], 'stick on': [1, ANY], 'stick store-request': [1, ANY],
    'stick store-response': [1, ANY],
    'backlog': [1, 1], 'capture cookie': [3, ANY], 'capture request header': [3, 3], 'capture response header': [3, 3],
    'clitcpka-cnt': [1, ANY], 'clitcpka-idle': [1, ANY], 'clitcpka-intvl': [1, ANY], 'cookie': [1, ANY],
    'default_backend': [1, 1], 'description': [1, ANY], 'disabled': [0, 0], 'dispatch': [1, 1],
    'dynamic-cookie-key': [1, ANY], 'email-alert level': [1, ANY], 'enabled': [0, 0], 'error-log-format': [1, 1],
    'errorfiles': [1, ANY], 'errorloc': [2, ANY], 'errorloc302': [2, ANY], 'errorloc303': [2, ANY],
    'external-check command': [1, 1], 'external-check path': [1, 1], 'fullconn': [1, 1], 'http-check comment': [1, ANY],
    'http-check disable-on-404': [0, 0], 'http-check send-state': [0, 0], 'http-error': [2, ANY], 'http-reuse': [1, 1],
    'id': [1, 1], 'load-server-state-from-file': [1, ANY], 'log-format': [1, 1], 'log-format-sd': [1, 1],
    'log-tag': [1, ANY], 'max-keep-alive-queue': [1, ANY], 'maxconn': [1, 1], 'mode': [1, 1], 'monitor-uri': [1, 1],
    'option abortonclose': [0, 0], 'option accept-invalid-http-request': [0, 0],
    'option accept-invalid-http-response': [0, 0], 'option allbackups': [0, 0], 'option checkcache': [0, 0],
    'option clitcpka': [0, 0], 'option contstats': [0, 0], 'option disable-h2-upgrade': [0, 0],
    'option dontlog-normal': [0, 0], 'option dontlognull': [0, 0], 'option external-check': [0, 0],
    'option h1-case-adjust-bogus-client': [0, 0], 'option h1-case-adjust-bogus-server': [0, 0],
    'option http-buffer-request': [0, 0], 'option http-ignore-probes': [0, 0], 'option http-keep-alive': [0, 0],
    'option http-no-delay': [0, 0], 'option http-pretend-keepalive': [0, 0], 'option http-restrict-req-hdr-names': [1, 1],
    'option http-server-close': [0, 0], 'option http-use-proxy-header': [0, 0], 'option httpclose': [0, 0],
    'option idle-close-on-response': [0, 0], 'option independent-streams': [0, 0], 'option ldap-check': [0, 0],
    'option log-health-checks': [0, 0], 'option log-separate-errors': [0, 0], 'option logasap': [0, 0],
    'option nolinger': [0, 0], 'option persist': [0, 0], 'option pgsql-check': [2, 2], 'option prefer-last-server': [0, 0],
    'option redis-check': [0, 0], 'option socket-stats': [0, 0], 'option splice-auto': [0, 0],
    'option splice-request': [0, 0], 'option splice-response': [0, 0], 'option spop-check': [0, 0],
    'option srvtcpka': [0, 0], 'option ssl-hello-chk': [0, 0], 'option tcp-check': [0, 0], 'option tcp-smart-accept': [0, 0],
    'option tcp-smart-connect': [0, 0], 'option tcpka': [0, 0], 'option tcplog': [0, 0], 'option transparent': [0, 0],
    'rate-limit sessions': [1, ANY], 'retries': [1, 1], 'source': [1, ANY], 'srvtcpka-cnt': [1, ANY],
    'srvtcpka-idle': [1, ANY], 'srvtcpka-intvl': [1, ANY], 'stats auth': [1, ANY], 'stats realm': [1, ANY],
    'stats refresh': [1, ANY], 'stats scope': [1, ANY], 'stats uri': [1, ANY], 'tcp-check comment': [1, ANY],
    'tcp-check send': [1, ANY], 'tcp-check send-binary-lf': [1, ANY], 'tcp-check send-lf': [1, ANY],
    'tcp-request inspect-delay': [1, ANY], 'tcp-response inspect-delay': [1, ANY], 'timeout check': [1, 1],
    'timeout client': [1, 1], 'timeout client-fin': [1, 1], 'timeout connect': [1, 1], 'timeout http-keep-alive': [1, 1],
    'timeout http-request': [1, 1], 'timeout queue': [1, 1], 'timeout server': [1, 1], 'timeout server-fin': [1, 1],
    'timeout tarpit': [1, 1], 'timeout tunnel': [1, 1], 'unique-id-format': [1, 1], 'unique-id-header': [1, ANY],
    'use-fcgi-app': [1, ANY], 'use_backend': [1, ANY],
  },
  'userlist': {
    'group': [1, ANY], 'user': [1, ANY],
  },
  'mailers': {
    'mailer': [2, ANY], 'timeout': [2, ANY],
  },
  'program': {
    'user': [1, 1], 'group': [1, 1], 'command': [1, ANY], 'option start-on-reload': [0, 0],
  },
  'ring': {
    'backing-file': [1, ANY], 'description': [1, ANY], 'maxlen': [1, ANY], 'size': [1, ANY],
  },
  'log-forward': {
    'backlog': [1, 1], 'maxconn': [1, 1],
  },
  'resolvers': {
    'accepted_payload_size': [1, ANY],
    'hold': [2, ANY], 'nameserver': [2, ANY], 'resolve_retries': [1, ANY], 'timeout': [2, ANY],
  },
  'fcgi-app': {
    'docroot': [1, 1], 'index': [1, 1], 'option get-values': [0, 0], 'option keep-conn': [0, 0], 'option max-reqs': [1, 1],
    'option mpxs-conns': [0, 0], 'pass-header': [1, ANY], 'path-info': [1, 1], 'set-param': [2, ANY],
  },
  'cache': {
    'max-age': [0, 1], 'max-object-size': [0, 1], 'max-secondary-entries': [0, 1], 'process-vary': [0, 1],
    'total-max-size': [0, 1],
  },
  'http-errors': {
    'errorfile': [2, ANY],
  },
};

/** The enforced argument counts of a keyword in a kind of section ("proxy" for defaults/frontend/listen/backend). */
export function arityOf(sectionKind: string, keyword: string): Arity | undefined {
  return ARITY[sectionKind]?.[keyword];
}

/** Every entry, for the test that re-checks the table against the real binary. */
export function arityEntries(): Array<{ sectionKind: string; keyword: string; arity: Arity }> {
  return Object.entries(ARITY).flatMap(([sectionKind, table]) =>
    Object.entries(table).map(([keyword, arity]) => ({ sectionKind, keyword, arity })));
}
