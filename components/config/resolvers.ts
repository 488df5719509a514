/**
 * Which resolvers cert-manager's DNS-01 self-check must ask (`route53.recursiveNameservers`), by the
 * zones the challenge records go to and where they are visible.
 *
 * Route 53 Resolver (the VPC resolver) answers a name of a domain that has a private hosted zone
 * associated with the VPC from that zone only: "If there's a matching private hosted zone but there's
 * no record that matches the domain name and type in the request, Resolver doesn't forward the
 * request to a public DNS resolver. Instead, it returns NXDOMAIN"
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html,
 * "Public and private hosted zones that have overlapping namespaces"). The challenge records of a
 * split-horizon domain go to its public zone, so inside the VPC they do not exist.
 */
import { field, Issue, list } from "./raw";

/** The VPC resolver's link-local addresses (IPv4, and IPv6 on Nitro instances). */
const VPC_RESOLVER_HOSTS = ["169.254.169.253", "fd00:ec2::253"];

/** The host of a `host:port` or `[v6]:port` resolver; undefined for a DNS-over-HTTPS URL. */
function resolverHost(resolver: string): string | undefined {
    if (/^https:\/\//i.test(resolver)) return undefined;
    const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(resolver);
    if (bracketed) return bracketed[1].toLowerCase();
    return resolver.replace(/:\d+$/, "").toLowerCase();
}

function quotedList(domains: readonly string[]): string {
    return domains.map((domain) => JSON.stringify(domain)).join(", ");
}

/** The problems of `route53.recursiveNameservers` given the zones, with their paths. */
export function recursiveNameserverIssues(route53: unknown): Issue[] {
    const zones = (list(field(route53, "zones")) ?? []).map((zone) => ({
        domain: field(zone, "domain"),
        private: field(zone, "private") === true,
    }));
    const domainsOf = (isPrivate: boolean) =>
        new Set(zones.filter((zone) => zone.private === isPrivate && typeof zone.domain === "string").map((zone) => zone.domain as string));
    const publicDomains = domainsOf(false);
    const privateDomains = [...domainsOf(true)];
    const splitHorizon = privateDomains.filter((domain) => publicDomains.has(domain));
    const privateOnly = privateDomains.filter((domain) => !publicDomains.has(domain));
    const path = ["route53", "recursiveNameservers"];
    const resolvers = field(route53, "recursiveNameservers");

    if (resolvers === undefined) {
        if (splitHorizon.length > 0) {
            return [
                {
                    path,
                    message:
                        `is required with a split-horizon domain (${quotedList(splitHorizon)}): its challenge records go to the public ` +
                        "zone, and the VPC resolver answers the domain from the private zone only, so cert-manager's self-check " +
                        'must ask public resolvers, e.g. ["8.8.8.8:53", "1.1.1.1:53"]',
                },
            ];
        }
        if (privateOnly.length > 0) {
            return [
                {
                    path,
                    message:
                        `is required when a zone is private (${quotedList(privateOnly)}): cert-manager's self-check must ask ` +
                        'resolvers inside the VPC, which see it, e.g. the VPC resolver ["169.254.169.253:53"]',
                },
            ];
        }
        return [];
    }
    if (splitHorizon.length === 0) return [];
    return (list(resolvers) ?? []).flatMap((resolver, index) => {
        const host = typeof resolver === "string" ? resolverHost(resolver) : undefined;
        if (host === undefined || !VPC_RESOLVER_HOSTS.includes(host)) return [];
        return [
            {
                path: [...path, index],
                message:
                    `is the VPC resolver, which answers ${quotedList(splitHorizon)} from the private zone only: it never sees the ` +
                    "challenge records in the public zone, so the challenges would wait forever; give public resolvers, e.g. 8.8.8.8:53",
            },
        ];
    });
}
