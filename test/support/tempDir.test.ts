import { strict as assert } from "node:assert";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { removeTempDir, tempDir } from "./tempDir";

const TEST_ROOT = dirname(__dirname);

function testSources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return testSources(path);
        return entry.name.endsWith(".ts") ? [path] : [];
    });
}

describe("temp folders of the tests", () => {
    it("are made under the run's own temp folder and removed with removeTempDir", () => {
        const dir = tempDir("temp-dir-test");
        assert.equal(dirname(dir), tmpdir());
        assert.ok(existsSync(dir));
        removeTempDir(dir);
        assert.equal(existsSync(dir), false);
    });

    it("are made only through test/support/tempDir.ts, which removes them", () => {
        const allowed = new Set(["support/tempDir.ts", "support/rootHooks.ts", "support/tempDir.test.ts"]);
        const offenders = testSources(TEST_ROOT)
            .map((path) => relative(TEST_ROOT, path))
            .filter((path) => !allowed.has(path))
            .filter((path) => /\bmkdtemp(Sync)?\(|\btmpdir\(\)/.test(readFileSync(join(TEST_ROOT, path), "utf8")));
        assert.deepEqual(offenders, [], "make temp folders with tempDir() from test/support/tempDir.ts");
    });
});
