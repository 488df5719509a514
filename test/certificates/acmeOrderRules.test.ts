import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
    identifierRefusal,
    MAX_NAMES_PER_ORDER,
    orderRefusal,
    redundantNameError,
    registeredDomain,
} from "../../components/certificates/acmeOrderRules";

/**
 * Boulder's own cases, transcribed from `policy/pa_test.go` `TestWellFormedIdentifiers` (DNS
 * identifiers; Boulder commit 2d00c8e27919fe945e53b2cf857838e68a1da111), with the error detail each
 * one gets from `policy/pa.go`.
 */
const BOULDER_DNS_CASES: Array<[string, string | undefined]> = [
    ["", "Identifier value (name) is empty"],
    ["zomb!.com", "Domain name contains an invalid character"],
    ["emailaddress@myseriously.present.com", "Domain name contains an invalid character"],
    ["user:pass@myseriously.present.com", "Domain name contains an invalid character"],
    ["zömbo.com", "Domain name contains an invalid character"],
    ["127.0.0.1", "Identifier type is DNS but value is an IP address"],
    ["fe80::1:1", "Domain name contains an invalid character"],
    ["[2001:db8:85a3:8d3:1319:8a2e:370:7348]", "Domain name contains an invalid character"],
    ["2001:db8::/32", "Domain name contains an invalid character"],
    ["a.b.c.d.e.f.g.h.i.j.k", "Domain name has more than 10 labels (parts)"],
    [`www.${"0123456789abcdef".repeat(15)}012345.com`, "Domain name is longer than 253 bytes"],
    [
        "www.ef0123456789abcdef013456789abcdef012345.789abcdef012345679abcdef0123456789abcdef01234.6789abcdef0123456789abcdef0.23456789abcdef0123456789a.cdef0123456789abcdef0123456789ab.def0123456789abcdef0123456789.bcdef0123456789abcdef012345.com",
        undefined,
    ],
    [`www.${"abcdefghijklmnopqrstuvwxyz".repeat(6)}.com`, "Domain has a label (component between dots) longer than 63 bytes"],
    ["www.-ombo.com", "Domain name contains an invalid character"],
    ["www.zomb-.com", "Domain name contains an invalid character"],
    ["xn--.net", "Domain name contains an invalid character"],
    ["-0b.net", "Domain name contains an invalid character"],
    ["-.net", "Domain name contains an invalid character"],
    ["---.net", "Domain name contains an invalid character"],
    ["0", "Domain name needs at least one dot"],
    ["*", "Domain name contains an invalid wildcard. A wildcard is only permitted before the first dot in a domain name"],
    ["**", "Domain name has more than one wildcard"],
    ["*.*", "Domain name has more than one wildcard"],
    ["zombo*com", "Domain name contains an invalid wildcard. A wildcard is only permitted before the first dot in a domain name"],
    ["*.com", "Domain name is a wildcard for an ICANN TLD"],
    ["..a", "Domain name can not have two dots in a row"],
    ["a..a", "Domain name can not have two dots in a row"],
    ["..foo.com", "Domain name can not have two dots in a row"],
    [".", "Domain name ends in a dot"],
    [".....", "Domain name ends in a dot"],
    ["www.zombo.com.", "Domain name ends in a dot"],
    ["www.zombo_com.com", "Domain name contains an invalid character"],
    ["\uFEFFwww.zombo.com", "Domain name contains an invalid character"],
    ["www.zom\u202Ebo.com", "Domain name contains an invalid character"],
    ["zombocom", "Domain name needs at least one dot"],
    ["localhost", "Domain name needs at least one dot"],
    ["example.acting", "Domain name does not end with a valid public suffix (TLD)"],
    ["example.internal", "Domain name does not end with a valid public suffix (TLD)"],
    ["www.zombo.163", "Domain name does not end with a valid public suffix (TLD)"],
    ["xn--109-3veba6djs1bfxlfmx6c9g.xn--f1awi.xn--p1ai", "Domain name contains malformed punycode"],
    ["bq--abwhky3f6fxq.jakacomo.com", "Domain name contains an invalid label in a reserved format (R-LDH: '??--')"],
    ["bq---abwhky3f6fxq.jakacomo.com", "Domain name contains an invalid label in a reserved format (R-LDH: '??--')"],
    ["h---test.hk2yz.org", "Domain name contains an invalid label in a reserved format (R-LDH: '??--')"],
    ["co.uk", "Domain name is an ICANN TLD"],
    ["foo.er", "Domain name is an ICANN TLD"],
    // Accepted: the names this project's stacks and docs use.
    ["www.example.com", undefined],
    ["*.apps.example.com", undefined],
    ["xn--bcher-kva.de", undefined],
];

describe("ACME order rules (Let's Encrypt's Boulder)", () => {
    describe("each DNS identifier, as policy.WellFormedIdentifiers judges it", () => {
        for (const [name, detail] of BOULDER_DNS_CASES) {
            it(`${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)}: ${detail ?? "accepted"}`, () =>
                assert.equal(identifierRefusal(name)?.boulder, detail));
        }

        it("a private CA's rule set drops only the Public Suffix List and the label count", () => {
            assert.equal(identifierRefusal("app.corp.internal", "anyCa"), undefined);
            assert.equal(identifierRefusal("a.b.c.d.e.f.g.h.i.j.k", "anyCa"), undefined);
            assert.ok(identifierRefusal("app.corp.internal")?.letsEncryptOnly);
            assert.equal(identifierRefusal("10.0.0.1", "anyCa")?.boulder, "Identifier type is DNS but value is an IP address");
            assert.match(identifierRefusal("intranet", "anyCa")?.message ?? "", /two labels/);
        });
    });

    describe("a new order, as ra.NewOrder judges it", () => {
        const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`);

        it(`at most ${MAX_NAMES_PER_ORDER} names`, () => {
            assert.equal(orderRefusal(hosts(100)), undefined);
            assert.equal(orderRefusal(hosts(101)), "Order cannot contain more than 100 identifiers");
        });

        it("counts names after lowercasing and removing duplicates, as identifier.Normalize does", () => {
            assert.equal(orderRefusal([...hosts(100), "H0.EXAMPLE.COM"]), undefined);
        });

        it('refuses a name beside the wildcard that covers it with Boulder\'s "redundant" error (ra.wildcardOverlap, TestWildcardOverlap)', () => {
            assert.equal(orderRefusal(["*.example.com", "*.example.net"]), undefined);
            assert.equal(orderRefusal(["*.example.com", "*.example.net", "www.example.com"]), redundantNameError("www.example.com"));
            assert.equal(
                redundantNameError("www.example.com"),
                'Domain name "www.example.com" is redundant with a wildcard domain in the same request. Remove one or the other from the certificate request.',
            );
            assert.equal(orderRefusal(["*.foo.example.com", "*.example.net", "www.example.com"]), undefined);
            assert.equal(orderRefusal(["*.apps.example.com", "a.b.apps.example.com", "apps.example.com"]), undefined);
        });

        it("reports the first refused name in sorted order, and how many more, as combineSubErrors does", () => {
            assert.equal(
                orderRefusal(["www.zombo.com.", "a_b.example.com", "ok.example.com"]),
                'Cannot issue for "a_b.example.com": Domain name contains an invalid character (and 1 more problems. Refer to sub-problems for more information.)',
            );
            assert.equal(orderRefusal(["localhost"]), 'Cannot issue for "localhost": Domain name needs at least one dot');
        });

        it("any name with its first label replaced by * is refused beside that wildcard", () => {
            const label = fc.stringMatching(/^[a-z0-9]{1,12}$/); // R-LDH labels ("ab--c") are refused before
            fc.assert(
                fc.property(label, label, (first, base) => {
                    const name = `${first}.${base}.example.com`;
                    return orderRefusal([`*.${base}.example.com`, name]) === redundantNameError(name);
                }),
            );
        });
    });

    describe("registered domain (rate limits: ratelimits.coveringIdentifier)", () => {
        const table: Array<[string, string]> = [
            ["www.example.com", "example.com"],
            ["*.apps.example.com", "example.com"],
            ["new.blog.example.co.uk", "example.co.uk"],
            ["example.com", "example.com"],
            // The private section of the list counts too: each github.io site is its own registered domain.
            ["a.b.github.io", "b.github.io"],
            ["co.uk", "co.uk"],
        ];
        for (const [name, domain] of table) it(`${name} -> ${domain}`, () => assert.equal(registeredDomain(name), domain));
    });
});
