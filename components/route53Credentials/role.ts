import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { requireComputed } from "../computedValues";
import type { RolePlan } from "./mode";
import { IAM_PATH } from "./names";
import { IRSA_ROLE_ANNOTATION, ServiceAccountRef } from "./serviceAccount";
import { irsaTrustPolicy, podIdentityTrustPolicy } from "./trust";

export interface RoleIdentityArgs {
    /** Prefix of the child resources' names. */
    name: string;
    parent: pulumi.Resource;
    plan: RolePlan;
    iamName: string;
    policyArn: pulumi.Input<string>;
    /** The cert-manager controller's ServiceAccount, the only one the role trusts. */
    serviceAccount: pulumi.Input<ServiceAccountRef>;
    tags: Record<string, pulumi.Input<string>>;
}

export interface RoleIdentity {
    role: aws.iam.Role;
    /** The role's ARN, once AWS has given it. */
    roleArn: pulumi.Output<string>;
    /** Annotations for cert-manager's ServiceAccount: the role ARN for IRSA, none for Pod Identity; ready once cert-manager may start. */
    serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
}

/**
 * An IAM role with the policy, assumed by cert-manager's pods without any stored key: through the
 * cluster's OIDC provider (IRSA) or through an EKS Pod Identity association.
 */
export function roleIdentity(args: RoleIdentityArgs): RoleIdentity {
    const { name, parent, plan, tags } = args;
    const serviceAccount = pulumi.output(args.serviceAccount);
    const trustPolicy =
        plan.mode === "irsa"
            ? serviceAccount.apply((account) => irsaTrustPolicy(plan.oidcProviderArn, account))
            : pulumi
                  .all([
                      requireComputed(
                          aws.eks.getClusterOutput({ name: plan.clusterName }, { parent }).arn,
                          `the ARN of EKS cluster ${plan.clusterName}, which the role's trust policy names`,
                          `aws.eks.getCluster({ name: "${plan.clusterName}" }) returned no arn`,
                      ),
                      serviceAccount,
                  ])
                  .apply(([clusterArn, account]) => podIdentityTrustPolicy(clusterArn, account));
    const role = new aws.iam.Role(
        `${name}-role`,
        {
            name: args.iamName,
            path: IAM_PATH,
            description: `cert-manager DNS-01 (${plan.mode})`,
            assumeRolePolicy: trustPolicy.apply((document) => JSON.stringify(document)),
            tags,
        },
        { parent },
    );
    const roleArn = requireComputed(role.arn, "the ARN of cert-manager's IAM role", `the aws.iam.Role ${args.iamName} has no arn`);
    const attachment = new aws.iam.RolePolicyAttachment(`${name}-attachment`, { role: role.name, policyArn: args.policyArn }, { parent });

    if (plan.mode === "podIdentity") {
        const association = new aws.eks.PodIdentityAssociation(
            `${name}-pod-identity`,
            {
                clusterName: plan.clusterName,
                namespace: serviceAccount.namespace,
                serviceAccount: serviceAccount.name,
                roleArn,
                // The trust policy admits the role only with the session tags naming this ServiceAccount.
                disableSessionTags: false,
                tags,
            },
            // Pods get the role's credentials as soon as the association exists: attach the policy first.
            { parent, dependsOn: [attachment] },
        );
        // No annotation, but EKS injects credentials only into pods started after the association
        // exists: whoever takes these annotations (the cert-manager release) waits for it.
        return { role, roleArn, serviceAccountAnnotations: association.id.apply((): Record<string, string> => ({})) };
    }
    // The annotation waits for the attachment too, so cert-manager never starts with a role that may do nothing.
    const annotations = pulumi.all([roleArn, attachment.id]).apply(([arn]): Record<string, string> => ({ [IRSA_ROLE_ANNOTATION]: arn }));
    return { role, roleArn, serviceAccountAnnotations: annotations };
}
