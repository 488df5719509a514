/**
 * Evaluates the CEL `x-kubernetes-validations` rules of a CRD schema against an object the way the
 * Kubernetes API server does when the object is created. The model is the API server's own code,
 * k8s.io/apiextensions-apiserver/pkg/apiserver/schema/cel/validation.go (Validator.validate and
 * validateExpressions) and .../schema/cel/model (how values and property names reach CEL):
 *
 * - each rule runs at its schema node (properties, items, additionalProperties, allOf) with `self`
 *   bound to the value there; nodes absent from the object, and null values, are not evaluated;
 * - the object is defaulted first (structural defaults, as the API server decodes a request);
 * - objects with properties expose only their declared properties, with names escaped as
 *   Kubernetes escapes them (`namespace` is `__namespace__`, `a-b` is `a__dash__b`); maps
 *   (additionalProperties) expose every key; unknown fields (x-kubernetes-preserve-unknown-fields)
 *   are not accessible; at a resource root only apiVersion, kind, metadata.name and
 *   metadata.generateName are; `integer` is a CEL int, `number` a double, int-or-string either;
 *   `format: byte`, `duration` and `date-time` strings are bytes, durations and timestamps;
 * - transition rules (those referencing `oldSelf`) are not evaluated on a create, and reported so,
 *   unless `optionalOldSelf` asks for them (which needs CEL optional types, see below);
 * - a rule that is false is reported with `messageExpression`, else `message`, else
 *   "failed rule: <rule>", at the node's path plus `fieldPath`, in the form `reason` selects;
 *   a rule that errors at run time is reported as the API server reports it ("... evaluating rule").
 *
 * CEL itself is @bufbuild/cel (Apache-2.0, run against the cel-spec conformance suite), with RE2
 * regular expressions (@bufbuild/re2) for `matches`, as Kubernetes' cel-go has, and the strings
 * extension (`split`, `lowerAscii`, ...). The Kubernetes libraries it lacks are added as far as
 * celKubernetesLibraries.ts says. A rule that does not parse, calls a function or names a
 * variable that this environment does not have, or selects a field its schema node does not
 * declare (or CEL cannot reach), is a compile error, as cel-go's checker makes it when the CRD is
 * created: it is reported by rule and path and never counted as passed.
 *
 * Not modelled: the API server's cost budget and estimated-cost limits, CEL optional types
 * (`?.`, `optional.of`), list-type set/map equality, ratcheting, and the checker's typing of
 * operators and function arguments (such a rule surfaces when it runs, as a "no matching
 * overload" error).
 */
import { type CelInput, celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { kubernetesLibraries } from "./celKubernetesLibraries";

type JsonObject = Record<string, unknown>;

/** One entry of `x-kubernetes-validations`, as the CRD states it. */
export interface ValidationRule {
    rule: string;
    message?: string;
    messageExpression?: string;
    reason?: "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";
    fieldPath?: string;
    optionalOldSelf?: boolean;
}

/** A rule and the schema node it is declared on, as `spec.servers[*].tls`. */
export interface LocatedRule {
    schemaPath: string;
    rule: ValidationRule;
    site: RuleSite;
}

export type RuleStatus = "passed" | "failed" | "error" | "not applicable";

/** What became of one rule at one place in one object. */
export interface RuleOutcome {
    /** JSON path of the value the rule ran on, such as `$.spec.servers[0].tls`. */
    path: string;
    rule: string;
    status: RuleStatus;
    /** For failed and error: the API server's error, such as `Invalid value: "object": <message>`. */
    message?: string;
    /** For failed and error: where the API server reports it (the path, plus the rule's fieldPath). */
    reportedAt?: string;
}

export interface CelProblem {
    path: string;
    message: string;
}

// ---------------------------------------------------------------------------------------------
// Compiling

type Program = (bindings: Record<string, CelInput>) => ReturnType<ReturnType<typeof plan>>;
type Expr = ReturnType<typeof parse>["expr"];

export type CompiledRule = { ok: true; usesOldSelf: boolean; program: Program; messageProgram?: Program } | { ok: false; error: string };

const ENV = celEnv({ funcs: [...strings, ...kubernetesLibraries] });

/** Evaluation of these is the planner's own (logical operators, conditionals, indexing), not a library function's. */
const PLANNER_OPERATORS = new Set(["_&&_", "_||_", "_?_:_", "_[_]", "_[?_]", "_?._", "@not_strictly_false", "__not_strictly_false__"]);

function qualifiedName(expr: Expr | undefined): string | undefined {
    if (expr === undefined) return undefined;
    if (expr.exprKind.case === "identExpr") return expr.exprKind.value.name;
    if (expr.exprKind.case === "selectExpr") {
        const operand = qualifiedName(expr.exprKind.value.operand);
        return operand === undefined ? undefined : `${operand}.${expr.exprKind.value.field}`;
    }
    return undefined;
}

function hasOverload(name: string, withTarget: boolean, argumentCount: number): boolean {
    const group = ENV.funcs.find(name);
    if (group === undefined) return false;
    for (const func of group) {
        if ((func.target !== undefined) === withTarget && func.arguments.length === argumentCount) return true;
    }
    return false;
}

/** What the check knows of an expression's type: a schema node, or nothing (dyn). */
type StaticType = { schema: JsonObject; resourceRoot: boolean } | undefined;
type Scope = ReadonlyMap<string, StaticType>;

const STRING_SCHEMA: JsonObject = { type: "string" };
/** All of metadata a rule at a resource root can reach. */
const ROOT_METADATA_SCHEMA: JsonObject = { type: "object", properties: { name: STRING_SCHEMA, generateName: STRING_SCHEMA } };

function typeOfSchema(schema: JsonObject | undefined): StaticType {
    return schema === undefined ? undefined : { schema, resourceRoot: schema["x-kubernetes-embedded-resource"] === true };
}

/** `operand.field` as cel-go's checker types it against the schema Kubernetes declares for `self`. */
function selectType(operand: StaticType, field: string, problems: string[]): StaticType {
    if (operand === undefined) return undefined;
    const { schema, resourceRoot } = operand;
    if (resourceRoot && (field === "apiVersion" || field === "kind")) return typeOfSchema(STRING_SCHEMA);
    if (resourceRoot && field === "metadata") return typeOfSchema(ROOT_METADATA_SCHEMA);
    const properties = propertiesOf(schema);
    const additional = schemaChild(schema, "additionalProperties");
    if (properties.length > 0 || resourceRoot) {
        const property = properties.find(([name, child]) => escapePropertyName(name) === field && !isUnknownType(child));
        if (property !== undefined) return typeOfSchema(property[1]);
        problems.push(`undefined field '${field}'`);
        return undefined;
    }
    if (additional !== undefined) return typeOfSchema(additional);
    if (schema.type === "object" || schema.type === undefined) return undefined;
    problems.push(`type '${typeof schema.type === "string" ? schema.type : "dyn"}' does not support field selection (field '${field}')`);
    return undefined;
}

function elementType(container: StaticType): StaticType {
    if (container === undefined) return undefined;
    if (container.schema.type === "array") return typeOfSchema(schemaChild(container.schema, "items"));
    if (propertiesOf(container.schema).length === 0) return typeOfSchema(schemaChild(container.schema, "additionalProperties"));
    return undefined;
}

/**
 * What cel-go's checker refuses before a rule ever runs, and that evaluation alone might never reach
 * (a call in an untaken branch): functions without an overload of that arity, variables other than
 * the rule's own and the comprehensions', and fields the schema does not declare (or that CEL cannot
 * reach: unknown fields, metadata beyond name). Types are followed through fields, indexes and
 * comprehensions; anything else is dyn, checked when it runs.
 */
function checkExpr(expr: Expr | undefined, scope: Scope, problems: string[]): StaticType {
    if (expr === undefined) return undefined;
    const kind = expr.exprKind;
    switch (kind.case) {
        case "identExpr":
            if (!scope.has(kind.value.name)) problems.push(`undeclared reference to '${kind.value.name}'`);
            return scope.get(kind.value.name);
        case "selectExpr":
            return selectType(checkExpr(kind.value.operand, scope, problems), kind.value.field, problems);
        case "callExpr": {
            const { target, args } = kind.value;
            const name = kind.value.function;
            const qualified = qualifiedName(target);
            if (qualified !== undefined && !scope.has(qualified.split(".")[0]) && hasOverload(`${qualified}.${name}`, false, args.length)) {
                args.forEach((arg) => checkExpr(arg, scope, problems));
                return undefined;
            }
            if (!PLANNER_OPERATORS.has(name) && !hasOverload(name, target !== undefined, args.length)) {
                const arity = `${args.length} argument${args.length === 1 ? "" : "s"}`;
                problems.push(`undeclared ${target === undefined ? "function" : "method"} '${name}' with ${arity}`);
            }
            const targetType = checkExpr(target, scope, problems);
            const argTypes = args.map((arg) => checkExpr(arg, scope, problems));
            if (name === "_[_]") return elementType(targetType ?? argTypes[0]);
            return undefined;
        }
        case "listExpr":
            kind.value.elements.forEach((element) => checkExpr(element, scope, problems));
            return undefined;
        case "structExpr":
            for (const entry of kind.value.entries) {
                if (entry.keyKind.case === "mapKey") checkExpr(entry.keyKind.value, scope, problems);
                checkExpr(entry.value, scope, problems);
            }
            return undefined;
        case "comprehensionExpr": {
            const comprehension = kind.value;
            const range = checkExpr(comprehension.iterRange, scope, problems);
            checkExpr(comprehension.accuInit, scope, problems);
            const iteratesList = range?.schema.type === "array";
            const inner = new Map(scope).set(comprehension.accuVar, undefined);
            if (comprehension.iterVar2 === "") inner.set(comprehension.iterVar, iteratesList ? elementType(range) : undefined);
            else inner.set(comprehension.iterVar, undefined).set(comprehension.iterVar2, elementType(range));
            checkExpr(comprehension.loopCondition, inner, problems);
            checkExpr(comprehension.loopStep, inner, problems);
            checkExpr(comprehension.result, new Map(scope).set(comprehension.accuVar, undefined), problems);
            return undefined;
        }
        default:
            return undefined;
    }
}

function referencesOldSelf(expr: Expr | undefined): boolean {
    if (expr === undefined) return false;
    const kind = expr.exprKind;
    switch (kind.case) {
        case "identExpr":
            return kind.value.name === "oldSelf";
        case "selectExpr":
            return referencesOldSelf(kind.value.operand);
        case "callExpr":
            return referencesOldSelf(kind.value.target) || kind.value.args.some(referencesOldSelf);
        case "listExpr":
            return kind.value.elements.some(referencesOldSelf);
        case "structExpr":
            return kind.value.entries.some(
                (entry) => (entry.keyKind.case === "mapKey" && referencesOldSelf(entry.keyKind.value)) || referencesOldSelf(entry.value),
            );
        case "comprehensionExpr": {
            const c = kind.value;
            return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].some(referencesOldSelf);
        }
        default:
            return false;
    }
}

function compileExpression(source: string, scope: Scope): { expr: Expr; program: Program } | { error: string } {
    let expr: Expr;
    try {
        expr = parse(source).expr;
    } catch (error) {
        return { error: `syntax error: ${error instanceof Error ? error.message : String(error)}` };
    }
    const problems: string[] = [];
    checkExpr(expr, scope, problems);
    if (problems.length > 0) return { error: [...new Set(problems)].join("; ") };
    try {
        const evaluate = plan(ENV, expr);
        return { expr, program: (bindings) => evaluate(bindings) };
    } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
    }
}

/** CEL's own identifiers: the type names (https://github.com/google/cel-spec/blob/master/doc/langdef.md#values). */
const TYPE_NAMES = ["int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"];

/** Where a rule is declared: the schema node `self` has there, and whether that node is a resource root. */
export interface RuleSite {
    schema: JsonObject;
    resourceRoot: boolean;
}

const compiledBySite = new WeakMap<JsonObject, Map<string, CompiledRule>>();
const compiledWithoutSite = new Map<string, CompiledRule>();

/**
 * Compiles a rule (and its messageExpression) for the node it is declared on, once per node.
 * Without a site, `self` is dyn and only functions and variables are checked.
 */
export function compileRule(rule: ValidationRule, site?: RuleSite): CompiledRule {
    const cache = site === undefined ? compiledWithoutSite : (compiledBySite.get(site.schema) ?? new Map<string, CompiledRule>());
    if (site !== undefined) compiledBySite.set(site.schema, cache);
    const key = JSON.stringify([rule.rule, rule.messageExpression ?? null, site?.resourceRoot ?? null]);
    let compiled = cache.get(key);
    if (compiled === undefined) {
        compiled = compileUncached(rule, site === undefined ? undefined : { schema: site.schema, resourceRoot: site.resourceRoot });
        cache.set(key, compiled);
    }
    return compiled;
}

function compileUncached(rule: ValidationRule, self: StaticType): CompiledRule {
    const typeNames = new Map<string, StaticType>(TYPE_NAMES.map((name) => [name, undefined]));
    const main = compileExpression(rule.rule, new Map(typeNames).set("self", self).set("oldSelf", self));
    if ("error" in main) return { ok: false, error: main.error };
    if (rule.messageExpression === undefined) return { ok: true, usesOldSelf: referencesOldSelf(main.expr), program: main.program };
    const message = compileExpression(rule.messageExpression, new Map(typeNames).set("self", self));
    if ("error" in message) return { ok: false, error: `messageExpression: ${message.error}` };
    return { ok: true, usesOldSelf: referencesOldSelf(main.expr), program: main.program, messageProgram: message.program };
}

// ---------------------------------------------------------------------------------------------
// Schema walking

function isPlainObject(value: unknown): value is JsonObject {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function schemaChild(schema: JsonObject, key: "items" | "additionalProperties"): JsonObject | undefined {
    const child = schema[key];
    return isPlainObject(child) ? child : undefined;
}

function propertiesOf(schema: JsonObject): Array<[string, JsonObject]> {
    return isPlainObject(schema.properties)
        ? Object.entries(schema.properties).filter((entry): entry is [string, JsonObject] => isPlainObject(entry[1]))
        : [];
}

function allOfOf(schema: JsonObject): JsonObject[] {
    return Array.isArray(schema.allOf) ? schema.allOf.filter(isPlainObject) : [];
}

function rulesAt(schema: JsonObject): ValidationRule[] {
    const rules = schema["x-kubernetes-validations"];
    return Array.isArray(rules) ? rules.filter((rule): rule is ValidationRule => isPlainObject(rule) && typeof rule.rule === "string") : [];
}

/** Every rule of a schema, in the structural positions the API server evaluates (properties, items, additionalProperties, allOf). */
export function rulesOf(schema: JsonObject): LocatedRule[] {
    return collectRules(schema, schema, "", true);
}

/**
 * `declared` holds the rules; `node` is the structural schema `self` has there, which differs from
 * `declared` inside allOf (where Kubernetes takes the rules of the branch and the types of the node).
 */
function collectRules(declared: JsonObject, node: JsonObject, schemaPath: string, resourceRoot: boolean): LocatedRule[] {
    const site = { schema: node, resourceRoot };
    const rules: LocatedRule[] = rulesAt(declared).map((rule) => ({ schemaPath: schemaPath === "" ? "<root>" : schemaPath, rule, site }));
    for (const branch of allOfOf(declared)) rules.push(...collectRules(branch, node, schemaPath, resourceRoot));
    const nodeProperties = new Map(propertiesOf(node));
    for (const [name, child] of propertiesOf(declared)) {
        const childNode = nodeProperties.get(name) ?? child;
        rules.push(...collectRules(child, childNode, schemaPath === "" ? name : `${schemaPath}.${name}`, isEmbedded(childNode)));
    }
    for (const key of ["items", "additionalProperties"] as const) {
        const child = schemaChild(declared, key);
        const childNode = schemaChild(node, key) ?? child;
        if (child && childNode) rules.push(...collectRules(child, childNode, `${schemaPath}[*]`, isEmbedded(childNode)));
    }
    return rules;
}

const isEmbedded = (schema: JsonObject) => schema["x-kubernetes-embedded-resource"] === true;

const hasRulesCache = new WeakMap<JsonObject, boolean>();

function hasRulesWithin(schema: JsonObject): boolean {
    let result = hasRulesCache.get(schema);
    if (result === undefined) {
        result = rulesOf(schema).length > 0;
        hasRulesCache.set(schema, result);
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Values as the API server hands them to CEL (k8s.io/apiextensions-apiserver/.../schema/cel/model)

const CEL_RESERVED = new Set(
    "true false null in as break const continue else for function if import let loop package namespace return var void while".split(" "),
);

/** Kubernetes' escaping of a property name into a CEL field name; undefined when it cannot be accessed from CEL. */
export function escapePropertyName(name: string): string | undefined {
    if (CEL_RESERVED.has(name)) return `__${name}__`;
    if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
    return name.replace(
        /__|[./-]/g,
        (match) => ({ __: "__underscores__", ".": "__dot__", "-": "__dash__", "/": "__slash__" })[match] ?? match,
    );
}

const convertDuration = plan(ENV, parse("duration(text)").expr);
const convertTimestamp = plan(ENV, parse("timestamp(text)").expr);

function stringValue(schema: JsonObject, text: string): CelInput {
    switch (schema.format) {
        case "byte":
            return new Uint8Array(Buffer.from(text, "base64"));
        case "duration": {
            const value = convertDuration({ text });
            return isCelError(value) ? text : value;
        }
        case "date-time": {
            const value = convertTimestamp({ text });
            return isCelError(value) ? text : value;
        }
        default:
            return text;
    }
}

/** "Unknown type": no type and x-kubernetes-preserve-unknown-fields, or a list or map of such. */
function isUnknownType(schema: JsonObject): boolean {
    if (schema.type === undefined && schema["x-kubernetes-int-or-string"] !== true)
        return schema["x-kubernetes-preserve-unknown-fields"] === true;
    const items = schemaChild(schema, "items");
    if (schema.type === "array" && items) return isUnknownType(items);
    const additional = schemaChild(schema, "additionalProperties");
    if (schema.type === "object" && additional && propertiesOf(schema).length === 0) return isUnknownType(additional);
    return false;
}

function scalarValue(schema: JsonObject, value: unknown): CelInput {
    if (schema["x-kubernetes-int-or-string"] === true)
        return typeof value === "number" && Number.isInteger(value) ? BigInt(value) : (value as CelInput);
    if (schema.type === "integer" && typeof value === "number" && Number.isInteger(value)) return BigInt(value);
    if (typeof value === "string") return stringValue(schema, value);
    return value as CelInput;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

type PathSegment = string | number;

function formatPath(segments: readonly PathSegment[]): string {
    return segments.reduce<string>((path, segment) => {
        if (typeof segment === "number") return `${path}[${segment}]`;
        if (/^[A-Za-z_$][\w$-]*$/.test(segment)) return `${path}.${segment}`;
        return `${path}[${JSON.stringify(segment)}]`;
    }, "$");
}

/** A rule's fieldPath (`.a.b`, `['c.d']`) as path segments; Kubernetes allows no list indexes there. */
function fieldPathSegments(fieldPath: string): PathSegment[] {
    const segments: PathSegment[] = [];
    const pattern = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/gy;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(fieldPath)) !== null) segments.push(match[1] ?? match[2].replace(/\\(.)/g, "$1"));
    return segments;
}

function ruleErrorString(rule: ValidationRule): string {
    return (rule.message ?? "").trim() !== "" ? (rule.message ?? "").trim() : rule.rule.trim();
}

const invalid = (schemaType: string, detail: string) => `Invalid value: ${JSON.stringify(schemaType)}: ${detail}`;

/** The body of the field error the API server returns (k8s.io/apimachinery/pkg/util/validation/field). */
function fieldErrorBody(rule: ValidationRule, schemaType: string, detail: string): string {
    switch (rule.reason) {
        case "FieldValueForbidden":
            return `Forbidden: ${detail}`;
        case "FieldValueRequired":
            return `Required value: ${detail}`;
        case "FieldValueDuplicate":
            return `Duplicate value: ${JSON.stringify(schemaType)}`;
        default:
            return invalid(schemaType, detail);
    }
}

function evaluatedMessage(compiled: Extract<CompiledRule, { ok: true }>, self: CelInput): string | undefined {
    if (compiled.messageProgram === undefined) return undefined;
    const result = compiled.messageProgram({ self });
    if (typeof result !== "string") return undefined;
    const trimmed = result.trim();
    return trimmed === "" || trimmed.includes("\n") ? undefined : trimmed;
}

function evaluateRule(rule: ValidationRule, site: RuleSite, self: CelInput, path: readonly PathSegment[]): RuleOutcome {
    const where = formatPath(path);
    const schemaType = typeof site.schema.type === "string" ? site.schema.type : "";
    const error = (detail: string): RuleOutcome => ({
        path: where,
        rule: rule.rule,
        status: "error",
        reportedAt: where,
        message: invalid(schemaType, detail),
    });
    const compiled = compileRule(rule, site);
    if (!compiled.ok) return error(`rule compile error: ${compiled.error}: ${rule.rule}`);
    if (compiled.usesOldSelf && rule.optionalOldSelf !== true) return { path: where, rule: rule.rule, status: "not applicable" };
    if (compiled.usesOldSelf) return error(`rule uses optionalOldSelf, which needs CEL optional types (not modelled): ${rule.rule}`);

    const result = compiled.program({ self });
    if (isCelError(result)) {
        return error(
            result.message.startsWith("found no matching overload")
                ? `'${result.message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`
                : `${result.message} evaluating rule: ${ruleErrorString(rule)}`,
        );
    }
    if (result === true) return { path: where, rule: rule.rule, status: "passed" };
    if (result !== false) return error(`rule evaluated to a non-bool value: ${rule.rule}`);

    const message = (rule.message ?? "").trim();
    const detail = evaluatedMessage(compiled, self) ?? (message !== "" ? message : `failed rule: ${rule.rule.trim()}`);
    const reportedAt = formatPath([...path, ...fieldPathSegments(rule.fieldPath ?? "")]);
    return { path: where, rule: rule.rule, status: "failed", reportedAt, message: fieldErrorBody(rule, schemaType, detail) };
}

/** Kubernetes applies a property's default when the property is absent, or null without `nullable`. */
function withDefault(schema: JsonObject, value: unknown): unknown {
    if ((value === undefined || (value === null && schema.nullable !== true)) && schema.default !== undefined)
        return structuredClone(schema.default);
    return value;
}

/** The object as the API server decodes a create: null where the schema does not allow it dropped, then defaults applied. */
function defaulted(schema: JsonObject, value: unknown): unknown {
    if (Array.isArray(value)) {
        const items = schemaChild(schema, "items");
        return items ? value.map((item) => defaulted(items, item)) : value;
    }
    if (!isPlainObject(value)) return value;
    const properties = propertiesOf(schema);
    const additional = schemaChild(schema, "additionalProperties");
    if (properties.length === 0) {
        return additional ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, defaulted(additional, item)])) : value;
    }
    const result: JsonObject = { ...value };
    for (const [name, child] of properties) {
        const present = withDefault(child, value[name]);
        if (present === undefined || (present === null && child.nullable !== true)) delete result[name];
        else result[name] = defaulted(child, present);
    }
    return result;
}

/**
 * A (defaulted) value as CEL sees it at a schema node (UnstructuredToVal); undefined where CEL
 * cannot reach it. Converted subtrees are cached per object, since every rule above sees them too.
 */
class CelValues {
    private readonly cache = new WeakMap<object, CelInput>();

    of(schema: JsonObject, value: unknown, resourceRoot: boolean): CelInput | undefined {
        if (value === undefined || isUnknownType(schema)) return undefined;
        if (value === null) return null;
        if (typeof value !== "object") return scalarValue(schema, value);
        const cached = this.cache.get(value);
        if (cached !== undefined) return cached;
        const converted = Array.isArray(value) ? this.list(schema, value) : this.fields(schema, value as JsonObject, resourceRoot);
        this.cache.set(value, converted);
        return converted;
    }

    private list(schema: JsonObject, value: unknown[]): CelInput {
        const items = schemaChild(schema, "items") ?? {};
        return value.map((item) => this.of(items, item, isEmbedded(items)) ?? null);
    }

    private fields(schema: JsonObject, value: JsonObject, resourceRoot: boolean): CelInput {
        const fields = new Map<string, CelInput>();
        const properties = propertiesOf(schema);
        const additional = schemaChild(schema, "additionalProperties");
        if (properties.length > 0 || resourceRoot) {
            for (const [name, child] of properties) {
                const field = escapePropertyName(name);
                const converted = resourceRoot && name === "metadata" ? undefined : this.of(child, value[name], isEmbedded(child));
                if (field !== undefined && converted !== undefined) fields.set(field, converted);
            }
            if (resourceRoot) addResourceRootFields(value, fields);
        } else if (additional) {
            for (const [key, item] of Object.entries(value)) {
                const converted = this.of(additional, item, isEmbedded(additional));
                if (converted !== undefined) fields.set(key, converted);
            }
        }
        return fields;
    }
}

/** At a resource root CEL sees apiVersion, kind and, of metadata, only name and generateName. */
function addResourceRootFields(object: JsonObject, fields: Map<string, CelInput>): void {
    for (const key of ["apiVersion", "kind"]) if (typeof object[key] === "string") fields.set(key, object[key]);
    const metadata = isPlainObject(object.metadata) ? object.metadata : {};
    const visible = new Map<string, CelInput>();
    for (const key of ["name", "generateName"]) if (typeof metadata[key] === "string") visible.set(key, metadata[key]);
    fields.set("metadata", visible);
}

/**
 * Validator.validate: the rules `declared` at this node, then those of its allOf branches, then
 * the children present in the value. `node` is the structural schema (types, `self`), which
 * differs from `declared` inside allOf.
 */
function validate(
    declared: JsonObject,
    node: JsonObject,
    value: unknown,
    path: PathSegment[],
    resourceRoot: boolean,
    values: CelValues,
): RuleOutcome[] {
    if (value === null || value === undefined || !hasRulesWithin(declared)) return [];
    const outcomes: RuleOutcome[] = [];
    const rules = rulesAt(declared);
    if (rules.length > 0) {
        const self = values.of(node, value, resourceRoot);
        if (self !== undefined) {
            const site = { schema: node, resourceRoot };
            outcomes.push(...rules.map((rule) => evaluateRule(rule, site, self, path)));
        }
    }
    for (const branch of allOfOf(declared)) outcomes.push(...validate(branch, node, value, path, resourceRoot, values));
    if (Array.isArray(value)) {
        const items = schemaChild(declared, "items");
        const itemsNode = schemaChild(node, "items") ?? items;
        if (items && itemsNode)
            value.forEach((item, index) =>
                outcomes.push(...validate(items, itemsNode, item, [...path, index], isEmbedded(itemsNode), values)),
            );
    } else if (isPlainObject(value)) {
        const nodeProperties = new Map(propertiesOf(node));
        for (const [name, child] of propertiesOf(declared)) {
            const childNode = nodeProperties.get(name) ?? child;
            outcomes.push(...validate(child, childNode, value[name], [...path, name], isEmbedded(childNode), values));
        }
        const additional = schemaChild(declared, "additionalProperties");
        const additionalNode = schemaChild(node, "additionalProperties") ?? additional;
        if (additional && additionalNode) {
            for (const [key, item] of Object.entries(value))
                outcomes.push(...validate(additional, additionalNode, item, [...path, key], isEmbedded(additionalNode), values));
        }
    }
    return outcomes;
}

/** Every rule's outcome at every place `object` reaches, for a CRD version's openAPIV3Schema. */
export function evaluateRules(openAPIV3Schema: JsonObject, object: unknown): RuleOutcome[] {
    return validate(openAPIV3Schema, openAPIV3Schema, defaulted(openAPIV3Schema, object), [], true, new CelValues());
}

/** The rules' failures and errors, as the API server would return them on create. */
export function celRuleProblems(openAPIV3Schema: JsonObject, object: unknown): CelProblem[] {
    return evaluateRules(openAPIV3Schema, object)
        .filter((outcome) => outcome.status === "failed" || outcome.status === "error")
        .map((outcome) => ({ path: outcome.reportedAt ?? outcome.path, message: outcome.message ?? outcome.rule }));
}
