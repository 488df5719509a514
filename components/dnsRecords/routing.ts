/**
 * Record sets that several stacks (clusters) write for the same names: their routing policy, set
 * identifier and health checks. Pure: no Pulumi, no I/O.
 *
 * Route53's rules for them (API reference, ResourceRecordSet and HealthCheckConfig):
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_ResourceRecordSet.html
 * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html
 */
import { createHash } from "node:crypto";
import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { FailoverRole, HealthCheckProbe, LoadBalancerKind } from "../enums";
import { awsLoadBalancerOf, regionOfLoadBalancer } from "./target";

/**
 * How this stack's record sets are routed (undefined in the plan for `simple`): the policy, Route53's
 * `SetIdentifier` (unique among the record sets of a name and type) and the policy's own value.
 */
export type RecordRouting =
    | { policy: "weighted"; setIdentifier: string; /** 0-255. */ weight: number }
    | { policy: "latency"; setIdentifier: string; /** The AWS region Route53 measures latency from. */ region: string }
    | { policy: "failover"; setIdentifier: string; failover: FailoverRole };

/** The routing policies other than simple. */
export type RoutedPolicy = RecordRouting["policy"];

/** Istio's status port: the gateway chart's Service and istiod's `<gateway>-istio` Service both publish it. */
export const ISTIO_STATUS_PORT = 15021;
/** What the status port answers 200 on once the proxy is ready (pilot-agent's readiness probe). */
export const ISTIO_READINESS_PATH = "/healthz/ready";
export const HTTPS_PORT = 443;
/** Route53's defaults: every 30 seconds from each checker, unhealthy after 3 failures. */
export const DEFAULT_REQUEST_INTERVAL = 30;
export const DEFAULT_FAILURE_THRESHOLD = 3;
/** Route53 recommends a TTL of 60 seconds or less for records with a health check, so clients follow a failover quickly. */
export const HEALTH_CHECKED_RECORD_TTL = 60;
/** Route53's limit on `SetIdentifier`. */
export const SET_IDENTIFIER_MAX_LENGTH = 128;

/**
 * The regions a latency record set may name: Route53's `ResourceRecordSetRegion` (the AWS SDK's
 * generated enum of the 2013-04-01 API; test/dnsRecords/routing.test.ts holds this list to it).
 */
export const LATENCY_REGIONS = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "cn-north-1",
    "cn-northwest-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eusc-de-east-1",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-gov-east-1",
    "us-gov-west-1",
    "us-west-1",
    "us-west-2",
] as const;

/**
 * The default set identifier, `<project>-<stack>`: known before anything exists and different for
 * every stack of a project. A longer one keeps its first 119 characters and ends with 8 hex digits
 * of a hash of the whole, so two long stack names still differ.
 */
export function defaultSetIdentifier(project: string, stack: string): string {
    const full = `${project}-${stack}`;
    if (full.length <= SET_IDENTIFIER_MAX_LENGTH) return full;
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
    return `${full.slice(0, SET_IDENTIFIER_MAX_LENGTH - 9)}-${hash}`;
}

/** One Route53 health check of one load balancer of the stack. */
export interface HealthCheckPlan {
    /** Resource name suffix and the key records reference it by: the load balancer's gateway (Gateway API) or the gateway release (Istio API). */
    key: string;
    /** The hosts whose records point at this load balancer; the first gives its address. */
    hosts: string[];
    probe: HealthCheckProbe;
    /** Route53's health check type. */
    type: "HTTP" | "HTTPS";
    port: number;
    path: string;
    /** `https`: the gateway host sent as SNI and `Host`. */
    sniHost?: string;
    requestInterval: number;
    failureThreshold: number;
}

/** The first host of `hosts` that a TLS client can name: not a wildcard. */
export function sniHostOf(hosts: readonly string[]): string | undefined {
    return hosts.find((host) => !host.startsWith("*."));
}

/** Whether Route53 reaches the load balancer of `kind` by its IP address rather than by a name it resolves. */
export function probedByAddress(kind: LoadBalancerKind): boolean {
    return kind === "ipv4" || kind === "ipv6";
}

/**
 * What the provider's `aws.route53.HealthCheck` takes for one planned check of a load balancer at
 * `address`. A load balancer known by a name (AWS load balancers, `hostname`) is probed by that name,
 * which Route53's checkers resolve; one known by an IP, at that IP. `V` is a plain string in tests and
 * a Pulumi input in the component.
 */
export function healthCheckInputs<V>(
    check: HealthCheckPlan,
    kind: LoadBalancerKind,
    address: V,
    tags: Record<string, string>,
): {
    type: "HTTP" | "HTTPS";
    port: number;
    resourcePath: string;
    requestInterval: number;
    failureThreshold: number;
    fqdn?: V | string;
    ipAddress?: V;
    enableSni?: boolean;
    tags: Record<string, string>;
} {
    const common = {
        type: check.type,
        port: check.port,
        resourcePath: check.path,
        requestInterval: check.requestInterval,
        failureThreshold: check.failureThreshold,
        tags,
    };
    if (check.type === "HTTPS") {
        if (!probedByAddress(kind) || check.sniHost === undefined) {
            throw new Error(`an https health check needs a load balancer known by its IP and a host to name; validate the config first`);
        }
        return { ...common, ipAddress: address, fqdn: check.sniHost, enableSni: true };
    }
    return probedByAddress(kind) ? { ...common, ipAddress: address } : { ...common, fqdn: address };
}

/**
 * Addresses Route53 cannot health-check: "local, private, non-routable, or multicast ranges" (RFC 5735,
 * RFC 6598 and RFC 5156, as HealthCheckConfig.IPAddress lists them).
 */
const UNCHECKABLE = (() => {
    const list = new BlockList();
    for (const [network, prefix] of [
        ["0.0.0.0", 8],
        ["10.0.0.0", 8],
        ["100.64.0.0", 10],
        ["127.0.0.0", 8],
        ["169.254.0.0", 16],
        ["172.16.0.0", 12],
        ["192.0.0.0", 24],
        ["192.0.2.0", 24],
        ["192.88.99.0", 24],
        ["192.168.0.0", 16],
        ["198.18.0.0", 15],
        ["198.51.100.0", 24],
        ["203.0.113.0", 24],
        ["224.0.0.0", 4],
        ["240.0.0.0", 4],
    ] as const) {
        list.addSubnet(network, prefix, "ipv4");
    }
    for (const [network, prefix] of [
        ["::", 128],
        ["::1", 128],
        ["64:ff9b::", 96],
        ["2001:db8::", 32],
        ["fc00::", 7],
        ["fe80::", 10],
        ["ff00::", 8],
    ] as const) {
        list.addSubnet(network, prefix, "ipv6");
    }
    return list;
})();

/** Why Route53 cannot health-check the load balancer at `address`, or undefined when it can. */
export function healthCheckAddressProblem(address: string): string | undefined {
    const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
    if (family === undefined || !UNCHECKABLE.check(address, family)) return undefined;
    return (
        `the gateway's load balancer address ${address} is in a private, local or reserved range, which Route53's health ` +
        `checkers on the internet cannot reach (and CreateHealthCheck refuses): set route53.routing.healthCheck.enabled to false`
    );
}

/** What the stack knows of itself when it plans: it names the default set identifier and latency region. */
export interface Deployment {
    project?: string;
    stack?: string;
    /** The stack's `aws:region`: where its cluster and load balancers are. */
    awsRegion?: string;
}

/** The routing config as validated (`route53.routing`). */
type RoutingConfig = import("../config/routing").ResolvedRouting;

/** This stack's routing of its record sets, or undefined for `simple`. Throws where the deployment cannot fill in a default. */
export function planRouting(routing: RoutingConfig, deployment: Deployment): RecordRouting | undefined {
    if (routing.policy === "simple") return undefined;
    let setIdentifier = routing.setIdentifier;
    if (setIdentifier === undefined) {
        if (deployment.project === undefined || deployment.stack === undefined) {
            throw new Error("route53.routing.setIdentifier defaults to <project>-<stack>, which this plan was not given");
        }
        setIdentifier = defaultSetIdentifier(deployment.project, deployment.stack);
    }
    switch (routing.policy) {
        case "weighted":
            return { policy: "weighted", setIdentifier, weight: routing.weight };
        case "failover":
            return { policy: "failover", setIdentifier, failover: routing.failover };
        case "latency": {
            const region = routing.region ?? deployment.awsRegion;
            if (region === undefined) throw new Error("route53.routing.region is required when the stack has no aws:region");
            return { policy: "latency", setIdentifier, region };
        }
    }
}

/** The stack's load balancers: `key` names it, `hosts` are the hosts whose records point at it. */
export interface LoadBalancerHosts {
    key: string;
    hosts: string[];
}

/** One health check per load balancer, or none when the policy is simple or health checks are off. */
export function planHealthChecks(routing: RoutingConfig, loadBalancers: readonly LoadBalancerHosts[]): HealthCheckPlan[] {
    if (routing.policy === "simple" || !routing.healthCheck.enabled) return [];
    const { probe, path, requestInterval, failureThreshold } = routing.healthCheck;
    return loadBalancers
        .filter((loadBalancer) => loadBalancer.hosts.length > 0)
        .map((loadBalancer) =>
            probe === "https"
                ? {
                      key: loadBalancer.key,
                      hosts: loadBalancer.hosts,
                      probe,
                      type: "HTTPS",
                      port: HTTPS_PORT,
                      path: path ?? "/",
                      sniHost: sniHostOf(loadBalancer.hosts),
                      requestInterval,
                      failureThreshold,
                  }
                : {
                      key: loadBalancer.key,
                      hosts: loadBalancer.hosts,
                      probe,
                      type: "HTTP",
                      port: ISTIO_STATUS_PORT,
                      path: path ?? ISTIO_READINESS_PATH,
                      requestInterval,
                      failureThreshold,
                  },
        );
}

/**
 * The routing inputs of the provider's `aws.route53.Record`: the set identifier, the one policy
 * block, and the health check of the record's own load balancer.
 */
export function routingInputs<V>(
    routing: RecordRouting | undefined,
    healthCheckId: V | undefined,
): {
    setIdentifier?: string;
    weightedRoutingPolicies?: Array<{ weight: number }>;
    latencyRoutingPolicies?: Array<{ region: string }>;
    failoverRoutingPolicies?: Array<{ type: FailoverRole }>;
    healthCheckId?: V;
} {
    if (routing === undefined) return {};
    const check = healthCheckId === undefined ? {} : { healthCheckId };
    switch (routing.policy) {
        case "weighted":
            return { setIdentifier: routing.setIdentifier, weightedRoutingPolicies: [{ weight: routing.weight }], ...check };
        case "latency":
            return { setIdentifier: routing.setIdentifier, latencyRoutingPolicies: [{ region: routing.region }], ...check };
        case "failover":
            return { setIdentifier: routing.setIdentifier, failoverRoutingPolicies: [{ type: routing.failover }], ...check };
    }
}

/**
 * Why latency record sets for `region` cannot point at the AWS load balancer at `address`, or
 * undefined: Route53 answers each query with the record set of the region nearest to the client, so
 * it must name the region its load balancer is in (which an AWS load balancer's hostname carries).
 */
export function latencyRegionProblem(routing: RecordRouting | undefined, kind: LoadBalancerKind, address: string): string | undefined {
    // Kind aws: the hostname's form says which of the two it is.
    const aws = kind === "aws" ? awsLoadBalancerOf(address) : kind;
    if (routing?.policy !== "latency" || (aws !== "nlb" && aws !== "classic")) return undefined;
    const actual = regionOfLoadBalancer(aws, address);
    if (actual === undefined || actual === routing.region) return undefined;
    return (
        `the gateway's load balancer ${address} is in ${actual}, but this stack's latency record sets say ${routing.region}: ` +
        `Route53 would send the clients nearest to ${routing.region} there; set route53.routing.region to "${actual}"`
    );
}
