import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";
import { IstioAcmeIngress } from "../../components/istioAcmeIngress";
import { synthesize } from "../../tools/synth/engine";
import { REPO_ROOT } from "../../tools/synth/synth";
import { minimalArgs, PROJECT } from "../support/harness";

/**
 * The doc comments of IstioAcmeIngress reach a consumer's editor through the package's `.d.ts`.
 * Every `ingress.…` path they show must be a path that exists on a real instance.
 */
function documentedPaths(): Array<{ member: string; path: string }> {
    const file = join(REPO_ROOT, "components", "istioAcmeIngress.ts");
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const found: Array<{ member: string; path: string }> = [];
    const visit = (node: ts.Node): void => {
        if (ts.isClassDeclaration(node) && node.name?.text === "IstioAcmeIngress") {
            for (const member of node.members) {
                const docs = ts.getJSDocCommentsAndTags(member).map((doc) => doc.getText());
                for (const match of docs.join("\n").matchAll(/`(?:[^`]*\[)?(ingress(?:\.\w+)+)/g)) {
                    found.push({ member: member.name?.getText() ?? "constructor", path: match[1] });
                }
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

function valueAt(root: unknown, path: string): unknown {
    return path
        .split(".")
        .slice(1)
        .reduce<unknown>(
            (value, key) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined),
            root,
        );
}

describe("IstioAcmeIngress doc comments", () => {
    it("show only paths that exist on an instance (e.g. ingress.parts.istio.gateway)", async () => {
        const paths = documentedPaths();
        assert.ok(
            paths.some((p) => p.member === "parts"),
            "the parts doc shows a path",
        );
        let ingress: IstioAcmeIngress | undefined;
        await synthesize({
            project: PROJECT,
            stack: "test",
            config: { "aws:region": "ca-central-1" },
            secretKeys: [],
            program: async () => {
                ingress = new IstioAcmeIngress("ingress", minimalArgs());
            },
        });
        const missing = paths.filter(({ path }) => !pulumi.Resource.isInstance(valueAt(ingress, path)));
        assert.deepEqual(missing, [], "documented paths that are not resources of an instance");
    });

    it("do not promise expiry warnings by email: Let's Encrypt stopped them on 2025-06-04", () => {
        // https://letsencrypt.org/2025/01/22/ending-expiration-emails/
        const file = join(REPO_ROOT, "components", "args.ts");
        const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        const docs: string[] = [];
        const visit = (node: ts.Node): void => {
            if (ts.isPropertySignature(node) && node.name.getText() === "email") {
                docs.push(...ts.getJSDocCommentsAndTags(node).map((doc) => doc.getText()));
            }
            ts.forEachChild(node, visit);
        };
        visit(source);
        assert.equal(docs.length, 1, "acme.email has one doc comment");
        assert.doesNotMatch(docs[0], /(sends|will send|get|receive)s? (expiry|expiration) (warnings|notices|emails)/i);
        assert.match(docs[0], /no\s+(\*\s+)?expiry warnings/, "says the warnings no longer come");
    });
});
