import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { rateLimitReport } from "./rateLimits";
import { renderComment, StackDiff } from "./synthDiff";

/** Stack names from `stacks/Pulumi.<stack>.yaml` of a checkout. */
export function stacksOf(root: string): string[] {
    const dir = join(root, "stacks");
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

/** Runs the checkout's own synth; returns the error text if it fails. */
function synth(root: string, stack: string, out: string): string | undefined {
    const result = spawnSync("npm", ["run", "--silent", "synth", "--", "--stack", stack, "--out", out], { cwd: root, encoding: "utf8" });
    return result.status === 0 ? undefined : `${result.stdout}${result.stderr}`.trim() || `synth exited with ${result.status}`;
}

function gitDiff(cwd: string, before: string, after: string): string {
    const result = spawnSync("git", ["diff", "--no-index", "--no-color", "--no-prefix", "--", before, after], { cwd, encoding: "utf8" });
    // git diff --no-index exits 1 when the files differ.
    if (result.status !== 0 && result.status !== 1) throw new Error(`git diff failed: ${result.stderr}`);
    return result.stdout;
}

/** The files synth writes for a stack. */
export const SYNTH_FILES = ["resources.json", "manifests.yaml"] as const;

/** What one side's synth of one stack left: its files as read once, right after it returned, or why there are none. */
export interface SynthSnapshot {
    files: Partial<Record<(typeof SYNTH_FILES)[number], string>>;
    error?: string;
}

/** Synths `stack` in `root` into `out` and reads what it wrote, once. A synth that succeeds without writing both files failed. */
function synthSnapshot(root: string, stack: string, out: string): SynthSnapshot {
    if (!stacksOf(root).includes(stack)) return { files: {} };
    mkdirSync(out, { recursive: true });
    const error = synth(root, stack, out);
    if (error !== undefined) return { files: {}, error };
    const files: SynthSnapshot["files"] = {};
    for (const name of SYNTH_FILES) {
        const path = join(out, name);
        if (existsSync(path)) files[name] = readFileSync(path, "utf8");
    }
    const missing = SYNTH_FILES.filter((name) => files[name] === undefined);
    return missing.length === 0 ? { files } : { files: {}, error: `synth exited 0 but wrote no ${missing.join(" or ")} into ${out}` };
}

/**
 * One stack's difference, from the two snapshots alone: the resource summary reads their resources.json, and
 * the file diff compares copies of the same texts that `compareDir` (a folder no synth writes into) receives,
 * so the summary and the diff cannot disagree about what either side declared.
 */
export function stackDiffOf(stack: string, base: SynthSnapshot, head: SynthSnapshot, compareDir: string): StackDiff {
    for (const [side, snapshot] of Object.entries({ base, head })) {
        const dir = join(compareDir, side, stack);
        mkdirSync(dir, { recursive: true });
        for (const [name, text] of Object.entries(snapshot.files)) writeFileSync(join(dir, name), text);
    }
    const errors = Object.entries({ base, head }).flatMap(([side, snapshot]) =>
        snapshot.error === undefined ? [] : [`${side}: ${snapshot.error}`],
    );
    return {
        stack,
        baseResources: base.files["resources.json"],
        headResources: head.files["resources.json"],
        diff: gitDiff(compareDir, join("base", stack), join("head", stack)),
        ...(errors.length > 0 ? { error: errors.join("\n") } : {}),
    };
}

/**
 * Refuses a base that runs on the head's installed packages while its lock file says otherwise: with
 * node_modules shared (a symlink), the base's plan would be made with the head's dependencies, and what a
 * dependency change alters would be shown as unchanged.
 */
export function checkInstalls(baseRoot: string, headRoot: string): void {
    const modules = (root: string) => (existsSync(join(root, "node_modules")) ? realpathSync(join(root, "node_modules")) : undefined);
    const lock = (root: string) =>
        existsSync(join(root, "package-lock.json")) ? readFileSync(join(root, "package-lock.json"), "utf8") : undefined;
    const shared = modules(baseRoot);
    if (shared !== undefined && shared === modules(headRoot) && lock(baseRoot) !== lock(headRoot)) {
        throw new Error(
            `${baseRoot} and ${headRoot} share node_modules (${shared}) but their package-lock.json differ: the base would be planned with the head's packages. Run npm ci in ${baseRoot}`,
        );
    }
}

/** Synths every stack of either checkout on both sides and compares them; leaves nothing in the temp folder. */
export function diffCheckouts(baseRoot: string, headRoot: string): StackDiff[] {
    checkInstalls(baseRoot, headRoot);
    const work = mkdtempSync(join(tmpdir(), "synth-diff-"));
    try {
        const stacks = [...new Set([...stacksOf(baseRoot), ...stacksOf(headRoot)])].sort();
        return stacks.map((stack) => {
            const base = synthSnapshot(baseRoot, stack, join(work, "out", "base", stack));
            const head = synthSnapshot(headRoot, stack, join(work, "out", "head", stack));
            return stackDiffOf(stack, base, head, join(work, "compare"));
        });
    } finally {
        rmSync(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const options = new Command()
        .name("synth-diff")
        .description("Synth every example stack in two checkouts and render the difference as a pull-request comment.")
        .requiredOption("--base <dir>", "checkout of the base branch")
        .requiredOption("--head <dir>", "checkout of the pull request")
        .requiredOption("--out <file>", "where to write the Markdown comment")
        .option("--patch <file>", "where to write the full, untruncated diff")
        .option("--full-diff-url <url>", "link to the full diff, shown when the comment is truncated")
        .option("--base-ref <ref>", "name of the base, for the heading")
        .option("--head-ref <ref>", "name of the head, for the heading")
        .parse()
        .opts<{ base: string; head: string; out: string; patch?: string; fullDiffUrl?: string; baseRef?: string; headRef?: string }>();

    const stacks = diffCheckouts(resolve(options.base), resolve(options.head));
    writeFileSync(options.out, renderComment(stacks, options));
    if (options.patch) writeFileSync(options.patch, stacks.map((stack) => stack.diff).join(""));
    const headFailures = stacks.filter((stack) => stack.error?.split("\n").some((line) => line.startsWith("head:")));
    console.log(`Wrote ${options.out} (${stacks.length} stacks, ${headFailures.length} failed on the head)`);
    // GitHub Actions shows these as annotations on the run, besides the comment.
    for (const warning of rateLimitReport(stacks).warnings) console.log(`::warning title=Let's Encrypt rate limit::${warning}`);
    // Fail the job when the pull request's own synth fails; a failing base is only reported.
    process.exit(headFailures.length > 0 ? 1 : 0);
}
