// A secret list that stores a fix's placeholder literally (`<CIDR of your deployers and CI>`, set as
// printed) holds the bad value itself: the fix asks for that element instead of reading it back from
// the stack, or running the fix would write the same refused list again (config/fix-commands.ts
// itemSources). Fix written by hand.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { configProblems } from "./support/settings";
import { stackOptions } from "./support/runs";
import { runLine, StackFile } from "./support/config-cli";

const key = "atlasia:apiAuthorizedCidrs";
const wanted = "<CIDR of your deployers and CI>";
const kept = "10.0.0.0/8";

describe("secret list fix: a placeholder stored literally is asked for, never kept", function () {
    this.timeout(30000);
    // The secret keys stay in the runtime's config; later files expect none.
    after(() => pulumi.runtime.setAllConfig({}, []));

    it("apiAuthorizedCidrs storing the placeholder and a CIDR: element 0 asked for, element 1 kept", async () => {
        const base = stackOptions("gcp", "production");
        const problems = await configProblems({
            ...base,
            set: { ...base.set, apiEndpointAccess: "authorized" },
            secrets: { ...base.secrets, apiAuthorizedCidrs: JSON.stringify([wanted, kept]) },
        });
        assert.deepEqual(
            problems.map((p) => p.key),
            [key],
        );
        const { message, fix } = problems[0];
        assert.ok(message.includes(`, and asks for element 0 (${wanted}), `), message);
        assert.equal(
            fix,
            `(value1=$(pulumi config get --stack production --path '${key}[1]' && printf .) && ` +
                `printf '%s: ' '${key}[0], ${wanted}' >&2 && IFS= read -rs value0 && echo >&2 && ` +
                `{ [ -n "$value0" ] || { echo 'no value given: nothing changed' >&2; false; }; } && ` +
                `pulumi config rm --stack production ${key} && ` +
                `printf %s "$value0" | pulumi config set --stack production --path --secret '${key}[0]' && ` +
                `printf %s "\${value1%.}" | pulumi config set --stack production --path --secret '${key}[1]')`,
        );

        // Run in bash on a stand-in for the stack file: the placeholder is replaced, the CIDR kept.
        const stack: StackFile = { [key]: [{ secure: wanted }, { secure: kept }] };
        const asked: string[] = [];
        assert.equal(
            runLine(stack, fix, (question) => (asked.push(question), "203.0.113.0/24")),
            0,
        );
        assert.deepEqual(asked, [`${key}[0], ${wanted}`]);
        assert.deepEqual(stack, { [key]: [{ secure: "203.0.113.0/24" }, { secure: kept }] });
    });
});
