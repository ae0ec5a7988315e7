#!/usr/bin/env bash
# Prepares a Debian machine with Node 20 for the demo and the tests:
#   - Debian packages: kcat (a real Kafka client, librdkafka), chromium (a real browser for VS Code),
#     the build headers code-server's native modules need, OpenSSH, microsocks and iproute2 (`ip netns`)
#     for the tunnel tests and the simulated VPC;
#   - npm packages of this repository (npm ci);
#   - Node 24 and code-server 4.139.1, cached outside the repository (see .ci/tools.sh).
# Uses sudo for apt-get when not run as root. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(kcat chromium zstd lz4 unzip libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev g++ make python3 openssh-server openssh-client microsocks iproute2)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "[setup] installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "[setup] Node $(node -v) is too old: install Node 20 or newer" >&2
  exit 1
fi

echo "[setup] npm ci" >&2
npm ci --no-audit --no-fund >&2

bash .ci/tools.sh >/dev/null
echo "[setup] ready" >&2
