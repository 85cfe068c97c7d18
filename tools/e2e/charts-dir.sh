#!/usr/bin/env bash
# Prints the directory of chart sources (<chart>/chart) the offline e2e run installs from: E2E_CHARTS_DIR,
# else ../shared/charts beside the project (or beside its worktree folder); nothing when there is none.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
for candidate in "${E2E_CHARTS_DIR:-}" "$repo/../shared/charts" "$repo/../../shared/charts"; do
  if [[ -n "$candidate" && -d "$candidate" ]]; then (cd "$candidate" && pwd); exit 0; fi
done
