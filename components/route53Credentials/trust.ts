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
 * EKS Pod Identity: the EKS auth service assumes the role (and tags the session) on behalf of
 * pods. The association binds it to one ServiceAccount; the conditions bind it to one cluster
 * of one account, so no other cluster's association can use the role.
 */
export function podIdentityTrustPolicy(clusterArn: string): TrustPolicyDocument {
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
                Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": clusterArn } },
            },
        ],
    };
}
