import * as assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brokenLinks, headingAnchors } from "../../tools/docs/links";
import { WAVES_END, WAVES_START, wavesDiagram, withWaves } from "../../tools/docs/waves";
import type { SynthResource } from "../../tools/synth/engine";
import { tempDir } from "../support/tempDir";

function resource(name: string, type: string, dependencies: string[] = []): SynthResource {
    return { urn: `urn:${name}`, type, name: `ingress-${name}`, custom: true, parent: "", dependencies, inputs: {} };
}

describe("docs generators", () => {
    describe("wavesDiagram", () => {
        it("draws one box per wave, naming what it creates by kind, each wave after the one before", () => {
            const diagram = wavesDiagram([
                resource("istio-system", "kubernetes:core/v1:Namespace"),
                resource("istio-base", "kubernetes:helm.sh/v3:Release", ["urn:istio-system"]),
                resource("cert-manager", "kubernetes:helm.sh/v3:Release"),
                resource("web", "kubernetes:networking.istio.io/v1:Gateway", ["urn:istio-base"]),
            ]);
            assert.equal(
                diagram,
                [
                    "```mermaid",
                    "flowchart TB",
                    '    w1["<b>wave 1</b><br/>Namespace: istio-system<br/>Release: cert-manager"]',
                    '    w2["<b>wave 2</b><br/>Release: istio-base"]',
                    '    w3["<b>wave 3</b><br/>Gateway: web"]',
                    "    w1 --> w2",
                    "    w2 --> w3",
                    "```",
                ].join("\n"),
            );
        });

        it("replaces only what lies between the markers, and refuses a page without them", () => {
            const page = `# Title\n\n${WAVES_START}\nold\n${WAVES_END}\n\nAfter.\n`;
            assert.equal(withWaves(page, "new"), `# Title\n\n${WAVES_START}\n\nnew\n\n${WAVES_END}\n\nAfter.\n`);
            assert.throws(() => withWaves("# Title\n", "new"), /no "<!-- waves/);
        });
    });

    describe("brokenLinks", () => {
        it("finds a link to a missing file or to a heading the target does not have, as GitHub slugs headings", () => {
            const root = tempDir("docs-links");
            mkdirSync(join(root, "docs"));
            writeFileSync(
                join(root, "docs", "records.md"),
                "# Route53 records\n\n## The deploying identity's Route53 rights\n\n```sh\n# not a heading\n```\n",
            );
            writeFileSync(
                join(root, "README.md"),
                [
                    "[ok](docs/records.md#the-deploying-identitys-route53-rights)",
                    "[in code](docs/records.md#not-a-heading)",
                    "`[inline](docs/nowhere.md)`",
                    "[web](https://example.com/x.md)",
                    "[gone](docs/gone.md)",
                    "[no such heading](docs/records.md#route53-rights)",
                ].join("\n"),
            );
            assert.deepEqual(brokenLinks(root, ["README.md"]), [
                "README.md: docs/records.md#not-a-heading (no heading #not-a-heading in docs/records.md)",
                "README.md: docs/gone.md (no docs/gone.md)",
                "README.md: docs/records.md#route53-rights (no heading #route53-rights in docs/records.md)",
            ]);
        });

        it("numbers a repeated heading's anchor as GitHub does", () => {
            assert.deepEqual([...headingAnchors("# Outputs\n## Outputs\n### `istio.api`\n")], ["outputs", "outputs-1", "istioapi"]);
        });
    });
});
