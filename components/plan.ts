import * as pulumi from "@pulumi/pulumi";
import { certificateGroups, CertificateGroup } from "./certificates/groups";
import { ACME_SERVERS } from "./config/defaults";
import type { ResolvedIngressConfig } from "./config/schema";
import { isWildcard, zoneOfHost } from "./config/dns";
import { recordsTarget } from "./config/records";
import { DEFAULT_RECORD_TTL, planRecords, RecordPlan } from "./dnsRecords/spec";
import type { LoadBalancerTarget } from "./dnsRecords/target";

/**
 * What to create, as plain data: config in, plan out. Nothing here registers a resource;
 * the components only walk this plan.
 */
export interface IngressPlan {
    istio: ResolvedIngressConfig["istio"] & {
        /** Pod labels the gateway chart gives its pods, used as Gateway selector. */
        gatewaySelector: Record<string, string>;
    };
    certManager: ResolvedIngressConfig["certManager"];
    issuer: { name: string; server: string; email: pulumi.Input<string> };
    /**
     * Every configured zone. `dns01` is false for the private zone of a split-horizon name: its
     * public twin holds the challenge records, as the ACME CA asks the public DNS.
     */
    zones: Array<{ domain: string; hostedZoneId?: pulumi.Input<string>; private: boolean; hosts: string[]; dns01: boolean }>;
    /** How cert-manager reaches Route53. */
    credentials: ResolvedIngressConfig["route53"]["credentials"];
    /** Resolvers for cert-manager's DNS-01 self-check, if configured. */
    recursiveNameservers?: string[];
    certificates: CertificatePlan[];
    gateways: GatewayPlan[];
    routes: RoutePlan[];
    /** The gateway hosts' Route53 records; undefined when `route53.records` is off. */
    records?: RecordsPlan;
}

export interface RecordsPlan {
    /** What the records point at: the gateway's load balancer. */
    target: LoadBalancerTarget;
    /** TTL of records that are not aliases, in seconds. */
    ttl: number;
    /** One per host, type and zone (both zones of a split-horizon name). */
    records: RecordPlan[];
    /** A role in the zones' account that writes the records, when they live in another account. */
    roleArn?: string;
}

export interface CertificatePlan extends CertificateGroup {
    /** Name of the gateway that serves these names. */
    gateway: string;
}

export interface GatewayPlan {
    name: string;
    namespace: string;
    hosts: string[];
    httpsRedirect: boolean;
    /**
     * One HTTPS server per certificate: the hosts it serves and the secret it reads. A host that a
     * wildcard of the gateway covers sits in its wildcard's server, not on a certificate of its own.
     */
    tls: Array<{ certificate: string; credentialName: string; hosts: string[] }>;
    /**
     * For each of `hosts`, the namespaces whose VirtualServices may bind to it: the Gateway writes it
     * once per namespace as `<namespace>/<host>`. See {@link bindingNamespaces}.
     */
    hostNamespaces: Record<string, string[]>;
}

export interface RoutePlan {
    name: string;
    namespace: string;
    gateway: { name: string; namespace: string };
    hosts: string[];
    http: ResolvedIngressConfig["routes"][number]["http"];
}

/** Istio's gateway chart labels its pods `istio: <release name without the "istio-" prefix>`. */
export function gatewayPodSelector(gatewayName: string): Record<string, string> {
    return { istio: gatewayName.replace(/^istio-/, "") };
}

export function issuerDefaults(server: string): { name: string; url: string } {
    if (server === "staging" || server === "production") return { name: `letsencrypt-${server}`, url: ACME_SERVERS[server] };
    return { name: "acme", url: server };
}

/**
 * Which namespaces may bind VirtualServices to each gateway host. Istio binds a VirtualService to a
 * server host `<namespace>/<host>` only from that namespace; a host without a namespace admits any
 * namespace, which would let any team route a public host. A route host binds through the gateway
 * host equal to it, else through the wildcard covering it (one label, as `hostMatches`); a host no
 * route serves gets the gateway's own namespace, never all of them. Namespaces are sorted, so
 * reordering routes changes nothing.
 */
export function bindingNamespaces(
    gateway: { namespace: string; hosts: readonly string[] },
    routes: ReadonlyArray<{ namespace: string; hosts: readonly string[] }>,
): Record<string, string[]> {
    const listed = new Set(gateway.hosts);
    const namespaces = new Map(gateway.hosts.map((host) => [host, new Set<string>()]));
    for (const route of routes) {
        for (const host of route.hosts) {
            const wildcard = isWildcard(host) ? undefined : `*${host.slice(host.indexOf("."))}`;
            const through = listed.has(host) ? host : wildcard;
            if (through !== undefined) namespaces.get(through)?.add(route.namespace);
        }
    }
    return Object.fromEntries([...namespaces].map(([host, bound]) => [host, bound.size > 0 ? [...bound].sort() : [gateway.namespace]]));
}

export function planIngress(config: ResolvedIngressConfig): IngressPlan {
    const { istio } = config;
    const domains = config.route53.zones.map((zone) => zone.domain);
    const hostsByZone = new Map<string, string[]>();
    for (const host of config.gateways.flatMap((gateway) => gateway.hosts)) {
        const zone = zoneOfHost(host, domains);
        if (zone === undefined) continue;
        const hosts = hostsByZone.get(zone);
        if (hosts) hosts.push(host);
        else hostsByZone.set(zone, [host]);
    }
    const issuer = issuerDefaults(config.acme.server);

    const certificates: CertificatePlan[] = [];
    const gateways = config.gateways.map((gateway): GatewayPlan => {
        const groups = certificateGroups(gateway.name, gateway.hosts);
        certificates.push(...groups.map((group) => ({ ...group, gateway: gateway.name })));
        return {
            name: gateway.name,
            namespace: gateway.namespace ?? istio.gatewayNamespace,
            hosts: gateway.hosts,
            httpsRedirect: gateway.httpsRedirect,
            tls: groups.map((group) => ({ certificate: group.name, credentialName: group.secretName, hosts: group.hosts })),
            hostNamespaces: {},
        };
    });

    const routes = config.routes.map((route): RoutePlan => {
        const gateway = gateways.find((candidate) => candidate.name === route.gateway);
        if (!gateway) throw new Error(`route ${route.name} names unknown gateway ${route.gateway}; validate the config first`);
        return {
            name: route.name,
            namespace: route.namespace ?? gateway.namespace,
            gateway: { name: gateway.name, namespace: gateway.namespace },
            hosts: route.hosts,
            http: route.http,
        };
    });

    for (const gateway of gateways) {
        gateway.hostNamespaces = bindingNamespaces(
            gateway,
            routes.filter((route) => route.gateway.name === gateway.name),
        );
    }

    return {
        istio: { ...istio, gatewaySelector: gatewayPodSelector(istio.gatewayName) },
        certManager: config.certManager,
        issuer: { name: config.acme.issuerName ?? issuer.name, server: issuer.url, email: config.acme.email },
        zones: config.route53.zones.map((zone) => ({
            ...zone,
            hosts: hostsByZone.get(zone.domain) ?? [],
            dns01: !(zone.private && config.route53.zones.some((other) => !other.private && other.domain === zone.domain)),
        })),
        credentials: config.route53.credentials,
        recursiveNameservers: config.route53.recursiveNameservers,
        certificates,
        gateways,
        routes,
        records: planRecordsOf(config),
    };
}

function planRecordsOf(config: ResolvedIngressConfig): RecordsPlan | undefined {
    const target = recordsTarget(config.route53, config.istio);
    if (!target) return undefined;
    const hosts = config.gateways.flatMap((gateway) => gateway.hosts);
    return {
        target,
        ttl: config.route53.recordTtl ?? DEFAULT_RECORD_TTL,
        records: planRecords(hosts, config.route53.zones, target),
        roleArn: config.route53.recordsRoleArn,
    };
}
