// cloud=local keeps only the configured context of the user's kubeconfig in the stack.
import { strict as assert } from "assert";
import * as yaml from "js-yaml";
import { singleContextKubeconfig } from "../clusters/local-kubeconfig";

const userKubeconfig = yaml.dump({
    apiVersion: "v1",
    kind: "Config",
    "current-context": "prod-admin",
    contexts: [
        { name: "kind-atlasia", context: { cluster: "kind-atlasia", user: "kind-atlasia" } },
        { name: "prod-admin", context: { cluster: "prod", user: "prod-admin" } },
    ],
    clusters: [
        { name: "kind-atlasia", cluster: { server: "https://127.0.0.1:6443" } },
        { name: "prod", cluster: { server: "https://prod.example.com" } },
    ],
    users: [
        { name: "kind-atlasia", user: { "client-key-data": "a2luZA==" } },
        { name: "prod-admin", user: { token: "prod-admin-token-do-not-copy" } },
    ],
});

describe("local cluster kubeconfig", () => {
    it("keeps the configured context, its cluster and its user, and nothing else", () => {
        const kept = JSON.parse(singleContextKubeconfig(userKubeconfig, "kind-atlasia"));
        assert.equal(kept["current-context"], "kind-atlasia");
        assert.deepEqual(
            kept.contexts.map((c: { name: string }) => c.name),
            ["kind-atlasia"],
        );
        assert.deepEqual(
            kept.clusters.map((c: { name: string }) => c.name),
            ["kind-atlasia"],
        );
        assert.deepEqual(
            kept.users.map((u: { name: string }) => u.name),
            ["kind-atlasia"],
        );
        assert.ok(!JSON.stringify(kept).includes("prod-admin-token-do-not-copy"));
    });

    it("is empty when the context does not exist", () => {
        assert.equal(singleContextKubeconfig(userKubeconfig, "minikube"), "");
    });
});
