import * as assert from "node:assert/strict";
import { certificatesCoveringHosts, isApex, planRecords, recordInputs, recordTypes, zonesOfHost } from "../../components/dnsRecords/spec";
import {
    addressProblem,
    awsLoadBalancerOf,
    LoadBalancerTarget,
    regionOfLoadBalancer,
    resolveTarget,
    targetFromAnnotations,
} from "../../components/dnsRecords/target";
import type { LoadBalancerKind } from "../../components/enums";

const NLB = { kind: "nlb", dualStack: false, scheme: "internet-facing" } as const;
/** A target of `kind`, internet-facing. */
const at = (kind: LoadBalancerKind, dualStack = false): LoadBalancerTarget => ({ kind, dualStack, scheme: "internet-facing" });
const zones = [
    { domain: "example.com", private: false },
    { domain: "apps.example.com", private: false },
    { domain: "other.org", private: false },
];

describe("DNS record plan", () => {
    describe("host to zone", () => {
        it("puts each host in its deepest zone, wildcards by their base, as the certificates do", () => {
            const hosts = [
                "www.example.com",
                "apps.example.com",
                "api.apps.example.com",
                "*.apps.example.com",
                "*.example.com",
                "other.org",
            ];
            const records = planRecords(hosts, zones, NLB);
            assert.deepEqual(
                records.map((r) => [r.name, r.zone.domain]),
                [
                    ["www.example.com", "example.com"],
                    ["apps.example.com", "apps.example.com"],
                    ["api.apps.example.com", "apps.example.com"],
                    ["*.apps.example.com", "apps.example.com"],
                    ["*.example.com", "example.com"],
                    ["other.org", "other.org"],
                ],
            );
        });

        it("names a wildcard's record *.<base> and its resource wildcard.<base>", () => {
            const [record] = planRecords(["*.apps.example.com"], zones, NLB);
            assert.equal(record.name, "*.apps.example.com");
            assert.equal(record.key, "wildcard.apps.example.com-A");
        });

        it("writes a split-horizon host to the public and the private zone of its name, and nowhere above", () => {
            const split = [...zones, { domain: "apps.example.com", private: true }];
            const records = planRecords(["api.apps.example.com", "www.example.com"], split, NLB);
            assert.deepEqual(
                records.map((r) => [r.key, r.zone.domain, r.zone.private]),
                [
                    ["api.apps.example.com-A", "apps.example.com", false],
                    ["private-api.apps.example.com-A", "apps.example.com", true],
                    ["www.example.com-A", "example.com", false],
                ],
            );
            assert.deepEqual(zonesOfHost("www.other.net", split), []);
        });

        it("writes an internal load balancer's records to private zones only", () => {
            const split = [...zones, { domain: "apps.example.com", private: true }];
            const internal = { ...NLB, scheme: "internal" } as const;
            assert.deepEqual(
                planRecords(["api.apps.example.com", "www.example.com"], split, internal).map((r) => r.key),
                ["private-api.apps.example.com-A"],
            );
        });

        it("knows the apex: the zone's own name, never a wildcard", () => {
            assert.equal(isApex("example.com", "example.com"), true);
            assert.equal(isApex("www.example.com", "example.com"), false);
            assert.equal(isApex("*.example.com", "example.com"), false);
        });
    });

    describe("record type by load balancer", () => {
        it("aliases an AWS load balancer with A, and AAAA too when it is dual-stack", () => {
            assert.deepEqual(recordTypes(at("nlb", false)), ["A"]);
            assert.deepEqual(recordTypes(at("nlb", true)), ["A", "AAAA"]);
            assert.deepEqual(recordTypes(at("classic", false)), ["A"]);
            const records = planRecords(["example.com"], zones, at("nlb", true));
            assert.deepEqual(
                records.map((r) => [r.type, r.alias]),
                [
                    ["A", true],
                    ["AAAA", true],
                ],
            );
        });

        it("gives an IP an A or AAAA record and any other name a CNAME", () => {
            assert.deepEqual(recordTypes(at("ipv4", false)), ["A"]);
            assert.deepEqual(recordTypes(at("ipv6", false)), ["AAAA"]);
            assert.deepEqual(recordTypes(at("hostname", false)), ["CNAME"]);
            const [record] = planRecords(["www.example.com"], zones, at("ipv4", false));
            assert.equal(record.alias, false);
        });

        it("never plans a CNAME at a zone apex (Route53 refuses one there), but a wildcard CNAME is fine", () => {
            const hostname = at("hostname");
            assert.throws(
                () => planRecords(["apps.example.com"], zones, hostname),
                /apps\.example\.com is the apex of zone apps\.example\.com/,
            );
            assert.equal(planRecords(["*.apps.example.com"], zones, hostname)[0].type, "CNAME");
            // An alias at the apex is what Route53 allows there.
            assert.equal(planRecords(["apps.example.com"], zones, NLB)[0].type, "A");
        });
    });

    it("finds the certificates covering each host: its own name, or a wildcard over its parent only", () => {
        const certificates = [
            { name: "web", dnsNames: ["www.example.com", "*.apps.example.com"] },
            { name: "web-2", dnsNames: ["example.com", "*.example.com"] },
        ];
        const covering = certificatesCoveringHosts(
            ["www.example.com", "x.apps.example.com", "a.b.example.com", "*.apps.example.com", "example.com"],
            certificates,
        );
        assert.deepEqual(Object.fromEntries(covering), {
            "www.example.com": ["web", "web-2"],
            "x.apps.example.com": ["web"],
            "a.b.example.com": [],
            "*.apps.example.com": ["web"],
            "example.com": ["web-2"],
        });
    });

    describe("record inputs", () => {
        const [alias] = planRecords(["www.example.com"], zones, NLB);
        const [plain] = planRecords(["www.example.com"], zones, at("hostname", false));
        const target = { hostedZoneId: "Z0123456789ABCDEFGHIJ", address: "lb.example.net", aliasZoneId: "Z2EPGBW3API2WT", ttl: 60 };

        it("aliases the load balancer in its canonical zone, evaluating its target health, with no TTL", () => {
            assert.deepEqual(recordInputs(alias, target), {
                zoneId: "Z0123456789ABCDEFGHIJ",
                name: "www.example.com",
                type: "A",
                allowOverwrite: false,
                aliases: [{ name: "lb.example.net", zoneId: "Z2EPGBW3API2WT", evaluateTargetHealth: true }],
            });
        });

        it("gives other records the address and the TTL, and never overwrites", () => {
            assert.deepEqual(recordInputs(plain, target), {
                zoneId: "Z0123456789ABCDEFGHIJ",
                name: "www.example.com",
                type: "CNAME",
                allowOverwrite: false,
                ttl: 60,
                records: ["lb.example.net"],
            });
        });
    });
});

describe("load balancer target", () => {
    const TYPE = "service.beta.kubernetes.io/aws-load-balancer-type";
    const IP_TYPE = "service.beta.kubernetes.io/aws-load-balancer-ip-address-type";

    it("reads the AWS load balancer type the Service annotations select", () => {
        // No type annotation: an NLB where the AWS Load Balancer Controller's webhook claims the Service,
        // a Classic Load Balancer where the in-tree provider makes it; the address says which.
        assert.deepEqual(targetFromAnnotations({}), { kind: "aws", dualStack: false });
        assert.deepEqual(targetFromAnnotations({ [IP_TYPE]: "dualstack" }), { kind: "aws", dualStack: true });
        assert.deepEqual(targetFromAnnotations({ [TYPE]: "external" }), { kind: "nlb", dualStack: false });
        assert.deepEqual(targetFromAnnotations({ [TYPE]: "nlb" }), { kind: "nlb", dualStack: false });
        assert.deepEqual(targetFromAnnotations({ [TYPE]: "nlb-ip" }), { kind: "nlb", dualStack: false });
        assert.deepEqual(targetFromAnnotations({ [TYPE]: "external", [IP_TYPE]: "dualstack" }), { kind: "nlb", dualStack: true });
        assert.equal(targetFromAnnotations({ [TYPE]: "alb" }), undefined);
    });

    it("lets the config say what the annotations cannot", () => {
        assert.deepEqual(resolveTarget({ kind: "ipv4" }, { [TYPE]: "alb" }, "internet-facing"), {
            kind: "ipv4",
            dualStack: false,
            scheme: "internet-facing",
        });
        assert.deepEqual(resolveTarget({ dualStack: true }, { [TYPE]: "external" }, "internet-facing"), {
            kind: "nlb",
            dualStack: true,
            scheme: "internet-facing",
        });
        assert.deepEqual(resolveTarget({ kind: "hostname" }, { [TYPE]: "external", [IP_TYPE]: "dualstack" }, "internet-facing"), {
            kind: "hostname",
            dualStack: false,
            scheme: "internet-facing",
        });
        assert.equal(resolveTarget(undefined, { [TYPE]: "alb" }, "internet-facing"), undefined);
    });

    it("finds the region in NLB and Classic Load Balancer hostnames", () => {
        assert.equal(
            regionOfLoadBalancer("nlb", "k8s-istioing-istioing-0123456789-0123456789abcdef.elb.ca-central-1.amazonaws.com"),
            "ca-central-1",
        );
        assert.equal(
            regionOfLoadBalancer("classic", "a0123456789abcdef0123456789abcde-1234567890.us-east-1.elb.amazonaws.com"),
            "us-east-1",
        );
        assert.equal(regionOfLoadBalancer("classic", "internal-a01234-1234567890.eu-west-1.elb.amazonaws.com"), "eu-west-1");
        assert.equal(regionOfLoadBalancer("nlb", "a0123-1234567890.us-east-1.elb.amazonaws.com"), undefined);
    });

    it("refuses, at deploy time, an address of another kind than the records expect, saying which kind it is", () => {
        const classic = "a0123456789abcdef0123456789abcde-1234567890.us-east-1.elb.amazonaws.com";
        assert.equal(addressProblem(at("classic"), classic), undefined);
        assert.match(
            addressProblem(at("nlb"), classic) ?? "",
            /is not an AWS Network Load Balancer hostname .* it looks like kind "classic"/,
        );
        assert.match(
            addressProblem(at("classic"), "203.0.113.7") ?? "",
            /it looks like kind "ipv4": set route53\.loadBalancer\.kind to "ipv4"/,
        );
        assert.equal(addressProblem(at("ipv4"), "203.0.113.7"), undefined);
        assert.equal(addressProblem(at("ipv6"), "2001:db8::7"), undefined);
        assert.match(addressProblem(at("ipv4"), "2001:db8::7") ?? "", /looks like kind "ipv6"/);
        assert.equal(addressProblem(at("hostname"), "lb.example.net"), undefined);
        assert.match(addressProblem(at("hostname"), "203.0.113.7") ?? "", /looks like kind "ipv4"/);
        assert.match(addressProblem(at("nlb"), "") ?? "", /has no load balancer address yet/);
    });
    // AWS's forms: an NLB's DNS name is <name>-<id>.elb.<region>.amazonaws.com, a Classic Load Balancer's
    // <name>-<id>.<region>.elb.amazonaws.com, internal-<name>-<id>.<region>.elb.amazonaws.com when internal
    // (Elastic Load Balancing user guides: "DNS name"; "Internal Classic Load Balancers").
    const NLB_HOST = "k8s-istioing-istioing-0123456789-0123456789abcdef.elb.ca-central-1.amazonaws.com";
    const CLASSIC_HOST = "a0123456789abcdef0123456789abcde-1234567890.ca-central-1.elb.amazonaws.com";
    const INTERNAL_CLASSIC_HOST = "internal-a0123456789abcdef0123456789abcde-1234567890.ca-central-1.elb.amazonaws.com";

    it("tells an NLB from a Classic Load Balancer by the form of its hostname", () => {
        assert.equal(awsLoadBalancerOf(NLB_HOST), "nlb");
        assert.equal(awsLoadBalancerOf(CLASSIC_HOST), "classic");
        assert.equal(awsLoadBalancerOf(INTERNAL_CLASSIC_HOST), "classic");
        assert.equal(awsLoadBalancerOf("a1b2.elb.cn-north-1.amazonaws.com.cn"), "nlb");
        assert.equal(awsLoadBalancerOf("lb.example.net"), undefined);
        assert.equal(awsLoadBalancerOf("203.0.113.7"), undefined);
    });

    it("with kind aws, takes either AWS load balancer and plans the same keys and types for both", () => {
        assert.equal(addressProblem(at("aws"), NLB_HOST), undefined);
        assert.equal(addressProblem(at("aws"), CLASSIC_HOST), undefined);
        assert.deepEqual(
            planRecords(["www.example.com"], zones, at("aws")).map((r) => [r.key, r.type, r.alias]),
            planRecords(["www.example.com"], zones, NLB).map((r) => [r.key, r.type, r.alias]),
        );
        assert.match(
            addressProblem(at("aws"), "203.0.113.7") ?? "",
            /is not an AWS load balancer hostname .* as route53\.loadBalancer\.kind "aws" expects; it looks like kind "ipv4": set route53\.loadBalancer\.kind to "ipv4"/,
        );
    });

    it("advises kind aws, or the kind the address shows, when an AWS load balancer is of the other kind", () => {
        assert.match(
            addressProblem(at("classic"), NLB_HOST) ?? "",
            /set route53\.loadBalancer\.kind to "aws" \(decided from the address\) or "nlb"/,
        );
    });

    it("refuses a Classic Load Balancer of the other scheme: the cloud provider never changes a scheme it made", () => {
        assert.match(
            addressProblem(at("aws"), INTERNAL_CLASSIC_HOST) ?? "",
            /is an internal Classic Load Balancer, but istio\.loadBalancerScheme is "internet-facing".*Re-create the gateway's Service/,
        );
        assert.equal(addressProblem({ ...at("classic"), scheme: "internal" }, INTERNAL_CLASSIC_HOST), undefined);
        assert.match(
            addressProblem({ ...at("aws"), scheme: "internal" }, CLASSIC_HOST) ?? "",
            /is an internet-facing Classic Load Balancer/,
        );
        // An NLB's name does not show its scheme.
        assert.equal(addressProblem({ ...at("aws"), scheme: "internal" }, NLB_HOST), undefined);
    });

    it("refuses dual-stack records for an address that turns out to be a Classic Load Balancer", () => {
        assert.equal(addressProblem(at("aws", true), NLB_HOST), undefined);
        assert.match(addressProblem(at("aws", true), CLASSIC_HOST) ?? "", /is a Classic Load Balancer, which has no IPv6 address/);
    });
});
