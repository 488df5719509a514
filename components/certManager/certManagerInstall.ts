import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ChartValues } from "../args";
import { chartSource, mergeChartValues, RELEASE_DEFAULTS } from "../helm";
import { certManagerValues, CertManagerValueOptions } from "./values";

export interface CertManagerInstallArgs {
    /** Exact chart version, with its `v`. */
    version: pulumi.Input<string>;
    /** `oci://` registry path or `https://` Helm repository holding the `cert-manager` chart. */
    repository: string;
    /** Namespace of cert-manager; created here. ClusterIssuer secrets live in it. */
    namespace: string;
    /**
     * Name and annotations of the controller's ServiceAccount (e.g. the IRSA role ARN).
     * @default the chart's: named after the release, no annotations
     */
    serviceAccount?: CertManagerValueOptions["serviceAccount"];
    /**
     * Resolvers for the DNS-01 self-check (`host:port`); cert-manager then asks only these.
     * @default none: cert-manager asks the zones' authoritative nameservers
     */
    recursiveNameservers?: readonly string[];
    /** The production defaults: replicas, disruption budgets, spread and requests of the controller, webhook and cainjector. */
    highAvailability: boolean;
    /**
     * Further chart values, merged over ours as Helm merges values files (maps key by key, anything
     * else replaced). They may not set what ours set (validated with the component's config).
     * @default {}
     */
    values?: ChartValues;
}

/**
 * cert-manager from its Helm chart. The release waits for the post-install `startupapicheck`
 * job, which succeeds only once the webhook answers: whatever depends on {@link release} can
 * create cert-manager objects without "failed calling webhook".
 */
export class CertManagerInstall extends pulumi.ComponentResource {
    /** The cert-manager namespace, available before the release is (for Secrets the issuer reads). */
    public readonly namespace: pulumi.Output<string>;
    /** The release; CRDs and webhook are ready once it is. */
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: CertManagerInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:CertManagerInstall", name, {}, opts);
        const namespace = new k8s.core.v1.Namespace(name, { metadata: { name: args.namespace } }, { parent: this });
        this.namespace = namespace.metadata.name;
        this.release = new k8s.helm.v3.Release(
            name,
            {
                ...RELEASE_DEFAULTS,
                name: "cert-manager",
                ...chartSource(args.repository, "cert-manager"),
                version: args.version,
                namespace: this.namespace,
                values: mergeChartValues(
                    certManagerValues({
                        serviceAccount: args.serviceAccount,
                        recursiveNameservers: args.recursiveNameservers,
                        highAvailability: args.highAvailability,
                    }),
                    args.values ?? {},
                ),
            },
            { parent: this },
        );
        this.registerOutputs({ namespace: this.namespace, releaseStatus: this.release.status });
    }
}
