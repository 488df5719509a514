import { execFileSync } from "node:child_process";
import { PACKAGE_NAME } from "../../plugin/provider";
import type { PackageSchema, PropertySpec } from "../../tools/plugin/configurationDoc";

/*
 * Checks an example program's IstioAcmeIngress against schema.json, as the program's SDK and the engine would see
 * it, and turns its arguments into the args' JSON (camelCase members, enum values), to compare with a stack config.
 */

/** A value the program marks secret (YAML `fn::secret`, Python `pulumi.Output.secret(...)`). */
export class Secret {
    constructor(readonly value: unknown) {}
}

const TYPE_PREFIX = `#/types/${PACKAGE_NAME}:index:`;

export interface Checked {
    /** The args as plain JSON, secrets unwrapped. */
    value: unknown;
    problems: string[];
}

function typeSpec(schema: PackageSchema, spec: PropertySpec) {
    return spec.$ref?.startsWith(TYPE_PREFIX) ? schema.types[spec.$ref.slice("#/types/".length)] : undefined;
}

/** The problems of `value` (plain JSON with {@link Secret}s) against the schema property `spec`, at `path`. */
export function checkValue(schema: PackageSchema, spec: PropertySpec, value: unknown, path: string): Checked {
    if (value instanceof Secret) {
        const inner = checkValue(schema, spec, value.value, path);
        const plain = spec.plain ? [`${path}: is plain in the schema, so it takes no secret or output`] : [];
        return { value: inner.value, problems: [...plain, ...inner.problems] };
    }
    const type = typeSpec(schema, spec);
    if (type?.enum) {
        const values = type.enum.map((member) => member.value);
        return {
            value,
            problems: values.includes(value as string) ? [] : [`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(values)}`],
        };
    }
    if (type) return checkObject(schema, type.properties ?? {}, type.required ?? [], value, path);
    if (spec.type === "array") {
        if (!Array.isArray(value)) return { value, problems: [`${path}: must be a list`] };
        const items = value.map((item, index) => checkValue(schema, spec.items!, item, `${path}[${index}]`));
        return { value: items.map((item) => item.value), problems: items.flatMap((item) => item.problems) };
    }
    if (spec.type === "object" && spec.additionalProperties) {
        if (value === null || typeof value !== "object" || Array.isArray(value)) return { value, problems: [`${path}: must be a map`] };
        const entries = Object.entries(value).map(
            ([key, entry]) => [key, checkValue(schema, spec.additionalProperties!, entry, `${path}.${key}`)] as const,
        );
        return {
            value: Object.fromEntries(entries.map(([key, entry]) => [key, entry.value])),
            problems: entries.flatMap(([, entry]) => entry.problems),
        };
    }
    const kinds: Record<string, (v: unknown) => boolean> = {
        string: (v) => typeof v === "string",
        number: (v) => typeof v === "number",
        integer: (v) => Number.isInteger(v),
        boolean: (v) => typeof v === "boolean",
    };
    const fits = spec.type !== undefined && kinds[spec.type]?.(value);
    return { value, problems: fits ? [] : [`${path}: ${JSON.stringify(value)} is not a ${spec.type ?? spec.$ref}`] };
}

/** The problems of an object against the members of a schema type (or of the component's inputs). */
export function checkObject(
    schema: PackageSchema,
    properties: Record<string, PropertySpec>,
    required: string[],
    value: unknown,
    path: string,
): Checked {
    if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Secret) {
        return { value, problems: [`${path}: must be an object`] };
    }
    const problems: string[] = [];
    const out: Record<string, unknown> = {};
    const at = (key: string) => (path ? `${path}.${key}` : key);
    for (const [key, member] of Object.entries(value)) {
        const spec = properties[key];
        if (!spec) {
            problems.push(`${at(key)}: not in the schema (it has ${Object.keys(properties).join(", ")})`);
            continue;
        }
        const checked = checkValue(schema, spec, member, at(key));
        out[key] = checked.value;
        problems.push(...checked.problems);
    }
    for (const key of required) if (!(key in value)) problems.push(`${at(key)}: required`);
    return { value: out, problems };
}

/** Pulumi.yaml's `fn::secret` as a {@link Secret}, everywhere in a YAML program's properties. */
export function fromYamlProgram(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(fromYamlProgram);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === "fn::secret") return new Secret(fromYamlProgram(record["fn::secret"]));
    return Object.fromEntries(keys.map((key) => [key, fromYamlProgram(record[key])]));
}

/**
 * Python's name for a schema name, as Pulumi's Python SDK generator spells it (pulumi/pulumi
 * pkg/codegen/python/python.go, pyName: camelCase to snake_case, an acronym kept as one word).
 */
export function pyName(name: string): string {
    const components: string[] = [];
    let current = "";
    let state: "first" | "upper" | "acronym" | "lowerOrNumber" = "first";
    const isUpper = (char: string) => char !== char.toLowerCase() && char === char.toUpperCase();
    for (const char of name) {
        if (state === "first") {
            state = isUpper(char) ? "upper" : "lowerOrNumber";
            current += char.toLowerCase();
        } else if (state === "upper") {
            state = isUpper(char) ? "acronym" : "lowerOrNumber";
            current += char.toLowerCase();
        } else if (state === "acronym") {
            if (isUpper(char)) current += char.toLowerCase();
            else if (/[0-9s]/.test(char)) {
                state = "lowerOrNumber";
                current += char;
            } else {
                components.push(current.slice(0, -1));
                current = current.slice(-1) + char;
                state = "lowerOrNumber";
            }
        } else if (isUpper(char)) {
            components.push(current);
            current = char.toLowerCase();
            state = "upper";
        } else current += char;
    }
    components.push(current);
    return components.filter((component) => component !== "").join("_");
}

/** Python's name of an enum member (pkg/codegen/python/utilities.go, makeSafeEnumName): `GatewayApi` is `GATEWAY_API`. */
export function pyEnumMemberName(name: string): string {
    return pyName(name).toUpperCase().replace(/_+/g, "_");
}

type PyNode = { _type: string } & Record<string, unknown>;

/** The syntax tree of a Python file, by Python's own parser (`python3` on the PATH), as JSON. */
export function parsePython(file: string): PyNode {
    const script = [
        "import ast, json, sys",
        "def tree(node):",
        "    if isinstance(node, ast.AST):",
        "        out = {'_type': type(node).__name__}",
        "        for field, value in ast.iter_fields(node): out[field] = tree(value)",
        "        return out",
        "    if isinstance(node, list): return [tree(item) for item in node]",
        "    return node",
        "print(json.dumps(tree(ast.parse(open(sys.argv[1]).read()))))",
    ].join("\n");
    return JSON.parse(execFileSync("python3", ["-c", script, file], { encoding: "utf8" })) as PyNode;
}

/** Every node of a Python syntax tree. */
function* walk(node: unknown): Generator<PyNode> {
    if (Array.isArray(node)) for (const item of node) yield* walk(item);
    else if (node !== null && typeof node === "object") {
        if ("_type" in node) yield node as PyNode;
        for (const value of Object.values(node)) yield* walk(value);
    }
}

/** `a.b.c` of a Name/Attribute chain, or undefined. */
function dotted(node: unknown): string | undefined {
    const n = node as PyNode | undefined;
    if (n?._type === "Name") return n.id as string;
    if (n?._type === "Attribute") {
        const base = dotted(n.value);
        return base === undefined ? undefined : `${base}.${n.attr as string}`;
    }
    return undefined;
}

export interface PythonCall {
    /** The alias the program imports the generated SDK under (`import pulumi_istio_acme_ingress as <alias>`). */
    alias: string;
    resourceName: unknown;
    /** The call's keyword arguments as the args' JSON, secrets as {@link Secret}. */
    args: Record<string, unknown>;
    problems: string[];
}

/**
 * The `IstioAcmeIngress(...)` call of a Python program, read against the names the generated SDK has: the module
 * `pulumi_<package>`, each input type `<Type>Args` with snake_case keywords, each enum `<Enum>.<MEMBER>`.
 */
export function pythonComponentCall(schema: PackageSchema, tree: PyNode, module: string, component: string): PythonCall {
    const problems: string[] = [];
    const imported = [...walk(tree)]
        .filter((node) => node._type === "Import")
        .flatMap((node) => node.names as Array<{ name: string; asname: string | null }>)
        .find((alias) => alias.name === module);
    if (!imported) return { alias: "", resourceName: undefined, args: {}, problems: [`does not import ${module}`] };
    const alias = imported.asname ?? module;
    const calls = [...walk(tree)].filter((node) => node._type === "Call" && dotted(node.func) === `${alias}.${component}`);
    if (calls.length !== 1)
        return { alias, resourceName: undefined, args: {}, problems: [`${calls.length} calls of ${alias}.${component}`] };

    const membersOf = (properties: Record<string, PropertySpec>, keywords: Array<{ arg: string; value: PyNode }>, path: string) => {
        const out: Record<string, unknown> = {};
        for (const keyword of keywords) {
            const name = Object.keys(properties).find((candidate) => pyName(candidate) === keyword.arg);
            if (!name) {
                problems.push(`${path}${keyword.arg}: no member of the schema is spelled so in Python`);
                continue;
            }
            out[name] = evaluate(keyword.value, properties[name], `${path}${name}`);
        }
        return out;
    };
    const evaluate = (node: PyNode, spec: PropertySpec, path: string): unknown => {
        switch (node._type) {
            case "Constant":
                return node.value;
            case "List":
                return (node.elts as PyNode[]).map((item, index) => evaluate(item, spec.items ?? {}, `${path}[${index}]`));
            case "Dict":
                return Object.fromEntries(
                    (node.keys as PyNode[]).map((key, index) => [
                        key.value as string,
                        evaluate((node.values as PyNode[])[index], spec.additionalProperties ?? {}, `${path}.${String(key.value)}`),
                    ]),
                );
            case "Attribute": {
                const type = typeSpec(schema, spec);
                const name = spec.$ref?.split(":").pop();
                const member = type?.enum?.find((candidate) => `${alias}.${name}.${pyEnumMemberName(candidate.name)}` === dotted(node));
                if (!member) problems.push(`${path}: ${dotted(node)} is not a member of ${alias}.${name}`);
                return member?.value;
            }
            case "Call": {
                const callee = dotted(node.func);
                if (callee === "pulumi.Output.secret") return new Secret(evaluate((node.args as PyNode[])[0], spec, path));
                const type = typeSpec(schema, spec);
                const name = spec.$ref?.split(":").pop();
                if (!type?.properties || callee !== `${alias}.${name}Args`) {
                    problems.push(`${path}: ${callee}(...) where the schema has ${spec.$ref ?? spec.type}`);
                    return undefined;
                }
                return membersOf(type.properties, node.keywords as Array<{ arg: string; value: PyNode }>, `${path}.`);
            }
            default:
                problems.push(`${path}: a Python ${node._type} this check cannot read`);
                return undefined;
        }
    };

    const call = calls[0];
    const inputs = schema.resources[`${PACKAGE_NAME}:index:${component}`].inputProperties;
    const args = membersOf(inputs, call.keywords as Array<{ arg: string; value: PyNode }>, "");
    return { alias, resourceName: ((call.args as PyNode[])[0] as PyNode | undefined)?.value, args, problems };
}
