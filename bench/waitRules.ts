import type { SynthResource } from "../tools/synth/engine";
import { dependencyClosure } from "../tools/synth/graph";

/** A wait a resource must not have, directly or through what it depends on. */
interface WaitRule {
    description: string;
    waiter: (r: SynthResource) => boolean;
    waitedFor: (r: SynthResource) => boolean;
}

const isHelmRelease = (r: SynthResource): boolean => r.type === "kubernetes:helm.sh/v3:Release";
const chartOf = (r: SynthResource): string => (typeof r.inputs.chart === "string" ? r.inputs.chart : "");

export const WAIT_RULES: readonly WaitRule[] = [
    {
        description: "a Certificate waits for the Istio gateway release",
        waiter: (r) => r.type === "kubernetes:cert-manager.io/v1:Certificate",
        waitedFor: (r) => isHelmRelease(r) && /\/gateway$/.test(chartOf(r)),
    },
    {
        description: "a Certificate waits for a Route53 record (DNS-01 needs only the challenge TXT records)",
        waiter: (r) => r.type === "kubernetes:cert-manager.io/v1:Certificate",
        waitedFor: (r) => r.type === "aws:route53/record:Record",
    },
    {
        description: "IAM work waits for a Helm release",
        waiter: (r) => r.type.startsWith("aws:iam/"),
        waitedFor: isHelmRelease,
    },
];

/** Every needless wait in a synth, as "waiter -> waited for: rule". */
export function needlessWaits(resources: readonly SynthResource[], rules = WAIT_RULES): string[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const upstreamOf = dependencyClosure(resources);
    const found: string[] = [];
    for (const rule of rules) {
        for (const waiter of resources.filter(rule.waiter)) {
            for (const urn of upstreamOf(waiter)) {
                const waited = byUrn.get(urn);
                if (waited && rule.waitedFor(waited)) found.push(`${waiter.name} -> ${waited.name}: ${rule.description}`);
            }
        }
    }
    return found;
}
