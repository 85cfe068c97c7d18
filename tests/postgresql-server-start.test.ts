// How the official postgres image starts the StatefulSet's server, as its entrypoint and `postgres`
// read the container: docker-library/postgres docker-entrypoint.sh runs the server when the first
// argument looks like a flag (`if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi`), and postgres
// takes each setting as `-c name=value` (https://www.postgresql.org/docs/16/app-postgres.html).
// The server's Unix socket and lock file go to /var/run/postgresql, the image's socket directory
// (its Dockerfile: `install --directory --owner postgres --mode 3777 /var/run/postgresql`), which a
// read-only root filesystem leaves writable only as a volume of its own.
import { strict as assert } from "assert";
import { objectOf, runValid, statefulSetMatrix } from "./support/workloads";

/** The command the entrypoint runs for these arguments: `postgres ...args`, or the arguments themselves. */
function entrypointCommand(args: string[]): string[] {
    return args.length > 0 && args[0].startsWith("-") ? ["postgres", ...args] : args;
}

/** The settings `postgres` reads from its command line; throws on anything else. */
function serverSettings(command: string[]): Record<string, string> {
    assert.equal(command[0], "postgres", `the entrypoint runs the server, not ${JSON.stringify(command[0])}`);
    const settings: Record<string, string> = {};
    for (let i = 1; i < command.length; i += 2) {
        assert.equal(command[i], "-c", `argument ${i} is a -c option`);
        const match = /^([a-z_]+)=(.+)$/.exec(command[i + 1] ?? "");
        assert.ok(match, `-c takes name=value, not ${JSON.stringify(command[i + 1])}`);
        settings[match[1]] = match[2];
    }
    return settings;
}

const serverContainer = (statefulSet: Record<string, any>) => statefulSet.spec.template.spec.containers[0];

describe("the StatefulSet's PostgreSQL server starts as the official image runs it", () => {
    for (const stack of statefulSetMatrix) {
        it(`${stack.label}: the entrypoint runs postgres with max_connections as a -c setting`, async () => {
            const run = await runValid(stack.label, stack.options);
            const container = serverContainer(objectOf(run, "StatefulSet", "atlasia-postgresql"));
            assert.equal(container.command, undefined, "the image's entrypoint runs");
            const settings = serverSettings(entrypointCommand(container.args));
            assert.deepEqual(Object.keys(settings), ["max_connections"]);
            assert.match(settings.max_connections, /^[1-9]\d*$/);
        });

        it(`${stack.label}: the socket directory /var/run/postgresql is a writable volume of its own`, async () => {
            const run = await runValid(stack.label, stack.options);
            const statefulSet = objectOf(run, "StatefulSet", "atlasia-postgresql");
            const container = serverContainer(statefulSet);
            assert.equal(container.securityContext.readOnlyRootFilesystem, true, "the root filesystem is read-only");
            const mount = container.volumeMounts.find((m: { mountPath: string }) => m.mountPath === "/var/run/postgresql");
            assert.ok(mount, "/var/run/postgresql is mounted");
            assert.notEqual(mount.readOnly, true);
            const volume = statefulSet.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
            assert.deepEqual(volume.emptyDir, {}, "an emptyDir the pod's own");
        });
    }

    it("the argument reading fails on a first argument that is not a flag or a setting without -c", () => {
        assert.throws(() => serverSettings(entrypointCommand(["", "max_connections=100"])), /runs the server/);
        assert.throws(() => serverSettings(entrypointCommand(["-c", "max_connections=100", "shared_buffers=1GB"])), /argument 3 is a -c option/);
        assert.deepEqual(serverSettings(entrypointCommand(["-c", "max_connections=100"])), { max_connections: "100" });
    });
});
