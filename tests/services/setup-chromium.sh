#!/usr/bin/env bash
# Debian chromium for Playwright (no browser download is possible here). Idempotent.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
if command -v chromium >/dev/null 2>&1; then
  chromium --version 2>/dev/null | head -1
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt_get update -qq
# Name the running PostgreSQL packages so apt never upgrades the shared server underneath us.
held=()
for pkg in postgresql-15 postgresql-client-15; do
  version=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
  [ -n "$version" ] && held+=("$pkg=$version")
done
apt_get install -y -qq --no-install-recommends chromium "${held[@]}" >/dev/null
chromium --version 2>/dev/null | head -1
