// The policy pack, run by the Pulumi CLI: `pulumi preview --policy-pack policy`. Constructing a
// PolicyPack starts the policy server, so nothing but the CLI loads this file (tests use ./policies).
import { PolicyPack } from "@pulumi/policy";
import { resourcePolicies, stackPolicies } from "./policies";

new PolicyPack("atlasia", { policies: [...resourcePolicies, ...stackPolicies] });
