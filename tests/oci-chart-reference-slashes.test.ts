// An OCI chart reference joins the registry path and the chart's name with exactly one "/": the
// distribution reference grammar separates path components by a single "/" (path-component :=
// alpha-numeric (separator alpha-numeric)*, https://github.com/distribution/reference/blob/main/reference.go),
// so "charts//cert-manager" is not a reference Helm can pull (https://helm.sh/docs/topics/registries/).
import { strict as assert } from "assert";
import { chartReference } from "../clusters/addons/charts";

describe("OCI chart references: one slash before the chart's name, however the registry is written", () => {
    it("drops every trailing slash of the registry path", () => {
        for (const repo of ["oci://quay.io/jetstack/charts", "oci://quay.io/jetstack/charts/", "oci://quay.io/jetstack/charts//"]) {
            assert.deepEqual(chartReference({ chart: "cert-manager", repo }), { chart: "oci://quay.io/jetstack/charts/cert-manager" }, repo);
        }
    });
});
