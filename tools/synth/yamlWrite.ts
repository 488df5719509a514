import { Document, stringify } from "yaml";

/**
 * `stringify(value, { lineWidth: 0 })` of the `yaml` library, byte for byte, for the plain data synth writes, several
 * times faster: at 1,000 hosts that library's own `stringify` is a tenth of a synth. Only what the library would
 * write the plain way is written here (block mappings and sequences, `{}` and `[]`, single-line plain, single- or
 * double-quoted strings, finite numbers, booleans, null); for anything else (multi-line or control characters, an
 * object reached twice, which the library writes with an anchor, a mapping whose values are all null, a value that
 * is not plain data) the whole document goes to the library. test/synth/yamlWrite.test.ts holds the two to the same
 * bytes.
 */
export function stringifyLikeYaml(value: unknown): string {
    try {
        return `${emit(value, "", new Set())}\n`;
    } catch (error) {
        if (error !== FALL_BACK) throw error;
        return stringify(value, { lineWidth: 0 });
    }
}

const FALL_BACK = Symbol("left to the yaml library");

function fallBack(): never {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel caught in stringifyLikeYaml, never seen outside
    throw FALL_BACK;
}

/** The library's rule for a string that cannot be written plain (yaml/dist/stringify/stringifyString.js, plainString). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/**
 * Strings the library writes on several lines, escapes, or indents apart (containsDocumentMarker, a multiline
 * regex, for which U+2028 and U+2029 end a line too): left to it.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const LEFT_TO_THE_LIBRARY = /[\x00-\x1f\x7f-\x9f\u2028\u2029\uD800-\uDFFF]|^(?:%|---|\.\.\.)/mu;
/** Plain strings that would read back as another type (null, bool, int, float): the core schema's own tests. */
const OTHER_TYPES = new Document().schema.tags.flatMap((tag) =>
    tag.default === true && tag.tag !== "tag:yaml.org,2002:str" && "test" in tag && tag.test instanceof RegExp ? [tag.test] : [],
);

function scalarString(text: string): string {
    if (LEFT_TO_THE_LIBRARY.test(text) || text === "" || text.length > 1000) fallBack();
    if (!NOT_PLAIN.test(text) && !OTHER_TYPES.some((test) => test.test(text))) return text;
    // quotedString: single quotes only for a string with double quotes and no single ones.
    return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

function isPlainObject(value: object): value is Record<string, unknown> {
    const prototype = Object.getPrototypeOf(value) as unknown;
    return prototype === Object.prototype || prototype === null;
}

/** One node, its first line unindented and every further line starting with `indent`. */
function emit(value: unknown, indent: string, seen: Set<object>): string {
    switch (typeof value) {
        case "string":
            return scalarString(value);
        case "number":
            if (!Number.isFinite(value)) fallBack();
            return Object.is(value, -0) ? "-0" : JSON.stringify(value);
        case "boolean":
            return String(value);
        case "object":
            break;
        default:
            fallBack();
    }
    if (value === null) return "null";
    if (seen.has(value)) fallBack();
    seen.add(value);
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        const items: string[] = [];
        for (let i = 0; i < value.length; i++) {
            if (!(i in value) || value[i] === undefined) fallBack();
            items.push(`- ${emit(value[i], inner, seen)}`);
        }
        return items.join(`\n${indent}`);
    }
    if (!isPlainObject(value)) fallBack();
    const pairs: string[] = [];
    let allNull = true;
    for (const key of Object.keys(value)) {
        const child = value[key];
        if (child === undefined) continue;
        if (child !== null) allNull = false;
        const written = emit(child, inner, seen);
        const block = child !== null && typeof child === "object" && written !== "[]" && written !== "{}";
        pairs.push(`${scalarString(key)}:${block ? `\n${inner}` : " "}${written}`);
    }
    if (pairs.length === 0) return "{}";
    // The library writes a mapping of only null values as explicit keys (`? key`).
    if (allNull) fallBack();
    return pairs.join(`\n${indent}`);
}
