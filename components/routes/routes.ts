import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { GatewayRef } from "../gateways/gateways";
import type { RoutePlan } from "../plan";
import { virtualServiceSpec } from "./spec";

export interface RoutesArgs {
    /** The routes to create. */
    routes: RoutePlan[];
    /** The gateways they bind to, by name. */
    gateways: Record<string, GatewayRef>;
    /** Namespaces this program creates, by name; others must exist already. */
    managedNamespaces: Record<string, pulumi.Input<string>>;
}

/** VirtualServices (networking.istio.io/v1), each bound to its Gateway, which it waits for. */
export class Routes extends pulumi.ComponentResource {
    /** `namespace/name` of each VirtualService. */
    public readonly virtualServices: pulumi.Output<string>[];

    constructor(name: string, args: RoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:Routes", name, {}, opts);
        this.virtualServices = args.routes.map((route) => {
            const gateway = args.gateways[route.gateway.name];
            if (!gateway) throw new Error(`route ${route.name}: no gateway named ${route.gateway.name}`);
            const resource = new k8s.apiextensions.CustomResource(
                `${name}-${route.name}`,
                {
                    apiVersion: "networking.istio.io/v1",
                    kind: "VirtualService",
                    metadata: { name: route.name, namespace: args.managedNamespaces[route.namespace] ?? route.namespace },
                    spec: gateway.ref.apply((ref) => virtualServiceSpec(route, ref)),
                },
                // Children do not inherit a component's dependsOn: pass it on.
                { parent: this, dependsOn: opts?.dependsOn },
            );
            return pulumi.interpolate`${resource.metadata.namespace}/${resource.metadata.name}`;
        });
        this.registerOutputs({ virtualServices: this.virtualServices });
    }
}
