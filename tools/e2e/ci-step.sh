#!/usr/bin/env bash
# The e2e step for .ci/run: the toolchain build (cold: see docs/e2e.md for times) and the lifecycle run,
# each timed, so CI's log shows what the step costs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# CI has the machine to itself: both cores compile (sessions share the machine and keep -p=1).
if [[ "${CI:-}" == true ]]; then export E2E_GOFLAGS="${E2E_GOFLAGS:--p=2}"; fi
start=$SECONDS
"$here/build-toolchain.sh" > /dev/null
echo "e2e: toolchain ready in $((SECONDS - start)) s"
start=$SECONDS
status=0
"$here/run.sh" || status=$?
echo "e2e: lifecycle run took $((SECONDS - start)) s"
exit $status
