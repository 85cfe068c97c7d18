// activeColor names the colour the Services send traffic to; blue is the colour always deployed
// (greenOrchestratorTag/greenFrontendTag add green beside it). A value that is neither colour and
// close to neither is fixed by setting blue, the colour that exists on every stack.
import { strict as assert } from "assert";
import { stackOptions, withConfig } from "./support/runs";
import { configProblems } from "./support/settings";

const stagingWith = (set: Record<string, string>) => withConfig(stackOptions("gcp", "staging"), set);

describe("activeColor that is not a colour", function () {
    this.timeout(30000);

    it("purple: the problem lists both colours and the fix sets blue", async () => {
        assert.deepEqual(await configProblems(stagingWith({ activeColor: "purple" })), [
            {
                key: "atlasia:activeColor",
                message: '"purple" is not one of blue, green.',
                fix: "pulumi config set --stack staging atlasia:activeColor blue",
            },
        ]);
    });
});
