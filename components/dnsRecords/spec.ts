/**
 * Which Route53 records exist for the gateway hosts, and what each says. Pure: no Pulumi, no I/O.
 */
import { isWildcard, zoneOfHost } from "../config/dns";
import type { LoadBalancerScheme, RecordType } from "../enums";
import { RecordRouting, routingInputs } from "./routing";
import { isAliasKind, LoadBalancerTarget } from "./target";

/** A hosted zone records may go to: a domain, public or private (both, for a split-horizon name). */
export interface RecordZone {
    domain: string;
    private: boolean;
}

/** One Route53 record set for one host in one zone. */
export interface RecordPlan {
    /** Pulumi resource name suffix, unique and stable: `[private-]<host, * as "wildcard">-<type>`. */
    key: string;
    /** The record's name: the host, `*.apps.example.com` for a wildcard. */
    name: string;
    /** The gateway host the record serves (the same as `name`). */
    host: string;
    type: RecordType;
    /** An alias to the load balancer (no TTL) rather than a plain record. */
    alias: boolean;
    zone: RecordZone;
}

/** Default TTL of non-alias records, in seconds. */
export const DEFAULT_RECORD_TTL = 300;

/** The record types a host gets for `target`. */
export function recordTypes(target: LoadBalancerTarget): RecordType[] {
    switch (target.kind) {
        case "nlb":
        case "classic":
        case "aws":
            return target.dualStack ? ["A", "AAAA"] : ["A"];
        case "ipv4":
            return ["A"];
        case "ipv6":
            return ["AAAA"];
        case "hostname":
            return ["CNAME"];
    }
}

/** True when `host` is the apex (the domain itself) of `zone`, where Route53 allows no CNAME. */
export function isApex(host: string, zone: string): boolean {
    return !isWildcard(host) && host === zone;
}

/**
 * The zones each host's records go to: every configured zone whose domain is the host's deepest
 * zone (the mapping certificates use), so the public and the private zone of a split-horizon name
 * both get one.
 */
export function zonesOfHost(host: string, zones: readonly RecordZone[]): RecordZone[] {
    const domain = zoneOfHost(
        host,
        zones.map((zone) => zone.domain),
    );
    return domain === undefined ? [] : zones.filter((zone) => zone.domain === domain);
}

function recordKey(host: string, zone: RecordZone, type: RecordType): string {
    return `${zone.private ? "private-" : ""}${host.replace(/^\*\./, "wildcard.")}-${type}`;
}

/**
 * The zones a host's records go to for a load balancer of `scheme`: an internal one's to private
 * zones only, as a public record would hand the internet an address it cannot reach.
 */
export function recordZonesOfHost(host: string, zones: readonly RecordZone[], scheme: LoadBalancerScheme): RecordZone[] {
    const all = zonesOfHost(host, zones);
    return scheme === "internal" ? all.filter((zone) => zone.private) : all;
}

/**
 * One record per host, type and zone, in host order (an internal load balancer's in private zones
 * only). Throws on a CNAME at a zone apex: the config check refuses that first, naming the host.
 */
export function planRecords(hosts: readonly string[], zones: readonly RecordZone[], target: LoadBalancerTarget): RecordPlan[] {
    const types = recordTypes(target);
    const alias = isAliasKind(target.kind);
    return hosts.flatMap((host) =>
        recordZonesOfHost(host, zones, target.scheme).flatMap((zone) =>
            types.map((type): RecordPlan => {
                if (type === "CNAME" && isApex(host, zone.domain)) {
                    throw new Error(`${host} is the apex of zone ${zone.domain}, where Route53 allows no CNAME; validate the config first`);
                }
                return {
                    key: recordKey(host, zone, type),
                    name: host,
                    host,
                    type,
                    alias,
                    zone: { domain: zone.domain, private: zone.private },
                };
            }),
        ),
    );
}

/**
 * The certificates whose names cover each host (RFC 6125: the name itself, or a wildcard over its
 * parent), by host: what a host's records wait for. One map lookup per name, not a scan per host.
 */
export function certificatesCoveringHosts(
    hosts: readonly string[],
    certificates: ReadonlyArray<{ name: string; dnsNames: readonly string[] }>,
): Map<string, string[]> {
    const byName = new Map<string, string[]>();
    for (const certificate of certificates) {
        for (const dnsName of certificate.dnsNames) {
            const names = byName.get(dnsName);
            if (names) names.push(certificate.name);
            else byName.set(dnsName, [certificate.name]);
        }
    }
    return new Map(
        hosts.map((host) => {
            const dot = host.indexOf(".");
            const wildcard = !isWildcard(host) && dot > 0 ? byName.get(`*.${host.slice(dot + 1)}`) : undefined;
            return [host, [...new Set([...(byName.get(host) ?? []), ...(wildcard ?? [])])]];
        }),
    );
}

/**
 * What the provider's `aws.route53.Record` takes for one planned record. `V` is a plain string in
 * tests and a Pulumi input in the component: the shape is the same.
 */
export interface RecordInputs<V = string> {
    zoneId: V;
    name: string;
    type: RecordType;
    /** Never take over a record set this program did not create: Route53 then refuses with "already exists". */
    allowOverwrite: false;
    ttl?: number;
    records?: V[];
    aliases?: Array<{ name: V; zoneId: V; evaluateTargetHealth: boolean }>;
    /** Routed record sets only: what tells this stack's record set apart from other stacks' of the name. */
    setIdentifier?: string;
    weightedRoutingPolicies?: Array<{ weight: number }>;
    latencyRoutingPolicies?: Array<{ region: string }>;
    failoverRoutingPolicies?: Array<{ type: string }>;
    /** The health check of the record's own load balancer. */
    healthCheckId?: V;
}

/**
 * The record's inputs: an alias to `address` in the load balancer's canonical zone `aliasZoneId`
 * (answering only while the load balancer has healthy targets), or `address` itself with `ttl`;
 * with `routing`, this stack's set identifier and policy, and the health check of its load balancer.
 */
export function recordInputs<V>(
    record: RecordPlan,
    target: { hostedZoneId: V; address: V; aliasZoneId?: V; ttl: number },
    routed: { routing?: RecordRouting; healthCheckId?: V } = {},
): RecordInputs<V> {
    const common = {
        zoneId: target.hostedZoneId,
        name: record.name,
        type: record.type,
        allowOverwrite: false as const,
        ...routingInputs(routed.routing, routed.healthCheckId),
    };
    if (!record.alias) return { ...common, ttl: target.ttl, records: [target.address] };
    if (target.aliasZoneId === undefined) throw new Error(`alias record ${record.key} needs the load balancer's canonical hosted zone`);
    return { ...common, aliases: [{ name: target.address, zoneId: target.aliasZoneId, evaluateTargetHealth: true }] };
}
