import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failMissing, requireComputed } from "../computedValues";
import type { RecordType } from "../enums";
import {
    healthCheckAddressProblem,
    healthCheckInputs,
    HealthCheckPlan,
    latencyRegionProblem,
    probedByAddress,
    RecordRouting,
} from "./routing";
import { DEFAULT_RECORD_TTL, RecordPlan, recordInputs } from "./spec";
import { addressProblem, awsLoadBalancerOf, isAliasKind, LoadBalancerTarget, regionOfLoadBalancer } from "./target";

export interface DnsRecordsArgs {
    /** The records to create, one per host, type and zone (see `planRecords`), each naming its load balancer's health check if it has one. */
    records: Array<RecordPlan & { healthCheck?: string }>;
    /** The hosted zone of every zone a record goes to. */
    zones: Array<{ domain: string; private: boolean; hostedZoneId: pulumi.Input<string> }>;
    /**
     * The gateway's load balancer, as the cluster reports it: the Istio gateway Service's
     * `status.loadBalancer.ingress[0]` hostname or IP, or a Gateway API Gateway's `status.addresses`.
     */
    address: pulumi.Input<string>;
    /**
     * The address of each host's own load balancer, by host, where gateways have their own (the
     * Gateway API: one per Gateway); a host not in it points at `address`.
     * @default every host points at `address`
     */
    hostAddresses?: ReadonlyMap<string, pulumi.Input<string>>;
    /** What the load balancer is, which decides between alias, A/AAAA and CNAME records. */
    target: LoadBalancerTarget;
    /**
     * TTL of records that are not aliases, in seconds.
     * @default 300
     */
    ttl?: number;
    /** What every record waits for: what reports the address (the gateway's Service, or the Gateway). */
    waitFor?: pulumi.Resource[];
    /**
     * What each host's records also wait for, by host: the Certificate that covers it, so that a
     * name leads to the gateway only once the gateway can serve it.
     * @default nothing more
     */
    hostWaitFor?: ReadonlyMap<string, pulumi.Resource[]>;
    /**
     * The AWS provider that writes the records: one for the zones' account when they live in another.
     * @default the component's AWS provider
     */
    provider?: aws.Provider;
    /**
     * How the record sets share their names with other stacks' (set identifier and policy).
     * @default none: simple record sets
     */
    routing?: RecordRouting;
    /**
     * One Route53 health check per load balancer; records reference theirs by `healthCheck`.
     * @default none
     */
    healthChecks?: HealthCheckPlan[];
}

/** One record, as a stack output shows it. */
export interface DnsRecordInfo {
    /** The record's name: the host. */
    name: string;
    type: RecordType;
    /** An alias record (no TTL; answers only while the load balancer has healthy targets). */
    alias: boolean;
    /** What it points at: the load balancer's hostname or IP. */
    target: string;
    /** The zone's domain. */
    zone: string;
    /** The zone is private (the private half of a split-horizon name, or a private zone). */
    private: boolean;
    /** With `route53.routing`: what tells this stack's record set apart from other stacks' of the name. */
    setIdentifier?: string;
}

/**
 * The load balancer's canonical hosted zone, from the provider's per-region table: an NLB's or a
 * Classic Load Balancer's, for kind `aws` the one its hostname shows. Looked up from within the
 * checked address: an address that fails its check makes no lookup, so the failure is the check's
 * own message, not a lookup's argument error.
 */
function aliasZoneId(
    target: LoadBalancerTarget,
    address: pulumi.Output<string>,
    opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string> | undefined {
    if (!isAliasKind(target.kind)) return undefined;
    const configured = target.kind;
    return address.apply((value) => {
        const kind = configured === "aws" ? (awsLoadBalancerOf(value) ?? "classic") : (configured as "nlb" | "classic");
        const region = regionOfLoadBalancer(kind, value) ?? "";
        const lookup =
            kind === "nlb"
                ? {
                      call: `aws.lb.getHostedZoneId({ loadBalancerType: "network", region: "${region}" })`,
                      result: aws.lb.getHostedZoneIdOutput({ loadBalancerType: "network", region }, opts),
                  }
                : { call: `aws.elb.getHostedZoneId({ region: "${region}" })`, result: aws.elb.getHostedZoneIdOutput({ region }, opts) };
        return requireComputed(
            lookup.result.id,
            `the canonical hosted zone of the load balancer ${value}`,
            `${lookup.call} returned no id`,
        );
    });
}

/**
 * Route53 records for the gateway hosts, pointing at the gateway's load balancer: aliases to an AWS
 * load balancer (with `AAAA` beside `A` when it is dual-stack), `A`/`AAAA` to an IP, or a `CNAME`
 * to any other name. Records are never taken over: one that exists already stops `pulumi up` with
 * Route53's "already exists" until it is imported or deleted.
 */
export class DnsRecords extends pulumi.ComponentResource {
    /** Every record: name, type, target and zone. */
    public readonly records: pulumi.Output<DnsRecordInfo[]>;
    /** The record resources, by their plan key (`[private-]<host>-<type>`). */
    public readonly resources: Readonly<Record<string, aws.route53.Record>>;
    /** The health check of each load balancer, by its plan key (the gateway's name, or the gateway release's with Istio's API). */
    public readonly healthChecks: Readonly<Record<string, aws.route53.HealthCheck>>;

    constructor(name: string, args: DnsRecordsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:DnsRecords", name, {}, opts);
        const { target } = args;
        // One checked address and canonical zone per load balancer, shared by the records pointing at it.
        const healthChecked = (args.healthChecks ?? []).length > 0;
        const pointsAt = new Map<
            pulumi.Input<string>,
            { address: pulumi.Output<string>; reported: pulumi.Output<string>; canonicalZoneId?: pulumi.Output<string> }
        >();
        const loadBalancerOf = (host: string) => {
            const input = args.hostAddresses?.get(host) ?? args.address;
            let found = pointsAt.get(input);
            if (!found) {
                // A record to an address of another kind would point nowhere, a latency record set naming another
                // region would draw the wrong clients, and Route53 cannot health-check a private address:
                // fail the update, saying why.
                const address = pulumi.output(input).apply((value) => {
                    const problem =
                        addressProblem(target, value) ??
                        latencyRegionProblem(args.routing, target.kind, value) ??
                        (healthChecked && probedByAddress(target.kind) ? healthCheckAddressProblem(value) : undefined);
                    if (problem && value === "") return failMissing("the records' target", problem);
                    if (problem) throw new Error(problem);
                    return value;
                });
                found = {
                    address,
                    reported: pulumi.output(input),
                    canonicalZoneId: aliasZoneId(target, address, { parent: this, provider: args.provider }),
                };
                pointsAt.set(input, found);
            }
            return found;
        };
        const ttl = args.ttl ?? DEFAULT_RECORD_TTL;

        // By zone once, not a scan of the zones per record; the first of a zone given twice, as before.
        const zoneKey = (zone: { domain: string; private: boolean }) => `${zone.private ? "private" : "public"}:${zone.domain}`;
        const zoneIds = new Map<string, pulumi.Input<string>>();
        for (const zone of args.zones) if (!zoneIds.has(zoneKey(zone))) zoneIds.set(zoneKey(zone), zone.hostedZoneId);
        // The records' own provider: a health check is referenced only by records of its account. It
        // probes the address as reported; the records that reference it refuse one they cannot use.
        const healthChecks: Record<string, aws.route53.HealthCheck> = {};
        for (const check of args.healthChecks ?? []) {
            const { reported: address } = loadBalancerOf(check.hosts[0]);
            const tags = { Name: `${args.routing?.setIdentifier ?? name} ${check.key}` };
            healthChecks[check.key] = new aws.route53.HealthCheck(
                `${name}-health-${check.key}`,
                healthCheckInputs(check, target.kind, address, tags),
                {
                    parent: this,
                    provider: args.provider,
                },
            );
        }
        this.healthChecks = healthChecks;

        const healthCheckOf = (record: DnsRecordsArgs["records"][number]) => {
            if (record.healthCheck === undefined) return undefined;
            const check = healthChecks[record.healthCheck];
            if (!check)
                throw new Error(
                    `record ${record.key} names health check ${record.healthCheck}, which is not among the health checks given`,
                );
            return check.id;
        };

        const resources: Record<string, aws.route53.Record> = {};
        for (const record of args.records) {
            const hostedZoneId = zoneIds.get(zoneKey(record.zone));
            if (hostedZoneId === undefined) {
                throw new Error(`record ${record.key} is in zone ${record.zone.domain}, which is not among the zones given`);
            }
            const { address, canonicalZoneId } = loadBalancerOf(record.host);
            resources[record.key] = new aws.route53.Record(
                `${name}-${record.key}`,
                recordInputs<pulumi.Input<string>>(
                    record,
                    { hostedZoneId, address, aliasZoneId: canonicalZoneId, ttl },
                    { routing: args.routing, healthCheckId: healthCheckOf(record) },
                ),
                {
                    parent: this,
                    provider: args.provider,
                    dependsOn: [...(args.waitFor ?? []), ...(args.hostWaitFor?.get(record.host) ?? [])],
                },
            );
        }
        this.resources = resources;
        // One output per load balancer, not per record: the records share a handful of addresses.
        const loadBalancers = args.records.map((record) => loadBalancerOf(record.host));
        const distinct = [...new Set(loadBalancers)];
        this.records = pulumi.all(distinct.map((loadBalancer) => loadBalancer.address)).apply((values) => {
            const addressOf = new Map(distinct.map((loadBalancer, i) => [loadBalancer, values[i]]));
            return args.records.map((record, i) => ({
                name: record.name,
                type: record.type,
                alias: isAliasKind(target.kind),
                target: addressOf.get(loadBalancers[i]) ?? "",
                zone: record.zone.domain,
                private: record.zone.private,
                ...(args.routing ? { setIdentifier: args.routing.setIdentifier } : {}),
            }));
        });
        this.registerOutputs({ records: this.records });
    }
}
