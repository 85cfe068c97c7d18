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
  # The ldflags of helm's Makefile (v3.22.0): the version helm reports, and the default Kubernetes
  # version (client-go v0.X -> 1.X) that `helm template` assumes without --kube-version.
  gomod=$(go mod download -json "helm.sh/helm/v3@${version}" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
  k8s_minor=$(sed -n 's#^\s*k8s.io/client-go v0\.\([0-9]*\)\..*#\1#p' "$gomod")
  ldflags="-w -s -X helm.sh/helm/v3/internal/version.version=${version}"
  for pkg in pkg/lint/rules pkg/chartutil; do
    ldflags+=" -X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1 -X helm.sh/helm/v3/${pkg}.k8sVersionMinor=${k8s_minor}"
  done
  CGO_ENABLED=0 GOBIN="$cache" go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@${version}" >&2
  echo "built helm ${version} (default Kubernetes 1.${k8s_minor}) in $(( $(date +%s) - start )) s into $cache" >&2
fi
echo "$helm"
