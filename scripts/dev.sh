#!/usr/bin/env bash
# Set-up and run on a fresh machine, the README's two commands:
#   bash scripts/dev.sh start   the app (the demo when no AWS profile exists)
#   bash scripts/dev.sh test    every check and test suite (what CI runs)
# It installs only what is missing: a Node 22 when the machine's node is older (from the npm
# registry, into .tools/ in this checkout, never over the system's), Debian's Chromium for the
# browser suite (when run as root on Debian), and the project's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-test}"

# Electron 45 embeds Node 22 and its tooling asks for >= 22.12; the module hooks the boot specs
# use (module.registerHooks) arrived in 22.15.
need_major=22 need_minor=15
node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local v
  v="$(node -p 'process.versions.node')"
  local major="${v%%.*}" rest="${v#*.}"
  local minor="${rest%%.*}"
  [ "$major" -gt "$need_major" ] || { [ "$major" -eq "$need_major" ] && [ "$minor" -ge "$need_minor" ]; }
}
if ! node_ok; then
  tools="$PWD/.tools/node22"
  if [ ! -x "$tools/node_modules/.bin/node" ]; then
    # The per-platform package carries the binary itself: no install script, no download
    # outside the registry.
    platform="$(node -p 'process.platform + "-" + (process.arch === "x64" ? "x64" : process.arch)')"
    echo "dev: the machine's node is $(node --version); installing Node 22 (node-$platform) into .tools/node22"
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "node-$platform@22" >/dev/null
    mkdir -p "$tools/node_modules/.bin"
    ln -sf "../node-$platform/bin/node" "$tools/node_modules/.bin/node"
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
fi
echo "dev: node $(node --version)"

if [ "$what" = test ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "dev: installing Debian's chromium for the browser e2e suite"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

# Dependencies, again only when package-lock.json changed since the last install.
stamp=node_modules/.lfr-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  # Where Electron's binary cannot be downloaded (this project's CI, build machines), its types
  # still install, so the shell is type-checked, and the Electron e2e suite says it skips.
  if [ "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" = 1 ]; then
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  elif ! npm ci --no-audit --no-fund; then
    echo "dev: Electron's download failed; installing without its binary (npm start offers the browser preview)"
    ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
  fi
  touch "$stamp"
fi

case "$what" in
  test) exec npm test ;;
  start) exec npm start ;;
  *) exec npm run "$what" ;;
esac
