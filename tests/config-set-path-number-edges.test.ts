// `pulumi config set --path` stores "true"/"false" and every whole number that Go's ParseInt or
// ParseUint takes in 64 bits as a boolean or number (sdk/go/common/resource/config/object.go, coerce),
// and a list Pulumi.yaml declares array<string> holding one is refused before the program runs, so the
// fix of such an element adds `--type string`. The edges below were stored by the CLI 3.274.1 on a
// local file backend by hand (`config set --path 'p:l[i]' -- v`, then Pulumi.s.yaml):
//   false, 0, -9223372036854775808, 9223372036854775807, 18446744073709551615 -> unquoted (coerced);
//   -9223372036854775809, +9223372036854775808, +18446744073709551615, 18446744073709551616 -> strings
//   (ParseInt's range is [-2^63, 2^63); ParseUint's is [0, 2^64) and takes no sign: Go strconv docs).
import { strict as assert } from "assert";
import { setCommand } from "../config/fix-commands";

const element = "atlasia:apiAuthorizedCidrs[0]";
const typed = (value: string) => `pulumi config set --stack s --path --type string 'atlasia:apiAuthorizedCidrs[0]' ${value}`;
const plain = (value: string) => `pulumi config set --stack s --path 'atlasia:apiAuthorizedCidrs[0]' ${value}`;

describe("config set --path: an element the CLI would store as a boolean or number is set with --type string", () => {
    it('"false" and "0" are coerced (a lone 0 is a number; only a longer number starting with 0 stays a string)', () => {
        assert.equal(setCommand("s", element, "false", { path: true }), typed("false"));
        assert.equal(setCommand("s", element, "0", { path: true }), typed("0"));
        assert.equal(setCommand("s", element, "00", { path: true }), plain("00"));
    });

    it("the signed 64-bit range: -2^63 is a number, -2^63-1 a string (a leading - goes after --)", () => {
        assert.equal(
            setCommand("s", element, "-9223372036854775808", { path: true }),
            "pulumi config set --stack s --path --type string -- 'atlasia:apiAuthorizedCidrs[0]' -9223372036854775808",
        );
        assert.equal(
            setCommand("s", element, "-9223372036854775809", { path: true }),
            "pulumi config set --stack s --path -- 'atlasia:apiAuthorizedCidrs[0]' -9223372036854775809",
        );
    });

    it("a + sign: ParseInt takes +2^63-1, and nothing above it (ParseUint takes no sign)", () => {
        assert.equal(setCommand("s", element, "+9223372036854775807", { path: true }), typed("+9223372036854775807"));
        assert.equal(setCommand("s", element, "+9223372036854775808", { path: true }), plain("+9223372036854775808"));
        assert.equal(setCommand("s", element, "+18446744073709551615", { path: true }), plain("+18446744073709551615"));
    });

    it("unsigned: 2^64-1 is a number, 2^64 a string", () => {
        assert.equal(setCommand("s", element, "18446744073709551615", { path: true }), typed("18446744073709551615"));
        assert.equal(setCommand("s", element, "18446744073709551616", { path: true }), plain("18446744073709551616"));
    });
});
