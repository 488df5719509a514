import * as assert from "node:assert/strict";
import fc from "fast-check";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { certificateSpec } from "../../components/certificates/spec";
import { validateIngressConfig } from "../../components/config/validate";
import { planIngress } from "../../components/plan";
import { LETS_ENCRYPT_LIFETIMES, parseGoDuration, renewalTime, RenewalSpec, renewBeforeMs } from "../models/certManagerRenewal";
import { minimalArgs } from "../support/harness";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ISSUED = new Date("2027-03-01T12:00:00Z");

const after = (ms: number) => new Date(ISSUED.getTime() + ms);

describe("cert-manager's renewal time, as modelled (pkg/util/pki/renewaltime.go at v1.21.1)", () => {
    // TestRenewalTime in renewaltime_test.go at v1.21.1, without the ARI case.
    const renewalCases: Array<[string, number, RenewalSpec, number]> = [
        ["short lived cert, spec.renewBefore is not set", 3 * HOUR, {}, 2 * HOUR],
        ["long lived cert, spec.renewBefore is not set", 4380 * HOUR, {}, 2920 * HOUR],
        ["spec.renewBefore is set", 24 * HOUR, { renewBefore: "20h" }, 4 * HOUR],
        ["long lived cert, spec.renewBefore is set to renew every day", 730 * HOUR, { renewBefore: "706h" }, 24 * HOUR],
        ["spec.renewBefore is set, but would result in renewal time after expiry", 24 * HOUR, { renewBefore: "25h" }, 16 * HOUR],
        [
            "long lived cert, spec.renewBeforePercentage is set to renew 30% before expiry",
            730 * HOUR,
            { renewBeforePercentage: 30 },
            511 * HOUR,
        ],
        [
            "spec.renewBefore is set to a value slightly less than cert's duration",
            24 * HOUR + 3 * MINUTE,
            { renewBefore: "24h" },
            3 * MINUTE,
        ],
        ["certificate's duration is skewed by a second", 24 * HOUR - 1000, {}, 16 * HOUR - 1000],
    ];
    for (const [name, lifetime, spec, renewsAfter] of renewalCases) {
        it(name, () => assert.deepEqual(renewalTime(ISSUED, after(lifetime), spec), after(renewsAfter)));
    }

    // TestRenewBefore: a 3-hour certificate.
    const renewBeforeCases: Array<[string, RenewalSpec, number]> = [
        ["neither field set", {}, HOUR],
        ["spec.renewBeforePercentage is valid", { renewBeforePercentage: 25 }, 45 * MINUTE],
        ["spec.renewBeforePercentage is too large so default is used", { renewBeforePercentage: 100 }, HOUR],
        ["spec.renewBeforePercentage is too small so default is used", { renewBeforePercentage: 0 }, HOUR],
        ["spec.renewBefore is valid", { renewBefore: "1h" }, HOUR],
        ["spec.renewBefore is invalid so default is used", { renewBefore: "4h" }, HOUR],
    ];
    for (const [name, spec, expected] of renewBeforeCases) {
        it(`renew-before period: ${name}`, () => assert.equal(renewBeforeMs(3 * HOUR, spec), expected));
    }

    it("reads renewBefore as Go's time.ParseDuration does", () => {
        assert.equal(parseGoDuration("1h30m"), 90 * MINUTE);
        assert.equal(parseGoDuration("1.5h"), 90 * MINUTE);
        assert.equal(parseGoDuration("2160h"), 90 * DAY);
        assert.equal(parseGoDuration("300ms"), 300);
        assert.equal(parseGoDuration("0"), 0);
        assert.throws(() => parseGoDuration("90d"), /time: invalid duration "90d"/, "Go has no day unit");
        assert.throws(() => parseGoDuration("1h 30m"), /invalid duration/);
    });
});

function plannedCertificateSpecs(args: IstioAcmeIngressArgs): RenewalSpec[] {
    const result = validateIngressConfig(args);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const plan = planIngress(result.config);
    return plan.certificates.map((certificate) => certificateSpec(certificate, plan.issuer.name) as RenewalSpec);
}

describe("renewal follows each certificate's real lifetime, whatever the CA issues", () => {
    const args = minimalArgs({
        acme: { email: "ops@example.com", server: "production", profile: "shortlived" },
        gateways: [{ name: "web", hosts: ["www.example.com", "api.example.com", "*.apps.example.com"] }],
    });
    const specs = plannedCertificateSpecs(args);

    it("the Certificates set no renewBefore, renewBeforePercentage or duration: cert-manager's 2/3 applies", () => {
        assert.ok(specs.length > 0);
        for (const spec of specs) {
            for (const field of ["renewBefore", "renewBeforePercentage", "duration"])
                assert.ok(!(field in spec), `a Certificate sets ${field}`);
        }
    });

    for (const { label, lifetimeMs } of LETS_ENCRYPT_LIFETIMES) {
        it(`${label}: renewed two thirds through, never at once`, () => {
            for (const spec of specs) {
                const renewal = renewalTime(ISSUED, after(lifetimeMs), spec).getTime() - ISSUED.getTime();
                assert.ok(Math.abs(renewal - (2 * lifetimeMs) / 3) < 1000, `renews after ${renewal / HOUR} h of ${lifetimeMs / HOUR} h`);
                assert.ok(renewal >= lifetimeMs / 2, "renews in the first half of the lifetime");
            }
        });
    }

    it("shortlived (160 hours): renewed after 106 h 40 min, with 53 h 20 min left to fix a failing renewal", () => {
        const renewal = renewalTime(ISSUED, after(160 * HOUR), specs[0]);
        assert.deepEqual(renewal, after(106 * HOUR + 40 * MINUTE));
    });

    it("any lifetime from an hour to 398 days: renewed two thirds through", () => {
        fc.assert(
            fc.property(fc.integer({ min: 3600, max: 398 * 86400 }), (seconds) => {
                const lifetimeMs = seconds * 1000;
                const renewal = renewalTime(ISSUED, after(lifetimeMs), specs[0]).getTime() - ISSUED.getTime();
                return Math.abs(renewal - (2 * lifetimeMs) / 3) < 1000;
            }),
        );
    });

    it("would catch a fixed renewBefore that a short-lived certificate falls inside: 159h renews a 160-hour one after 1 hour", () => {
        const renewal = renewalTime(ISSUED, after(160 * HOUR), { renewBefore: "159h" }).getTime() - ISSUED.getTime();
        assert.equal(renewal, HOUR);
        assert.ok(renewal < (160 * HOUR) / 2, "the assertion above would fail for such a spec");
    });
});
