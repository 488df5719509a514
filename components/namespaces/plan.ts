/**
 * Which namespaces the stack's objects go into that the component does not create itself: the API
 * server refuses an object in a namespace that does not exist, so each is created
 * (`namespaces.create`) or read before any object goes there.
 */
import { serviceOfHost } from "../config/gatewayApi";

export interface NamespacesPlan {
    /** Create each (`namespaces.create`); else each is read, and what goes there waits for the read. */
    create: boolean;
    /** Sorted, each once. */
    names: string[];
}

interface RouteLike {
    namespace: string;
    http?: ReadonlyArray<{ destination?: { host: string }; destinations?: ReadonlyArray<{ host: string }> }>;
}

/**
 * The namespaces of `objects` (gateways, certificates, routes, grants) and of the routes' backends
 * (`<name>.<namespace>.svc...` destinations), minus `created`: the namespaces the component makes.
 */
export function planNamespaces(
    objects: ReadonlyArray<{ namespace: string }>,
    routes: readonly RouteLike[],
    created: readonly string[],
    create: boolean,
): NamespacesPlan {
    const backends = routes.flatMap((route) =>
        (route.http ?? []).flatMap((rule) =>
            [...(rule.destination ? [rule.destination] : []), ...(rule.destinations ?? [])].map(
                (destination) => serviceOfHost(destination.host, route.namespace)?.namespace,
            ),
        ),
    );
    const names = [...objects.map((o) => o.namespace), ...routes.map((r) => r.namespace), ...backends].filter(
        (name): name is string => typeof name === "string" && !created.includes(name),
    );
    return { create, names: [...new Set(names)].sort() };
}
