import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** Config as the engine hands it to a program: `namespace:key` to a string, objects as JSON. */
export interface EngineConfig {
    config: Record<string, string>;
    secretKeys: string[];
}

export class StackConfigError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

const SECRET_PLACEHOLDER = "[secret]";

/** Replaces every `{ secure: ... }` with a placeholder; says whether it found one. */
function replaceSecure(value: unknown): { value: unknown; secret: boolean } {
    if (isRecord(value)) {
        if (Object.keys(value).length === 1 && typeof value.secure === "string") return { value: SECRET_PLACEHOLDER, secret: true };
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const replaced = replaceSecure(v);
            out[k] = replaced.value;
            secret ||= replaced.secret;
        }
        return { value: out, secret };
    }
    if (Array.isArray(value)) {
        const items = value.map(replaceSecure);
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    return { value, secret: false };
}

/**
 * Turns the text of a `Pulumi.<stack>.yaml` into engine config. Keys without a namespace belong
 * to the project, as in the Pulumi CLI. `secure:` values cannot be decrypted here: they become
 * `[secret]` and their keys are marked secret.
 */
export function engineConfigFromYaml(text: string, project: string, source: string): EngineConfig {
    let document: unknown;
    try {
        document = parse(text);
    } catch (error) {
        throw new StackConfigError(`${source}: not valid YAML: ${(error as Error).message.split("\n")[0].replace(/:$/, "")}`);
    }
    // Without this, an empty file reads as a config that lacks every required key.
    if (document === null || document === undefined) {
        throw new StackConfigError(`${source}: is empty (nothing but comments or blank lines); it needs a "config" mapping of config keys`);
    }
    if (!isRecord(document)) throw new StackConfigError(`${source}: must be a YAML mapping with a "config" key`);
    const config = document.config ?? {};
    if (!isRecord(config)) throw new StackConfigError(`${source}: "config" must be a mapping of config keys`);
    if (Object.keys(config).length === 0) throw new StackConfigError(`${source}: "config" is empty; it needs the stack's config keys`);

    const out: EngineConfig = { config: {}, secretKeys: [] };
    for (const [rawKey, rawValue] of Object.entries(config)) {
        const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
        const { value, secret } = replaceSecure(rawValue);
        out.config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) out.secretKeys.push(key);
    }
    return out;
}

export function readEngineConfig(path: string, project: string): EngineConfig {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (error) {
        throw new StackConfigError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    return engineConfigFromYaml(text, project, path);
}
