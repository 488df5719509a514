import type { CredentialsPlan } from "./mode";

/** An IAM policy document, as AWS reads it. */
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export interface PolicyStatement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string[]>>;
}

/** Where cert-manager writes DNS-01 challenge records: only TXT records under `_acme-challenge.`. */
export const CHALLENGE_RECORD_NAMES = "_acme-challenge.*";

export function hostedZoneArn(partition: string, hostedZoneId: string): string {
    return `arn:${partition}:route53:::hostedzone/${hostedZoneId}`;
}

/**
 * Least privilege for cert-manager's Route53 DNS-01 solver when every solver names its hosted zone
 * (so no `ListHostedZonesByName`): read the status of its own changes, and UPSERT or DELETE TXT
 * records named `_acme-challenge.*` in the given zones only. Nothing on `*`.
 *
 * When the zones live in another account, this is the policy of the role cert-manager assumes there.
 */
export function dns01PolicyDocument(partition: string, hostedZoneIds: readonly string[]): PolicyDocument {
    if (hostedZoneIds.length === 0) throw new Error("a DNS-01 policy needs at least one hosted zone");
    const zones = [...new Set(hostedZoneIds)].sort().map((id) => hostedZoneArn(partition, id));
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadChallengeChangeStatus",
                Effect: "Allow",
                Action: "route53:GetChange",
                Resource: `arn:${partition}:route53:::change/*`,
            },
            {
                Sid: "WriteChallengeRecords",
                Effect: "Allow",
                Action: "route53:ChangeResourceRecordSets",
                Resource: zones,
                Condition: {
                    "ForAllValues:StringEquals": {
                        "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
                        "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                    },
                    "ForAllValues:StringLike": {
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames": [CHALLENGE_RECORD_NAMES],
                    },
                },
            },
        ],
    };
}

/**
 * The whole policy of an identity whose zones live in another account: it may assume that one role
 * and nothing else. The Route53 rights belong to the role (see {@link dns01PolicyDocument}).
 *
 * With `sessionTags`, it may also pass session tags to that role (`sts:TagSession`): an EKS Pod
 * Identity session carries transitive tags, which STS passes on to every role it assumes, and that
 * takes `sts:TagSession` in both this policy and the role's trust policy.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-chaining
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 */
export function assumeRolePolicyDocument(roleArn: string, options: { sessionTags?: boolean } = {}): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AssumeDns01Role",
                Effect: "Allow",
                Action: options.sessionTags ? ["sts:AssumeRole", "sts:TagSession"] : "sts:AssumeRole",
                Resource: roleArn,
            },
        ],
    };
}

/** Whether the identity's sessions carry transitive session tags into the role it assumes: only EKS Pod Identity's do. */
export function carriesSessionTags(mode: CredentialsPlan["mode"]): boolean {
    return mode === "podIdentity";
}

/** What cert-manager's identity may do: write challenge records itself, or only assume the role that may. */
export function identityPolicyDocument(
    partition: string,
    hostedZoneIds: readonly string[],
    plan: Pick<CredentialsPlan, "mode" | "assumeRoleArn">,
): PolicyDocument {
    return plan.assumeRoleArn === undefined
        ? dns01PolicyDocument(partition, hostedZoneIds)
        : assumeRolePolicyDocument(plan.assumeRoleArn, { sessionTags: carriesSessionTags(plan.mode) });
}
