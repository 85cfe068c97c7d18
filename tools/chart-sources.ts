// Where a pinned chart's full source comes from: ../shared/charts/<chart>/chart/ beside the project
// on our build machines, otherwise `helm pull` from the chart's Helm repository at the pinned version
// (needs helm and network). Shared by the chart-facts and render tools.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chartReference, charts } from "../clusters/addons/charts";

export const projectRoot = path.resolve(__dirname, "..");
export const sharedCharts = path.resolve(projectRoot, "../shared/charts");

/** Generated, committed facts of each pinned chart (tools/chart-facts.ts writes them). */
export const factsDir = path.join(projectRoot, "generated/chart-facts");

/** A map keeps its keys ({} = keyed by the user), a leaf becomes its kind; null where values.yaml has null. */
export type ValueShape = { [key: string]: ValueShape } | "string" | "number" | "boolean" | "list" | null;

export interface ChartFacts {
    chart: string;
    version: string;
    repo: string;
    derivedFrom: string;
    values: ValueShape;
    /** values.schema.json reduced to its constraints; absent when the chart has none. */
    schema?: unknown;
}

export interface ChartPin {
    chart: string;
    version: string;
    repo: string;
}

/**
 * Charts whose facts are kept although no release installs them yet (helpers add those releases
 * to charts.ts); charts.ts wins once it pins the same chart.
 */
export const upcomingPins: ChartPin[] = [
    { chart: "cloudnative-pg", version: "0.29.0", repo: "https://cloudnative-pg.github.io/charts" },
    { chart: "cluster", version: "0.8.1", repo: "https://cloudnative-pg.github.io/charts" },
    { chart: "plugin-barman-cloud", version: "0.7.0", repo: "https://cloudnative-pg.github.io/charts" },
];

/** Every chart with facts: the pins of charts.ts first, then the upcoming ones it does not pin yet. */
export function chartPins(): ChartPin[] {
    const pinned: ChartPin[] = Object.values(charts).map(({ chart, version, repo }) => ({ chart, version, repo }));
    return [...pinned, ...upcomingPins.filter((p) => !pinned.some((q) => q.chart === p.chart))];
}

const pulled = new Map<string, string>();

/** A chart's source directory at its pin, pulled (once per process) into a temporary folder when ../shared is absent. */
export function chartSource(pin: ChartPin, helm: () => string): string {
    const shared = path.join(sharedCharts, pin.chart, "chart");
    if (fs.existsSync(path.join(shared, "Chart.yaml"))) return shared;
    const key = `${pin.repo} ${pin.chart} ${pin.version}`;
    const done = pulled.get(key);
    if (done) return done;
    const dir = pullChart(pin, helm());
    pulled.set(key, dir);
    return dir;
}

/** `helm pull` of the pinned version, unpacked into `into`/<chart>. */
export function pullArgs(pin: ChartPin, into: string): string[] {
    const { chart, repo } = chartReference(pin);
    return ["pull", chart, ...(repo ? ["--repo", repo] : []), "--version", pin.version, "--untar", "--untardir", into];
}

function pullChart(pin: ChartPin, helm: string): string {
    const into = fs.mkdtempSync(path.join(os.tmpdir(), `chart-${pin.chart}-`));
    execFileSync(helm, pullArgs(pin, into), { stdio: "inherit" });
    const dir = path.join(into, pin.chart);
    // A pulled chart keeps its dependencies as archives in charts/; unpack them like the vendored sources.
    const deps = path.join(dir, "charts");
    if (fs.existsSync(deps)) {
        for (const archive of fs.readdirSync(deps).filter((f) => f.endsWith(".tgz"))) {
            execFileSync("tar", ["-xzf", archive], { cwd: deps });
            fs.rmSync(path.join(deps, archive));
        }
    }
    return dir;
}

/** helm from tools/ensure-helm.sh (built from its Go module into a cache outside the repository). */
export function ensureHelm(): string {
    return execFileSync(path.join(projectRoot, "tools/ensure-helm.sh"), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}
