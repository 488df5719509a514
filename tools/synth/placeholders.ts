import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/**
 * Deterministic stand-ins for what real providers would return, so that synth output is the same
 * on every machine and every run. Every value is recognisably fake.
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

type State = Record<string, unknown>;
type Inputs = Record<string, unknown>;

function str(value: unknown, fallback: string): string {
    return typeof value === "string" ? value : fallback;
}

const RESOURCE_OUTPUTS: Record<string, (name: string, inputs: Inputs) => State> = {
    "random:index/randomId:RandomId": (name, inputs) => {
        const bytes = typeof inputs.byteLength === "number" ? inputs.byteLength : 8;
        const hex = digest(`random:${name}`, bytes * 2, "0123456789abcdef");
        return { hex, b64Url: Buffer.from(hex, "hex").toString("base64url"), dec: BigInt(`0x${hex}`).toString() };
    },
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
    "kubernetes:helm.sh/v3:Release": (name, inputs) => ({
        status: {
            name: str(inputs.name, name),
            namespace: str(inputs.namespace, "default"),
            chart: str(inputs.chart, ""),
            version: str(inputs.version, ""),
            status: "deployed",
            revision: 1,
        },
    }),
};

function placeholderRegion(): string {
    return new pulumi.Config("aws").get("region") ?? "us-east-1";
}

/** The `status` of an object read from the cluster (the gateway's Service). */
function readState(type: string, id: string): State {
    const [namespace, name] = id.includes("/") ? id.split("/", 2) : ["default", id];
    if (type === "kubernetes:core/v1:Service") {
        return {
            metadata: { name, namespace },
            spec: { type: "LoadBalancer" },
            status: { loadBalancer: { ingress: [{ hostname: `${name}.${namespace}.lb.placeholder.invalid` }] } },
        };
    }
    return { metadata: { name, namespace } };
}

export const placeholderMocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const inputs = args.inputs as Inputs;
        if (args.id) return { id: args.id, state: { ...inputs, ...readState(args.type, args.id) } };
        const extra = RESOURCE_OUTPUTS[args.type]?.(args.name, inputs) ?? {};
        const id = typeof extra.id === "string" ? extra.id : `${args.name}-id`;
        return { id, state: { ...inputs, ...extra } };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const inputs = args.inputs as Inputs;
        switch (args.token) {
            case "aws:route53/getZone:getZone": {
                const name = str(inputs.name, "").replace(/\.$/, "");
                return { id: placeholderZoneId(name), zoneId: placeholderZoneId(name), name, privateZone: Boolean(inputs.privateZone) };
            }
            case "aws:eks/getCluster:getCluster": {
                const name = str(inputs.name, "cluster");
                const arn = `arn:aws:eks:${placeholderRegion()}:${PLACEHOLDER_ACCOUNT_ID}:cluster/${name}`;
                return { id: name, name, arn, status: "ACTIVE", version: "1.34" };
            }
            case "aws:index/getPartition:getPartition":
                return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { id: PLACEHOLDER_ACCOUNT_ID, accountId: PLACEHOLDER_ACCOUNT_ID, arn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:user/synth`, userId: "AIDASYNTH" };
            default:
                throw new Error(`synth has no placeholder for the lookup ${args.token}; add one to tools/synth/placeholders.ts`);
        }
    },
};
