import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { forgetLastRun, recordsOfLastRun } from "../../tools/synth/engine";
import { REPO_ROOT, runSynthCommand } from "../../tools/synth/synth";
import { capture } from "../support/capture";
import { tempDir } from "../support/tempDir";

/**
 * Each file under corpus/ is a stack config with one mistake (several-mistakes.yaml has several).
 * Its leading comments say what stderr must show: `# expect: <line>` for each line, where `<file>`
 * stands for the file's path and problem lines are written without their "  - " bullet.
 * `# pending: <why>` marks a case that waits for a fix elsewhere.
 */
const CORPUS_DIR = join(__dirname, "corpus");
const MIN_CASES = 34;

interface CorpusCase {
    name: string;
    path: string;
    expected: string[];
    pending?: string;
}

function readCase(file: string): CorpusCase {
    const path = join(CORPUS_DIR, file);
    const header = readFileSync(path, "utf8")
        .split("\n")
        .filter((line) => line.startsWith("#"));
    const valuesOf = (tag: string) => header.filter((line) => line.startsWith(`# ${tag}: `)).map((line) => line.slice(tag.length + 4));
    return { name: file.replace(/\.yaml$/, ""), path, expected: valuesOf("expect"), pending: valuesOf("pending")[0] };
}

const cases = readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith(".yaml"))
    .sort()
    .map(readCase);

/** The lines of stderr as `# expect:` writes them. */
function normalizedLines(stderr: string, configPath: string): string[] {
    return stderr
        .trimEnd()
        .split("\n")
        .map((line) =>
            line
                .split(configPath)
                .join("<file>")
                .replace(/^ {2}- /, ""),
        );
}

function assertStderrIsExactly(stderr: string, configPath: string, expected: readonly string[]): void {
    const lines = normalizedLines(stderr, configPath);
    const missing = expected.filter((line) => !lines.includes(line));
    const unexpected = lines.filter((line) => !expected.includes(line));
    assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] }, `stderr was:\n${stderr}`);
}

function assertNoStackTrace(stderr: string): void {
    const traceLines = stderr.split("\n").filter((line) => /^\s+at /.test(line));
    assert.deepEqual(traceLines, [], "stderr shows a stack trace");
}

function freshDir(): string {
    return tempDir("corpus-out");
}

describe("bad stack config corpus", () => {
    it(`has at least ${MIN_CASES} cases, each stating what it must print`, () => {
        assert.ok(cases.length >= MIN_CASES, `only ${cases.length} cases`);
        for (const c of cases) assert.ok(c.expected.length > 0, `${c.name} has no "# expect:" line`);
    });

    for (const c of cases) {
        const test = c.pending ? it.skip : it;
        test(`${c.name}: exit 1, exactly the expected problems, nothing written or registered`, async () => {
            const out = freshDir();
            const io = { out: capture(), err: capture() };
            forgetLastRun();

            const code = await runSynthCommand({ config: c.path, out }, { out: io.out.stream, err: io.err.stream });

            assert.equal(code, 1, io.err.text());
            assertStderrIsExactly(io.err.text(), c.path, c.expected);
            assertNoStackTrace(io.err.text());
            assert.equal(io.out.text(), "");
            assert.deepEqual(readdirSync(out), []);
            const registered = recordsOfLastRun().filter((record) => record.type !== "pulumi:pulumi:Stack");
            assert.deepEqual(
                registered.map((record) => record.urn),
                [],
            );
        });
    }

    it("the CLI, as a child process, exits 1 with every problem on stderr and writes nothing", () => {
        const c = readCase("several-mistakes.yaml");
        const out = freshDir();
        const run = spawnSync(
            process.execPath,
            ["--require", "./tools/loader/register.js", "tools/synth/cli.ts", "--config", c.path, "--out", out],
            {
                cwd: REPO_ROOT,
                encoding: "utf8",
            },
        );

        assert.equal(run.status, 1, run.stderr);
        assertStderrIsExactly(run.stderr, c.path, c.expected);
        assertNoStackTrace(run.stderr);
        assert.equal(run.stdout, "");
        assert.deepEqual(readdirSync(out), []);
    });
});
