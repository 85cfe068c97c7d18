// A provider setting the stack stores encrypted reaches the program's explicit provider as a secret
// (config/stored-secret.ts): provider inputs are kept in state and shown in diffs, and an explicit
// provider takes its settings only from the program (it reads no stack config itself:
// https://www.pulumi.com/docs/iac/concepts/resources/providers/#explicit-provider-configuration).
// A plain setting stays plain. Covers every kind of setting: string, JSON list, JSON object, boolean, GUID.
import { strict as assert } from "assert";
import type { ProgramRun } from "../harness/run";
import { Cloud, stackOptions, validStackRun, withConfig, withSecrets } from "./support/runs";
import { encodings } from "./support/secrets";

interface Case {
    cloud: Exclude<Cloud, "local">;
    providerType: string;
    /** Settings stored secret: key (without namespace) to the value set. */
    secret: Record<string, string>;
    /** A setting left plain, which must stay plain. */
    plain: [string, string];
}

const cases: Case[] = [
    {
        cloud: "aws",
        providerType: "pulumi:providers:aws",
        secret: {
            httpsProxy: "http://deployer:Pr0xy-Passw0rd-7Hq2@proxy.internal:3128",
            assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::111122223333:role/deployer", externalId: "ext-id-Vb7Np2Lm5Kj9" }]),
            allowedAccountIds: JSON.stringify(["111122223333"]),
            skipRequestingAccountId: "true",
        },
        plain: ["noProxy", "169.254.169.254"],
    },
    {
        cloud: "azure",
        providerType: "pulumi:providers:azure-native",
        secret: {
            tenantId: "7a4c1e2b-9d3f-4e5a-8b6c-0d1e2f3a4b5c",
            auxiliaryTenantIds: JSON.stringify(["5e6f7a8b-1c2d-4e3f-9a0b-c1d2e3f4a5b6"]),
            clientCertificatePath: "/etc/azure/secret-Zq8Xw3Vb.pfx",
            useOidc: "true",
        },
        plain: ["oidcRequestUrl", "https://token.actions.githubusercontent.com/request"],
    },
    {
        cloud: "gcp",
        providerType: "pulumi:providers:gcp",
        secret: {
            impersonateServiceAccount: "deployer-x7q2@atlasia-staging.iam.gserviceaccount.com",
            impersonateServiceAccountDelegates: JSON.stringify(["delegate-k9h4@atlasia-staging.iam.gserviceaccount.com"]),
            requestReason: "change-ticket-CHG-88213-secret",
            userProjectOverride: "true",
        },
        plain: ["billingProject", "atlasia-billing-42"],
    },
];

const namespaces: Record<Case["cloud"], string> = { aws: "aws", azure: "azure-native", gcp: "gcp" };

/** Everything of a run that is kept or shown in plain text: masked inputs, non-secret outputs, warnings, invokes. */
function plainText(run: ProgramRun): string {
    return JSON.stringify([run.resources.map((r) => r.maskedInputs), Object.values(run.outputs).filter((output) => !output.secret), run.warnings, run.invokes]);
}

/** The strings a setting holds: its text, and each string inside it when it is JSON. */
function strings(raw: string): string[] {
    let parsed: unknown = raw;
    try {
        parsed = JSON.parse(raw);
    } catch {
        // a plain string
    }
    const leaves = (value: unknown): string[] =>
        typeof value === "string" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(leaves) : [];
    return typeof parsed === "boolean" ? [] : [raw, ...leaves(parsed)];
}

describe("provider settings stored secret stay secret in the provider's inputs", function () {
    this.timeout(60000);

    for (const c of cases) {
        it(`${c.cloud}: ${Object.keys(c.secret).join(", ")} secret-marked and nowhere in plain text; ${c.plain[0]} plain`, async () => {
            const namespace = namespaces[c.cloud];
            const base = stackOptions(c.cloud, "staging");
            const secrets = Object.fromEntries(Object.entries(c.secret).map(([key, value]) => [`${namespace}:${key}`, value]));
            const run = await validStackRun(withSecrets(withConfig(base, { [`${namespace}:${c.plain[0]}`]: c.plain[1] }), secrets));
            const providers = run.resources.filter((r) => r.type === c.providerType && r.custom);
            assert.equal(providers.length, 1, `one explicit ${c.providerType}`);
            const [provider] = providers;
            for (const [key, raw] of Object.entries(c.secret)) {
                assert.notEqual(provider.inputs[key], undefined, `${key} reaches the provider`);
                assert.ok(provider.secretPaths.includes(key), `${key} is secret-marked (secretPaths ${JSON.stringify(provider.secretPaths)})`);
                for (const value of strings(raw)) {
                    for (const form of encodings(value)) assert.ok(!plainText(run).includes(form), `${key}'s ${JSON.stringify(value)} appears in plain text`);
                }
            }
            assert.ok(!provider.secretPaths.includes(c.plain[0]), `${c.plain[0]} is plain`);
            assert.equal(provider.inputs[c.plain[0]], c.plain[1]);
            // The search is not vacuous: the plain setting is found in the plain text.
            assert.ok(plainText(run).includes(c.plain[1]));
        });
    }
});
