import * as assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { resolveCa } from "../../components/config/acme";
import { ACME_CAS } from "../../components/config/defaults";
import { LoadBalancerKind } from "../../components/enums";
import { placeholderAcmeAccountUri } from "../../testing/placeholders";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";
import { ingressMocks } from "../../testing/placeholders";
import { synthesize, type SynthResult } from "../../tools/synth/engine";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, synthStack } from "../../tools/synth/synth";
import { caaDecision, CaaRequest, DnsNode, parseCaaPresentation, PublicDns, relevantCaaSet } from "../models/caa";
import { metadata, minimalArgs, ofType, one, spec, synthComponent, transitiveDependencies } from "../support/harness";

const RECORD = "aws:route53/record:Record";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";

const project = readProjectFile();
const stacks = readdirSync(project.stackConfigDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined);
const engineConfigOf = (stack: string) => readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name);

/** Whether a stack config turns `route53.caa` on (`caa: true` or `caa: { ... }` without `enabled: false`). */
function caaEnabled(stack: string): boolean {
    const route53 = engineConfigOf(stack).config[`${project.name}:route53`];
    const caa = route53 === undefined ? undefined : (JSON.parse(route53) as { caa?: unknown }).caa;
    return caa === true || (typeof caa === "object" && caa !== null && (caa as { enabled?: boolean }).enabled !== false);
}

/**
 * Public DNS as the synth would leave it: the public zones' records this stack writes (CAA sets, and
 * the hosts' records: a CNAME is followed, an alias A/AAAA holds no CAA); nothing anywhere else, so
 * the load balancers' names hold no CAA set (AWS publishes none at an ELB name).
 */
function publicDnsOf(result: SynthResult): PublicDns {
    const nodes = new Map<string, DnsNode>();
    for (const record of ofType(result, RECORD)) {
        if (record.name.includes("-records-private-")) continue;
        const { name, type, records } = record.inputs as { name: string; type: string; records?: string[] };
        const node = nodes.get(name) ?? {};
        if (type === "CAA") node.caa = (records ?? []).map(parseCaaPresentation);
        if (type === "CNAME") node.cname = records?.[0];
        nodes.set(name, node);
    }
    return nodes;
}

/** What the issuer asks the CA with: its CAA identity, its ACME account, and the one challenge type it solves. */
function issuerOf(result: SynthResult): { issuerDomain: string; accountUri: string; methods: string[] } {
    const issuer = one(result, CLUSTER_ISSUER);
    const acme = spec(issuer).acme as { server: string; solvers: Array<Record<string, unknown>> };
    const ca = resolveCa(acme.server).ca;
    assert.ok(ca, `the example stacks use CAs known by keyword: ${acme.server}`);
    return {
        issuerDomain: ca.caaDomain,
        accountUri: placeholderAcmeAccountUri(acme.server, result.stack, metadata(issuer).name),
        methods: acme.solvers.map((solver) => (solver.dns01 ? "dns-01" : solver.http01 ? "http-01" : "other")),
    };
}

const dnsNamesOf = (result: SynthResult) => ofType(result, CERTIFICATE).flatMap((c) => spec(c).dnsNames as string[]);
const OTHER_ACCOUNT = "https://acme-v02.api.letsencrypt.org/acme/acct/1";

describe("route53.caa: the planned CAA records, read as a CA reads them (test/models/caa.ts)", () => {
    const withCaa = stacks.filter(caaEnabled);

    it("at least one example stack turns CAA on, and one of them serves a wildcard", async () => {
        assert.ok(withCaa.length > 0);
        const wildcards = await Promise.all(
            withCaa.map(async (stack) => dnsNamesOf(await synthStack(stack, engineConfigOf(stack))).some((n) => n.startsWith("*."))),
        );
        assert.ok(wildcards.includes(true));
    });

    for (const stack of withCaa) {
        describe(`example stack ${stack}`, () => {
            let result: SynthResult;
            let dns: PublicDns;
            let issuer: ReturnType<typeof issuerOf>;
            const ask = (name: string, overrides: Partial<CaaRequest> = {}) =>
                caaDecision(dns, {
                    name,
                    issuerDomain: issuer.issuerDomain,
                    accountUri: issuer.accountUri,
                    validationMethod: "dns-01",
                    ...overrides,
                });
            before(async () => {
                result = await synthStack(stack, engineConfigOf(stack));
                dns = publicDnsOf(result);
                issuer = issuerOf(result);
            });

            it("plans CAA records, and the issuer proves every name by DNS-01 only", () => {
                assert.ok(ofType(result, RECORD).some((record) => record.inputs.type === "CAA"));
                assert.deepEqual([...new Set(issuer.methods)], ["dns-01"]);
            });

            it("permits every name of every planned Certificate from the configured CA, by DNS-01, for this stack's account", () => {
                for (const name of dnsNamesOf(result)) {
                    const decision = ask(name);
                    assert.ok(decision.permitted, `${name}: ${decision.reason}`);
                    assert.ok(decision.relevantAt, `${name}: a CAA set this stack wrote is the relevant one, not the absence of any`);
                }
            });

            it("refuses every other CA known by keyword", () => {
                const others = [...new Set(Object.values(ACME_CAS).map((ca) => ca.caaDomain))].filter(
                    (domain) => domain !== issuer.issuerDomain,
                );
                assert.ok(others.length > 0);
                for (const name of dnsNamesOf(result)) {
                    for (const issuerDomain of others)
                        assert.equal(ask(name, { issuerDomain }).permitted, false, `${name} by ${issuerDomain}`);
                }
            });

            it("refuses the configured CA by http-01 or tls-alpn-01", () => {
                for (const name of dnsNamesOf(result)) {
                    assert.equal(ask(name, { validationMethod: "http-01" }).permitted, false, name);
                    if (!name.startsWith("*.")) assert.equal(ask(name, { validationMethod: "tls-alpn-01" }).permitted, false, name);
                }
            });

            it("with an issuewild naming the CA where a wildcard is served", () => {
                for (const name of dnsNamesOf(result).filter((n) => n.startsWith("*."))) {
                    const relevant = relevantCaaSet(dns, name);
                    assert.ok(
                        relevant?.records.some((r) => r.tag === "issuewild" && r.value.split(";")[0] === issuer.issuerDomain),
                        `${name}: ${JSON.stringify(relevant)}`,
                    );
                }
            });

            it("pins the ACME account where configured: another account of the same CA is refused", () => {
                const pinned = ofType(result, RECORD).some((r) =>
                    (r.inputs.records as string[] | undefined)?.some((v) => v.includes("accounturi=")),
                );
                for (const name of dnsNamesOf(result)) {
                    assert.equal(ask(name, { accountUri: OTHER_ACCOUNT }).permitted, !pinned, name);
                }
            });

            it("the records exist before any Certificate is requested", () => {
                const caa = ofType(result, RECORD).filter((record) => record.inputs.type === "CAA");
                for (const certificate of ofType(result, CERTIFICATE)) {
                    const waitsFor = transitiveDependencies(result, certificate);
                    for (const record of caa) assert.ok(waitsFor.has(record.urn), `${certificate.name} waits for ${record.name}`);
                }
            });
        });
    }
});

describe("route53.caa in the component", () => {
    const zones = [
        { domain: "example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" },
        { domain: "example.com", hostedZoneId: "Z0PRIVATE0EXAMPLE0COM", private: true },
        { domain: "idle.example.org", hostedZoneId: "Z0IDLE0EXAMPLE0ORG00" },
    ];
    const recursiveNameservers = ["10.0.0.2:53"];

    it("one record set at the apex of each public zone holding a host; none in a private zone or a zone without hosts", async () => {
        const result = await synthComponent(minimalArgs({ route53: { zones, recursiveNameservers, caa: {} } }));
        const caa = ofType(result, RECORD).filter((record) => record.inputs.type === "CAA");
        assert.deepEqual(
            caa.map((record) => [record.inputs.name, record.inputs.zoneId, record.inputs.allowOverwrite]),
            [["example.com", "Z0123456789ABCDEFGHIJ", false]],
        );
        assert.deepEqual(caa[0].inputs.records, ['0 issue "letsencrypt.org; validationmethods=dns-01"', '0 issuewild ";"']);
    });

    it("unpinned records do not wait for the issuer; pinned ones do, and name the account it registered", async () => {
        const unpinned = await synthComponent(minimalArgs({ route53: { zones, recursiveNameservers, caa: { enabled: true } } }));
        const issuer = one(unpinned, CLUSTER_ISSUER);
        assert.ok(!transitiveDependencies(unpinned, one(unpinned, RECORD, "ingress-caa-example.com")).has(issuer.urn));

        const pinned = await synthComponent(minimalArgs({ route53: { zones, recursiveNameservers, caa: { pinAccount: true } } }));
        const record = one(pinned, RECORD, "ingress-caa-example.com");
        assert.ok(transitiveDependencies(pinned, record).has(one(pinned, CLUSTER_ISSUER).urn));
        const account = placeholderAcmeAccountUri("https://acme-staging-v02.api.letsencrypt.org/directory", "test", "letsencrypt-staging");
        assert.deepEqual(record.inputs.records, [
            `0 issue "letsencrypt.org; validationmethods=dns-01; accounturi=${account}"`,
            '0 issuewild ";"',
        ]);
    });

    it("other CAs the zones keep using, and other stacks' accounts, are listed beside this stack's", async () => {
        const other = "https://acme-staging-v02.api.letsencrypt.org/acme/acct/77";
        const result = await synthComponent(
            minimalArgs({
                route53: { zones, recursiveNameservers, caa: { pinAccount: true, accountUris: [other], otherIssuers: ["amazon.com"] } },
                gateways: [{ name: "web", hosts: ["*.apps.example.com"] }],
            }),
        );
        const account = placeholderAcmeAccountUri("https://acme-staging-v02.api.letsencrypt.org/directory", "test", "letsencrypt-staging");
        const values = one(result, RECORD, "ingress-caa-example.com").inputs.records as string[];
        assert.deepEqual(values, [
            `0 issue "letsencrypt.org; validationmethods=dns-01; accounturi=${account}"`,
            `0 issue "letsencrypt.org; validationmethods=dns-01; accounturi=${other}"`,
            '0 issue "amazon.com"',
            `0 issuewild "letsencrypt.org; validationmethods=dns-01; accounturi=${account}"`,
            `0 issuewild "letsencrypt.org; validationmethods=dns-01; accounturi=${other}"`,
            '0 issuewild "amazon.com"',
        ]);
        const dns = publicDnsOf(result);
        const ask = (accountUri: string, issuerDomain = "letsencrypt.org") =>
            caaDecision(dns, { name: "*.apps.example.com", issuerDomain, accountUri, validationMethod: "dns-01" }).permitted;
        assert.equal(ask(account), true);
        assert.equal(ask(other), true);
        assert.equal(ask(OTHER_ACCOUNT), false);
        assert.equal(ask("", "amazon.com"), true);
    });

    it("a CAA set Route53 already holds between a host and the apex stops the stack, naming it: a CA would read it instead", async () => {
        const base = ingressMocks();
        const listed: Array<{ nameRegex: string; zoneId: string }> = [];
        const mocks: typeof base = {
            newResource: (args) => base.newResource(args),
            call: (args) => {
                if (args.token !== "aws:route53/getRecords:getRecords") return base.call(args);
                const inputs = args.inputs as { nameRegex: string; zoneId: string };
                listed.push(inputs);
                return { ...inputs, id: inputs.zoneId, resourceRecordSets: [{ name: "apps.example.com.", type: "CAA" }] };
            },
        };
        const run = synthesize({
            project: "istio-acme-ingress",
            stack: "test",
            config: { "aws:region": "ca-central-1" },
            secretKeys: [],
            mocks,
            program: async () => {
                new IstioAcmeIngress(
                    "ingress",
                    minimalArgs({
                        route53: { zones: zones.slice(0, 1), caa: {} },
                        gateways: [{ name: "web", hosts: ["*.apps.example.com"] }],
                    }),
                );
            },
        });
        // The SDK rejects the record's registration with the error; the mock engine reports it as an
        // unhandled rejection (a real `pulumi up` fails with it), and registers nothing that waits for the record.
        const rejections: unknown[] = [];
        const onRejection = (reason: unknown) => rejections.push(reason);
        process.prependListener("unhandledRejection", onRejection);
        let result: SynthResult;
        try {
            result = await run;
            await new Promise((resolve) => setImmediate(resolve));
        } finally {
            process.off("unhandledRejection", onRejection);
        }
        assert.ok(
            rejections.some((reason) =>
                /zone example\.com already has CAA records below its apex.*apps\.example\.com \(before the apex for \*\.apps\.example\.com\)/.test(
                    String(reason),
                ),
            ),
            String(rejections),
        );
        assert.deepEqual(
            ofType(result, RECORD).filter((record) => record.inputs.type === "CAA"),
            [],
        );
        assert.deepEqual(ofType(result, CERTIFICATE), []);
        assert.deepEqual(listed, [{ zoneId: "Z0123456789ABCDEFGHIJ", nameRegex: "^(apps\\.example\\.com)\\.?$" }]);
    });

    it("a host whose CNAME leads to a name with its own CAA set is out of the apex's reach (why CNAME targets matter)", async () => {
        const result = await synthComponent(
            minimalArgs({
                route53: { zones: zones.slice(0, 1), caa: {}, loadBalancer: { kind: LoadBalancerKind.Hostname } },
                istio: { serviceType: "LoadBalancer" },
            }),
        );
        const dns = new Map(publicDnsOf(result));
        const target = dns.get("www.example.com")?.cname;
        assert.ok(target, "the host is a CNAME to the load balancer's name");
        const ask = () =>
            caaDecision(dns, {
                name: "www.example.com",
                issuerDomain: "letsencrypt.org",
                accountUri: OTHER_ACCOUNT,
                validationMethod: "dns-01",
            });
        assert.equal(ask().relevantAt, "example.com");
        dns.set(target, { caa: [{ flags: 0, tag: "issue", value: "amazon.com" }] });
        assert.equal(ask().permitted, false);
    });
});
