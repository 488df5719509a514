import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as time from "@pulumiverse/time";
import type { SynthResource } from "../tools/synth/engine";

/**
 * The baselines: bare programs that register the very resources ours registered (same types, names,
 * parents, inputs and dependencies) with no config validation, no planning, no lookups and no outputs
 * of their own. What ours costs beyond them is the cost of our own code.
 *
 * - {@link sdkReplayProgram}, the yardstick the targets compare against: each resource through the
 *   SDK class a plain Pulumi program would use for it (`new aws.route53.Record(...)`,
 *   `k8s.apiextensions.CustomResource`, `k8s.core.v1.Service.get`, ...). A typed class costs the SDK
 *   more than its inputs: it declares every property of the resource (an `aws.route53.Record` some
 *   20) and the SDK makes an output of each. Any program registering these resources pays that.
 * - {@link plainReplayProgram}, a diagnostic: each resource as a plain `pulumi.CustomResource` with
 *   only its recorded inputs, the cheapest registration the SDK allows. Ours over it shows what the
 *   typed classes cost on top; it was the yardstick until the Route53 records (one typed
 *   `aws.route53.Record` per host) made that cost most of the difference.
 *
 * (A baseline of empty resources would mostly measure input size, not our program: the SDK's work
 * grows with every input property, and Kubernetes objects have large inputs.)
 */
class ReplayedComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
        this.registerOutputs({});
    }
}

class ReplayedResource extends pulumi.CustomResource {
    constructor(type: string, name: string, inputs: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(type, name, inputs, opts);
    }
}

type Inputs = Record<string, unknown>;
/** Registers one recorded resource through its SDK class. */
type Register = (name: string, inputs: Inputs, opts: pulumi.CustomResourceOptions) => pulumi.Resource;
/** Reads one recorded external resource (`.get`) through its SDK class. */
type Read = (name: string, id: string, opts: pulumi.CustomResourceOptions) => pulumi.Resource;

/** The recorded inputs as the class's args: they are what the class sent, so its args take them back. */
const as = <T>(inputs: Inputs): T => inputs as T;
const customResource: Register = (name, inputs, opts) =>
    new k8s.apiextensions.CustomResource(name, as<k8s.apiextensions.CustomResourceArgs>(inputs), opts);

/**
 * A provider sends its nested and non-string inputs JSON-encoded (`assumeRoles` as a string); its
 * class encodes them again, so they are decoded back first.
 */
function decodedProviderInputs(inputs: Inputs): Inputs {
    return Object.fromEntries(
        Object.entries(inputs).map(([key, value]) => {
            if (typeof value !== "string") return [key, value];
            try {
                return [key, JSON.parse(value) as unknown];
            } catch {
                return [key, value];
            }
        }),
    );
}

/** The SDK class of each type token the example stacks and the bench's stacks register. */
export const SDK_CLASSES: Readonly<Record<string, Register>> = {
    "aws:route53/record:Record": (name, inputs, opts) => new aws.route53.Record(name, as<aws.route53.RecordArgs>(inputs), opts),
    "aws:route53/healthCheck:HealthCheck": (name, inputs, opts) =>
        new aws.route53.HealthCheck(name, as<aws.route53.HealthCheckArgs>(inputs), opts),
    "aws:iam/role:Role": (name, inputs, opts) => new aws.iam.Role(name, as<aws.iam.RoleArgs>(inputs), opts),
    "aws:iam/policy:Policy": (name, inputs, opts) => new aws.iam.Policy(name, as<aws.iam.PolicyArgs>(inputs), opts),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (name, inputs, opts) =>
        new aws.iam.RolePolicyAttachment(name, as<aws.iam.RolePolicyAttachmentArgs>(inputs), opts),
    "aws:iam/user:User": (name, inputs, opts) => new aws.iam.User(name, as<aws.iam.UserArgs>(inputs), opts),
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": (name, inputs, opts) =>
        new aws.iam.UserPolicyAttachment(name, as<aws.iam.UserPolicyAttachmentArgs>(inputs), opts),
    "aws:iam/accessKey:AccessKey": (name, inputs, opts) => new aws.iam.AccessKey(name, as<aws.iam.AccessKeyArgs>(inputs), opts),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name, inputs, opts) =>
        new aws.eks.PodIdentityAssociation(name, as<aws.eks.PodIdentityAssociationArgs>(inputs), opts),
    "pulumi:providers:aws": (name, inputs, opts) => new aws.Provider(name, as<aws.ProviderArgs>(decodedProviderInputs(inputs)), opts),
    "time:index/rotating:Rotating": (name, inputs, opts) => new time.Rotating(name, as<time.RotatingArgs>(inputs), opts),
    "kubernetes:core/v1:Namespace": (name, inputs, opts) => new k8s.core.v1.Namespace(name, as<k8s.core.v1.NamespaceArgs>(inputs), opts),
    "kubernetes:core/v1:Secret": (name, inputs, opts) => new k8s.core.v1.Secret(name, as<k8s.core.v1.SecretArgs>(inputs), opts),
    "kubernetes:core/v1:ConfigMap": (name, inputs, opts) => new k8s.core.v1.ConfigMap(name, as<k8s.core.v1.ConfigMapArgs>(inputs), opts),
    "kubernetes:helm.sh/v3:Release": (name, inputs, opts) => new k8s.helm.v3.Release(name, as<k8s.helm.v3.ReleaseArgs>(inputs), opts),
    "kubernetes:yaml/v2:ConfigFile": (name, inputs, opts) => new k8s.yaml.v2.ConfigFile(name, as<k8s.yaml.v2.ConfigFileArgs>(inputs), opts),
    "kubernetes:cert-manager.io/v1:Certificate": customResource,
    "kubernetes:cert-manager.io/v1:ClusterIssuer": customResource,
    "kubernetes:networking.istio.io/v1:Gateway": customResource,
    "kubernetes:networking.istio.io/v1:VirtualService": customResource,
    "kubernetes:gateway.networking.k8s.io/v1:Gateway": customResource,
    "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute": customResource,
    "kubernetes:gateway.networking.k8s.io/v1beta1:ReferenceGrant": customResource,
};

/**
 * Loads the classes of the tables: the SDKs load a class's module on its first use, which ours has
 * done before its clock starts (bench/child.ts preloads the modules), so the baseline does too.
 */
export function loadSdkClasses(): unknown[] {
    return [
        aws.route53.Record,
        aws.iam.Role,
        aws.iam.Policy,
        aws.iam.RolePolicyAttachment,
        aws.iam.User,
        aws.iam.UserPolicyAttachment,
        aws.iam.AccessKey,
        aws.eks.PodIdentityAssociation,
        aws.Provider,
        time.Rotating,
        k8s.core.v1.Namespace,
        k8s.core.v1.Secret,
        k8s.core.v1.Service,
        k8s.helm.v3.Release,
        k8s.yaml.v2.ConfigFile,
        k8s.apiextensions.CustomResource,
    ];
}

/** The SDK class of each type the program reads from the cluster (`.get`). */
export const SDK_READS: Readonly<Record<string, Read>> = {
    "kubernetes:core/v1:Service": (name, id, opts) => k8s.core.v1.Service.get(name, id, opts),
    "kubernetes:core/v1:Namespace": (name, id, opts) => k8s.core.v1.Namespace.get(name, id, opts),
};

/** Our own components: registered as bare components by both baselines (a plain program would have its own). */
export const isOwnComponent = (r: SynthResource): boolean => !r.custom && r.type.startsWith("istio-acme-ingress:");

const STACK = "pulumi:pulumi:Stack";

function replay(recorded: readonly SynthResource[], register: (r: SynthResource, opts: pulumi.CustomResourceOptions) => pulumi.Resource) {
    return async (): Promise<void> => {
        const byUrn = new Map<string, pulumi.Resource>();
        for (const r of recorded) {
            if (r.type === STACK) continue;
            const opts = {
                parent: byUrn.get(r.parent),
                dependsOn: r.dependencies.flatMap((urn) => byUrn.get(urn) ?? []),
            };
            byUrn.set(r.urn, isOwnComponent(r) ? new ReplayedComponent(r.type, r.name, opts) : register(r, opts));
        }
    };
}

/** The yardstick: every resource through the SDK class a plain program would use; a plain resource for a type the table lacks. */
export function sdkReplayProgram(recorded: readonly SynthResource[]): () => Promise<void> {
    return replay(recorded, (r, opts) => {
        if (r.external) {
            const read = SDK_READS[r.type];
            return read ? read(r.name, r.id ?? "", opts) : new ReplayedResource(r.type, r.name, {}, { ...opts, id: r.id });
        }
        const register = SDK_CLASSES[r.type];
        if (register) return register(r.name, r.inputs, opts);
        return r.custom ? new ReplayedResource(r.type, r.name, r.inputs, opts) : new ReplayedComponent(r.type, r.name, opts);
    });
}

/** The diagnostic: every resource as a plain resource with its recorded inputs only. */
export function plainReplayProgram(recorded: readonly SynthResource[]): () => Promise<void> {
    return replay(recorded, (r, opts) =>
        !r.custom
            ? new ReplayedComponent(r.type, r.name, opts)
            : new ReplayedResource(r.type, r.name, r.external ? {} : r.inputs, r.external ? { ...opts, id: r.id } : opts),
    );
}
