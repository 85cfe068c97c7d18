#!/usr/bin/env bash
# `npm run e2e`: builds (or reuses) the toolchain, starts the loopback control plane, runs the lifecycle
# test (tests/e2e/lifecycle.ts) against it, and stops the control plane whatever happened.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

env_file="$("$here/build-toolchain.sh" | tail -n 1)"
# shellcheck disable=SC1090
source "$env_file"

charts="$("$here/charts-dir.sh")"
[[ -n "$charts" ]] || { echo "e2e: no chart sources (set E2E_CHARTS_DIR to a directory of <chart>/chart)" >&2; exit 1; }

cluster_dir="$(mktemp -d "${TMPDIR:-/tmp}/atlasia-e2e-cluster.XXXXXX")"
trap '"$here/control-plane.sh" stop "$cluster_dir"' EXIT
start=$SECONDS
"$here/control-plane.sh" start "$cluster_dir"
echo "e2e: control plane up in $((SECONDS - start)) s"

cd "$repo"
E2E_KUBECONFIG="$cluster_dir/kubeconfig" E2E_CONTEXT=e2e \
E2E_PULUMI_ROOT="$(dirname "$E2E_PULUMI_BIN")" \
E2E_KUBERNETES_PROVIDER_DIR="$E2E_KUBERNETES_PROVIDER_DIR" \
E2E_CHARTS_DIR="$charts" \
  node --import tsx tests/e2e/lifecycle.ts
