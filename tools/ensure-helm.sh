#!/usr/bin/env bash
# Prints the path of a helm v3.22.0 binary, building it from its Go module (helm.sh/helm/v3) into a
# cache outside the repository the first time. Needs Go and the Go module proxy; no other network.
set -euo pipefail
version="v3.22.0"
cache="${ATLASIA_TOOLS_CACHE:-$HOME/.cache/atlasia-tools}/helm-${version}"
helm="$cache/helm"
if [ ! -x "$helm" ] || ! "$helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$version"; then
  command -v go >/dev/null || { echo "error: go is needed to build helm $version (or put helm in $cache)" >&2; exit 1; }
  mkdir -p "$cache"
  start=$(date +%s)
  # -ldflags sets the version helm reports (the Makefile does the same); CGO off gives a static binary.
  CGO_ENABLED=0 GOBIN="$cache" go install \
    -ldflags "-X helm.sh/helm/v3/internal/version.version=${version}" \
    "helm.sh/helm/v3/cmd/helm@${version}" >&2
  echo "built helm ${version} in $(( $(date +%s) - start )) s into $cache" >&2
fi
echo "$helm"
