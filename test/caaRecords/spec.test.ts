import * as assert from "node:assert/strict";
import { caaSetsOnTheWayProblem, nameRegexOf, planCaaRecordSets } from "../../components/caaRecords/spec";
import { relevantCaaSet } from "../models/caa";

const zones = [
    { domain: "domain.com", private: false },
    { domain: "domain.com", private: true },
    { domain: "team.domain.com", private: false },
];
const hosts = ["domain.com", "www.domain.com", "x.apps.domain.com", "*.apps.domain.com", "*.web.domain.com", "api.team.domain.com"];

describe("CAA record sets (components/caaRecords/spec.ts)", () => {
    const [domain, team] = planCaaRecordSets(zones, hosts);

    it("one set per public zone holding a host, at its apex; a delegated zone listed in route53.zones gets its own", () => {
        assert.deepEqual(
            planCaaRecordSets(zones, hosts).map((set) => [set.name, set.zone.private, set.wildcards]),
            [
                ["domain.com", false, true],
                ["team.domain.com", false, false],
            ],
        );
    });

    it("lists every name a CA asks before the apex (RFC 8659 section 3), a wildcard from its base domain", () => {
        assert.deepEqual(domain.namesOnTheWay, [
            { name: "www.domain.com", hosts: ["www.domain.com"] },
            { name: "x.apps.domain.com", hosts: ["x.apps.domain.com"] },
            { name: "apps.domain.com", hosts: ["x.apps.domain.com", "*.apps.domain.com"] },
            { name: "web.domain.com", hosts: ["*.web.domain.com"] },
        ]);
        assert.deepEqual(team.namesOnTheWay, [{ name: "api.team.domain.com", hosts: ["api.team.domain.com"] }]);
    });

    it("those are exactly the names whose own CAA set the model would take instead of the apex's", () => {
        for (const host of hosts.filter((h) => h.endsWith("domain.com") && !h.endsWith("team.domain.com"))) {
            for (const { name } of domain.namesOnTheWay) {
                const dns = new Map([
                    ["domain.com", { caa: [{ flags: 0, tag: "issue", value: "letsencrypt.org" }] }],
                    [name, { caa: [{ flags: 0, tag: "issue", value: "pki.goog" }] }],
                ]);
                const passes = domain.namesOnTheWay.find((entry) => entry.name === name)?.hosts.includes(host) ?? false;
                assert.equal(relevantCaaSet(dns, host)?.name === name, passes, `${host} and a set at ${name}`);
            }
        }
    });

    it("a name regex (RE2) for exactly those names, as Route53 lists them with a trailing dot", () => {
        const regex = new RegExp(nameRegexOf(domain.namesOnTheWay.map((entry) => entry.name)));
        assert.equal(nameRegexOf(["a.b.com", "b.com"]), "^(a\\.b\\.com|b\\.com)\\.?$");
        for (const name of ["apps.domain.com.", "www.domain.com.", "x.apps.domain.com"]) assert.match(name, regex);
        for (const name of ["domain.com.", "y.apps.domain.com.", "wwwxdomain.com.", "web.domain.com.evil."])
            assert.doesNotMatch(name, regex);
    });

    it("a CAA set found on the way stops the stack, naming it and the hosts it shadows; other types do not", () => {
        const listed = [
            { name: "apps.domain.com.", type: "CAA" },
            { name: "www.domain.com.", type: "A" },
            { name: "web.domain.com.", type: "CNAME" },
        ];
        assert.equal(
            caaSetsOnTheWayProblem(domain, listed),
            "route53.caa: zone domain.com already has CAA records below its apex, which a CA reads instead of the apex's (RFC 8659 section 3): " +
                "apps.domain.com (before the apex for x.apps.domain.com, *.apps.domain.com). This stack does not change them: delete them, " +
                "or turn route53.caa off and keep your own CAA records",
        );
        assert.equal(caaSetsOnTheWayProblem(domain, listed.slice(1)), undefined);
        assert.equal(caaSetsOnTheWayProblem(team, listed), undefined);
    });
});
