import type { Route53Args } from "../../components/args";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { minimalArgs, ofType, synthComponent } from "../support/harness";

export const CREDENTIALS = "istio-acme-ingress:index:Route53Credentials";
export const RELEASE = "kubernetes:helm.sh/v3:Release";
export const ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
export const SECRET = "kubernetes:core/v1:Secret";
export const ROLE = "aws:iam/role:Role";
export const POD_IDENTITY = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
export const ROTATING = "time:index/rotating:Rotating";
export const ACCESS_KEY = "aws:iam/accessKey:AccessKey";
export const ACCESS_KEY_USER = "aws:iam/user:User";

export const OIDC_PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ca-central-1.amazonaws.com/id/ABC";
export const DNS_ROLE_ARN = "arn:aws:iam::210987654321:role/dns01";
export const ZONE_ID = "Z0123456789ABCDEFGHIJ";

/** The component with the minimal args and this `route53` section. */
export function synthRoute53(route53: Partial<Route53Args>): Promise<SynthResult> {
    // Without the hosts' records: these tests count the AWS resources of the credentials alone.
    return synthComponent(
        minimalArgs({ route53: { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }], records: false, ...route53 } }),
    );
}

/** The types Route53Credentials registers as its children, sorted. */
export function credentialTypes(result: SynthResult): string[] {
    const component = result.resources.find((r) => r.type === CREDENTIALS);
    if (!component) throw new Error("no Route53Credentials");
    return result.resources
        .filter((r) => r.parent === component.urn)
        .map((r) => r.type)
        .sort();
}

export function certManagerRelease(result: SynthResult): SynthResource {
    const matches = ofType(result, RELEASE).filter((r) => r.inputs.name === "cert-manager");
    if (matches.length !== 1) throw new Error(`expected one cert-manager release, found ${matches.length}`);
    return matches[0];
}

export function solvers(result: SynthResult): Array<{ dns01: { route53: Record<string, unknown> } }> {
    const [issuer] = ofType(result, ISSUER);
    return ((issuer.inputs.spec as { acme: { solvers: unknown } }).acme.solvers ?? []) as Array<{
        dns01: { route53: Record<string, unknown> };
    }>;
}

export function jsonInput<T>(resource: SynthResource, key: string): T {
    return JSON.parse(String(resource.inputs[key])) as T;
}
