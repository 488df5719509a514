import { RE2JS, RE2JSSyntaxException } from "re2js";

/**
 * Route regexes as the receiving systems read them. Istio's admission webhook compiles a
 * VirtualService's `uri.regex` with Go's `regexp` (RE2 syntax) and refuses one longer than 1024
 * characters (istio/istio pkg/config/validation: `validateStringRegexp`); Envoy then compiles it with
 * Google RE2. JavaScript's `RegExp` accepts more than RE2 (lookaround, backreferences), so the check
 * compiles with re2js, a port of RE2's parser.
 */
const MAX_REGEX_LENGTH = 1024;

/** Syntax that JavaScript accepts and RE2 never will, named when it is why a regex fails. */
const JAVASCRIPT_ONLY: ReadonlyArray<{ pattern: RegExp; what: string }> = [
    { pattern: /\(\?<?[=!]/, what: "lookahead or lookbehind" },
    { pattern: /\\[1-9]/, what: "backreferences" },
];

/** Why `regex` would be refused by Istio or Envoy, or undefined when RE2 compiles it. */
export function re2Problem(regex: string): string | undefined {
    if (regex.length > MAX_REGEX_LENGTH) {
        return `is ${regex.length} characters long; Istio accepts a regex of at most ${MAX_REGEX_LENGTH}`;
    }
    try {
        RE2JS.compile(regex);
        return undefined;
    } catch (error) {
        if (!(error instanceof RE2JSSyntaxException)) throw error;
        const reason = error.input === null ? error.error : `${error.error}: \`${error.input}\``;
        const jsOnly = JAVASCRIPT_ONLY.find((syntax) => syntax.pattern.test(regex));
        const hint = jsOnly ? ` (RE2 has no ${jsOnly.what})` : "";
        return `is not an RE2 regular expression, the syntax Istio and Envoy use: ${reason}${hint}`;
    }
}
