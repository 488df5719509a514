import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { placeholderMocks, SynthResource, SynthResult } from "../../tools/synth/engine";
import { minimalArgs, ofType, one, synthComponent, synthYaml, transitiveDependencies } from "../support/harness";

const RECORD = "aws:route53/record:Record";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const SERVICE = "kubernetes:core/v1:Service";
const TYPE = "service.beta.kubernetes.io/aws-load-balancer-type";
const ZONE_ID = "Z0123456789ABCDEFGHIJ";
const APPS_ZONE_ID = "Z0APPS0EXAMPLE0COM00";

const records = (result: SynthResult) => ofType(result, RECORD);
const summary = (result: SynthResult) =>
    records(result).map((r) => {
        const alias = (r.inputs.aliases as Array<Record<string, unknown>> | undefined)?.[0];
        return [
            r.inputs.name,
            r.inputs.type,
            r.inputs.zoneId,
            alias ? `alias ${String(alias.zoneId)}` : `${String(r.inputs.ttl)} ${String(r.inputs.records)}`,
        ];
    });

/** Runs `run` with the gateway Service reporting `ingress` as its load balancer, as a non-AWS cluster would. */
async function withServiceIngress<T>(ingress: { ip?: string; hostname?: string }, run: () => Promise<T>): Promise<T> {
    const original = placeholderMocks.newResource.bind(placeholderMocks);
    placeholderMocks.newResource = (args) => {
        const made = original(args) as pulumi.runtime.MockResourceResult;
        if (args.type !== SERVICE || !args.id) return made;
        return { ...made, state: { ...made.state, status: { loadBalancer: { ingress: [ingress] } } } };
    };
    try {
        return await run();
    } finally {
        placeholderMocks.newResource = original;
    }
}

const nested = (overrides: Partial<IstioAcmeIngressArgs["route53"]> = {}, istio: IstioAcmeIngressArgs["istio"] = {}) =>
    minimalArgs({
        route53: {
            zones: [
                { domain: "example.com", hostedZoneId: ZONE_ID },
                { domain: "apps.example.com", hostedZoneId: APPS_ZONE_ID },
            ],
            ...overrides,
        },
        istio,
        gateways: [
            { name: "web", hosts: ["example.com", "www.example.com"] },
            { name: "apps", hosts: ["*.apps.example.com", "apps.example.com"] },
        ],
    });

function waitsFor(result: SynthResult, resource: SynthResource, other: SynthResource): boolean {
    return transitiveDependencies(result, resource).has(other.urn);
}

describe("DnsRecords", () => {
    describe("an NLB of the AWS Load Balancer Controller", () => {
        let result: SynthResult;
        before(async () => {
            result = await synthComponent(nested({}, { serviceAnnotations: { [TYPE]: "external" } }));
        });

        it("aliases every host, apex and wildcard included, in its deepest zone, through the NLB zone of the load balancer's region", () => {
            assert.deepEqual(summary(result), [
                ["example.com", "A", ZONE_ID, "alias Z2EPGBW3API2WT"],
                ["www.example.com", "A", ZONE_ID, "alias Z2EPGBW3API2WT"],
                ["*.apps.example.com", "A", APPS_ZONE_ID, "alias Z2EPGBW3API2WT"],
                ["apps.example.com", "A", APPS_ZONE_ID, "alias Z2EPGBW3API2WT"],
            ]);
            for (const record of records(result)) {
                const [alias] = record.inputs.aliases as Array<Record<string, unknown>>;
                assert.match(String(alias.name), /^k8s-istioing-istioing-[0-9a-f]{10}-[0-9a-f]{16}\.elb\.ca-central-1\.amazonaws\.com$/);
                assert.equal(alias.evaluateTargetHealth, true);
                assert.equal(record.inputs.allowOverwrite, false);
            }
        });

        it("creates each record after the load balancer's Service is read and after its host's certificate", () => {
            const service = one(result, SERVICE);
            const certificates = ofType(result, CERTIFICATE);
            for (const record of records(result)) {
                assert.ok(waitsFor(result, record, service), `${record.name} waits for the Service`);
                const own = certificates.filter((c) =>
                    (c.inputs.spec as { dnsNames: string[] }).dnsNames.includes(String(record.inputs.name)),
                );
                assert.equal(own.length, 1);
                assert.ok(waitsFor(result, record, own[0]), `${record.name} waits for its certificate`);
                const others = certificates.filter((c) => c !== own[0]);
                assert.ok(
                    others.every((c) => !waitsFor(result, record, c)),
                    `${record.name} waits for no other certificate`,
                );
            }
        });

        it("never makes a certificate, the issuer or a Gateway wait for a record", () => {
            const urns = new Set(records(result).map((r) => r.urn));
            for (const resource of result.resources.filter((r) => r.type !== RECORD)) {
                const waitedFor = [...transitiveDependencies(result, resource)].filter((urn) => urns.has(urn));
                assert.deepEqual(waitedFor, [], `${resource.name} waits for records`);
            }
        });
    });

    it("adds alias AAAA records for a dual-stack NLB", async () => {
        const result = await synthComponent(
            nested(
                {},
                { serviceAnnotations: { [TYPE]: "external", "service.beta.kubernetes.io/aws-load-balancer-ip-address-type": "dualstack" } },
            ),
        );
        assert.deepEqual(
            records(result).map((r) => `${String(r.inputs.name)} ${String(r.inputs.type)}`),
            [
                "example.com A",
                "example.com AAAA",
                "www.example.com A",
                "www.example.com AAAA",
                "*.apps.example.com A",
                "*.apps.example.com AAAA",
                "apps.example.com A",
                "apps.example.com AAAA",
            ],
        );
    });

    describe("without aws-load-balancer-type (kind aws): the address decides between the NLB and the ELB zone", () => {
        // The same Service gets an NLB where the AWS Load Balancer Controller's webhook claims it (v2.5+), a
        // Classic Load Balancer where the in-tree cloud provider makes it: the annotations cannot say which.
        const NLB_ADDRESS = "k8s-istioing-istioing-0123456789-0123456789abcdef.elb.ca-central-1.amazonaws.com";
        const CLASSIC_ADDRESS = "a0123456789abcdef0123456789abcde-1234567890.ca-central-1.elb.amazonaws.com";

        it("aliases an NLB through the NLB zone of its region", async () => {
            const result = await withServiceIngress({ hostname: NLB_ADDRESS }, () => synthComponent(nested()));
            assert.deepEqual(new Set(summary(result).map((row) => row[3])), new Set(["alias Z2EPGBW3API2WT"]));
        });

        it("aliases a Classic Load Balancer through the ELB zone of its region, under the same resource names", async () => {
            const nlb = await withServiceIngress({ hostname: NLB_ADDRESS }, () => synthComponent(nested()));
            const classic = await withServiceIngress({ hostname: CLASSIC_ADDRESS }, () => synthComponent(nested()));
            assert.deepEqual(new Set(summary(classic).map((row) => row[3])), new Set(["alias ZQSVJUPU6J1EY"]));
            assert.deepEqual(
                records(classic).map((r) => `${r.name} ${String(r.inputs.type)}`),
                records(nlb).map((r) => `${r.name} ${String(r.inputs.type)}`),
            );
        });
    });

    it("aliases a Classic Load Balancer through the ELB zone of its region", async () => {
        const result = await synthComponent(nested({ loadBalancer: { kind: "classic" } }), { "aws:region": "us-east-1" });
        assert.deepEqual(new Set(summary(result).map((row) => row[3])), new Set(["alias Z35SXDOTRQ7X7K"]));
    });

    it("gives an IP load balancer A records with the configured TTL", async () => {
        const result = await withServiceIngress({ ip: "203.0.113.7" }, () =>
            synthComponent(nested({ loadBalancer: { kind: "ipv4" }, recordTtl: 60 })),
        );
        assert.deepEqual(summary(result), [
            ["example.com", "A", ZONE_ID, "60 203.0.113.7"],
            ["www.example.com", "A", ZONE_ID, "60 203.0.113.7"],
            ["*.apps.example.com", "A", APPS_ZONE_ID, "60 203.0.113.7"],
            ["apps.example.com", "A", APPS_ZONE_ID, "60 203.0.113.7"],
        ]);
    });

    it("gives another load balancer name CNAMEs below the apex", async () => {
        const args = nested({ loadBalancer: { kind: "hostname" } });
        args.gateways = [{ name: "web", hosts: ["www.example.com", "*.apps.example.com"] }];
        const result = await withServiceIngress({ hostname: "lb.provider.example.net" }, () => synthComponent(args));
        assert.deepEqual(summary(result), [
            ["www.example.com", "CNAME", ZONE_ID, "300 lb.provider.example.net"],
            ["*.apps.example.com", "CNAME", APPS_ZONE_ID, "300 lb.provider.example.net"],
        ]);
    });

    it("stops the update, saying what to set, when the load balancer is not what the records expect", async () => {
        // The records' inputs and the dnsRecords stack output fail: the program fails, as `pulumi up` would.
        const config = `
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53: { zones: [{ domain: example.com, hostedZoneId: ${ZONE_ID} }] }
  istio-acme-ingress:gateways: [{ name: web, hosts: [www.example.com] }]
`;
        await assert.rejects(
            withServiceIngress({ ip: "203.0.113.7" }, () => synthYaml(config)),
            /the gateway's load balancer address "203\.0\.113\.7" is not an AWS load balancer hostname .* set route53\.loadBalancer\.kind to "ipv4"/,
        );
    });

    it("creates no record with records: false, nor for a Service that is not a LoadBalancer", async () => {
        assert.deepEqual(records(await synthComponent(nested({ records: false }))), []);
        assert.deepEqual(records(await synthComponent(nested({}, { serviceType: "NodePort" }))), []);
        assert.equal(ofType(await synthComponent(nested({ records: false })), "istio-acme-ingress:index:DnsRecords").length, 0);
    });

    it("writes a split-horizon host to both zones, and the challenges to the public zone only", async () => {
        const args = minimalArgs({
            route53: {
                zones: [
                    { domain: "example.com", hostedZoneId: ZONE_ID },
                    { domain: "example.com", hostedZoneId: "Z0PRIVATE0EXAMPLE000", private: true },
                ],
                recursiveNameservers: ["8.8.8.8:53"],
            },
        });
        const result = await synthComponent(args);
        assert.deepEqual(
            records(result).map((r) => [r.name, r.inputs.zoneId]),
            [
                ["ingress-records-www.example.com-A", ZONE_ID],
                ["ingress-records-private-www.example.com-A", "Z0PRIVATE0EXAMPLE000"],
            ],
        );
        const solvers = (one(result, "kubernetes:cert-manager.io/v1:ClusterIssuer").inputs.spec as { acme: { solvers: unknown[] } }).acme
            .solvers;
        assert.equal(solvers.length, 1);
        const policy = JSON.stringify(one(result, "aws:iam/policy:Policy").inputs.policy);
        assert.match(policy, new RegExp(ZONE_ID));
        assert.doesNotMatch(policy, /Z0PRIVATE0EXAMPLE000/);
    });

    it("writes records in another account's zones through a provider that assumes recordsRoleArn there", async () => {
        const providers: Array<string | undefined> = [];
        const original = placeholderMocks.newResource.bind(placeholderMocks);
        placeholderMocks.newResource = (args) => {
            if (args.type === RECORD) providers.push(args.provider);
            return original(args);
        };
        let result: SynthResult;
        try {
            result = await synthComponent(
                minimalArgs({
                    route53: {
                        zones: [{ domain: "example.com", hostedZoneId: ZONE_ID }],
                        credentials: { assumeRoleArn: "arn:aws:iam::210987654321:role/dns01" },
                        recordsRoleArn: "arn:aws:iam::210987654321:role/ingress-records",
                    },
                }),
            );
        } finally {
            placeholderMocks.newResource = original;
        }
        const provider = one(result, "pulumi:providers:aws", "ingress-records");
        // Provider config reaches the engine as JSON text.
        assert.deepEqual(JSON.parse(String(provider.inputs.assumeRoles)), [
            { roleArn: "arn:aws:iam::210987654321:role/ingress-records", sessionName: "istio-acme-ingress-records" },
        ]);
        assert.equal(providers.length, 1);
        assert.match(String(providers[0]), /pulumi:providers:aws::ingress-records::/);
    });

    it("shows each record as a stack output: name, type, target and zone", async () => {
        const result = await synthYaml(`
config:
  aws:region: ca-central-1
  istio-acme-ingress:acme: { email: ops@example.com }
  istio-acme-ingress:route53: { zones: [{ domain: example.com, hostedZoneId: ${ZONE_ID} }] }
  istio-acme-ingress:istio: { serviceAnnotations: { ${TYPE}: external } }
  istio-acme-ingress:gateways: [{ name: web, hosts: [www.example.com] }]
`);
        const address = String(result.outputs.loadBalancerAddress);
        assert.deepEqual(result.outputs.dnsRecords, [
            { name: "www.example.com", type: "A", alias: true, target: address, zone: "example.com", private: false },
        ]);
    });
});
