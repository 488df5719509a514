import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * Deterministic stand-ins for what a cluster and AWS would return to IstioAcmeIngress, so that synth
 * output is the same on every machine and every run. Every value is recognisably fake. Synth and a
 * library user's unit tests use the same answers: `ingressMocks()` (exported as
 * `istio-acme-ingress/testing`).
 */

export const PLACEHOLDER_ACCOUNT_ID = "123456789012";
/** What the mock IAM access key's secret is; it must never appear in synth output. */
export const PLACEHOLDER_SECRET_ACCESS_KEY = "PLACEHOLDER-SECRET-ACCESS-KEY-never-printed";

/** When every mock clock starts: the creation time of time.Rotating resources. */
export const PLACEHOLDER_NOW = "2026-01-01T00:00:00Z";

function digest(text: string, length: number, alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"): string {
    const bytes = createHash("sha256").update(text).digest();
    let out = "";
    for (let i = 0; out.length < length; i++) out += alphabet[bytes[i % bytes.length] % alphabet.length];
    return out;
}

/** A Route53 hosted zone ID derived from the zone's name. */
export function placeholderZoneId(domain: string): string {
    return `Z${digest(`zone:${domain}`, 20)}`;
}

/**
 * The canonical hosted zones of AWS load balancers, by region, as the AWS provider's
 * `aws.lb.getHostedZoneId` / `aws.elb.getHostedZoneId` return them (their tables follow
 * https://docs.aws.amazon.com/general/latest/gr/elb.html#elb_region): real values, so that synth
 * shows the alias records a deployment would create.
 */
const LOAD_BALANCER_ZONES: Record<string, { applicationOrClassic: string; network: string }> = {
    "us-east-1": { applicationOrClassic: "Z35SXDOTRQ7X7K", network: "Z26RNL4JYFTOTI" },
    "us-east-2": { applicationOrClassic: "Z3AADJGX6KTTL2", network: "ZLMOA37VPKANP" },
    "us-west-1": { applicationOrClassic: "Z368ELLRRE2KJ0", network: "Z24FKFUX50B4VW" },
    "us-west-2": { applicationOrClassic: "Z1H1FL5HABSF5", network: "Z18D5FSROUN65G" },
    "ca-central-1": { applicationOrClassic: "ZQSVJUPU6J1EY", network: "Z2EPGBW3API2WT" },
    "eu-central-1": { applicationOrClassic: "Z215JYRZR1TBD5", network: "Z3F0SRJ5LGBH90" },
    "eu-west-1": { applicationOrClassic: "Z32O12XQLNTSW2", network: "Z2IFOLAFXWLO4F" },
    "eu-west-2": { applicationOrClassic: "ZHURV8PSTC4K8", network: "ZD4D7Y8KGAS4G" },
    "eu-west-3": { applicationOrClassic: "Z3Q77PNBQS71R4", network: "Z1CMS0P5QUZ6D5" },
    "eu-north-1": { applicationOrClassic: "Z23TAZ6LKFMNIO", network: "Z1UDT6IFJ4EJM" },
    "ap-northeast-1": { applicationOrClassic: "Z14GRHDCWA56QT", network: "Z31USIVHYNEOWT" },
    "ap-southeast-1": { applicationOrClassic: "Z1LMS91P8CMLE5", network: "ZKVM4W9LS7TM" },
    "ap-southeast-2": { applicationOrClassic: "Z1GM3OXH4ZPM65", network: "ZCT6FZBF4DROD" },
    "ap-south-1": { applicationOrClassic: "ZP97RAFLXTNZK", network: "ZVDDRBQ08TROA" },
    "sa-east-1": { applicationOrClassic: "Z2P70J7HTTTPLU", network: "ZTK26PT1VY4CU" },
};

/** The canonical hosted zone of a load balancer of `type` in `region`; fails as the provider does for a region it does not know. */
export function placeholderLoadBalancerZoneId(type: "application" | "network" | "classic", region: string): string {
    const zones = LOAD_BALANCER_ZONES[region];
    if (!zones) throw new Error(`unsupported AWS Region: ${region} (synth knows ${Object.keys(LOAD_BALANCER_ZONES).join(", ")})`);
    return type === "network" ? zones.network : zones.applicationOrClassic;
}

/** The UUID Route53 gives a health check, from the stack and resource name: two stacks' checks of the same name differ. */
export function placeholderHealthCheckId(stack: string, name: string): string {
    const hex = digest(`health-check:${stack}/${name}`, 32, "0123456789abcdef");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const LOAD_BALANCER_TYPE_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-type";
const INTERNAL_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-internal";

/**
 * The hostname AWS gives the load balancer of a Service `namespace/name` whose annotations are
 * `annotations`: the AWS Load Balancer Controller names its NLBs `k8s-<namespace>-<name>-<hash>`;
 * the in-tree provider names its NLBs and Classic Load Balancers `a<uid without dashes>` (an internal
 * Classic one `internal-a<uid>`).
 */
export function placeholderLoadBalancerHostname(namespace: string, name: string, annotations: Readonly<Record<string, string>>): string {
    const region = placeholderRegion();
    const hex = (length: number) => digest(`lb:${namespace}/${name}`, length, "0123456789abcdef");
    const short = (text: string) => text.replace(/[^a-z0-9]/g, "").slice(0, 8);
    switch (annotations[LOAD_BALANCER_TYPE_ANNOTATION]) {
        case "external":
        case "nlb-ip":
            return `k8s-${short(namespace)}-${short(name)}-${hex(10)}-${hex(26).slice(10)}.elb.${region}.amazonaws.com`;
        case "nlb":
            return `a${hex(31)}-${hex(47).slice(31)}.elb.${region}.amazonaws.com`;
        default: {
            // The in-tree provider's Classic Load Balancer, internal when its annotation says so (AWS names those internal-...).
            const internal = annotations[INTERNAL_ANNOTATION] !== undefined && !["", "false"].includes(annotations[INTERNAL_ANNOTATION]);
            return `${internal ? "internal-" : ""}a${hex(31)}-${digest(`lb:${namespace}/${name}`, 10, "0123456789")}.${region}.elb.amazonaws.com`;
        }
    }
}

type State = Record<string, unknown>;
type Inputs = Record<string, unknown>;

/** The Service annotations a Helm release gives its chart (`values.service.annotations`). */
function releaseServiceAnnotations(inputs: Inputs): Record<string, string> | undefined {
    const values = inputs.values;
    const service = values !== null && typeof values === "object" ? (values as Record<string, unknown>).service : undefined;
    const annotations = service !== null && typeof service === "object" ? (service as Record<string, unknown>).annotations : undefined;
    return annotations !== null && typeof annotations === "object" ? (annotations as Record<string, string>) : undefined;
}

function str(value: unknown, fallback: string): string {
    return typeof value === "string" ? value : fallback;
}

/**
 * The ACME account URI cert-manager reports in a ready ClusterIssuer's `status.acme.uri`: the
 * directory's origin and `/acme/acct/<number>`, as Let's Encrypt's accounts look (Boulder's
 * `accountURIPrefixes`), a number stable per stack and issuer name.
 */
export function placeholderAcmeAccountUri(directoryUrl: string, stack: string, issuerName: string): string {
    const origin = /^https:\/\/[^/]+/.exec(directoryUrl)?.[0] ?? "https://acme.invalid";
    return `${origin}/acme/acct/${digest(`acme-account:${stack}:${issuerName}`, 10, "0123456789")}`;
}

const RESOURCE_OUTPUTS: Record<string, (name: string, inputs: Inputs) => State> = {
    "aws:iam/user:User": (name, inputs) => ({
        arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:user${str(inputs.path, "/")}${str(inputs.name, name)}`,
        uniqueId: `AIDA${digest(`user:${name}`, 17)}`,
    }),
    "aws:iam/role:Role": (name, inputs) => ({
        arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:role${str(inputs.path, "/")}${str(inputs.name, name)}`,
        uniqueId: `AROA${digest(`role:${name}`, 17)}`,
    }),
    "aws:iam/policy:Policy": (name, inputs) => ({
        arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:policy${str(inputs.path, "/")}${str(inputs.name, name)}`,
        policyId: `ANPA${digest(`policy:${name}`, 17)}`,
    }),
    "aws:iam/accessKey:AccessKey": (name) => ({
        id: `AKIA${digest(`key:${name}`, 16)}`,
        secret: PLACEHOLDER_SECRET_ACCESS_KEY,
        status: "Active",
    }),
    "time:index/rotating:Rotating": (_name, inputs) => {
        const days = typeof inputs.rotationDays === "number" ? inputs.rotationDays : 0;
        const rotation = new Date(Date.parse(PLACEHOLDER_NOW) + days * 86_400_000).toISOString().replace(/\.000Z$/, "Z");
        return { id: PLACEHOLDER_NOW, rfc3339: PLACEHOLDER_NOW, rotationRfc3339: rotation, unix: Date.parse(PLACEHOLDER_NOW) / 1000 };
    },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name, inputs) => {
        const associationId = `a-${digest(`pod-identity:${name}`, 17, "0123456789abcdefghijklmnopqrstuvwxyz")}`;
        return {
            id: `${str(inputs.clusterName, "cluster")},${associationId}`,
            associationId,
            associationArn: `arn:aws:eks:${placeholderRegion()}:${PLACEHOLDER_ACCOUNT_ID}:podidentityassociation/${str(inputs.clusterName, "cluster")}/${associationId}`,
        };
    },
    // istiod programs a Gateway of class istio through a Service named `<gateway>-istio`, with the
    // Gateway's infrastructure annotations; its status then lists the load balancer's address.
    "kubernetes:gateway.networking.k8s.io/v1:Gateway": (name, inputs) => {
        const metadata = (inputs.metadata ?? {}) as Inputs;
        const infrastructure = (((inputs.spec ?? {}) as Inputs).infrastructure ?? {}) as Inputs;
        const annotations = (infrastructure.annotations ?? {}) as Record<string, string>;
        const hostname = placeholderLoadBalancerHostname(
            str(metadata.namespace, "default"),
            `${str(metadata.name, name)}-istio`,
            annotations,
        );
        return { status: { addresses: [{ type: "Hostname", value: hostname }] } };
    },
    // A hosted zone a program creates (and passes its zoneId to the component); the component itself only looks zones up.
    "aws:route53/zone:Zone": (name, inputs) => {
        const zoneId = placeholderZoneId(str(inputs.name, name).replace(/\.$/, ""));
        return { id: zoneId, zoneId, arn: `arn:aws:route53:::hostedzone/${zoneId}` };
    },
    "aws:route53/healthCheck:HealthCheck": (name) => {
        const id = placeholderHealthCheckId(pulumi.getStack(), name);
        return { id, arn: `arn:aws:route53:::healthcheck/${id}` };
    },
    // The provider's record ID: ZONEID_NAME_TYPE, and _SETIDENTIFIER for a routed record set.
    "aws:route53/record:Record": (_name, inputs) => ({
        id: [
            str(inputs.zoneId, "Z"),
            str(inputs.name, ""),
            str(inputs.type, ""),
            ...(typeof inputs.setIdentifier === "string" ? [inputs.setIdentifier] : []),
        ].join("_"),
        fqdn: str(inputs.name, ""),
    }),
    // cert-manager registers the issuer's ACME account and reports it once the issuer is Ready.
    "kubernetes:cert-manager.io/v1:ClusterIssuer": (name, inputs) => {
        const metadata = (inputs.metadata ?? {}) as Inputs;
        const acme = (((inputs.spec ?? {}) as Inputs).acme ?? {}) as Inputs;
        const uri = placeholderAcmeAccountUri(str(acme.server, ""), pulumi.getStack(), str(metadata.name, name));
        return { status: { acme: { uri, lastRegisteredEmail: str(acme.email, "") }, conditions: [{ type: "Ready", status: "True" }] } };
    },
    "kubernetes:helm.sh/v3:Release": releaseStatus,
};

function releaseStatus(name: string, inputs: Inputs): State {
    return {
        status: {
            name: str(inputs.name, name),
            namespace: str(inputs.namespace, "default"),
            chart: str(inputs.chart, ""),
            version: str(inputs.version, ""),
            status: "deployed",
            revision: 1,
        },
    };
}

function placeholderRegion(): string {
    return new pulumi.Config("aws").get("region") ?? "us-east-1";
}

/**
 * The `status` of an object read from the cluster: the gateway's Service, whose load balancer is the
 * one AWS would give a Service with the annotations its Helm release set (`annotationsOf`).
 */
function readState(type: string, id: string, annotationsOf: (id: string) => Record<string, string>): State {
    const [namespace, name] = id.includes("/") ? id.split("/", 2) : ["default", id];
    if (type === "kubernetes:core/v1:Service") {
        return {
            metadata: { name, namespace },
            spec: { type: "LoadBalancer" },
            status: { loadBalancer: { ingress: [{ hostname: placeholderLoadBalancerHostname(namespace, name, annotationsOf(id)) }] } },
        };
    }
    return { metadata: { name, namespace } };
}

/** The lookups IstioAcmeIngress makes, answered as AWS would; undefined for any other token. */
function lookupAnswer(token: string, inputs: Inputs): State | undefined {
    switch (token) {
        case "aws:route53/getZone:getZone": {
            const name = str(inputs.name, "").replace(/\.$/, "");
            return { id: placeholderZoneId(name), zoneId: placeholderZoneId(name), name, privateZone: Boolean(inputs.privateZone) };
        }
        // A zone's record sets, filtered by name: the placeholder zones hold none of their own.
        case "aws:route53/getRecords:getRecords":
            return { id: str(inputs.zoneId, ""), zoneId: str(inputs.zoneId, ""), nameRegex: inputs.nameRegex, resourceRecordSets: [] };
        case "aws:lb/getHostedZoneId:getHostedZoneId": {
            const type = str(inputs.loadBalancerType, "application") === "network" ? "network" : "application";
            const region = str(inputs.region, placeholderRegion());
            return { id: placeholderLoadBalancerZoneId(type, region), loadBalancerType: type, region };
        }
        case "aws:elb/getHostedZoneId:getHostedZoneId": {
            const region = str(inputs.region, placeholderRegion());
            return { id: placeholderLoadBalancerZoneId("classic", region), region };
        }
        case "aws:eks/getCluster:getCluster": {
            const name = str(inputs.name, "cluster");
            const arn = `arn:aws:eks:${placeholderRegion()}:${PLACEHOLDER_ACCOUNT_ID}:cluster/${name}`;
            return { id: name, name, arn, status: "ACTIVE", version: "1.34" };
        }
        case "aws:index/getPartition:getPartition":
            return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                id: PLACEHOLDER_ACCOUNT_ID,
                accountId: PLACEHOLDER_ACCOUNT_ID,
                arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:user/synth`,
                userId: "AIDASYNTH",
            };
        default:
            return undefined;
    }
}

/**
 * Pulumi mocks that answer what {@link IstioAcmeIngress} reads and looks up as a cluster and AWS
 * would, with the placeholders above: the gateway's Service read back with a load balancer
 * hostname of the kind its annotations select, each Kubernetes Gateway programmed with an address,
 * IAM ARNs, access key IDs, hosted zone IDs, the load balancers' canonical zones. Every other
 * resource gets its inputs as its state.
 *
 * `others` answers the rest of your program: lookups these mocks do not know, and resources of
 * types they compute nothing for (e.g. your own `aws.s3.Bucket`). Without it, such a resource gets
 * its inputs as state and such a lookup fails, naming its token.
 *
 * Each call makes a fresh set: the Service annotations a Helm release sets are remembered per set.
 */
export function ingressMocks(others: Partial<pulumi.runtime.Mocks> = {}): pulumi.runtime.Mocks {
    const serviceAnnotationsByRelease = new Map<string, Record<string, string>>();
    const annotationsOf = (id: string) => serviceAnnotationsByRelease.get(id) ?? {};
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult | Promise<pulumi.runtime.MockResourceResult> {
            const inputs = args.inputs as Inputs;
            if (args.id && args.type === "kubernetes:core/v1:Service") {
                return { id: args.id, state: { ...inputs, ...readState(args.type, args.id, annotationsOf) } };
            }
            if (args.type === "kubernetes:helm.sh/v3:Release") {
                const annotations = releaseServiceAnnotations(inputs);
                if (annotations)
                    serviceAnnotationsByRelease.set(`${str(inputs.namespace, "default")}/${str(inputs.name, args.name)}`, annotations);
            }
            const outputs = RESOURCE_OUTPUTS[args.type];
            if (!outputs && others.newResource) return others.newResource(args);
            if (args.id) return { id: args.id, state: { ...inputs, ...readState(args.type, args.id, annotationsOf) } };
            const extra = outputs?.(args.name, inputs) ?? {};
            const id = typeof extra.id === "string" ? extra.id : `${args.name}-id`;
            return { id, state: { ...inputs, ...extra } };
        },
        call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult | Promise<pulumi.runtime.MockCallResult> {
            const answer = lookupAnswer(args.token, args.inputs as Inputs);
            if (answer) return answer;
            if (others.call) return others.call(args);
            throw new Error(
                `ingressMocks() has no answer for the lookup ${args.token}: answer it in your own mocks, given as ingressMocks({ call })`,
            );
        },
    };
}
