import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Route53CredentialsConfig } from "../../components/args";
import { assumeRolePolicyDocument, dns01PolicyDocument, PolicyDocument } from "../../components/route53Credentials/policy";
import { oidcIssuerOf, TrustPolicyDocument } from "../../components/route53Credentials/trust";
import type { SynthResource, SynthResult } from "../../tools/synth/engine";
import { PLACEHOLDER_ACCOUNT_ID } from "../../testing/placeholders";
import { one, synthYaml } from "../support/harness";
import { evaluate, IamRequest } from "./iamSimulator";
import { ACCESS_KEY_USER, DNS_ROLE_ARN, jsonInput, OIDC_PROVIDER_ARN, ROLE, synthRoute53, ZONE_ID } from "./support";

/*
 * Each request below is the one the AWS service sends, evaluated by an IAM policy simulator against
 * the policies this package emits (and, across accounts, the trust policy docs/credentials.md gives):
 * - EKS Pod Identity: the EKS Auth service (pods.eks.amazonaws.com) calls sts:AssumeRole and
 *   sts:TagSession on the role, with aws:SourceAccount and six session tags, all transitive.
 *   https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 *   https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
 * - IRSA: the pod's AWS SDK calls sts:AssumeRoleWithWebIdentity with the ServiceAccount's projected
 *   token; the OIDC provider's `<issuer>:sub` and `<issuer>:aud` keys carry its claims.
 *   https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * - Zones in another account: cert-manager, with its pod's credentials, calls sts:AssumeRole on the
 *   DNS account's role. Cross-account, both the caller's identity policy and the role's trust policy
 *   must allow it. A Pod Identity session's tags are its principal tags and, being transitive, are
 *   passed on as request tags, which takes sts:TagSession on both sides.
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_evaluation-logic-cross-account.html
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_role-chaining
 *   https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html
 * - DNS-01: cert-manager's Route53 solver UPSERTs, then DELETEs, the TXT record
 *   `_acme-challenge.<domain>` and polls GetChange; Route53 sets the record types, names and actions
 *   of the change batch as condition keys.
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/specifying-rrset-conditions.html
 */

const CLUSTER_ACCOUNT = PLACEHOLDER_ACCOUNT_ID;
const DNS_ACCOUNT = "210987654321";
const OTHER_ACCOUNT = "999988887777";
const REGION = "ca-central-1";

const clusterArn = (account: string, name: string) => `arn:aws:eks:${REGION}:${account}:cluster/${name}`;
const accountOf = (arn: string) => arn.split(":")[4];
const iamArn = (resource: SynthResource, kind: "role" | "user") =>
    `arn:aws:iam::${CLUSTER_ACCOUNT}:${kind}${String(resource.inputs.path)}${String(resource.inputs.name)}`;

interface Pod {
    clusterArn: string;
    namespace: string;
    serviceAccount: string;
}

const CERT_MANAGER = { namespace: "cert-manager", serviceAccount: "cert-manager" };

/** The session tags EKS Pod Identity adds for a pod. */
function podSessionTags(pod: Pod): Record<string, string> {
    return {
        "eks-cluster-arn": pod.clusterArn,
        "eks-cluster-name": pod.clusterArn.split("/").pop() ?? "",
        "kubernetes-namespace": pod.namespace,
        "kubernetes-service-account": pod.serviceAccount,
        "kubernetes-pod-name": `${pod.serviceAccount}-7d9f8b6c5-x2k4q`,
        "kubernetes-pod-uid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    };
}

function tagKeys(prefix: "aws:RequestTag" | "aws:PrincipalTag", tags: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(tags).map(([key, value]) => [`${prefix}/${key}`, value]));
}

/** EKS Auth assuming the role for a pod; `sessionTags: false` is an association with session tags disabled. */
function podIdentityRequest(action: string, roleArn: string, pod: Pod, sessionTags = true): IamRequest {
    const tags = sessionTags ? podSessionTags(pod) : {};
    const keys = Object.keys(tags);
    return {
        principal: "pods.eks.amazonaws.com",
        action,
        resource: roleArn,
        resourceAccount: accountOf(roleArn),
        context: {
            "aws:SourceAccount": accountOf(pod.clusterArn),
            ...tagKeys("aws:RequestTag", tags),
            ...(keys.length > 0 ? { "aws:TagKeys": keys, "sts:TransitiveTagKeys": keys } : {}),
        },
    };
}

interface ServiceAccountToken {
    providerArn: string;
    namespace: string;
    serviceAccount: string;
    audience: string;
}

/** A pod's SDK exchanging its projected ServiceAccount token for the role's credentials. */
function webIdentityRequest(roleArn: string, token: ServiceAccountToken): { request: IamRequest; keysOutsideReference: string[] } {
    const issuer = oidcIssuerOf(token.providerArn);
    const claims = {
        [`${issuer}:sub`]: `system:serviceaccount:${token.namespace}:${token.serviceAccount}`,
        [`${issuer}:aud`]: token.audience,
    };
    return {
        request: {
            principal: token.providerArn,
            action: "sts:AssumeRoleWithWebIdentity",
            resource: roleArn,
            resourceAccount: accountOf(roleArn),
            context: claims,
        },
        keysOutsideReference: Object.keys(claims),
    };
}

interface Caller {
    /** The IAM user's ARN, or the ARN of the role whose session calls. */
    arn: string;
    /** A Pod Identity session's tags: its principal tags, passed on as transitive request tags. */
    sessionTags?: Record<string, string>;
}

/** cert-manager assuming the DNS account's role with its own credentials (the solver's `role`). */
function assumeDnsRoleRequest(action: string, caller: Caller, dnsRoleArn = DNS_ROLE_ARN): IamRequest {
    const account = accountOf(caller.arn);
    const roleName = caller.arn.split("/").pop() ?? "";
    const tags = caller.sessionTags ?? {};
    return {
        principal: caller.arn.includes(":role/") ? `arn:aws:sts::${account}:assumed-role/${roleName}/cert-manager` : caller.arn,
        action,
        resource: dnsRoleArn,
        resourceAccount: accountOf(dnsRoleArn),
        context: {
            "aws:PrincipalArn": caller.arn,
            "aws:PrincipalAccount": account,
            ...tagKeys("aws:PrincipalTag", tags),
            ...tagKeys("aws:RequestTag", tags),
            ...(Object.keys(tags).length > 0 ? { "aws:TagKeys": Object.keys(tags) } : {}),
        },
    };
}

/** A trust policy docs/credentials.md gives for the DNS account's role, by the marker before its code block. */
function documentedTrustPolicy(marker: string): TrustPolicyDocument {
    const page = readFileSync(join(__dirname, "..", "..", "docs", "credentials.md"), "utf8");
    const block = new RegExp(`<!-- dns-role-trust:${marker} -->\\s*\`\`\`json\\n([\\s\\S]*?)\\n\\s*\`\`\``).exec(page);
    if (!block) throw new Error(`docs/credentials.md has no trust policy marked dns-role-trust:${marker}`);
    return JSON.parse(block[1]) as TrustPolicyDocument;
}

function trustedPrincipalArn(trust: TrustPolicyDocument): string {
    const condition = trust.Statement[0].Condition as unknown as { ArnEquals: { "aws:PrincipalArn": string } };
    return condition.ArnEquals["aws:PrincipalArn"];
}

function stackYaml(credentials: Route53CredentialsConfig): string {
    return `
config:
  aws:region: ${REGION}
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53:
    credentials: ${JSON.stringify(credentials)}
    records: false # the hosts' records are written by the deployer, not by cert-manager's identity
    zones: [{ domain: example.com, hostedZoneId: ${ZONE_ID} }]
  istio-acme-ingress:gateways: [{ name: web, hosts: [www.example.com] }]
`;
}

interface Change {
    action: "CREATE" | "UPSERT" | "DELETE";
    type: string;
    name: string;
}
// Route53 normalizes names for the condition key: lower case, no trailing dot.
const normalized = (name: string) => name.toLowerCase().replace(/\.$/, "");
const unique = (values: string[]) => [...new Set(values)];

/**
 * A ChangeResourceRecordSets request with the condition keys Route53 sets for its change batch. A set
 * identifier, multivalue answer or routing policy gives no key of its own: the same request whatever they are.
 */
function changeRequest(principal: string, account: string, zoneId: string, changes: Change[]): IamRequest {
    return {
        principal,
        action: "route53:ChangeResourceRecordSets",
        resource: `arn:aws:route53:::hostedzone/${zoneId}`,
        resourceAccount: account,
        context: {
            "route53:ChangeResourceRecordSetsActions": unique(changes.map((c) => c.action)),
            "route53:ChangeResourceRecordSetsRecordTypes": unique(changes.map((c) => c.type)),
            "route53:ChangeResourceRecordSetsNormalizedRecordNames": unique(changes.map((c) => normalized(c.name))),
        },
    };
}

const identityPolicyOf = (result: SynthResult) => jsonInput<PolicyDocument>(one(result, "aws:iam/policy:Policy"), "policy");

describe("IAM simulation of cert-manager's Route53 identity", () => {
    describe("EKS Pod Identity: the role's trust policy", () => {
        let roleArn: string;
        let trust: TrustPolicyDocument;
        before(async () => {
            const role = one(await synthRoute53({ credentials: { mode: "podIdentity", clusterName: "prod" } }), ROLE);
            roleArn = iamArn(role, "role");
            trust = jsonInput<TrustPolicyDocument>(role, "assumeRolePolicy");
        });
        const certManagerPod: Pod = { clusterArn: clusterArn(CLUSTER_ACCOUNT, "prod"), ...CERT_MANAGER };

        for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
            it(`lets EKS Auth ${action} for cert-manager's ServiceAccount in this cluster`, async () => {
                assert.equal(await evaluate(podIdentityRequest(action, roleArn, certManagerPod), { resource: trust }), "Allowed");
            });
        }

        const refused: Array<[string, Pod]> = [
            ["another ServiceAccount in cert-manager's namespace", { ...certManagerPod, serviceAccount: "default" }],
            ["a ServiceAccount named cert-manager in another namespace", { ...certManagerPod, namespace: "team-a" }],
            ["cert-manager in another cluster of this account", { ...certManagerPod, clusterArn: clusterArn(CLUSTER_ACCOUNT, "dev") }],
            [
                "cert-manager in a cluster named prod in another account",
                { ...certManagerPod, clusterArn: clusterArn(OTHER_ACCOUNT, "prod") },
            ],
        ];
        for (const [name, pod] of refused) {
            it(`refuses ${name}`, async () => {
                for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
                    assert.equal(await evaluate(podIdentityRequest(action, roleArn, pod), { resource: trust }), "ImplicitlyDenied", action);
                }
            });
        }

        it("refuses an association with session tags disabled: nothing names the ServiceAccount then", async () => {
            assert.equal(
                await evaluate(podIdentityRequest("sts:AssumeRole", roleArn, certManagerPod, false), { resource: trust }),
                "ImplicitlyDenied",
            );
        });
    });

    describe("IRSA: the role's trust policy", () => {
        let roleArn: string;
        let trust: TrustPolicyDocument;
        before(async () => {
            const role = one(await synthRoute53({ credentials: { mode: "irsa", oidcProviderArn: OIDC_PROVIDER_ARN } }), ROLE);
            roleArn = iamArn(role, "role");
            trust = jsonInput<TrustPolicyDocument>(role, "assumeRolePolicy");
        });
        const certManagerToken: ServiceAccountToken = { providerArn: OIDC_PROVIDER_ARN, ...CERT_MANAGER, audience: "sts.amazonaws.com" };
        const decide = (token: ServiceAccountToken) => {
            const { request, keysOutsideReference } = webIdentityRequest(roleArn, token);
            return evaluate(request, { resource: trust }, { keysOutsideReference });
        };

        it("lets cert-manager's ServiceAccount token from this cluster's OIDC provider assume the role", async () => {
            assert.equal(await decide(certManagerToken), "Allowed");
        });

        const otherIssuer = "oidc.eks.ca-central-1.amazonaws.com/id/OTHERCLUSTER";
        const refused: Array<[string, ServiceAccountToken]> = [
            ["another ServiceAccount in cert-manager's namespace", { ...certManagerToken, serviceAccount: "default" }],
            ["a ServiceAccount named cert-manager in another namespace", { ...certManagerToken, namespace: "team-a" }],
            [
                "cert-manager in another cluster (another OIDC provider)",
                { ...certManagerToken, providerArn: `arn:aws:iam::${CLUSTER_ACCOUNT}:oidc-provider/${otherIssuer}` },
            ],
            [
                "the same issuer registered in another account",
                { ...certManagerToken, providerArn: OIDC_PROVIDER_ARN.replace(CLUSTER_ACCOUNT, OTHER_ACCOUNT) },
            ],
            ["a token meant for another audience", { ...certManagerToken, audience: "vault" }],
        ];
        for (const [name, token] of refused) {
            it(`refuses ${name}`, async () => assert.equal(await decide(token), "ImplicitlyDenied"));
        }
    });

    describe("zones in another account: cert-manager assumes the DNS account's role", () => {
        describe("podIdentity, with the trust policy of docs/credentials.md", () => {
            const trust = documentedTrustPolicy("podIdentity");
            const stagingCluster = clusterArn(CLUSTER_ACCOUNT, "staging");
            let roleArn: string;
            let identityPolicy: PolicyDocument;
            before(async () => {
                // The documented example is the staging stack's: the same project, stack and cluster.
                const result = await synthYaml(
                    stackYaml({ mode: "podIdentity", clusterName: "staging", assumeRoleArn: DNS_ROLE_ARN }),
                    "staging",
                );
                roleArn = iamArn(one(result, ROLE), "role");
                identityPolicy = identityPolicyOf(result);
            });
            const caller = (pod: Partial<Pod> = {}, arn?: string): Caller => ({
                arn: arn ?? roleArn,
                sessionTags: podSessionTags({ clusterArn: stagingCluster, ...CERT_MANAGER, ...pod }),
            });

            it("docs/credentials.md trusts the ARN the stack's role gets", () => assert.equal(trustedPrincipalArn(trust), roleArn));

            for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
                it(`allows ${action} for cert-manager's session, carrying its transitive Pod Identity tags`, async () => {
                    assert.equal(
                        await evaluate(assumeDnsRoleRequest(action, caller()), { identity: [identityPolicy], resource: trust }),
                        "Allowed",
                    );
                });
            }

            it("is refused when the identity may not pass the session tags on (sts:AssumeRole alone)", async () => {
                const withoutTagSession = assumeRolePolicyDocument(DNS_ROLE_ARN);
                assert.equal(
                    await evaluate(assumeDnsRoleRequest("sts:TagSession", caller()), { identity: [withoutTagSession], resource: trust }),
                    "ImplicitlyDenied",
                );
            });

            const refused: Array<[string, () => Caller]> = [
                ["another ServiceAccount's session", () => caller({ serviceAccount: "default" })],
                ["a session from another namespace", () => caller({ namespace: "team-a" })],
                ["a session from another cluster", () => caller({ clusterArn: clusterArn(CLUSTER_ACCOUNT, "dev") })],
                [
                    "another role of the cluster's account",
                    () => caller({}, `arn:aws:iam::${CLUSTER_ACCOUNT}:role/istio-acme-ingress/other`),
                ],
                ["a role of the same name in another account", () => caller({}, roleArn.replace(CLUSTER_ACCOUNT, OTHER_ACCOUNT))],
            ];
            for (const [name, who] of refused) {
                it(`refuses ${name}`, async () => {
                    const policies = { identity: [assumeRolePolicyDocument(DNS_ROLE_ARN, { sessionTags: true })], resource: trust };
                    for (const action of ["sts:AssumeRole", "sts:TagSession"]) {
                        assert.equal(await evaluate(assumeDnsRoleRequest(action, who()), policies), "ImplicitlyDenied", action);
                    }
                });
            }
        });

        const untagged: Array<{ mode: string; credentials: Route53CredentialsConfig; kind: "role" | "user"; type: string }> = [
            {
                mode: "irsa",
                credentials: { mode: "irsa", oidcProviderArn: OIDC_PROVIDER_ARN, assumeRoleArn: DNS_ROLE_ARN },
                kind: "role",
                type: ROLE,
            },
            { mode: "accessKey", credentials: { mode: "accessKey", assumeRoleArn: DNS_ROLE_ARN }, kind: "user", type: ACCESS_KEY_USER },
        ];
        for (const { mode, credentials, kind, type } of untagged) {
            describe(`${mode}, with the trust policy of docs/credentials.md`, () => {
                // The documented example is the prod stack's role; in accessKey mode, the user.
                const trust = JSON.parse(
                    JSON.stringify(documentedTrustPolicy("irsa")).replace(":role/", `:${kind}/`),
                ) as TrustPolicyDocument;
                let arn: string;
                let identityPolicy: PolicyDocument;
                before(async () => {
                    const result = await synthYaml(stackYaml(credentials), "prod");
                    arn = iamArn(one(result, type), kind);
                    identityPolicy = identityPolicyOf(result);
                });

                it(`docs/credentials.md trusts the ARN the stack's ${kind} gets`, () => assert.equal(trustedPrincipalArn(trust), arn));

                it(`allows sts:AssumeRole for the stack's ${kind}`, async () => {
                    assert.equal(
                        await evaluate(assumeDnsRoleRequest("sts:AssumeRole", { arn }), { identity: [identityPolicy], resource: trust }),
                        "Allowed",
                    );
                });

                // Which ServiceAccount, namespace and cluster may use the role is the first hop's
                // trust policy's to decide (above); here only this one identity may chain.
                const refused: Array<[string, () => string]> = [
                    [`another ${kind} of the cluster's account`, () => `arn:aws:iam::${CLUSTER_ACCOUNT}:${kind}/istio-acme-ingress/other`],
                    [`a ${kind} of the same name in another account`, () => arn.replace(CLUSTER_ACCOUNT, OTHER_ACCOUNT)],
                ];
                for (const [name, other] of refused) {
                    it(`refuses ${name}`, async () => {
                        assert.equal(
                            await evaluate(assumeDnsRoleRequest("sts:AssumeRole", { arn: other() }), {
                                identity: [identityPolicy],
                                resource: trust,
                            }),
                            "ImplicitlyDenied",
                        );
                    });
                }
            });
        }
    });

    describe("DNS-01: the identity's Route53 rights", () => {
        const ZONE_B = "Z9876543210KLMNOPQRST";
        const OTHER_ZONE = "Z0OTHER0ZONE0OF0THIS0ACCOUNT";
        const challenge = (action: Change["action"], name = "_acme-challenge.www.example.com."): Change => ({ action, type: "TXT", name });

        const user = `arn:aws:iam::${CLUSTER_ACCOUNT}:user/istio-acme-ingress/cert-manager`;
        let identityPolicy: PolicyDocument;
        before(async () => {
            identityPolicy = identityPolicyOf(await synthRoute53({}));
        });
        const decide = (zoneId: string, changes: Change[]) =>
            evaluate(changeRequest(user, CLUSTER_ACCOUNT, zoneId, changes), { identity: [identityPolicy] });

        it("allows UPSERT and DELETE of a challenge TXT record in the configured zone", async () => {
            assert.equal(await decide(ZONE_ID, [challenge("UPSERT")]), "Allowed");
            assert.equal(await decide(ZONE_ID, [challenge("DELETE")]), "Allowed");
            assert.equal(await decide(ZONE_ID, [challenge("UPSERT", "_acme-challenge.Apps.Example.com.")]), "Allowed");
        });

        it("allows polling the change's status", async () => {
            const request: IamRequest = {
                principal: user,
                action: "route53:GetChange",
                resource: "arn:aws:route53:::change/C2682N5HXP0BZ4",
                resourceAccount: CLUSTER_ACCOUNT,
                context: {},
            };
            assert.equal(await evaluate(request, { identity: [identityPolicy] }), "Allowed");
        });

        const refused: Array<[string, string, Change[]]> = [
            ["an A record", ZONE_ID, [{ action: "UPSERT", type: "A", name: "www.example.com." }]],
            ["a TXT record under _acme-challenge's name but of type CNAME", ZONE_ID, [{ ...challenge("UPSERT"), type: "CNAME" }]],
            ["a TXT record of another name", ZONE_ID, [{ ...challenge("UPSERT"), name: "www.example.com." }]],
            [
                "a TXT record whose name only contains _acme-challenge",
                ZONE_ID,
                [{ ...challenge("UPSERT"), name: "x._acme-challenge.example.com." }],
            ],
            [
                "a challenge batched with an A record",
                ZONE_ID,
                [challenge("UPSERT"), { action: "UPSERT", type: "A", name: "www.example.com." }],
            ],
            ["CREATE (cert-manager only UPSERTs)", ZONE_ID, [challenge("CREATE")]],
            ["a challenge record in another zone", OTHER_ZONE, [challenge("UPSERT")]],
        ];
        for (const [name, zone, changes] of refused) {
            it(`refuses ${name}`, async () => assert.equal(await decide(zone, changes), "ImplicitlyDenied"));
        }

        it("the DNS account's role with dns01PolicyDocument may write challenges in its zones only", async () => {
            const dnsPolicy = dns01PolicyDocument("aws", [ZONE_ID, ZONE_B]);
            const session = `arn:aws:sts::${DNS_ACCOUNT}:assumed-role/dns01/cert-manager`;
            const run = (zoneId: string, changes: Change[]) =>
                evaluate(changeRequest(session, DNS_ACCOUNT, zoneId, changes), { identity: [dnsPolicy] });
            assert.equal(await run(ZONE_B, [challenge("UPSERT")]), "Allowed");
            assert.equal(await run(ZONE_B, [{ action: "UPSERT", type: "A", name: "www.example.com." }]), "ImplicitlyDenied");
            assert.equal(await run(OTHER_ZONE, [challenge("DELETE")]), "ImplicitlyDenied");
        });
    });
    describe("DNS-01 from two clusters at once: the example stacks shop-eu and shop-us", () => {
        // Both clusters answer challenges for the same hosts in the same zone: cert-manager's solver
        // UPSERTs, then DELETEs, a multivalue TXT record set whose set identifier is the challenge value
        // (test/models/route53.ts challengeChange). IAM sees the same change batch whatever the set identifier.
        const stacks = ["shop-eu", "shop-us"] as const;
        const clusters = new Map<
            string,
            { role: string; session: string; trust: TrustPolicyDocument; policy: PolicyDocument; provider: string }
        >();
        before(async function () {
            this.timeout(120_000);
            for (const stack of stacks) {
                const yaml = readFileSync(join(__dirname, "..", "..", "stacks", `Pulumi.${stack}.yaml`), "utf8");
                const result = await synthYaml(yaml, stack);
                const role = one(result, ROLE);
                const roleArn = iamArn(role, "role");
                const config = parseYaml(yaml) as { config: Record<string, { credentials?: { oidcProviderArn?: string } }> };
                clusters.set(stack, {
                    role: roleArn,
                    session: `arn:aws:sts::${CLUSTER_ACCOUNT}:assumed-role/${String(role.inputs.name)}/cert-manager`,
                    trust: jsonInput<TrustPolicyDocument>(role, "assumeRolePolicy"),
                    policy: identityPolicyOf(result),
                    provider: String(config.config["istio-acme-ingress:route53"].credentials?.oidcProviderArn),
                });
            }
        });
        const cluster = (stack: string) => {
            const found = clusters.get(stack);
            if (!found) throw new Error(`no ${stack}`);
            return found;
        };
        const shopZone = "Z0123456789ABCDEFGHIJ";
        const decide = (stack: string, zoneId: string, changes: Change[]) =>
            evaluate(changeRequest(cluster(stack).session, CLUSTER_ACCOUNT, zoneId, changes), { identity: [cluster(stack).policy] });
        const txt = (action: Change["action"], host: string): Change => ({ action, type: "TXT", name: `_acme-challenge.${host}.` });

        for (const stack of stacks) {
            it(`${stack}: cert-manager may UPSERT and DELETE the multivalue challenge record sets of both hosts`, async () => {
                for (const host of ["shop.domain.com", "www.shop.domain.com"]) {
                    assert.equal(await decide(stack, shopZone, [txt("UPSERT", host)]), "Allowed", host);
                    assert.equal(await decide(stack, shopZone, [txt("DELETE", host)]), "Allowed", host);
                }
            });

            it(`${stack}: and nothing else: not the hosts' routed records, not health checks, not another zone`, async () => {
                assert.equal(
                    await decide(stack, shopZone, [{ action: "UPSERT", type: "A", name: "shop.domain.com." }]),
                    "ImplicitlyDenied",
                );
                assert.equal(
                    await decide(stack, shopZone, [{ action: "DELETE", type: "A", name: "www.shop.domain.com." }]),
                    "ImplicitlyDenied",
                );
                assert.equal(await decide(stack, shopZone, [txt("CREATE", "shop.domain.com")]), "ImplicitlyDenied");
                assert.equal(await decide(stack, "Z0OTHER0ZONE0OF0THIS0ACCOUNT", [txt("UPSERT", "shop.domain.com")]), "ImplicitlyDenied");
                for (const [action, resource] of [
                    ["route53:CreateHealthCheck", "*"],
                    ["route53:UpdateHealthCheck", "arn:aws:route53:::healthcheck/0e1d10a1-01cb-df53-0c05-d7374cd52853"],
                    ["route53:DeleteHealthCheck", "arn:aws:route53:::healthcheck/0e1d10a1-01cb-df53-0c05-d7374cd52853"],
                ]) {
                    const request: IamRequest = {
                        principal: cluster(stack).session,
                        action,
                        resource,
                        resourceAccount: CLUSTER_ACCOUNT,
                        context: {},
                    };
                    assert.equal(await evaluate(request, { identity: [cluster(stack).policy] }), "ImplicitlyDenied", action);
                }
            });
        }

        it("each cluster's role trusts its own cluster's cert-manager only, not the other cluster's", async () => {
            const token = (stack: string): ServiceAccountToken => ({
                providerArn: cluster(stack).provider,
                ...CERT_MANAGER,
                audience: "sts.amazonaws.com",
            });
            const decideTrust = (role: string, from: string) => {
                const { request, keysOutsideReference } = webIdentityRequest(cluster(role).role, token(from));
                return evaluate(request, { resource: cluster(role).trust }, { keysOutsideReference });
            };
            assert.equal(await decideTrust("shop-eu", "shop-eu"), "Allowed");
            assert.equal(await decideTrust("shop-us", "shop-us"), "Allowed");
            assert.equal(await decideTrust("shop-eu", "shop-us"), "ImplicitlyDenied");
            assert.equal(await decideTrust("shop-us", "shop-eu"), "ImplicitlyDenied");
        });
    });
});
