/**
 * `npm run schema`: writes schema.json, the package schema the plugin (plugin/) infers from the component's
 * TypeScript, and docs/configuration.md, the configuration reference rendered from it and from the args' doc
 * comments. Run it after changing an arg, an output or their doc comments, and commit both; tests fail while
 * either is stale.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { CONFIGURATION_DOC_PATH, PackageSchema, readDocComments, renderConfigurationDoc } from "./configurationDoc";
import { inferSchema, REPO_ROOT, SCHEMA_PATH, schemaText } from "./schema";

async function run(): Promise<void> {
    const schema = await inferSchema();
    writeFileSync(SCHEMA_PATH, schemaText(schema));
    mkdirSync(dirname(CONFIGURATION_DOC_PATH), { recursive: true });
    writeFileSync(CONFIGURATION_DOC_PATH, renderConfigurationDoc(JSON.parse(schema) as PackageSchema, readDocComments()));
    process.stdout.write(`Wrote ${relative(REPO_ROOT, SCHEMA_PATH)} and ${relative(REPO_ROOT, CONFIGURATION_DOC_PATH)}\n`);
}

run().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
