import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { SCHEMA_PATH } from "../../tools/plugin/schema";
import { CONFIGURATION_DOC_PATH, PackageSchema, readDocComments, renderConfigurationDoc } from "../../tools/plugin/configurationDoc";

/** The rows of the page's table under `### <type>` (or `## Inputs`), by member name. */
function rowsUnder(page: string, heading: string): Map<string, string[]> {
    const section = page.split(`\n${heading}\n`)[1]?.split(/\n#{2,3} /)[0] ?? "";
    const rows = section
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => line.split(/(?<!\\)\|/).map((cellText) => cellText.trim()));
    return new Map(rows.map((cells) => [cells[1].replace(/`/g, ""), cells.slice(2, -1)]));
}

/**
 * docs/configuration.md is rendered from one source, the args' doc comments: their text through schema.json
 * (what the analyzer infers, and what other languages' SDKs document), their `@default` tags (which the analyzer
 * leaves out) read from the same comments.
 */
describe("the configuration reference (docs/configuration.md)", function () {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as PackageSchema;
    const docs = readDocComments();
    const page = renderConfigurationDoc(schema, docs);

    it("is current (run `npm run schema` after changing an arg, an output or their doc comments)", function () {
        assert.equal(
            readFileSync(CONFIGURATION_DOC_PATH, "utf8"),
            page,
            "docs/configuration.md is stale: run `npm run schema` and commit it",
        );
    });

    it("lists every input, output, type and enum value of the schema", function () {
        const component = schema.resources["istio-acme-ingress:index:IstioAcmeIngress"];
        assert.deepEqual([...rowsUnder(page, "## Inputs").keys()], Object.keys(component.inputProperties));
        assert.deepEqual([...rowsUnder(page, "## Outputs").keys()], Object.keys(component.properties));
        for (const [token, type] of Object.entries(schema.types)) {
            const name = token.split(":")[2];
            const rows = rowsUnder(page, `### ${name}`);
            if (type.enum)
                assert.deepEqual(
                    [...rows.keys()],
                    type.enum.map((member) => JSON.stringify(member.value)),
                    name,
                );
            else assert.deepEqual([...rows.keys()], Object.keys(type.properties ?? {}), name);
        }
    });

    it("gives each member the @default of its doc comment, which the schema leaves out", function () {
        let checked = 0;
        for (const [type, defaults] of docs.defaults) {
            const token = `istio-acme-ingress:index:${type}`;
            const rows =
                type === "IstioAcmeIngressArgs"
                    ? rowsUnder(page, "## Inputs")
                    : schema.types[token]
                      ? rowsUnder(page, `### ${type}`)
                      : undefined;
            if (!rows) continue;
            for (const [member, byDefault] of defaults) {
                assert.equal(rows.get(member)?.[1], byDefault.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|"), `${type}.${member}`);
                // The member's own property: its default text may well be some other member's value (an enum's "none").
                const properties =
                    type === "IstioAcmeIngressArgs"
                        ? schema.resources["istio-acme-ingress:index:IstioAcmeIngress"].inputProperties
                        : schema.types[token].properties;
                const property = properties?.[member] ?? {};
                assert.ok(!("default" in property), `the schema has ${type}.${member}'s default after all`);
                checked++;
            }
        }
        assert.ok(checked > 20, `only ${checked} defaults checked`);
        // Inherited members (WeightedDestinationArgs extends DestinationArgs) and required ones.
        assert.equal(rowsUnder(page, "### WeightedDestinationArgs").get("port")?.[1], "required");
        assert.equal(rowsUnder(page, "## Inputs").get("acme")?.[1], "required");
    });
});
