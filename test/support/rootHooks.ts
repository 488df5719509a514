import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeTempDirs } from "./tempDir";

/**
 * Mocha root hooks (.mocharc.json `require`): the whole run gets a temp folder of its own, as TMPDIR for
 * itself and every child process (npm, node, synth), so that what the run leaves behind can be told
 * from what other programs on the machine write at the same time. At the end the tests' own folders
 * are removed, and anything else left there fails the run, by name.
 */
const outerTmp = tmpdir();
const runTmp = mkdtempSync(join(outerTmp, "istio-acme-ingress-test-"));
const previousTmpdir = process.env.TMPDIR;
process.env.TMPDIR = runTmp;

export const mochaHooks = {
    afterAll(): void {
        removeTempDirs();
        const left = readdirSync(runTmp);
        if (previousTmpdir === undefined) delete process.env.TMPDIR;
        else process.env.TMPDIR = previousTmpdir;
        rmSync(runTmp, { recursive: true, force: true });
        assert.deepEqual(left, [], `the tests left these in the temp folder (make them with test/support/tempDir.ts): ${left.join(", ")}`);
    },
};
