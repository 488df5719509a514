/**
 * `npm run schema`: writes schema.json, the package schema the plugin (plugin/) infers from the component's
 * TypeScript. Run it after changing an arg or an output, and commit the result; a test fails while it is stale.
 */
import { writeFileSync } from "node:fs";
import { relative } from "node:path";
import { inferSchema, REPO_ROOT, SCHEMA_PATH, schemaText } from "./schema";

async function run(): Promise<void> {
    writeFileSync(SCHEMA_PATH, schemaText(await inferSchema()));
    process.stdout.write(`Wrote ${relative(REPO_ROOT, SCHEMA_PATH)}\n`);
}

run().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
