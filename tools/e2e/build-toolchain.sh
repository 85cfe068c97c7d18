#!/usr/bin/env bash
# Builds the e2e toolchain from Go modules into a cache outside the repository, reusing what is there:
#   pulumi                      the Pulumi CLI            (tools/e2e/pulumi-cli/go.mod)
#   pulumi-resource-kubernetes  the Kubernetes provider   (tools/e2e/kubernetes-provider/go.mod)
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok   (tools/e2e/control-plane/go.mod)
# Each wrapper module pins the version and carries the `replace` directives `go install` refuses.
# Usage: build-toolchain.sh [pulumi|kubernetes-provider|control-plane ...]   (default: all)
# Prints the cache's env file (sourced by start-control-plane.sh and the e2e runner) on the last line.
# build-toolchain.sh --missing [...]: builds nothing (needs no Go) and prints the components not in the cache.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${ATLASIA_TOOLS_CACHE:-$HOME/.cache/atlasia-tools}"
# The machine is shared: lowest priority, one compile at a time unless told otherwise.
export GOFLAGS="${E2E_GOFLAGS:--p=1} -buildvcs=false"

check_only=false
if [[ "${1:-}" == "--missing" ]]; then check_only=true; shift; fi
missing=()

# Version of a module as its wrapper's go.mod requires it (read from the file: --missing runs without Go).
module_version() {
  awk -v m="$2" '{ for (i = 1; i < NF; i++) if ($i == m && $(i + 1) ~ /^v[0-9]/) { print $(i + 1); exit } }' "$1/go.mod"
}

# Source directory of module $2 as wrapper module $1 requires it. `go list -m -f {{.Dir}}` alone prints an
# empty Dir for a module whose source is not in the module cache yet (it resolves go.mod files only), as on a
# new machine: `go mod download` fetches the source first (https://go.dev/ref/mod#go-mod-download).
module_dir() {
  local dir
  dir="$(cd "$1" && go mod download "$2" && go list -m -f '{{.Dir}}' "$2")"
  [[ -d "$dir" ]] || { echo "build-toolchain: no source directory for $2 in $1's module graph" >&2; return 1; }
  echo "$dir"
}

# CPU seconds (user + system) of this shell's finished children, from bash's `times` (run in this
# shell, not a command substitution's subshell, whose children are not these).
times_file="$(mktemp)"; trap 'rm -f "$times_file"' EXIT
children_cpu() {
  times > "$times_file"
  tail -n 1 "$times_file" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } printf "%d", s }'
}

# Wall time depends on what else runs; CPU time / 2 is what an idle 2-core machine (CI) needs.
timed() {
  local label="$1"; shift
  local start=$SECONDS cpu_before cpu_after
  children_cpu > "$times_file.before"; cpu_before="$(cat "$times_file.before")"
  "$@"
  children_cpu > "$times_file.after"; cpu_after="$(cat "$times_file.after")"
  rm -f "$times_file.before" "$times_file.after"
  echo "build-toolchain: $label built in $((SECONDS - start)) s wall, $((cpu_after - cpu_before)) s CPU"
}

# `go build -o FINAL` in the wrapper module DIR, made atomic: the binary is linked to FINAL.partial and
# renamed into place only once the build succeeded. `go build` writes a -o target outside its work
# directory by copying into it (cmd/go/internal/work/shell.go, moveOrCopyFile, copyFile), so a build
# killed by the time budget could leave an executable half-written at FINAL, which the next run's
# "present" check (-x) would trust.
go_build_to() {
  local dir="$1" final="$2"; shift 2
  mkdir -p "$(dirname "$final")"
  rm -f "$final.partial"
  (cd "$dir" && nice -n 19 go build -trimpath -o "$final.partial" "$@")
  mv -f "$final.partial" "$final"
}

build_pulumi() {
  local dir="$here/pulumi-cli" version
  version="$(module_version "$dir" github.com/pulumi/pulumi/pkg/v3)"
  pulumi_bin="$cache/pulumi-$version/bin"
  if [[ -x "$pulumi_bin/pulumi" ]]; then echo "build-toolchain: pulumi $version present"; return; fi
  if $check_only; then missing+=(pulumi); return; fi
  timed "pulumi $version" go_build_to "$dir" "$pulumi_bin/pulumi" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_kubernetes_provider() {
  local dir="$here/kubernetes-provider" module=github.com/pulumi/pulumi-kubernetes/provider/v4 version src
  version="$(module_version "$dir" "$module")"
  provider_dir="$cache/pulumi-resource-kubernetes-$version"
  if [[ -x "$provider_dir/pulumi-resource-kubernetes" ]]; then echo "build-toolchain: kubernetes provider $version present"; return; fi
  if $check_only; then missing+=(kubernetes-provider); return; fi
  src="$(module_dir "$dir" "$module")/cmd/pulumi-resource-kubernetes"
  # What the provider's `go generate` (generate.go) writes: the schema with its version, both files minified.
  node -e '
    const fs = require("fs"); const [src, out, version] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(`${src}/schema.json`, "utf8")); schema.version = version;
    fs.writeFileSync(`${out}/schema-embed.json`, JSON.stringify(schema));
    fs.writeFileSync(`${out}/terraform-mapping-embed.json`, JSON.stringify(JSON.parse(fs.readFileSync(`${src}/terraform-mapping.json`, "utf8"))));
  ' "$src" "$dir" "${KUBERNETES_PROVIDER_VERSION}"
  timed "kubernetes provider $version (as ${KUBERNETES_PROVIDER_VERSION})" go_build_to "$dir" "$provider_dir/pulumi-resource-kubernetes" \
    -ldflags "-s -w -X $module/pkg/version.Version=${KUBERNETES_PROVIDER_VERSION}" .
}

build_control_plane() {
  local dir="$here/control-plane" version tool
  version="$(module_version "$dir" k8s.io/kubernetes)"
  control_plane_bin="$cache/control-plane-$version/bin"
  # What `make` stamps (hack/lib/version.sh): unstamped, the API server reports v0.0.0-master, and Helm
  # refuses every chart with a kubeVersion constraint.
  local minor="${version#v1.}"; minor="${minor%%.*}"
  local stamp="-X k8s.io/component-base/version.gitVersion=$version -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/component-base/version.gitTreeState=clean"
  for tool in ./cmd/etcd k8s.io/kubernetes/cmd/kube-apiserver sigs.k8s.io/kwok/cmd/kwok \
              k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler; do
    if [[ -x "$control_plane_bin/$(basename "$tool")" ]]; then echo "build-toolchain: $(basename "$tool") present"; continue; fi
    if $check_only; then missing+=(control-plane); return; fi
    timed "$(basename "$tool") ($version)" go_build_to "$dir" "$control_plane_bin/$(basename "$tool")" -ldflags "-s -w $stamp" "$tool"
  done
  # kwok starts only with Stage objects: its own "fast" node and pod stages plus node heartbeats. Part of
  # the cache like the binaries, so a cached control plane needs no Go (the CI step's no-Go path).
  local stages_file="$control_plane_bin/../kwok-stages.yaml"
  if [[ -s "$stages_file" ]]; then echo "build-toolchain: kwok stages present"; return; fi
  if $check_only; then missing+=(control-plane); return; fi
  local stages
  stages="$(module_dir "$dir" sigs.k8s.io/kwok)/kustomize/stage"
  for file in "$stages"/node/fast/node-initialize.yaml "$stages"/node/heartbeat/node-heartbeat.yaml "$stages"/pod/fast/pod-*.yaml; do
    echo "---"; cat "$file"
  done > "$stages_file.partial"
  mv -f "$stages_file.partial" "$stages_file"
}

# The plugin version the program's SDK requests (package.json of @pulumi/kubernetes); the provider is built
# from the one commit of pulumi-kubernetes the Go proxy serves (see docs/e2e.md) and reports this version.
KUBERNETES_PROVIDER_VERSION="$(node -p 'require(process.argv[1]).pulumi.version' "$here/../../node_modules/@pulumi/kubernetes/package.json")"

components=("$@"); [[ ${#components[@]} -gt 0 ]] || components=(pulumi kubernetes-provider control-plane)
pulumi_bin="" provider_dir="" control_plane_bin=""
each_component() {
  for component in "${components[@]}"; do
    case "$component" in
      pulumi) build_pulumi ;;
      kubernetes-provider) build_kubernetes_provider ;;
      control-plane) build_control_plane ;;
      *) echo "build-toolchain: unknown component $component" >&2; exit 2 ;;
    esac
  done
}
if $check_only; then each_component > /dev/null; echo "${missing[*]}"; exit 0; fi

mkdir -p "$cache"
# One build at a time per cache: a second caller (`npm run e2e` during a build) waits instead of compiling the same.
exec 9> "$cache/.build.lock"
flock 9
each_component

# Resolve every path even when only some components were asked for, so the env file is complete.
[[ -n "$pulumi_bin" ]] || pulumi_bin="$cache/pulumi-$(module_version "$here/pulumi-cli" github.com/pulumi/pulumi/pkg/v3)/bin"
[[ -n "$provider_dir" ]] || provider_dir="$cache/pulumi-resource-kubernetes-$(module_version "$here/kubernetes-provider" github.com/pulumi/pulumi-kubernetes/provider/v4)"
[[ -n "$control_plane_bin" ]] || control_plane_bin="$cache/control-plane-$(module_version "$here/control-plane" k8s.io/kubernetes)/bin"
cat > "$cache/e2e-toolchain.env" <<EOF
E2E_PULUMI_BIN=$pulumi_bin
E2E_KUBERNETES_PROVIDER_DIR=$provider_dir
E2E_KUBERNETES_PROVIDER_VERSION=$KUBERNETES_PROVIDER_VERSION
E2E_CONTROL_PLANE_BIN=$control_plane_bin
EOF
echo "$cache/e2e-toolchain.env"
