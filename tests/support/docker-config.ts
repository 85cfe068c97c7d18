// A test image pull secret: the .dockerconfigjson `kubectl create secret docker-registry --dry-run=client -o json`
// writes, with credentials under each of the given registry keys.
export const dockerConfig = (...keys: string[]): string =>
    JSON.stringify({
        auths: Object.fromEntries(keys.map((key) => [key, { username: "robot", password: "registry-password-Lk3Jh5Gf7", auth: "cm9ib3Q6eA==" }])),
    });
