import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
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

/** Where a synth reads and writes: the stack's name, its config file, and the output directory, if any. */
export interface SynthTarget {
    stack: string;
    configPath: string;
    /** Undefined for a config that is not one of the repository's stacks, given without `--out`: nothing is written. */
    outDir?: string;
}

const samePath = (a: string, b: string) => resolve(a) === resolve(b);

/**
 * The stack, config and output of a request. `--stack X` reads `stacks/Pulumi.X.yaml` and writes
 * `synth/X/`. `--config F` takes the stack's name from F (`Pulumi.<stack>.yaml`); it writes `synth/<stack>/`
 * only when F is that stack's own file in `stacks/`, else nothing unless `--out` says where (`synth/` holds the
 * plans of the repository's stacks, which a pull request diffs). Both together must name the same stack and,
 * when the repository has that stack, its file: anything else would write one file's plan as another stack's.
 */
export function synthTarget(request: SynthRequest, project: ProjectFile): SynthTarget {
    const stackFile = (stack: string) => join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    if (!request.config) {
        const stack = request.stack ?? "dev";
        return { stack, configPath: stackFile(stack), outDir: request.out ?? join(REPO_ROOT, "synth", stack) };
    }
    const configPath = request.config;
    const named = /^Pulumi\.(.+)\.ya?ml$/.exec(basename(configPath))?.[1];
    if (request.stack !== undefined) {
        if (named !== undefined && named !== request.stack) {
            throw new UsageError(
                `--stack ${request.stack} and --config ${configPath} disagree: ${basename(configPath)} is the config of stack "${named}". Give --config alone (the stack is named after the file) or --stack alone (it reads ${stackFile(request.stack)})`,
            );
        }
        if (existsSync(stackFile(request.stack)) && !samePath(stackFile(request.stack), configPath)) {
            throw new UsageError(
                `--stack ${request.stack} is this repository's stack, whose config is ${stackFile(request.stack)}, not --config ${configPath}: give one of them, not both`,
            );
        }
    }
    const stack = request.stack ?? stackNameOf(configPath);
    const ownFile = [stackFile(stack), join(project.stackConfigDir, `Pulumi.${stack}.yml`)].some((file) => samePath(file, configPath));
    return { stack, configPath, outDir: request.out ?? (ownFile ? join(REPO_ROOT, "synth", stack) : undefined) };
}

/** The `synth` command: returns the exit code; prints the summary on stdout and errors on stderr. */
export async function runSynthCommand(request: SynthRequest, io: SynthIo = { out: process.stdout, err: process.stderr }): Promise<number> {
    const project = readProjectFile();
    let configPath = request.config ?? join(project.stackConfigDir, `Pulumi.${request.stack ?? "dev"}.yaml`);
    try {
        const target = synthTarget(request, project);
        const { stack, outDir } = target;
        configPath = target.configPath;
        if (!request.config && !existsSync(configPath)) {
            const stacks = existingStacks(project.stackConfigDir);
            throw new UsageError(
                `no stack "${stack}": ${configPath} does not exist; ${stacks.length > 0 ? `the stacks are ${stacks.join(", ")}` : "there are no stacks"}`,
            );
        }
        if (outDir !== undefined) checkOutputDirectory(outDir);
        const engineConfig = readEngineConfig(configPath, project.name);
        endPhase("config read");
        const result = await synthStack(stack, engineConfig, project.name);
        endPhase("program run");
        if (outDir === undefined) {
            io.out.write(renderSummary(result));
            io.out.write(
                `\nWrote nothing: ${configPath} is not one of this repository's stacks (${relative(REPO_ROOT, project.stackConfigDir)}/Pulumi.<stack>.yaml), whose plans synth/ holds; give --out <dir> to write its resources.json and manifests.yaml\n`,
            );
            return 0;
        }
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

