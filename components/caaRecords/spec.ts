/**
 * Which CAA records (RFC 8659) guard the hosts' zones, and what they say. Pure: no Pulumi, no I/O.
 *
 * A CA looks for the "relevant" CAA record set of a name by climbing the tree: the name's own set,
 * else its parent's, up to the top-level domain (RFC 8659 section 3), the wildcard `*.x` from `x`.
 * Every name this stack certifies lies in one of its zones, so every climb passes the zone's apex:
 * one record set there is the relevant set of every name of the zone, unless a name on the way
 * (between a host and its apex) has a CAA set of its own, or is a CNAME to a name that has one.
 */
import { isWildcard, zoneOfHost } from "../config/dns";
import type { RecordZone } from "../dnsRecords/spec";

/** The ACME challenge type of every order this stack places (cert-manager's DNS-01 solvers only). */
export const VALIDATION_METHOD = "dns-01";

/** Flags 0: no record is critical (RFC 8659 section 4.1); every CA understands `issue` and `issuewild`. */
const FLAGS = 0;

/** The CAA records of one zone apex. */
export interface CaaRecordSetPlan {
    /** Pulumi resource name suffix, unique and stable: the zone's domain. */
    key: string;
    /** The record set's name: the zone's apex. */
    name: string;
    zone: RecordZone;
    /** The zone serves a wildcard host: `issuewild` allows the CA, else it allows none. */
    wildcards: boolean;
    /**
     * The names below the apex that a CA climbing from one of the zone's hosts asks before the apex
     * (a host itself, a wildcard's base domain, and their parents), each with the hosts that pass it:
     * a CAA set of its own there would be the relevant one instead of the apex's.
     */
    namesOnTheWay: Array<{ name: string; hosts: string[] }>;
}

/** The CAA records of a stack: the policy they state, and where. */
export interface CaaPlan {
    /** The configured CA's CAA domain (RFC 8659 `issuer-domain-name`). */
    issuerDomain: string;
    /** Restrict the CA's records to this stack's ACME account (RFC 8657 `accounturi`), known once the issuer is Ready. */
    pinAccount: boolean;
    /** Other ACME accounts of the same CA allowed beside this stack's own (with `pinAccount`). */
    accountUris: string[];
    /** CAA domains of other CAs allowed to issue in any way. */
    otherIssuers: string[];
    recordSets: CaaRecordSetPlan[];
    ttl: number;
    /** A role in the zones' account that writes the records, when they live in another account. */
    roleArn?: string;
}

/**
 * One record set at the apex of each public zone that holds a host. A private zone gets none: a CA
 * reads public DNS (the private half of a split-horizon name is never asked).
 */
export function planCaaRecordSets(
    zones: ReadonlyArray<{ domain: string; private: boolean }>,
    hosts: readonly string[],
): CaaRecordSetPlan[] {
    const domains = zones.map((zone) => zone.domain);
    const hostsByZone = new Map<string, string[]>();
    for (const host of hosts) {
        const zone = zoneOfHost(host, domains);
        if (zone !== undefined) hostsByZone.set(zone, [...(hostsByZone.get(zone) ?? []), host]);
    }
    return zones
        .filter((zone) => !zone.private && hostsByZone.has(zone.domain))
        .map((zone) => ({
            key: zone.domain,
            name: zone.domain,
            zone: { domain: zone.domain, private: false },
            wildcards: (hostsByZone.get(zone.domain) ?? []).some(isWildcard),
            namesOnTheWay: namesOnTheWay(zone.domain, hostsByZone.get(zone.domain) ?? []),
        }));
}

/** Each name strictly below `apex` that the climb from a host of the zone visits, in host order. */
function namesOnTheWay(apex: string, hosts: readonly string[]): CaaRecordSetPlan["namesOnTheWay"] {
    const byName = new Map<string, string[]>();
    for (const host of hosts) {
        // RFC 8659 section 3: a wildcard *.x is looked up from x.
        let name = isWildcard(host) ? host.slice(2) : host;
        while (name !== apex && name.endsWith(`.${apex}`)) {
            byName.set(name, [...(byName.get(name) ?? []), host]);
            name = name.slice(name.indexOf(".") + 1);
        }
    }
    return [...byName].map(([name, passing]) => ({ name, hosts: passing }));
}

/**
 * A regular expression (Go's RE2, which the provider applies) matching Route53's record names
 * (with their trailing dot) of exactly `names`: checked DNS names, whose only special character is ".".
 */
export function nameRegexOf(names: readonly string[]): string {
    return `^(${names.map((name) => name.replaceAll(".", "\\.")).join("|")})\\.?$`;
}

/**
 * The problem with CAA record sets found below the apex on the way from the zone's hosts (Route53's
 * record sets as `aws.route53.getRecords` lists them: names with a trailing dot), which a CA would
 * read instead of the apex's; undefined when there are none. They are not this stack's to change.
 */
export function caaSetsOnTheWayProblem(
    set: CaaRecordSetPlan,
    recordSets: ReadonlyArray<{ name: string; type: string }>,
): string | undefined {
    const found = new Set(
        recordSets.filter((record) => record.type === "CAA").map((record) => record.name.toLowerCase().replace(/\.$/, "")),
    );
    const inTheWay = set.namesOnTheWay.filter((entry) => found.has(entry.name));
    if (inTheWay.length === 0) return undefined;
    const listed = inTheWay.map((entry) => `${entry.name} (before the apex for ${entry.hosts.join(", ")})`).join("; ");
    return (
        `route53.caa: zone ${set.zone.domain} already has CAA records below its apex, which a CA reads instead of the apex's ` +
        `(RFC 8659 section 3): ${listed}. This stack does not change them: delete them, or turn route53.caa off and keep ` +
        `your own CAA records`
    );
}

/** One CAA record in Route53's presentation form: `0 issue "letsencrypt.org; validationmethods=dns-01"`. */
function record(tag: "issue" | "issuewild", value: string): string {
    return `${FLAGS} ${tag} "${value}"`;
}

/**
 * The values of one zone's record set. `accountUri` is this stack's ACME account, required when the
 * plan pins it. For the configured CA: `issue` (and `issuewild` where a wildcard is served) by DNS-01
 * only, once per allowed account when pinned; elsewhere `issuewild ";"` (RFC 8659 section 4.3: no CA
 * may issue a wildcard). Other CAs get `issue` and `issuewild` without parameters.
 */
export function caaRecordValues(plan: CaaPlan, set: CaaRecordSetPlan, accountUri?: string): string[] {
    if (plan.pinAccount && accountUri === undefined) throw new Error("the CAA records pin the ACME account, whose URI is not known");
    const parameters = [`validationmethods=${VALIDATION_METHOD}`];
    const accounts = plan.pinAccount ? [accountUri as string, ...plan.accountUris.filter((uri) => uri !== accountUri)] : [undefined];
    const ours = accounts.map((account) => [plan.issuerDomain, ...parameters, ...(account ? [`accounturi=${account}`] : [])].join("; "));
    const issuewild = set.wildcards ? ours : [];
    const others = plan.otherIssuers;
    return [
        ...ours.map((value) => record("issue", value)),
        ...others.map((issuer) => record("issue", issuer)),
        ...issuewild.map((value) => record("issuewild", value)),
        ...others.map((issuer) => record("issuewild", issuer)),
        ...(issuewild.length === 0 && others.length === 0 ? [record("issuewild", ";")] : []),
    ];
}

/**
 * What the provider's `aws.route53.Record` takes for one record set: never a takeover of an existing
 * CAA set (Route53 then answers "already exists"). `V` is a plain string in tests and a Pulumi input
 * in the component.
 */
export function caaRecordInputs<V, R>(
    set: CaaRecordSetPlan,
    target: { hostedZoneId: V; records: R; ttl: number },
): { zoneId: V; name: string; type: "CAA"; ttl: number; records: R; allowOverwrite: false } {
    return { zoneId: target.hostedZoneId, name: set.name, type: "CAA", ttl: target.ttl, records: target.records, allowOverwrite: false };
}
