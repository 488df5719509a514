import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { requireComputed } from "../../computedValues";
import type { ServiceType } from "../../enums";
import { dependsOnWith } from "../../dependsOn";
import { GATEWAY_API_VERSIONS } from "../crds/apiVersions";
import type { KubernetesGatewayPlan } from "../../plan";
import { gatewayInfrastructureData } from "./infrastructure";
import { gatewayAnnotations, kubernetesGatewaySpec } from "./spec";

export interface KubernetesGatewaysArgs {
    /** The gateways to create. */
    gateways: KubernetesGatewayPlan[];
    /** Type of the Service istiod deploys for each Gateway. */
    serviceType: ServiceType;
    /** Annotations on what istiod deploys for each Gateway, its Service included (`spec.infrastructure.annotations`). */
    serviceAnnotations: Record<string, string>;
    /** Namespaces this program creates, by name; others must exist already. */
    managedNamespaces: Record<string, pulumi.Resource>;
    /** The Certificates whose Secrets each gateway's listeners read, by gateway name: a Gateway waits for its own (until Ready). */
    certificates: Record<string, readonly pulumi.Resource[]>;
}

/** What istiod reports of a Gateway it programmed: its addresses (the load balancer's, for a LoadBalancer Service). */
interface GatewayStatus {
    addresses?: Array<{ type?: string; value: string }>;
}

/** A Gateway object whose `status` is an output, for the address istiod reports. */
class GatewayObject extends k8s.apiextensions.CustomResource {
    declare public readonly status: pulumi.Output<GatewayStatus | undefined>;
}

/** A Kubernetes Gateway as routes and outputs refer to it. */
export interface KubernetesGatewayRef {
    name: string;
    namespace: string;
    /** The Gateway object, for what must wait for it. */
    resource: k8s.apiextensions.CustomResource;
    /** Its load balancer's hostname or IP, from `status.addresses`; empty unless the Service is a LoadBalancer. */
    address: pulumi.Output<string>;
}

/**
 * Kubernetes Gateways (gateway.networking.k8s.io/v1, class `istio`): istiod deploys a Deployment
 * and a Service named `<gateway>-istio` for each, shaped by the Gateway's ConfigMap (its
 * `parametersRef`), which is created first. Give it `dependsOn` the Gateway API CRDs and istiod.
 * Each waits until Programmed, and for the Certificates its listeners read.
 */
export class KubernetesGateways extends pulumi.ComponentResource {
    /** Each gateway by name. */
    public readonly gateways: Record<string, KubernetesGatewayRef>;

    constructor(name: string, args: KubernetesGatewaysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:KubernetesGateways", name, {}, opts);
        this.gateways = {};
        for (const gateway of args.gateways) {
            const certificates = args.certificates[gateway.name] ?? [];
            const namespace = args.managedNamespaces[gateway.namespace];
            // istiod reads the ConfigMap when it deploys the Gateway, and fails that until it exists.
            const parameters = gateway.infrastructure
                ? new k8s.core.v1.ConfigMap(
                      `${name}-${gateway.name}-infrastructure`,
                      {
                          metadata: { name: gateway.infrastructure.configMap, namespace: gateway.namespace },
                          data: gatewayInfrastructureData(gateway.name, gateway.infrastructure),
                      },
                      { parent: this, dependsOn: namespace ? [namespace] : [] },
                  )
                : undefined;
            const resource = new GatewayObject(
                `${name}-${gateway.name}`,
                {
                    apiVersion: GATEWAY_API_VERSIONS.Gateway,
                    kind: "Gateway",
                    metadata: { name: gateway.name, namespace: gateway.namespace, annotations: gatewayAnnotations(args.serviceType) },
                    spec: kubernetesGatewaySpec(gateway, args.serviceAnnotations),
                    // Not sent: declared so that the status istiod writes is an output.
                    status: undefined,
                },
                { parent: this, dependsOn: dependsOnWith(opts?.dependsOn, namespace, parameters, ...certificates) },
            );
            const address =
                args.serviceType === "LoadBalancer"
                    ? requireComputed(
                          resource.status,
                          `the load balancer address of gateway "${gateway.name}"`,
                          `the Gateway ${gateway.namespace}/${gateway.name} has no status, where istiod reports its addresses`,
                      ).apply((status) => status.addresses?.[0]?.value ?? "")
                    : pulumi.output("");
            this.gateways[gateway.name] = { name: gateway.name, namespace: gateway.namespace, resource, address };
        }
        this.registerOutputs({ gateways: Object.values(this.gateways).map((gateway) => `${gateway.namespace}/${gateway.name}`) });
    }
}
