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
 * celKubernetesLibraries.ts says. A rule that does not parse, or calls a function or names a
 * variable that this environment does not have, is a compile error: it is reported by rule and
 * path and never counted as passed.
 *
 * Not modelled: the API server's cost budget and estimated-cost limits, CEL optional types
 * (`?.`, `optional.of`), list-type set/map equality, ratcheting, and the static type check
 * against the schema (an ill-typed rule surfaces only when it runs).
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

/**
 * What cel-go's checker would refuse before a rule ever runs and that evaluation alone might never
 * reach (a call in an untaken branch): functions without an overload of that arity, and variables
 * other than the rule's own and the comprehensions'.
 */
function staticProblems(expr: Expr | undefined, variables: ReadonlySet<string>, problems: string[]): void {
    if (expr === undefined) return;
    const kind = expr.exprKind;
    switch (kind.case) {
        case "identExpr":
            if (!variables.has(kind.value.name)) problems.push(`undeclared reference to '${kind.value.name}'`);
            return;
        case "selectExpr":
            staticProblems(kind.value.operand, variables, problems);
            return;
        case "callExpr": {
            const { target, args } = kind.value;
            const name = kind.value.function;
            const qualified = qualifiedName(target);
            const asNamespaced = qualified !== undefined && !variables.has(qualified.split(".")[0]);
            if (asNamespaced && hasOverload(`${qualified}.${name}`, false, args.length)) {
                args.forEach((arg) => staticProblems(arg, variables, problems));
                return;
            }
            if (!PLANNER_OPERATORS.has(name) && !hasOverload(name, target !== undefined, args.length)) {
                const arity = `${args.length} argument${args.length === 1 ? "" : "s"}`;
                problems.push(`undeclared ${target === undefined ? "function" : "method"} '${name}' with ${arity}`);
            }
            staticProblems(target, variables, problems);
            args.forEach((arg) => staticProblems(arg, variables, problems));
            return;
        }
        case "listExpr":
            kind.value.elements.forEach((element) => staticProblems(element, variables, problems));
            return;
        case "structExpr":
            for (const entry of kind.value.entries) {
                if (entry.keyKind.case === "mapKey") staticProblems(entry.keyKind.value, variables, problems);
                staticProblems(entry.value, variables, problems);
            }
            return;
        case "comprehensionExpr": {
            const comprehension = kind.value;
            staticProblems(comprehension.iterRange, variables, problems);
            staticProblems(comprehension.accuInit, variables, problems);
            const inner = new Set(variables).add(comprehension.iterVar).add(comprehension.accuVar);
            if (comprehension.iterVar2 !== "") inner.add(comprehension.iterVar2);
            staticProblems(comprehension.loopCondition, inner, problems);
            staticProblems(comprehension.loopStep, inner, problems);
            staticProblems(comprehension.result, new Set(variables).add(comprehension.accuVar), problems);
            return;
        }
        default:
            return;
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

function compileExpression(source: string, variables: ReadonlySet<string>): { expr: Expr; program: Program } | { error: string } {
    let expr: Expr;
    try {
        expr = parse(source).expr;
    } catch (error) {
        return { error: `syntax error: ${error instanceof Error ? error.message : String(error)}` };
    }
    const problems: string[] = [];
    staticProblems(expr, variables, problems);
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
const RULE_VARIABLES = new Set([...TYPE_NAMES, "self", "oldSelf"]);
const MESSAGE_VARIABLES = new Set([...TYPE_NAMES, "self"]);
const compiledRules = new Map<string, CompiledRule>();

/** Compiles a rule (and its messageExpression) once; the result is shared by every place it appears. */
export function compileRule(rule: ValidationRule): CompiledRule {
    const key = JSON.stringify([rule.rule, rule.messageExpression ?? null]);
    let compiled = compiledRules.get(key);
    if (compiled === undefined) {
        compiled = compileUncached(rule);
        compiledRules.set(key, compiled);
    }
    return compiled;
}

function compileUncached(rule: ValidationRule): CompiledRule {
    const main = compileExpression(rule.rule, RULE_VARIABLES);
    if ("error" in main) return { ok: false, error: main.error };
    if (rule.messageExpression === undefined) return { ok: true, usesOldSelf: referencesOldSelf(main.expr), program: main.program };
    const message = compileExpression(rule.messageExpression, MESSAGE_VARIABLES);
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
export function rulesOf(schema: JsonObject, schemaPath = ""): LocatedRule[] {
    const here = rulesAt(schema).map((rule) => ({ schemaPath: schemaPath === "" ? "<root>" : schemaPath, rule }));
    const nested = [
        ...allOfOf(schema).flatMap((branch) => rulesOf(branch, schemaPath)),
        ...propertiesOf(schema).flatMap(([name, child]) => rulesOf(child, schemaPath === "" ? name : `${schemaPath}.${name}`)),
    ];
    const items = schemaChild(schema, "items");
    if (items) nested.push(...rulesOf(items, `${schemaPath}[*]`));
    const additional = schemaChild(schema, "additionalProperties");
    if (additional) nested.push(...rulesOf(additional, `${schemaPath}[*]`));
    return [...here, ...nested];
}

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

function evaluateRule(rule: ValidationRule, self: CelInput, schemaType: string, path: readonly PathSegment[]): RuleOutcome {
    const where = formatPath(path);
    const error = (detail: string): RuleOutcome => ({
        path: where,
        rule: rule.rule,
        status: "error",
        reportedAt: where,
        message: invalid(schemaType, detail),
    });
    const compiled = compileRule(rule);
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

interface Visited {
    /** The value as CEL sees it; undefined when CEL cannot access it (unknown type). */
    value: CelInput | undefined;
    outcomes: RuleOutcome[];
}

const NOTHING: Visited = { value: undefined, outcomes: [] };

/** Kubernetes applies a property's default when the property is absent, or null without `nullable`. */
function withDefault(schema: JsonObject, value: unknown): unknown {
    if ((value === undefined || (value === null && schema.nullable !== true)) && schema.default !== undefined)
        return structuredClone(schema.default);
    return value;
}

/**
 * Converts `value` for CEL and evaluates every rule at and below `schema`, children first so that
 * a node's `self` holds its converted children; outcomes come out node first, as the API server
 * reports them. `needed` says whether an enclosing rule will see this value.
 */
function visit(schema: JsonObject, value: unknown, path: PathSegment[], isResourceRoot: boolean, needed: boolean): Visited {
    if (value === null || value === undefined)
        return { value: schema.nullable === true && value === null ? null : undefined, outcomes: [] };
    const ownRules = rulesAt(schema);
    const branches = allOfOf(schema).filter(hasRulesWithin);
    if (!needed && !hasRulesWithin(schema)) return NOTHING;
    if (isUnknownType(schema)) return NOTHING;
    const needValue = needed || ownRules.length > 0 || branches.length > 0;
    const childOutcomes: RuleOutcome[] = [];
    let converted: CelInput | undefined;

    if (Array.isArray(value)) {
        const items = schemaChild(schema, "items") ?? {};
        const list = value.map((item, index) => {
            const child = visit(items, item, [...path, index], items["x-kubernetes-embedded-resource"] === true, needValue);
            childOutcomes.push(...child.outcomes);
            return child.value === undefined ? null : child.value;
        });
        converted = list;
    } else if (isPlainObject(value)) {
        const fields = new Map<string, CelInput>();
        const properties = propertiesOf(schema);
        const additional = schemaChild(schema, "additionalProperties");
        if (properties.length > 0 || isResourceRoot) {
            for (const [name, propertySchema] of properties) {
                if (isResourceRoot && name === "metadata") continue;
                const child = visit(
                    propertySchema,
                    withDefault(propertySchema, value[name]),
                    [...path, name],
                    propertySchema["x-kubernetes-embedded-resource"] === true,
                    needValue,
                );
                childOutcomes.push(...child.outcomes);
                const field = escapePropertyName(name);
                if (child.value !== undefined && field !== undefined) fields.set(field, child.value);
            }
            if (isResourceRoot) addResourceRootFields(value, fields);
        } else if (additional) {
            for (const [key, item] of Object.entries(value)) {
                const child = visit(additional, item, [...path, key], additional["x-kubernetes-embedded-resource"] === true, needValue);
                childOutcomes.push(...child.outcomes);
                if (child.value !== undefined) fields.set(key, child.value);
            }
        }
        converted = fields;
    } else {
        converted = scalarValue(schema, value);
    }

    const schemaType = typeof schema.type === "string" ? schema.type : "";
    const outcomes = ownRules.map((rule) => evaluateRule(rule, converted, schemaType, path));
    for (const branch of branches) outcomes.push(...rulesAt(branch).map((rule) => evaluateRule(rule, converted, schemaType, path)));
    return { value: needed ? converted : undefined, outcomes: [...outcomes, ...childOutcomes] };
}

/** At a resource root CEL sees apiVersion, kind and, of metadata, only name and generateName. */
function addResourceRootFields(object: JsonObject, fields: Map<string, CelInput>): void {
    for (const key of ["apiVersion", "kind"]) if (typeof object[key] === "string") fields.set(key, object[key]);
    const metadata = isPlainObject(object.metadata) ? object.metadata : {};
    const visible = new Map<string, CelInput>();
    for (const key of ["name", "generateName"]) if (typeof metadata[key] === "string") visible.set(key, metadata[key]);
    fields.set("metadata", visible);
}

/** Every rule's outcome at every place `object` reaches, for a CRD version's openAPIV3Schema. */
export function evaluateRules(openAPIV3Schema: JsonObject, object: unknown): RuleOutcome[] {
    return visit(openAPIV3Schema, object, [], true, false).outcomes;
}

/** The rules' failures and errors, as the API server would return them on create. */
export function celRuleProblems(openAPIV3Schema: JsonObject, object: unknown): CelProblem[] {
    return evaluateRules(openAPIV3Schema, object)
        .filter((outcome) => outcome.status === "failed" || outcome.status === "error")
        .map((outcome) => ({ path: outcome.reportedAt ?? outcome.path, message: outcome.message ?? outcome.rule }));
}
