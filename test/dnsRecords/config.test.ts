import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";
import { planIngress } from "../../components/plan";

const TYPE = "service.beta.kubernetes.io/aws-load-balancer-type";

function config(route53: Record<string, unknown> = {}, istio: Record<string, unknown> = {}, hosts = ["www.example.com", "example.com"]) {
    return {
        acme: { email: "ops@example.com" },
        route53: { zones: [{ domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" }], ...route53 },
        istio,
        gateways: [{ name: "web", hosts }],
    };
}

function problems(raw: Record<string, unknown>): Array<[string, string]> {
    const result = validateIngressConfig(raw);
    return result.ok ? [] : result.problems.map((p) => [p.propertyPath, p.reason]);
}

function plan(raw: Record<string, unknown>) {
    const result = validateIngressConfig(raw);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return planIngress(result.config);
}

describe("records config", () => {
    it("writes records by default for a LoadBalancer Service, and none for another type unless asked", () => {
        assert.equal(plan(config()).records?.records.length, 2);
        assert.equal(plan(config({}, { serviceType: "NodePort" })).records, undefined);
        assert.equal(plan(config({ records: false })).records, undefined);
    });

    it("refuses records without a LoadBalancer Service: there is no load balancer to point at", () => {
        assert.deepEqual(problems(config({ records: true }, { serviceType: "ClusterIP" })), [
            [
                "route53.records",
                'true needs a LoadBalancer Service, but istio.serviceType is "ClusterIP": records point at the gateway\'s load balancer',
            ],
        ]);
    });

    it("takes the load balancer from the Service annotations, and a TTL of 300 s for records that are not aliases", () => {
        // No type annotation: an NLB or a Classic Load Balancer, whichever controller claims the Service.
        assert.deepEqual(plan(config()).records?.target, { kind: "aws", dualStack: false, scheme: "internet-facing" });
        assert.deepEqual(plan(config({}, { serviceAnnotations: { [TYPE]: "external" } })).records?.target, {
            kind: "nlb",
            dualStack: false,
            scheme: "internet-facing",
        });
        assert.equal(plan(config({ loadBalancer: { kind: "ipv4" } })).records?.ttl, 300);
        assert.equal(plan(config({ loadBalancer: { kind: "ipv4" }, recordTtl: 60 })).records?.ttl, 60);
    });

    it("asks what the load balancer is when the annotations select one it cannot tell", () => {
        const found = problems(config({}, { serviceAnnotations: { [TYPE]: "alb" } }));
        assert.equal(found.length, 1);
        assert.equal(found[0][0], "route53.loadBalancer.kind");
        assert.match(
            found[0][1],
            /^is required: istio\.serviceAnnotations "service\.beta\.kubernetes\.io\/aws-load-balancer-type: alb" selects/,
        );
        assert.deepEqual(problems(config({ loadBalancer: { kind: "ipv4" } }, { serviceAnnotations: { [TYPE]: "alb" } })), []);
        assert.deepEqual(problems(config({ records: false }, { serviceAnnotations: { [TYPE]: "alb" } })), []);
    });

    it("refuses a CNAME at a zone apex, naming the host", () => {
        assert.deepEqual(problems(config({ loadBalancer: { kind: "hostname" } })), [
            [
                "gateways[0].hosts[1]",
                '"example.com" is the apex of zone example.com, where Route53 allows no CNAME (route53.loadBalancer.kind "hostname"): point it at an alias (kind "nlb" or "classic") or an IP (kind "ipv4" or "ipv6"), or set route53.records to false',
            ],
        ]);
        assert.deepEqual(problems(config({ loadBalancer: { kind: "hostname" } }, {}, ["www.example.com", "*.example.com"])), []);
    });

    it("refuses a TTL for alias records and dual-stack for anything but an NLB", () => {
        assert.deepEqual(problems(config({ recordTtl: 60, loadBalancer: { kind: "classic", dualStack: true } })), [
            [
                "route53.loadBalancer.dualStack",
                'true applies only to kinds "nlb" and "aws" (alias AAAA records to a dual-stack Network Load Balancer), not "classic"',
            ],
            [
                "route53.recordTtl",
                '60 applies only to records that are not aliases (kinds ipv4, ipv6, hostname); alias records to the "classic" load balancer answer with its own TTL',
            ],
        ]);
    });

    it("refuses an unknown kind and a negative TTL on their own", () => {
        const found = problems(config({ recordTtl: -1, loadBalancer: { kind: "alb" } }));
        assert.deepEqual(
            found.map(([path]) => path),
            ["route53.recordTtl", "route53.loadBalancer.kind"],
        );
    });

    it("asks for a role to write the records with when the zones live in another account", () => {
        const other = { credentials: { assumeRoleArn: "arn:aws:iam::210987654321:role/dns01" } };
        assert.deepEqual(
            problems(config(other)).map(([path]) => path),
            ["route53.recordsRoleArn"],
        );
        assert.deepEqual(problems(config({ ...other, recordsRoleArn: "arn:aws:iam::210987654321:role/ingress-records" })), []);
        assert.deepEqual(problems(config({ ...other, records: false })), []);
        assert.equal(
            plan(config({ ...other, recordsRoleArn: "arn:aws:iam::210987654321:role/ingress-records" })).records?.roleArn,
            "arn:aws:iam::210987654321:role/ingress-records",
        );
    });

    describe("split horizon", () => {
        const split = (zones: Array<Record<string, unknown>>) =>
            config({ zones, recursiveNameservers: ["8.8.8.8:53"] }, {}, ["www.example.com"]);
        const publicZone = { domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
        const privateZone = { domain: "example.com", hostedZoneId: "Z9876543210KLMNOPQRST", private: true };

        it("allows one public and one private zone of a name: records in both, challenges in the public one", () => {
            const p = plan(split([publicZone, privateZone]));
            assert.deepEqual(
                p.records?.records.map((r) => [r.name, r.zone.private]),
                [
                    ["www.example.com", false],
                    ["www.example.com", true],
                ],
            );
            assert.deepEqual(
                p.zones.map((z) => [z.domain, z.private, z.dns01]),
                [
                    ["example.com", false, true],
                    ["example.com", true, false],
                ],
            );
        });

        it("still refuses two zones of a name that are both public or both private", () => {
            assert.deepEqual(problems(split([publicZone, { ...publicZone }])), [
                ["route53.zones[1].domain", '"example.com" duplicates zones[0].domain'],
            ]);
            assert.deepEqual(problems(split([privateZone, { ...privateZone }])), [
                [
                    "route53.zones[1].domain",
                    '"example.com" duplicates zones[0].domain (both private; a domain may have one public and one private zone)',
                ],
            ]);
        });
    });
});
