import { join, resolve } from "node:path";
import { IstioAcmeIngressProvider, providerOptions } from "../../plugin/provider";

export const REPO_ROOT = resolve(__dirname, "..", "..");
/** The committed package schema: what the plugin serves to `pulumi package add`. */
export const SCHEMA_PATH = join(REPO_ROOT, "schema.json");

/** The package schema as the plugin infers it (the SDK's analyzer, on plugin/analyzer/tsconfig.json). */
export async function inferSchema(): Promise<string> {
    return new IstioAcmeIngressProvider(providerOptions()).getSchema();
}

/** The text of schema.json: the inferred schema, indented, with a final newline. */
export function schemaText(schema: string): string {
    return `${JSON.stringify(JSON.parse(schema), null, 2)}\n`;
}
