/**
 * The config of `route53.routing`: how the hosts' record sets share their names with other stacks',
 * and the health checks they reference; and the checks that need other sections.
 */
import { z } from "zod";
import { ALIAS_KINDS, LOAD_BALANCER_KINDS, resolveTarget } from "../dnsRecords/target";
import { LATENCY_REGIONS, probedByAddress, SET_IDENTIFIER_MAX_LENGTH, sniHostOf } from "../dnsRecords/routing";
import { FailoverRole, HealthCheckProbe, RoutingPolicy, ServiceType } from "../enums";
import { DEFAULT_LOAD_BALANCER_SCHEME } from "../loadBalancer/scheme";
import { loadBalancerSchemeSchema, recordsEnabled } from "./records";
import { field, Issue, list, valid } from "./raw";

const ROUTING_POLICIES = Object.values(RoutingPolicy);

const setIdentifier = z
    .string()
    .min(1, "must not be empty")
    .max(SET_IDENTIFIER_MAX_LENGTH, `must be at most ${SET_IDENTIFIER_MAX_LENGTH} characters (Route53's SetIdentifier)`);

const latencyRegions: ReadonlySet<string> = new Set(LATENCY_REGIONS);
const latencyRegion = z
    .string()
    .refine((region) => latencyRegions.has(region), 'must be an AWS region Route53 measures latency from, such as "eu-west-1"');

const healthCheckSchema = z
    .strictObject({
        enabled: z.boolean().default(true),
        probe: z.enum(HealthCheckProbe).default(HealthCheckProbe.Readiness),
        path: z
            .string()
            .startsWith("/", 'must start with "/"')
            .max(255, "must be at most 255 characters (Route53's ResourcePath)")
            .optional(),
        requestInterval: z
            .number()
            .refine((seconds) => seconds === 10 || seconds === 30, "must be 10 or 30 seconds (Route53's RequestInterval)")
            .default(30),
        failureThreshold: z
            .number()
            .int("must be a whole number")
            .min(1, "must be 1-10 (Route53's FailureThreshold)")
            .max(10, "must be 1-10 (Route53's FailureThreshold)")
            .default(3),
    })
    .prefault({});

/** Keys every routed policy takes. */
const routed = { setIdentifier: setIdentifier.optional(), healthCheck: healthCheckSchema };

/** `route53.routing`; each policy takes only its own keys. Absent: `simple`. */
export const routingSchema = z
    .discriminatedUnion(
        "policy",
        [
            z.strictObject({ policy: z.literal(RoutingPolicy.Simple).default(RoutingPolicy.Simple) }),
            z.strictObject({
                policy: z.literal(RoutingPolicy.Weighted),
                weight: z.number().int("must be a whole number").min(0, "must be 0-255").max(255, "must be 0-255"),
                ...routed,
            }),
            z.strictObject({ policy: z.literal(RoutingPolicy.Latency), region: latencyRegion.optional(), ...routed }),
            z.strictObject({ policy: z.literal(RoutingPolicy.Failover), failover: z.enum(FailoverRole), ...routed }),
        ],
        {
            error: (issue) =>
                issue.code === "invalid_union" ? `must be ${ROUTING_POLICIES.map((policy) => `"${policy}"`).join(", ")}` : undefined,
        },
    )
    .prefault({});

export type ResolvedRouting = z.output<typeof routingSchema>;

/** Annotations that make the cloud's load balancer internal: the AWS Load Balancer Controller's scheme, and the in-tree provider's. */
const INTERNAL_ANNOTATIONS: ReadonlyArray<[string, string]> = [
    ["service.beta.kubernetes.io/aws-load-balancer-scheme", "internal"],
    ["service.beta.kubernetes.io/aws-load-balancer-internal", "true"],
];

/**
 * Routed record sets are the records this stack writes, at its load balancers, which Route53's
 * health checkers probe from the internet. Reads the raw config and skips whatever is invalid on its
 * own (reported by the schema).
 */
export function crossCheckRouting(raw: Record<string, unknown>): Issue[] {
    const route53 = raw.route53;
    const routing = valid(routingSchema, field(route53, "routing"));
    if (routing === undefined || routing.policy === RoutingPolicy.Simple) return [];
    const path = ["route53", "routing"];

    const serviceType = valid(z.enum(ServiceType).default(ServiceType.LoadBalancer), field(raw.istio, "serviceType"));
    const records = valid(z.boolean().optional(), field(route53, "records"));
    if (serviceType === undefined) return [];
    if (!recordsEnabled(records, serviceType)) {
        return [
            {
                path: [...path, "policy"],
                message: `applies only while route53.records is on: the routing policy is that of the hosts' records, which this stack does not write`,
            },
        ];
    }
    const health = routing.healthCheck;
    const annotations = valid(z.record(z.string(), z.string()).default({}), field(raw.istio, "serviceAnnotations"));
    const configured = valid(
        z.strictObject({ kind: z.enum(LOAD_BALANCER_KINDS).optional(), dualStack: z.boolean().optional() }).optional(),
        field(route53, "loadBalancer"),
    );
    if (annotations === undefined) return [];
    const scheme = valid(loadBalancerSchemeSchema, field(raw.istio, "loadBalancerScheme"));
    const target = resolveTarget(configured, annotations, scheme ?? DEFAULT_LOAD_BALANCER_SCHEME);
    const issues: Issue[] = [];

    const annotated = INTERNAL_ANNOTATIONS.find(([key, value]) => annotations[key] === value);
    const internal =
        scheme === "internal"
            ? "istio.loadBalancerScheme: internal"
            : annotated && `istio.serviceAnnotations "${annotated[0]}: ${annotated[1]}"`;
    if (health.enabled && internal) {
        issues.push({
            path: [...path, "healthCheck", "enabled"],
            message:
                `must be false with an internal load balancer (${internal}): ` +
                `Route53's health checkers probe from the internet and would never reach it`,
        });
    }
    if (health.enabled && health.probe === HealthCheckProbe.Https && target !== undefined) {
        if (!probedByAddress(target.kind)) {
            issues.push({
                path: [...path, "healthCheck", "probe"],
                message:
                    `needs a load balancer known by its IP (route53.loadBalancer.kind "ipv4" or "ipv6"), not "${target.kind}": ` +
                    `Route53 sends a host as SNI only to an IP it is given, and probing the host's own name would reach whichever cluster it answers with; use "readiness"`,
            });
        } else {
            issues.push(...sniHostProblems(raw));
        }
    }
    if (
        routing.policy === RoutingPolicy.Failover &&
        routing.failover === FailoverRole.Primary &&
        !health.enabled &&
        target !== undefined &&
        !ALIAS_KINDS.includes(target.kind)
    ) {
        issues.push({
            path: [...path, "healthCheck", "enabled"],
            message: `must be true for the PRIMARY of records that are not aliases (kind "${target.kind}"): without a health check Route53 takes the primary as always healthy and never fails over`,
        });
    }
    return issues;
}

/** The `https` probe names each load balancer's first host that is not a wildcard: each load balancer needs one. */
function sniHostProblems(raw: Record<string, unknown>): Issue[] {
    const gateways = (list(raw.gateways) ?? []).map((gateway) =>
        (list(field(gateway, "hosts")) ?? []).filter((host): host is string => typeof host === "string"),
    );
    const perGateway = field(raw.istio, "api") === "gateway-api";
    const groups = perGateway ? gateways.map((hosts, g) => ({ hosts, g })) : [{ hosts: gateways.flat(), g: 0 }];
    return groups
        .filter(({ hosts }) => hosts.length > 0 && sniHostOf(hosts) === undefined)
        .map(({ g }) => ({
            path: ["gateways", g, "hosts"],
            message: `has only wildcard hosts: route53.routing.healthCheck.probe "https" sends the load balancer's first host that is not a wildcard as SNI`,
        }));
}
