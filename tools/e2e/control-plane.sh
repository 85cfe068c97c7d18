#!/usr/bin/env bash
# A Kubernetes control plane on loopback for the e2e run: etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler and kwok (fake kubelets: scheduled pods become Running and Ready, Job pods Succeeded,
# without containers). Binaries come from build-toolchain.sh.
#   control-plane.sh start DIR   certificates, processes, nodes; writes DIR/kubeconfig (one context: e2e)
#   control-plane.sh stop DIR    stops what `start` started, one by one (TERM, then KILL after 15 s), and nothing else
# Only 127.0.0.1 is listened on. The API server runs with its default admission plugins (PodSecurity among
# them: each namespace's pod-security.kubernetes.io labels are enforced) except the two webhook plugins:
# webhook servers are containers, and kwok runs none (see docs/e2e.md). The `kubernetes` Service gets no
# endpoints (--endpoint-reconciler-type none): the endpoint reconcilers refuse a loopback address
# (k8s.io/kubernetes pkg/controlplane/instance.go), and no real pod is there to call the API server.
# Privileged containers are allowed, as in kind (kubeadm sets --allow-privileged=true).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
action="${1:?usage: control-plane.sh start|stop DIR}"
dir="$(mkdir -p "${2:?usage: control-plane.sh start|stop DIR}" && cd "$2" && pwd)"
pids="$dir/pids"

stop() {
  [[ -f "$pids" ]] || return 0
  local pid tick
  # Reverse start order, one at a time: kwok and the controllers before the API server, etcd last (an API
  # server whose etcd is gone retries it until KILLed).
  for pid in $(tac "$pids"); do
    kill -TERM "$pid" 2>/dev/null || continue
    for ((tick = 0; tick < 75; tick++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$pids"
  echo "control-plane: stopped"
}

if [[ "$action" == stop ]]; then stop; exit 0; fi
[[ "$action" == start ]] || { echo "usage: control-plane.sh start|stop DIR" >&2; exit 2; }

env_file="$("$here/build-toolchain.sh" control-plane | tail -n 1)"
# shellcheck disable=SC1090
source "$env_file"
bin="$E2E_CONTROL_PLANE_BIN"
pki="$dir/pki"; logs="$dir/logs"; mkdir -p "$pki" "$logs" "$dir/etcd"
trap 'echo "control-plane: start failed, logs in $logs" >&2; stop' ERR

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
etcd_port="$(free_port)"; etcd_peer_port="$(free_port)"; api_port="$(free_port)"

# --- certificates: one CA, the API server's serving certificate, one client certificate per component
openssl_quiet() { openssl "$@" 2>/dev/null; }
openssl_quiet req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=e2e-ca" -keyout "$pki/ca.key" -out "$pki/ca.crt"
issue() { # name subject [subjectAltName]
  local name="$1" subject="$2" san="${3:-}" ext="$pki/$1.ext"
  openssl_quiet req -newkey rsa:2048 -nodes -subj "$subject" -keyout "$pki/$name.key" -out "$pki/$name.csr"
  if [[ -n "$san" ]]; then printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$ext"
  else printf 'extendedKeyUsage=clientAuth\n' > "$ext"; fi
  openssl_quiet x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -days 2 -extfile "$ext" -out "$pki/$name.crt"
}
issue apiserver "/CN=kube-apiserver" "IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
issue admin "/O=system:masters/CN=e2e-admin"
issue controller-manager "/CN=system:kube-controller-manager"
issue scheduler "/CN=system:kube-scheduler"
issue kwok "/O=system:masters/CN=kwok"
openssl_quiet genrsa -out "$pki/sa.key" 2048
openssl_quiet rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub"

kubeconfig() { # file user
  cat > "$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: "$pki/ca.crt"}
users:
- name: $2
  user: {client-certificate: "$pki/$2.crt", client-key: "$pki/$2.key"}
contexts:
- name: e2e
  context: {cluster: e2e, user: $2}
current-context: e2e
EOF
}
for user in admin controller-manager scheduler kwok; do kubeconfig "$dir/$user.kubeconfig" "$user"; done
cp "$dir/admin.kubeconfig" "$dir/kubeconfig"

: > "$pids"
launch() { # name command...
  local name="$1"; shift
  "$@" > "$logs/$name.log" 2>&1 &
  echo $! >> "$pids"
}
wait_for() { # what seconds command...   (fails at once when a started process has exited)
  local what="$1" seconds="$2" pid; shift 2
  for ((i = 0; i < seconds; i++)); do
    "$@" > /dev/null 2>&1 && return 0
    for pid in $(cat "$pids"); do
      kill -0 "$pid" 2>/dev/null || { echo "control-plane: process $pid exited while waiting for $what (see $logs)" >&2; return 1; }
    done
    sleep 1
  done
  echo "control-plane: $what not ready after ${seconds} s" >&2; return 1
}

launch etcd "$bin/etcd" --name e2e --data-dir "$dir/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "e2e=http://127.0.0.1:$etcd_peer_port" \
  --quota-backend-bytes 2147483648 --unsafe-no-fsync
wait_for etcd 60 curl -sf "http://127.0.0.1:$etcd_port/health"

launch kube-apiserver "$bin/kube-apiserver" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --etcd-servers "http://127.0.0.1:$etcd_port" \
  --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --authorization-mode Node,RBAC \
  --endpoint-reconciler-type none --allow-privileged=true \
  --enable-admission-plugins PodSecurity \
  --disable-admission-plugins MutatingAdmissionWebhook,ValidatingAdmissionWebhook \
  --profiling=false
wait_for kube-apiserver 180 kubectl --kubeconfig "$dir/kubeconfig" get --raw /readyz

launch kube-controller-manager "$bin/kube-controller-manager" --kubeconfig "$dir/controller-manager.kubeconfig" \
  --authentication-kubeconfig "$dir/controller-manager.kubeconfig" --authorization-kubeconfig "$dir/controller-manager.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false --use-service-account-credentials \
  --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
  --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key"
launch kube-scheduler "$bin/kube-scheduler" --kubeconfig "$dir/scheduler.kubeconfig" \
  --authentication-kubeconfig "$dir/scheduler.kubeconfig" --authorization-kubeconfig "$dir/scheduler.kubeconfig" \
  --bind-address 127.0.0.1 --secure-port 0 --leader-elect=false
launch kwok "$bin/kwok" --kubeconfig "$dir/kwok.kubeconfig" --config "$bin/../kwok-stages.yaml" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.1/16 --node-ip 127.0.0.1

# --- nodes like `kind create cluster --config local/kind-atlasia.yaml`: a control plane and two workers,
# the first worker labelled ingress-ready=true; each with the capacity the local stack budgets for.
cpus="${E2E_NODE_CPUS:-4}"; memory="${E2E_NODE_MEMORY:-8Gi}"
node() { # name labels taints
  cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $1
  annotations: {kwok.x-k8s.io/node: fake}
  labels: {kubernetes.io/os: linux, kubernetes.io/arch: amd64, kubernetes.io/hostname: $1, type: kwok$2}
spec: {taints: [$3]}
status:
  allocatable: {cpu: "$cpus", memory: $memory, pods: "110", ephemeral-storage: 100Gi}
  capacity: {cpu: "$cpus", memory: $memory, pods: "110", ephemeral-storage: 100Gi}
EOF
}
# kind's default StorageClass, served here by pre-made volumes the PV controller binds (no provisioner).
volumes() {
  echo "---"
  echo "{apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: standard, annotations: {storageclass.kubernetes.io/is-default-class: 'true'}}, provisioner: kubernetes.io/no-provisioner, volumeBindingMode: WaitForFirstConsumer, reclaimPolicy: Delete}"
  for i in $(seq 1 "${E2E_VOLUMES:-12}"); do
    echo "---"
    echo "{apiVersion: v1, kind: PersistentVolume, metadata: {name: e2e-volume-$i}, spec: {storageClassName: standard, capacity: {storage: 500Gi}, accessModes: [ReadWriteOnce], persistentVolumeReclaimPolicy: Retain, hostPath: {path: /e2e/volume-$i}}}"
  done
}
{
  node atlasia-control-plane ", node-role.kubernetes.io/control-plane: ''" "{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}"
  node atlasia-worker ", ingress-ready: 'true'" ""
  node atlasia-worker2 "" ""
  volumes
} > "$dir/cluster-objects.yaml"
wait_for "default service account" 120 kubectl --kubeconfig "$dir/kubeconfig" get serviceaccount default -n default
kubectl --kubeconfig "$dir/kubeconfig" apply -f "$dir/cluster-objects.yaml" > /dev/null
wait_for "nodes Ready" 120 kubectl --kubeconfig "$dir/kubeconfig" wait --for=condition=Ready node --all --timeout=1s
trap - ERR
echo "control-plane: ready at https://127.0.0.1:$api_port, kubeconfig $dir/kubeconfig"
