import * as assert from "node:assert/strict";
import { caaDecision, CaaRecord, DnsNode, parseCaaPresentation, PublicDns, relevantCaaSet } from "./caa";

const LE = "letsencrypt.org";
const ACCOUNT = "https://acme-v02.api.letsencrypt.org/acme/acct/1234";
const issue = (value: string, flags = 0): CaaRecord => ({ flags, tag: "issue", value });
const issuewild = (value: string, flags = 0): CaaRecord => ({ flags, tag: "issuewild", value });
const dns = (entries: Record<string, DnsNode>): PublicDns => new Map(Object.entries(entries));
const request = (name: string, overrides: Partial<Parameters<typeof caaDecision>[1]> = {}) => ({
    name,
    issuerDomain: LE,
    accountUri: ACCOUNT,
    validationMethod: "dns-01",
    ...overrides,
});
const permitted = (zone: PublicDns, name: string, overrides = {}) => caaDecision(zone, request(name, overrides)).permitted;

describe("the CAA model (RFC 8659, RFC 8657, as Boulder's va/caa.go applies them)", () => {
    describe("RFC 8659 section 3: the relevant record set", () => {
        it("is the first non-empty CAA set climbing from the name towards the root", () => {
            const zone = dns({ "example.com": { caa: [issue(LE)] }, "b.example.com": { caa: [issue("pki.goog")] } });
            assert.equal(relevantCaaSet(zone, "a.b.example.com")?.name, "b.example.com");
            assert.equal(relevantCaaSet(zone, "a.c.example.com")?.name, "example.com");
            assert.equal(permitted(zone, "a.b.example.com"), false, "the nearer set names another CA: the apex's is never read");
            assert.equal(permitted(zone, "a.c.example.com"), true);
        });

        it("no set on the way to the root permits any CA", () => {
            assert.deepEqual(caaDecision(dns({}), request("www.example.com", { issuerDomain: "any.example" })).permitted, true);
        });

        it("a wildcard's search starts at its base domain (Boulder strips `*.` before getCAA)", () => {
            const zone = dns({ "apps.example.com": { caa: [issue("pki.goog")] }, "example.com": { caa: [issue(LE)] } });
            assert.equal(relevantCaaSet(zone, "*.apps.example.com")?.name, "apps.example.com");
        });

        it("a CNAME at a name is followed: the target's own set counts, the target's parents do not", () => {
            const zone = dns({
                "example.com": { caa: [issue(LE)] },
                "www.example.com": { cname: "lb-1.elb.ca-central-1.amazonaws.com" },
                "amazonaws.com": { caa: [issue("amazon.com")] },
                "api.example.com": { cname: "edge.cdn.example.net" },
                "edge.cdn.example.net": { caa: [issue("digicert.com")] },
            });
            assert.equal(
                relevantCaaSet(zone, "www.example.com")?.name,
                "example.com",
                "amazonaws.com is the target's parent: not searched",
            );
            assert.equal(permitted(zone, "www.example.com"), true);
            assert.deepEqual(relevantCaaSet(zone, "api.example.com"), {
                name: "api.example.com",
                answeredBy: "edge.cdn.example.net",
                records: [issue("digicert.com")],
            });
            assert.equal(permitted(zone, "api.example.com"), false, "the CNAME target's own set shuts the apex's out");
        });
    });

    describe("RFC 8659 section 4.1: flags", () => {
        it("a critical property the CA does not know refuses issuance, even beside an issue naming it", () => {
            const zone = dns({ "example.com": { caa: [issue(LE), { flags: 128, tag: "tbs", value: "x" }] } });
            assert.equal(permitted(zone, "www.example.com"), false);
        });

        it("Boulder also reads flag 1 as critical (filterCAA); a non-critical unknown property is ignored", () => {
            assert.equal(
                permitted(dns({ "example.com": { caa: [issue(LE), { flags: 1, tag: "tbs", value: "x" }] } }), "a.example.com"),
                false,
            );
            assert.equal(
                permitted(dns({ "example.com": { caa: [issue(LE), { flags: 0, tag: "tbs", value: "x" }] } }), "a.example.com"),
                true,
            );
        });

        it("a critical iodef is known, so it refuses nothing", () => {
            const zone = dns({ "example.com": { caa: [issue(LE), { flags: 128, tag: "iodef", value: "mailto:sec@example.com" }] } });
            assert.equal(permitted(zone, "www.example.com"), true);
        });
    });

    describe("RFC 8659 sections 4.2 and 4.3: issue and issuewild", () => {
        it("issue names the CAs that may issue; another CA is refused; ';' lets none issue", () => {
            const zone = dns({ "example.com": { caa: [issue(LE)] }, "locked.example.com": { caa: [issue(";")] } });
            assert.equal(permitted(zone, "www.example.com"), true);
            assert.equal(permitted(zone, "www.example.com", { issuerDomain: "pki.goog" }), false);
            assert.equal(permitted(zone, "locked.example.com"), false);
        });

        it("issuewild replaces issue for a wildcard when present, and is ignored for other names", () => {
            const zone = dns({ "example.com": { caa: [issue(LE), issuewild("pki.goog")] } });
            assert.equal(permitted(zone, "*.example.com"), false);
            assert.equal(permitted(zone, "*.example.com", { issuerDomain: "pki.goog" }), true);
            assert.equal(permitted(zone, "www.example.com", { issuerDomain: "pki.goog" }), false);
        });

        it("without issuewild, a wildcard is decided by issue; issuewild ';' refuses every wildcard", () => {
            assert.equal(permitted(dns({ "example.com": { caa: [issue(LE)] } }), "*.example.com"), true);
            const locked = dns({ "example.com": { caa: [issue(LE), issuewild(";")] } });
            assert.equal(permitted(locked, "*.example.com"), false);
            assert.equal(permitted(locked, "www.example.com"), true);
        });

        it("a set with only issuewild restricts wildcards only", () => {
            const zone = dns({ "example.com": { caa: [issuewild(";")] } });
            assert.equal(permitted(zone, "www.example.com", { issuerDomain: "any.example" }), true);
            assert.equal(permitted(zone, "*.example.com"), false);
        });

        it("a malformed value authorizes nobody (parseCAARecord's error: the record is skipped)", () => {
            assert.equal(permitted(dns({ "example.com": { caa: [issue("letsencrypt.org; validationmethods")] } }), "a.example.com"), false);
        });
    });

    describe("RFC 8657: accounturi (section 3) and validationmethods (section 4)", () => {
        it("accounturi authorizes that ACME account only", () => {
            const zone = dns({ "example.com": { caa: [issue(`${LE}; accounturi=${ACCOUNT}`)] } });
            assert.equal(permitted(zone, "a.example.com"), true);
            assert.equal(permitted(zone, "a.example.com", { accountUri: "https://acme-v02.api.letsencrypt.org/acme/acct/99" }), false);
        });

        it("one property per account: two accounturi in one property authorize nobody (caaAccountURIMatches)", () => {
            const other = "https://acme-v02.api.letsencrypt.org/acme/acct/99";
            const zone = dns({ "example.com": { caa: [issue(`${LE}; accounturi=${ACCOUNT}; accounturi=${other}`)] } });
            assert.equal(permitted(zone, "a.example.com"), false);
            const two = dns({ "example.com": { caa: [issue(`${LE}; accounturi=${ACCOUNT}`), issue(`${LE}; accounturi=${other}`)] } });
            assert.equal(permitted(two, "a.example.com", { accountUri: other }), true);
        });

        it("validationmethods authorizes the methods it lists: dns-01 only refuses http-01 and tls-alpn-01", () => {
            const zone = dns({ "example.com": { caa: [issue(`${LE}; validationmethods=dns-01`)] } });
            assert.equal(permitted(zone, "a.example.com"), true);
            assert.equal(permitted(zone, "a.example.com", { validationMethod: "http-01" }), false);
            assert.equal(permitted(zone, "a.example.com", { validationMethod: "tls-alpn-01" }), false);
            const both = dns({ "example.com": { caa: [issue(`${LE}; validationmethods=dns-01,http-01`)] } });
            assert.equal(permitted(both, "a.example.com", { validationMethod: "http-01" }), true);
        });

        it("parameters the CA does not know are ignored (RFC 8659 section 4.2 leaves their meaning to the CA)", () => {
            assert.equal(permitted(dns({ "example.com": { caa: [issue(`${LE}; policy=ev`)] } }), "a.example.com"), true);
        });
    });

    it('reads Route53\'s presentation format: flags tag "value", and refuses anything else', () => {
        assert.deepEqual(
            parseCaaPresentation('0 issue "letsencrypt.org; validationmethods=dns-01"'),
            issue(`${LE}; validationmethods=dns-01`),
        );
        assert.deepEqual(parseCaaPresentation('128 issuewild ";"'), issuewild(";", 128));
        assert.throws(() => parseCaaPresentation("0 issue letsencrypt.org"), /presentation format/);
        assert.throws(() => parseCaaPresentation('256 issue "x"'), /presentation format/);
    });
});
