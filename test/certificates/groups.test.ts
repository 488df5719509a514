import * as assert from "node:assert/strict";
import fc from "fast-check";
import { orderRefusal } from "../../components/certificates/acmeOrderRules";
import { certificateGroups, CertificateGroup } from "../../components/certificates/groups";

const hosts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `h${from + i}.example.com`);
const summary = (groups: CertificateGroup[]) => groups.map((g) => [g.name, g.secretName, g.dnsNames.length]);

describe("certificate groups", () => {
    it("one certificate named after the gateway for up to 100 hosts", () => {
        assert.deepEqual(certificateGroups("web", hosts(3)), [{ name: "web", secretName: "web-tls", dnsNames: hosts(3), hosts: hosts(3) }]);
        assert.equal(certificateGroups("web", hosts(100)).length, 1);
    });

    it("the 101st host gets a new certificate web-2; web keeps its name, secret and 100 names", () => {
        const before = certificateGroups("web", hosts(100));
        const after = certificateGroups("web", hosts(101));
        assert.deepEqual(after[0], before[0]);
        assert.deepEqual(after[1], { name: "web-2", secretName: "web-2-tls", dnsNames: ["h100.example.com"], hosts: ["h100.example.com"] });
    });

    it("fills groups of at most 100 names in config order: web, web-2, web-3", () => {
        assert.deepEqual(summary(certificateGroups("web", hosts(250))), [
            ["web", "web-tls", 100],
            ["web-2", "web-2-tls", 100],
            ["web-3", "web-3-tls", 50],
        ]);
    });

    it("rejects a non-positive group size", () => assert.throws(() => certificateGroups("web", hosts(2), 0), RangeError));

    describe("a host covered by a wildcard of the same gateway", () => {
        it("is served by its wildcard's server and is not a name of the certificate (Boulder refuses both in one order)", () => {
            const [group] = certificateGroups("web", ["*.apps.example.com", "x.apps.example.com"]);
            assert.deepEqual(group.dnsNames, ["*.apps.example.com"]);
            assert.deepEqual(group.hosts, ["*.apps.example.com", "x.apps.example.com"]);
            assert.equal(orderRefusal(group.dnsNames), undefined);
        });

        it("joins its wildcard's group wherever either stands in the list, and takes no place in a group", () => {
            const groups = certificateGroups("web", ["x.apps.example.com", ...hosts(100), "*.apps.example.com"]);
            assert.deepEqual(summary(groups), [
                ["web", "web-tls", 100],
                ["web-2", "web-2-tls", 1],
            ]);
            assert.deepEqual(groups[1].hosts, ["x.apps.example.com", "*.apps.example.com"]);
        });

        it("adding or removing a host that a wildcard covers changes no certificate", () => {
            const base = ["*.apps.example.com", ...hosts(150)];
            const withCovered = ["*.apps.example.com", ...hosts(150), "new.apps.example.com"];
            const names = (groups: CertificateGroup[]) => groups.map((g) => [g.name, g.dnsNames]);
            assert.deepEqual(names(certificateGroups("web", withCovered)), names(certificateGroups("web", base)));
        });
    });

    describe("properties", () => {
        /** Host lists of plain names, wildcards and names those wildcards cover, without duplicates. */
        const hostList = fc.uniqueArray(
            fc.oneof(
                fc.integer({ min: 0, max: 400 }).map((i) => `h${i}.example.com`),
                fc.integer({ min: 0, max: 5 }).map((i) => `*.z${i}.example.com`),
                fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 5 })).map(([i, z]) => `c${i}.z${z}.example.com`),
            ),
            { minLength: 1, maxLength: 450 },
        );
        const maxNames = fc.integer({ min: 1, max: 100 });

        it("every group is an order Boulder accepts, and every host is served by exactly one group, in config order", () => {
            fc.assert(
                fc.property(hostList, (list) => {
                    const groups = certificateGroups("gw", list);
                    for (const group of groups) assert.equal(orderRefusal(group.dnsNames), undefined, group.name);
                    const served = groups.flatMap((g) => g.hosts);
                    assert.deepEqual([...served].sort(), [...list].sort());
                    for (const group of groups) {
                        assert.deepEqual(
                            group.hosts,
                            list.filter((h) => group.hosts.includes(h)),
                        );
                    }
                    assert.equal(new Set(groups.map((g) => g.secretName)).size, groups.length);
                }),
            );
        });

        it("appending hosts keeps every full group as it was, with its name and secret", () => {
            fc.assert(
                fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 300 }), maxNames, (n, added, max) => {
                    const before = certificateGroups("gw", hosts(n), max);
                    const after = certificateGroups("gw", hosts(n + added), max);
                    const full = before.filter((g) => g.dnsNames.length === max);
                    assert.deepEqual(after.slice(0, full.length), full);
                    const partial = before.slice(full.length);
                    for (const [i, group] of partial.entries()) {
                        const next = after[full.length + i];
                        assert.equal(next.name, group.name);
                        assert.deepEqual(next.dnsNames.slice(0, group.dnsNames.length), group.dnsNames);
                    }
                }),
            );
        });

        it("names are deterministic and fit Kubernetes: the first group is the gateway's name, then -2, -3, ...", () => {
            fc.assert(
                fc.property(fc.integer({ min: 1, max: 2000 }), (n) => {
                    const gateway = "g".repeat(50);
                    const groups = certificateGroups(gateway, hosts(n));
                    assert.deepEqual(
                        groups.map((g) => g.name),
                        groups.map((_, i) => (i === 0 ? gateway : `${gateway}-${i + 1}`)),
                    );
                    // cert-manager copies a Certificate's name into label values (at most 63 characters).
                    for (const group of groups) assert.ok(group.name.length <= 63 && group.secretName.length <= 253);
                }),
                { numRuns: 20 },
            );
        });
    });
});
