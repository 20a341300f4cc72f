#!/usr/bin/env bash
# The Debian packages the tests need and pip cannot install: headless chromium and its driver
# (browser tests, PDF briefs) and redis-server (the shared-cache tests start their own).
# Run by `make test` and by .ci/run. As root it installs what is missing; otherwise it prints
# the one command that would, and fails, so a test run never stops half-way on a missing tool.
set -euo pipefail

declare -A provides=([chromium]=chromium [chromedriver]=chromium-driver [redis-server]=redis-server)
missing=()
for command in "${!provides[@]}"; do
  command -v "$command" >/dev/null || missing+=("${provides[$command]}")
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
