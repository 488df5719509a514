import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { COMPONENT_TYPE, PACKAGE_NAME } from "../../plugin/provider";
import type { PackageSchema } from "../../tools/plugin/configurationDoc";
import { SCHEMA_PATH } from "../../tools/plugin/schema";
import { readProjectFile } from "../../tools/synth/synth";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { checkObject, fromYamlProgram, parsePython, pythonComponentCall, pyName } from "./exampleCheck";

const REPO = resolve(__dirname, "..", "..");
const EXAMPLES = join(REPO, "examples");
/** The example stack the example programs write out as a program. */
const STACK = "gateway-api";

interface ProjectFile {
    name: string;
    runtime: string | { name: string; options?: Record<string, unknown> };
    packages?: Record<string, string>;
    resources?: Record<string, { type: string; properties?: Record<string, unknown> }>;
}

const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as PackageSchema;
const component = schema.resources[COMPONENT_TYPE];

function projectFile(example: string): ProjectFile {
    return parse(readFileSync(join(EXAMPLES, example, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

/** The component's args in the example stack's config. */
function stackArgs(): Record<string, unknown> {
    const project = readProjectFile();
    const { config } = readEngineConfig(join(project.stackConfigDir, `Pulumi.${STACK}.yaml`), PACKAGE_NAME);
    return Object.fromEntries(
        Object.entries(config)
            .filter(([key]) => key.startsWith(`${PACKAGE_NAME}:`))
            .map(([key, value]) => [key.slice(PACKAGE_NAME.length + 1), JSON.parse(value) as unknown]),
    );
}

/** The stack config of the example's own stack, beside its Pulumi.yaml. */
function exampleStackConfig(example: string): Record<string, unknown> {
    return (parse(readFileSync(join(EXAMPLES, example, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
}

function hasPython(): boolean {
    try {
        execFileSync("python3", ["--version"], { stdio: "ignore" });
        return true;
    } catch {
        return false;
    }
}

/** What every example shares: the `packages:` entry `pulumi package add ../../plugin` writes, and the stack's region. */
function assertProjectBasics(example: string, runtime: string): void {
    const project = projectFile(example);
    const name = typeof project.runtime === "string" ? project.runtime : project.runtime.name;
    assert.equal(name, runtime);
    // pulumi/pulumi pkg/cmd/pulumi/packagecmd/package_add.go: a directory source is recorded as given, without a version.
    assert.deepEqual(project.packages, { [PACKAGE_NAME]: "../../plugin" });
    assert.ok(existsSync(join(EXAMPLES, example, "../../plugin", "PulumiPlugin.yaml")), "../../plugin is not the plugin");
    const stackConfig = readEngineConfig(join(readProjectFile().stackConfigDir, `Pulumi.${STACK}.yaml`), PACKAGE_NAME).config;
    assert.equal(exampleStackConfig(example)["aws:region"], stackConfig["aws:region"]);
}

/**
 * The example programs (examples/) cannot run here (no Pulumi CLI): each is checked against schema.json as its
 * SDK and the engine would take it (every member it sets exists, enum values are valid, required inputs are given,
 * secrets only where the schema takes outputs), and must say what the gateway-api example stack says.
 */
describe("the example programs in examples/", function () {
    this.timeout(60_000);

    describe("YAML (examples/yaml)", function () {
        it("is a YAML project with the plugin as its package", function () {
            assertProjectBasics("yaml", "yaml");
        });

        it(`declares an IstioAcmeIngress the schema accepts, with the ${STACK} stack's config`, function () {
            const resources = Object.values(projectFile("yaml").resources ?? {}).filter((resource) => resource.type === COMPONENT_TYPE);
            assert.equal(resources.length, 1, `one resource of type ${COMPONENT_TYPE}`);
            const checked = checkObject(
                schema,
                component.inputProperties,
                component.requiredInputs,
                fromYamlProgram(resources[0].properties),
                "",
            );
            assert.deepEqual(checked.problems, []);
            assert.deepEqual(checked.value, stackArgs());
        });
    });

    describe("Python (examples/python)", function () {
        before(function () {
            if (!hasPython()) this.skip();
        });

        it("is a Python project with the plugin as its package, and the SDK `pulumi package add` generates in its requirements", function () {
            assertProjectBasics("python", "python");
            const requirements = readFileSync(join(EXAMPLES, "python", "requirements.txt"), "utf8").split("\n");
            // pulumi/pulumi sdk/python/toolchain/pip.go LinkPackages: the SDK's directory, relative to the program.
            assert.ok(requirements.includes(`sdks/${PACKAGE_NAME}`), `requirements.txt lacks sdks/${PACKAGE_NAME}`);
            assert.ok(requirements.some((line) => /^pulumi[><=]/.test(line)));
        });

        it(`constructs an IstioAcmeIngress with the generated SDK's names the schema accepts, with the ${STACK} stack's config`, function () {
            // pulumi/pulumi sdk/python/cmd/pulumi-language-python Link: `import pulumi_<name> as <name>` (pkg/codegen/python PyPack).
            const module = `pulumi_${PACKAGE_NAME.replace(/-/g, "_")}`;
            const call = pythonComponentCall(schema, parsePython(join(EXAMPLES, "python", "__main__.py")), module, "IstioAcmeIngress");
            assert.deepEqual(call.problems, []);
            assert.equal(call.alias, pyName(PACKAGE_NAME).replace(/-/g, "_"));
            const checked = checkObject(schema, component.inputProperties, component.requiredInputs, call.args, "");
            assert.deepEqual(checked.problems, []);
            assert.deepEqual(checked.value, stackArgs());
        });
    });

    it("spells schema names as Pulumi's Python generator does (its own test cases, pkg/codegen/python/python_test.go)", function () {
        const cases: Array<[string, string]> = [
            ["kubeletConfigKey", "kubelet_config_key"],
            ["podCIDR", "pod_cidr"],
            ["podCidr", "pod_cidr"],
            ["podCIDRs", "pod_cidrs"],
            ["podIPs", "pod_ips"],
            ["nonResourceURLs", "non_resource_urls"],
            ["someTHINGsAREWeird", "some_things_are_weird"],
            ["podCIDRSet", "pod_cidr_set"],
            ["Sha256Hash", "sha256_hash"],
            ["SHA256Hash", "sha256_hash"],
        ];
        assert.deepEqual(
            cases.map(([name]) => [name, pyName(name)]),
            cases,
        );
    });
});
