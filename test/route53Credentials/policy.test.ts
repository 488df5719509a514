import * as assert from "node:assert/strict";
import {
    assumeRolePolicyDocument,
    dns01PolicyDocument,
    identityPolicyDocument,
    PolicyDocument,
} from "../../components/route53Credentials/policy";
import type { CredentialsPlan } from "../../components/route53Credentials/mode";

const ZONE_A = "Z0123456789ABCDEFGHIJ";
const ZONE_B = "Z9876543210KLMNOPQRST";
const DNS_ROLE = "arn:aws:iam::210987654321:role/dns01";

const resourcesOf = (document: PolicyDocument) => document.Statement.flatMap((s) => [s.Resource].flat());
const actionsOf = (document: PolicyDocument) => document.Statement.flatMap((s) => [s.Action].flat());

describe("Route53 permission policies", () => {
    describe("dns01PolicyDocument", () => {
        it("allows GetChange on changes and TXT UPSERT/DELETE under _acme-challenge. in the given zones only", () => {
            assert.deepEqual(dns01PolicyDocument("aws", [ZONE_B, ZONE_A, ZONE_B]), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ReadChallengeChangeStatus",
                        Effect: "Allow",
                        Action: "route53:GetChange",
                        Resource: "arn:aws:route53:::change/*",
                    },
                    {
                        Sid: "WriteChallengeRecords",
                        Effect: "Allow",
                        Action: "route53:ChangeResourceRecordSets",
                        Resource: [`arn:aws:route53:::hostedzone/${ZONE_A}`, `arn:aws:route53:::hostedzone/${ZONE_B}`],
                        Condition: {
                            "ForAllValues:StringEquals": {
                                "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"],
                                "route53:ChangeResourceRecordSetsActions": ["UPSERT", "DELETE"],
                            },
                            "ForAllValues:StringLike": {
                                "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"],
                            },
                        },
                    },
                ],
            });
        });

        it("uses the partition it is given", () => {
            assert.deepEqual(resourcesOf(dns01PolicyDocument("aws-cn", [ZONE_A])), [
                "arn:aws-cn:route53:::change/*",
                `arn:aws-cn:route53:::hostedzone/${ZONE_A}`,
            ]);
        });

        it("refuses an empty zone list rather than granting nothing or everything", () => {
            assert.throws(() => dns01PolicyDocument("aws", []), /at least one hosted zone/);
        });
    });

    describe("assumeRolePolicyDocument", () => {
        it("allows sts:AssumeRole on that one role and nothing else", () => {
            assert.deepEqual(assumeRolePolicyDocument(DNS_ROLE), {
                Version: "2012-10-17",
                Statement: [{ Sid: "AssumeDns01Role", Effect: "Allow", Action: "sts:AssumeRole", Resource: DNS_ROLE }],
            });
        });

        it("with session tags, also sts:TagSession on that role, and nothing else", () => {
            assert.deepEqual(assumeRolePolicyDocument(DNS_ROLE, { sessionTags: true }), {
                Version: "2012-10-17",
                Statement: [{ Sid: "AssumeDns01Role", Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: DNS_ROLE }],
            });
        });
    });

    describe("identityPolicyDocument: least privilege in every case", () => {
        const cases: Array<{ name: string; plan: Pick<CredentialsPlan, "mode" | "assumeRoleArn">; actions: string[] }> = [
            {
                name: "zones in this account",
                plan: { mode: "accessKey" },
                actions: ["route53:GetChange", "route53:ChangeResourceRecordSets"],
            },
            {
                name: "zones in this account, Pod Identity",
                plan: { mode: "podIdentity" },
                actions: ["route53:GetChange", "route53:ChangeResourceRecordSets"],
            },
            {
                name: "zones in another account, access key",
                plan: { mode: "accessKey", assumeRoleArn: DNS_ROLE },
                actions: ["sts:AssumeRole"],
            },
            { name: "zones in another account, IRSA", plan: { mode: "irsa", assumeRoleArn: DNS_ROLE }, actions: ["sts:AssumeRole"] },
            {
                name: "zones in another account, Pod Identity (transitive session tags)",
                plan: { mode: "podIdentity", assumeRoleArn: DNS_ROLE },
                actions: ["sts:AssumeRole", "sts:TagSession"],
            },
        ];
        for (const c of cases) {
            it(`${c.name}: ${c.actions.join(", ")}`, () => {
                const document = identityPolicyDocument("aws", [ZONE_A, ZONE_B], c.plan);
                assert.deepEqual(actionsOf(document), c.actions);
                for (const action of actionsOf(document)) assert.ok(!action.includes("*"), `no wildcard action: ${action}`);
                for (const resource of resourcesOf(document)) {
                    assert.notEqual(resource, "*");
                    if (resource.includes("*"))
                        assert.equal(resource, "arn:aws:route53:::change/*", "only GetChange's change/* has a wildcard");
                }
                assert.ok(document.Statement.every((s) => s.Effect === "Allow"));
            });
        }

        it("with assumeRoleArn the identity has no Route53 rights of its own", () => {
            const document = identityPolicyDocument("aws", [ZONE_A], { mode: "podIdentity", assumeRoleArn: DNS_ROLE });
            assert.ok(actionsOf(document).every((action) => !action.startsWith("route53:")));
            assert.deepEqual(resourcesOf(document), [DNS_ROLE]);
        });
    });
});
