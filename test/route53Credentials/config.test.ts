import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";
import { synthYaml } from "../support/harness";
import { DNS_ROLE_ARN, OIDC_PROVIDER_ARN, ZONE_ID } from "./support";

function problemsWith(route53: Record<string, unknown>) {
    const result = validateIngressConfig({
        acme: { email: "ops@example.com" },
        // Records off: their checks (test/dnsRecords) would add theirs to these credentials cases.
        route53: { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }], records: false, ...route53 },
        gateways: [{ name: "web", hosts: ["www.example.com"] }],
    });
    return result.ok ? [] : result.problems;
}

const modeOnly = (mode: string) => `applies only with route53.credentials.mode: "${mode}"`;

describe("route53.credentials and private zones in config", () => {
    const accepted: Array<[string, Record<string, unknown>]> = [
        ["no credentials block", {}],
        ["accessKey without mode", { credentials: { rotateDays: 30 } }],
        ["irsa", { credentials: { mode: "irsa", oidcProviderArn: OIDC_PROVIDER_ARN } }],
        ["podIdentity with assumeRoleArn", { credentials: { mode: "podIdentity", clusterName: "prod-1", assumeRoleArn: DNS_ROLE_ARN } }],
        [
            "a private zone with ID and nameservers",
            { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID, private: true }], recursiveNameservers: ["10.0.0.2:53"] },
        ],
    ];
    for (const [name, route53] of accepted) {
        it(`accepts ${name}`, () => assert.deepEqual(problemsWith(route53), []));
    }

    it("defaults to accessKey without rotation", () => {
        const result = validateIngressConfig({
            acme: { email: "ops@example.com" },
            route53: { zones: [{ domain: "example.com" }] },
            gateways: [{ name: "web", hosts: ["www.example.com"] }],
        });
        assert.ok(result.ok);
        assert.deepEqual(result.config.route53.credentials, { mode: "accessKey" });
        assert.equal(result.config.route53.zones[0].private, false);
    });

    const rejected: Array<{ name: string; route53: Record<string, unknown>; problems: Array<[string, string | RegExp]> }> = [
        {
            name: "an OIDC provider ARN in accessKey mode",
            route53: { credentials: { mode: "accessKey", oidcProviderArn: OIDC_PROVIDER_ARN } },
            problems: [["route53.credentials.oidcProviderArn", modeOnly("irsa")]],
        },
        {
            name: "rotateDays in irsa mode",
            route53: { credentials: { mode: "irsa", oidcProviderArn: OIDC_PROVIDER_ARN, rotateDays: 90 } },
            problems: [["route53.credentials.rotateDays", modeOnly("accessKey")]],
        },
        {
            name: "clusterName in irsa mode",
            route53: { credentials: { mode: "irsa", oidcProviderArn: OIDC_PROVIDER_ARN, clusterName: "prod" } },
            problems: [["route53.credentials.clusterName", modeOnly("podIdentity")]],
        },
        {
            name: "irsa without oidcProviderArn",
            route53: { credentials: { mode: "irsa" } },
            problems: [["route53.credentials.oidcProviderArn", "is required"]],
        },
        {
            name: "podIdentity without clusterName",
            route53: { credentials: { mode: "podIdentity" } },
            problems: [["route53.credentials.clusterName", "is required"]],
        },
        {
            name: "an unknown mode",
            route53: { credentials: { mode: "iam" } },
            problems: [["route53.credentials.mode", '"iam" must be "accessKey", "irsa" or "podIdentity"']],
        },
        {
            name: "a role ARN where the OIDC provider's belongs",
            route53: { credentials: { mode: "irsa", oidcProviderArn: DNS_ROLE_ARN } },
            problems: [
                ["route53.credentials.oidcProviderArn", /^"arn:aws:iam::210987654321:role\/dns01" must be an IAM OIDC provider ARN/],
            ],
        },
        {
            name: "an assumeRoleArn that is not a role ARN",
            route53: { credentials: { assumeRoleArn: OIDC_PROVIDER_ARN } },
            problems: [["route53.credentials.assumeRoleArn", /must be an IAM role ARN such as "arn:aws:iam::210987654321:role\/dns01"$/]],
        },
        {
            name: "rotateDays of 0",
            route53: { credentials: { rotateDays: 0 } },
            problems: [["route53.credentials.rotateDays", "0 must be at least 1 day"]],
        },
        {
            name: "a bad cluster name",
            route53: { credentials: { mode: "podIdentity", clusterName: "prod cluster" } },
            problems: [["route53.credentials.clusterName", /^"prod cluster" must be an EKS cluster name/]],
        },
        {
            name: "a private zone without hostedZoneId or nameservers",
            route53: { zones: [{ domain: "example.com", private: true }] },
            problems: [
                ["route53.zones[0].hostedZoneId", "is required for a private zone (cert-manager's zone lookup skips private zones)"],
                [
                    "route53.recursiveNameservers",
                    'is required when a zone is private ("example.com"): cert-manager\'s self-check must ask resolvers inside the VPC, which see it, e.g. the VPC resolver ["169.254.169.253:53"]',
                ],
            ],
        },
        {
            name: "assumeRoleArn with a zone to look up",
            route53: { zones: [{ domain: "example.com" }], credentials: { assumeRoleArn: DNS_ROLE_ARN } },
            problems: [["route53.zones[0].hostedZoneId", "is required with credentials.assumeRoleArn (the zones live in another account)"]],
        },
        {
            name: "a nameserver without port",
            route53: { recursiveNameservers: ["8.8.8.8"] },
            problems: [
                [
                    "route53.recursiveNameservers[0]",
                    '"8.8.8.8" must be "host:port" such as "8.8.8.8:53", or an https:// DNS-over-HTTPS URL',
                ],
            ],
        },
    ];
    for (const c of rejected) {
        it(`rejects ${c.name}`, () => {
            const problems = problemsWith(c.route53);
            assert.deepEqual(
                problems.map((p) => p.propertyPath),
                c.problems.map(([path]) => path),
            );
            c.problems.forEach(([, reason], i) => {
                if (typeof reason === "string") assert.equal(problems[i].reason, reason);
                else assert.match(problems[i].reason, reason);
            });
        });
    }

    it("a stack config with mixed and missing fields fails, naming each config key", async () => {
        const yaml = `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53:
    credentials: { mode: irsa, rotateDays: 90 }
    zones: [{ domain: example.com, hostedZoneId: ${ZONE_ID} }]
  istio-acme-ingress:gateways: [{ name: web, hosts: [www.example.com] }]
`;
        await assert.rejects(synthYaml(yaml), (error: Error) => {
            assert.match(error.message, /istio-acme-ingress:route53\.credentials\.oidcProviderArn: is required/);
            assert.match(
                error.message,
                /istio-acme-ingress:route53\.credentials\.rotateDays: applies only with route53\.credentials\.mode: "accessKey"/,
            );
            return true;
        });
    });
});
