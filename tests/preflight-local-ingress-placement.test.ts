// `npm run preflight --local ...` on a running kind/minikube cluster: which ingress-nginx objects
// collide with the program's release, and whether a node the controller may run on exists, on
// fixtures shaped like `kubectl get namespaces|ingressclasses|nodes -o json`, with the full messages.
import { strict as assert } from "assert";
import { ingressCollisions, taintedIngressNodes } from "../clusters/preflight/local-cluster";

type Item = Parameters<typeof ingressCollisions>[0]["items"][number];
const list = (...items: Item[]) => ({ items });
// Every Namespace carries kubernetes.io/metadata.name=<name>, set by the API server
// (https://kubernetes.io/docs/reference/labels-annotations-taints/#kubernetes-io-metadata-name).
const namespace = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels: { "kubernetes.io/metadata.name": name, ...labels } } });
const ours = { "app.kubernetes.io/part-of": "atlasia-platform" };
const controlPlaneTaint = { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" };
const node = (name: string, labels: Record<string, string>, taints: { key: string; effect: string }[] = []) => ({
    metadata: { name, labels: { "kubernetes.io/hostname": name, "kubernetes.io/os": "linux", ...labels } },
    spec: taints.length > 0 ? { taints } : {},
});

describe("preflight: ingress-nginx objects another installer left on a local cluster", () => {
    it("a fresh kind cluster (its own namespaces, no IngressClass) has no collision", () => {
        const kindNamespaces = list(...["default", "kube-node-lease", "kube-public", "kube-system", "local-path-storage"].map((n) => namespace(n)));
        assert.deepEqual(ingressCollisions(kindNamespaces, list(), "ingress-nginx"), []);
    });

    it("looks at the ingress-nginx namespace and the nginx IngressClass only, wherever they are listed", () => {
        // kubectl lists by name: other namespaces and another IngressClass come first.
        const namespaces = list(namespace("default"), namespace("ingress-nginx", ours), namespace("kube-system"));
        const classes = list(
            { metadata: { name: "contour", annotations: {} } },
            {
                metadata: { name: "nginx", annotations: { "meta.helm.sh/release-name": "ingress-nginx" } },
            },
        );
        assert.deepEqual(ingressCollisions(namespaces, classes, "ingress-nginx"), []);
    });

    it("names both foreign objects in full, including an IngressClass created without any annotation", () => {
        const namespaces = list(namespace("default"), namespace("ingress-nginx", { "app.kubernetes.io/name": "ingress-nginx" }));
        // `kubectl create -f` stores no last-applied annotation: the object has no annotations at all.
        const classes = list({ metadata: { name: "nginx" }, spec: { controller: "k8s.io/ingress-nginx" } });
        assert.deepEqual(ingressCollisions(namespaces, classes, "ingress-nginx"), [
            "namespace ingress-nginx exists and was not created by this program (minikube's ingress addon?)",
            "IngressClass nginx exists and is not owned by the ingress-nginx release (minikube's ingress addon?)",
        ]);
    });
});

describe("preflight: a node the ingress controller can be scheduled on (kind's ingress-ready label)", () => {
    const ingressReady = { "ingress-ready": "true" };

    it("a kind cluster created without local/kind-atlasia.yaml (no node labelled) is reported in full", () => {
        const nodes = list(node("kind-control-plane", {}, [controlPlaneTaint]), node("kind-worker", {}));
        assert.deepEqual(taintedIngressNodes(nodes, ingressReady), [
            "no node carries ingress-ready=true: the ingress controller cannot be scheduled; recreate the cluster with local/kind-atlasia.yaml",
        ]);
    });

    it("the seed's cluster (only the tainted control plane labelled) is reported in full", () => {
        const nodes = list(node("kind-control-plane", ingressReady, [controlPlaneTaint]), node("kind-worker", {}));
        assert.deepEqual(taintedIngressNodes(nodes, ingressReady), [
            "only the tainted control-plane node carries ingress-ready=true (the seed's kind config): the ingress controller stays Pending; recreate the cluster with local/kind-atlasia.yaml",
        ]);
    });

    it("a node matches a nodeSelector only with every one of its labels, and the message lists them all", () => {
        // "the node must have each of the indicated key-value pairs as labels"
        // (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodeselector).
        const selector = { "ingress-ready": "true", "topology.kubernetes.io/zone": "a" };
        const nodes = list(
            node("kind-control-plane", { ...ingressReady, "topology.kubernetes.io/zone": "a" }, [controlPlaneTaint]),
            node("kind-worker", ingressReady),
        );
        assert.deepEqual(taintedIngressNodes(nodes, selector), [
            "only the tainted control-plane node carries ingress-ready=true,topology.kubernetes.io/zone=a (the seed's kind config): the ingress controller stays Pending; recreate the cluster with local/kind-atlasia.yaml",
        ]);
    });

    it("a control-plane taint with PreferNoSchedule does not keep the controller off the node", () => {
        // PreferNoSchedule is the "soft" NoSchedule: the scheduler only tries to avoid the node
        // (https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/).
        const nodes = list(node("kind-control-plane", ingressReady, [{ key: "node-role.kubernetes.io/control-plane", effect: "PreferNoSchedule" }]));
        assert.deepEqual(taintedIngressNodes(nodes, ingressReady), []);
    });

    it("a labelled worker with another taint is not blamed on the control plane", () => {
        // `kubectl cordon` taints the node node.kubernetes.io/unschedulable:NoSchedule
        // (https://kubernetes.io/docs/reference/labels-annotations-taints/#node-kubernetes-io-unschedulable):
        // a temporary state of a worker, not the seed's control-plane label this check is about.
        const nodes = list(
            node("kind-control-plane", {}, [controlPlaneTaint]),
            node("kind-worker", ingressReady, [{ key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" }]),
        );
        const found = taintedIngressNodes(nodes, ingressReady);
        assert.ok(!found.some((m) => m.includes("control-plane")), found.join());
    });

    it("minikube pins the controller to no node (empty nodeSelector): nothing to check, whatever the nodes' taints", () => {
        assert.deepEqual(taintedIngressNodes(list(node("minikube", {}, [controlPlaneTaint])), {}), []);
    });
});
