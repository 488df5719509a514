/**
 * What the gateway's load balancer is, and so which Route53 records can point at it.
 * Pure functions: no Pulumi, no I/O.
 */
import { isIPv4, isIPv6 } from "node:net";
import { LoadBalancerKind, LoadBalancerScheme } from "../enums";

/**
 * - `aws`: an AWS load balancer whose kind the annotations cannot tell (no `aws-load-balancer-type`):
 *   a Network Load Balancer where the AWS Load Balancer Controller's webhook claims the Service, a
 *   Classic Load Balancer where the in-tree cloud provider makes it. Alias records either way, to the
 *   canonical zone of the kind its hostname shows once the address is known (at deploy time);
 * - `nlb`: an AWS Network Load Balancer (AWS Load Balancer Controller, or the in-tree `nlb` type):
 *   alias records, canonical zone from `aws.lb.getHostedZoneId({ loadBalancerType: "network" })`;
 * - `classic`: an AWS Classic Load Balancer: alias records, canonical zone from `aws.elb.getHostedZoneId`;
 * - `ipv4` / `ipv6`: an IP address (MetalLB, kube-vip, a cloud that hands out IPs): `A` / `AAAA`;
 * - `hostname`: another DNS name: a `CNAME`, which Route53 refuses at a zone apex.
 */
export const LOAD_BALANCER_KINDS = Object.values(LoadBalancerKind);

/** The AWS load balancers: alias records, to the canonical hosted zone of the load balancer's kind and region. */
export const ALIAS_KINDS: readonly LoadBalancerKind[] = [LoadBalancerKind.Nlb, LoadBalancerKind.Classic, LoadBalancerKind.Aws];

export function isAliasKind(kind: LoadBalancerKind): boolean {
    return ALIAS_KINDS.includes(kind);
}

/** The load balancer the records point at. */
export interface LoadBalancerTarget {
    kind: LoadBalancerKind;
    /** An NLB that also answers on IPv6: alias `AAAA` records beside the `A` records. */
    dualStack: boolean;
    /** The load balancer's scheme: records of an internal one go to private zones only. */
    scheme: LoadBalancerScheme;
}

/** Selects the AWS load balancer for a `type: LoadBalancer` Service (in-tree cloud provider and AWS Load Balancer Controller). */
export const LOAD_BALANCER_TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-type";
/** AWS Load Balancer Controller: `ipv4` (default) or `dualstack`. */
export const IP_ADDRESS_TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-ip-address-type";

/**
 * The load balancer that `aws-load-balancer-type` selects:
 * - `external`: the AWS Load Balancer Controller provisions an NLB;
 * - `nlb-ip`: the same, in the controller's older spelling;
 * - `nlb`: the in-tree cloud provider provisions an NLB (or the controller, when its webhook claimed the Service);
 * - absent: `aws`, told from the address: the controller's webhook (v2.5+, on by default) gives every
 *   new LoadBalancer Service its `loadBalancerClass`, and the controller makes an NLB; without the
 *   controller the in-tree cloud provider makes a Classic Load Balancer.
 * Any other value: undefined (this program cannot tell; `route53.loadBalancer.kind` must say).
 */
const KIND_BY_TYPE_ANNOTATION: Readonly<Record<string, LoadBalancerKind>> = { external: "nlb", "nlb-ip": "nlb", nlb: "nlb" };

/** The kind and dual-stack the Service annotations select, or undefined when they select nothing this program knows. */
export function targetFromAnnotations(annotations: Readonly<Record<string, string>>): Omit<LoadBalancerTarget, "scheme"> | undefined {
    const type = annotations[LOAD_BALANCER_TYPE_ANNOTATION];
    const kind = type === undefined ? LoadBalancerKind.Aws : KIND_BY_TYPE_ANNOTATION[type];
    if (kind === undefined) return undefined;
    // Only the controller reads the ip-address-type annotation: with kind aws, an address that turns out a
    // Classic Load Balancer's has no AAAA to point at, and the deploy-time check says so.
    const dualStack = kind !== LoadBalancerKind.Classic && annotations[IP_ADDRESS_TYPE_ANNOTATION] === "dualstack";
    return { kind, dualStack };
}

/** The configured target, else the one the annotations select; undefined when neither says. */
export function resolveTarget(
    configured: { kind?: LoadBalancerKind; dualStack?: boolean } | undefined,
    annotations: Readonly<Record<string, string>>,
    scheme: LoadBalancerScheme,
): LoadBalancerTarget | undefined {
    const derived = targetFromAnnotations(annotations);
    const kind = configured?.kind ?? derived?.kind;
    if (kind === undefined) return undefined;
    const annotated = derived !== undefined && derived.kind === kind ? derived.dualStack : false;
    return { kind, dualStack: configured?.dualStack ?? (takesDualStack(kind) && annotated), scheme };
}

/** The kinds that may answer on IPv6 beside IPv4: an NLB, or an AWS load balancer that turns out to be one. */
export function takesDualStack(kind: LoadBalancerKind): boolean {
    return kind === LoadBalancerKind.Nlb || kind === LoadBalancerKind.Aws;
}

const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
/** `<name>-<id>.elb.<region>.amazonaws.com` (`.com.cn` in China): internal or internet-facing alike. */
const NLB_HOSTNAME = new RegExp(`^[a-z0-9][a-z0-9-]*\\.elb\\.(${REGION})\\.amazonaws\\.com(?:\\.cn)?$`);
/** `<name>-<id>.<region>.elb.amazonaws.com`, `internal-` prefixed when internal (`.com.cn` in China). */
const CLASSIC_HOSTNAME = new RegExp(`^(?:dualstack\\.)?[a-z0-9][a-z0-9-]*\\.(${REGION})\\.elb\\.amazonaws\\.com(?:\\.cn)?$`);
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** An IPv6 address a record can hold: Node's parser, without a zone index (`%eth0`), which no DNS record carries. */
function isRecordIpv6(address: string): boolean {
    return isIPv6(address) && !address.includes("%");
}

/** The AWS region in a load balancer hostname of `kind`, or undefined. */
export function regionOfLoadBalancer(kind: "nlb" | "classic", address: string): string | undefined {
    return (kind === "nlb" ? NLB_HOSTNAME : CLASSIC_HOSTNAME).exec(address.toLowerCase())?.[1];
}

/** Which AWS load balancer a hostname is, by its form; undefined for anything else. */
export function awsLoadBalancerOf(address: string): "nlb" | "classic" | undefined {
    if (regionOfLoadBalancer("nlb", address) !== undefined) return "nlb";
    if (regionOfLoadBalancer("classic", address) !== undefined) return "classic";
    return undefined;
}

/** The kind an address shows: an IP's family, an AWS load balancer's kind, else `hostname`. */
export function kindOfAddress(address: string): Exclude<LoadBalancerKind, "aws"> {
    if (isIPv4(address)) return "ipv4";
    if (isRecordIpv6(address)) return "ipv6";
    return awsLoadBalancerOf(address) ?? "hostname";
}

const WHAT: Record<LoadBalancerKind, string> = {
    aws: "an AWS load balancer hostname (a Network Load Balancer's <name>.elb.<region>.amazonaws.com or a Classic Load Balancer's <name>.<region>.elb.amazonaws.com)",
    nlb: "an AWS Network Load Balancer hostname (<name>.elb.<region>.amazonaws.com)",
    classic: "an AWS Classic Load Balancer hostname (<name>.<region>.elb.amazonaws.com)",
    ipv4: "an IPv4 address",
    ipv6: "an IPv6 address",
    hostname: "a DNS name",
};

function fits(kind: LoadBalancerKind, address: string): boolean {
    const lower = address.toLowerCase();
    switch (kind) {
        case "aws":
            return awsLoadBalancerOf(lower) !== undefined;
        case "nlb":
        case "classic":
            return regionOfLoadBalancer(kind, lower) !== undefined;
        case "ipv4":
            return isIPv4(address);
        case "ipv6":
            return isRecordIpv6(address);
        case "hostname":
            return HOSTNAME.test(lower) && !/\.\d+$/.test(lower);
    }
}

/**
 * Why the records of `target` cannot point at the gateway's load balancer `address`, or undefined
 * when they can. Checked when the address is known (at deploy time), before any record is written:
 * the records would otherwise point nowhere, or publish a load balancer of the other scheme.
 */
export function addressProblem(target: LoadBalancerTarget, address: string): string | undefined {
    if (address === "") {
        return "the gateway's Service has no load balancer address yet: its status.loadBalancer.ingress is empty (is a load balancer controller running?)";
    }
    const { kind } = target;
    const actually = kindOfAddress(address);
    if (!fits(kind, address)) {
        const alternatives =
            actually === "nlb" || actually === "classic" ? `"aws" (decided from the address) or "${actually}"` : `"${actually}"`;
        return (
            `the gateway's load balancer address "${address}" is not ${WHAT[kind]}, as route53.loadBalancer.kind "${kind}" expects; ` +
            `it looks like kind "${actually}": set route53.loadBalancer.kind to ${alternatives} (or route53.records to false)`
        );
    }
    const classic = kind === "classic" || (kind === "aws" && actually === "classic");
    if (classic) {
        // AWS names an internal Classic Load Balancer internal-<name>-<id>.<region>.elb.amazonaws.com.
        const internal = address
            .toLowerCase()
            .replace(/^dualstack\./, "")
            .startsWith("internal-");
        const scheme: LoadBalancerScheme = internal ? "internal" : "internet-facing";
        if (scheme !== target.scheme) {
            return (
                `the gateway's load balancer "${address}" is an ${scheme} Classic Load Balancer, but istio.loadBalancerScheme is "${target.scheme}": ` +
                `the cloud provider never changes the scheme of a load balancer it has made, so the Service was made before its scheme annotations. ` +
                `Re-create the gateway's Service (its address changes), or set istio.loadBalancerScheme: ${scheme}`
            );
        }
        if (target.dualStack) {
            return (
                `the gateway's load balancer "${address}" is a Classic Load Balancer, which has no IPv6 address for the AAAA records ` +
                `(${IP_ADDRESS_TYPE_ANNOTATION}: dualstack, or route53.loadBalancer.dualStack): the AWS Load Balancer Controller, ` +
                `which reads that annotation, did not make this load balancer; install it, or drop dual-stack`
            );
        }
    }
    return undefined;
}
