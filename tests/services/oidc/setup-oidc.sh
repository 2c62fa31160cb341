#!/usr/bin/env bash
# Install the loopback OpenID Provider's npm packages (idempotent: skipped when the lockfile
# has not changed since the last install).
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ]; then
  echo "oidc-provider packages already installed"; exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
touch "$stamp"
echo "oidc-provider packages installed"
