import * as assert from "node:assert/strict";
import { CERT_MANAGER_SERVICE_ACCOUNT, serviceAccountSubject } from "../../components/route53Credentials/serviceAccount";
import { irsaTrustPolicy, oidcIssuerOf, podIdentityTrustPolicy } from "../../components/route53Credentials/trust";

const OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ca-central-1.amazonaws.com/id/ABC";
const ISSUER = "oidc.eks.ca-central-1.amazonaws.com/id/ABC";
const CLUSTER = "arn:aws:eks:ca-central-1:123456789012:cluster/prod";

describe("Route53 trust policies", () => {
    it("the cert-manager ServiceAccount is the chart default, cert-manager", () => {
        assert.equal(CERT_MANAGER_SERVICE_ACCOUNT, "cert-manager");
        assert.equal(
            serviceAccountSubject({ namespace: "cert-manager", name: "cert-manager" }),
            "system:serviceaccount:cert-manager:cert-manager",
        );
    });

    describe("irsaTrustPolicy", () => {
        it("admits only the one ServiceAccount's STS tokens from the given OIDC provider, with exact conditions", () => {
            assert.deepEqual(irsaTrustPolicy(OIDC, { namespace: "cert-manager", name: "cert-manager" }), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "CertManagerServiceAccount",
                        Effect: "Allow",
                        Principal: { Federated: OIDC },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                [`${ISSUER}:sub`]: "system:serviceaccount:cert-manager:cert-manager",
                                [`${ISSUER}:aud`]: "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            });
        });

        it("follows the namespace cert-manager is installed in", () => {
            const [statement] = irsaTrustPolicy(OIDC, { namespace: "certs", name: "cert-manager" }).Statement;
            assert.equal(statement.Condition.StringEquals[`${ISSUER}:sub`], "system:serviceaccount:certs:cert-manager");
        });

        it("never uses StringLike (no wildcard subject)", () => {
            const [statement] = irsaTrustPolicy(OIDC, { namespace: "cert-manager", name: "cert-manager" }).Statement;
            assert.deepEqual(Object.keys(statement.Condition), ["StringEquals"]);
        });

        const issuers: Array<[string, string]> = [
            [OIDC, ISSUER],
            [
                "arn:aws-us-gov:iam::123456789012:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/XYZ",
                "oidc.eks.us-gov-west-1.amazonaws.com/id/XYZ",
            ],
        ];
        for (const [arn, issuer] of issuers) {
            it(`reads the issuer ${issuer} from its provider ARN`, () => assert.equal(oidcIssuerOf(arn), issuer));
        }
        it("refuses an ARN that is not an OIDC provider's", () => {
            assert.throws(
                () => irsaTrustPolicy("arn:aws:iam::123456789012:role/x", { namespace: "a", name: "b" }),
                /not an IAM OIDC provider ARN/,
            );
        });
    });

    describe("podIdentityTrustPolicy", () => {
        const certManager = { namespace: "cert-manager", name: "cert-manager" };

        it("admits only EKS Pod Identity (AssumeRole and TagSession) with the session tags of this ServiceAccount of this cluster", () => {
            assert.deepEqual(podIdentityTrustPolicy(CLUSTER, certManager), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "EksPodIdentity",
                        Effect: "Allow",
                        Principal: { Service: "pods.eks.amazonaws.com" },
                        Action: ["sts:AssumeRole", "sts:TagSession"],
                        Condition: {
                            StringEquals: {
                                "aws:SourceAccount": "123456789012",
                                "aws:RequestTag/eks-cluster-arn": CLUSTER,
                                "aws:RequestTag/kubernetes-namespace": "cert-manager",
                                "aws:RequestTag/kubernetes-service-account": "cert-manager",
                            },
                        },
                    },
                ],
            });
        });

        it("names no aws:SourceArn: EKS documents none for pods.eks.amazonaws.com", () => {
            assert.ok(!JSON.stringify(podIdentityTrustPolicy(CLUSTER, certManager)).includes("aws:SourceArn"));
        });

        it("follows the namespace cert-manager is installed in", () => {
            const [statement] = podIdentityTrustPolicy(CLUSTER, { namespace: "certs", name: "cert-manager" }).Statement;
            assert.equal(statement.Condition.StringEquals["aws:RequestTag/kubernetes-namespace"], "certs");
        });

        it("refuses an ARN that is not an EKS cluster's", () => {
            assert.throws(() => podIdentityTrustPolicy("arn:aws:iam::123456789012:role/x", certManager), /not an EKS cluster ARN/);
        });
    });
});
