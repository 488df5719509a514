import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { dns01PolicyDocument } from "./policy";

export interface Route53CredentialsArgs {
    /** Namespace of the Secret that holds the key: cert-manager's, where ClusterIssuers read secrets. */
    namespace: pulumi.Input<string>;
    /** The hosted zones cert-manager may write challenge records in. At least one. */
    hostedZoneIds: pulumi.Input<string>[];
    /**
     * Name of the Kubernetes Secret.
     * @default "route53-dns01-credentials"
     */
    secretName?: string;
}

/** Where a solver finds the key: a Secret and the two keys in it. */
export interface Route53SecretRef {
    name: string;
    accessKeyIdKey: string;
    secretAccessKeyKey: string;
}

/**
 * An IAM user for cert-manager, limited to DNS-01 challenge records in the given zones, its access
 * key, and a Secret in cert-manager's namespace holding that key. The secret key is a Pulumi secret
 * everywhere it flows.
 */
export class Route53Credentials extends pulumi.ComponentResource {
    public readonly userArn: pulumi.Output<string>;
    public readonly userName: pulumi.Output<string>;
    public readonly policyArn: pulumi.Output<string>;
    public readonly accessKeyId: pulumi.Output<string>;
    /** Where the solvers find the key; resolves once the Secret exists. */
    public readonly secretRef: pulumi.Output<Route53SecretRef>;

    constructor(name: string, args: Route53CredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:Route53Credentials", name, {}, opts);
        const suffix = new random.RandomId(`${name}-suffix`, { byteLength: 4 }, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this }).partition;
        const tags = { "pulumi:project": pulumi.getProject(), "pulumi:stack": pulumi.getStack(), purpose: "cert-manager-dns01" };

        const user = new aws.iam.User(
            `${name}-user`,
            { name: pulumi.interpolate`cert-manager-dns01-${suffix.hex}`, path: "/istio-acme-ingress/", tags },
            { parent: this },
        );
        const policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                name: pulumi.interpolate`cert-manager-dns01-${suffix.hex}`,
                path: "/istio-acme-ingress/",
                description: "cert-manager DNS-01: TXT records under _acme-challenge. in the configured zones",
                policy: pulumi
                    .all([partition, pulumi.all(args.hostedZoneIds)])
                    .apply(([p, ids]) => JSON.stringify(dns01PolicyDocument(p, ids))),
                tags,
            },
            { parent: this },
        );
        const attachment = new aws.iam.UserPolicyAttachment(
            `${name}-attachment`,
            { user: user.name, policyArn: policy.arn },
            { parent: this },
        );
        const key = new aws.iam.AccessKey(`${name}-key`, { user: user.name }, { parent: this });

        const ref = {
            name: args.secretName ?? "route53-dns01-credentials",
            accessKeyIdKey: "access-key-id",
            secretAccessKeyKey: "secret-access-key",
        };
        const secret = new k8s.core.v1.Secret(
            `${name}-secret`,
            {
                metadata: { name: ref.name, namespace: args.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
                type: "Opaque",
                stringData: { [ref.accessKeyIdKey]: key.id, [ref.secretAccessKeyKey]: pulumi.secret(key.secret) },
            },
            // The key is useless to cert-manager until its policy is attached.
            { parent: this, dependsOn: [attachment] },
        );

        this.userArn = user.arn;
        this.userName = user.name;
        this.policyArn = policy.arn;
        this.accessKeyId = key.id;
        this.secretRef = secret.metadata.name.apply((secretName) => ({ ...ref, name: secretName }));
        this.registerOutputs({
            userArn: this.userArn,
            policyArn: this.policyArn,
            accessKeyId: this.accessKeyId,
            secretRef: this.secretRef,
        });
    }
}
