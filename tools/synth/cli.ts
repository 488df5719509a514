import { Command } from "commander";
import { endPhase, writePhases } from "./phases";
import { runSynthCommand } from "./synth";

endPhase("modules loaded");

const program = new Command()
    .name("synth")
    .description("Run the stack program offline under the Pulumi mock engine and write what it would deploy.")
    .option("--stack <name>", "stack whose stacks/Pulumi.<name>.yaml to read (default: dev)")
    .option("--config <file>", "a stack config file to read instead; the stack is named after it (Pulumi.<stack>.yaml)")
    .option("--out <dir>", "where to write resources.json and manifests.yaml (default: synth/<stack> for a stack of stacks/)")
    .addHelpText(
        "after",
        `
Writes synth/<stack>/ only for the repository's own stacks (stacks/Pulumi.<stack>.yaml, by --stack or
--config). Any other --config, inside the repository or outside it, is planned and summarized, and written
nowhere unless --out names a directory. --stack with --config must name the same stack: a config file called
Pulumi.<other>.yaml, or a file other than stacks/Pulumi.<stack>.yaml for a stack the repository has, is refused.`,
    )
    .showHelpAfterError();

program.parse();
runSynthCommand(program.opts<{ stack?: string; config?: string; out?: string }>()).then(
    (code) => {
        writePhases();
        process.exit(code);
    },
    (error: unknown) => {
        console.error(error);
        process.exit(2);
    },
);
