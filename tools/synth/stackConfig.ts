import { readFileSync } from "node:fs";
import { FAILSAFE_SCHEMA, load as loadWithJsYaml, Type } from "js-yaml";
import { Document, isScalar, parse } from "yaml";
import { describeYamlError } from "./yamlErrors";

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

type CoreScalarTag = { tag: string; test: RegExp; resolve(source: string, onError: (message: string) => void, options: object): unknown };

/**
 * js-yaml with the `yaml` library's own YAML 1.2 core-schema tags (null, bool, int, float, in its order) as its
 * only implicit types, so that a plain scalar means what it means to the `yaml` library.
 */
function coreSchemaOfTheYamlLibrary() {
    const scalarTags = new Document().schema.tags.filter(
        (tag): tag is typeof tag & CoreScalarTag => tag.default === true && "test" in tag && tag.test instanceof RegExp,
    );
    const byTag = new Map<string, CoreScalarTag[]>();
    for (const tag of scalarTags) byTag.set(tag.tag, [...(byTag.get(tag.tag) ?? []), tag]);
    const noErrors = (): void => undefined;
    const types = [...byTag].map(([tag, variants]) => {
        const variantFor = (data: string | null): CoreScalarTag | undefined => variants.find((variant) => variant.test.test(data ?? ""));
        return new Type(tag, {
            kind: "scalar",
            resolve: (data: unknown) => (typeof data === "string" || data === null) && variantFor(data) !== undefined,
            construct: (data: string | null) => {
                const resolved = variantFor(data)?.resolve(data ?? "", noErrors, { intAsBigInt: false });
                return isScalar(resolved) ? resolved.value : resolved;
            },
        });
    });
    return FAILSAFE_SCHEMA.extend({ implicit: types });
}
const YAML_LIBRARY_CORE_SCHEMA = coreSchemaOfTheYamlLibrary();

/**
 * The plain block YAML that js-yaml and the `yaml` library read alike, one line at a time: blank lines, comments,
 * `key:` or `key: value` (a key of letters, digits and `_ . / - :`), `- ` items, each value plain (from a safe
 * set of characters) or quoted without escapes, and a comment after a space. The YAML `pulumi config set` writes is
 * of this kind. Anything else (flow collections, block scalars, tags, anchors, aliases, escapes, tabs, directives,
 * document markers, a first line indented) goes to the `yaml` library.
 */
const PLAIN_BLOCK_LINE = (() => {
    const key = String.raw`[A-Za-z0-9_][\w./-]*(?::[\w./-]+)*`;
    const safe = String.raw`[\w./+=@~$()<>;-]`;
    const plain = String.raw`(?!\.\.\.)[\w./+=@~$(<;]${safe}*(?::${safe}+)*(?: +${safe}+(?::${safe}+)*)*`;
    const value = String.raw`(?:"[^"\\\x00-\x1f\x7f-\x9f]*"|'[^'\x00-\x1f\x7f-\x9f]*'|${plain})`;
    return new RegExp(String.raw`^ *(?:(?:- +)*(?:${key}:(?: +${value})?|${value})(?: +#.*)?|#.*)?$`);
})();

export function isPlainBlockYaml(text: string): boolean {
    const lines = text.split("\n");
    const first = lines.find((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
    return (first === undefined || !first.startsWith(" ")) && lines.every((line) => PLAIN_BLOCK_LINE.test(line));
}

/**
 * True where the two libraries would build different JavaScript: an object or array reached twice (an alias of a
 * collection, which the `yaml` library limits), or a key js-yaml turned into "null" (the `yaml` library makes a null
 * key "").
 */
function builtDifferently(value: unknown, seen = new Set<object>()): boolean {
    if (value === null || typeof value !== "object") return false;
    if (seen.has(value)) return true;
    seen.add(value);
    if (!Array.isArray(value) && Object.hasOwn(value, "null")) return true;
    return Object.values(value).some((child) => builtDifferently(child, seen));
}

/**
 * The value of a YAML document as the `yaml` library's `parse` reads it, in about a fifth of its time (at 1,000
 * hosts that library takes a tenth of a synth). Plain block YAML (isPlainBlockYaml) is read by js-yaml, its plain
 * scalars resolved by the `yaml` library's own core-schema tags. Anything else, or what js-yaml refuses or builds
 * differently, goes to the `yaml` library, whose value or error message is then the answer.
 */
export function parseYaml(text: string): unknown {
    if (isPlainBlockYaml(text)) {
        try {
            const value = loadWithJsYaml(text, {
                schema: YAML_LIBRARY_CORE_SCHEMA,
                onWarning: (warning) => {
                    throw warning;
                },
            });
            if (!builtDifferently(value)) return value ?? null;
        } catch {
            // The yaml library below says what is wrong, in its own words.
        }
    }
    return parse(text);
}

/**
 * Turns the text of a `Pulumi.<stack>.yaml` into engine config. Keys without a namespace belong
 * to the project, as in the Pulumi CLI. `secure:` values cannot be decrypted here: they become
 * `[secret]` and their keys are marked secret.
 */
export function engineConfigFromYaml(text: string, project: string, source: string): EngineConfig {
    let document: unknown;
    try {
        document = parseYaml(text);
    } catch (error) {
        throw new StackConfigError(`${source}: ${describeYamlError(error, text)}`);
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
