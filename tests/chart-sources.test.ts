// Where the chart tools and the Helm releases get a pinned chart from: an HTTP repository by name and
// --repo, an OCI registry by its full reference (helm/helm#12471: `helm pull --repo oci://...` fails,
// the registry has no index.yaml; https://helm.sh/docs/topics/registries/).
import { strict as assert } from "assert";
import { chartReference } from "../clusters/addons/charts";
import { pullArgs } from "../tools/chart-sources";

describe("chart sources: HTTP repositories and OCI registries", () => {
    it("an HTTP repository: the chart's name with --repo", () => {
        const pin = { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" };
        assert.deepEqual(chartReference(pin), { chart: "cert-manager", repo: "https://charts.jetstack.io" });
        assert.deepEqual(pullArgs(pin, "/tmp/x"), [
            "pull",
            "cert-manager",
            "--repo",
            "https://charts.jetstack.io",
            "--version",
            "v1.21.1",
            "--untar",
            "--untardir",
            "/tmp/x",
        ]);
    });

    it("an OCI registry: the full oci:// reference and no --repo", () => {
        const pin = { chart: "cert-manager", version: "v1.21.1", repo: "oci://quay.io/jetstack/charts/" };
        assert.deepEqual(chartReference(pin), { chart: "oci://quay.io/jetstack/charts/cert-manager" });
        assert.deepEqual(pullArgs(pin, "/tmp/x"), [
            "pull",
            "oci://quay.io/jetstack/charts/cert-manager",
            "--version",
            "v1.21.1",
            "--untar",
            "--untardir",
            "/tmp/x",
        ]);
    });
});
