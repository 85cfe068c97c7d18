// The EKS control-plane subnets' route table through the whole program under mocks: named in the
// console by its Name tag (EC2 shows the "Name" tag as a resource's name:
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html), and no other tag.
import { strict as assert } from "assert";
import { Env, stackOptions, validStackRun } from "./support/runs";
import { onlyResource } from "./support/resources";

// The default cluster names (Pulumi.yaml/README clusterName: "atlasia-dev, atlasia-staging or atlasia-prod").
const clusterNames: Record<Env, string> = { development: "atlasia-dev", staging: "atlasia-staging", production: "atlasia-prod" };

describe("EKS control-plane route table tags", function () {
    this.timeout(120000);
    for (const environment of ["development", "staging", "production"] as Env[]) {
        it(`${environment}: the route table is tagged Name=<cluster>-control-plane and nothing else`, async () => {
            const run = await validStackRun(stackOptions("aws", environment));
            const name = clusterNames[environment];
            const table = onlyResource(run, "aws:ec2/routeTable:RouteTable", `${name}-control-plane`);
            assert.deepEqual(table.inputs.tags, { Name: `${name}-control-plane` });
        });
    }
});
