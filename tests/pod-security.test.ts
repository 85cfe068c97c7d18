// Every pod of the atlasia namespace passes the Pod Security Standards "restricted" profile, checked
// field by field (tests/support/pod-security.ts), and the check itself rejects each kind of bad pod.
import { strict as assert } from "assert";
import { restrictedViolations } from "./support/pod-security";
import { matrix, objectOf, onStatefulSet, podTemplates, runValid, statefulSetMatrix, variants } from "./support/workloads";
import { barmanSidecar } from "./support/cnpg-pods";

type Obj = Record<string, any>;

function goodPod(): Obj {
    return {
        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "app",
                image: "example/app:1",
                ports: [{ containerPort: 8080 }],
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
        ],
        volumes: [
            { name: "tmp", emptyDir: {} },
            { name: "config", configMap: { name: "c" } },
            { name: "data", persistentVolumeClaim: { claimName: "d" } },
        ],
    };
}

const mutations: [string, (pod: Obj) => void][] = [
    [
        "allowPrivilegeEscalation unset",
        (p) => {
            delete p.containers[0].securityContext.allowPrivilegeEscalation;
        },
    ],
    [
        "allowPrivilegeEscalation true",
        (p) => {
            p.containers[0].securityContext.allowPrivilegeEscalation = true;
        },
    ],
    [
        "capabilities not dropped",
        (p) => {
            p.containers[0].securityContext.capabilities = {};
        },
    ],
    [
        "capability added beyond NET_BIND_SERVICE",
        (p) => {
            p.containers[0].securityContext.capabilities.add = ["NET_ADMIN"];
        },
    ],
    [
        "baseline capability added (restricted allows only NET_BIND_SERVICE)",
        (p) => {
            p.containers[0].securityContext.capabilities.add = ["CHOWN"];
        },
    ],
    [
        "runAsNonRoot missing",
        (p) => {
            delete p.securityContext.runAsNonRoot;
        },
    ],
    [
        "runAsNonRoot false on the container",
        (p) => {
            p.containers[0].securityContext.runAsNonRoot = false;
        },
    ],
    [
        "runAsUser 0 on the pod",
        (p) => {
            p.securityContext.runAsUser = 0;
        },
    ],
    [
        "runAsUser 0 on the container",
        (p) => {
            p.containers[0].securityContext.runAsUser = 0;
        },
    ],
    [
        "no seccomp profile",
        (p) => {
            delete p.securityContext.seccompProfile;
        },
    ],
    [
        "Unconfined seccomp on the container",
        (p) => {
            p.containers[0].securityContext.seccompProfile = { type: "Unconfined" };
        },
    ],
    [
        "privileged",
        (p) => {
            p.containers[0].securityContext.privileged = true;
        },
    ],
    [
        "hostNetwork",
        (p) => {
            p.hostNetwork = true;
        },
    ],
    [
        "hostPID",
        (p) => {
            p.hostPID = true;
        },
    ],
    [
        "hostIPC",
        (p) => {
            p.hostIPC = true;
        },
    ],
    [
        "hostPath volume",
        (p) => {
            p.volumes.push({ name: "host", hostPath: { path: "/" } });
        },
    ],
    [
        "hostPort",
        (p) => {
            p.containers[0].ports[0].hostPort = 80;
        },
    ],
    [
        "volume type outside the allowed list (nfs)",
        (p) => {
            p.volumes.push({ name: "nfs", nfs: { server: "s", path: "/" } });
        },
    ],
    [
        "unsafe sysctl",
        (p) => {
            p.securityContext.sysctls = [{ name: "kernel.msgmax", value: "1" }];
        },
    ],
    [
        "procMount Unmasked",
        (p) => {
            p.containers[0].securityContext.procMount = "Unmasked";
        },
    ],
    [
        "SELinux user set",
        (p) => {
            p.securityContext.seLinuxOptions = { user: "root" };
        },
    ],
    [
        "AppArmor unconfined",
        (p) => {
            p.containers[0].securityContext.appArmorProfile = { type: "Unconfined" };
        },
    ],
    [
        "a bad init container",
        (p) => {
            p.initContainers = [{ name: "init", image: "busybox" }];
        },
    ],
];

describe("Pod Security Standards: the restricted check", () => {
    it("accepts a restricted pod", () => {
        assert.deepEqual(restrictedViolations(goodPod()), []);
    });

    it("accepts NET_BIND_SERVICE and container-level settings instead of pod-level ones", () => {
        const pod = goodPod();
        pod.containers[0].securityContext.capabilities.add = ["NET_BIND_SERVICE"];
        delete pod.securityContext.seccompProfile;
        delete pod.securityContext.runAsNonRoot;
        Object.assign(pod.containers[0].securityContext, { seccompProfile: { type: "Localhost", localhostProfile: "p.json" }, runAsNonRoot: true });
        assert.deepEqual(restrictedViolations(pod), []);
    });

    for (const [what, mutate] of mutations) {
        it(`rejects a pod with ${what}`, () => {
            const pod = goodPod();
            mutate(pod);
            assert.notDeepEqual(restrictedViolations(pod), []);
        });
    }
});

describe("Pod Security Standards: the atlasia pods", () => {
    // The StatefulSet and its pg_dump CronJob on every stack size (the committed cloud stacks run CloudNativePG).
    const cases = [
        ...statefulSetMatrix.map((c) => ({ ...c, backups: c.environment !== "development" })),
        { ...onStatefulSet(variants.blueGreen), backups: true },
        { ...onStatefulSet(variants.minimal), backups: false },
        { ...onStatefulSet(variants.suppliedSecrets), backups: true },
    ];
    for (const stack of cases) {
        it(`${stack.label}: every Deployment, StatefulSet and CronJob pod is restricted`, async () => {
            const run = await runValid(stack.label, stack.options);
            const templates = podTemplates(run);
            assert.ok(templates.length >= 3);
            assert.equal(objectOf(run, "Namespace", "atlasia").metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            const violations = templates.flatMap((t) => restrictedViolations(t.spec, t.metadata).map((v) => `${t.owner}: ${v}`));
            assert.deepEqual(violations, []);
            const owners = templates.map((t) => t.owner.split("/")[0]);
            assert.ok(owners.includes("Deployment") && owners.includes("StatefulSet"));
            assert.equal(owners.includes("CronJob"), stack.backups, "the backup CronJob is checked where it exists");
        });
    }
});

describe("Pod Security Standards: the CloudNativePG stacks keep the namespace restricted", () => {
    for (const stack of [...matrix.filter((c) => c.cloud !== "local"), variants.blueGreen, variants.suppliedSecrets]) {
        it(`${stack.label}: the program's pods are restricted and it starts no StatefulSet or CronJob of its own`, async () => {
            const run = await runValid(stack.label, stack.options);
            assert.equal(objectOf(run, "Namespace", "atlasia").metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            const templates = podTemplates(run);
            assert.deepEqual(
                templates.flatMap((t) => restrictedViolations(t.spec, t.metadata).map((v) => `${t.owner}: ${v}`)),
                [],
            );
            assert.deepEqual([...new Set(templates.map((t) => t.owner.split("/")[0]))], ["Deployment"]);
        });
    }

    // The operator's instance pods carry the Barman Cloud plugin's sidecar, injected as a restartable
    // init container; the namespace stays restricted because the sidecar declares a restricted
    // securityContext itself (tests/support/cnpg-pods.ts cites the source), needing nothing from the pod.
    it("the Barman Cloud sidecar meets restricted on its own, and the check would refuse it without its securityContext", () => {
        const pod: Obj = { initContainers: [barmanSidecar()], containers: [] };
        assert.deepEqual(restrictedViolations(pod), []);
        const bare: Obj = { initContainers: [{ ...barmanSidecar(), securityContext: undefined }], containers: [] };
        assert.notDeepEqual(restrictedViolations(bare), []);
    });
});
