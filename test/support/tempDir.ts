import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Every folder {@link tempDir} made and has not removed yet. */
const made = new Set<string>();

/** Removes every temp folder the tests made; idempotent. */
export function removeTempDirs(): void {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
    made.clear();
}

// Also when a test file runs on its own, outside the suite's root hooks (test/support/rootHooks.ts).
process.on("exit", removeTempDirs);

/**
 * A fresh folder under the OS temp folder, named `<prefix>-XXXXXX`, removed after the test run
 * (or earlier by {@link removeTempDir}). The one way tests make temp folders: `npm test` must leave
 * the temp folder as it found it, and test/support/rootHooks.ts checks that it does.
 */
export function tempDir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    made.add(dir);
    return dir;
}

/** Removes one folder of {@link tempDir} now, e.g. a big one in an `after` hook. */
export function removeTempDir(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
    made.delete(dir);
}
