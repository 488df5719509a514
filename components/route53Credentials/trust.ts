import { serviceAccountSubject, ServiceAccountRef } from "./serviceAccount";

/** A role's trust (assume-role) policy. */
export interface TrustPolicyDocument {
    Version: "2012-10-17";
    Statement: TrustStatement[];
}

export interface TrustStatement {
    Sid: string;
    Effect: "Allow";
    Principal: { Federated: string } | { Service: string };
    Action: string | string[];
    Condition: Record<string, Record<string, string>>;
}

/** The audience EKS projects into service account tokens meant for AWS STS. */
export const STS_AUDIENCE = "sts.amazonaws.com";
export const EKS_POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

const EKS_CLUSTER_ARN = /^arn:[a-z-]+:eks:[a-z0-9-]+:(\d{12}):cluster\/[^/]+$/;
const OIDC_PROVIDER_ARN = /^arn:[a-z-]+:iam::\d{12}:oidc-provider\/(.+)$/;

/** The issuer host and path of an IAM OIDC provider ARN, as its condition keys spell it. */
export function oidcIssuerOf(oidcProviderArn: string): string {
    const match = OIDC_PROVIDER_ARN.exec(oidcProviderArn);
    if (!match) throw new Error(`${JSON.stringify(oidcProviderArn)} is not an IAM OIDC provider ARN`);
    return match[1];
}

/**
 * IRSA: only tokens of this one ServiceAccount, issued by the cluster's OIDC provider for STS,
 * may assume the role. Both conditions use StringEquals: no wildcard subject.
 */
export function irsaTrustPolicy(oidcProviderArn: string, account: ServiceAccountRef): TrustPolicyDocument {
    const issuer = oidcIssuerOf(oidcProviderArn);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CertManagerServiceAccount",
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: { [`${issuer}:sub`]: serviceAccountSubject(account), [`${issuer}:aud`]: STS_AUDIENCE },
                },
            },
        ],
    };
}

/**
 * The session tags EKS Pod Identity sends when it assumes a role for a pod, all transitive.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
 */
export const POD_IDENTITY_SESSION_TAGS = {
    clusterArn: "eks-cluster-arn",
    clusterName: "eks-cluster-name",
    namespace: "kubernetes-namespace",
    serviceAccount: "kubernetes-service-account",
    podName: "kubernetes-pod-name",
    podUid: "kubernetes-pod-uid",
} as const;

/**
 * EKS Pod Identity: the EKS Auth service (`pods.eks.amazonaws.com`) assumes the role for a pod
 * and tags the session with the pod's cluster, namespace and ServiceAccount. The conditions are
 * the ones EKS documents for this trust policy: the request tags name this one ServiceAccount of
 * this one cluster, and `aws:SourceAccount` is the cluster's account, so neither another
 * ServiceAccount's association nor another cluster's (in this account or any other) can use the
 * role. Without session tags (an association with `disableSessionTags`) the role is refused.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityTrustPolicy(clusterArn: string, account: ServiceAccountRef): TrustPolicyDocument {
    const match = EKS_CLUSTER_ARN.exec(clusterArn);
    if (!match) throw new Error(`${JSON.stringify(clusterArn)} is not an EKS cluster ARN`);
    const accountId = match[1];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EksPodIdentity",
                Effect: "Allow",
                Principal: { Service: EKS_POD_IDENTITY_PRINCIPAL },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": accountId,
                        [`aws:RequestTag/${POD_IDENTITY_SESSION_TAGS.clusterArn}`]: clusterArn,
                        [`aws:RequestTag/${POD_IDENTITY_SESSION_TAGS.namespace}`]: account.namespace,
                        [`aws:RequestTag/${POD_IDENTITY_SESSION_TAGS.serviceAccount}`]: account.name,
                    },
                },
            },
        ],
    };
}
