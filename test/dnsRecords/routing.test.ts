import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ResourceRecordSetRegion } from "@aws-sdk/client-route-53";
import { parse } from "yaml";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { validateIngressConfig } from "../../components/config/validate";
import { istioGatewayValues } from "../../components/istio/values";
import { planIngress } from "../../components/plan";
import {
    defaultSetIdentifier,
    healthCheckAddressProblem,
    healthCheckInputs,
    ISTIO_READINESS_PATH,
    ISTIO_STATUS_PORT,
    LATENCY_REGIONS,
    latencyRegionProblem,
} from "../../components/dnsRecords/routing";
import { planRecords, recordInputs } from "../../components/dnsRecords/spec";
import { healthCheckProblem } from "../models/route53";
import { locateUpstream, upstreamSchemasOrPending } from "../support/upstreamSchemas";
import * as pulumi from "@pulumi/pulumi";
import { placeholderMocks } from "../../tools/synth/engine";
import { minimalArgs, ofType, synthComponent } from "../support/harness";

const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const NLB = { "service.beta.kubernetes.io/aws-load-balancer-type": "external" };
const deployment = { project: "istio-acme-ingress", stack: "shop-eu", awsRegion: "eu-west-1" };

function args(routing: unknown, overrides: Partial<IstioAcmeIngressArgs> = {}): Record<string, unknown> {
    const base = minimalArgs({ istio: { serviceAnnotations: NLB }, ...overrides });
    return { ...base, route53: { ...base.route53, routing, ...(overrides.route53 ?? {}) } };
}

function problems(raw: Record<string, unknown>): string[] {
    const result = validateIngressConfig(raw);
    return result.ok ? [] : result.problems.map((p) => `${p.propertyPath}: ${p.reason}`);
}

function plan(raw: Record<string, unknown>) {
    const result = validateIngressConfig(raw);
    if (!result.ok) throw new Error(result.problems.map((p) => `${p.propertyPath}: ${p.reason}`).join("\n"));
    return planIngress(result.config, deployment);
}

describe("routing of the hosts' record sets across stacks", () => {
    describe("config", () => {
        it("takes each policy's own keys, and says which policy a misplaced key belongs to", () => {
            assert.deepEqual(problems(args({ policy: "latency", weight: 10 })), [
                'route53.routing.weight: applies only with route53.routing.policy: "weighted"',
            ]);
            assert.deepEqual(problems(args({ weight: 10 })), [
                'route53.routing.weight: applies only with route53.routing.policy: "weighted"',
            ]);
            assert.deepEqual(problems(args({ policy: "simple", setIdentifier: "eu" })), [
                'route53.routing.setIdentifier: applies only with route53.routing.policy: "weighted" or policy: "latency" or policy: "failover"',
            ]);
            assert.deepEqual(problems(args({ policy: "weighted" })), ["route53.routing.weight: is required"]);
            assert.deepEqual(problems(args({ policy: "failover" })), ["route53.routing.failover: is required"]);
        });

        it("holds values to Route53's ranges: weight 0-255, PRIMARY or SECONDARY, a latency region, set identifiers of 1-128", () => {
            assert.deepEqual(problems(args({ policy: "weighted", weight: 256 })), ["route53.routing.weight: 256 must be 0-255"]);
            assert.deepEqual(problems(args({ policy: "weighted", weight: 1.5 })), ["route53.routing.weight: 1.5 must be a whole number"]);
            assert.deepEqual(problems(args({ policy: "failover", failover: "primary" })), [
                'route53.routing.failover: "primary" must be one of "PRIMARY", "SECONDARY"',
            ]);
            assert.deepEqual(problems(args({ policy: "latency", region: "eu-west-9" })), [
                'route53.routing.region: "eu-west-9" must be an AWS region Route53 measures latency from, such as "eu-west-1"',
            ]);
            assert.deepEqual(problems(args({ policy: "latency", setIdentifier: "x".repeat(129) })), [
                `route53.routing.setIdentifier: "${"x".repeat(77)}..." must be at most 128 characters (Route53's SetIdentifier)`,
            ]);
            assert.deepEqual(problems(args({ policy: "geo" })), [
                'route53.routing.policy: "geo" must be "simple", "weighted", "latency", "failover"',
            ]);
        });

        it("holds health checks to Route53's: a 10 or 30 second interval, 1-10 failures, a path from /", () => {
            assert.deepEqual(
                problems(args({ policy: "latency", healthCheck: { requestInterval: 20, failureThreshold: 0, path: "ready" } })),
                [
                    'route53.routing.healthCheck.path: "ready" must start with "/"',
                    "route53.routing.healthCheck.requestInterval: 20 must be 10 or 30 seconds (Route53's RequestInterval)",
                    "route53.routing.healthCheck.failureThreshold: 0 must be 1-10 (Route53's FailureThreshold)",
                ],
            );
        });

        it("refuses routing without records, a health check Route53 cannot reach, and a primary that could never fail over", () => {
            assert.deepEqual(
                problems({
                    ...args({ policy: "latency" }),
                    route53: { ...(args({}).route53 as object), records: false, routing: { policy: "latency" } },
                }),
                [
                    'route53.routing.policy: "latency" applies only while route53.records is on: the routing policy is that of the hosts\' records, which this stack does not write',
                ],
            );
            // An internal load balancer's records go to the private zone of a split-horizon name.
            const splitHorizon = {
                zones: [
                    { domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
                    { domain: "example.com", hostedZoneId: "Z0PRIVATE0EXAMPLE000", private: true },
                ],
                recursiveNameservers: ["8.8.8.8:53"],
            };
            assert.deepEqual(
                problems(
                    args(
                        { policy: "latency" },
                        {
                            istio: { serviceAnnotations: NLB, loadBalancerScheme: "internal" },
                            route53: splitHorizon,
                        },
                    ),
                ),
                [
                    `route53.routing.healthCheck.enabled: must be false with an internal load balancer (istio.loadBalancerScheme: internal): Route53's health checkers probe from the internet and would never reach it`,
                ],
            );
            assert.deepEqual(problems(args({ policy: "latency", healthCheck: { probe: "https" } })), [
                `route53.routing.healthCheck.probe: "https" needs a load balancer known by its IP (route53.loadBalancer.kind "ipv4" or "ipv6"), not "nlb": Route53 sends a host as SNI only to an IP it is given, and probing the host's own name would reach whichever cluster it answers with; use "readiness"`,
            ]);
            const ipv4 = { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }], loadBalancer: { kind: "ipv4" as const } };
            assert.deepEqual(
                problems(args({ policy: "failover", failover: "PRIMARY", healthCheck: { enabled: false } }, { route53: ipv4 })),
                [
                    'route53.routing.healthCheck.enabled: false must be true for the PRIMARY of records that are not aliases (kind "ipv4"): without a health check Route53 takes the primary as always healthy and never fails over',
                ],
            );
            assert.deepEqual(
                problems(
                    args(
                        { policy: "latency", healthCheck: { probe: "https" } },
                        { route53: ipv4, gateways: [{ name: "web", hosts: ["*.example.com"] }] },
                    ),
                ),
                [
                    'gateways[0].hosts: has only wildcard hosts: route53.routing.healthCheck.probe "https" sends the load balancer\'s first host that is not a wildcard as SNI',
                ],
            );
        });
    });

    describe("plan", () => {
        it("plans simple records as before when the policy is simple: no set identifier, no health check, TTL 300", () => {
            const records = plan(args(undefined)).records;
            assert.equal(records?.routing, undefined);
            assert.deepEqual(records?.healthChecks, []);
            assert.equal(records?.ttl, 300);
            assert.equal(records?.records[0].healthCheck, undefined);
        });

        it("names the set <project>-<stack> and the latency region after aws:region, unless told; one readiness check for Istio's one load balancer", () => {
            const records = plan(
                args(
                    { policy: "latency" },
                    {
                        gateways: [
                            { name: "web", hosts: ["www.example.com"] },
                            { name: "api", hosts: ["api.example.com"] },
                        ],
                    },
                ),
            ).records;
            assert.deepEqual(records?.routing, { policy: "latency", setIdentifier: "istio-acme-ingress-shop-eu", region: "eu-west-1" });
            assert.deepEqual(
                records?.healthChecks.map((check) => [
                    check.key,
                    check.hosts,
                    check.type,
                    check.port,
                    check.path,
                    check.requestInterval,
                    check.failureThreshold,
                ]),
                [["istio-ingressgateway", ["www.example.com", "api.example.com"], "HTTP", ISTIO_STATUS_PORT, ISTIO_READINESS_PATH, 30, 3]],
            );
            assert.deepEqual(
                records?.records.map((record) => record.healthCheck),
                ["istio-ingressgateway", "istio-ingressgateway"],
            );
            const told = plan(args({ policy: "latency", region: "eu-central-1", setIdentifier: "frankfurt" })).records?.routing;
            assert.deepEqual(told, { policy: "latency", setIdentifier: "frankfurt", region: "eu-central-1" });
        });

        it("gives each Kubernetes Gateway's load balancer its own health check, and each record its own Gateway's", () => {
            const records = plan(
                args(
                    { policy: "weighted", weight: 50 },
                    {
                        istio: { api: "gateway-api", serviceAnnotations: NLB },
                        gateways: [
                            { name: "web", hosts: ["www.example.com"] },
                            { name: "api", hosts: ["api.example.com"] },
                        ],
                    },
                ),
            ).records;
            assert.deepEqual(
                records?.healthChecks.map((check) => [check.key, check.hosts]),
                [
                    ["web", ["www.example.com"]],
                    ["api", ["api.example.com"]],
                ],
            );
            assert.deepEqual(
                records?.records.map((record) => [record.host, record.healthCheck]),
                [
                    ["www.example.com", "web"],
                    ["api.example.com", "api"],
                ],
            );
        });

        it("shortens records' TTL to 60 s where a health check decides (Route53's advice), unless recordTtl says", () => {
            const ipv4 = { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }], loadBalancer: { kind: "ipv4" as const } };
            assert.equal(plan(args({ policy: "failover", failover: "SECONDARY" }, { route53: ipv4 })).records?.ttl, 60);
            assert.equal(
                plan(args({ policy: "failover", failover: "SECONDARY" }, { route53: { ...ipv4, recordTtl: 120 } })).records?.ttl,
                120,
            );
            assert.equal(
                plan(args({ policy: "failover", failover: "SECONDARY", healthCheck: { enabled: false } }, { route53: ipv4 })).records?.ttl,
                300,
            );
        });

        it("keeps a long default set identifier within Route53's 128 characters, different per stack", () => {
            const a = defaultSetIdentifier("p", "s".repeat(200));
            const b = defaultSetIdentifier("p", `${"s".repeat(199)}t`);
            assert.equal(a.length, 128);
            assert.notEqual(a, b);
            assert.equal(defaultSetIdentifier("istio-acme-ingress", "shop-us"), "istio-acme-ingress-shop-us");
        });
    });

    describe("inputs of the provider's resources", () => {
        const [alias] = planRecords(["www.example.com"], [{ domain: "example.com", private: false }], {
            kind: "nlb",
            dualStack: false,
            scheme: "internet-facing",
        });
        const target = { hostedZoneId: ZONE_ID, address: "lb-1.elb.eu-west-1.amazonaws.com", aliasZoneId: "Z2IFOLAFXWLO4F", ttl: 60 };

        it("give a routed alias record its set identifier, one policy block and its health check, and keep evaluateTargetHealth", () => {
            const routed = recordInputs(alias, target, {
                routing: { policy: "failover", setIdentifier: "eu", failover: "PRIMARY" },
                healthCheckId: "hc-1",
            });
            assert.deepEqual(routed, {
                zoneId: ZONE_ID,
                name: "www.example.com",
                type: "A",
                allowOverwrite: false,
                setIdentifier: "eu",
                failoverRoutingPolicies: [{ type: "PRIMARY" }],
                healthCheckId: "hc-1",
                aliases: [{ name: target.address, zoneId: "Z2IFOLAFXWLO4F", evaluateTargetHealth: true }],
            });
            assert.deepEqual(
                recordInputs(alias, target, { routing: { policy: "weighted", setIdentifier: "eu", weight: 0 } }).weightedRoutingPolicies,
                [{ weight: 0 }],
            );
            assert.deepEqual(
                recordInputs(alias, target, { routing: { policy: "latency", setIdentifier: "eu", region: "eu-west-1" } })
                    .latencyRoutingPolicies,
                [{ region: "eu-west-1" }],
            );
        });

        const readiness = plan(args({ policy: "latency" })).records?.healthChecks[0];
        it("probe a load balancer known by name at that name, one known by IP at its IP, as Route53 accepts them", () => {
            if (!readiness) throw new Error("no health check planned");
            const byName = healthCheckInputs(readiness, "nlb", "lb-1.elb.eu-west-1.amazonaws.com", { Name: "eu" });
            assert.deepEqual(byName, {
                type: "HTTP",
                port: 15021,
                resourcePath: "/healthz/ready",
                requestInterval: 30,
                failureThreshold: 3,
                fqdn: "lb-1.elb.eu-west-1.amazonaws.com",
                tags: { Name: "eu" },
            });
            const byIp = healthCheckInputs(readiness, "ipv4", "203.0.114.7", {});
            assert.equal(byIp.ipAddress, "203.0.114.7");
            assert.equal(byIp.fqdn, undefined);
            for (const inputs of [byName, byIp]) {
                assert.equal(
                    healthCheckProblem({
                        Type: inputs.type,
                        FullyQualifiedDomainName: inputs.fqdn,
                        IPAddress: inputs.ipAddress,
                        Port: inputs.port,
                        ResourcePath: inputs.resourcePath,
                        RequestInterval: inputs.requestInterval,
                        FailureThreshold: inputs.failureThreshold,
                    }),
                    undefined,
                );
            }
        });

        it("send an https probe to the IP with the first host that is not a wildcard as SNI", () => {
            const ipv4 = { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }], loadBalancer: { kind: "ipv4" as const } };
            const [https] =
                plan(
                    args(
                        { policy: "latency", healthCheck: { probe: "https", path: "/status" } },
                        { route53: ipv4, gateways: [{ name: "web", hosts: ["*.apps.example.com", "www.example.com"] }] },
                    ),
                ).records?.healthChecks ?? [];
            assert.deepEqual(healthCheckInputs(https, "ipv4", "203.0.114.7", {}), {
                type: "HTTPS",
                port: 443,
                resourcePath: "/status",
                requestInterval: 30,
                failureThreshold: 3,
                ipAddress: "203.0.114.7",
                fqdn: "www.example.com",
                enableSni: true,
                tags: {},
            });
        });
    });

    describe("what only the deployed address shows", () => {
        it("refuses a health check of an address Route53 cannot reach, as CreateHealthCheck would", () => {
            for (const address of ["10.1.2.3", "192.168.0.10", "100.64.0.1", "fd12::1", "127.0.0.1"]) {
                assert.match(healthCheckAddressProblem(address) ?? "", /private, local or reserved range/, address);
                assert.match(healthCheckProblem({ Type: "HTTP", IPAddress: address }) ?? "", /cannot check/, address);
            }
            for (const address of ["203.0.114.7", "2600:1f18::1", "lb.example.net"])
                assert.equal(healthCheckAddressProblem(address), undefined, address);
        });

        it("refuses latency record sets naming another region than their AWS load balancer's", () => {
            const routing = { policy: "latency" as const, setIdentifier: "eu", region: "eu-west-1" };
            assert.equal(latencyRegionProblem(routing, "nlb", "k8s-a-b-123.elb.eu-west-1.amazonaws.com"), undefined);
            assert.equal(
                latencyRegionProblem(routing, "nlb", "k8s-a-b-123.elb.us-east-1.amazonaws.com"),
                `the gateway's load balancer k8s-a-b-123.elb.us-east-1.amazonaws.com is in us-east-1, but this stack's latency record sets say eu-west-1: Route53 would send the clients nearest to eu-west-1 there; set route53.routing.region to "us-east-1"`,
            );
            assert.equal(latencyRegionProblem(routing, "ipv4", "203.0.114.7"), undefined);
        });
    });

    describe("component", () => {
        const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
        const RECORD = "aws:route53/record:Record";

        /** Runs `run` with the gateway Service reporting `ip` as its load balancer, as a cluster with MetalLB would. */
        async function withServiceIp<T>(ip: string, run: () => Promise<T>): Promise<T> {
            const original = placeholderMocks.newResource.bind(placeholderMocks);
            placeholderMocks.newResource = (mock) => {
                const made = original(mock) as pulumi.runtime.MockResourceResult;
                if (mock.type !== "kubernetes:core/v1:Service" || !mock.id) return made;
                return { ...made, state: { ...made.state, status: { loadBalancer: { ingress: [{ ip }] } } } };
            };
            try {
                return await run();
            } finally {
                placeholderMocks.newResource = original;
            }
        }

        it("with the Gateway API, checks each Gateway's load balancer and points each record at its own Gateway's check", async () => {
            const result = await synthComponent(
                minimalArgs({
                    istio: { api: "gateway-api", serviceAnnotations: NLB },
                    route53: { zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }], routing: { policy: "weighted", weight: 10 } },
                    gateways: [
                        { name: "web", hosts: ["www.example.com"] },
                        { name: "api", hosts: ["api.example.com"] },
                    ],
                }),
            );
            const checks = ofType(result, HEALTH_CHECK);
            assert.deepEqual(
                checks.map((check) => [check.name, check.inputs.fqdn]),
                [
                    [
                        "ingress-records-health-web",
                        ofType(result, "kubernetes:gateway.networking.k8s.io/v1:Gateway").find((g) => g.name.endsWith("-web")) &&
                            checks[0].inputs.fqdn,
                    ],
                    ["ingress-records-health-api", checks[1].inputs.fqdn],
                ],
            );
            assert.notEqual(checks[0].inputs.fqdn, checks[1].inputs.fqdn);
            for (const record of ofType(result, RECORD)) {
                const alias = (record.inputs.aliases as Array<{ name: string }>)[0];
                const own = checks.find((check) => check.inputs.fqdn === alias.name);
                assert.ok(own, `${String(record.inputs.name)} points at a load balancer with a check`);
                assert.ok(record.dependencies.includes(own.urn), `${String(record.inputs.name)} references its own Gateway's check`);
                assert.equal(record.inputs.setIdentifier, "istio-acme-ingress-test");
            }
        });

        it("checks a load balancer known by IP at that IP, and writes no record when the IP is one Route53 cannot check", async () => {
            const route53 = {
                zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }],
                loadBalancer: { kind: "ipv4" as const },
                routing: { policy: "failover" as const, failover: "PRIMARY" as const },
            };
            const result = await withServiceIp("203.0.114.7", () => synthComponent(minimalArgs({ route53 })));
            const [check] = ofType(result, HEALTH_CHECK);
            assert.deepEqual([check.inputs.ipAddress, check.inputs.fqdn, check.inputs.port], ["203.0.114.7", undefined, 15021]);
            const [record] = ofType(result, RECORD);
            assert.deepEqual(
                [record.inputs.ttl, record.inputs.records, record.inputs.failoverRoutingPolicies],
                [60, ["203.0.114.7"], [{ type: "PRIMARY" }]],
            );
            // The records' address fails its check (healthCheckAddressProblem, above): the SDK never
            // registers them, and a real update fails on the rejected input.
            const refused = await withServiceIp("10.20.30.40", () => synthComponent(minimalArgs({ route53 })));
            assert.deepEqual(ofType(refused, RECORD), []);
        });

        it("asks for the latency region when the AWS provider has none", async () => {
            const route53 = {
                region: "us-east-1",
                zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }],
                routing: { policy: "latency" as const },
            };
            await assert.rejects(
                synthComponent(minimalArgs({ route53, istio: { serviceAnnotations: NLB } }), {}),
                (error: unknown) => pulumi.InputPropertyError.isInstance(error) && error.propertyPath === "route53.routing.region",
            );
        });
    });

    it("knows exactly the latency regions of Route53's API (the AWS SDK's ResourceRecordSetRegion)", () => {
        assert.deepEqual([...LATENCY_REGIONS].sort(), Object.values(ResourceRecordSetRegion).sort());
    });

    /*
     * The readiness probe goes through the load balancer to port 15021, so the gateway's Service must publish it:
     * - Istio's API: the gateway chart's Service ports (values.yaml `service.ports`, status-port 15021), which
     *   istioGatewayValues leaves to the chart;
     * - Gateway API: istiod's deployment controller always puts `status-port` 15021 first on the `<gateway>-istio`
     *   Service, before the listeners' ports (pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go,
     *   extractServicePorts, at 1.30.3 and release-1.31; manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml
     *   renders them), and the gateway pod's readinessProbe is httpGet /healthz/ready on 15021 in the same template.
     */
    it("probes a port the gateway chart's Service publishes: status-port 15021, left to the chart's default", function () {
        upstreamSchemasOrPending(this);
        const location = locateUpstream();
        if (!location.available) return;
        for (const highAvailability of [true, false]) {
            const service = istioGatewayValues("LoadBalancer", NLB, highAvailability, "istio-ingressgateway").service as object;
            assert.equal("ports" in service, false, "our values leave the chart's Service ports alone");
        }
        for (const version of ["1.30.3", "1.31"]) {
            const values = parse(readFileSync(join(location.root, "istio", version, "charts", "gateway", "values.yaml"), "utf8")) as {
                _internal_defaults_do_not_set: { service: { ports: Array<{ name: string; port: number; targetPort: number }> } };
            };
            const status = values._internal_defaults_do_not_set.service.ports.find((port) => port.name === "status-port");
            assert.deepEqual(status && [status.port, status.targetPort], [ISTIO_STATUS_PORT, ISTIO_STATUS_PORT], version);
        }
    });
});
