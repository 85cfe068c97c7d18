// The frontend's own image settings get the same checks as the orchestrator's, under the frontend's
// keys: a moving tag of the green frontend in production, and a frontend image from ECR on another
// cloud. Each problem in full.
import { strict as assert } from "assert";
import { stackOptions, withConfig } from "./support/runs";
import { configProblems } from "./support/settings";

const gcpProductionWith = (set: Record<string, string>) => withConfig(stackOptions("gcp", "production"), set);

describe("the frontend's image settings on a production stack", function () {
    this.timeout(30000);

    // Kubernetes advises against :latest in production (https://kubernetes.io/docs/concepts/containers/images/#image-names).
    it("refuses a moving green frontend tag, naming greenFrontendTag and setting a version", async () => {
        assert.deepEqual(await configProblems(gcpProductionWith({ greenFrontendTag: "latest" })), [
            {
                key: "atlasia:greenFrontendTag",
                message: '"latest" is a moving tag; production runs only a version (e.g. 0.2.0) or a commit SHA, so every pod runs the same build.',
                fix: "pulumi config set --stack production atlasia:greenFrontendTag 0.2.0",
            },
        ]);
    });

    it("takes a version as the green frontend tag", async () => {
        assert.deepEqual(await configProblems(gcpProductionWith({ greenFrontendTag: "0.2.1" })), []);
    });

    // ECR's authorization tokens are valid for 12 hours
    // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html), so a stored pull secret expires.
    it("refuses a frontend image from ECR on GKE, naming frontendImage and its example repository", async () => {
        assert.deepEqual(await configProblems(gcpProductionWith({ frontendImage: "123456789012.dkr.ecr.us-east-1.amazonaws.com/atlasia/frontend" })), [
            {
                key: "atlasia:frontendImage",
                message:
                    "123456789012.dkr.ecr.us-east-1.amazonaws.com is ECR, whose passwords expire after 12 hours; on gcp an image pull secret cannot keep working. " +
                    "Mirror the image to this cloud's registry or another registry.",
                fix: "pulumi config set --stack production atlasia:frontendImage registry.example.com/atlasia/frontend",
            },
        ]);
    });
});
