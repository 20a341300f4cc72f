#!/usr/bin/env bash
# The Debian packages the tests need and pip cannot install: headless chromium and its driver
# (browser tests, PDF briefs), redis-server (the shared-cache tests start their own),
# PostgreSQL (the programme store's tests on a private cluster: tests/postgres.py) and nginx
# with its brotli modules (the two-host tests behind a real reverse proxy: deploy/).
# Run by `make test` and by .ci/run. As root it installs what is missing; otherwise it prints
# the one command that would, and fails, so a test run never stops half-way on a missing tool.
set -euo pipefail

declare -A provides=([chromium]=chromium [chromedriver]=chromium-driver [redis-server]=redis-server [nginx]=nginx)
missing=()
for command in "${!provides[@]}"; do
  command -v "$command" >/dev/null || PATH="$PATH:/usr/sbin" command -v "$command" >/dev/null || missing+=("${provides[$command]}")
done
# Debian keeps PostgreSQL's server programs off PATH, in /usr/lib/postgresql/<version>/bin.
command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
for module in brotli-static brotli-filter; do
  [[ -e /usr/lib/nginx/modules/ngx_http_${module/-/_}_module.so ]] || missing+=("libnginx-mod-http-$module")
done
((${#missing[@]})) || exit 0

install=(apt-get install -y -qq --no-install-recommends "${missing[@]}")
if [[ $(id -u) -ne 0 ]]; then
  echo "migdash: the tests need ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo ${install[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "migdash: the tests need ${missing[*]} (Debian/Ubuntu packages); install them with your system's package manager." >&2
  exit 1
fi
echo "migdash: installing ${missing[*]} (Debian packages the tests need)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
"${install[@]}"
