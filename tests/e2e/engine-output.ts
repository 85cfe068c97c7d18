// Checks on the engine's own progress output (the text `pulumi up` prints), where the order of steps
// is visible: what the state and the API server cannot tell after the fact.

/**
 * The problems with a blue-green switch's order: each Service must start its update only after the
 * Deployment of the colour it switches to is created (ready: pulumi-kubernetes awaits its rollout).
 */
export function switchOrderProblems(output: string, components: string[], color: string): string[] {
    const lines = output.split("\n");
    const problems: string[] = [];
    for (const component of components) {
        const ready = lines.findIndex((line) => line.includes(`kubernetes:apps/v1:Deployment atlasia-${component}-${color} created`));
        const switched = lines.findIndex((line) => line.includes(`kubernetes:core/v1:Service atlasia-${component} updating`));
        if (ready < 0) problems.push(`the ${color} Deployment atlasia-${component}-${color} was not created`);
        else if (switched < 0) problems.push(`the Service atlasia-${component} was not switched`);
        else if (switched < ready)
            problems.push(
                `the Service atlasia-${component} was switched (line ${switched + 1}) before atlasia-${component}-${color} was ready (line ${ready + 1})`,
            );
    }
    return problems;
}
