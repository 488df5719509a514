import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as time from "@pulumiverse/time";
import { IAM_PATH } from "./names";
import type { Route53SecretRef } from "./solverAuth";

export interface AccessKeyIdentityArgs {
    /** Prefix of the child resources' names. */
    name: string;
    parent: pulumi.Resource;
    iamName: string;
    policyArn: pulumi.Input<string>;
    /** Namespace of the Secret: cert-manager's, where ClusterIssuers read secrets. */
    namespace: pulumi.Input<string>;
    secretName: string;
    rotateDays?: number;
    tags: Record<string, pulumi.Input<string>>;
}

export interface AccessKeyIdentity {
    user: aws.iam.User;
    key: aws.iam.AccessKey;
    secret: k8s.core.v1.Secret;
    /** Where the solvers find the key; known when the program runs, so previews show it. */
    secretRef: Route53SecretRef;
}

/** The keys of the access key's Secret. */
export const ACCESS_KEY_SECRET_KEYS = { accessKeyIdKey: "access-key-id", secretAccessKeyKey: "secret-access-key" } as const;

/** An IAM user with the policy, its access key (rotated if asked) and a Secret holding the key. */
export function accessKeyIdentity(args: AccessKeyIdentityArgs): AccessKeyIdentity {
    const { name, parent, tags } = args;
    const user = new aws.iam.User(`${name}-user`, { name: args.iamName, path: IAM_PATH, tags }, { parent });
    const attachment = new aws.iam.UserPolicyAttachment(`${name}-attachment`, { user: user.name, policyArn: args.policyArn }, { parent });

    const key = new aws.iam.AccessKey(`${name}-key`, { user: user.name }, { parent, ...rotationOptions(name, parent, args.rotateDays) });

    const ref: Route53SecretRef = { name: args.secretName, ...ACCESS_KEY_SECRET_KEYS };
    const secret = new k8s.core.v1.Secret(
        `${name}-secret`,
        {
            metadata: { name: ref.name, namespace: args.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
            type: "Opaque",
            stringData: { [ref.accessKeyIdKey]: key.id, [ref.secretAccessKeyKey]: pulumi.secret(key.secret) },
        },
        // The key is useless to cert-manager until its policy is attached.
        { parent, dependsOn: [attachment] },
    );
    return { user, key, secret, secretRef: ref };
}

/**
 * Key rotation without a window in which the Secret names a deleted key.
 *
 * A `time.Rotating` keeps its rotation timestamp in the state; once that time has passed, a
 * refreshing `pulumi up` (`--refresh`, or `options.refresh: always`) finds it expired and creates
 * it anew with a new `rotationRfc3339`. That value is the AccessKey's `replacementTrigger`, so the
 * AccessKey is replaced, and Pulumi replaces create-before-delete (nothing here sets
 * `deleteBeforeReplace`): the new key is created, the Secret (which reads `key.id` and
 * `key.secret`) is updated to it, and the old key is deleted only at the end of the same run, after
 * every dependent has moved over. The user holds two keys only during that run (IAM allows two).
 *
 * Why not @pulumi/random keepers: the AccessKey has no input to feed a RandomId into, so it would
 * need `replacementTrigger` anyway, and the keeper would have to be computed from the clock in the
 * program, making every preview (and the synth output) depend on when it runs.
 */
function rotationOptions(name: string, parent: pulumi.Resource, rotateDays: number | undefined): pulumi.CustomResourceOptions {
    if (rotateDays === undefined) return {};
    const rotation = new (timePackage().Rotating)(`${name}-key-rotation`, { rotationDays: rotateDays }, { parent });
    return { replacementTrigger: rotation.rotationRfc3339, dependsOn: [rotation] };
}

/** @pulumiverse/time is an optional peer dependency: only stacks that rotate keys load it. */
function timePackage(): typeof time {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return require("@pulumiverse/time") as typeof time;
    } catch (error) {
        throw new Error(
            `route53.credentials.rotateDays needs the @pulumiverse/time package (npm install @pulumiverse/time): ${String(error)}`,
        );
    }
}
