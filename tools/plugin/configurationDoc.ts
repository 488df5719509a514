import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as ts from "typescript";
import { COMPONENT_TYPE, PACKAGE_NAME } from "../../plugin/provider";
import { REPO_ROOT } from "./schema";

/** The generated configuration reference. */
export const CONFIGURATION_DOC_PATH = join(REPO_ROOT, "docs", "configuration.md");
const COMPONENTS_DIR = join(REPO_ROOT, "components");

export interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    plain?: boolean;
    description?: string;
}
interface TypeSpec {
    type: string;
    properties?: Record<string, PropertySpec>;
    required?: string[];
    enum?: Array<{ name: string; value: string | number; description?: string }>;
}
export interface PackageSchema {
    name: string;
    version: string;
    resources: Record<
        string,
        {
            inputProperties: Record<string, PropertySpec>;
            requiredInputs: string[];
            properties: Record<string, PropertySpec>;
            description?: string;
        }
    >;
    types: Record<string, TypeSpec>;
}

/** What the analyzer leaves out of the schema, read from the same doc comments: each type's own comment, each member's `@default`. */
export interface DocComments {
    descriptions: Map<string, string>;
    defaults: Map<string, Map<string, string>>;
    /** The interfaces each interface extends, whose members it has too. */
    bases: Map<string, string[]>;
}

function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
    );
}

function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
    return (ts.getTextOfJSDocComment(comment) ?? "").trim();
}

/** The doc comments of the interfaces and `as const` enums under components/ (TypeScript's parser; no type-check). */
export function readDocComments(dir = COMPONENTS_DIR): DocComments {
    const docs: DocComments = { descriptions: new Map(), defaults: new Map(), bases: new Map() };
    const declaredIn = new Map<string, string>();
    const declare = (name: string, file: string) => {
        const earlier = declaredIn.get(name);
        if (earlier !== undefined && earlier !== file) {
            throw new Error(
                `${name} is declared in ${relative(REPO_ROOT, earlier)} and ${relative(REPO_ROOT, file)}: the reference cannot tell which is the arg`,
            );
        }
        declaredIn.set(name, file);
    };
    for (const file of sourceFiles(dir)) {
        const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
        for (const statement of source.statements) {
            const jsDoc = (statement as { jsDoc?: ts.JSDoc[] }).jsDoc;
            const description = jsDoc?.map((doc) => commentText(doc.comment)).join("\n");
            if (ts.isInterfaceDeclaration(statement)) {
                const name = statement.name.text;
                declare(name, file);
                if (description) docs.descriptions.set(name, description);
                docs.bases.set(
                    name,
                    (statement.heritageClauses ?? []).flatMap((clause) => clause.types.map((type) => type.expression.getText(source))),
                );
                const defaults = new Map<string, string>();
                for (const member of statement.members) {
                    if (!ts.isPropertySignature(member)) continue;
                    const tag = ts.getJSDocTags(member).find((candidate) => candidate.tagName.text === "default");
                    if (tag) defaults.set(member.name.getText(source), commentText(tag.comment));
                }
                docs.defaults.set(name, defaults);
            } else if (ts.isVariableStatement(statement) && description) {
                for (const declaration of statement.declarationList.declarations) {
                    if (ts.isIdentifier(declaration.name) && declaration.initializer && ts.isAsExpression(declaration.initializer)) {
                        declare(declaration.name.text, file);
                        docs.descriptions.set(declaration.name.text, description);
                    }
                }
            }
        }
    }
    return docs;
}

/** The `@default` of `member` in interface `type`, or in an interface it extends. */
function defaultOf(docs: DocComments, type: string, member: string): string | undefined {
    const own = docs.defaults.get(type)?.get(member);
    if (own !== undefined) return own;
    for (const base of docs.bases.get(type) ?? []) {
        const inherited = defaultOf(docs, base, member);
        if (inherited !== undefined) return inherited;
    }
    return undefined;
}

const TYPE_PREFIX = `#/types/${PACKAGE_NAME}:index:`;
const typeName = (ref: string) => ref.slice(TYPE_PREFIX.length);
const anchor = (name: string) => `#${name.toLowerCase()}`;

/** One line of a table cell: the text's lines joined, pipes escaped. */
function cell(text: string): string {
    return text
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => line !== "")
        .join(" ")
        .replace(/\|/g, "\\|");
}

function typeOf(schema: PackageSchema, property: PropertySpec): string {
    if (property.$ref === "pulumi.json#/Any") return "any";
    if (property.$ref?.startsWith(TYPE_PREFIX)) {
        const name = typeName(property.$ref);
        return `[${name}](${anchor(name)})${schema.types[property.$ref.slice("#/types/".length)]?.enum ? " (enum)" : ""}`;
    }
    if (property.type === "array" && property.items) return `list of ${typeOf(schema, property.items)}`;
    if (property.type === "object" && property.additionalProperties) return `map of ${typeOf(schema, property.additionalProperties)}`;
    return property.type ?? "?";
}

/** The types reachable from `properties`, depth first, each once. */
function reachableTypes(schema: PackageSchema, properties: PropertySpec[], seen: string[] = []): string[] {
    const visit = (property: PropertySpec | undefined) => {
        if (!property) return;
        if (property.$ref?.startsWith(TYPE_PREFIX)) {
            const name = typeName(property.$ref);
            if (seen.includes(name)) return;
            seen.push(name);
            for (const member of Object.values(schema.types[`${PACKAGE_NAME}:index:${name}`]?.properties ?? {})) visit(member);
        }
        visit(property.items);
        visit(property.additionalProperties);
    };
    properties.forEach(visit);
    return seen;
}

function membersTable(
    schema: PackageSchema,
    docs: DocComments,
    owner: string,
    properties: Record<string, PropertySpec>,
    required: string[],
    inputs: boolean,
): string[] {
    const header = inputs
        ? ["| Member | Type | Default | Description |", "| --- | --- | --- | --- |"]
        : ["| Member | Type | Description |", "| --- | --- | --- |"];
    const rows = Object.entries(properties).map(([name, property]) => {
        const type = typeOf(schema, property) + (inputs && !property.plain ? ", output or secret accepted" : "");
        const description = cell(property.description ?? "");
        if (!inputs) return `| \`${name}\` | ${type} | ${description} |`;
        const fallback = defaultOf(docs, owner, name);
        const byDefault = required.includes(name) ? "required" : fallback !== undefined ? cell(fallback) : "none";
        return `| \`${name}\` | ${type} | ${byDefault} | ${description} |`;
    });
    return [...header, ...rows];
}

/** docs/configuration.md: the args and outputs of IstioAcmeIngress, from the package schema and the args' doc comments. */
export function renderConfigurationDoc(schema: PackageSchema, docs: DocComments): string {
    const component = schema.resources[COMPONENT_TYPE];
    const inputTypes = reachableTypes(schema, Object.values(component.inputProperties));
    const types = reachableTypes(schema, Object.values(component.properties), [...inputTypes]);
    const token = (name: string) => `${PACKAGE_NAME}:index:${name}`;
    const objects = types.filter((name) => !schema.types[token(name)].enum);
    const enums = types.filter((name) => schema.types[token(name)].enum);
    const lines = [
        "# Configuration reference",
        "",
        "<!-- Generated by `npm run schema` from schema.json and the doc comments in components/. Do not edit: change the doc comments. -->",
        "",
        `The inputs and outputs of \`IstioAcmeIngress\` (\`${COMPONENT_TYPE}\`, package version ${schema.version}), in every`,
        "language. Names are as in TypeScript, in YAML programs and in the stack config (`istio-acme-ingress:<input>`).",
        "Python spells members in snake_case (`gatewayApi` is `gateway_api`, `hostedZoneId` is `hosted_zone_id`) and",
        "names each input type with an `Args` suffix (`AcmeArgs` is `AcmeArgsArgs`); Go, .NET and Java in PascalCase. See",
        "[Use from other languages](other-languages.md).",
        "",
        "A member marked _output or secret accepted_ may be given another resource's output or a secret. Every other",
        "member is a plain value, known when the program runs: names and hosts decide which resources exist. Which",
        "members apply together (a credentials `mode` and its keys, `server` or `directoryUrl`) is checked when the",
        "component is constructed, and every problem is reported at once with its property path.",
        "",
        "## Inputs",
        "",
        ...membersTable(schema, docs, "IstioAcmeIngressArgs", component.inputProperties, component.requiredInputs, true),
        "",
        "## Outputs",
        "",
        ...membersTable(schema, docs, "IstioAcmeIngress", component.properties, [], false),
        "",
        "## Types",
    ];
    for (const name of objects) {
        const type = schema.types[token(name)];
        const description = docs.descriptions.get(name);
        lines.push("", `### ${name}`, "");
        if (description) lines.push(cell(description), "");
        lines.push(...membersTable(schema, docs, name, type.properties ?? {}, type.required ?? [], inputTypes.includes(name)));
    }
    lines.push("", "## Enums");
    for (const name of enums) {
        const type = schema.types[token(name)];
        const description = docs.descriptions.get(name);
        lines.push("", `### ${name}`, "");
        if (description) lines.push(cell(description), "");
        lines.push("| Value | Name | Description |", "| --- | --- | --- |");
        for (const member of type.enum ?? [])
            lines.push(`| \`${JSON.stringify(member.value)}\` | \`${member.name}\` | ${cell(member.description ?? "")} |`);
    }
    return `${lines.join("\n")}\n`;
}
