// Every platform naming rule the program must respect, one list per platform.
import { PlatformRule } from "./rule";
import { awsRules } from "./aws";
import { azureRules } from "./azure";
import { gcpRules } from "./gcp";
import { kubernetesRules } from "./kubernetes";

export const platformRules: PlatformRule[] = [...gcpRules, ...awsRules, ...azureRules, ...kubernetesRules];
