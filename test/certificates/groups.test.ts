import * as assert from "node:assert/strict";
import fc from "fast-check";
import { certificateGroups } from "../../components/certificates/groups";

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`);

describe("certificate groups", () => {
    it("one certificate named after the gateway for up to 100 hosts", () => {
        assert.deepEqual(certificateGroups("web", hosts(3)), [{ name: "web", secretName: "web-tls", dnsNames: hosts(3) }]);
        assert.equal(certificateGroups("web", hosts(100)).length, 1);
    });

    it("numbered certificates of at most 100 names beyond that", () => {
        const groups = certificateGroups("web", hosts(250));
        assert.deepEqual(
            groups.map((g) => [g.name, g.secretName, g.dnsNames.length]),
            [
                ["web-1", "web-1-tls", 100],
                ["web-2", "web-2-tls", 100],
                ["web-3", "web-3-tls", 50],
            ],
        );
    });

    it("rejects a non-positive group size", () => assert.throws(() => certificateGroups("web", hosts(2), 0), RangeError));

    it("keeps every host exactly once, in order, within the limit, with unique deterministic secret names", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 120 }), (n, max) => {
                const input = hosts(n);
                const groups = certificateGroups("gw", input, max);
                assert.deepEqual(
                    groups.flatMap((g) => g.dnsNames),
                    input,
                );
                assert.ok(groups.every((g) => g.dnsNames.length >= 1 && g.dnsNames.length <= max));
                assert.equal(new Set(groups.map((g) => g.secretName)).size, groups.length);
                assert.deepEqual(certificateGroups("gw", input, max), groups);
            }),
        );
    });
});
