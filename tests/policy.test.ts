// The CrossGuard pack (policy/): each policy rejects a bad resource and accepts a good one, and every
// resource of every cloud x environment passes every policy. The pack itself (policy/index.ts) is
// never loaded here: constructing a PolicyPack starts the policy server.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    containerResources,
    imagePinProblem,
    imagesPinned,
    nodePoolsSpanZones,
    noSecretLiterals,
    podSecurityRestricted,
    productionProtected,
    productionSecretsEncrypted,
    resourcePolicies,
    stackPolicies,
} from "../policy/policies";
import { projectRoot } from "../harness/stack-config";
import { ProgramRun } from "../harness/run";
import { runViolations, stackArgs, validateResource, validateStack } from "./support/policy-args";
import { matrix, stackOptions, validStackRun, withDatabaseEngine } from "./support/runs";

type Obj = Record<string, any>;

function deployment(spec: Obj, namespace = "atlasia"): { type: string; props: Obj } {
    return { type: "kubernetes:apps/v1:Deployment", props: { metadata: { name: "app", namespace }, spec: { template: { metadata: {}, spec } } } };
}

function goodPodSpec(): Obj {
    return {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        containers: [
            {
                name: "app",
                image: "atlasia/app:1.2.3",
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
                env: [
                    { name: "DB_HOST", value: "atlasia-postgresql" },
                    { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "s", key: "db-password" } } },
                ],
            },
        ],
    };
}

/** A run with one resource's inputs or options changed. */
function changed(run: ProgramRun, type: string, change: (r: ProgramRun["resources"][number]) => ProgramRun["resources"][number]): ProgramRun {
    return { ...run, resources: run.resources.map((r) => (r.type === type ? change(r) : r)) };
}

describe("policy pack: each policy", () => {
    it("pod security: passes a restricted pod, fails a root one in the application namespace only", () => {
        assert.deepEqual(validateResource(podSecurityRestricted, deployment(goodPodSpec())), []);
        const root = goodPodSpec();
        root.securityContext.runAsNonRoot = false;
        root.containers[0].securityContext.privileged = true;
        assert.deepEqual(validateResource(podSecurityRestricted, deployment(root)), [
            "container app: privileged",
            "container app: runAsNonRoot is not true (pod or container)",
        ]);
        assert.deepEqual(validateResource(podSecurityRestricted, deployment(root, "monitoring")), [], "other namespaces have their own Pod Security level");
    });

    it("requests and limits: passes a sized container, fails one without a memory limit or CPU request", () => {
        assert.deepEqual(validateResource(containerResources, deployment(goodPodSpec())), []);
        const spec = goodPodSpec();
        delete spec.containers[0].resources.limits.memory;
        delete spec.containers[0].resources.requests.cpu;
        spec.initContainers = [{ name: "init", image: "busybox:1.37" }];
        assert.deepEqual(validateResource(containerResources, deployment(spec)), [
            "container init has no requests.cpu, requests.memory, limits.cpu, limits.memory",
            "container app has no requests.cpu, limits.memory",
        ]);
    });

    it("pinned images: passes a tag or a digest, fails latest or no tag", () => {
        assert.deepEqual(validateResource(imagesPinned, deployment(goodPodSpec())), []);
        assert.equal(imagePinProblem(`postgres@sha256:${"a".repeat(64)}`), undefined);
        assert.equal(imagePinProblem("registry.example.com:5000/team/app:2.0"), undefined);
        assert.match(imagePinProblem("registry.example.com:5000/team/app")!, /has no tag/);
        assert.match(imagePinProblem("nginx:latest")!, /moving tag latest/);
        const spec = goodPodSpec();
        spec.containers[0].image = "atlasia/app";
        assert.deepEqual(validateResource(imagesPinned, deployment(spec)), ["container app: image atlasia/app has no tag (the runtime pulls latest)"]);
    });

    it("no secret literals: passes references to Secrets, fails a password in a ConfigMap or an API key in env", () => {
        assert.deepEqual(validateResource(noSecretLiterals, deployment(goodPodSpec())), []);
        const configMap = (data: Obj) => ({ type: "kubernetes:core/v1:ConfigMap", props: { metadata: { name: "c" }, data } });
        assert.deepEqual(validateResource(noSecretLiterals, configMap({ DB_USER: "ai", POSTGRES_PASSWORD_FILE: "/run/secrets/pw" })), []);
        assert.deepEqual(validateResource(noSecretLiterals, configMap({ DB_PASSWORD: "hunter2", DB_URL: "postgresql://ai:hunter2@db:5432/ai" })), [
            "ConfigMap c: DB_PASSWORD has a secret-sounding name and a literal value",
            "ConfigMap c: DB_URL holds a URL with a password",
        ]);
        const spec = goodPodSpec();
        spec.containers[0].env.push({ name: "LLM_KEY", value: "sk-test-llm-Zq8Xw3Vb7Np2Lm5Kj9Hg4Fd6" });
        assert.deepEqual(validateResource(noSecretLiterals, deployment(spec)), ["container app env: LLM_KEY holds an sk- API key"]);
    });

    describe("stack policies, on the gcp and aws production runs", () => {
        let gcp: ProgramRun;
        let aws: ProgramRun;
        before(async () => {
            gcp = await validStackRun(stackOptions("gcp", "production"));
            aws = await validStackRun(stackOptions("aws", "production"));
        });

        it("production protection: passes the program, fails an unprotected database or backup bucket", async () => {
            assert.deepEqual(validateStack(productionProtected, stackArgs(aws)), []);
            // The committed stack's CloudNativePG Cluster and the S3 bucket its backups live in.
            const unprotectedCluster = changed(aws, "kubernetes:postgresql.cnpg.io/v1:Cluster", (r) => ({ ...r, protect: false }));
            assert.deepEqual(validateStack(productionProtected, stackArgs(unprotectedCluster)), [
                "kubernetes:postgresql.cnpg.io/v1:Cluster atlasia-db is not protected",
            ]);
            const unprotectedBucket = changed(aws, "aws:s3/bucket:Bucket", (r) => ({ ...r, protect: false }));
            assert.equal(validateStack(productionProtected, stackArgs(unprotectedBucket)).length, 1);
            // The same stack on the StatefulSet.
            const statefulSet = await validStackRun(withDatabaseEngine(stackOptions("aws", "production"), "statefulset"));
            assert.deepEqual(validateStack(productionProtected, stackArgs(statefulSet)), []);
            const unprotected = changed(statefulSet, "kubernetes:apps/v1:StatefulSet", (r) => ({ ...r, protect: false }));
            assert.deepEqual(validateStack(productionProtected, stackArgs(unprotected)), [
                "kubernetes:apps/v1:StatefulSet atlasia-postgresql is not protected",
            ]);
        });

        it("secrets encryption: passes EKS with its KMS key, fails it without", () => {
            assert.deepEqual(validateStack(productionSecretsEncrypted, stackArgs(aws)), []);
            const plain = changed(aws, "aws:eks/cluster:Cluster", (r) => ({ ...r, inputs: { ...r.inputs, encryptionConfig: undefined } }));
            assert.deepEqual(validateStack(productionSecretsEncrypted, stackArgs(plain)), [
                "aws:eks/cluster:Cluster atlasia-prod does not encrypt Secrets with a customer-managed key",
            ]);
        });

        it("zones: passes a regional GKE pool and EKS subnets in three zones, fails a zonal pool", () => {
            assert.deepEqual(validateStack(nodePoolsSpanZones, stackArgs(gcp)), []);
            assert.deepEqual(validateStack(nodePoolsSpanZones, stackArgs(aws)), []);
            const zonal = changed(gcp, "gcp:container/nodePool:NodePool", (r) => ({ ...r, inputs: { ...r.inputs, location: "us-central1-a" } }));
            assert.deepEqual(validateStack(nodePoolsSpanZones, stackArgs(zonal)), [
                "gcp:container/nodePool:NodePool atlasia-prod-pool runs in us-central1-a: fewer than two zones",
            ]);
            // EKS: one group per zone, so the pool is the groups of one atlasia.io/pool label together;
            // all three in the first group's subnet is one zone, reported once.
            const groups = aws.resources.filter((r) => r.type === "aws:eks/nodeGroup:NodeGroup");
            assert.equal(groups.length, 3);
            const firstSubnet = groups[0].propertyDependencies.subnetIds;
            const oneZone = changed(aws, "aws:eks/nodeGroup:NodeGroup", (r) => ({
                ...r,
                propertyDependencies: { ...r.propertyDependencies, subnetIds: firstSubnet },
            }));
            assert.deepEqual(validateStack(nodePoolsSpanZones, stackArgs(oneZone)), [
                "aws:eks/nodeGroup:NodeGroup atlasia-prod-workers-0 runs in use1-az1, use1-az1, use1-az1: fewer than two zones",
            ]);
            // Groups of different pools are not one pool: a second pool alone in one zone is reported.
            const twoPools = changed(aws, "aws:eks/nodeGroup:NodeGroup", (r) =>
                r.name.endsWith("-0") ? { ...r, inputs: { ...r.inputs, labels: { "atlasia.io/pool": "other" } } } : r,
            );
            assert.deepEqual(validateStack(nodePoolsSpanZones, stackArgs(twoPools)), [
                "aws:eks/nodeGroup:NodeGroup atlasia-prod-workers-0 runs in use1-az1: fewer than two zones",
            ]);
        });

        it("production policies do not apply outside production", async () => {
            const staging = await validStackRun(stackOptions("aws", "staging"));
            const unprotected = changed(staging, "kubernetes:apps/v1:StatefulSet", (r) => ({ ...r, protect: false }));
            assert.deepEqual(validateStack(productionProtected, stackArgs(unprotected)), []);
        });
    });
});

/**
 * What the policies find in the program today: nothing (GKE encrypts Secrets with Cloud KMS since
 * clusters/gke/encryption.ts, AKS with Key Vault KMS since clusters/aks/encryption.ts). A finding
 * here is a regression.
 */
const knownViolations: Record<string, string[]> = {};

describe("policy pack: the whole program", () => {
    for (const stack of matrix) {
        it(`${stack.label}: every resource passes every policy`, async () => {
            const run = await validStackRun(stack.options);
            assert.deepEqual(runViolations(run, resourcePolicies, stackPolicies), knownViolations[stack.label] ?? []);
        });
    }

    it("the policies module starts nothing; only the entry file constructs the pack", () => {
        assert.ok(
            !Object.keys(require.cache).some((file) => file.includes(`${path.sep}@pulumi${path.sep}policy${path.sep}`)),
            "@pulumi/policy is not loaded by the tests",
        );
        const entry = fs.readFileSync(path.join(projectRoot, "policy", "index.ts"), "utf8");
        assert.match(entry, /new PolicyPack\("atlasia", \{ policies: \[\.\.\.resourcePolicies, \.\.\.stackPolicies\] \}\)/);
        for (const file of fs.readdirSync(path.join(projectRoot, "policy")).filter((f) => f.endsWith(".ts") && f !== "index.ts")) {
            assert.ok(!fs.readFileSync(path.join(projectRoot, "policy", file), "utf8").includes("new PolicyPack"), file);
        }
        const names = [...resourcePolicies, ...stackPolicies].map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        assert.ok([...resourcePolicies, ...stackPolicies].every((p) => p.enforcementLevel === "mandatory"));
    });
});
