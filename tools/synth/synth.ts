import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import type { IstioAcmeIngressArgs } from "../../components/args";
import { readStackConfig } from "../../stacks/config";
import stackProgram = require("../../stacks/index");
import { EngineConfig, StackConfigError, readEngineConfig } from "./stackConfig";
import { synthesize, SynthResult } from "./engine";
import { endPhase } from "./phases";
import { renderManifests, renderResourcesJson, renderSummary } from "./render";

export const REPO_ROOT = resolve(__dirname, "..", "..");

interface ProjectFile {
    name: string;
    stackConfigDir: string;
}

export function readProjectFile(root = REPO_ROOT): ProjectFile {
    const project = parse(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as { name: string; stackConfigDir?: string };
    return { name: project.name, stackConfigDir: join(root, project.stackConfigDir ?? ".") };
}

/** Runs the real stack program under the mock engine with the given engine config. */
export function synthStack(stack: string, engineConfig: EngineConfig, project = readProjectFile().name): Promise<SynthResult> {
    // Read (and check) the config before anything is registered, as a bad config must register nothing;
    // the program then gets that config instead of reading it again.
    let args: IstioAcmeIngressArgs | undefined;
    return synthesize({
        project,
        stack,
        ...engineConfig,
        preflight: () => {
            args = readStackConfig();
        },
        program: () => stackProgram(args),
    });
}

/** A command-line argument that cannot work, such as an `--out` that is a file. */
export class UsageError extends Error {}

/** True for errors that describe bad input and need no stack trace. */
export function isInputError(error: unknown): error is Error {
    return (
        error instanceof StackConfigError ||
        error instanceof UsageError ||
        pulumi.RunError.isInstance(error) ||
        pulumi.InputPropertiesError.isInstance(error) ||
        pulumi.InputPropertyError.isInstance(error)
    );
}

export interface SynthFiles {
    "resources.json": string;
    "manifests.yaml": string;
}

export function renderFiles(result: SynthResult): SynthFiles {
    return { "resources.json": renderResourcesJson(result), "manifests.yaml": renderManifests(result.resources) };
}

/** Writes all files or none: each goes to a temporary name first. */
export function writeFiles(outDir: string, files: SynthFiles): void {
    mkdirSync(outDir, { recursive: true });
    const entries = Object.entries(files) as Array<[keyof SynthFiles, string]>;
    for (const [name, content] of entries) writeFileSync(join(outDir, `.${name}.tmp`), content);
    for (const [name] of entries) renameSync(join(outDir, `.${name}.tmp`), join(outDir, name));
}

export interface SynthRequest {
    stack?: string;
    config?: string;
    out?: string;
}

/** Where the command prints: process.stdout and process.stderr, or any stream a test captures. */
export interface SynthIo {
    out: { write(text: string): unknown };
    err: { write(text: string): unknown };
}

/** The stacks that have a `Pulumi.<stack>.yaml` in the stack config directory, sorted. */
export function existingStacks(stackConfigDir: string): string[] {
    return readdirSync(stackConfigDir)
        .flatMap((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1] ?? [])
        .sort();
}

/** Refuses, before anything runs, an output directory that is a file or lies under one. */
function checkOutputDirectory(outDir: string): void {
    let path = resolve(outDir);
    while (!existsSync(path) && dirname(path) !== path) path = dirname(path);
    if (!statSync(path).isDirectory()) {
        throw new UsageError(
            path === resolve(outDir)
                ? `--out ${outDir} is a file: give a directory, where synth writes resources.json and manifests.yaml`
                : `--out ${outDir} cannot be created: ${path} is a file`,
        );
    }
}

/** The `synth` command: returns the exit code; prints the summary on stdout and errors on stderr. */
export async function runSynthCommand(request: SynthRequest, io: SynthIo = { out: process.stdout, err: process.stderr }): Promise<number> {
    const project = readProjectFile();
    const stack = request.stack ?? (request.config ? stackNameOf(request.config) : "dev");
    const configPath = request.config ?? join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    const outDir = request.out ?? join(REPO_ROOT, "synth", stack);
    try {
        if (!request.config && !existsSync(configPath)) {
            const stacks = existingStacks(project.stackConfigDir);
            throw new UsageError(
                `no stack "${stack}": ${configPath} does not exist; ${stacks.length > 0 ? `the stacks are ${stacks.join(", ")}` : "there are no stacks"}`,
            );
        }
        checkOutputDirectory(outDir);
        const engineConfig = readEngineConfig(configPath, project.name);
        endPhase("config read");
        const result = await synthStack(stack, engineConfig, project.name);
        endPhase("program run");
        const files = renderFiles(result);
        endPhase("files rendered");
        try {
            writeFiles(outDir, files);
        } catch (error) {
            throw new UsageError(`cannot write into --out ${outDir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        }
        endPhase("files written");
        io.out.write(renderSummary(result));
        io.out.write(`\nWrote ${join(outDir, "resources.json")} and ${join(outDir, "manifests.yaml")}\n`);
        return 0;
    } catch (error) {
        if (isInputError(error)) {
            // A StackConfigError names the file already; a UsageError is about the command line, not the file.
            const where = error instanceof StackConfigError || error instanceof UsageError ? "" : `${configPath}: `;
            io.err.write(`error: ${where}${error.message}\n`);
            return 1;
        }
        throw error;
    }
}

/** `Pulumi.prod.yaml` -> `prod`; any other file name without its extension. */
export function stackNameOf(path: string): string {
    const base = path.split(/[\\/]/).pop() ?? path;
    return base.replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
}

