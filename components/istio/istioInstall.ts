import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IstioValuesArgs } from "../args";
import { requireComputed } from "../computedValues";
import type { ServiceType, TlsVersion } from "../enums";
import { chartSource, mergeChartValues, RELEASE_DEFAULTS } from "../helm";
import { istioBaseValues, istiodValues, istioGatewayValues } from "./values";
import type { ClientIpSettings } from "../edge/clientIp";

export interface IstioInstallArgs {
    /** Exact Istio version of all three charts. */
    version: pulumi.Input<string>;
    /** `oci://` registry path or `https://` Helm repository holding `base`, `istiod` and `gateway`. */
    repository: string;
    /** Image registry path of Istio's images: istiod's, and the proxies its injector fills in (the gateway's). */
    hub: string;
    /** Namespace of the control plane; created here. */
    namespace: string;
    /** Namespace of the ingress gateway; created here unless it is the control plane's. */
    gatewayNamespace: string;
    /**
     * Helm release name of the ingress gateway (and of its Deployment and Service). Without it no
     * `gateway` chart is installed: with the Kubernetes Gateway API, istiod deploys each Gateway itself.
     */
    gatewayName?: string;
    /** Type of the gateway chart's Service. */
    serviceType: ServiceType;
    /** Annotations on the gateway chart's Service. */
    serviceAnnotations: Record<string, string>;
    /** The production defaults (replicas, disruption budgets, spread, requests) of istiod and the gateway. */
    highAvailability: boolean;
    /** The mesh's minimum TLS version of the servers istiod configures (the Gateway API's); undefined: Istio's default. */
    meshMinTlsVersion?: TlsVersion;
    /** How the client's address reaches the gateway chart's pods; undefined: nothing set. */
    clientIp?: ClientIpSettings;
    /**
     * Further values of each chart, merged over ours as Helm merges values files (maps key by key,
     * anything else replaced). They may not set what ours set (validated with the component's config).
     * @default {}
     */
    values?: IstioValuesArgs;
    /**
     * The Gateway API CRDs, when this program installs them: istiod waits for them, as it serves
     * the Gateway API kinds it finds when it starts.
     */
    gatewayApiCrds?: pulumi.Resource[];
}

/**
 * Istio from its Helm charts, in the order they need each other: `base` (CRDs, validation webhook)
 * -> `istiod` (control plane, sidecar injector) -> `gateway` (its `image: auto` is filled in by
 * istiod's injector, so istiod must answer first). The `gateway` chart only with `gatewayName`.
 */
export class IstioInstall extends pulumi.ComponentResource {
    /** The control plane namespace. */
    public readonly namespace: pulumi.Output<string>;
    /** The gateway namespace; Certificates for the gateway write their secrets here. */
    public readonly gatewayNamespace: pulumi.Output<string>;
    /** The namespaces created here, by name, for what must wait for them. */
    public readonly namespaces: Record<string, k8s.core.v1.Namespace>;
    /** The `base` release: Istio's CRDs exist once it is ready. */
    public readonly base: k8s.helm.v3.Release;
    public readonly istiod: k8s.helm.v3.Release;
    /** The `gateway` chart's release; absent without `gatewayName`. */
    public readonly gateway: k8s.helm.v3.Release | undefined;
    /** Hostname or IP of the gateway chart's load balancer; empty unless its Service is a LoadBalancer, or without the chart. */
    public readonly loadBalancerAddress: pulumi.Output<string>;
    /** The gateway's Service as read back from the cluster (LoadBalancer only): its status holds the address. */
    public readonly gatewayService: k8s.core.v1.Service | undefined;

    constructor(name: string, args: IstioInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:IstioInstall", name, {}, opts);
        const controlPlane = new k8s.core.v1.Namespace(`${name}-system`, { metadata: { name: args.namespace } }, { parent: this });
        const gatewayNs =
            args.gatewayNamespace === args.namespace
                ? controlPlane
                : new k8s.core.v1.Namespace(`${name}-ingress`, { metadata: { name: args.gatewayNamespace } }, { parent: this });
        this.namespaces = { [args.namespace]: controlPlane, [args.gatewayNamespace]: gatewayNs };
        this.namespace = controlPlane.metadata.name;
        this.gatewayNamespace = gatewayNs.metadata.name;

        this.base = new k8s.helm.v3.Release(
            `${name}-base`,
            {
                ...RELEASE_DEFAULTS,
                name: "istio-base",
                ...chartSource(args.repository, "base"),
                version: args.version,
                namespace: this.namespace,
                values: mergeChartValues(istioBaseValues(args.namespace), args.values?.base ?? {}),
            },
            { parent: this },
        );
        this.istiod = new k8s.helm.v3.Release(
            `${name}-istiod`,
            {
                ...RELEASE_DEFAULTS,
                name: "istiod",
                ...chartSource(args.repository, "istiod"),
                version: args.version,
                namespace: this.namespace,
                values: mergeChartValues(
                    istiodValues(args.namespace, args.hub, args.highAvailability, args.meshMinTlsVersion),
                    args.values?.istiod ?? {},
                ),
            },
            { parent: this, dependsOn: [this.base, ...(args.gatewayApiCrds ?? [])] },
        );
        this.gateway =
            args.gatewayName === undefined
                ? undefined
                : new k8s.helm.v3.Release(
                      `${name}-gateway`,
                      {
                          ...RELEASE_DEFAULTS,
                          name: args.gatewayName,
                          ...chartSource(args.repository, "gateway"),
                          version: args.version,
                          namespace: this.gatewayNamespace,
                          values: mergeChartValues(
                              istioGatewayValues(
                                  args.serviceType,
                                  args.serviceAnnotations,
                                  args.highAvailability,
                                  args.gatewayName,
                                  args.clientIp,
                              ),
                              args.values?.gateway ?? {},
                          ),
                      },
                      { parent: this, dependsOn: [this.istiod] },
                  );

        if (this.gateway && args.serviceType === "LoadBalancer") {
            // Read once Helm has installed it: the ID comes from the release's status, unknown in a
            // preview before the first `up`, so no preview reads a Service that does not exist yet.
            const what = "the gateway's load balancer address";
            const release = `${args.gatewayNamespace}/${args.gatewayName}`;
            const status = requireComputed(this.gateway.status, what, `the Helm release ${release} has no status`);
            const service = k8s.core.v1.Service.get(`${name}-gateway-service`, pulumi.interpolate`${status.namespace}/${status.name}`, {
                parent: this,
                dependsOn: [this.gateway],
            });
            this.gatewayService = service;
            // The API server always returns a Service's status; an empty ingress list means no address yet.
            this.loadBalancerAddress = requireComputed(
                service.status,
                what,
                `the Service ${release} read back from the cluster has no status`,
            ).apply(
                (serviceStatus) => serviceStatus.loadBalancer?.ingress?.[0]?.hostname ?? serviceStatus.loadBalancer?.ingress?.[0]?.ip ?? "",
            );
        } else {
            this.gatewayService = undefined;
            this.loadBalancerAddress = pulumi.output("");
        }

        this.registerOutputs({
            namespace: this.namespace,
            gatewayNamespace: this.gatewayNamespace,
            loadBalancerAddress: this.loadBalancerAddress,
        });
    }
}
