/**
 * The config of the gateway hosts' Route53 records (`route53.records`, `route53.recordTtl`,
 * `route53.loadBalancer`) and the checks that need other sections.
 */
import { z } from "zod";
import { isApex } from "../dnsRecords/spec";
import {
    ALIAS_KINDS,
    LOAD_BALANCER_KINDS,
    LoadBalancerTarget,
    LOAD_BALANCER_TYPE_ANNOTATION,
    resolveTarget,
    takesDualStack,
} from "../dnsRecords/target";
import { LoadBalancerScheme, ServiceType } from "../enums";
import { DEFAULT_LOAD_BALANCER_SCHEME } from "../loadBalancer/scheme";
import { hostProblem, zoneOfHost } from "./dns";
import { field, Issue, list, valid } from "./raw";

/** Route53 accepts TTLs of 0 to 2^31 - 1 seconds. */
const MAX_TTL = 2147483647;

const loadBalancerSchema = z.strictObject({
    kind: z.enum(LOAD_BALANCER_KINDS).optional(),
    dualStack: z.boolean().optional(),
});

/** The keys `route53` takes for records. */
export const recordsShape = {
    records: z.boolean().optional(),
    recordTtl: z
        .number()
        .int("must be a whole number of seconds")
        .min(0, `must be 0-${MAX_TTL} seconds`)
        .max(MAX_TTL, `must be 0-${MAX_TTL} seconds`)
        .optional(),
    loadBalancer: loadBalancerSchema.optional(),
};

const serviceTypeSchema = z.enum(ServiceType).default(ServiceType.LoadBalancer);
/** `istio.loadBalancerScheme`, with its default. */
export const loadBalancerSchemeSchema = z.enum(LoadBalancerScheme).default(DEFAULT_LOAD_BALANCER_SCHEME);
const annotationsSchema = z.record(z.string(), z.string()).default({});

/** Whether records are wanted: as configured, else when the gateway's Service is a LoadBalancer. */
export function recordsEnabled(records: boolean | undefined, serviceType: string): boolean {
    return records ?? serviceType === "LoadBalancer";
}

/** What the records of a valid config point at: undefined when records are off. */
export function recordsTarget(
    route53: { records?: boolean; loadBalancer?: z.output<typeof loadBalancerSchema> },
    istio: { serviceType: string; serviceAnnotations: Record<string, string>; loadBalancerScheme: LoadBalancerScheme },
): LoadBalancerTarget | undefined {
    if (!recordsEnabled(route53.records, istio.serviceType)) return undefined;
    const target = resolveTarget(route53.loadBalancer, istio.serviceAnnotations, istio.loadBalancerScheme);
    if (!target) throw new Error("the records' target cannot be told from the config; validate the config first");
    return target;
}

/**
 * Records point at the gateway's load balancer: they need a LoadBalancer Service, a load balancer
 * whose kind is known, a TTL only where Route53 takes one, and no CNAME at a zone apex.
 * Reads the raw config and skips whatever is invalid on its own (reported by the schema).
 * `zoneDomains` is undefined when a zone is invalid on its own (no guess at the apexes then);
 * `assumeRoleArn` is `credentials.assumeRoleArn` when it is valid.
 */
export function crossCheckRecords(
    raw: Record<string, unknown>,
    zoneDomains: readonly string[] | undefined,
    assumeRoleArn: string | undefined,
): Issue[] {
    const route53 = raw.route53;
    const serviceType = valid(serviceTypeSchema, field(raw.istio, "serviceType"));
    const records = valid(recordsShape.records, field(route53, "records"));
    if (serviceType === undefined || (records === undefined && field(route53, "records") !== undefined)) return [];
    if (records === true && serviceType !== "LoadBalancer") {
        return [
            {
                path: ["route53", "records"],
                message: `needs a LoadBalancer Service, but istio.serviceType is "${serviceType}": records point at the gateway's load balancer`,
            },
        ];
    }
    if (!recordsEnabled(records, serviceType)) return [];

    const annotations = valid(annotationsSchema, field(raw.istio, "serviceAnnotations"));
    const configured = valid(recordsShape.loadBalancer, field(route53, "loadBalancer"));
    if (annotations === undefined || (configured === undefined && field(route53, "loadBalancer") !== undefined)) return [];
    const scheme = valid(loadBalancerSchemeSchema, field(raw.istio, "loadBalancerScheme")) ?? DEFAULT_LOAD_BALANCER_SCHEME;
    const target = resolveTarget(configured, annotations, scheme);
    if (target === undefined) {
        return [
            {
                path: ["route53", "loadBalancer", "kind"],
                message:
                    `is required: istio.serviceAnnotations "${LOAD_BALANCER_TYPE_ANNOTATION}: ${annotations[LOAD_BALANCER_TYPE_ANNOTATION]}" ` +
                    `selects a load balancer this program cannot tell ("external", "nlb", "nlb-ip" or none are known); ` +
                    `say what the gateway's load balancer is (${LOAD_BALANCER_KINDS.join(", ")}), or set route53.records to false`,
            },
        ];
    }

    const issues: Issue[] = [];
    const alias = ALIAS_KINDS.includes(target.kind);
    if (assumeRoleArn !== undefined && field(route53, "recordsRoleArn") === undefined) {
        issues.push({
            path: ["route53", "recordsRoleArn"],
            message:
                "is required with credentials.assumeRoleArn: the zones live in another account, and this stack writes the hosts' records there " +
                "through a role it may assume (or set route53.records to false)",
        });
    }
    if (configured?.dualStack === true && !takesDualStack(target.kind)) {
        issues.push({
            path: ["route53", "loadBalancer", "dualStack"],
            message: `applies only to kinds "nlb" and "aws" (alias AAAA records to a dual-stack Network Load Balancer), not "${target.kind}"`,
        });
    }
    if (alias && field(route53, "recordTtl") !== undefined) {
        issues.push({
            path: ["route53", "recordTtl"],
            message: `applies only to records that are not aliases (kinds ipv4, ipv6, hostname); alias records to the "${target.kind}" load balancer answer with its own TTL`,
        });
    }
    if (scheme === "internal" && zoneDomains !== undefined) issues.push(...hostsWithoutPrivateZone(raw, zoneDomains));
    if (target.kind === "hostname" && zoneDomains !== undefined) {
        forEachZonedHost(raw, zoneDomains, (host, zone, path) => {
            if (!isApex(host, zone)) return;
            issues.push({
                path,
                message:
                    `is the apex of zone ${zone}, where Route53 allows no CNAME (route53.loadBalancer.kind "hostname"): ` +
                    `point it at an alias (kind "nlb" or "classic") or an IP (kind "ipv4" or "ipv6"), or set route53.records to false`,
            });
        });
    }
    return issues;
}

/**
 * With an internal load balancer the records go to private zones only (a public record would point
 * the internet at an address it cannot reach): a host whose zone has no private zone gets none.
 */
function hostsWithoutPrivateZone(raw: Record<string, unknown>, zoneDomains: readonly string[]): Issue[] {
    const zones = field(raw.route53, "zones");
    const privateDomains = new Set(
        (list(zones) ?? []).filter((zone) => field(zone, "private") === true).map((zone) => field(zone, "domain")),
    );
    const issues: Issue[] = [];
    forEachZonedHost(raw, zoneDomains, (_host, zone, path) => {
        if (privateDomains.has(zone)) return;
        issues.push({
            path,
            message:
                `would get no Route53 record: istio.loadBalancerScheme is "internal", whose records go to private zones only, ` +
                `and ${zone} has no private zone; add one (route53.zones[] with private: true and its hostedZoneId), ` +
                `or set route53.records to false and publish the name yourself`,
        });
    });
    return issues;
}

/** Each well-formed gateway host that lies in one of the zones, with its zone and its config path. */
function forEachZonedHost(
    raw: Record<string, unknown>,
    zoneDomains: readonly string[],
    visit: (host: string, zone: string, path: Array<string | number>) => void,
): void {
    const gateways = field(raw, "gateways");
    (list(gateways) ?? []).forEach((gateway, g) => {
        const hosts = field(gateway, "hosts");
        (list(hosts) ?? []).forEach((host, i) => {
            if (typeof host !== "string" || hostProblem(host) !== undefined) return;
            const zone = zoneOfHost(host, zoneDomains);
            if (zone !== undefined) visit(host, zone, ["gateways", g, "hosts", i]);
        });
    });
}
