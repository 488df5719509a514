/**
 * A YAML syntax error of a stack file as a person reads it: where, what it means in plain words
 * (the `yaml` library's wording, such as "Implicit map keys need to be followed by map values",
 * speaks of YAML's grammar), the parser's own words, and the lines around it with a caret.
 */
import { YAMLError } from "yaml";

/** Where the parser puts an error: its first character and the line's text, with the lines around it. */
interface ErrorSite {
    /** The text of the error's line from the error's column on, trimmed. */
    fromColumn: string;
    /** The next line that is not blank or a comment, trimmed, and its number. */
    next?: { text: string; line: number };
}

/** Plain words for the `yaml` library's messages, by how they begin (`yaml/dist/compose/*.js`, `yaml/dist/parse/*.js`). */
const PLAIN_WORDS: ReadonlyArray<readonly [string, (site: ErrorSite) => string]> = [
    [
        "Implicit keys need to be on a single line",
        (site) => `${quoted(site.fromColumn)} is neither "key: value" nor a "- " list item: put ": " (a colon and a space) between a key and its value`,
    ],
    [
        "Implicit map keys need to be followed by map values",
        (site) =>
            `${quoted(site.fromColumn)} is a key without a value: put ": " (a colon and a space) between a key and its value, or end a key with ":" when its own keys follow, indented`,
    ],
    ["Flow map in block collection must be sufficiently indented and end with a }", () => "a { ... } that is not closed: end it with } on the line it starts"],
    [
        "Flow sequence in block collection must be sufficiently indented and end with a ]",
        () => "a [ ... ] that is not closed: end it with ] on the line it starts",
    ],
    ["Tabs are not allowed as indentation", () => "a tab in the indentation: YAML indents with spaces only"],
    [
        "Nested mappings are not allowed in compact mappings",
        (site) =>
            /: |:$/.test(site.fromColumn)
                ? `${quoted(site.fromColumn)} is a "key: value" written as the value of a key on the same line: put it on a line of its own, indented, or quote the value`
                : site.next
                  ? `${quoted(site.next.text)} (line ${site.next.line}) is indented below a key that already has its value: indent it like the keys beside it`
                  : "a line indented below a key that already has its value: indent it like the keys beside it",
    ],
    ["Source contains multiple documents", () => 'a "---" line starts a second YAML document: a stack file holds one; remove the "---"'],
    [
        "All mapping items must start at the same column",
        () => 'this line is not indented like the lines beside it: a key lines up with the other keys of its mapping, a list item starts with "- " like the items beside it',
    ],
    ["Map keys must be unique", (site) => `${quoted(site.fromColumn)} gives a key that the same mapping already has`],
    ['Missing closing "quote', () => 'a value in double quotes that is not closed: end it with " on the same line'],
    ["Missing closing 'quote", () => "a value in single quotes that is not closed: end it with ' on the same line"],
];

function quoted(text: string): string {
    return JSON.stringify(text.trim());
}

/** The parser's sentence, without its position and excerpt ("... at line 3, column 5:" and what follows). */
function parserWords(message: string): string {
    return message
        .split("\n")[0]
        .replace(/ at line \d+, column \d+:?$/, "")
        .replace(/:$/, "");
}

/**
 * The lines up to the error's line, numbered (as many as `context` before it), with carets under the
 * characters the parser points at (one caret when its range goes on past the line).
 */
function excerpt(lines: readonly string[], start: { line: number; col: number }, end: { line: number; col: number } | undefined, context = 2): string[] {
    const first = Math.max(1, start.line - context);
    const width = String(start.line).length;
    const numbered = [];
    for (let number = first; number <= Math.min(start.line, lines.length); number++) {
        numbered.push(`  ${String(number).padStart(width)} | ${lines[number - 1]}`.trimEnd());
    }
    const carets = end && end.line === start.line && end.col > start.col ? end.col - start.col : 1;
    numbered.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, start.col - 1))}${"^".repeat(carets)}`);
    return numbered;
}

function siteOf(lines: readonly string[], start: { line: number; col: number }): ErrorSite {
    const fromColumn = (lines[start.line - 1] ?? "").slice(start.col - 1).trim();
    const nextIndex = lines.findIndex((line, index) => index >= start.line && line.trim() !== "" && !line.trimStart().startsWith("#"));
    return { fromColumn, next: nextIndex >= 0 ? { text: lines[nextIndex].trim(), line: nextIndex + 1 } : undefined };
}

/**
 * `not valid YAML at line L, column C: <plain words> (the YAML parser: "<its words>")`, then the lines
 * before and at the error with carets. Errors without a position keep the parser's words only.
 */
export function describeYamlError(error: unknown, text: string): string {
    const message = error instanceof Error ? error.message : String(error);
    const words = parserWords(message);
    const [start, end] = error instanceof YAMLError && error.linePos ? error.linePos : [];
    if (!start) return `not valid YAML: ${words}`;
    const lines = text.split("\n");
    const plain = PLAIN_WORDS.find(([beginning]) => words.startsWith(beginning))?.[1](siteOf(lines, start));
    const what = plain ? `${plain} (the YAML parser: "${words}")` : words;
    return [`not valid YAML at line ${start.line}, column ${start.col}: ${what}`, ...excerpt(lines, start, end)].join("\n");
}
