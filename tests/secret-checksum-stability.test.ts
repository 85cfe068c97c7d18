// The pods' checksum/secrets annotation rolls them when a secret value changes, and only then: it is
// a digest of the set of key/value pairs, so the order the program happens to gather the keys in
// (atlasia-secrets' and the roles' Secret's, merged in workloads/index.ts) never rolls the pods.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { secretChecksum } from "../workloads/secret-checksum";

async function resolve(output: pulumi.Output<string>): Promise<{ value: string; secret: boolean }> {
    const impl = output as unknown as { promise(): Promise<string>; isSecret: Promise<boolean> };
    return { value: await impl.promise(), secret: await impl.isSecret };
}

describe("the secrets checksum of the pod templates", () => {
    it("is the same for the same values gathered in another order", async () => {
        const gathered = { "db-password": "p1", "llm-api-key": "k1", "owner-password": pulumi.secret("o1") };
        const reordered = { "owner-password": pulumi.secret("o1"), "llm-api-key": "k1", "db-password": "p1" };
        assert.equal((await resolve(secretChecksum(gathered))).value, (await resolve(secretChecksum(reordered))).value);
    });

    it("changes with any value, or with a value moved to another key, and is a plain SHA-256 hex digest", async () => {
        const base = await resolve(secretChecksum({ a: "1", b: "2" }));
        assert.match(base.value, /^[0-9a-f]{64}$/);
        assert.equal(base.secret, false, "not secret-marked: the Deployment stays readable in previews");
        for (const changed of [{ a: "1", b: "3" }, { a: "2", b: "1" }, { a: "1" }] as Record<string, string>[]) {
            assert.notEqual((await resolve(secretChecksum(changed))).value, base.value, JSON.stringify(changed));
        }
    });
});
