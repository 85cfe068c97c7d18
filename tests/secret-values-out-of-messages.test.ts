// A problem about a key the stack stores as a secret never quotes its value (error text ends up in
// CI logs): every quoted form of the stored value, of its trimmed value and of each item of a stored
// list becomes (secret) (config/fix-commands.ts withoutSecretValues). Expectations written by hand.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { withoutSecretValues } from "../config/fix-commands";

/** The runtime's config as the engine hands it over for a stack storing `key` encrypted. */
function storedSecret(key: string, raw: string): void {
    pulumi.runtime.setAllConfig({ [key]: raw }, [key]);
}

describe("secret values taken out of problem messages", () => {
    // Later files expect no secret keys in the runtime's config.
    after(() => pulumi.runtime.setAllConfig({}, []));

    it("a value stored with surrounding whitespace: its trimmed form, as messages quote it, is taken out too", () => {
        storedSecret("atlasia:vaultToken", " hvs.s3cr3t \n");
        assert.equal(withoutSecretValues("atlasia:vaultToken", '"hvs.s3cr3t" is not a Vault token.'), "(secret) is not a Vault token.");
    });

    it('an item that holds another quoted item (b"a"c and a): the longer goes first, so no part of it is left', () => {
        storedSecret("atlasia:clusterAdmins", JSON.stringify(["a", 'b"a"c']));
        assert.equal(withoutSecretValues("atlasia:clusterAdmins", '"b"a"c" is not an identity; "a" is.'), "(secret) is not an identity; (secret) is.");
    });

    it('an empty item is no secret: "" stays, naming the bad item, while the others go', () => {
        storedSecret("atlasia:apiAuthorizedCidrs", JSON.stringify(["10.0.0.0/8", ""]));
        assert.equal(
            withoutSecretValues("atlasia:apiAuthorizedCidrs", '"" is not an IPv4 CIDR such as 203.0.113.0/24 (the list holds "10.0.0.0/8").'),
            '"" is not an IPv4 CIDR such as 203.0.113.0/24 (the list holds (secret)).',
        );
    });

    it("a key stored in plain text: the message as it is", () => {
        pulumi.runtime.setAllConfig({ "atlasia:vaultToken": "hvs.plain" }, []);
        assert.equal(withoutSecretValues("atlasia:vaultToken", '"hvs.plain" is not a Vault token.'), '"hvs.plain" is not a Vault token.');
    });
});
