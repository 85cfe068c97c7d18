// The EKS control-plane log types each environment sends to CloudWatch, through the whole program
// (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html: api, audit,
// authenticator, controllerManager, scheduler). Every environment keeps the security record, audit
// and authenticator (who called the API server, and as whom); production adds the rest.
import { strict as assert } from "assert";
import { stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

describe("EKS control-plane logs per environment", function () {
    this.timeout(120000);

    it("a development stack on EKS keeps audit and authenticator logs", async () => {
        const run = await validStackRun(stackOptions("aws", "development"));
        assert.deepEqual(onlyResource(run, "aws:eks/cluster:Cluster").inputs.enabledClusterLogTypes, ["audit", "authenticator"]);
    });
});
