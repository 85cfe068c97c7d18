// config/load.ts at its edges (issue 13): values that are wrong only at their last (or first)
// character, so a pattern that lost an anchor lets them through; every integer bound on both sides;
// the cluster name's 40 characters; node counts outside their range; the guide's node minimums as
// warnings; and each problem's fix command matched in full, as an operator pastes it.
import { strict as assert } from "assert";
import { ConfigProblem } from "../config/reader";
import { configProblems, settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";
import { withSecrets } from "./support/runs";

const secrets = { llmApiKey: "sk-test" };
const gcpProduction = (set: Record<string, string> = {}): RunOptions => ({ stack: "production", secrets, set: { "gcp:project": "my-project-123", ...set } });
const awsStaging = (set: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets,
    set: { cloud: "aws", clusterAdminIncludeDeployer: "true", ...set },
});
const azureStaging = (set: Record<string, string> = {}): RunOptions => ({
    stack: "staging",
    secrets,
    set: { cloud: "azure", clusterAdmins: '["00000000-0000-0000-0000-000000000001"]', ...set },
});

/** The warnings about the guide's cluster minimums (access warnings left out). */
async function minimumWarnings(options: RunOptions): Promise<string[]> {
    return (await settingsFor(options)).warnings.filter((w) => /^(staging|production) should have at least/.test(w));
}

/** The one problem `options` has, which must be about `key`. */
async function onlyProblem(options: RunOptions, key: string): Promise<ConfigProblem> {
    const problems = await configProblems(options);
    assert.deepEqual(
        problems.map((p) => p.key),
        [`atlasia:${key}`],
        JSON.stringify(problems, null, 1),
    );
    return problems[0];
}

describe("config edges: anchored patterns, bounds and whole fix commands", function () {
    this.timeout(30000);

    describe("a value wrong only at one end is refused, with the whole fix command", () => {
        const cases: {
            label: string;
            options: (value: string) => RunOptions;
            key: string;
            bad: string[];
            good: string;
            message: (v: string) => string;
            fix: string;
        }[] = [
            {
                label: "GCP region",
                options: (v) => gcpProduction({ region: v }),
                key: "region",
                bad: ["us-central1!", "1us-central1"],
                good: "europe-west4",
                message: (v) => `"${v}" is not a GCP region such as us-central1.`,
                fix: "pulumi config set --stack production atlasia:region us-central1",
            },
            {
                label: "AWS region",
                options: (v) => awsStaging({ region: v }),
                key: "region",
                // The European Sovereign Cloud (partition aws-eusc, https://docs.aws.amazon.com/general/latest/gr/rande.html) is not one the program knows.
                bad: ["us-east-1a", "xus-east-1", "eusc-de-east-1"],
                good: "us-gov-west-1",
                message: (v) => `"${v}" is not an AWS region of the commercial, China or GovCloud partition, such as us-east-1.`,
                fix: "pulumi config set --stack staging atlasia:region us-east-1",
            },
            {
                label: "Azure location",
                options: (v) => azureStaging({ region: v }),
                key: "region",
                bad: ["eastus-", "-eastus"],
                good: "westeurope",
                message: (v) => `"${v}" is not an Azure location such as eastus.`,
                fix: "pulumi config set --stack staging atlasia:region eastus",
            },
            {
                label: "GCP machine type",
                options: (v) => gcpProduction({ nodeMachineType: v, nodeCpus: "4", nodeMemoryGib: "16" }),
                key: "nodeMachineType",
                bad: ["n2-standard-4!", "2n-standard-4"],
                good: "c3-standard-4",
                message: (v) => `"${v}" is not a gcp machine type.`,
                fix: "pulumi config set --stack production atlasia:nodeMachineType n2-standard-4",
            },
            {
                label: "AWS instance type",
                options: (v) => awsStaging({ nodeMachineType: v, nodeCpus: "2", nodeMemoryGib: "8" }),
                key: "nodeMachineType",
                bad: ["t3.large!", ".t3.large"],
                good: "c7i.large",
                message: (v) => `"${v}" is not a aws machine type.`,
                fix: "pulumi config set --stack staging atlasia:nodeMachineType t3.large",
            },
            {
                label: "Azure VM size",
                options: (v) => azureStaging({ nodeMachineType: v, nodeCpus: "2", nodeMemoryGib: "8" }),
                key: "nodeMachineType",
                bad: ["Standard_D2s_v3!", "xStandard_D2s_v3"],
                good: "Standard_F2s_v2",
                message: (v) => `"${v}" is not a azure machine type.`,
                fix: "pulumi config set --stack staging atlasia:nodeMachineType Standard_D2s_v3",
            },
            {
                // The local stack: the clouds add their own naming rules (clusters/platform-rules) on top.
                label: "cluster name",
                options: (v) => ({ stack: "dev", secrets, set: { clusterName: v } }),
                key: "clusterName",
                bad: ["atlasia-prod-", "1atlasia-prod"],
                good: "atlasia-p2",
                // The fix removes the key: the dev stack falls back to atlasia-dev, not the production name.
                message: (v) =>
                    `"${v}" must be lower-case letters, digits and hyphens, start with a letter, end with a letter or digit and have at most 40 characters; ` +
                    "removing it gives this development stack the name atlasia-dev.",
                fix: "pulumi config rm --stack dev atlasia:clusterName",
            },
            {
                label: "Kubernetes version",
                options: (v) => gcpProduction({ kubernetesVersion: v }),
                key: "kubernetesVersion",
                bad: ["1.33.x", "v1.33"],
                good: "1.33.2",
                message: (v) => `"${v}" is not a Kubernetes version such as 1.33.`,
                fix: "pulumi config set --stack production atlasia:kubernetesVersion 1.33",
            },
            {
                label: "Prometheus retention",
                options: (v) => gcpProduction({ prometheusRetention: v }),
                key: "prometheusRetention",
                bad: ["15dd", "d15d"],
                good: "4w",
                message: (v) => `"${v}" is not a Prometheus duration such as 15d.`,
                fix: "pulumi config set --stack production atlasia:prometheusRetention 15d",
            },
            {
                label: "orchestrator tag",
                options: (v) => awsStaging({ orchestratorTag: v }),
                key: "orchestratorTag",
                bad: ["1.2.3-", "-1.2.3"],
                good: "1.2.3_rc1",
                message: (v) => `"${v}" is not an image tag.`,
                fix: "pulumi config set --stack staging atlasia:orchestratorTag 0.2.0",
            },
            {
                label: "orchestrator image",
                options: (v) => gcpProduction({ orchestratorImage: v }),
                key: "orchestratorImage",
                bad: ["atlasia/orchestrator-", "Atlasia/orchestrator"],
                good: "registry.example.com:5000/atlasia/ai-orchestrator",
                message: (v) => `"${v}" is not an image repository.`,
                fix: "pulumi config set --stack production atlasia:orchestratorImage registry.example.com/atlasia/ai-orchestrator",
            },
        ];
        for (const c of cases) {
            it(`${c.label}: ${c.bad.join(" and ")} refused, ${c.good} accepted`, async () => {
                for (const bad of c.bad) {
                    const problem = await onlyProblem(c.options(bad), c.key);
                    assert.equal(problem.message, c.message(bad));
                    assert.equal(problem.fix, c.fix);
                }
                assert.deepEqual(await configProblems(c.options(c.good)), []);
            });
        }
    });

    describe("the cluster name", () => {
        it("has at most 40 characters: 40 accepted, 41 refused", async () => {
            const forty = `atlasia-${"a".repeat(32)}`;
            assert.equal(forty.length, 40);
            const dev = (clusterName: string): RunOptions => ({ stack: "dev", secrets, set: { clusterName } });
            assert.deepEqual(await configProblems(dev(forty)), []);
            const problem = await onlyProblem(dev(`${forty}b`), "clusterName");
            assert.match(problem.message, /at most 40 characters/);
        });
    });

    describe("a malformed Kubernetes version", () => {
        // Its one problem and one fix: the workload minimum (1.30) and AKS's patch channel check only a well-formed version.
        const malformed = (v: string) => ({
            key: "atlasia:kubernetesVersion",
            message: `"${v}" is not a Kubernetes version such as 1.33.`,
            fix: "pulumi config set --stack staging atlasia:kubernetesVersion 1.33",
        });
        for (const version of ["1.3.1", "2.33.1"]) {
            it(`${version}: one problem on EKS and on AKS with the patch channel`, async () => {
                assert.deepEqual(await configProblems(awsStaging({ kubernetesVersion: version })), [malformed(version)]);
                assert.deepEqual(await configProblems(azureStaging({ kubernetesVersion: version, aksAutoUpgradeChannel: "patch" })), [malformed(version)]);
            });
        }
    });

    describe("integer bounds on both sides", () => {
        for (const { key, min, max, options } of [
            { key: "nodeDiskSizeGb", min: 30, max: 2000, options: gcpProduction },
            { key: "postgresBackupRetentionDays", min: 1, max: 3650, options: gcpProduction },
        ]) {
            it(`${key}: ${min} and ${max} accepted, ${min - 1} and ${max + 1} refused as "a whole number from ${min} to ${max}"`, async () => {
                for (const value of [min, max]) assert.deepEqual(await configProblems(options({ [key]: String(value) })), [], String(value));
                for (const value of [min - 1, max + 1, `${min}.5`, `${max}x`]) {
                    const problem = await onlyProblem(options({ [key]: String(value) }), key);
                    assert.equal(problem.message, `"${value}" is not a whole number from ${min} to ${max}.`);
                }
            });
        }

        it("localCpus is a whole number of at least 1, with no upper bound", async () => {
            const problem = await onlyProblem({ stack: "dev", secrets, set: { localCpus: "0" } }, "localCpus");
            assert.equal(problem.message, '"0" is not a whole number of at least 1.');
            assert.equal(problem.fix, "pulumi config set --stack dev atlasia:localCpus 4");
        });
    });

    describe("node counts", () => {
        it("a node count below the minimum or above the maximum is refused, fixed with the minimum", async () => {
            // GKE production: 2-10 per zone (the guide's gcloud command).
            for (const count of ["1", "11"]) {
                const problem = await onlyProblem(gcpProduction({ nodeCount: count }), "nodeCount");
                assert.equal(problem.message, `${count} is outside the autoscaling range 2-10.`);
                assert.equal(problem.fix, "pulumi config set --stack production atlasia:nodeCount 2");
            }
            for (const count of ["2", "10"]) assert.deepEqual(await configProblems(gcpProduction({ nodeCount: count })), [], count);
        });

        it("a maximum below the minimum is refused, fixed by raising the maximum to the minimum", async () => {
            const problem = await onlyProblem(gcpProduction({ nodeMinCount: "5", nodeMaxCount: "4", nodeCount: "5" }), "nodeMaxCount");
            assert.equal(problem.message, "the maximum (4) is below the minimum (5).");
            assert.equal(problem.fix, "pulumi config set --stack production atlasia:nodeMaxCount 5");
            assert.deepEqual(await configProblems(gcpProduction({ nodeMinCount: "4", nodeMaxCount: "4", nodeCount: "4" })), []);
        });
    });

    describe("the guide's cluster minimums, as warnings", () => {
        // On AKS: EKS refuses a total below one node per zonal group (tests/eks-zonal-node-groups.test.ts).
        it("staging below 3 nodes, 4 vCPU and 8 GB at its minimum size is warned about in the guide's numbers", async () => {
            // One Standard_D2s_v3: 2 vCPU, 8 GB.
            assert.deepEqual(await minimumWarnings(azureStaging({ nodeMinCount: "1", nodeCount: "1" })), [
                "staging should have at least 3 nodes (deployment guide); the node pool's minimum is 1.",
                "staging should have at least 4 vCPU and 8 GB at its minimum size.",
            ]);
        });

        it("two large nodes meet the vCPU and memory minimums but not the node count", async () => {
            // Two Standard_D8s_v3: 16 vCPU, 64 GB.
            assert.deepEqual(await minimumWarnings(azureStaging({ nodeMachineType: "Standard_D8s_v3", nodeMinCount: "2", nodeCount: "2" })), [
                "staging should have at least 3 nodes (deployment guide); the node pool's minimum is 2.",
            ]);
        });

        it("production's minimums are 5 nodes, 12 vCPU and 24 GB; GKE counts its three zones", async () => {
            // 1 per zone x 3 zones of n2-standard-4 (4 vCPU, 16 GB): 3 nodes, 12 vCPU, 48 GB.
            assert.deepEqual(await minimumWarnings(gcpProduction({ nodeMinCount: "1", nodeCount: "1" })), [
                "production should have at least 5 nodes (deployment guide); the node pool's minimum is 3.",
            ]);
            // 2 per zone: 6 nodes.
            assert.deepEqual(await minimumWarnings(gcpProduction()), []);
            // 5 x n2-standard-2 (2 vCPU, 8 GB) would be 10 vCPU: 2 per zone x 3 = 6 nodes, 12 vCPU, 48 GB meets it exactly.
            assert.deepEqual(await minimumWarnings(gcpProduction({ nodeMachineType: "n2-standard-2" })), []);
        });
    });

    describe("CORS origins", () => {
        it("scheme, host and optional port only, each trimmed; a path, another scheme or a bad port is refused", async () => {
            const origins = "https://atlasia.example.com, http://localhost:4200,https://a-b.example.com:8443";
            const settings = await settingsFor(gcpProduction({ corsAllowedOrigins: origins }));
            assert.deepEqual(settings.app.corsAllowedOrigins, ["https://atlasia.example.com", "http://localhost:4200", "https://a-b.example.com:8443"]);
            for (const bad of [
                "https://atlasia.example.com/app",
                "xhttps://atlasia.example.com",
                "ftp://atlasia.example.com",
                "https://",
                "https://atlasia.example.com:",
                "https://atlasia.example.com:84a3",
                "https://atlas_ia.example.com",
            ]) {
                const problem = await onlyProblem(gcpProduction({ corsAllowedOrigins: bad }), "corsAllowedOrigins");
                assert.equal(problem.message, `"${bad}" is not an origin such as https://atlasia.example.com.`);
            }
        });
    });

    describe("the backup schedule", () => {
        for (const schedule of ["0 2 * *", "0 0 2 * * *", "0 2 * * *x", "x0 2 * * *", "0 2 * * MONDAY"]) {
            it(`"${schedule}" is not a five-field cron schedule`, async () => {
                const problem = await onlyProblem(gcpProduction({ postgresBackupSchedule: schedule }), "postgresBackupSchedule");
                assert.equal(problem.message, `"${schedule}" is not a five-field cron schedule such as "0 2 * * *".`);
                assert.equal(problem.fix, "pulumi config set --stack production atlasia:postgresBackupSchedule '0 2 * * *'");
            });
        }
        it('"*/15 1-5,22 * * MON" and "30 3 1 */2 0" are accepted', async () => {
            for (const schedule of ["*/15 1-5,22 * * MON", "30 3 1 */2 0"]) {
                assert.deepEqual(await configProblems(gcpProduction({ postgresBackupSchedule: schedule })), [], schedule);
            }
        });
    });

    describe("each kind of value's problem, with its fix command in full", () => {
        it("a list: a bad item is replaced by a placeholder in the whole list, set anew element by element", async () => {
            const problem = await onlyProblem(gcpProduction({ apiAuthorizedCidrs: '["10.0.0.0/33"]' }), "apiAuthorizedCidrs");
            assert.equal(problem.message, '"10.0.0.0/33" is not an IPv4 CIDR such as 203.0.113.0/24.');
            assert.equal(
                problem.fix,
                "pulumi config rm --stack production atlasia:apiAuthorizedCidrs && " +
                    "pulumi config set --stack production --path 'atlasia:apiAuthorizedCidrs[0]' '<CIDR of your deployers and CI>'",
            );
            // Unreadable, the list counts as empty: production then also asks for a decision on API access.
            const notJson = (await configProblems(gcpProduction({ apiAuthorizedCidrs: "10.0.0.0/8" }))).find((p) => p.key === "atlasia:apiAuthorizedCidrs");
            assert.equal(notJson?.message, 'must be a list of strings, got "10.0.0.0/8".');
        });

        it("one of a list: the closest value suggested and used in the fix, or none when nothing is close", async () => {
            // On the dev stack, where the fallback (local) raises nothing else.
            const typo = await onlyProblem({ stack: "dev", secrets, set: { cloud: "gpc" } }, "cloud");
            assert.equal(typo.message, '"gpc" is not one of gcp, aws, azure, local (did you mean gcp?).');
            assert.equal(typo.fix, "pulumi config set --stack dev atlasia:cloud gcp");
            const problems = await configProblems({ stack: "dev", secrets, set: { localDistribution: "qqqqqqqq" } });
            assert.deepEqual(
                problems.map((p) => [p.message, p.fix]),
                [['"qqqqqqqq" is not one of kind, minikube.', "pulumi config set --stack dev atlasia:localDistribution kind"]],
            );
        });

        it("an unknown key: the key it most likely meant, set to the unknown key's own value, and the unknown one removed", async () => {
            const problems = await configProblems(gcpProduction({ nodeMaxCuont: "12" }));
            assert.deepEqual(problems, [
                {
                    key: "atlasia:nodeMaxCuont",
                    message: "is not a setting of this program (did you mean nodeMaxCount?).",
                    fix: "pulumi config set --stack production atlasia:nodeMaxCount 12 && pulumi config rm --stack production atlasia:nodeMaxCuont",
                },
            ]);
        });

        it("an unknown key whose meant key the stack already sets: the fix only removes the unknown one", async () => {
            // Setting clusterName to the typo's value (or an example) would rename the stack's cluster.
            const problems = await configProblems(gcpProduction({ clusterName: "atlasia-main", clusterNmae: "atlasia-other" }));
            assert.deepEqual(problems, [
                {
                    key: "atlasia:clusterNmae",
                    message:
                        "is not a setting of this program (did you mean clusterName?). atlasia:clusterName is already set, so the fix only removes this key.",
                    fix: "pulumi config rm --stack production atlasia:clusterNmae",
                },
            ]);
        });

        it("an unknown key's value is one shell word, a single quote inside it included", async () => {
            const [problem] = await configProblems(gcpProduction({ postgresBackupSchedul: "0 3 * * * # it's later" }));
            assert.equal(
                problem.fix,
                "pulumi config set --stack production atlasia:postgresBackupSchedule '0 3 * * * # it'\\''s later' && pulumi config rm --stack production atlasia:postgresBackupSchedul",
            );
        });

        it("an unknown secret key, or one meaning a secret: the value is read with config get, then set with config set --secret", async () => {
            const [secretTypo] = await configProblems({ ...gcpProduction(), secrets: { ...secrets, vaultTokn: "hvs.x" } });
            assert.deepEqual(secretTypo, {
                key: "atlasia:vaultTokn",
                message:
                    "is not a setting of this program (did you mean vaultToken?). With the passphrase secrets provider, export PULUMI_CONFIG_PASSPHRASE " +
                    "(or PULUMI_CONFIG_PASSPHRASE_FILE) first: the fix reads secrets inside $(...), where the CLI cannot prompt for it.",
                fix:
                    '(value0=$(pulumi config get --stack production atlasia:vaultTokn && printf .) && printf %s "${value0%.}" | ' +
                    "pulumi config set --stack production --secret atlasia:vaultToken && pulumi config rm --stack production atlasia:vaultTokn)",
            });
            // Stored in plain text, but meaning a secret: its value is never put on a command line either.
            const [plainTypo] = await configProblems(gcpProduction({ jwtSecrt: "a-plain-text-value-of-32-bytes-xx" }));
            assert.equal(
                plainTypo.fix,
                '(value0=$(pulumi config get --stack production atlasia:jwtSecrt && printf .) && printf %s "${value0%.}" | ' +
                    "pulumi config set --stack production --secret atlasia:jwtSecret && pulumi config rm --stack production atlasia:jwtSecrt)",
            );
        });

        it("a boolean that is not true or false", async () => {
            const problem = await onlyProblem(gcpProduction({ monitoringEnabled: "yes" }), "monitoringEnabled");
            assert.equal(problem.message, '"yes" is not true or false.');
            assert.equal(problem.fix, "pulumi config set --stack production atlasia:monitoringEnabled false");
        });
    });

    describe("secrets", () => {
        it("a secret stored in plain text is refused, with the --secret command and no value (the CLI prompts)", async () => {
            const problem = await onlyProblem({ ...gcpProduction({ llmApiKey: "sk-plain" }), secrets: {} }, "llmApiKey");
            assert.equal(problem.message, "is stored in plain text in the stack file; secrets must be encrypted.");
            assert.equal(problem.fix, "pulumi config set --stack production --secret atlasia:llmApiKey");
        });

        it("jwtSecret needs at least 32 bytes and encryptionKey exactly 32, counted in bytes, not characters", async () => {
            // "é" is two bytes in UTF-8: 16 of them are 32 bytes in 16 characters.
            const bytes32 = "é".repeat(16);
            assert.deepEqual(await configProblems(withSecrets(gcpProduction(), { jwtSecret: bytes32, encryptionKey: bytes32 })), []);
            const jwt = await onlyProblem(withSecrets(gcpProduction(), { jwtSecret: "x".repeat(31) }), "jwtSecret");
            assert.equal(jwt.message, "must be at least 256 bits (32 bytes); leave it unset to have one generated.");
            assert.equal(jwt.fix, "pulumi config set --stack production --secret atlasia:jwtSecret");
            assert.deepEqual(await configProblems(withSecrets(gcpProduction(), { jwtSecret: "x".repeat(64) })), []);
            for (const key of ["x".repeat(31), "x".repeat(33)]) {
                const problem = await onlyProblem(withSecrets(gcpProduction(), { encryptionKey: key }), "encryptionKey");
                assert.equal(problem.message, "must be exactly 32 bytes; leave it unset to have one generated.");
            }
        });

        it("an empty llmApiKey is refused like a missing one, with the --secret command and no value (the CLI prompts)", async () => {
            const unset: RunOptions[] = [
                { ...gcpProduction(), secrets: { llmApiKey: "" } },
                { ...gcpProduction(), secrets: {} },
            ];
            for (const options of unset) {
                const problem = await onlyProblem(options, "llmApiKey");
                assert.equal(problem.message, "the LLM provider's API key is required and is not set.");
                assert.equal(problem.fix, "pulumi config set --stack production --secret atlasia:llmApiKey");
            }
        });
    });
});
