import type * as pulumi from "@pulumi/pulumi";
import { mergeChartValues } from "../helm";
import { certManagerHighAvailabilityValues } from "./highAvailability";

export interface CertManagerValueOptions {
    /** The controller's ServiceAccount, named and annotated (e.g. for IRSA). */
    serviceAccount?: { name: string; annotations: pulumi.Input<Record<string, string>> };
    /**
     * Resolvers for the DNS-01 self-check, `host:port` or DNS-over-HTTPS URLs. When given, cert-manager
     * asks only these (not the zones' authoritative servers, which do not serve private zones).
     */
    recursiveNameservers?: readonly string[];
    /**
     * The production defaults of `certManagerHighAvailabilityValues` (replicas, PodDisruptionBudgets,
     * spread, requests) lie under ours.
     */
    highAvailability: boolean;
}

/**
 * Values of the cert-manager chart. CRDs come with the chart (`crds.enabled`, never the deprecated
 * `installCRDs`) and stay when the release is deleted (`crds.keep`), so certificates survive an
 * uninstall. `startupapicheck` is the post-install hook that waits until the webhook answers.
 * `enableCertificateOwnerRef` makes each Certificate the owner of its Secret, so removing a
 * Certificate removes its private key too instead of leaving it behind (the chart's default: false).
 */
export function certManagerValues(options: CertManagerValueOptions): Record<string, unknown> {
    const nameservers = options.recursiveNameservers ?? [];
    return mergeChartValues(options.highAvailability ? certManagerHighAvailabilityValues() : {}, {
        crds: { enabled: true, keep: true },
        startupapicheck: { enabled: true },
        enableCertificateOwnerRef: true,
        ...(options.serviceAccount ? { serviceAccount: { ...options.serviceAccount } } : {}),
        // The chart takes one comma-separated string.
        ...(nameservers.length > 0 ? { dns01RecursiveNameservers: nameservers.join(","), dns01RecursiveNameserversOnly: true } : {}),
    });
}
