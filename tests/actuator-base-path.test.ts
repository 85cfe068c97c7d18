// atlasia:actuatorBasePath (config/image-contract.ts, pinned for issue 13): Spring Boot's
// management.endpoints.web.base-path is an absolute path without a trailing slash, and it must not
// sit under a path the Ingress sends to the orchestrator, or /prometheus and /health are public.
import { strict as assert } from "assert";
import { configProblems, settingsFor } from "./support/settings";
import type { RunOptions } from "../harness/run";

const dev = (actuatorBasePath: string): RunOptions => ({ stack: "dev", secrets: { llmApiKey: "sk-test" }, set: { actuatorBasePath } });
const fix = "pulumi config set --stack dev atlasia:actuatorBasePath /actuator";

describe("the actuator's base path", function () {
    this.timeout(30000);

    for (const path of ["actuator", "management/actuator", "/actuator/", "/", "/actu ator"]) {
        it(`"${path}" is not an absolute path without a trailing slash`, async () => {
            assert.deepEqual(await configProblems(dev(path)), [
                {
                    key: "atlasia:actuatorBasePath",
                    message: `"${path}" is not an absolute path without a trailing slash (management.endpoints.web.base-path).`,
                    fix,
                },
            ]);
        });
    }

    // workloads/ingress.ts routes /api and /ws to the orchestrator.
    for (const [path, exposed] of [
        ["/api", "/api"],
        ["/ws", "/ws"],
        ["/api/management", "/api"],
    ]) {
        it(`"${path}" is under ${exposed}, public through the Ingress`, async () => {
            assert.deepEqual(await configProblems(dev(path)), [
                {
                    key: "atlasia:actuatorBasePath",
                    message: `"${path}" is under ${exposed}, which the Ingress routes to the orchestrator: the actuator (heap dumps aside, /prometheus and /health) would be public.`,
                    fix,
                },
            ]);
        });
    }

    it('"/apiary" and "/internal/actuator" are not under /api: accepted', async () => {
        for (const path of ["/apiary", "/internal/actuator"]) {
            assert.equal((await settingsFor(dev(path))).app.imageContract.orchestrator.actuatorBasePath, path);
        }
    });
});
