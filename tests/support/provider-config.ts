// The stack settings a Pulumi provider package declares (its config/vars.d.ts): what an operator may
// set under `<package>:` in stack config, and what the program's explicit provider must take or refuse.
import * as fs from "fs";
import * as path from "path";

/** Every setting `node_modules/<providerPackage>/config/vars.d.ts` declares, sorted. */
export function providerConfigSettings(providerPackage: string): string[] {
    const vars = fs.readFileSync(path.join(__dirname, "..", "..", "node_modules", providerPackage, "config", "vars.d.ts"), "utf8");
    return [...vars.matchAll(/^export declare const (\w+):/gm)].map(([, name]) => name).sort();
}
