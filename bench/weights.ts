import type { SynthResource } from "../tools/synth/engine";
import type { WeightedNode } from "./criticalPath";

/** Seconds a resource keeps what depends on it waiting in a real, cold deployment. */
export const WAIT_SECONDS = {
    /** A Helm release that waits for its workloads to be ready. */
    helmReleaseWaiting: 90,
    /** A cert-manager Certificate reaching Ready (ACME order, DNS-01 propagation). */
    certificateReady: 60,
    /** An AWS IAM resource (eventually consistent). */
    iam: 5,
    /** Anything else. */
    other: 1,
} as const;

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";

export function waitSeconds(resource: SynthResource): number {
    if (resource.type === HELM_RELEASE) return resource.inputs.skipAwait === true ? WAIT_SECONDS.other : WAIT_SECONDS.helmReleaseWaiting;
    if (resource.type === CERTIFICATE) return WAIT_SECONDS.certificateReady;
    if (resource.type.startsWith("aws:iam/")) return WAIT_SECONDS.iam;
    return WAIT_SECONDS.other;
}

/**
 * The deployment graph of a synth: its custom resources, weighted, with their dependencies on other
 * custom resources (components create nothing, as in `deploymentWaves`).
 */
export function deploymentGraph(resources: readonly SynthResource[]): WeightedNode[] {
    const custom = resources.filter((r) => r.custom);
    const customUrns = new Set(custom.map((r) => r.urn));
    return custom.map((r) => ({ id: r.urn, weight: waitSeconds(r), dependsOn: r.dependencies.filter((urn) => customUrns.has(urn)) }));
}
