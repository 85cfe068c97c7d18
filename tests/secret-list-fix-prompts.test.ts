// The fix of a list the stack stores as a secret prints none of its items: the note beside it says
// which elements it keeps (read from the stack, never shown) and which it asks for, naming an element
// by its placeholder (`<...>`, which names what is wanted) and never by a new value, which may be the
// secret itself (config/fix-commands.ts secretListNote, secretListWrites). Expectations written by hand.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { passphraseNote, placeholder, secretListNote, wholeListFix } from "../config/fix-commands";
import { runLine, StackFile } from "./support/config-cli";

const key = "atlasia:apiAuthorizedCidrs";

/** The runtime's config as the engine hands it over for a stack storing the list encrypted. */
function storedSecretList(items: string[]): void {
    pulumi.runtime.setAllConfig({ [key]: JSON.stringify(items) }, [key]);
}

describe("secret list fixes: what the note and the prompts name", () => {
    // Later files expect no secret keys in the runtime's config.
    after(() => pulumi.runtime.setAllConfig({}, []));

    it("every item kept (a repeated one dropped): nothing asked for", () => {
        storedSecretList(["10.0.0.0/8", "10.0.0.0/8", "192.168.0.0/16"]);
        assert.equal(
            secretListNote(key, ["10.0.0.0/8", "192.168.0.0/16"]),
            ` The list is a secret: the fix keeps its other elements without showing them, all before it writes anything.${passphraseNote}`,
        );
    });

    it("two new elements: each named, a placeholder by itself and a new value only as 'prompted'", () => {
        storedSecretList(["10.0.0.0/8"]);
        assert.equal(
            secretListNote(key, ["10.0.0.0/8", "<CIDR of your deployers and CI>", "172.16.0.0/12"]),
            " The list is a secret: the fix keeps its other elements without showing them," +
                " and asks for element 1 (<CIDR of your deployers and CI>), element 2 (prompted), all before it writes anything." +
                passphraseNote,
        );
    });

    it("only a whole <...> is a placeholder: a new value holding <...> at its start or end is never printed", () => {
        assert.equal(placeholder("<CIDR of your deployers and CI>"), true);
        storedSecretList(["10.0.0.0/8"]);
        for (const secret of ["s3cr3t<v2>", "<v2>s3cr3t"]) {
            assert.equal(placeholder(secret), false, secret);
            const note = secretListNote(key, ["10.0.0.0/8", secret]);
            assert.ok(note.includes(", and asks for element 1 (prompted), "), note);
            // The prompt names the element only; the operator types the value.
            const fix = wholeListFix("s", key, ["10.0.0.0/8", secret]);
            assert.ok(!fix.includes("s3cr3t"), fix);
            const asked: string[] = [];
            const stack: StackFile = { [key]: [{ secure: "10.0.0.0/8" }] };
            assert.equal(
                runLine(stack, fix, (question) => (asked.push(question), secret)),
                0,
            );
            assert.deepEqual(asked, [`${key}[1]`]);
            assert.deepEqual(stack, { [key]: [{ secure: "10.0.0.0/8" }, { secure: secret }] });
        }
    });
});
