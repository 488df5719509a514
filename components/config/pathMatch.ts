/**
 * What a route rule's `match` means, the same in both APIs: which request paths it takes, and what
 * can be proven about two rules' paths (whether they may share a path, whether one takes every path
 * of the other). Pure: the config checks and both API builders read it.
 *
 * - `prefix` matches whole path segments and ignores one trailing `/`, as the Gateway API defines
 *   `PathPrefix` (gateway.networking.k8s.io_httproutes.yaml, `HTTPPathMatch.type`, v1.6.1): `/api`
 *   and `/api/` take `/api`, `/api/` and `/api/x`, never `/apix`. `/` takes every path.
 * - `exact` is the path itself, case-sensitive; the query string is not part of the path.
 * - `regex` is an RE2 expression that must match the whole path (Envoy's `safe_regex`; Istio's
 *   Gateway API conversion hands `RegularExpression` to the same matcher).
 */
import { RE2JS } from "re2js";

/** A rule's match, read: `all` is a rule that takes every path (no `match`, or `prefix: /`). */
export type PathMatch =
    | { kind: "all" }
    | { kind: "exact"; path: string }
    | { kind: "prefix"; base: string }
    | { kind: "regex"; regex: string; beginning: string };

/** A `match` as the config gives it (exactly one member set). */
export interface UriMatch {
    prefix?: string;
    exact?: string;
    regex?: string;
}

/**
 * The segment prefix `prefix` stands for: without its one trailing `/` (the Gateway API ignores it;
 * Istio's conversion trims it too, `pilot/pkg/config/kube/gateway/conversion.go` `createURIMatch`),
 * and `/` for the root.
 */
export function prefixBase(prefix: string): string {
    return prefix === "/" || !prefix.endsWith("/") ? prefix : prefix.slice(0, -1);
}

export function pathMatchOf(match: UriMatch | undefined): PathMatch {
    if (match === undefined) return { kind: "all" };
    if (match.prefix !== undefined) {
        const base = prefixBase(match.prefix);
        return base === "/" ? { kind: "all" } : { kind: "prefix", base };
    }
    if (match.exact !== undefined) return { kind: "exact", path: match.exact };
    const regex = match.regex ?? "";
    return { kind: "regex", regex, beginning: literalBeginning(regex) };
}

/** True when `path` lies in the segment prefix `base`: `base` itself or below `base/`. */
export function inSegment(path: string, base: string): boolean {
    return base === "/" || path === base || path.startsWith(`${base}/`);
}

const compiled = new Map<string, RE2JS>();
/** RE2 full match of the whole path, as Envoy's `safe_regex` evaluates a route's regex. */
export function regexMatchesPath(regex: string, path: string): boolean {
    let re = compiled.get(regex);
    if (re === undefined) {
        re = RE2JS.compile(regex);
        compiled.set(regex, re);
    }
    return re.matches(path);
}

/** True when `match` takes `path` (a path without its query string). */
export function matchesPath(match: PathMatch, path: string): boolean {
    switch (match.kind) {
        case "all":
            return true;
        case "exact":
            return path === match.path;
        case "prefix":
            return inSegment(path, match.base);
        case "regex":
            return regexMatchesPath(match.regex, path);
    }
}

/** True when the paths starting with `beginning` may include a path of the segment prefix `base`. */
function beginningMeetsSegment(beginning: string, base: string): boolean {
    if (base.startsWith(beginning)) return true;
    if (!beginning.startsWith(base)) return false;
    return beginning[base.length] === "/";
}

/**
 * False only when no path can match both: exact for `exact` and `prefix`; for a `regex`, the paths it
 * may take are taken to be every path that starts with its literal beginning (see
 * {@link literalBeginning}), so two regexes, or a regex and a prefix, may share a path unless those
 * beginnings part ways. Sound: never false for two rules that share a path.
 */
export function mayShareAPath(a: PathMatch, b: PathMatch): boolean {
    if (a.kind === "all" || b.kind === "all") return true;
    if (a.kind === "regex" && b.kind !== "regex") return mayShareAPath(b, a);
    switch (a.kind) {
        case "exact":
            return b.kind === "exact" ? a.path === b.path : matchesPath(b, a.path);
        case "prefix":
            if (b.kind === "exact") return inSegment(b.path, a.base);
            if (b.kind === "prefix") return inSegment(a.base, b.base) || inSegment(b.base, a.base);
            return b.kind === "regex" && beginningMeetsSegment(b.beginning, a.base);
        case "regex":
            return b.kind === "regex" && (a.beginning.startsWith(b.beginning) || b.beginning.startsWith(a.beginning));
    }
}

/**
 * True when every path `later` takes, `earlier` takes too, as far as it can be proven: a regex takes
 * every path of another rule only where that rule is one `exact` path it matches, and a prefix takes a
 * regex's paths when the regex's literal beginning already lies below the prefix. Sound: never true
 * unless it holds.
 */
export function takesEveryPathOf(earlier: PathMatch, later: PathMatch): boolean {
    if (earlier.kind === "all") return true;
    if (later.kind === "all") return false;
    switch (earlier.kind) {
        case "exact":
            return later.kind === "exact" && later.path === earlier.path;
        case "prefix":
            if (later.kind === "exact") return inSegment(later.path, earlier.base);
            if (later.kind === "prefix") return inSegment(later.base, earlier.base);
            return later.beginning.startsWith(`${earlier.base}/`);
        case "regex":
            return later.kind === "exact" && regexMatchesPath(earlier.regex, later.path);
    }
}

/** A path both rules take, when one is certain without searching a regex's language. */
export function sharedPathExample(a: PathMatch, b: PathMatch): string | undefined {
    const certain = (candidate: string) => (matchesPath(a, candidate) && matchesPath(b, candidate) ? candidate : undefined);
    const own = (match: PathMatch) => (match.kind === "exact" ? match.path : match.kind === "prefix" ? match.base : undefined);
    const candidates = [own(a), own(b), "/"].filter((path): path is string => path !== undefined);
    for (const candidate of candidates) {
        const found = certain(candidate);
        if (found !== undefined) return found;
    }
    return undefined;
}

/** Characters that are RE2 operators outside a character class. */
const OPERATORS = new Set(["\\", ".", "+", "*", "?", "(", ")", "|", "[", "]", "{", "}", "^", "$"]);
/** A quantifier that lets the atom before it be absent: `?`, `*`, or a counted repeat (`{0,2}`). */
const OPTIONAL_QUANTIFIERS = new Set(["?", "*", "{"]);

/**
 * The literal text every path a regex fully matches starts with: the characters before its first
 * operator (a leading `^` is skipped, an escaped punctuation character such as `\.` is literal), and
 * none when the regex is an alternation at its top level, uses `\Q...\E`, or starts with a group or
 * flags. A character followed by `?`, `*` or `{` is left out (it may be absent); one followed by `+`
 * ends the text. Conservative: a shorter beginning than RE2 could prove, never a wrong one.
 */
export function literalBeginning(regex: string): string {
    if (regex.includes("\\Q") || hasTopLevelAlternation(regex)) return "";
    const chars = Array.from(regex);
    let i = chars[0] === "^" ? 1 : 0;
    let beginning = "";
    while (i < chars.length) {
        let literal: string;
        let width: number;
        if (chars[i] === "\\") {
            const escaped = chars[i + 1];
            if (escaped === undefined || /[0-9A-Za-z]/.test(escaped)) break;
            literal = escaped;
            width = 2;
        } else if (OPERATORS.has(chars[i])) {
            break;
        } else {
            literal = chars[i];
            width = 1;
        }
        const next = chars[i + width];
        if (next !== undefined && OPTIONAL_QUANTIFIERS.has(next)) break;
        beginning += literal;
        i += width;
        if (next === "+") break;
    }
    return beginning;
}

/** True when `regex` has a `|` outside every group and character class. */
function hasTopLevelAlternation(regex: string): boolean {
    const chars = Array.from(regex);
    let depth = 0;
    for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        if (c === "\\") {
            i++;
        } else if (c === "[") {
            i = endOfClass(chars, i);
        } else if (c === "(") {
            depth++;
        } else if (c === ")") {
            depth = Math.max(0, depth - 1);
        } else if (c === "|" && depth === 0) {
            return true;
        }
    }
    return false;
}

/** Index of the `]` closing the character class opened at `start` (a `]` right after `[` or `[^` is literal). */
function endOfClass(chars: readonly string[], start: number): number {
    let i = start + 1;
    if (chars[i] === "^") i++;
    if (chars[i] === "]") i++;
    for (; i < chars.length; i++) {
        if (chars[i] === "\\") i++;
        else if (chars[i] === "[" && chars[i + 1] === ":") {
            const close = chars.indexOf("]", i + 2);
            if (close > 0) i = close;
        } else if (chars[i] === "]") return i;
    }
    return chars.length;
}
