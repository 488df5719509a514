import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readEngineConfig } from "../../tools/synth/stackConfig";
import { readProjectFile, renderFiles, REPO_ROOT, synthStack } from "../../tools/synth/synth";

const project = readProjectFile();
const stacks = readdirSync(project.stackConfigDir)
    .filter((file) => /^Pulumi\..+\.yaml$/.test(file))
    .map((file) => file.replace(/^Pulumi\./, "").replace(/\.yaml$/, ""));

describe("committed synth output of the example stacks", () => {
    it("covers dev, staging and prod", () => {
        for (const stack of ["dev", "staging", "prod"]) assert.ok(stacks.includes(stack), `stacks/Pulumi.${stack}.yaml is missing`);
    });

    for (const stack of stacks) {
        it(`synth/${stack} is what the program declares now (run "npm run synth -- --stack ${stack}" after a change)`, async () => {
            const files = renderFiles(
                await synthStack(stack, readEngineConfig(join(project.stackConfigDir, `Pulumi.${stack}.yaml`), project.name)),
            );
            for (const [name, content] of Object.entries(files)) {
                const committed = readFileSync(join(REPO_ROOT, "synth", stack, name), "utf8");
                assert.equal(committed, content, `synth/${stack}/${name} is stale`);
            }
        });
    }
});
