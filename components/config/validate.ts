import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { likelyMeant } from "./spelling";
import { crossCheckSections, ingressConfigSchema, Issue, ResolvedIngressConfig } from "./schema";

/** One problem with the configuration, in the shape of Pulumi's `InputPropertyErrorDetails`. */
export interface ConfigProblem {
    /** Where the problem is, e.g. `gateways[0].hosts[2]`. */
    propertyPath: string;
    /** What is wrong, with the offending value. */
    reason: string;
}

export type ValidationResult = { ok: true; config: ResolvedIngressConfig } | { ok: false; problems: ConfigProblem[] };

type Path = ReadonlyArray<PropertyKey>;

export function formatPath(path: Path): string {
    let out = "";
    for (const segment of path) {
        if (typeof segment === "number") out += `[${segment}]`;
        else out += out === "" ? String(segment) : `.${String(segment)}`;
    }
    return out;
}

function valueAt(root: unknown, path: Path): unknown {
    let value = root;
    for (const segment of path) {
        if (value === null || typeof value !== "object") return undefined;
        value = (value as Record<PropertyKey, unknown>)[segment];
    }
    return value;
}

function describeValue(value: unknown): string {
    if (value === undefined) return "";
    if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
    if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
    if (Array.isArray(value)) return `a list of ${value.length}`;
    return "an object";
}

function kindOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "a list";
    if (typeof value === "object") return "an object";
    return `a ${typeof value}`;
}

/** Internal zod definitions, read only to name the keys an object accepts. */
type Def = {
    type: string;
    shape?: Record<string, { _zod: { def: Def } }>;
    element?: { _zod: { def: Def } };
    innerType?: { _zod: { def: Def } };
    in?: { _zod: { def: Def } };
    out?: { _zod: { def: Def } };
    options?: Array<{ _zod: { def: Def } }>;
    discriminator?: string;
    values?: unknown[];
};

const WRAPPERS = ["optional", "default", "prefault", "nullable", "pipe"];
/** Wrappers that let a key be left out. */
const OPTIONAL_WRAPPERS = ["optional", "default", "prefault"];

/** A `z.preprocess` is a pipe from a transform: the schema it checks is its `out`. */
function wrapped(def: Def): Def | undefined {
    if (def.type === "pipe" && def.in?._zod.def.type === "transform") return def.out?._zod.def;
    return (def.innerType ?? def.in)?._zod.def;
}

function unwrapDef(def: Def | undefined): Def | undefined {
    while (def && WRAPPERS.includes(def.type)) def = wrapped(def);
    return def;
}

/** The option of a discriminated union that `value` selects, or the one that defaults its discriminator when it has none. */
function chosenOption(def: Def, value: unknown): Def | undefined {
    const key = def.discriminator;
    if (key === undefined || !def.options) return undefined;
    const options = def.options.map((option) => unwrapDef(option._zod.def));
    const wanted = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    const discriminatorOf = (option: Def | undefined) => option?.shape?.[key]?._zod.def;
    if (wanted === undefined) return options.find((option) => discriminatorOf(option)?.type === "default");
    return options.find((option) => unwrapDef(discriminatorOf(option))?.values?.includes(wanted));
}

/** The object schema at `path` (following discriminated unions by the raw value's discriminator), and the union it was chosen from. */
function objectDefAt(path: Path, raw: unknown): { def?: Def; union?: Def } {
    let def = unwrapDef((ingressConfigSchema as unknown as { _zod: { def: Def } })._zod.def);
    let union: Def | undefined;
    let value = raw;
    const resolve = () => {
        def = unwrapDef(def);
        union = def?.type === "union" ? def : undefined;
        if (union) def = unwrapDef(chosenOption(union, value));
    };
    for (const segment of path) {
        resolve();
        if (!def) return {};
        def = typeof segment === "number" ? def.element?._zod.def : def.shape?.[String(segment)]?._zod.def;
        value = value !== null && typeof value === "object" ? (value as Record<PropertyKey, unknown>)[segment] : undefined;
    }
    resolve();
    return { def, union };
}

/** The keys the schema accepts at `path`. */
function knownKeysAt(path: Path, raw: unknown): string[] {
    const { def } = objectDefAt(path, raw);
    return def?.shape ? Object.keys(def.shape) : [];
}

/** `mode: "irsa"` when `key` belongs to another option of the discriminated union at `path` than the one chosen. */
function otherOptionOf(path: Path, raw: unknown, key: string): string | undefined {
    const { union } = objectDefAt(path, raw);
    const discriminator = union?.discriminator;
    if (!union?.options || discriminator === undefined) return undefined;
    const owners = union.options
        .map((option) => unwrapDef(option._zod.def))
        .filter((option) => option?.shape?.[key] !== undefined)
        .flatMap((option) => unwrapDef(option?.shape?.[discriminator]?._zod.def)?.values ?? []);
    return owners.length === 0 ? undefined : owners.map((value) => `${discriminator}: ${JSON.stringify(value)}`).join(" or ");
}

function unknownKeyReason(key: string, known: string[]): string {
    const guess = likelyMeant(key, known);
    const hint = guess ? `did you mean "${guess}"?` : `known keys: ${known.join(", ")}`;
    return `is not a known key (${hint})`;
}

/** Config values that are keys: a problem with one says what is wrong, never the value. */
const SECRET_VALUE_PATHS: ReadonlySet<string> = new Set(["acme.externalAccountBinding.hmacKey"]);

function secretValueReason(issue: z.core.$ZodIssue, value: unknown): string {
    if (value === undefined) return "is required";
    if (issue.code === "invalid_type") return `must be ${expected(issue.expected)}, not ${kindOf(value)} (its value is not shown)`;
    return `${issue.message} (its value is not shown)`;
}

/** The value at `path` as a problem may show it: none at a secret path. */
function shownValueAt(raw: unknown, path: Path): unknown {
    return SECRET_VALUE_PATHS.has(formatPath(path)) ? undefined : valueAt(raw, path);
}

function problemsOf(issue: z.core.$ZodIssue, raw: unknown): ConfigProblem[] {
    const path = issue.path;
    if (issue.code === "unrecognized_keys") {
        const known = knownKeysAt(path, raw);
        return issue.keys.map((key) => {
            const owner = otherOptionOf(path, raw, key);
            const reason = owner ? `applies only with ${formatPath(path)}.${owner}` : unknownKeyReason(key, known);
            return { propertyPath: formatPath([...path, key]), reason };
        });
    }
    if (issue.code === "invalid_union") {
        // Inputs accept a value or a Pulumi output; report what is wrong with the value.
        const branch = issue.errors.find((errors) => errors.length > 0 && errors[0].code !== "custom") ?? issue.errors[0];
        if (branch && branch.length > 0) {
            return branch.flatMap((inner) => problemsOf({ ...inner, path: [...path, ...inner.path] }, raw));
        }
    }
    const value = valueAt(raw, path);
    if (SECRET_VALUE_PATHS.has(formatPath(path))) return [{ propertyPath: formatPath(path), reason: secretValueReason(issue, value) }];
    if (issue.code === "invalid_type" && value === null && (issue.expected === "object" || issue.expected === "array")) {
        return [{ propertyPath: formatPath(path), reason: emptyReason(issue.expected, path, raw) }];
    }
    if (issue.code === "invalid_type") return [{ propertyPath: formatPath(path), reason: wrongTypeReason(issue.expected, value) }];
    if (issue.code === "invalid_value") {
        if (value === undefined) return [{ propertyPath: formatPath(path), reason: "is required" }];
        const options = issue.values.map((option) => JSON.stringify(option)).join(", ");
        return [{ propertyPath: formatPath(path), reason: `${describeValue(value)} must be one of ${options}`.trimStart() }];
    }
    return [{ propertyPath: formatPath(path), reason: withValue(issue.message, value) }];
}

/** `message` after the offending value, where the value is a scalar worth showing. */
function withValue(message: string, value: unknown): string {
    const shown = describeValue(value);
    return shown && typeof value !== "object" ? `${shown} ${message}` : message;
}

/**
 * Said of an output where a plain value belongs: another language's program can pass one there (the schema marks the
 * member plain, but not every SDK enforces it), and names and hosts must be known before anything is created.
 */
const OUTPUT_IN_PLAIN_MEMBER =
    "must be a plain value, not an output: it decides which resources exist, so it must be known when the program runs";

/**
 * A section or list left empty, as `route53:` with nothing under it (YAML reads that as null): what it
 * needs, by name, rather than its type.
 */
function emptyReason(expectedType: string, path: Path, raw: unknown): string {
    const empty = "is empty (YAML reads a key with nothing under it as null)";
    const own = objectDefAt(path.slice(0, -1), raw).def?.shape?.[String(path[path.length - 1])]?._zod.def;
    const removable = own !== undefined && OPTIONAL_WRAPPERS.includes(own.type);
    if (expectedType === "array") return removable ? `${empty}: give it a list, or remove it` : `${empty}: it needs a list`;
    const shape = objectDefAt(path, raw).def?.shape ?? {};
    const required = Object.entries(shape)
        .filter(([, child]) => !OPTIONAL_WRAPPERS.includes(child._zod.def.type))
        .map(([key]) => JSON.stringify(key));
    if (required.length > 0) return `${empty}: it needs ${required.join(" and ")}`;
    return `${empty}: give it keys (${Object.keys(shape).join(", ")}), or remove it`;
}

function wrongTypeReason(expectedType: string, value: unknown): string {
    if (value === undefined) return "is required";
    if (pulumi.Output.isInstance(value)) return OUTPUT_IN_PLAIN_MEMBER;
    // zod reports a fraction where a whole number belongs as a wrong type.
    if (expectedType === "int" && typeof value === "number") return `${value} must be a whole number`;
    const reason = `must be ${expected(expectedType)}, not ${describeKind(value)}`;
    // YAML reads `version: 1.30` as the number 1.3: the fix is quoting, not another value.
    return expectedType === "string" && typeof value === "number" ? `${reason}; put it in quotes` : reason;
}

/** The kind of a value with enough of it to find it: `a number (1.3)`, `an object with keys domain`. */
function describeKind(value: unknown): string {
    if (Array.isArray(value)) return `a list of ${value.length}`;
    if (value !== null && typeof value === "object") return `an object with keys ${Object.keys(value).join(", ")}`;
    return `${kindOf(value)} (${describeValue(value)})`;
}

function expected(type: string): string {
    const names: Record<string, string> = {
        array: "a list",
        object: "an object",
        record: "a map",
        string: "a string",
        number: "a number",
        boolean: "true or false",
        int: "a whole number",
    };
    return names[type] ?? type;
}

/**
 * Checks a whole configuration (the stack config keys, or the component's args) and fills in defaults.
 * Every problem is reported at once, each with its property path and the offending value.
 */
export function validateIngressConfig(raw: unknown): ValidationResult {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return { ok: false, problems: [{ propertyPath: "", reason: `must be an object of config keys, not ${kindOf(raw)}` }] };
    }
    // Without zod's compiled fast path: compiling costs more than it saves on a config parsed once or twice.
    const result = ingressConfigSchema.safeParse(raw, { jitless: true });
    const issues: Array<z.core.$ZodIssue | Issue> = result.success ? [] : [...result.error.issues];
    issues.push(...crossCheckSections(raw as Record<string, unknown>, result.success ? result.data : undefined));
    if (issues.length === 0 && result.success) return { ok: true, config: result.data };
    const problems = issues.flatMap((issue) =>
        "code" in issue
            ? problemsOf(issue, raw)
            : [
                  {
                      propertyPath: formatPath(issue.path),
                      reason: issue.showValue === false ? issue.message : withValue(issue.message, shownValueAt(raw, issue.path)),
                  },
              ],
    );
    // An output where a plain value belongs is the one problem there: checks of its length or form say nothing.
    const outputs = new Set(problems.filter((p) => p.reason === OUTPUT_IN_PLAIN_MEMBER).map((p) => p.propertyPath));
    return { ok: false, problems: problems.filter((p) => !outputs.has(p.propertyPath) || p.reason === OUTPUT_IN_PLAIN_MEMBER) };
}

/** One message listing every problem, each on its own line. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
    const lines = problems.map((p) => `  - ${p.propertyPath}: ${p.reason}`);
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    return `invalid configuration (${count}):\n${lines.join("\n")}`;
}
