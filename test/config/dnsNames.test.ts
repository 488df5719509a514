import * as assert from "node:assert/strict";
import fc from "fast-check";
import { coveredBy, dnsNameProblem, hostMatches, hostProblem, zoneOfHost } from "../../components/config/dns";
import { validateIngressConfig } from "../../components/config/validate";

describe("DNS names", () => {
    const valid = [
        "example.com",
        "a.b.example.com",
        "xn--bcher-kva.example",
        "corp.internal",
        "a-b.example.com",
        "1.example.com",
        `${"a".repeat(63)}.com`,
    ];
    for (const name of valid) it(`accepts ${name}`, () => assert.equal(dnsNameProblem(name), undefined));

    const invalid: Array<[string, RegExp]> = [
        ["", /empty/],
        ["Example.com", /lowercase/],
        ["example.com.", /dot/],
        ["localhost", /two labels/],
        ["-a.example.com", /label "-a"/],
        ["a_b.example.com", /label "a_b"/],
        [`${"a".repeat(64)}.com`, /64 characters/],
        [`${"abcdefghi.".repeat(26)}com`, /253/],
        ["10.0.0.1", /all-numeric/],
        ["a.*.b.com", /wildcard/],
        ["ab--cd.example.com", /punycode/],
        ["xn--zz.example.com", /punycode/],
    ];
    for (const [name, reason] of invalid) it(`rejects ${JSON.stringify(name)}`, () => assert.match(dnsNameProblem(name) ?? "", reason));

    it("accepts a wildcard only as the whole leftmost label", () => {
        assert.equal(hostProblem("*.apps.example.com"), undefined);
        assert.match(hostProblem("*") ?? "", /bare/);
        assert.match(hostProblem("*.*.example.com") ?? "", /wildcard/);
        assert.match(hostProblem("foo*.example.com") ?? "", /wildcard/);
        assert.match(hostProblem("*.com") ?? "", /two labels/);
    });

    it("refuses Unicode names with their punycode form as the fix (node's url.domainToASCII, IDNA)", () => {
        assert.equal(dnsNameProblem("münchen.de"), 'has non-ASCII characters; write it in punycode: "xn--mnchen-3ya.de"');
        assert.equal(hostProblem("Bücher.example.com"), 'has non-ASCII characters; write it in punycode: "xn--bcher-kva.example.com"');
        assert.equal(hostProblem("*.bücher.example.com"), 'has non-ASCII characters; write it in punycode: "*.xn--bcher-kva.example.com"');
        assert.equal(dnsNameProblem("xn--mnchen-3ya.de"), undefined, "the punycode it suggests is accepted");
    });
});

describe("Let's Encrypt's own host rules follow acme.server", () => {
    const config = (server: string | undefined) => ({
        acme: { email: "ops@example.com", ...(server === undefined ? {} : { server }) },
        route53: { zones: [{ domain: "corp.internal", hostedZoneId: "Z0123456789ABCDEFGHIJ" }] },
        gateways: [{ name: "web", hosts: ["app.corp.internal"] }],
    });
    const reasons = (server: string | undefined) => {
        const result = validateIngressConfig(config(server));
        return result.ok ? [] : result.problems.map((p) => `${p.propertyPath}: ${p.reason}`);
    };

    it("Let's Encrypt (staging, production, its directory URL, or no acme.server: staging) refuses a name outside the Public Suffix List", () => {
        for (const server of ["staging", "production", "https://acme-v02.api.letsencrypt.org/directory", undefined]) {
            assert.deepEqual(reasons(server), [
                `gateways[0].hosts[0]: "app.corp.internal" does not end in a public suffix of the Public Suffix List (ICANN section): Let's Encrypt refuses it, a private ACME CA (acme.server) may not`,
            ]);
        }
    });

    it("a private ACME CA may issue it", () => assert.deepEqual(reasons("https://ca.corp.internal/acme/acme/directory"), []));
});

describe("host matching (RFC 6125: * is exactly one label)", () => {
    const table: Array<[string, string, boolean]> = [
        ["*.apps.example.com", "a.apps.example.com", true],
        ["*.apps.example.com", "apps.example.com", false],
        ["*.apps.example.com", "a.b.apps.example.com", false],
        ["*.apps.example.com", "*.apps.example.com", true],
        ["a.example.com", "a.example.com", true],
        ["a.example.com", "*.example.com", false],
    ];
    for (const [pattern, host, expected] of table) {
        it(`${pattern} ${expected ? "covers" : "does not cover"} ${host}`, () => assert.equal(hostMatches(pattern, host), expected));
    }

    it("a wildcard covers every single label in front of its base", () => {
        const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
        fc.assert(fc.property(label, (l) => coveredBy(`${l}.apps.example.com`, ["*.apps.example.com"])));
        fc.assert(fc.property(label, label, (a, b) => !coveredBy(`${a}.${b}.apps.example.com`, ["*.apps.example.com"])));
    });
});

describe("host to zone", () => {
    const zones = ["example.com", "sub.example.com", "other.org"];
    const table: Array<[string, string | undefined]> = [
        ["example.com", "example.com"],
        ["www.example.com", "example.com"],
        ["a.sub.example.com", "sub.example.com"],
        ["sub.example.com", "sub.example.com"],
        ["*.sub.example.com", "sub.example.com"],
        ["*.example.com", "example.com"],
        ["notexample.com", undefined],
        ["www.other.org", "other.org"],
        ["example.org", undefined],
    ];
    for (const [host, zone] of table) it(`${host} -> ${zone ?? "no zone"}`, () => assert.equal(zoneOfHost(host, zones), zone));

    it("always picks the most specific zone, whatever the order of zones", () => {
        fc.assert(
            fc.property(
                fc.shuffledSubarray(zones, { minLength: 3, maxLength: 3 }),
                (ordered) => zoneOfHost("x.sub.example.com", ordered) === "sub.example.com",
            ),
        );
    });
});
