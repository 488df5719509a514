/**
 * Route53's rules for record sets and health checks, modelled offline: what ChangeResourceRecordSets
 * and CreateHealthCheck accept, so that the record sets several stacks write to one hosted zone can be
 * checked together, as Route53 would take them, and fail the way Route53 would.
 *
 * The rules and their sources (the API reference, as the AWS SDK's generated model carries it in
 * @aws-sdk/client-route-53, whose enums are the valid values here):
 * - ResourceRecordSet.SetIdentifier: record sets with a routing policy other than simple carry one,
 *   unique within their name and type. (API_ResourceRecordSet)
 * - Weight: 0-255 ("if you set Weight to 0 for all ... equal probability"); "You can't create
 *   latency, failover, or geolocation resource record sets that have the same values for the Name
 *   and Type elements as weighted resource record sets"; at most 100 weighted sets per name and type;
 *   "All of the resource record sets in a group of weighted resource record sets must have the same
 *   value for TTL". (API_ResourceRecordSet: Weight, TTL)
 * - Region: one of ResourceRecordSetRegion; "You can only create one latency resource record set
 *   for each Amazon EC2 Region"; "You can't create non-latency resource record sets that have the
 *   same values for the Name and Type elements as latency resource record sets". (Region)
 * - Failover: PRIMARY or SECONDARY, one of each per name and type; "You can't create non-failover
 *   resource record sets that have the same values ... as failover resource record sets". (Failover)
 * - MultiValueAnswer: "You can't create multivalue answer alias records". (MultiValueAnswer)
 * - HealthCheckId: must name an existing health check (ChangeResourceRecordSets' NoSuchHealthCheck
 *   error); alias records may carry one "instead of or in addition to" EvaluateTargetHealth.
 *   (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-complex-configs.html)
 * - A CNAME shares its name with no other record set (RFC 1034 3.6.2; Route53's own refusal).
 * - A change batch is all or nothing, applied in order: "Route 53 validates the changes in the
 *   request and then either makes all or none of the changes". (API_ChangeResourceRecordSets)
 * - HealthCheckConfig: Type one of HealthCheckType; an IPAddress or a FullyQualifiedDomainName for
 *   HTTP(S) and TCP checks; Port 1-65535; RequestInterval 10 or 30; FailureThreshold 1-10;
 *   ResourcePath and FullyQualifiedDomainName at most 255 characters; Regions of HealthCheckRegion,
 *   at least 3; no IPAddress "in local, private, non-routable, or multicast ranges" (RFC 5735, 6598,
 *   5156), which ipaddr.js classifies. (API_HealthCheckConfig)
 *
 * Error messages: Route53's own wording where it is on public record (the "already exists" and
 * "non-weighted set exists" refusals, e.g. kubernetes-sigs/external-dns issues #3141 and #4345;
 * the CNAME conflicts, e.g. hashicorp/terraform #9732); the others say which rule, in Route53's style.
 */
import {
    HealthCheckRegion,
    HealthCheckType,
    ResourceRecordSetFailover,
    ResourceRecordSetRegion,
    type AliasTarget,
    type HealthCheckConfig,
    type ResourceRecordSet,
} from "@aws-sdk/client-route-53";
import * as ipaddr from "ipaddr.js";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { placeholderHealthCheckId } from "../../testing/placeholders";

/** An error Route53 would answer with: its code (InvalidChangeBatch, InvalidInput, NoSuchHealthCheck...) and message. */
export class Route53Error extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(`${code}: ${message}`);
    }
}

export type ChangeAction = "CREATE" | "UPSERT" | "DELETE";
export interface Change {
    action: ChangeAction;
    recordSet: ResourceRecordSet;
}

type Policy = "simple" | "weighted" | "latency" | "failover" | "multivalue";

const fqdn = (name: string) => `${name.toLowerCase().replace(/\.$/, "")}.`;
const values = (object: Record<string, string>) => new Set(Object.values(object));
const REGIONS = values(ResourceRecordSetRegion);
const FAILOVER_ROLES = values(ResourceRecordSetFailover);
const CHECK_TYPES = values(HealthCheckType);
const CHECKER_REGIONS = values(HealthCheckRegion);

function policyOf(set: ResourceRecordSet): Policy {
    if (set.Weight !== undefined) return "weighted";
    if (set.Region !== undefined) return "latency";
    if (set.Failover !== undefined) return "failover";
    if (set.MultiValueAnswer === true) return "multivalue";
    return "simple";
}

function describe(set: ResourceRecordSet): string {
    const id = set.SetIdentifier === undefined ? "" : `, set-identifier='${set.SetIdentifier}'`;
    return `[name='${fqdn(set.Name ?? "")}', type='${set.Type}'${id}]`;
}

const sameKey = (a: ResourceRecordSet, b: ResourceRecordSet) =>
    fqdn(a.Name ?? "") === fqdn(b.Name ?? "") && a.Type === b.Type && a.SetIdentifier === b.SetIdentifier;

function comparable(set: ResourceRecordSet): string {
    const alias: AliasTarget | undefined = set.AliasTarget && {
        ...set.AliasTarget,
        DNSName: fqdn(set.AliasTarget.DNSName ?? ""),
    };
    return JSON.stringify({ ...set, Name: fqdn(set.Name ?? ""), AliasTarget: alias });
}

/** One account's Route53: hosted zones and their record sets, and health checks. */
export class Route53 {
    private readonly zones = new Map<string, { name: string; sets: ResourceRecordSet[] }>();
    private readonly checks = new Map<string, HealthCheckConfig>();

    createHostedZone(id: string, name: string): void {
        this.zones.set(id, { name: fqdn(name), sets: [] });
    }

    recordSets(zoneId: string): readonly ResourceRecordSet[] {
        return this.zone(zoneId).sets;
    }

    healthCheck(id: string): HealthCheckConfig | undefined {
        return this.checks.get(id);
    }

    createHealthCheck(id: string, config: HealthCheckConfig): void {
        const problem = healthCheckProblem(config);
        if (problem) throw new Route53Error("InvalidInput", problem);
        this.checks.set(id, config);
    }

    deleteHealthCheck(id: string): void {
        if (!this.checks.delete(id)) throw new Route53Error("NoSuchHealthCheck", `A health check with id ${id} does not exist.`);
    }

    /** ChangeResourceRecordSets: every change in order on a copy of the zone, kept only when all are valid. */
    changeResourceRecordSets(zoneId: string, changes: readonly Change[]): void {
        const zone = this.zone(zoneId);
        const sets = [...zone.sets];
        for (const { action, recordSet } of changes) {
            this.validate(zone.name, recordSet);
            const index = sets.findIndex((set) => sameKey(set, recordSet));
            if (action === "DELETE") {
                if (index < 0) {
                    throw new Route53Error(
                        "InvalidChangeBatch",
                        `Tried to delete resource record set ${describe(recordSet)} but it was not found`,
                    );
                }
                if (comparable(sets[index]) !== comparable(recordSet)) {
                    throw new Route53Error(
                        "InvalidChangeBatch",
                        `Tried to delete resource record set ${describe(recordSet)} but the values provided do not match the current values`,
                    );
                }
                sets.splice(index, 1);
                continue;
            }
            if (action === "CREATE" && index >= 0) {
                throw new Route53Error(
                    "InvalidChangeBatch",
                    `Tried to create resource record set ${describe(recordSet)} but it already exists`,
                );
            }
            const others = sets.filter((_, i) => i !== index);
            const problem = groupProblem(zone.name, others, recordSet);
            if (problem) throw new Route53Error("InvalidChangeBatch", problem);
            if (index >= 0) sets[index] = recordSet;
            else sets.push(recordSet);
        }
        zone.sets = sets;
    }

    private zone(id: string) {
        const zone = this.zones.get(id);
        if (!zone) throw new Route53Error("NoSuchHostedZone", `No hosted zone found with ID: ${id}`);
        return zone;
    }

    /** What Route53 checks of one record set on its own (InvalidInput), and its health check (NoSuchHealthCheck). */
    private validate(zoneName: string, set: ResourceRecordSet): void {
        const name = fqdn(set.Name ?? "");
        if (name !== zoneName && !name.endsWith(`.${zoneName}`)) {
            throw new Route53Error("InvalidChangeBatch", `RRSet with DNS name ${name} is not permitted in zone ${zoneName}`);
        }
        const policy = policyOf(set);
        const routingFields = [set.Weight, set.Region, set.Failover, set.MultiValueAnswer || undefined].filter((v) => v !== undefined);
        const invalid = (message: string) => new Route53Error("InvalidInput", `Invalid request: ${message} in ${describe(set)}`);
        if (routingFields.length > 1) throw invalid("more than one routing policy");
        if (policy === "simple" && set.SetIdentifier !== undefined) throw invalid("a SetIdentifier without a routing policy");
        if (policy !== "simple" && (set.SetIdentifier === undefined || set.SetIdentifier.length < 1 || set.SetIdentifier.length > 128)) {
            throw invalid("a routing policy needs a SetIdentifier of 1-128 characters");
        }
        if (set.Weight !== undefined && (!Number.isInteger(set.Weight) || set.Weight < 0 || set.Weight > 255)) {
            throw invalid(`Weight ${set.Weight} is not a whole number from 0 to 255`);
        }
        if (set.Region !== undefined && !REGIONS.has(set.Region)) throw invalid(`Region ${set.Region} is not a latency region`);
        if (set.Failover !== undefined && !FAILOVER_ROLES.has(set.Failover))
            throw invalid(`Failover ${set.Failover} is not PRIMARY or SECONDARY`);
        const alias = set.AliasTarget !== undefined;
        const plain = set.ResourceRecords !== undefined || set.TTL !== undefined;
        if (alias === plain) throw invalid("exactly one of AliasTarget, or TTL with ResourceRecords, must be given");
        if (plain && (set.TTL === undefined || (set.ResourceRecords ?? []).length === 0))
            throw invalid("TTL and ResourceRecords go together");
        if (alias && set.MultiValueAnswer === true) throw invalid("multivalue answer alias records are not supported");
        if (alias && typeof set.AliasTarget?.EvaluateTargetHealth !== "boolean") throw invalid("an alias needs EvaluateTargetHealth");
        if (set.HealthCheckId !== undefined && !this.checks.has(set.HealthCheckId)) {
            throw new Route53Error("NoSuchHealthCheck", `No health check exists with the ID ${set.HealthCheckId}`);
        }
    }
}

/** Why `set` cannot join the other record sets of its zone, or undefined. */
function groupProblem(zoneName: string, others: readonly ResourceRecordSet[], set: ResourceRecordSet): string | undefined {
    const name = fqdn(set.Name ?? "");
    const atName = others.filter((other) => fqdn(other.Name ?? "") === name);
    const cname = atName.find((other) => other.Type === "CNAME");
    if (set.Type !== "CNAME" && cname) {
        return `RRSet of type ${set.Type} with DNS name ${name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zoneName}`;
    }
    if (set.Type === "CNAME" && atName.some((other) => other.Type !== "CNAME")) {
        return `RRSet of type CNAME with DNS name ${name} is not permitted as it conflicts with other records with the same DNS name in zone ${zoneName}`;
    }
    const group = atName.filter((other) => other.Type === set.Type);
    if (group.length === 0) return undefined;
    const policy = policyOf(set);
    const existing = policyOf(group[0]);
    if (policy !== existing) {
        return policy === "simple"
            ? `RRSet with DNS name ${name}, type ${set.Type} cannot be created as ${existing} sets exist with the same name and type.`
            : `RRSet with DNS name ${name}, type ${set.Type}, SetIdentifier ${set.SetIdentifier} cannot be created as a non-${policy} set exists with the same name and type.`;
    }
    if (policy === "simple") return undefined;
    if (policy === "failover" && group.some((other) => other.Failover === set.Failover)) {
        return `RRSet with DNS name ${name}, type ${set.Type}, SetIdentifier ${set.SetIdentifier} cannot be created as a ${set.Failover} failover set exists with the same name and type.`;
    }
    if (policy === "latency" && group.some((other) => other.Region === set.Region)) {
        return `RRSet with DNS name ${name}, type ${set.Type}, SetIdentifier ${set.SetIdentifier} cannot be created as a latency set for region ${set.Region} exists with the same name and type.`;
    }
    if (policy === "weighted") {
        if (group.length >= 100) return `RRSet with DNS name ${name}, type ${set.Type} cannot have more than 100 weighted sets.`;
        const ttl = group.find((other) => other.TTL !== set.TTL && other.AliasTarget === undefined && set.AliasTarget === undefined);
        if (ttl) {
            return `RRSet with DNS name ${name}, type ${set.Type}, SetIdentifier ${set.SetIdentifier} has TTL ${set.TTL}, but the weighted sets of the same name and type have TTL ${ttl.TTL}.`;
        }
    }
    return undefined;
}

/** Why CreateHealthCheck refuses `config`, or undefined. */
export function healthCheckProblem(config: HealthCheckConfig): string | undefined {
    if (!CHECK_TYPES.has(config.Type ?? "")) return `Type ${config.Type} is not a health check type`;
    const endpoint = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"].includes(config.Type ?? "");
    if (!endpoint) return undefined;
    if (config.IPAddress === undefined && config.FullyQualifiedDomainName === undefined) {
        return "an endpoint health check needs an IPAddress or a FullyQualifiedDomainName";
    }
    if (config.IPAddress !== undefined) {
        if (!ipaddr.isValid(config.IPAddress)) return `IPAddress ${config.IPAddress} is not an IP address`;
        const range = ipaddr.parse(config.IPAddress).range();
        if (range !== "unicast") return `IPAddress ${config.IPAddress} is in a ${range} range, which Route53 cannot check`;
    }
    if (config.Port !== undefined && (!Number.isInteger(config.Port) || config.Port < 1 || config.Port > 65535))
        return `Port ${config.Port} is invalid`;
    if (config.RequestInterval !== undefined && config.RequestInterval !== 10 && config.RequestInterval !== 30) {
        return `RequestInterval ${config.RequestInterval} must be 10 or 30`;
    }
    if (
        config.FailureThreshold !== undefined &&
        (!Number.isInteger(config.FailureThreshold) || config.FailureThreshold < 1 || config.FailureThreshold > 10)
    ) {
        return `FailureThreshold ${config.FailureThreshold} must be 1-10`;
    }
    if ((config.ResourcePath ?? "").length > 255) return "ResourcePath is longer than 255 characters";
    if ((config.FullyQualifiedDomainName ?? "").length > 255) return "FullyQualifiedDomainName is longer than 255 characters";
    if (config.Regions !== undefined && (config.Regions.length < 3 || config.Regions.some((region) => !CHECKER_REGIONS.has(region)))) {
        return `Regions must be at least 3 of ${[...CHECKER_REGIONS].join(", ")}`;
    }
    return undefined;
}

// ---------------------------------------------------------------- what a stack sends

const RECORD = "aws:route53/record:Record";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
type Inputs = Record<string, unknown>;
const first = (value: unknown) => (Array.isArray(value) ? (value[0] as Inputs | undefined) : undefined);

/**
 * The ResourceRecordSet the AWS provider sends for an `aws.route53.Record`'s inputs (terraform-provider-aws
 * `internal/service/route53/record.go`, expandResourceRecordSet).
 */
export function recordSetOf(inputs: Inputs): ResourceRecordSet {
    const alias = first(inputs.aliases);
    const set: ResourceRecordSet = { Name: String(inputs.name), Type: String(inputs.type) as ResourceRecordSet["Type"] };
    if (Array.isArray(inputs.records)) {
        set.ResourceRecords = inputs.records.map((value) => ({ Value: String(value) }));
        if (typeof inputs.ttl === "number") set.TTL = inputs.ttl;
    }
    if (alias) {
        set.AliasTarget = {
            DNSName: String(alias.name),
            HostedZoneId: String(alias.zoneId),
            EvaluateTargetHealth: alias.evaluateTargetHealth as boolean,
        };
    }
    const weighted = first(inputs.weightedRoutingPolicies);
    const latency = first(inputs.latencyRoutingPolicies);
    const failover = first(inputs.failoverRoutingPolicies);
    if (weighted) set.Weight = weighted.weight as number;
    if (latency) set.Region = latency.region as ResourceRecordSet["Region"];
    if (failover) set.Failover = failover.type as ResourceRecordSet["Failover"];
    if (inputs.multivalueAnswerRoutingPolicy === true) set.MultiValueAnswer = true;
    if (typeof inputs.setIdentifier === "string") set.SetIdentifier = inputs.setIdentifier;
    if (typeof inputs.healthCheckId === "string") set.HealthCheckId = inputs.healthCheckId;
    return set;
}

/** The HealthCheckConfig the AWS provider sends for an `aws.route53.HealthCheck`'s inputs (health_check.go). */
export function healthCheckConfigOf(inputs: Inputs): HealthCheckConfig {
    const text = (key: string) => (typeof inputs[key] === "string" ? inputs[key] : undefined);
    const number = (key: string) => (typeof inputs[key] === "number" ? inputs[key] : undefined);
    const config: HealthCheckConfig = {
        Type: text("type") as HealthCheckConfig["Type"],
        FullyQualifiedDomainName: text("fqdn"),
        IPAddress: text("ipAddress"),
        Port: number("port"),
        ResourcePath: text("resourcePath"),
        RequestInterval: number("requestInterval"),
        FailureThreshold: number("failureThreshold"),
        EnableSNI: typeof inputs.enableSni === "boolean" ? inputs.enableSni : undefined,
        Regions: Array.isArray(inputs.regions) ? (inputs.regions as HealthCheckConfig["Regions"]) : undefined,
    };
    return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as HealthCheckConfig;
}

export interface StackRecord {
    urn: string;
    zoneId: string;
    recordSet: ResourceRecordSet;
}

/** A stack's record sets, as its `aws.route53.Record` resources would write them. */
export function stackRecords(result: SynthResult): StackRecord[] {
    return result.resources
        .filter((resource) => resource.type === RECORD)
        .map((resource) => ({ urn: resource.urn, zoneId: String(resource.inputs.zoneId), recordSet: recordSetOf(resource.inputs) }));
}

/** A stack's health checks, by the ID Route53 gives each (the synth placeholder's). */
export function stackHealthChecks(result: SynthResult): Array<{ id: string; resource: SynthResource; config: HealthCheckConfig }> {
    return result.resources
        .filter((resource) => resource.type === HEALTH_CHECK)
        .map((resource) => ({
            id: placeholderHealthCheckId(result.stack, resource.name),
            resource,
            config: healthCheckConfigOf(resource.inputs),
        }));
}

/**
 * `pulumi up` of a new stack: its health checks, then each record created on its own, with CREATE
 * (`allowOverwrite: false`), as the provider's resourceRecordCreate does.
 */
export function upNewStack(route53: Route53, result: SynthResult): void {
    for (const check of stackHealthChecks(result)) route53.createHealthCheck(check.id, check.config);
    for (const record of stackRecords(result))
        route53.changeResourceRecordSets(record.zoneId, [{ action: "CREATE", recordSet: record.recordSet }]);
}

/**
 * `pulumi up` of a stack from `before` to `after`: new health checks first; each record kept under
 * its URN updated in place as the provider's resourceRecordUpdate does it (an UPSERT, or, when the
 * type or set identifier changes, the old set's DELETE and the new one's CREATE in one change batch);
 * a record under a new URN created before the old one is deleted (Pulumi's create-before-delete).
 */
export function upUpdatedStack(route53: Route53, before: SynthResult, after: SynthResult): void {
    const existingChecks = new Set(stackHealthChecks(before).map((check) => check.id));
    for (const check of stackHealthChecks(after)) if (!existingChecks.has(check.id)) route53.createHealthCheck(check.id, check.config);
    const old = new Map(stackRecords(before).map((record) => [record.urn, record]));
    const kept = new Set<string>();
    for (const record of stackRecords(after)) {
        const previous = old.get(record.urn);
        if (previous === undefined) {
            route53.changeResourceRecordSets(record.zoneId, [{ action: "CREATE", recordSet: record.recordSet }]);
            continue;
        }
        kept.add(record.urn);
        const replaced =
            previous.recordSet.Type !== record.recordSet.Type || previous.recordSet.SetIdentifier !== record.recordSet.SetIdentifier;
        route53.changeResourceRecordSets(
            record.zoneId,
            replaced
                ? [
                      { action: "DELETE", recordSet: previous.recordSet },
                      { action: "CREATE", recordSet: record.recordSet },
                  ]
                : [{ action: "UPSERT", recordSet: record.recordSet }],
        );
    }
    for (const [urn, record] of old)
        if (!kept.has(urn)) route53.changeResourceRecordSets(record.zoneId, [{ action: "DELETE", recordSet: record.recordSet }]);
}

/**
 * The TXT record set cert-manager's Route53 solver writes for a DNS-01 challenge (`Present`: UPSERT)
 * and removes (`CleanUp`: DELETE): a multivalue answer whose set identifier is the quoted value
 * itself, TTL 10 (cert-manager v1.21.1 pkg/issuer/acme/dns/route53/route53.go, newTXTRecordSet).
 */
export function challengeChange(action: "UPSERT" | "DELETE", fqdnName: string, value: string): Change {
    const quoted = `"${value}"`;
    return {
        action,
        recordSet: {
            Name: fqdnName,
            Type: "TXT",
            TTL: 10,
            MultiValueAnswer: true,
            SetIdentifier: quoted,
            ResourceRecords: [{ Value: quoted }],
        },
    };
}
