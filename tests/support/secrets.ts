// The secret values a run handled, and the forms a leak of one could take: shared by the leak
// searches over recorded state (plan-secrets.test.ts) and over the rendered plan (plan.test.ts).
import { mockRandomValue } from "../../harness/mocks";
import { ProgramRun } from "../../harness/run";

/** Generated values (the recorded random resources' mock results) and configured ones, by what they are. */
export function secretValues(run: ProgramRun, configured: Record<string, string>): Map<string, string> {
    const values = new Map<string, string>(Object.entries(configured).map(([k, v]) => [`config ${k}`, v]));
    for (const r of run.resources) {
        if (r.type === "random:index/randomPassword:RandomPassword") values.set(`RandomPassword ${r.name}`, mockRandomValue(r.name, Number(r.inputs.length)));
    }
    return values;
}

/** A value as it would appear leaked: plain, base64 (a Secret's data) or base64url. */
export function encodings(value: string): string[] {
    return [value, Buffer.from(value).toString("base64"), Buffer.from(value).toString("base64url")];
}
