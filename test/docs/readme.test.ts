import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brokenLinks, linkTargets } from "../../tools/docs/links";
import { wavesDiagram, withWaves } from "../../tools/docs/waves";
import type { SynthResult } from "../../tools/synth/engine";
import { REPO_ROOT, runSynthCommand } from "../../tools/synth/synth";
import { capture } from "../support/capture";
import { tempDir } from "../support/tempDir";
import { sectionOf } from "./readmeSections";

/**
 * The README is a newcomer's first ten minutes: short, its picture current, its links working, and its
 * "Your first stack" example a stack that plans, failing with the very lines it shows when mistyped.
 */
const README = join(REPO_ROOT, "README.md");
const readme = readFileSync(README, "utf8");
const MAX_README_BYTES = 20 * 1024;

/** The Markdown files a reader follows links through: README, CONTRIBUTING and every page under docs/. */
function markdownFiles(): string[] {
    const found = ["README.md", "CONTRIBUTING.md"];
    const walk = (dir: string) => {
        for (const entry of readdirSync(join(REPO_ROOT, dir))) {
            const path = join(dir, entry);
            if (statSync(join(REPO_ROOT, path)).isDirectory()) walk(path);
            else if (entry.endsWith(".md")) found.push(path);
        }
    };
    walk("docs");
    return found;
}

const section = (heading: string): string => sectionOf(readme, heading);

/** The fenced blocks of one language in `text`, without their indentation (they may sit in a list item). */
function fencedBlocks(text: string, language: string): string[] {
    return [...text.matchAll(new RegExp(`^( *)\`\`\`${language}\\n([\\s\\S]*?)^\\1\`\`\``, "gm"))].map(([, indent, body]) =>
        body
            .split("\n")
            .map((line) => line.slice(indent.length))
            .join("\n"),
    );
}

async function synthConfig(text: string): Promise<{ code: number; out: string; err: string; path: string }> {
    const dir = tempDir("readme-stack");
    const path = join(dir, "Pulumi.mystack.yaml");
    writeFileSync(path, text);
    const io = { out: capture(), err: capture() };
    const code = await runSynthCommand({ config: path, out: join(dir, "synth") }, { out: io.out.stream, err: io.err.stream });
    return { code, out: io.out.text(), err: io.err.text(), path };
}

describe("README", () => {
    it(`is at most ${MAX_README_BYTES / 1024} KB`, () => {
        const size = Buffer.byteLength(readme);
        assert.ok(size <= MAX_README_BYTES, `README.md is ${size} bytes: move reference material to docs/`);
    });

    it("links to the pages under docs/ that hold the rest, and every link of README, CONTRIBUTING and docs/ leads somewhere", () => {
        const pages = new Set(
            linkTargets(readme)
                .filter((target) => /^docs\/[^#]+\.md/.test(target))
                .map((target) => target.split("#")[0]),
        );
        assert.ok(pages.size >= 4, `README links to ${pages.size} docs pages`);
        assert.deepEqual(brokenLinks(REPO_ROOT, markdownFiles()), []);
    });

    it("draws the deployment waves of the committed dev synth (npm run docs redraws them)", () => {
        const dev = JSON.parse(readFileSync(join(REPO_ROOT, "synth", "dev", "resources.json"), "utf8")) as SynthResult;
        const current = withWaves(readme, wavesDiagram(dev.resources));
        assert.ok(current === readme, "the README's waves are stale: run npm run docs");
    });

    describe("Your first stack", () => {
        const steps = section("## Your first stack");
        const [stack] = fencedBlocks(steps, "yaml");
        const [shownError] = fencedBlocks(steps, "text");

        it("gives a stack config that plans, with a certificate for its hosts", async () => {
            assert.ok(stack, "no yaml block in Your first stack");
            const run = await synthConfig(stack);
            assert.equal(run.code, 0, run.err);
            assert.match(run.out, /"hosts":\["www\.example\.com","api\.example\.com"\]/);
        });

        it("shows the lines synth prints for the two mistakes it names", async () => {
            assert.ok(shownError, "no text block in Your first stack");
            const mistyped = stack
                .replace("server: staging", "servr: staging")
                .replace("hosts: [api.example.com]", "hosts: [api.example.org]");
            assert.notEqual(mistyped, stack);
            const run = await synthConfig(mistyped);
            assert.equal(run.code, 1);
            const printed = run.err.trimEnd().split(run.path).join("Pulumi.mystack.yaml");
            assert.equal(printed, shownError.trimEnd());
        });
    });

    it("names the copyleft test-only dependency, which package.json keeps out of the dependencies", () => {
        const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
            devDependencies: Record<string, string>;
        };
        const development = section("## Development");
        for (const name of ["@cloud-copilot/iam-simulate", "@cloud-copilot/iam-policy"]) {
            assert.ok(name in pkg.devDependencies && !(name in pkg.dependencies), name);
            assert.ok(development.includes(name), `${name} is not named in the README's Development section`);
        }
        assert.match(development, /AGPL-3\.0-or-later/);
    });
});
