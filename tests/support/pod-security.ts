// The Pod Security "restricted" check lives with the policy pack that enforces it (policy/pod-security.ts).
export { restrictedViolations } from "../../policy/pod-security";
