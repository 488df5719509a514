import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { deploymentWaves, renderSummary } from "../../tools/synth/render";
import { engineConfigFromYaml, StackConfigError } from "../../tools/synth/stackConfig";
import { existingStacks, readProjectFile, REPO_ROOT, runSynthCommand } from "../../tools/synth/synth";
import { capture } from "../support/capture";
import { tempDir } from "../support/tempDir";


describe("synth", () => {
    describe("stack config files", () => {
        it("puts keys without a namespace in the project's, and keeps objects as JSON", () => {
            const config = engineConfigFromYaml("config:\n  acme: { email: a@b.co }\n  aws:region: eu-west-1\n", "p", "f.yaml");
            assert.deepEqual(config, { config: { "p:acme": '{"email":"a@b.co"}', "aws:region": "eu-west-1" }, secretKeys: [] });
        });

        it("replaces secure values, also nested ones, with [secret] and marks their keys secret", () => {
            const config = engineConfigFromYaml("config:\n  p:acme:\n    email:\n      secure: v1:abc\n  p:token:\n    secure: v1:def\n", "p", "f.yaml");
            assert.deepEqual(config.config, { "p:acme": '{"email":"[secret]"}', "p:token": "[secret]" });
            assert.deepEqual(config.secretKeys, ["p:acme", "p:token"]);
        });

        it("rejects YAML that is not a mapping with a config mapping", () => {
            for (const text of ["- a\n- b\n", "just text\n", "config:\n  - a\n", "config: [\n"]) {
                assert.throws(() => engineConfigFromYaml(text, "p", "f.yaml"), StackConfigError);
            }
        });
    });

    describe("the command", () => {
        let out: string;
        let stdout: string;
        before(async () => {
            out = tempDir("synth");
            const io = { out: capture(), err: capture() };
            const code = await runSynthCommand({ stack: "dev", out }, { out: io.out.stream, err: io.err.stream });
            assert.equal(code, 0, io.err.text());
            stdout = io.out.text();
        });

        it("writes resources.json with the fields of pulumi stack export, in registration order", () => {
            const document = JSON.parse(readFileSync(join(out, "resources.json"), "utf8")) as { project: string; stack: string; resources: Array<Record<string, unknown>> };
            assert.equal(document.project, "istio-acme-ingress");
            assert.equal(document.stack, "dev");
            assert.equal(document.resources[0].type, "pulumi:pulumi:Stack");
            for (const r of document.resources) {
                for (const field of ["urn", "type", "name", "custom", "parent", "dependencies", "inputs"]) assert.ok(field in r, `${String(r.urn)} has ${field}`);
            }
            const urns = new Set(document.resources.map((r) => r.urn));
            for (const r of document.resources) {
                for (const dep of r.dependencies as string[]) assert.ok(urns.has(dep), `${String(r.name)} depends on a registered resource`);
            }
        });

        it("writes manifests.yaml with the Kubernetes objects the program declares, not Helm releases", () => {
            const kinds = parseAllDocuments(readFileSync(join(out, "manifests.yaml"), "utf8")).map((d) => (d.toJS() as { kind: string }).kind);
            assert.deepEqual([...new Set(kinds)].sort(), ["Certificate", "ClusterIssuer", "Gateway", "Namespace", "Secret", "VirtualService"]);
        });

        it("prints resources by type and the dependency order", () => {
            assert.match(stdout, /^istio-acme-ingress\/dev: \d+ resources/);
            assert.match(stdout, /\s+4\s+kubernetes:helm\.sh\/v3:Release/);
            assert.match(stdout, /wave 1: .*ingress-istio-system/);
        });

        it("names each resource in the dependency order with its type", () => {
            assert.match(stdout, /wave 1: .*ingress-istio-system \(Namespace\)/);
            assert.match(stdout, /ingress-istio-base \(Release\)/);
            assert.match(stdout, /\(Service, read\)/);
        });

        it("for a stack that does not exist, says so and lists the stacks that do, writing nothing", async () => {
            const empty = tempDir("synth");
            const io = { out: capture(), err: capture() };
            const code = await runSynthCommand({ stack: "no-such-stack", out: empty }, { out: io.out.stream, err: io.err.stream });
            assert.equal(code, 1);
            const stacks = existingStacks(readProjectFile().stackConfigDir);
            assert.ok(["dev", "prod", "staging"].every((stack) => stacks.includes(stack)), stacks.join(", "));
            const configPath = join(readProjectFile().stackConfigDir, "Pulumi.no-such-stack.yaml");
            assert.equal(io.err.text(), `error: no stack "no-such-stack": ${configPath} does not exist; the stacks are ${stacks.join(", ")}\n`);
            assert.deepEqual(readdirSync(empty), []);
        });

        it("for an --out that is a file, or lies under one, says so before running anything, without a stack trace", () => {
            const dir = tempDir("synth");
            const file = join(dir, "resources.json");
            writeFileSync(file, "not a directory");
            for (const [out, message] of [
                [file, `error: --out ${file} is a file: give a directory, where synth writes resources.json and manifests.yaml`],
                [join(file, "sub"), `error: --out ${join(file, "sub")} cannot be created: ${file} is a file`],
            ]) {
                const cli = spawnSync(process.execPath, ["--require", "./tools/loader/register.js", "tools/synth/cli.ts", "--out", out], {
                    cwd: REPO_ROOT,
                    encoding: "utf8",
                });
                assert.equal(cli.status, 1, cli.stderr);
                assert.equal(cli.stderr, `${message}\n`);
                assert.equal(cli.stdout, "");
            }
            assert.equal(readFileSync(file, "utf8"), "not a directory");
        });
    });

    describe("--stack, --config and where synth writes", () => {
        const project = readProjectFile();
        const stackFile = (stack: string) => join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
        async function run(request: { stack?: string; config?: string; out?: string }) {
            const io = { out: capture(), err: capture() };
            const code = await runSynthCommand(request, { out: io.out.stream, err: io.err.stream });
            return { code, stdout: io.out.text(), stderr: io.err.text() };
        }

        it("refuses --stack X with --config of another stack's file, writing nothing, instead of planning that file as stack X", async () => {
            const out = tempDir("synth");
            const result = await run({ stack: "prod", config: stackFile("dev"), out });
            assert.equal(result.code, 1);
            assert.equal(
                result.stderr,
                `error: --stack prod and --config ${stackFile("dev")} disagree: Pulumi.dev.yaml is the config of stack "dev". Give --config alone (the stack is named after the file) or --stack alone (it reads ${stackFile("prod")})\n`,
            );
            assert.equal(result.stdout, "");
            assert.deepEqual(readdirSync(out), []);
        });

        it("refuses --stack of a stack the repository has with a --config that is not its file", async () => {
            const dir = tempDir("synth");
            const copy = join(dir, "candidate.yaml");
            copyFileSync(stackFile("staging"), copy);
            const result = await run({ stack: "dev", config: copy, out: join(dir, "out") });
            assert.equal(result.code, 1);
            assert.equal(
                result.stderr,
                `error: --stack dev is this repository's stack, whose config is ${stackFile("dev")}, not --config ${copy}: give one of them, not both\n`,
            );
            assert.ok(!existsSync(join(dir, "out")));
        });

        it("a --config outside stacks/ without --out plans and summarizes, and writes nothing into the repository's synth/", async () => {
            const dir = tempDir("synth");
            const outside = join(dir, "Pulumi.trial-outside.yaml");
            copyFileSync(stackFile("dev"), outside);
            const written = join(REPO_ROOT, "synth", "trial-outside");
            try {
                const result = await run({ config: outside });
                assert.equal(result.code, 0, result.stderr);
                assert.match(result.stdout, /^istio-acme-ingress\/trial-outside: \d+ resources/);
                assert.match(result.stdout, /\nWrote nothing: .*Pulumi\.trial-outside\.yaml is not one of this repository's stacks \(stacks\/Pulumi\.<stack>\.yaml\).*give --out <dir>/);
                assert.ok(!existsSync(written), `${written} was written`);
                assert.deepEqual(readdirSync(dir), ["Pulumi.trial-outside.yaml"]);
            } finally {
                rmSync(written, { recursive: true, force: true });
            }
        });

        it("with --out, such a config is written there under the stack named after its file; a stack's own file with --stack is accepted", async () => {
            const dir = tempDir("synth");
            const outside = join(dir, "Pulumi.trial-out.yaml");
            copyFileSync(stackFile("dev"), outside);
            const named = await run({ config: outside, out: join(dir, "out") });
            assert.equal(named.code, 0, named.stderr);
            assert.equal((JSON.parse(readFileSync(join(dir, "out", "resources.json"), "utf8")) as { stack: string }).stack, "trial-out");

            const same = await run({ stack: "dev", config: stackFile("dev"), out: join(dir, "same") });
            assert.equal(same.code, 0, same.stderr);
            assert.deepEqual(readdirSync(join(dir, "same")).sort(), ["manifests.yaml", "resources.json"]);
        });
    });

    describe("deployment waves", () => {
        it("places each resource one wave after the latest it depends on", () => {
            const r = (name: string, dependencies: string[] = []) => ({ urn: name, type: "t", name, custom: true, parent: "", dependencies, inputs: {} });
            const waves = deploymentWaves([r("a"), r("b", ["a"]), r("c", ["a"]), r("d", ["b", "c"]), r("e")]);
            assert.deepEqual(
                waves.map((w) => w.map((x) => x.name)),
                [["a", "e"], ["b", "c"], ["d"]],
            );
            assert.match(renderSummary({ project: "p", stack: "s", resources: [r("a")], outputs: {} }), /wave 1: a/);
        });
    });
});
