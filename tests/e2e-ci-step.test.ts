// The Tier 2 step of .ci/run (tools/e2e/ci-step.sh) is green with one "e2e: skipped (why)" line when
// the environment cannot run it (no chart sources, no kubectl, no Go, module proxy down, told not to
// build, cold build over its budget) and red when the toolchain does not compile or the lifecycle
// fails. Run on a copy of the scripts with a fake `go` and a stub lifecycle (run.sh), on a PATH that
// holds only the tools named below, so the real Go, kubectl and cache are never touched.
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectRoot } from "../harness/stack-config";

const systemTools = [
    "bash",
    "env",
    "node",
    "awk",
    "basename",
    "cat",
    "chmod",
    "dirname",
    "flock",
    "mkdir",
    "mktemp",
    "mv",
    "nice",
    "rm",
    "sleep",
    "tail",
    "timeout",
];
const wrappers = ["pulumi-cli", "kubernetes-provider", "control-plane"];

// In the wrapper FAKE_PROXY_DOWN_FOR every command fails like the module proxy; elsewhere `go list -m
// all` answers, `go mod download M` puts M's source in the (fake) module cache, and `go list -m -f
// {{.Dir}} M` names the module folder with the files the build reads only once M's source is there:
// before, it prints an empty line, as the real `go list -m` does on a new machine (it resolves go.mod
// files only; the cold CI run that read /cmd/pulumi-resource-kubernetes/schema.json). `go build -o OUT`
// writes OUT the way cmd/go's CopyFile does (creating its folder; opened with the executable's mode, then
// filled), and either finishes, fails, or hangs half-written.
const fakeGo = `#!/usr/bin/env bash
if [[ "$(basename "$PWD")" == "\${FAKE_PROXY_DOWN_FOR:-none}" ]]; then
  echo "go: reading https://proxy.golang.org/github.com/pulumi/pulumi/pkg/v3/@v/v3.274.1.mod: 503 Service Unavailable" >&2; exit 1
fi
downloaded="$FAKE_MODULE_CACHE/\${@: -1}"; downloaded="\${downloaded//@/_}"
if [[ "$1 $2" == "mod download" ]]; then
  [[ -z "$FAKE_SOURCE_REFUSED" ]] || { echo "go: $3: reading https://proxy.golang.org/$3/@v/v4.zip: 403 Forbidden" >&2; exit 1; }
  mkdir -p "$downloaded"; exit 0
fi
if [[ "$1" == list ]]; then
  if [[ "$*" != *-f* ]]; then echo example.com/wrapper; elif [[ -d "$downloaded" ]]; then echo "$FAKE_MODULE_DIR"; else echo; fi
  exit 0
fi
package="\${@: -1}"; out=""; while [[ $# -gt 0 ]]; do [[ "$1" == -o ]] && { out="$2"; shift; }; shift; done
[[ "$out" == */ ]] && out="$out$(basename "$package")"
mkdir -p "$(dirname "$out")"
case "\${FAKE_GO_BUILD:-ok}" in
  ok) printf 'whole binary\\n' > "$out"; chmod +x "$out" ;;
  fail) echo "compile error" >&2; exit 1 ;;
  hang) printf 'half' > "$out"; chmod +x "$out"; sleep 60 ;;
esac
`;

interface Sandbox {
    root: string;
    repo: string;
    run(env: Record<string, string>, opts?: { go?: boolean; kubectl?: boolean }): { status: number | null; stdout: string };
}

function sandbox(): Sandbox {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "atlasia-ci-step-"));
    const repo = path.join(root, "work", "repo");
    const e2e = path.join(repo, "tools/e2e");
    fs.mkdirSync(e2e, { recursive: true });
    for (const script of ["ci-step.sh", "build-toolchain.sh", "charts-dir.sh"])
        fs.copyFileSync(path.join(projectRoot, "tools/e2e", script), path.join(e2e, script));
    for (const wrapper of wrappers) {
        fs.mkdirSync(path.join(e2e, wrapper));
        fs.copyFileSync(path.join(projectRoot, "tools/e2e", wrapper, "go.mod"), path.join(e2e, wrapper, "go.mod"));
    }
    fs.writeFileSync(path.join(e2e, "run.sh"), '#!/usr/bin/env bash\necho "stub lifecycle run"\nexit "${STUB_RUN_STATUS:-0}"\n', { mode: 0o755 });
    const sdk = path.join(repo, "node_modules/@pulumi/kubernetes");
    fs.mkdirSync(sdk, { recursive: true });
    fs.writeFileSync(path.join(sdk, "package.json"), JSON.stringify({ pulumi: { version: "4.34.2" } }));
    // The module folder the fake `go list -m -f` names: the provider's schema files and kwok's stages.
    const modules = path.join(root, "modules");
    for (const file of ["cmd/pulumi-resource-kubernetes/schema.json", "cmd/pulumi-resource-kubernetes/terraform-mapping.json"]) {
        fs.mkdirSync(path.dirname(path.join(modules, file)), { recursive: true });
        fs.writeFileSync(path.join(modules, file), "{}");
    }
    for (const file of ["node/fast/node-initialize.yaml", "node/heartbeat/node-heartbeat.yaml", "pod/fast/pod-ready.yaml"]) {
        fs.mkdirSync(path.dirname(path.join(modules, "kustomize/stage", file)), { recursive: true });
        fs.writeFileSync(path.join(modules, "kustomize/stage", file), `kind: Stage # ${file}\n`);
    }
    const bins = { system: path.join(root, "bin/system"), go: path.join(root, "bin/go"), kubectl: path.join(root, "bin/kubectl") };
    for (const dir of Object.values(bins)) fs.mkdirSync(dir, { recursive: true });
    for (const tool of systemTools)
        fs.symlinkSync(execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), path.join(bins.system, tool));
    fs.writeFileSync(path.join(bins.go, "go"), fakeGo, { mode: 0o755 });
    fs.writeFileSync(path.join(bins.kubectl, "kubectl"), "#!/usr/bin/env bash\nexit 0\n", { mode: 0o755 });
    fs.mkdirSync(path.join(root, "charts"));
    return {
        root,
        repo,
        run(env, { go = true, kubectl = true } = {}) {
            const PATH = [go && bins.go, kubectl && bins.kubectl, bins.system].filter(Boolean).join(":");
            const result = spawnSync(path.join(e2e, "ci-step.sh"), [], {
                encoding: "utf8",
                env: {
                    PATH,
                    HOME: path.join(root, "home"),
                    TMPDIR: root,
                    ATLASIA_TOOLS_CACHE: path.join(root, "cache"),
                    E2E_CHARTS_DIR: path.join(root, "charts"),
                    FAKE_MODULE_DIR: modules,
                    FAKE_MODULE_CACHE: path.join(root, "gomodcache"),
                    ...env,
                },
            });
            return { status: result.status, stdout: result.stdout + result.stderr };
        },
    };
}

function missing(box: Sandbox): string {
    return execFileSync(path.join(box.repo, "tools/e2e/build-toolchain.sh"), ["--missing"], {
        encoding: "utf8",
        env: { PATH: path.join(box.root, "bin/system"), ATLASIA_TOOLS_CACHE: path.join(box.root, "cache") },
    }).trim();
}

describe("e2e CI step (tools/e2e/ci-step.sh): skipped for the environment, red for the program", () => {
    let box: Sandbox;
    beforeEach(() => {
        box = sandbox();
    });
    afterEach(() => fs.rmSync(box.root, { recursive: true, force: true }));

    const skips: [string, Record<string, string>, { go?: boolean; kubectl?: boolean }, RegExp][] = [
        ["no chart sources", { E2E_CHARTS_DIR: "" }, {}, /^e2e: skipped \(no chart sources/m],
        ["no kubectl", {}, { kubectl: false }, /^e2e: skipped \(no kubectl on PATH/m],
        [
            "no Go and nothing cached",
            {},
            { go: false },
            /^e2e: skipped \(toolchain not in the cache \(pulumi kubernetes-provider control-plane\) and no Go to build it\)$/m,
        ],
        ["ATLASIA_E2E_BUILD=never", { ATLASIA_E2E_BUILD: "never" }, {}, /^e2e: skipped \(toolchain not in the cache .* and ATLASIA_E2E_BUILD=never\)$/m],
    ];
    for (const [title, env, opts, line] of skips) {
        it(`${title}: one skipped line, exit 0, nothing run`, () => {
            const { status, stdout } = box.run(env, opts);
            assert.equal(status, 0, stdout);
            assert.match(stdout, line);
            assert.doesNotMatch(stdout, /stub lifecycle run/);
        });
    }

    it("a cold build over its budget: skipped, exit 0, and the half-written binary is not in the cache for the next run", () => {
        const { status, stdout } = box.run({ FAKE_GO_BUILD: "hang", ATLASIA_E2E_BUILD_MINUTES: "0.02" });
        assert.equal(status, 0, stdout);
        assert.match(stdout, /^e2e: skipped \(the toolchain build did not finish within 0\.02 minutes/m);
        assert.equal(missing(box), "pulumi kubernetes-provider control-plane");
    });

    it("the module proxy down for the one component missing (the others cached): skipped, exit 0, nothing built", () => {
        assert.equal(box.run({}).status, 0);
        fs.rmSync(
            path.join(
                box.root,
                "cache",
                fs.readdirSync(path.join(box.root, "cache")).find((dir) => dir.startsWith("pulumi-v"))!,
            ),
            { recursive: true },
        );
        const { status, stdout } = box.run({ FAKE_PROXY_DOWN_FOR: "pulumi-cli" });
        assert.equal(status, 0, stdout);
        assert.match(
            stdout,
            /^e2e: skipped \(toolchain not in the cache \(pulumi\) and go list -m all fails for pulumi \(module proxy down, or a Go older than its go.mod's with GOTOOLCHAIN=local\): go: reading .*503 Service Unavailable\)$/m,
        );
        assert.doesNotMatch(stdout, /stub lifecycle run/);
    });

    it("a module source the proxy refuses after its go.mod resolved (the probe passed): red, naming the module", () => {
        const { status, stdout } = box.run({ FAKE_SOURCE_REFUSED: "1" });
        assert.notEqual(status, 0, stdout);
        assert.match(
            stdout,
            /^build-toolchain: no source directory for github.com\/pulumi\/pulumi-kubernetes\/provider\/v4 in .*kubernetes-provider's module graph$/m,
        );
        assert.match(stdout, /^e2e: toolchain build failed/m);
        assert.doesNotMatch(stdout, /schema\.json/);
    });

    it("a toolchain that does not compile: red", () => {
        const { status, stdout } = box.run({ FAKE_GO_BUILD: "fail" });
        assert.notEqual(status, 0, stdout);
        assert.match(stdout, /^e2e: toolchain build failed/m);
    });

    it("built once, then cached: the next run needs no Go (kwok's stages are cached with the binaries) and runs the lifecycle", () => {
        const cold = box.run({});
        assert.equal(cold.status, 0, cold.stdout);
        assert.match(cold.stdout, /stub lifecycle run/);
        assert.equal(missing(box), "");
        const warm = box.run({}, { go: false });
        assert.equal(warm.status, 0, warm.stdout);
        assert.match(warm.stdout, /^e2e: toolchain ready in \d+ s$/m);
        assert.match(warm.stdout, /stub lifecycle run/);
    });

    it("a failing lifecycle: red, with its exit status", () => {
        const { status, stdout } = box.run({ STUB_RUN_STATUS: "3" });
        assert.equal(status, 3, stdout);
        assert.match(stdout, /^e2e: lifecycle run took \d+ s$/m);
    });
});
