import * as assert from "node:assert/strict";
import { validateIngressConfig } from "../../components/config/validate";
import { re2Problem } from "../../components/config/regex";

/**
 * Route regexes must be RE2: Istio's webhook compiles `uri.regex` with Go's regexp (RE2 syntax,
 * https://github.com/google/re2/wiki/Syntax) and refuses more than 1024 characters
 * (istio/istio pkg/config/validation, validateStringRegexp); Envoy compiles it with RE2.
 */
function problemsFor(regex: string): string[] {
    const result = validateIngressConfig({
        acme: { email: "ops@example.com" },
        route53: { zones: [{ domain: "example.com" }] },
        gateways: [{ name: "web", hosts: ["www.example.com"] }],
        routes: [
            {
                name: "www",
                gateway: "web",
                hosts: ["www.example.com"],
                http: [{ match: { regex }, destination: { host: "web", port: 80 } }],
            },
        ],
    });
    return result.ok ? [] : result.problems.map((p) => `${p.propertyPath}: ${p.reason}`);
}

describe("route regexes (RE2, as Istio and Envoy compile them)", () => {
    it("accepts RE2 syntax, including what JavaScript lacks", () => {
        for (const regex of ["/api/v[0-9]+/.*", "(?i)/Shop/.*", "/(?P<id>[0-9]+)", "/\\pL+", "/a{2,5}"]) {
            assert.deepEqual(problemsFor(regex), [], regex);
        }
        const pythonStyleGroup = "/(?P<id>[0-9]+)";
        assert.throws(() => new RegExp(pythonStyleGroup), "a named group RE2 knows and JavaScript does not");
    });

    it("refuses an unclosed group, naming the regex and the reason", () => {
        assert.deepEqual(problemsFor("/api/(cart"), [
            'routes[0].http[0].match.regex: "/api/(cart" is not an RE2 regular expression, the syntax Istio and Envoy use: missing closing ): `/api/(cart`',
        ]);
    });

    it("refuses JavaScript-only syntax that JavaScript itself accepts: lookahead, lookbehind, backreferences", () => {
        for (const [regex, reason] of [
            ["/api/(?=v2/).*", "invalid or unsupported Perl syntax: `(?=` (RE2 has no lookahead or lookbehind)"],
            ["/api/(?!v1/).*", "invalid or unsupported Perl syntax: `(?!` (RE2 has no lookahead or lookbehind)"],
            ["/(?<!admin)/x", "(RE2 has no lookahead or lookbehind)"],
            ["/(a+)/\\1", "invalid escape sequence: `\\1` (RE2 has no backreferences)"],
        ]) {
            assert.doesNotThrow(() => new RegExp(regex), `JavaScript accepts ${regex}`);
            const problems = problemsFor(regex);
            assert.equal(problems.length, 1, regex);
            assert.ok(
                problems[0].startsWith(`routes[0].http[0].match.regex: ${JSON.stringify(regex)} is not an RE2 regular expression`),
                problems[0],
            );
            assert.ok(problems[0].endsWith(reason), problems[0]);
        }
    });

    it("refuses repeat counts over RE2's 1000", () => {
        assert.match(re2Problem("/a{1001}") ?? "", /invalid repeat count: `\{1001\}`/);
    });

    it("refuses a regex longer than Istio's 1024 characters", () => {
        assert.equal(re2Problem(`/${"a".repeat(1024)}`), "is 1025 characters long; Istio accepts a regex of at most 1024");
        assert.equal(re2Problem(`/${"a".repeat(1023)}`), undefined);
    });
});
