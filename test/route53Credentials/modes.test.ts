import * as assert from "node:assert/strict";
import type { Route53CredentialsConfig } from "../../components/args";
import { identityPolicyDocument, PolicyDocument } from "../../components/route53Credentials/policy";
import { irsaTrustPolicy, podIdentityTrustPolicy, TrustPolicyDocument } from "../../components/route53Credentials/trust";
import type { SynthResult } from "../../tools/synth/engine";
import { PLACEHOLDER_ACCOUNT_ID } from "../../testing/placeholders";
import { one, ofType, transitiveDependencies } from "../support/harness";
import { DEFAULT_CERT_MANAGER_VERSION, DEFAULT_ISTIO_VERSION } from "../../components/config/defaults";
import { fixturesLabel } from "../../tools/schemas/sources";
import { upstreamSchemasOrPending } from "../support/upstreamSchemas";
import {
    ACCESS_KEY,
    certManagerRelease,
    credentialTypes,
    DNS_ROLE_ARN,
    jsonInput,
    OIDC_PROVIDER_ARN,
    POD_IDENTITY,
    ROLE,
    ROTATING,
    SECRET,
    solvers,
    synthRoute53,
    ZONE_ID,
} from "./support";

const COMMON = ["aws:iam/policy:Policy"];
const ACCESS_KEY_TYPES = [...COMMON, ACCESS_KEY, "aws:iam/user:User", "aws:iam/userPolicyAttachment:UserPolicyAttachment", SECRET].sort();
const ROLE_TYPES = [...COMMON, ROLE, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"].sort();

interface ModeCase {
    name: string;
    credentials?: Route53CredentialsConfig;
    types: string[];
}

const UPSTREAM_LABEL = fixturesLabel(DEFAULT_ISTIO_VERSION, DEFAULT_CERT_MANAGER_VERSION);

const modes: ModeCase[] = [
    { name: "accessKey (the default)", types: ACCESS_KEY_TYPES },
    {
        name: "accessKey with rotateDays",
        credentials: { mode: "accessKey", rotateDays: 90 },
        types: [...ACCESS_KEY_TYPES, ROTATING].sort(),
    },
    { name: "irsa", credentials: { mode: "irsa", oidcProviderArn: OIDC_PROVIDER_ARN }, types: ROLE_TYPES },
    { name: "podIdentity", credentials: { mode: "podIdentity", clusterName: "prod" }, types: [...ROLE_TYPES, POD_IDENTITY].sort() },
];

describe("Route53Credentials modes", () => {
    const results = new Map<string, SynthResult>();
    before(async () => {
        for (const mode of modes) results.set(mode.name, await synthRoute53({ credentials: mode.credentials }));
    });

    for (const mode of modes) {
        describe(mode.name, () => {
            it(`creates ${mode.types.map((t) => t.split(":").pop()).join(", ")} and nothing else`, () => {
                const result = results.get(mode.name) as SynthResult;
                assert.deepEqual(credentialTypes(result), mode.types);
                const elsewhere = result.resources.filter(
                    (r) => r.type.startsWith("aws:") || r.type.startsWith("time:") || r.type === SECRET,
                );
                assert.equal(elsewhere.length, mode.types.length, "no AWS resource or Secret outside it");
            });

            it(`passes the upstream CRD and chart value schemas (${UPSTREAM_LABEL})`, function () {
                upstreamSchemasOrPending(this).assertMatchesUpstream(results.get(mode.name) as SynthResult);
            });
        });
    }

    describe("accessKey", () => {
        it("solvers read the key from the Secret and the user gets the DNS-01 policy", () => {
            const result = results.get("accessKey (the default)") as SynthResult;
            const secret = one(result, SECRET);
            assert.deepEqual(solvers(result)[0].dns01.route53, {
                region: "ca-central-1",
                hostedZoneID: ZONE_ID,
                accessKeyIDSecretRef: { name: "route53-dns01-credentials", key: "access-key-id" },
                secretAccessKeySecretRef: { name: "route53-dns01-credentials", key: "secret-access-key" },
            });
            assert.equal((secret.inputs.metadata as { namespace: string }).namespace, "cert-manager");
            assert.deepEqual(
                jsonInput<PolicyDocument>(one(result, "aws:iam/policy:Policy"), "policy"),
                identityPolicyDocument("aws", [ZONE_ID], { mode: "accessKey" }),
            );
            assert.equal(
                certManagerRelease(result).inputs.values &&
                    (certManagerRelease(result).inputs.values as Record<string, unknown>).serviceAccount,
                undefined,
            );
        });
    });

    describe("irsa", () => {
        it("the role trusts only cert-manager's ServiceAccount through the OIDC provider", () => {
            const role = one(results.get("irsa") as SynthResult, ROLE);
            assert.deepEqual(
                jsonInput<TrustPolicyDocument>(role, "assumeRolePolicy"),
                irsaTrustPolicy(OIDC_PROVIDER_ARN, { namespace: "cert-manager", name: "cert-manager" }),
            );
        });

        it("sets the role ARN on cert-manager's ServiceAccount through the chart values, once the policy is attached", () => {
            const result = results.get("irsa") as SynthResult;
            const role = one(result, ROLE);
            const release = certManagerRelease(result);
            assert.deepEqual((release.inputs.values as Record<string, unknown>).serviceAccount, {
                name: "cert-manager",
                annotations: {
                    "eks.amazonaws.com/role-arn": `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:role/istio-acme-ingress/${String(role.inputs.name)}`,
                },
            });
            const attachment = one(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
            assert.ok(transitiveDependencies(result, release).has(attachment.urn));
        });

        it("solvers carry no secret reference", () => {
            assert.deepEqual(solvers(results.get("irsa") as SynthResult)[0].dns01.route53, {
                region: "ca-central-1",
                hostedZoneID: ZONE_ID,
            });
        });
    });

    describe("podIdentity", () => {
        it("the role trusts EKS Pod Identity for this cluster only", () => {
            const role = one(results.get("podIdentity") as SynthResult, ROLE);
            assert.deepEqual(
                jsonInput<TrustPolicyDocument>(role, "assumeRolePolicy"),
                podIdentityTrustPolicy(`arn:aws:eks:ca-central-1:${PLACEHOLDER_ACCOUNT_ID}:cluster/prod`, {
                    namespace: "cert-manager",
                    name: "cert-manager",
                }),
            );
        });

        it("associates the role with cert-manager's ServiceAccount, and cert-manager starts only after that", () => {
            const result = results.get("podIdentity") as SynthResult;
            const association = one(result, POD_IDENTITY);
            const role = one(result, ROLE);
            assert.deepEqual(
                { ...association.inputs, tags: undefined },
                {
                    clusterName: "prod",
                    namespace: "cert-manager",
                    serviceAccount: "cert-manager",
                    roleArn: `arn:aws:iam::${PLACEHOLDER_ACCOUNT_ID}:role/istio-acme-ingress/${String(role.inputs.name)}`,
                    disableSessionTags: false,
                    tags: undefined,
                },
            );
            const release = certManagerRelease(result);
            assert.ok(transitiveDependencies(result, release).has(association.urn));
            assert.deepEqual((release.inputs.values as Record<string, unknown>).serviceAccount, { name: "cert-manager", annotations: {} });
        });

        it("solvers carry no secret reference", () => {
            assert.deepEqual(solvers(results.get("podIdentity") as SynthResult)[0].dns01.route53, {
                region: "ca-central-1",
                hostedZoneID: ZONE_ID,
            });
        });
    });

    describe("assumeRoleArn", () => {
        const withRole: Array<{ credentials: Route53CredentialsConfig; actions: string | string[] }> = [
            { credentials: { assumeRoleArn: DNS_ROLE_ARN }, actions: "sts:AssumeRole" },
            { credentials: { mode: "irsa", oidcProviderArn: OIDC_PROVIDER_ARN, assumeRoleArn: DNS_ROLE_ARN }, actions: "sts:AssumeRole" },
            // Pod Identity's session tags are transitive: passing them on takes sts:TagSession.
            {
                credentials: { mode: "podIdentity", clusterName: "prod", assumeRoleArn: DNS_ROLE_ARN },
                actions: ["sts:AssumeRole", "sts:TagSession"],
            },
        ];
        for (const { credentials, actions } of withRole) {
            it(`${credentials.mode ?? "accessKey"}: solvers carry role; the identity may only ${[actions].flat().join(" and ")} on it`, async () => {
                const result = await synthRoute53({ credentials });
                for (const solver of solvers(result)) assert.equal(solver.dns01.route53.role, DNS_ROLE_ARN);
                const policy = jsonInput<PolicyDocument>(one(result, "aws:iam/policy:Policy"), "policy");
                assert.deepEqual(policy.Statement, [{ Sid: "AssumeDns01Role", Effect: "Allow", Action: actions, Resource: DNS_ROLE_ARN }]);
            });
        }
    });

    describe("private zones", () => {
        let result: SynthResult;
        before(async () => {
            result = await synthRoute53({
                zones: [{ domain: "example.com", hostedZoneId: ZONE_ID, private: true }],
                recursiveNameservers: ["169.254.169.253:53", "https://1.1.1.1/dns-query"],
            });
        });

        it("gives cert-manager the recursive nameservers and makes it use only those", () => {
            const values = certManagerRelease(result).inputs.values as Record<string, unknown>;
            assert.equal(values.dns01RecursiveNameservers, "169.254.169.253:53,https://1.1.1.1/dns-query");
            assert.equal(values.dns01RecursiveNameserversOnly, true);
            assert.equal(solvers(result)[0].dns01.route53.hostedZoneID, ZONE_ID);
        });

        it(`with recursive nameservers passes the upstream schemas (${UPSTREAM_LABEL})`, function () {
            upstreamSchemasOrPending(this).assertMatchesUpstream(result);
        });

        it("without recursive nameservers the chart keeps its defaults", () => {
            const values = certManagerRelease(results.get("irsa") as SynthResult).inputs.values as Record<string, unknown>;
            assert.ok(!("dns01RecursiveNameservers" in values) && !("dns01RecursiveNameserversOnly" in values));
        });
    });

    it("no mode looks up zones that were given by ID", () => {
        for (const result of results.values()) assert.equal(ofType(result, "aws:route53/zone:Zone").length, 0);
    });
});
