import * as assert from "node:assert/strict";
import fc from "fast-check";
import { RE2JS } from "re2js";
import {
    literalBeginning,
    matchesPath,
    mayShareAPath,
    PathMatch,
    pathMatchOf,
    takesEveryPathOf,
    UriMatch,
} from "../../components/config/pathMatch";

/** Every string of at most `length` characters over `alphabet`. */
function allStrings(alphabet: readonly string[], length: number): string[] {
    let level = [""];
    const all = [""];
    for (let i = 0; i < length; i++) {
        level = level.flatMap((s) => alphabet.map((c) => s + c));
        all.push(...level);
    }
    return all;
}
const PATHS = allStrings(["/", "a", "b", ".", "A"], 5).filter((p) => p.startsWith("/"));

/** Small RE2 expressions over the paths' alphabet: literals, escapes, classes, groups, alternation, quantifiers, anchors, flags. */
const regexArbitrary = fc
    .letrec<{ expr: string; atom: string }>((tie) => ({
        atom: fc.oneof(
            { weight: 6, arbitrary: fc.constantFrom("/", "a", "b", "A", "\\.", "\\/", ".", "[ab]", "[^a]", "[|/]", "[.]") },
            { weight: 1, arbitrary: tie("expr").map((e) => `(${e})`) },
            { weight: 1, arbitrary: tie("expr").map((e) => `(?:${e})`) },
        ),
        expr: fc.oneof(
            {
                weight: 4,
                arbitrary: fc
                    .array(fc.tuple(tie("atom"), fc.constantFrom("", "", "", "?", "*", "+", "{0,2}", "{1}", "+?")), {
                        minLength: 1,
                        maxLength: 4,
                    })
                    .map((parts) => parts.map(([a, q]) => a + q).join("")),
            },
            { weight: 1, arbitrary: fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}|${b}`) },
        ),
    }))
    .expr.chain((expr) => fc.constantFrom(expr, `^${expr}`, `${expr}$`, `(?i)${expr}`, `\\Q${expr}\\E`))
    .filter((regex) => {
        try {
            RE2JS.compile(regex);
            return true;
        } catch {
            return false;
        }
    });

const MATCHES: UriMatch[] = [
    { prefix: "/" },
    { prefix: "/a" },
    { prefix: "/a/" },
    { prefix: "/a/b" },
    { prefix: "/ab" },
    { prefix: "/b" },
    { exact: "/a" },
    { exact: "/a/" },
    { exact: "/a/b" },
    { exact: "/ab" },
    { regex: "/a/.*" },
    { regex: "/a.*" },
    { regex: "/[ab]+" },
    { regex: ".*" },
    { regex: "/a/b" },
    { regex: "(?i)/A.*" },
    { regex: "/b|/a/.*" },
];
const matchArbitrary = fc.oneof(
    fc.constantFrom(...MATCHES).map(pathMatchOf),
    regexArbitrary.map((regex) => pathMatchOf({ regex })),
);

describe("path matches: one meaning in both APIs", () => {
    it("a prefix takes whole segments and ignores one trailing slash (Gateway API PathPrefix)", () => {
        for (const prefix of ["/api", "/api/"]) {
            const match = pathMatchOf({ prefix });
            assert.deepEqual(
                ["/api", "/api/", "/api/x", "/apix", "/ap", "/"].filter((p) => matchesPath(match, p)),
                ["/api", "/api/", "/api/x"],
            );
        }
        assert.equal(pathMatchOf({ prefix: "/" }).kind, "all");
    });

    it("a regex must match the whole path (RE2)", () => {
        const match = pathMatchOf({ regex: "/v[0-9]+" });
        assert.equal(matchesPath(match, "/v12"), true);
        assert.equal(matchesPath(match, "/v12/x"), false);
    });

    it("reads the literal beginning of a regex", () => {
        const cases: Array<[string, string]> = [
            ["^/v[0-9]+/.*", "/v"],
            ["/api/.*", "/api/"],
            ["/a?b", "/"],
            ["/ab+c", "/ab"],
            ["\\/api\\.json", "/api.json"],
            ["/a|/b", ""],
            ["(?i)/API", ""],
            ["/(a|b)", "/"],
            ["/[|]x", "/"],
            ["/a{2}", "/"],
            ["\\Q/a\\E", ""],
            ["/é+", "/é"],
        ];
        for (const [regex, beginning] of cases) assert.equal(literalBeginning(regex), beginning, regex);
    });

    it("every path a regex fully matches starts with its literal beginning (property, against RE2)", () => {
        fc.assert(
            fc.property(regexArbitrary, (regex) => {
                const beginning = literalBeginning(regex);
                const compiled = RE2JS.compile(regex);
                for (const path of PATHS)
                    if (compiled.matches(path)) assert.ok(path.startsWith(beginning), `${regex} matches ${path}, beginning ${beginning}`);
            }),
            { numRuns: 200 },
        );
    });

    it("never says two matches share no path when one path matches both (property)", () => {
        fc.assert(
            fc.property(matchArbitrary, matchArbitrary, (a: PathMatch, b: PathMatch) => {
                if (mayShareAPath(a, b)) return;
                const shared = PATHS.find((path) => matchesPath(a, path) && matchesPath(b, path));
                assert.equal(shared, undefined, `${JSON.stringify(a)} and ${JSON.stringify(b)} both take ${shared}`);
            }),
            { numRuns: 500 },
        );
    });

    it("never says a match takes every path of another unless it does (property)", () => {
        fc.assert(
            fc.property(matchArbitrary, matchArbitrary, (earlier: PathMatch, later: PathMatch) => {
                if (!takesEveryPathOf(earlier, later)) return;
                const missed = PATHS.find((path) => matchesPath(later, path) && !matchesPath(earlier, path));
                assert.equal(missed, undefined, `${JSON.stringify(later)} takes ${missed}, ${JSON.stringify(earlier)} does not`);
            }),
            { numRuns: 500 },
        );
    });

    it("proves what it can: prefixes and exact paths exactly, a regex against an exact path", () => {
        const m = (match: UriMatch) => pathMatchOf(match);
        assert.equal(mayShareAPath(m({ prefix: "/api" }), m({ prefix: "/apix" })), false);
        assert.equal(mayShareAPath(m({ prefix: "/api" }), m({ prefix: "/api/v2" })), true);
        assert.equal(mayShareAPath(m({ regex: "^/v[0-9]+/.*" }), m({ prefix: "/assets" })), false);
        assert.equal(mayShareAPath(m({ regex: "/v[0-9]+/.*" }), m({ exact: "/v1/x" })), true);
        assert.equal(mayShareAPath(m({ regex: "/v[0-9]+/.*" }), m({ exact: "/healthz" })), false);
        assert.equal(takesEveryPathOf(m({ prefix: "/api" }), m({ prefix: "/api/v2/" })), true);
        assert.equal(takesEveryPathOf(m({ prefix: "/api" }), m({ exact: "/api" })), true);
        assert.equal(takesEveryPathOf(m({ prefix: "/api" }), m({ regex: "/api/v[0-9]+" })), true);
        assert.equal(takesEveryPathOf(m({ prefix: "/api" }), m({ regex: "/api.*" })), false);
        assert.equal(takesEveryPathOf(m({ regex: "/v[0-9]+" }), m({ exact: "/v2" })), true);
    });
});
