import * as assert from "node:assert/strict";
import type { ResourceRecordSet } from "@aws-sdk/client-route-53";
import { challengeChange, Route53, Route53Error } from "./route53";

/** The Route53 model refuses what Route53 refuses, with its error code and (where on record) its message. */
const ZONE = "Z0123456789ABCDEFGHIJ";
const CHECK_EU = "0e1d10a1-01cb-df53-0c05-d7374cd52853";
const CHECK_US = "9a0b1c2d-3e4f-5a6b-7c8d-9e0f1a2b3c4d";

function route53(): Route53 {
    const model = new Route53();
    model.createHostedZone(ZONE, "example.com");
    model.createHealthCheck(CHECK_EU, { Type: "HTTP", FullyQualifiedDomainName: "lb-eu.elb.eu-west-1.amazonaws.com", Port: 15021 });
    model.createHealthCheck(CHECK_US, { Type: "HTTP", FullyQualifiedDomainName: "lb-us.elb.us-east-1.amazonaws.com", Port: 15021 });
    return model;
}

const alias = (dnsName: string, extra: Partial<ResourceRecordSet> = {}): ResourceRecordSet => ({
    Name: "www.example.com",
    Type: "A",
    AliasTarget: { DNSName: dnsName, HostedZoneId: "Z2IFOLAFXWLO4F", EvaluateTargetHealth: true },
    ...extra,
});
const eu = (extra: Partial<ResourceRecordSet>) =>
    alias("lb-eu.elb.eu-west-1.amazonaws.com", { SetIdentifier: "eu", HealthCheckId: CHECK_EU, ...extra });
const us = (extra: Partial<ResourceRecordSet>) =>
    alias("lb-us.elb.us-east-1.amazonaws.com", { SetIdentifier: "us", HealthCheckId: CHECK_US, ...extra });

function refusal(run: () => void): { code: string; message: string } {
    try {
        run();
    } catch (error) {
        if (error instanceof Route53Error) return { code: error.code, message: error.message.slice(error.code.length + 2) };
        throw error;
    }
    throw new Error("Route53 accepted it");
}

const create = (model: Route53, ...sets: ResourceRecordSet[]) => {
    for (const set of sets) model.changeResourceRecordSets(ZONE, [{ action: "CREATE", recordSet: set }]);
};

describe("Route53 model (test/models/route53.ts)", () => {
    it("takes two stacks' routed record sets of one name, each with its set identifier and health check, alias or not", () => {
        const model = route53();
        create(model, eu({ Region: "eu-west-1" }), us({ Region: "us-east-1" }));
        assert.equal(model.recordSets(ZONE).length, 2);
        const weighted = route53();
        create(weighted, eu({ Weight: 0 }), us({ Weight: 0 }));
        const failover = route53();
        create(failover, eu({ Failover: "PRIMARY" }), us({ Failover: "SECONDARY" }));
    });

    it("refuses a routed record set beside a simple one, and a simple one beside routed ones (one policy per name and type)", () => {
        const simpleFirst = route53();
        create(simpleFirst, alias("lb-eu.elb.eu-west-1.amazonaws.com"));
        assert.deepEqual(
            refusal(() => create(simpleFirst, us({ Weight: 10 }))),
            {
                code: "InvalidChangeBatch",
                message:
                    "RRSet with DNS name www.example.com., type A, SetIdentifier us cannot be created as a non-weighted set exists with the same name and type.",
            },
        );
        const routedFirst = route53();
        create(routedFirst, eu({ Region: "eu-west-1" }));
        assert.equal(refusal(() => create(routedFirst, alias("lb-us.elb.us-east-1.amazonaws.com"))).code, "InvalidChangeBatch");
        assert.match(refusal(() => create(routedFirst, us({ Weight: 10 }))).message, /cannot be created as a non-weighted set exists/);
        assert.match(
            refusal(() => create(routedFirst, us({ Failover: "SECONDARY" }))).message,
            /cannot be created as a non-failover set exists/,
        );
    });

    it("refuses a set identifier used twice for one name and type, in Route53's words", () => {
        const model = route53();
        create(model, eu({ Region: "eu-west-1" }));
        assert.deepEqual(
            refusal(() => create(model, us({ Region: "us-east-1", SetIdentifier: "eu" }))),
            {
                code: "InvalidChangeBatch",
                message:
                    "Tried to create resource record set [name='www.example.com.', type='A', set-identifier='eu'] but it already exists",
            },
        );
    });

    it("refuses a second PRIMARY (or SECONDARY), and a second latency set of one region", () => {
        const failover = route53();
        create(failover, eu({ Failover: "PRIMARY" }));
        assert.match(refusal(() => create(failover, us({ Failover: "PRIMARY" }))).message, /a PRIMARY failover set exists/);
        const latency = route53();
        create(latency, eu({ Region: "eu-west-1" }));
        assert.match(refusal(() => create(latency, us({ Region: "eu-west-1" }))).message, /a latency set for region eu-west-1 exists/);
    });

    it("holds weights to 0-255 whole numbers, latency regions to the API's, failover roles to PRIMARY and SECONDARY", () => {
        for (const bad of [
            eu({ Weight: 256 }),
            eu({ Weight: -1 }),
            eu({ Weight: 1.5 }),
            eu({ Region: "eu-west-9" as ResourceRecordSet["Region"] }),
            eu({ Failover: "TERTIARY" as ResourceRecordSet["Failover"] }),
        ]) {
            assert.equal(refusal(() => create(route53(), bad)).code, "InvalidInput", JSON.stringify(bad));
        }
        create(route53(), eu({ Weight: 255 }));
    });

    it("needs a set identifier with a routing policy and none without, and an existing health check", () => {
        assert.match(refusal(() => create(route53(), alias("x.example.net", { Weight: 1 }))).message, /needs a SetIdentifier/);
        assert.match(
            refusal(() => create(route53(), alias("x.example.net", { SetIdentifier: "eu" }))).message,
            /a SetIdentifier without a routing policy/,
        );
        assert.deepEqual(
            refusal(() => create(route53(), eu({ Region: "eu-west-1", HealthCheckId: "00000000-0000-0000-0000-000000000000" }))),
            { code: "NoSuchHealthCheck", message: "No health check exists with the ID 00000000-0000-0000-0000-000000000000" },
        );
    });

    it("takes health check IDs on alias records, beside evaluateTargetHealth", () => {
        const model = route53();
        create(model, eu({ Failover: "PRIMARY" }));
        const [set] = model.recordSets(ZONE);
        assert.equal(set.HealthCheckId, CHECK_EU);
        assert.equal(set.AliasTarget?.EvaluateTargetHealth, true);
    });

    it("keeps weighted non-alias record sets of one name at one TTL", () => {
        const plain = (id: string, ttl: number): ResourceRecordSet => ({
            Name: "www.example.com",
            Type: "A",
            SetIdentifier: id,
            Weight: 1,
            TTL: ttl,
            ResourceRecords: [{ Value: "203.0.114.7" }],
        });
        const model = route53();
        create(model, plain("eu", 60));
        assert.match(refusal(() => create(model, plain("us", 300))).message, /have TTL 60/);
    });

    it("applies a change batch whole or not at all: a DELETE and a CREATE replace a simple set with a routed one in one step", () => {
        const model = route53();
        const simple = alias("lb-eu.elb.eu-west-1.amazonaws.com");
        create(model, simple);
        const routed = eu({ Region: "eu-west-1" });
        assert.throws(() => model.changeResourceRecordSets(ZONE, [{ action: "CREATE", recordSet: routed }]), /non-latency set exists/);
        model.changeResourceRecordSets(ZONE, [
            { action: "DELETE", recordSet: simple },
            { action: "CREATE", recordSet: routed },
        ]);
        assert.deepEqual(model.recordSets(ZONE), [routed]);
        // A batch whose second change fails leaves the first undone.
        assert.throws(() =>
            model.changeResourceRecordSets(ZONE, [
                { action: "DELETE", recordSet: routed },
                { action: "CREATE", recordSet: us({ Weight: 1, SetIdentifier: "" }) },
            ]),
        );
        assert.deepEqual(model.recordSets(ZONE), [routed]);
    });

    it("keeps a CNAME alone at its name", () => {
        const model = route53();
        model.changeResourceRecordSets(ZONE, [
            {
                action: "CREATE",
                recordSet: { Name: "app.example.com", Type: "CNAME", TTL: 300, ResourceRecords: [{ Value: "lb.example.net" }] },
            },
        ]);
        assert.deepEqual(
            refusal(() => create(model, alias("lb.elb.eu-west-1.amazonaws.com", { Name: "app.example.com" }))),
            {
                code: "InvalidChangeBatch",
                message:
                    "RRSet of type A with DNS name app.example.com. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone example.com.",
            },
        );
    });

    it("takes cert-manager's DNS-01 challenges from two clusters as multivalue TXT sets, each cleaned up alone; a plain TXT would collide", () => {
        const model = route53();
        const name = "_acme-challenge.www.example.com";
        model.changeResourceRecordSets(ZONE, [challengeChange("UPSERT", name, "token-of-eu")]);
        model.changeResourceRecordSets(ZONE, [challengeChange("UPSERT", name, "token-of-us")]);
        assert.deepEqual(
            model.recordSets(ZONE).map((set) => set.ResourceRecords?.[0].Value),
            ['"token-of-eu"', '"token-of-us"'],
        );
        model.changeResourceRecordSets(ZONE, [challengeChange("DELETE", name, "token-of-eu")]);
        assert.deepEqual(
            model.recordSets(ZONE).map((set) => set.ResourceRecords?.[0].Value),
            ['"token-of-us"'],
        );
        const plain: ResourceRecordSet = { Name: name, Type: "TXT", TTL: 10, ResourceRecords: [{ Value: '"token-of-other"' }] };
        assert.match(refusal(() => create(model, plain)).message, /cannot be created as multivalue sets exist/);
        assert.match(
            refusal(() => create(model, { ...eu({ Region: "eu-west-1" }), MultiValueAnswer: true, Region: undefined })).message,
            /multivalue answer alias/,
        );
    });

    it("refuses health checks Route53 cannot run: private addresses, bad intervals and thresholds", () => {
        const model = new Route53();
        assert.match(refusal(() => model.createHealthCheck("a", { Type: "HTTP", IPAddress: "10.0.0.7" })).message, /private range/);
        assert.match(
            refusal(() => model.createHealthCheck("b", { Type: "HTTP", FullyQualifiedDomainName: "x.example.com", RequestInterval: 20 }))
                .message,
            /10 or 30/,
        );
        assert.match(
            refusal(() => model.createHealthCheck("c", { Type: "HTTP", FullyQualifiedDomainName: "x.example.com", FailureThreshold: 11 }))
                .message,
            /1-10/,
        );
        assert.match(refusal(() => model.createHealthCheck("d", { Type: "HTTP" })).message, /IPAddress or a FullyQualifiedDomainName/);
        model.createHealthCheck("e", {
            Type: "HTTPS",
            IPAddress: "203.0.114.7",
            FullyQualifiedDomainName: "www.example.com",
            EnableSNI: true,
            Port: 443,
        });
    });
});
