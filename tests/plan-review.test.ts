// The plan as a review tool: a folder it owns (never one it did not create), the resolved settings
// in the summary, overrides recorded, secret keys named without values, and a comparison with an
// earlier plan.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { renderPlan } from "../harness/plan";
import { comparePlans, readPlanFolder } from "../harness/plan-compare";
import { planMarker, PlanFolderError, preparePlanFolder } from "../harness/plan-folder";
import { resolveSettings } from "../harness/plan-review";
import { projectRoot } from "../harness/stack-config";
import { llmApiKey, operatorNames, stackOptions, stackRun, validStackRun } from "./support/runs";

const tsx = path.join(projectRoot, "node_modules", ".bin", "tsx");

function plan(args: string[]): { status: number; stdout: string; stderr: string } {
    try {
        const stdout = execFileSync(tsx, ["tools/plan.ts", ...args], {
            cwd: projectRoot,
            encoding: "utf8",
            stdio: "pipe",
            env: { ...process.env, PULUMI_CONFIG: "" },
        });
        return { status: 0, stdout, stderr: "" };
    } catch (error) {
        const e = error as { status: number; stdout: string; stderr: string };
        return { status: e.status, stdout: e.stdout, stderr: e.stderr };
    }
}

describe("offline plan: the output folder", () => {
    let scratch: string;
    beforeEach(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-plan-folder-"));
    });
    afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it("refuses a folder with contents it did not write, and leaves it untouched", () => {
        fs.writeFileSync(path.join(scratch, "precious.txt"), "keep me");
        assert.throws(() => preparePlanFolder(scratch), PlanFolderError);
        assert.equal(fs.readFileSync(path.join(scratch, "precious.txt"), "utf8"), "keep me");
    });

    it("refuses a file", () => {
        const file = path.join(scratch, "a-file");
        fs.writeFileSync(file, "x");
        assert.throws(() => preparePlanFolder(file), /is a file, not a folder/);
    });

    it("creates a new folder, fills an empty one, and replaces only a folder it marked", () => {
        const fresh = path.join(scratch, "new", "plan");
        preparePlanFolder(fresh);
        assert.ok(fs.existsSync(path.join(fresh, planMarker)));
        fs.writeFileSync(path.join(fresh, "old.yaml"), "stale");
        preparePlanFolder(fresh);
        assert.deepEqual(fs.readdirSync(fresh), [planMarker], "the stale file of the earlier plan is gone");
        const empty = path.join(scratch, "empty");
        fs.mkdirSync(empty);
        preparePlanFolder(empty);
        assert.deepEqual(fs.readdirSync(empty), [planMarker]);
        // The folder holding a plan folder is not the plan's own.
        assert.throws(() => preparePlanFolder(path.join(scratch, "new")), PlanFolderError);
    });

    it("npm run plan -- --out . refuses the repository and deletes nothing", () => {
        const before = fs.readdirSync(projectRoot).sort();
        const result = plan(["--stack", "dev", "--out", "."]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /^refusing to write the plan to .*: the folder exists and was not written by npm run plan/);
        assert.ok(!result.stderr.includes("    at "), "no stack trace");
        assert.deepEqual(fs.readdirSync(projectRoot).sort(), before);
    });
});

describe("offline plan: what a reviewer reads", function () {
    this.timeout(60000);

    it("resolves node pools with their counts on every cloud (GKE per zone)", async () => {
        const pools = async (cloud: "gcp" | "aws" | "azure") => resolveSettings(await validStackRun(stackOptions(cloud, "production"))).nodePools;
        // The seed's production commands: gcloud --num-nodes 2 --min-nodes 2 --max-nodes 10 (per zone with --region),
        // eksctl --nodes 3 --nodes-min 3 --nodes-max 10, az aks --node-count 3 --min-count 3 --max-count 10.
        assert.deepEqual(
            (await pools("gcp")).map(({ machine, initial, min, max, counts }) => ({ machine, initial, min, max, counts })),
            [{ machine: "n2-standard-4", initial: 2, min: 2, max: 10, counts: "per zone" }],
        );
        // EKS: one managed node group per zone, the eksctl totals split 1+1+1 / 1+1+1 / 4+3+3.
        assert.deepEqual(
            (await pools("aws")).map(({ resource, machine, initial, min, max, zones, pool }) => ({ resource, machine, initial, min, max, zones, pool })),
            [
                { resource: "atlasia-prod-workers-0", machine: "t3.xlarge", initial: 1, min: 1, max: 4, zones: ["use1-az1"], pool: "standard-workers" },
                { resource: "atlasia-prod-workers-1", machine: "t3.xlarge", initial: 1, min: 1, max: 3, zones: ["use1-az2"], pool: "standard-workers" },
                { resource: "atlasia-prod-workers-2", machine: "t3.xlarge", initial: 1, min: 1, max: 3, zones: ["use1-az4"], pool: "standard-workers" },
            ],
        );
        assert.ok((await pools("azure")).some((p) => p.machine === "Standard_D4s_v3" && p.min === 3 && p.max === 10));
    });

    it("summarises charts, exposure, protection, overrides and secret names, never secret values", async () => {
        const run = await validStackRun(stackOptions("gcp", "production"));
        const files = renderPlan(run, { overrides: { set: { cloud: "gcp" }, secretKeys: ["llmApiKey"] } });
        const summary = files["summary.md"];
        assert.match(summary, /\| ingress-nginx \| ingress-nginx \| 4\.15\.1 \| ingress-nginx \|/);
        // Pulumi.production.yaml limits the API to its apiAuthorizedCidrs.
        assert.deepEqual(JSON.parse(run.config.values["atlasia:apiAuthorizedCidrs"]), ["203.0.113.0/24"]);
        assert.match(summary, /- Kubernetes API of atlasia-prod: 203\.0\.113\.0\/24\n/);
        const open = renderPlan(await validStackRun({ ...stackOptions("aws", "staging") }))["summary.md"];
        assert.match(open, /- Kubernetes API of atlasia-staging: any address/);
        assert.match(summary, /- ingress-nginx controller\.service: LoadBalancer/);
        assert.match(summary, /- Ingress atlasia\/atlasia: atlasia\.cloud-ops\.net, TLS from letsencrypt-prod/);
        assert.match(summary, /- gcp:container\/cluster:Cluster atlasia-prod/);
        // The committed stack's database and its backup bucket (CloudNativePG, docs/database.md).
        assert.match(summary, /- Cluster atlasia\/atlasia-db\n/);
        assert.match(summary, /- gcp:storage\/bucket:Bucket atlasia-prod-db-backups\n/);
        assert.match(summary, /- `--set cloud=gcp`/);
        assert.match(summary, /- `--secret llmApiKey=\[secret\]`/);
        assert.match(summary, /## Secrets \(names only\)\n\n- atlasia:llmApiKey\n/);
        for (const content of Object.values(files)) assert.ok(!content.includes(llmApiKey));
        const settings = yaml.load(files["settings.yaml"]) as { charts: { release: string }[] };
        // The five add-ons, and CloudNativePG with its Barman Cloud plugin (docs/database.md).
        assert.equal(settings.charts.length, 7);
    });

    it("shows EKS's zonal groups one row each, then their total: the guide's eksctl --nodes 3 --nodes-min 3 --nodes-max 10", async () => {
        const summary = renderPlan(await validStackRun(stackOptions("aws", "production")))["summary.md"];
        assert.match(summary, /\| atlasia-prod-workers-0 \| t3\.xlarge \| 1 \| 1 \| 4 \| total \| use1-az1 \|\n/);
        assert.match(summary, /\| atlasia-prod-workers-2 \| t3\.xlarge \| 1 \| 1 \| 3 \| total \| use1-az4 \|\n/);
        assert.match(summary, /\| total: standard-workers \(3 groups\) \| t3\.xlarge \| 3 \| 3 \| 10 \| total \| use1-az1, use1-az2, use1-az4 \|\n/);
        // A pool of one resource gets no total row.
        const gke = renderPlan(await validStackRun(stackOptions("gcp", "production")))["summary.md"];
        assert.doesNotMatch(gke, /\| total: /);
    });

    it("a development stack on an existing cluster says so", async () => {
        const summary = renderPlan(await validStackRun(stackOptions("local", "development")))["summary.md"];
        assert.match(summary, /## Node pools\n\nNone created: the program uses an existing cluster\./);
        assert.match(summary, /## Overrides\n\nNone: the stack file as committed\./);
    });

    it("compares with an earlier plan: a changed maximum shows as a changed line", async () => {
        const before = renderPlan(await validStackRun(stackOptions("aws", "staging")));
        const options = stackOptions("aws", "staging");
        const after = renderPlan(await stackRun({ ...options, set: { ...options.set, nodeMaxCount: "8" } }), {
            earlier: { dir: "plan/before", files: before },
        });
        const changes = comparePlans(before, after);
        assert.deepEqual(changes.added, []);
        assert.deepEqual(changes.removed, []);
        assert.deepEqual(changes.changed.map((c) => c.file).sort(), ["cloud-resources.yaml", "settings.yaml"]);
        const settings = changes.changed.find((c) => c.file === "settings.yaml")!;
        // Staging's maximum is split over the three zonal groups: 6 = 2+2+2 becomes 8 = 3+3+2, two groups change.
        assert.deepEqual(
            [settings.removed, settings.added],
            [
                ["    max: 2", "    max: 2"],
                ["    max: 3", "    max: 3"],
            ],
        );
        assert.match(after["changes.md"], /^# Changes since plan\/before\n\n0 added, 0 removed, 2 changed\./);
        assert.match(after["summary.md"], /Compared with plan\/before: 0 files added, 0 removed, 2 changed/);
    });

    it("npm run plan -- --compare reads the earlier plan, even the folder it replaces", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-plan-compare-"));
        try {
            // An earlier plan in the folder: its own marker, one file this plan no longer writes.
            preparePlanFolder(out);
            fs.writeFileSync(path.join(out, "gone.yaml"), "kind: Gone\n");
            const result = plan([
                "--stack",
                "staging",
                ...Object.entries(operatorNames.staging).flatMap(([k, v]) => ["--set", `${k}=${v}`]),
                "--secret",
                `llmApiKey=${llmApiKey}`,
                "--out",
                out,
                "--compare",
                out,
            ]);
            assert.equal(result.status, 0, result.stderr);
            const changes = fs.readFileSync(path.join(out, "changes.md"), "utf8");
            assert.match(changes, /^## Removed\n\n- gone\.yaml$/m);
            assert.ok(!fs.existsSync(path.join(out, "gone.yaml")), "the earlier plan's files are replaced");
            assert.ok(!Object.values(readPlanFolder(out)).some((c) => c.includes(llmApiKey)));
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});
