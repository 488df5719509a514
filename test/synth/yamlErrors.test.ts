import * as assert from "node:assert/strict";
import { engineConfigFromYaml, StackConfigError } from "../../tools/synth/stackConfig";

/** The message a stack file's text is refused with. */
function refusal(text: string): string {
    try {
        engineConfigFromYaml(text, "istio-acme-ingress", "Pulumi.dev.yaml");
    } catch (error) {
        assert.ok(error instanceof StackConfigError, String(error));
        return error.message;
    }
    assert.fail("the text was accepted");
}

describe("YAML syntax errors of a stack file", () => {
    it('a key without ": " (an "implicit map key") is named with its line, in plain words, with the lines before it and carets under it', () => {
        const text = ["config:", "  istio-acme-ingress:acme:", "    email: ops@example.com", "    server staging", "  istio-acme-ingress:route53:", "    zones: []", ""].join("\n");
        assert.equal(
            refusal(text),
            [
                'Pulumi.dev.yaml: not valid YAML at line 4, column 5: "server staging" is a key without a value: put ": " (a colon and a space) between a key and its value, or end a key with ":" when its own keys follow, indented (the YAML parser: "Implicit map keys need to be followed by map values")',
                "  2 |   istio-acme-ingress:acme:",
                "  3 |     email: ops@example.com",
                "  4 |     server staging",
                "    |     ^^^^^^^^^^^^^^",
            ].join("\n"),
        );
    });

    it("a list item's key without a colon is quoted from where the parser points, without its dash", () => {
        const message = refusal(["config:", "  istio-acme-ingress:gateways:", "    - name web", "      hosts: [www.example.com]", ""].join("\n"));
        assert.match(message, /^Pulumi\.dev\.yaml: not valid YAML at line 3, column 7: "name web" is neither "key: value" nor a "- " list item/);
        assert.ok(message.endsWith(["  3 |     - name web", "    |       ^"].join("\n")), message);
    });

    it("a line indented too deep under a key with a value is named by its own text and line, though the parser points at the line above", () => {
        const message = refusal(["config:", "  aws:region: ca-central-1", "    istio-acme-ingress:acme: {}", ""].join("\n"));
        assert.match(message, /^Pulumi\.dev\.yaml: not valid YAML at line 2, column 15: "istio-acme-ingress:acme: \{\}" \(line 3\) is indented below a key that already has its value/);
    });

    it('"key: value" after a key on one line is named as such, not blamed on the next line', () => {
        const message = refusal(["config:", "  istio-acme-ingress:acme: email: ops@example.com", "  aws:region: ca-central-1", ""].join("\n"));
        assert.match(message, /^Pulumi\.dev\.yaml: not valid YAML at line 2, column 28: "email: ops@example.com" is a "key: value" written as the value of a key on the same line/);
    });

    it("line numbers are padded to one width, so the bars line up", () => {
        const text = [...Array.from({ length: 8 }, (_, i) => (i === 0 ? "config:" : `  k${i}: v`)), "  k9: v", "  k10 v", "  k11: v", ""].join("\n");
        const excerpt = refusal(text).split("\n").slice(1);
        assert.deepEqual(excerpt, ["   8 |   k7: v", "   9 |   k9: v", "  10 |   k10 v", "     |   ^"]);
    });

    it("a message the plain words do not know keeps the parser's own words, position and excerpt", () => {
        const message = refusal("config:\n  istio-acme-ingress:acme:\n    email: @ops\n");
        assert.match(message, /^Pulumi\.dev\.yaml: not valid YAML at line \d+, column \d+: [A-Z]/);
        assert.doesNotMatch(message, /the YAML parser:/);
        assert.match(message, /\n {2}\d \| /);
    });
});
