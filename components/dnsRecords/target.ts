/**
 * What the gateway's load balancer is, and so which Route53 records can point at it.
 * Pure functions: no Pulumi, no I/O.
 */
import { isIPv4, isIPv6 } from "node:net";
import { LoadBalancerKind } from "../enums";

/**
 * - `nlb`: an AWS Network Load Balancer (AWS Load Balancer Controller, or the in-tree `nlb` type):
 *   alias records, canonical zone from `aws.lb.getHostedZoneId({ loadBalancerType: "network" })`;
 * - `classic`: an AWS Classic Load Balancer (the in-tree default on AWS): alias records, canonical
 *   zone from `aws.elb.getHostedZoneId`;
 * - `ipv4` / `ipv6`: an IP address (MetalLB, kube-vip, a cloud that hands out IPs): `A` / `AAAA`;
 * - `hostname`: another DNS name: a `CNAME`, which Route53 refuses at a zone apex.
 */
export const LOAD_BALANCER_KINDS = Object.values(LoadBalancerKind);

export const ALIAS_KINDS: readonly LoadBalancerKind[] = ["nlb", "classic"];

export function isAliasKind(kind: LoadBalancerKind): boolean {
    return ALIAS_KINDS.includes(kind);
}

/** The load balancer the records point at. */
export interface LoadBalancerTarget {
    kind: LoadBalancerKind;
    /** An NLB that also answers on IPv6: alias `AAAA` records beside the `A` records. */
    dualStack: boolean;
}

/** Selects the AWS load balancer for a `type: LoadBalancer` Service (in-tree cloud provider and AWS Load Balancer Controller). */
export const LOAD_BALANCER_TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-type";
/** AWS Load Balancer Controller: `ipv4` (default) or `dualstack`. */
export const IP_ADDRESS_TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-ip-address-type";

/**
 * The load balancer that `aws-load-balancer-type` selects:
 * - `external`: the AWS Load Balancer Controller provisions an NLB;
 * - `nlb-ip`: the same, in the controller's older spelling;
 * - `nlb`: the in-tree cloud provider provisions an NLB (or the controller, when it handles `nlb`);
 * - absent: the in-tree cloud provider provisions a Classic Load Balancer.
 * Any other value: undefined (this program cannot tell; `route53.loadBalancer.kind` must say).
 */
const KIND_BY_TYPE_ANNOTATION: Readonly<Record<string, LoadBalancerKind>> = { external: "nlb", "nlb-ip": "nlb", nlb: "nlb" };

/** The target the Service annotations select, or undefined when they select nothing this program knows. */
export function targetFromAnnotations(annotations: Readonly<Record<string, string>>): LoadBalancerTarget | undefined {
    const type = annotations[LOAD_BALANCER_TYPE_ANNOTATION];
    const kind = type === undefined ? "classic" : KIND_BY_TYPE_ANNOTATION[type];
    if (kind === undefined) return undefined;
    return { kind, dualStack: kind === "nlb" && annotations[IP_ADDRESS_TYPE_ANNOTATION] === "dualstack" };
}

/** The configured target, else the one the annotations select; undefined when neither says. */
export function resolveTarget(
    configured: { kind?: LoadBalancerKind; dualStack?: boolean } | undefined,
    annotations: Readonly<Record<string, string>>,
): LoadBalancerTarget | undefined {
    const derived = targetFromAnnotations(annotations);
    const kind = configured?.kind ?? derived?.kind;
    if (kind === undefined) return undefined;
    const dualStack = configured?.dualStack ?? (kind === "nlb" && derived?.kind === "nlb" ? derived.dualStack : false);
    return { kind, dualStack };
}

const REGION = "[a-z]{2}(?:-[a-z]+)+-\\d";
/** `<name>-<id>.elb.<region>.amazonaws.com` (`.com.cn` in China). */
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

const WHAT: Record<LoadBalancerKind, string> = {
    nlb: "an AWS Network Load Balancer hostname (<name>.elb.<region>.amazonaws.com)",
    classic: "an AWS Classic Load Balancer hostname (<name>.<region>.elb.amazonaws.com)",
    ipv4: "an IPv4 address",
    ipv6: "an IPv6 address",
    hostname: "a DNS name",
};

/**
 * Why the gateway's load balancer `address` cannot be the target of `kind`, or undefined when it can.
 * Checked when the address is known (at deploy time): the records would otherwise point nowhere.
 */
export function addressProblem(kind: LoadBalancerKind, address: string): string | undefined {
    const lower = address.toLowerCase();
    const fits =
        kind === "nlb" || kind === "classic"
            ? regionOfLoadBalancer(kind, lower) !== undefined
            : kind === "ipv4"
              ? isIPv4(address)
              : kind === "ipv6"
                ? isRecordIpv6(address)
                : HOSTNAME.test(lower) && !/\.\d+$/.test(lower);
    if (fits) return undefined;
    if (address === "") {
        return "the gateway's Service has no load balancer address yet: its status.loadBalancer.ingress is empty (is a load balancer controller running?)";
    }
    const actually = isIPv4(address)
        ? "ipv4"
        : isRecordIpv6(address)
          ? "ipv6"
          : regionOfLoadBalancer("nlb", lower)
            ? "nlb"
            : regionOfLoadBalancer("classic", lower)
              ? "classic"
              : "hostname";
    return `the gateway's load balancer address "${address}" is not ${WHAT[kind]}, as route53.loadBalancer.kind "${kind}" expects; it looks like kind "${actually}": set route53.loadBalancer.kind to "${actually}" (or route53.records to false)`;
}
