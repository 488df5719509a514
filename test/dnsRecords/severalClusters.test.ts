import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import type { SynthResult } from "../../tools/synth/engine";
import { REPO_ROOT } from "../../tools/synth/synth";
import { ofType, synthYaml } from "../support/harness";
import { challengeChange, Route53, stackHealthChecks, stackRecords, upNewStack, upUpdatedStack } from "../models/route53";

/*
 * Two clusters serving the same hosts: the example stacks shop-eu (eu-west-1) and shop-us (us-east-1),
 * synthesized from their committed configs (and variants of their routing), and their record sets and
 * health checks taken together by the Route53 model as `pulumi up` of each stack would send them.
 */
const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const ROUTE53_KEY = "istio-acme-ingress:route53";

function stackConfig(stack: string, routing?: Record<string, unknown> | null, awsRegion?: string): string {
    const text = readFileSync(join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8");
    if (routing === undefined && awsRegion === undefined) return text;
    const document = parse(text) as { config: Record<string, Record<string, unknown>> };
    const route53 = { ...document.config[ROUTE53_KEY] };
    if (routing === null) delete route53.routing;
    else if (routing !== undefined) route53.routing = routing;
    document.config[ROUTE53_KEY] = route53;
    if (awsRegion !== undefined) (document.config as Record<string, unknown>)["aws:region"] = awsRegion;
    return stringify(document);
}

const synth = (stack: string, routing?: Record<string, unknown> | null, awsRegion?: string) =>
    synthYaml(stackConfig(stack, routing, awsRegion), stack);

function freshRoute53(): Route53 {
    const route53 = new Route53();
    route53.createHostedZone(ZONE_ID, "domain.com");
    return route53;
}

/** Each stack's record sets point at its own load balancer and reference the health check that probes it. */
function assertOwnHealthChecks(route53: Route53, results: SynthResult[]): void {
    for (const result of results) {
        const checks = stackHealthChecks(result);
        assert.equal(checks.length, 1, `${result.stack}: one health check for its one load balancer`);
        const [check] = checks;
        assert.deepEqual([check.config.Type, check.config.Port, check.config.ResourcePath], ["HTTP", 15021, "/healthz/ready"]);
        for (const record of stackRecords(result)) {
            assert.equal(record.recordSet.HealthCheckId, check.id, `${result.stack} ${record.recordSet.Name}`);
            assert.equal(record.recordSet.AliasTarget?.DNSName, check.config.FullyQualifiedDomainName, "probes what the record points at");
            assert.equal(record.recordSet.AliasTarget?.EvaluateTargetHealth, true);
            assert.ok(route53.healthCheck(check.id));
        }
    }
}

describe("several clusters: two stacks' record sets for the same hosts, as Route53 takes them together", function () {
    this.timeout(300_000);

    const variants: Array<{
        policy: string;
        eu?: Record<string, unknown>;
        us?: Record<string, unknown>;
        expect: (set: { SetIdentifier?: string }) => unknown;
    }> = [
        { policy: "latency (the committed example stacks)", expect: (set) => (set as { Region?: string }).Region },
        {
            policy: "failover",
            eu: { policy: "failover", failover: "PRIMARY" },
            us: { policy: "failover", failover: "SECONDARY" },
            expect: (set) => (set as { Failover?: string }).Failover,
        },
        {
            policy: "weighted",
            eu: { policy: "weighted", weight: 200 },
            us: { policy: "weighted", weight: 55 },
            expect: (set) => (set as { Weight?: number }).Weight,
        },
    ];
    const expected: Record<string, [unknown, unknown]> = {
        "latency (the committed example stacks)": ["eu-west-1", "us-east-1"],
        failover: ["PRIMARY", "SECONDARY"],
        weighted: [200, 55],
    };

    for (const variant of variants) {
        it(`${variant.policy}: Route53 accepts both stacks' record sets, each with its own set identifier and health check`, async () => {
            const eu = await synth("shop-eu", variant.eu);
            const us = await synth("shop-us", variant.us);
            const route53 = freshRoute53();
            upNewStack(route53, eu);
            upNewStack(route53, us);
            const sets = route53.recordSets(ZONE_ID);
            assert.deepEqual(
                sets.map((set) => [set.Name, set.Type, set.SetIdentifier, variant.expect(set)]),
                [
                    ["shop.domain.com", "A", "istio-acme-ingress-shop-eu", expected[variant.policy][0]],
                    ["www.shop.domain.com", "A", "istio-acme-ingress-shop-eu", expected[variant.policy][0]],
                    ["shop.domain.com", "A", "istio-acme-ingress-shop-us", expected[variant.policy][1]],
                    ["www.shop.domain.com", "A", "istio-acme-ingress-shop-us", expected[variant.policy][1]],
                ],
            );
            assertOwnHealthChecks(route53, [eu, us]);
        });
    }

    it("refuses what Route53 would: two PRIMARYs, two latency sets of one region, one set identifier for both, two policies", async () => {
        const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, string | undefined, RegExp]> = [
            [
                "two PRIMARYs",
                { policy: "failover", failover: "PRIMARY" },
                { policy: "failover", failover: "PRIMARY" },
                undefined,
                /a PRIMARY failover set exists/,
            ],
            // Blue and green clusters in one region cannot both be latency record sets.
            ["one region", { policy: "latency" }, { policy: "latency" }, "eu-west-1", /a latency set for region eu-west-1 exists/],
            [
                "one set identifier",
                { policy: "weighted", weight: 1, setIdentifier: "shop" },
                { policy: "weighted", weight: 1, setIdentifier: "shop" },
                undefined,
                /set-identifier='shop'\] but it already exists/,
            ],
            [
                "two policies",
                { policy: "latency" },
                { policy: "weighted", weight: 1 },
                undefined,
                /cannot be created as a non-weighted set exists/,
            ],
        ];
        for (const [name, euRouting, usRouting, usRegion, refusal] of cases) {
            const route53 = freshRoute53();
            upNewStack(route53, await synth("shop-eu", euRouting));
            const us = await synth("shop-us", usRouting, usRegion);
            assert.throws(() => upNewStack(route53, us), refusal, name);
        }
    });

    it("refuses, when the load balancer's address is known, latency record sets naming another region than its own", async () => {
        await assert.rejects(
            synth("shop-us", { policy: "latency", region: "eu-west-1" }),
            /load balancer \S+\.elb\.us-east-1\.amazonaws\.com is in us-east-1, but this stack's latency record sets say eu-west-1/,
        );
    });

    it("a stack still on simple records blocks the other's routed ones; switching it first replaces each record set in one change batch", async () => {
        const euSimple = await synth("shop-eu", null);
        const euLatency = await synth("shop-eu");
        const us = await synth("shop-us");

        // Wrong order: the second cluster's latency record sets next to the first one's simple records.
        const blocked = freshRoute53();
        upNewStack(blocked, euSimple);
        assert.throws(
            () => upNewStack(blocked, us),
            /SetIdentifier istio-acme-ingress-shop-us cannot be created as a non-latency set exists with the same name and type/,
        );

        // The same resources (URNs) before and after: Pulumi updates each record in place, and the
        // provider replaces the record set with a DELETE and a CREATE in one change batch.
        assert.deepEqual(
            ofType(euLatency, "aws:route53/record:Record").map((r) => r.urn),
            ofType(euSimple, "aws:route53/record:Record").map((r) => r.urn),
        );
        const route53 = freshRoute53();
        upNewStack(route53, euSimple);
        upUpdatedStack(route53, euSimple, euLatency);
        assert.deepEqual(
            route53.recordSets(ZONE_ID).map((set) => [set.Name, set.SetIdentifier]),
            [
                ["shop.domain.com", "istio-acme-ingress-shop-eu"],
                ["www.shop.domain.com", "istio-acme-ingress-shop-eu"],
            ],
        );
        upNewStack(route53, us);
        assert.equal(route53.recordSets(ZONE_ID).length, 4);

        // Had the routed records been new resources, Pulumi would create each before deleting the
        // simple one, and Route53 would refuse the create.
        const separately = freshRoute53();
        upNewStack(separately, euSimple);
        for (const check of stackHealthChecks(euLatency)) separately.createHealthCheck(check.id, check.config);
        const [first] = stackRecords(euLatency);
        assert.throws(
            () => separately.changeResourceRecordSets(ZONE_ID, [{ action: "CREATE", recordSet: first.recordSet }]),
            /cannot be created as a non-latency set exists/,
        );
    });

    it("both clusters answer DNS-01 for the same hosts at once: cert-manager's multivalue TXT challenges coexist", () => {
        const route53 = freshRoute53();
        for (const host of ["shop.domain.com", "www.shop.domain.com"]) {
            route53.changeResourceRecordSets(ZONE_ID, [
                challengeChange("UPSERT", `_acme-challenge.${host}`, `eu-key-authorization-of-${host}`),
            ]);
            route53.changeResourceRecordSets(ZONE_ID, [
                challengeChange("UPSERT", `_acme-challenge.${host}`, `us-key-authorization-of-${host}`),
            ]);
        }
        assert.equal(route53.recordSets(ZONE_ID).length, 4);
        route53.changeResourceRecordSets(ZONE_ID, [
            challengeChange("DELETE", "_acme-challenge.shop.domain.com", "eu-key-authorization-of-shop.domain.com"),
        ]);
        assert.deepEqual(
            route53
                .recordSets(ZONE_ID)
                .filter((set) => set.Name === "_acme-challenge.shop.domain.com")
                .map((set) => set.ResourceRecords?.[0].Value),
            ['"us-key-authorization-of-shop.domain.com"'],
        );
    });

    it("a single-cluster stack still writes simple record sets, without health checks", async () => {
        const dev = await synthYaml(readFileSync(join(REPO_ROOT, "stacks", "Pulumi.dev.yaml"), "utf8"), "dev");
        assert.deepEqual(stackHealthChecks(dev), []);
        assert.ok(stackRecords(dev).length > 0);
        for (const record of stackRecords(dev)) {
            assert.equal(record.recordSet.SetIdentifier, undefined);
            assert.equal(record.recordSet.HealthCheckId, undefined);
        }
    });
});
