import { Command } from "commander";
import { endPhase, writePhases } from "./phases";
import { runSynthCommand } from "./synth";

endPhase("modules loaded");

const program = new Command()
    .name("synth")
    .description("Run the stack program offline under the Pulumi mock engine and write what it would deploy.")
    .option("--stack <name>", "stack whose stacks/Pulumi.<name>.yaml to read (default: dev)")
    .option("--config <file>", "a stack config file to read instead")
    .option("--out <dir>", "where to write resources.json and manifests.yaml (default: synth/<stack>)")
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
