import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dependsOnWith } from "../../dependsOn";
import type { GatewayRef } from "../gateways/gateways";
import type { RoutePlan } from "../../plan";
import { virtualServiceSpec } from "./spec";

export interface RoutesArgs {
    /** The routes to create. */
    routes: RoutePlan[];
    /** The gateways they bind to, by name. */
    gateways: Record<string, GatewayRef>;
    /** Namespaces this program creates, by name; others must exist already. */
    managedNamespaces: Record<string, pulumi.Resource>;
}

/** VirtualServices (networking.istio.io/v1), each bound to its Gateway, which it waits for. */
export class Routes extends pulumi.ComponentResource {
    /** `namespace/name` of each VirtualService. */
    public readonly virtualServices: string[];

    constructor(name: string, args: RoutesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:Routes", name, {}, opts);
        this.virtualServices = args.routes.map((route) => {
            const gateway = args.gateways[route.gateway.name];
            if (!gateway) throw new Error(`route ${route.name}: no gateway named ${route.gateway.name}`);
            new k8s.apiextensions.CustomResource(
                `${name}-${route.name}`,
                {
                    apiVersion: "networking.istio.io/v1",
                    kind: "VirtualService",
                    metadata: { name: route.name, namespace: route.namespace },
                    spec: virtualServiceSpec(route, gateway.ref),
                },
                { parent: this, dependsOn: dependsOnWith(opts?.dependsOn, gateway.resource, args.managedNamespaces[route.namespace]) },
            );
            return `${route.namespace}/${route.name}`;
        });
        this.registerOutputs({ virtualServices: this.virtualServices });
    }
}
