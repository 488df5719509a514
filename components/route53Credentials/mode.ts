/** How cert-manager reaches Route53, as the component takes it: the validated `route53.credentials`. */
export type CredentialsPlan = AccessKeyPlan | IrsaPlan | PodIdentityPlan;

interface CommonPlan {
    /**
     * A role in the zones' account that cert-manager assumes; the identity gets only `sts:AssumeRole`
     * on it, and `sts:TagSession` too with Pod Identity, whose session tags are transitive.
     */
    assumeRoleArn?: string;
}

export interface AccessKeyPlan extends CommonPlan {
    mode: "accessKey";
    /** Replace the access key this often; never when absent. */
    rotateDays?: number;
}

export interface IrsaPlan extends CommonPlan {
    mode: "irsa";
    /** ARN of the cluster's IAM OIDC provider. */
    oidcProviderArn: string;
}

export interface PodIdentityPlan extends CommonPlan {
    mode: "podIdentity";
    /** Name of the EKS cluster (with the Pod Identity agent) where cert-manager runs. */
    clusterName: string;
}

export type RolePlan = IrsaPlan | PodIdentityPlan;
