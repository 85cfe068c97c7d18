// An atlasia:clusterAdmins entry on aws is an IAM role or user ARN whose name IAM could have made:
// a path of printable ASCII between slashes and a name of 1-64 characters from [\w+=,.@-]
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html and API_CreateUser.html:
// Path pattern (\u002F)|(\u002F[\u0021-\u007E]+\u002F), RoleName/UserName pattern [\w+=,.@-]+, length 1-64).
// EKS would otherwise refuse such an entry only when the access entry is created, mid-deployment.
import { strict as assert } from "assert";
import type { RunOptions } from "../harness/run";
import { configProblems } from "./support/settings";
import { stackOptions, withConfig } from "./support/runs";

function withAdmins(admins: string[]): RunOptions {
    return withConfig(stackOptions("aws", "staging"), { clusterAdmins: JSON.stringify(admins) });
}

const refused = async (admins: string[]) => (await configProblems(withAdmins(admins))).filter((p) => p.key === "atlasia:clusterAdmins").map((p) => p.message);

describe("atlasia:clusterAdmins on aws: names IAM accepts", function () {
    this.timeout(30000);

    it("takes every character IAM allows in a name, a nested path, users, and names of 1 and 64 characters", async () => {
        const accepted = [
            "arn:aws:iam::123456789012:role/ci+deploy=1,a.b@c-d_e",
            "arn:aws:iam::123456789012:role/team/platform/ci",
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::123456789012:role/x",
            `arn:aws:iam::123456789012:role/${"r".repeat(64)}`,
        ];
        assert.deepEqual(await refused(accepted), []);
    });

    it("refuses a name IAM cannot have: a space, a non-ASCII letter, a colon, 65 characters, or none", async () => {
        const names = ["ci deploy", "ciſ", "ci:deploy", "r".repeat(65)];
        const arns = [...names.map((name) => `arn:aws:iam::123456789012:role/${name}`), "arn:aws:iam::123456789012:role/team/"];
        assert.deepEqual(
            await refused(arns),
            arns.map((arn) => `"${arn}" is not an IAM role or user ARN.`),
        );
    });
});
