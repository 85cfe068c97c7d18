// The GitHub Actions workflows: valid against the workflow schema (@action-validator/core, which
// runs offline), current action majors on the Node 24 runtime, least privilege, timeouts, no
// cancelled deployment, production behind reviewers, fork pull requests skipped visibly.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { validateAction, validateWorkflow } from "@action-validator/core";
import { projectRoot } from "../harness/stack-config";

type Obj = Record<string, any>;

const workflowsDir = path.join(projectRoot, ".github", "workflows");
const workflowFiles = fs.readdirSync(workflowsDir).filter((f) => f.endsWith(".yml"));
const read = (file: string) => fs.readFileSync(file, "utf8");
const workflows: Record<string, Obj> = Object.fromEntries(workflowFiles.map((f) => [f, yaml.load(read(path.join(workflowsDir, f))) as Obj]));
const actionFile = path.join(projectRoot, ".github", "actions", "pulumi-stack", "action.yml");
const action = yaml.load(read(actionFile)) as Obj;

/**
 * The action majors in use, each on the Node 24 runtime (GitHub removed the Node 20 runtime on
 * 2026-09-16). Sources: pulumi/actions#1407 (v7.0.0, Node 24); pulumi/auth-actions#59 and #60
 * (v2.0.0, Node 24); actions/checkout#2464 (v7.0.0); actions/setup-node, actions/cache,
 * actions/upload-artifact, google-github-actions/auth and setup-gcloud, aws-actions/
 * configure-aws-credentials and azure/login: each repository's releases of its Node 24 major.
 */
const actionMajors: Record<string, string> = {
    "pulumi/actions": "v7",
    "pulumi/auth-actions": "v2",
    "actions/checkout": "v7",
    "actions/setup-node": "v7",
    "actions/cache": "v5",
    "actions/upload-artifact": "v7",
    "google-github-actions/auth": "v3",
    "google-github-actions/setup-gcloud": "v3",
    "aws-actions/configure-aws-credentials": "v6",
    "azure/login": "v3",
    // actions/setup-go v7.0.0 (2026-07, ESM on Node 24): https://github.com/actions/setup-go/releases/tag/v7.0.0
    "actions/setup-go": "v7",
};

function steps(): Obj[] {
    return [...Object.values(workflows).flatMap((w) => Object.values(w.jobs as Obj).flatMap((job: Obj) => job.steps ?? [])), ...action.runs.steps];
}

function validationErrors(result: { errors: unknown[] }): string {
    return JSON.stringify(result.errors, null, 1).slice(0, 2000);
}

describe("GitHub workflows", () => {
    it("has the pull-request, deploy and drift workflows and the shared stack workflow", () => {
        assert.deepEqual(workflowFiles.sort(), ["deploy.yml", "drift.yml", "e2e.yml", "pull-request.yml", "pulumi-stack.yml"]);
    });

    for (const file of workflowFiles) {
        it(`${file}: valid against the workflow schema`, () => {
            const result = validateWorkflow(read(path.join(workflowsDir, file)));
            assert.equal(result.errors.length, 0, validationErrors(result));
        });
    }

    it("the composite action is valid against the action schema", () => {
        const result = validateAction(read(actionFile));
        assert.equal(result.errors.length, 0, validationErrors(result));
    });

    it("the validator rejects a job without runs-on and an unknown key (it can fail)", () => {
        assert.ok(validateWorkflow("on: push\njobs:\n  a:\n    steps:\n      - run: echo\n").errors.length > 0);
        assert.ok(validateWorkflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout: 5\n    steps:\n      - run: echo\n").errors.length > 0);
    });

    it("every workflow grants only contents: read at the top; jobs add what they need", () => {
        for (const [file, workflow] of Object.entries(workflows)) {
            if (file === "pulumi-stack.yml") continue; // called only: its jobs get the calling job's token (next test)
            assert.deepEqual(workflow.permissions, { contents: "read" }, file);
        }
    });

    /**
     * A called workflow's jobs receive the calling job's GITHUB_TOKEN and can only narrow it; a called
     * job asking for more than its caller granted stops the whole run before any job starts
     * (https://docs.github.com/en/actions/sharing-automations/reusing-workflows#access-and-permissions).
     * With `pull-requests: write` hard-wired in pulumi-stack.yml, every deployment and drift check had to
     * grant it too. Now the caller decides, and only the commenting preview gets it.
     */
    it("pull-requests: write only for the job that comments on the pull request; the stack workflow asks for nothing itself", () => {
        const stack = workflows["pulumi-stack.yml"];
        assert.deepEqual(Object.keys(stack.on), ["workflow_call"], "only ever called, so it always runs with a caller's grant");
        assert.equal(stack.permissions, undefined);
        for (const [name, job] of Object.entries(stack.jobs as Obj)) assert.equal(job.permissions, undefined, name);
        let callers = 0;
        for (const [file, workflow] of Object.entries(workflows)) {
            for (const [name, job] of Object.entries(workflow.jobs as Obj)) {
                if (job.uses === "./.github/workflows/pulumi-stack.yml") {
                    callers++;
                    const expected: Obj = { contents: "read", "id-token": "write" };
                    if (job.with["comment-on-pr"] === true) expected["pull-requests"] = "write";
                    assert.deepEqual(job.permissions, expected, `${file} ${name}`);
                } else {
                    assert.equal(job.permissions?.["pull-requests"], undefined, `${file} ${name}`);
                }
            }
        }
        assert.equal(callers, 4, "preview, staging, production, drift");
    });

    it("every job has a timeout (or gets one from the stack workflow)", () => {
        for (const [file, workflow] of Object.entries(workflows)) {
            for (const [name, job] of Object.entries(workflow.jobs as Obj)) {
                const timeout =
                    job["timeout-minutes"] ??
                    (job.uses === "./.github/workflows/pulumi-stack.yml" ? workflows["pulumi-stack.yml"].jobs.pulumi["timeout-minutes"] : undefined);
                assert.ok(timeout !== undefined, `${file} ${name} has no timeout-minutes`);
            }
        }
        assert.equal(workflows["pulumi-stack.yml"].on.workflow_call.inputs["timeout-minutes"].default, 30);
    });

    it("uses only the current majors of known actions (and local ones)", () => {
        for (const step of steps().filter((s) => s.uses)) {
            if (step.uses.startsWith("./")) continue;
            const [name, version] = step.uses.split("@");
            assert.ok(name in actionMajors, `unexpected action ${step.uses}`);
            assert.equal(version, actionMajors[name], step.uses);
        }
    });

    it("runs Node 22 and 24 only (the current LTS lines)", () => {
        for (const step of steps().filter((s) => String(s.uses).startsWith("actions/setup-node@"))) {
            const version = step.with["node-version"];
            assert.ok(version === 24 || version === "${{ matrix.node }}", String(version));
        }
        assert.deepEqual(workflows["pull-request.yml"].jobs.offline.strategy.matrix.node, [22, 24]);
    });

    // One version for the CLI and @pulumi/pulumi: 3.276.0, the newest SDK on npm (3.249+ needs Node 22),
    // whose CLI release exists for the workflows to install. Not the 3.274.1 that tools/e2e builds from
    // the Go proxy: npm has no 3.274.x SDK, and the proxy serves v3.276.0 too, so e2e can follow.
    it("pins the Pulumi CLI to the SDK's version, authenticates plugin downloads and caches plugins", () => {
        const sdk = JSON.parse(read(path.join(projectRoot, "package.json"))).dependencies["@pulumi/pulumi"];
        assert.equal(read(path.join(projectRoot, ".pulumi-version")).trim(), sdk);
        const pulumiSteps = steps().filter((s) => String(s.uses).startsWith("pulumi/actions@"));
        assert.ok(pulumiSteps.length > 0);
        for (const step of pulumiSteps) assert.equal(step.with["pulumi-version-file"], ".pulumi-version");
        const commandSteps = pulumiSteps.filter((step) => step.with.command);
        assert.ok(commandSteps.length > 0);
        for (const step of commandSteps) {
            assert.equal(step.env.GITHUB_TOKEN, "${{ github.token }}");
            assert.equal(step.with.policyPacks, "policy");
        }
        const cliSteps = steps().filter((s) => /^\s*pulumi preview /m.test(String(s.run)));
        for (const step of cliSteps) {
            assert.equal(step.env.GITHUB_TOKEN, "${{ github.token }}");
            assert.match(step.run, /--policy-pack policy/);
        }
        const cache = action.runs.steps.find((s: Obj) => String(s.uses).startsWith("actions/cache@"));
        assert.equal(cache.with.path, "~/.pulumi/plugins");
    });

    it("logs in by OIDC only: the cloud the stack selects, and Pulumi Cloud by token exchange", () => {
        const byCloud = (cloud: string) =>
            action.runs.steps.filter((s: Obj) => s.if === `steps.stack.outputs.cloud == '${cloud}'` && s.uses).map((s: Obj) => s.uses.split("@")[0]);
        assert.deepEqual(byCloud("gcp"), ["google-github-actions/auth", "google-github-actions/setup-gcloud"]);
        assert.deepEqual(byCloud("aws"), ["aws-actions/configure-aws-credentials"]);
        assert.deepEqual(byCloud("azure"), ["azure/login"]);
        const text =
            read(actionFile) +
            Object.keys(workflows)
                .map((f) => read(path.join(workflowsDir, f)))
                .join("\n");
        for (const longLived of ["credentials_json", "aws-access-key-id", "aws-secret-access-key", "client-secret", "creds:", "PULUMI_ACCESS_TOKEN"]) {
            assert.ok(!text.includes(longLived), `no long-lived key (${longLived})`);
        }
        // The ID token comes from the calling job's grant (pulumi-stack.yml asks for nothing itself).
        for (const workflow of Object.values(workflows)) {
            for (const job of Object.values(workflow.jobs as Obj)) {
                if (job.uses === "./.github/workflows/pulumi-stack.yml") assert.equal(job.permissions["id-token"], "write");
            }
        }
    });

    /**
     * Pulumi Cloud issues organization tokens with admin rights only ("authorizedPermissions: only
     * admin is supported for organization tokens", https://www.pulumi.com/registry/packages/pulumiservice/api-docs/api/auth/policy/;
     * "For requested token type organization, scopes must be empty or admin",
     * https://www.pulumi.com/docs/reference/cloud-rest-api/oauth-token-exchange): a staging preview
     * holding one could read production's secrets. Each environment names a team or machine user.
     */
    it("Pulumi Cloud: a team or machine-user token scoped per environment, never an organization token", () => {
        const auth = action.runs.steps.find((s: Obj) => String(s.uses).startsWith("pulumi/auth-actions@"));
        assert.equal(auth.with.scope, "${{ inputs.pulumi-token-scope }}");
        assert.equal(auth.with["requested-token-type"], "${{ steps.pulumi-token.outputs.type }}");
        const chooser = action.runs.steps.find((s: Obj) => s.id === "pulumi-token");
        assert.doesNotMatch(chooser.run, /access_token:organization/);
        assert.match(chooser.run, /team:\?\*\) echo "type=urn:pulumi:token-type:access_token:team"/);
        assert.match(chooser.run, /user:\?\*\) echo "type=urn:pulumi:token-type:access_token:personal"/);
        assert.match(chooser.run, /\*\)\s+echo "::error::Set the environment variable PULUMI_TOKEN_SCOPE/);
        assert.equal(workflows["pulumi-stack.yml"].jobs.pulumi.steps[1].with["pulumi-token-scope"], "${{ vars.PULUMI_TOKEN_SCOPE }}");
    });

    /**
     * Credentials that do not renew must outlast the job: an AWS role session lasts 3600 s unless
     * asked otherwise (AssumeRoleWithWebIdentity DurationSeconds, https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html),
     * and the Pulumi Cloud token lasts what token-expiration asks (pulumi/auth-actions README).
     * azure/login's `az` session cannot renew after GitHub's ID token expires (Azure/azure-cli#28708,
     * Azure/login#180), so the azure-native provider logs in by OIDC itself (ARM_USE_OIDC; it reads
     * ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN, https://www.pulumi.com/blog/oidc-with-azure/).
     */
    it("every credential lasts as long as the job that uses it", () => {
        const stackWorkflow = workflows["pulumi-stack.yml"];
        const defaults = stackWorkflow.on.workflow_call.inputs;
        for (const [file, workflow] of Object.entries(workflows)) {
            for (const [name, job] of Object.entries(workflow.jobs as Obj)) {
                if (job.uses !== "./.github/workflows/pulumi-stack.yml") continue;
                const minutes = job.with["timeout-minutes"] ?? defaults["timeout-minutes"].default;
                const seconds = job.with["credential-seconds"] ?? defaults["credential-seconds"].default;
                assert.ok(seconds >= minutes * 60, `${file} ${name}: credentials for ${seconds} s, job up to ${minutes * 60} s`);
            }
        }
        assert.equal(stackWorkflow.jobs.pulumi.steps[1].with["credential-seconds"], "${{ inputs.credential-seconds }}");
        const step = (uses: string) => action.runs.steps.find((s: Obj) => String(s.uses).startsWith(uses));
        assert.equal(step("aws-actions/configure-aws-credentials@").with["role-duration-seconds"], "${{ inputs.credential-seconds }}");
        assert.equal(step("pulumi/auth-actions@").with["token-expiration"], "${{ inputs.credential-seconds }}");
        const azureEnv = action.runs.steps.find((s: Obj) => s.if === "steps.stack.outputs.cloud == 'azure'" && String(s.run).includes("GITHUB_ENV"));
        for (const line of ["ARM_USE_OIDC=true", "ARM_CLIENT_ID=$CLIENT_ID", "ARM_TENANT_ID=$TENANT_ID", "ARM_SUBSCRIPTION_ID=$SUBSCRIPTION_ID"]) {
            assert.ok(azureEnv.run.includes(line), line);
        }
    });

    it("pull requests: tests, the offline plan in the job summary, then previews behind per-stack environments; forks skipped with a note", () => {
        const pr = workflows["pull-request.yml"];
        const offline = JSON.stringify(pr.jobs.offline.steps);
        for (const text of ["npm ci", "npm test", "npm run plan -- --stack", "GITHUB_STEP_SUMMARY"]) assert.ok(offline.includes(text), text);
        // npm test lints (package.json): a separate lint step would run ESLint and Prettier twice per job.
        assert.match(JSON.parse(read(path.join(projectRoot, "package.json"))).scripts.test, /npm run lint/);
        assert.ok(!pr.jobs.offline.steps.some((s: Obj) => /npm run lint/.test(String(s.run))), "lint runs once, inside npm test");
        assert.equal(pr.jobs.preview.needs, "offline");
        assert.deepEqual(pr.jobs.preview.strategy.matrix.stack, ["staging", "production"]);
        // Issue 12 item 15: production's preview identity only after a reviewer approves; staging has its own.
        assert.equal(pr.jobs.preview.with.environment, "${{ matrix.stack }}-preview");
        assert.equal(pr.jobs.preview.with["comment-on-pr"], true);
        // Previews of different pull requests never share a concurrency group (see the deploy test).
        assert.equal(pr.jobs.preview.with["concurrency-group"], "preview-${{ matrix.stack }}-pr-${{ github.event.pull_request.number }}");
        // Dependabot's pull requests run as if from a fork: read-only token, no Actions secrets (GitHub docs,
        // "Troubleshooting Dependabot on GitHub Actions"), so they are skipped with the same note.
        assert.equal(pr.jobs.preview.if, "github.event.pull_request.head.repo.full_name == github.repository && github.actor != 'dependabot[bot]'");
        assert.equal(pr.jobs["fork-note"].if, "github.event.pull_request.head.repo.full_name != github.repository || github.actor == 'dependabot[bot]'");
        assert.match(JSON.stringify(pr.jobs["fork-note"].steps), /::notice::Cloud preview skipped/);
    });

    it("pull requests: the chart facts are checked and every chart rendered, with Go for helm and a tools cache", () => {
        // Issue 8 review: nothing ran `npm run render` or `npm run chart-facts -- --check` on a pull request.
        const steps: Obj[] = workflows["pull-request.yml"].jobs.offline.steps;
        const at = (match: (s: Obj) => boolean, what: string) => {
            const index = steps.findIndex(match);
            assert.ok(index >= 0, what);
            return index;
        };
        const go = at((s) => String(s.uses).startsWith("actions/setup-go@"), "actions/setup-go");
        const cache = at((s) => String(s.uses).startsWith("actions/cache@") && /atlasia-tools/.test(String(s.with?.path)), "a cache of ~/.cache/atlasia-tools");
        const facts = at((s) => s.run === "npm run chart-facts -- --check", "npm run chart-facts -- --check");
        const render = at((s) => s.run === "npm run render", "npm run render");
        assert.ok(go < facts && cache < facts && facts < render, "Go and the cache before the tools that build helm");
        // helm v3.22.0's go.mod says `go 1.26.0` (tools/ensure-helm.sh builds that version).
        assert.match(read(path.join(projectRoot, "tools/ensure-helm.sh")), /^version="v3\.22\.0"$/m, "a new helm may need a newer Go");
        const [major, minor] = String(steps[go].with["go-version"]).split(".").map(Number);
        assert.ok(major === 1 && minor >= 26, `Go ${steps[go].with["go-version"]}`);
        const paths = String(steps[cache].with.path)
            .split("\n")
            .map((p) => p.trim())
            .filter(Boolean);
        for (const p of ["~/.cache/atlasia-tools", "~/.cache/go-build"]) assert.ok(paths.includes(p), p);
        assert.match(steps[cache].with.key, /hashFiles\('tools\/ensure-helm\.sh'\)/);
    });

    it("deploy: staging, then production behind its environment; never cancels a running deployment", () => {
        const deploy = workflows["deploy.yml"];
        assert.deepEqual(deploy.on.push.branches, ["main"]);
        assert.deepEqual([deploy.jobs.staging.with.environment, deploy.jobs.production.with.environment], ["staging", "production"]);
        assert.equal(deploy.jobs.production.needs, "staging");
        assert.equal(deploy.jobs.staging.needs, "test");
        for (const job of [deploy.jobs.staging, deploy.jobs.production]) assert.equal(job.with.command, "up");
        assert.equal(deploy.concurrency, undefined, "no workflow-level group that could cancel a deployment");
        const concurrency = workflows["pulumi-stack.yml"].jobs.pulumi.concurrency;
        assert.equal(concurrency["cancel-in-progress"], false);
        assert.equal(concurrency.group, "${{ inputs.concurrency-group }}");
        // "at most one running and one pending job in a concurrency group ... Any existing pending
        // job ... will be canceled" (https://docs.github.com/en/actions/using-jobs/using-concurrency):
        // deployments of one stack share a group (the newest waiting `up` wins); nothing else joins it.
        assert.deepEqual(
            [deploy.jobs.staging.with["concurrency-group"], deploy.jobs.production.with["concurrency-group"]],
            ["deploy-staging", "deploy-production"],
        );
        const others = [workflows["pull-request.yml"].jobs.preview, workflows["drift.yml"].jobs.drift].map((job) => job.with["concurrency-group"]);
        for (const group of others) assert.doesNotMatch(group, /^deploy-/);
    });

    it("deploy: the preflight runs before pulumi up, skipped only on a stack's first deploy (no kubeconfig output yet)", () => {
        // Issue 12 item 10; docs/operations.md "Before every pulumi up: preflight". GitHub runs
        // `shell: bash` as `bash -e -o pipefail` (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsshell),
        // so a failing `pulumi stack output` fails the step instead of looking like a first deploy.
        const job = workflows["pulumi-stack.yml"].jobs.pulumi;
        const index = job.steps.findIndex((s: Obj) => /npm run preflight -- /.test(String(s.run)));
        assert.ok(index >= 0, "a preflight step");
        const preflight = job.steps[index];
        assert.equal(preflight.if, "${{ inputs.command == 'up' }}");
        assert.equal(preflight.shell, "bash");
        assert.match(preflight.run, /npm run preflight -- --stack "\$STACK" --kubeconfig "\$kubeconfig" --context "\$context"/);
        assert.match(preflight.run, /pulumi stack output --stack "\$STACK_NAME" --json --show-secrets/);
        assert.match(preflight.run, /if \[ ! -s "\$kubeconfig" \]; then\s+echo "::notice::Preflight skipped[^"]*"\s+exit 0/);
        assert.match(preflight.run, /kubectl config current-context --kubeconfig "\$kubeconfig"/);
        assert.equal(preflight.env.STACK_NAME, "${{ steps.login.outputs.stack-name }}");
        const up = job.steps.findIndex((s: Obj) => String(s.uses).startsWith("pulumi/actions@") && s.with?.command);
        assert.ok(index < up, "before pulumi up");
        const cli = job.steps.findIndex((s: Obj) => String(s.uses).startsWith("pulumi/actions@") && !s.with?.command && /up/.test(String(s.if)));
        assert.ok(cli >= 0 && cli < index, "the pinned CLI is installed before the preflight reads the stack");
        // The deploy jobs are the ones that run it.
        for (const stack of ["staging", "production"]) assert.equal(workflows["deploy.yml"].jobs[stack].with.command, "up");
    });

    it("deploy: a run by hand deploys main only (workflow_dispatch can pick any branch; staging has no reviewers)", () => {
        const deploy = workflows["deploy.yml"];
        assert.ok("workflow_dispatch" in deploy.on);
        assert.equal(deploy.jobs.staging.if, "github.ref == 'refs/heads/main'");
        assert.equal(deploy.jobs.production.needs, "staging", "production runs only after staging, so only from main too");
    });

    /**
     * pulumi/actions' `refresh` input runs `stack.refresh()`, a real refresh that writes the state
     * and takes the stack lock, before the command (pulumi/actions src/run.ts, runAction). The drift
     * check must only read: `pulumi preview --refresh` ("No changes to the stack will actually take
     * place", https://www.pulumi.com/docs/iac/cli/commands/pulumi_preview/; --refresh on preview since
     * pulumi/pulumi#3675) with `--expect-no-changes`.
     */
    it("a refreshing preview never writes the state: the CLI's preview --refresh, not the action's refresh input", () => {
        const job = workflows["pulumi-stack.yml"].jobs.pulumi;
        for (const step of job.steps.filter((s: Obj) => String(s.uses).startsWith("pulumi/actions@"))) {
            assert.ok(!("refresh" in step.with), "pulumi/actions' refresh input would run pulumi refresh");
        }
        const cli = job.steps.find((s: Obj) => /^\s*pulumi preview /m.test(String(s.run)));
        assert.equal(cli.if, "${{ inputs.refresh }}");
        assert.match(cli.run, /flags=\(--non-interactive --stack "\$STACK_NAME" --refresh /);
        assert.match(cli.run, /EXPECT_NO_CHANGES" = true \]; then flags\+=\(--expect-no-changes\)/);
        assert.match(cli.run, /\$COMMAND" != preview/);
        const action = job.steps.find((s: Obj) => String(s.uses).startsWith("pulumi/actions@") && s.with.command);
        assert.equal(action.if, "${{ !inputs.refresh }}");
    });

    it("drift: a scheduled refresh preview per stack that fails on any change and opens an issue", () => {
        const drift = workflows["drift.yml"];
        assert.ok(drift.on.schedule[0].cron);
        assert.deepEqual(drift.jobs.drift.strategy.matrix.stack, ["staging", "production"]);
        assert.deepEqual([drift.jobs.drift.with.refresh, drift.jobs.drift.with["expect-no-changes"]], [true, true]);
        assert.equal(drift.jobs.report.if, "failure()");
        assert.match(JSON.stringify(drift.jobs.report.steps), /gh issue create/);
    });
});
