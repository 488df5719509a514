import { strict as assert } from "node:assert";
import { COMMENT_MARKER, compareResources, renderComment, shortUrn, StackDiff, truncateDiff } from "../../tools/pr/synthDiff";
import { renderFiles } from "../../tools/synth/synth";
import { minimalArgs, synthComponent } from "../support/harness";

const urn = (name: string) =>
    `urn:pulumi:dev::istio-acme-ingress::istio-acme-ingress:index:IstioAcmeIngress$kubernetes:core/v1:Secret::${name}`;
const resources = (...items: Array<{ name: string; value: string }>) =>
    JSON.stringify({ resources: items.map(({ name, value }) => ({ urn: urn(name), inputs: { value } })) });

const base = resources({ name: "kept", value: "1" }, { name: "changed", value: "1" }, { name: "removed", value: "1" });
const head = resources({ name: "kept", value: "1" }, { name: "changed", value: "2" }, { name: "added", value: "1" });
const diff =
    "diff --git base/dev/resources.json head/dev/resources.json\n--- base/dev/resources.json\n+++ head/dev/resources.json\n@@ -1 +1 @@\n-a\n+b\n";

describe("synth diff comment", function () {
    it("classifies resources by URN as added, changed, removed or unchanged", function () {
        assert.deepEqual(compareResources(base, head), {
            added: [urn("added")],
            removed: [urn("removed")],
            changed: [urn("changed")],
            replaced: [],
            unchanged: 1,
        });
        assert.deepEqual(compareResources(undefined, head).added.length, 3);
    });

    it("shortens URNs to the resource's own type and name", function () {
        assert.equal(shortUrn(urn("x")), "kubernetes:core/v1:Secret::x");
    });

    it("starts with the hidden marker, so the workflow updates the comment instead of adding another", function () {
        const comment = renderComment([{ stack: "dev", baseResources: base, headResources: head, diff }]);
        assert.ok(comment.startsWith(COMMENT_MARKER));
        assert.match(comment, /\| `dev` \| \+1 to create, ~1 to update, \+-0 to replace, -1 to delete, 1 unchanged \|/);
        assert.match(
            comment,
            /\+ kubernetes:core\/v1:Secret::added\n~ kubernetes:core\/v1:Secret::changed\n- kubernetes:core\/v1:Secret::removed/,
        );
        assert.ok(comment.includes("```diff\n" + diff.trimEnd() + "\n```"));
    });

    describe("replacements (pulumi-kubernetes forceNewProperties, provider/pkg/provider/forcenew.go: .metadata.name and .metadata.namespace of every kind)", function () {
        const object = (type: string, inputs: Record<string, unknown>) =>
            JSON.stringify({ resources: [{ urn: `urn:pulumi:dev::p::x$${type}::obj`, type, custom: true, inputs }] });
        const route = "kubernetes:networking.istio.io/v1:VirtualService";

        it("a ClusterIssuer renamed under the same URN is a replacement (+-) naming the old and new name, not an update", async function () {
            const before = renderFiles(
                await synthComponent(minimalArgs({ acme: { email: "ops@example.com", server: "production", issuerName: "acme" } })),
            );
            const after = renderFiles(await synthComponent(minimalArgs({ acme: { email: "ops@example.com", server: "production" } })));
            const changes = compareResources(before["resources.json"], after["resources.json"]);
            const issuer = changes.replaced.find(({ urn }) => urn.includes("ClusterIssuer"));
            assert.ok(issuer, `no replaced ClusterIssuer in ${JSON.stringify(changes)}`);
            assert.deepEqual(issuer.causes, ['metadata.name "acme" → "letsencrypt-production"']);
            assert.ok(!changes.changed.some((urn) => urn.includes("ClusterIssuer")));

            const comment = renderComment([
                { stack: "prod", baseResources: before["resources.json"], headResources: after["resources.json"], diff: "+x\n" },
            ]);
            assert.match(comment, /\+-1 to replace/);
            assert.match(
                comment,
                /\n\+- kubernetes:cert-manager\.io\/v1:ClusterIssuer::\S+ \(replace: metadata\.name "acme" → "letsencrypt-production"\)\n/,
            );
        });

        it("an object moved to another namespace is replaced; a label change is an update", function () {
            const base = object(route, { metadata: { name: "www", namespace: "web", labels: { a: "1" } }, spec: {} });
            const moved = object(route, { metadata: { name: "www", namespace: "shop", labels: { a: "1" } }, spec: {} });
            const relabelled = object(route, { metadata: { name: "www", namespace: "web", labels: { a: "2" } }, spec: {} });
            assert.deepEqual(compareResources(base, moved).replaced, [
                { urn: `urn:pulumi:dev::p::x$${route}::obj`, causes: ['metadata.namespace "web" → "shop"'] },
            ]);
            assert.deepEqual(compareResources(base, relabelled).replaced, []);
            assert.equal(compareResources(base, relabelled).changed.length, 1);
        });

        it("a Secret's data or type is replaced too (the provider's Secrets are immutable by default); Helm releases and reads are not judged", function () {
            const secret = "kubernetes:core/v1:Secret";
            const a = object(secret, { metadata: { name: "s", namespace: "n" }, type: "Opaque", stringData: { k: "1" } });
            const b = object(secret, { metadata: { name: "s", namespace: "n" }, type: "Opaque", stringData: { k: "2" } });
            assert.deepEqual(compareResources(a, b).replaced[0]?.causes, ["stringData changed"]);
            const release = "kubernetes:helm.sh/v3:Release";
            assert.deepEqual(
                compareResources(object(release, { name: "a", namespace: "x" }), object(release, { name: "a", namespace: "y" })).replaced,
                [],
            );
            const read = (namespace: string) =>
                JSON.stringify({
                    resources: [
                        {
                            urn: "urn:pulumi:dev::p::x$kubernetes:core/v1:Service::svc",
                            type: "kubernetes:core/v1:Service",
                            external: true,
                            inputs: { metadata: { namespace } },
                        },
                    ],
                });
            assert.deepEqual(compareResources(read("a"), read("b")).replaced, []);
        });
    });

    it("says so when no stack changes", function () {
        const comment = renderComment([{ stack: "dev", baseResources: base, headResources: base, diff: "" }]);
        assert.match(comment, /No stack changes\./);
        assert.doesNotMatch(comment, /<details>/);
    });

    it("shows a failed synth with its error", function () {
        const comment = renderComment([{ stack: "prod", headResources: head, diff: "", error: "head: error: bad config" }]);
        assert.match(comment, /\| `prod` \| synth failed \|/);
        assert.match(comment, /head: error: bad config/);
    });

    it("truncates long diffs at a line end, stays under the limit and links the full diff", function () {
        const long = "@@ -1,2000 +1,2000 @@\n" + Array.from({ length: 2000 }, (_, i) => `+line ${i} ${"x".repeat(40)}`).join("\n") + "\n";
        const stacks: StackDiff[] = ["dev", "staging", "prod"].map((stack) => ({
            stack,
            baseResources: base,
            headResources: head,
            diff: long,
        }));
        const comment = renderComment(stacks, { maxChars: 20_000, fullDiffUrl: "https://example.invalid/run/1" });
        assert.ok(comment.length <= 20_000, `comment is ${comment.length} characters`);
        assert.equal((comment.match(/File diff \(truncated\)/g) ?? []).length, 3);
        assert.match(comment, /more lines not shown/);
        assert.match(comment, /The full diff: https:\/\/example\.invalid\/run\/1/);
    });

    it("keeps a diff containing backticks inside its code fence", function () {
        const withFence = "+```\n+code\n+```\n";
        const comment = renderComment([{ stack: "dev", baseResources: base, headResources: head, diff: withFence }]);
        assert.ok(comment.includes("````diff\n+```\n+code\n+```\n````"));
    });

    it("cuts only at line ends", function () {
        const { text, truncated } = truncateDiff("aaaa\nbbbb\ncccc\n", 7);
        assert.ok(truncated);
        assert.equal(text, "aaaa\n… 2 more lines not shown");
    });
});
