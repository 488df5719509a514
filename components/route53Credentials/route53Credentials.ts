import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireComputed } from "../computedValues";
import type { Route53SolverAuth } from "../issuer/spec";
import { accessKeyIdentity } from "./accessKey";
import { credentialsIamName, IAM_PATH } from "./names";
import type { CredentialsPlan } from "./mode";
import { identityPolicyDocument } from "./policy";
import { roleIdentity } from "./role";
import { CERT_MANAGER_SERVICE_ACCOUNT } from "./serviceAccount";
import { Route53SecretRef, route53SolverAuth } from "./solverAuth";

export type { Route53SecretRef } from "./solverAuth";

export interface Route53CredentialsArgs {
    /**
     * Namespace of cert-manager: where the access key's Secret lives (ClusterIssuers read secrets
     * there), and the namespace of the ServiceAccount a role trusts.
     */
    namespace: pulumi.Input<string>;
    /** The hosted zones cert-manager may write challenge records in. At least one. */
    hostedZoneIds: pulumi.Input<string>[];
    /**
     * How cert-manager reaches Route53.
     * @default { mode: "accessKey" } (an IAM user and a key that is never rotated)
     */
    credentials?: CredentialsPlan;
    /**
     * Name of the Kubernetes Secret holding the access key (accessKey mode only).
     * @default "route53-dns01-credentials"
     */
    secretName?: string;
    /**
     * Name of the cert-manager controller's ServiceAccount (irsa and podIdentity).
     * @default "cert-manager"
     */
    serviceAccountName?: string;
}

/**
 * The AWS identity cert-manager uses for Route53 DNS-01 challenges, limited to challenge records in
 * the given zones (or, with `assumeRoleArn`, to assuming that one role):
 * - `accessKey`: an IAM user, its access key (optionally rotated) and a Secret holding it; the
 *   secret key is a Pulumi secret everywhere it flows;
 * - `irsa`: a role trusted by cert-manager's ServiceAccount through the cluster's OIDC provider;
 *   give {@link serviceAccountAnnotations} to the cert-manager chart;
 * - `podIdentity`: a role trusted by EKS Pod Identity, and the association for the ServiceAccount.
 */
export class Route53Credentials extends pulumi.ComponentResource {
    /**
     * Name of the IAM user or role and of its policy: `cert-manager-dns01-<project>-<stack>`
     * (shortened with a hash past IAM's 64 characters), under the path `/istio-acme-ingress/`.
     * Known before anything is created, so the zones' account can trust it before the first `up`.
     */
    public readonly iamName: string;
    /** ARN of the IAM policy attached to the identity. */
    public readonly policyArn: pulumi.Output<string>;
    /** ARN of the IAM user (accessKey mode only). */
    public readonly userArn: pulumi.Output<string> | undefined;
    /** Name of the IAM user (accessKey mode only). */
    public readonly userName: pulumi.Output<string> | undefined;
    /** ID of the user's current access key (accessKey mode only). */
    public readonly accessKeyId: pulumi.Output<string> | undefined;
    /** ARN of the role cert-manager's pods assume (irsa and podIdentity only). */
    public readonly roleArn: pulumi.Output<string> | undefined;
    /** Where the solvers find the key (accessKey mode only). Depend on this component to wait for the Secret. */
    public readonly secretRef: Route53SecretRef | undefined;
    /** How each Route53 solver authenticates: secret refs, `role`, or nothing (ambient credentials). Known when the program runs. */
    public readonly solverAuth: Route53SolverAuth;
    /** Annotations for cert-manager's ServiceAccount; the role ARN in irsa mode, else none. */
    public readonly serviceAccountAnnotations: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: Route53CredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("istio-acme-ingress:index:Route53Credentials", name, {}, opts);
        const plan: CredentialsPlan = args.credentials ?? { mode: "accessKey" };
        const partition = requireComputed(
            aws.getPartitionOutput({}, { parent: this }).partition,
            "the AWS partition of the IAM policy's ARNs",
            "aws.getPartition() returned no partition",
        );
        const tags = { "pulumi:project": pulumi.getProject(), "pulumi:stack": pulumi.getStack(), purpose: "cert-manager-dns01" };
        const iamName = credentialsIamName(pulumi.getProject(), pulumi.getStack());
        this.iamName = iamName;

        const policy = new aws.iam.Policy(
            `${name}-policy`,
            {
                name: iamName,
                path: IAM_PATH,
                description:
                    plan.assumeRoleArn === undefined
                        ? "cert-manager DNS-01: TXT records under _acme-challenge. in the configured zones"
                        : "cert-manager DNS-01: assume the role that may write challenge records in the zones' account",
                policy: pulumi
                    .all([partition, pulumi.all(args.hostedZoneIds)])
                    .apply(([p, ids]) => JSON.stringify(identityPolicyDocument(p, ids, plan))),
                tags,
            },
            { parent: this },
        );
        this.policyArn = requireComputed(policy.arn, "the ARN of cert-manager's IAM policy", `the aws.iam.Policy ${iamName} has no arn`);

        if (plan.mode === "accessKey") {
            const identity = accessKeyIdentity({
                name,
                parent: this,
                iamName,
                policyArn: this.policyArn,
                namespace: args.namespace,
                secretName: args.secretName ?? "route53-dns01-credentials",
                rotateDays: plan.rotateDays,
                tags,
            });
            this.userArn = requireComputed(
                identity.user.arn,
                "the ARN of cert-manager's IAM user",
                `the aws.iam.User ${iamName} has no arn`,
            );
            this.userName = identity.user.name;
            this.accessKeyId = identity.key.id;
            this.secretRef = identity.secretRef;
            this.serviceAccountAnnotations = pulumi.output<Record<string, string>>({});
            this.solverAuth = route53SolverAuth(identity.secretRef, plan.assumeRoleArn);
        } else {
            const serviceAccount = pulumi
                .output(args.namespace)
                .apply((namespace) => ({ namespace, name: args.serviceAccountName ?? CERT_MANAGER_SERVICE_ACCOUNT }));
            const identity = roleIdentity({ name, parent: this, plan, iamName, policyArn: this.policyArn, serviceAccount, tags });
            this.roleArn = identity.roleArn;
            this.serviceAccountAnnotations = identity.serviceAccountAnnotations;
            this.solverAuth = route53SolverAuth(undefined, plan.assumeRoleArn);
        }
        this.registerOutputs({
            iamName,
            policyArn: this.policyArn,
            userArn: this.userArn,
            accessKeyId: this.accessKeyId,
            roleArn: this.roleArn,
            secretRef: this.secretRef,
        });
    }
}
