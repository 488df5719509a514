/**
 * Kubernetes CEL functions that @bufbuild/cel does not have, for celRules.ts
 * (https://kubernetes.io/docs/reference/using-api/cel/):
 *
 * - the Kubernetes list library, k8s.io/apiserver/pkg/cel/library/lists.go: `isSorted`, `sum`,
 *   `min`, `max`, `indexOf`, `lastIndexOf`;
 * - cel-go's sets extension (ext/sets.go), part of the Kubernetes base environment:
 *   `sets.contains`, `sets.equivalent`, `sets.intersects`.
 *
 * Comparisons, equality and sums are CEL's own operators (`<`, `==`, `+`), planned once and run on
 * the values, so mixed int/uint/double, durations and timestamps behave as in the rules themselves.
 *
 * Not here, so a rule calling them fails as an undeclared function, by name: the URL, IP/CIDR,
 * quantity, semver, authz and named-format libraries (their values are opaque Kubernetes types),
 * and the regex library's `find`/`findAll` (the RE2 engine at hand matches but does not report
 * positions, and a JavaScript stand-in would not be RE2).
 */
import {
    type CelFunc,
    type CelList,
    type CelValue,
    CelScalar,
    celEnv,
    celFunc,
    celMethod,
    isCelError,
    listType,
    parse,
    plan,
} from "@bufbuild/cel";

const STANDARD = celEnv();

function operator(expression: string): (a: CelValue, b: CelValue) => CelValue {
    const program = plan(STANDARD, parse(expression).expr);
    return (a, b) => {
        const result = program({ a, b });
        if (isCelError(result)) throw result;
        return result;
    };
}

const less = operator("a < b");
const equal = operator("a == b");
const add = operator("a + b");

const ANY_LIST = listType(CelScalar.DYN);

function elements(list: CelList): CelValue[] {
    return [...list];
}

function extreme(list: CelList, name: "min" | "max"): CelValue {
    const [first, ...rest] = elements(list);
    if (first === undefined) throw new Error(`${name} called on empty list`);
    return rest.reduce((best, value) => ((name === "min" ? less(value, best) : less(best, value)) === true ? value : best), first);
}

function indexOf(list: CelList, value: CelValue, fromEnd: boolean): bigint {
    const values = elements(list);
    const order = fromEnd ? [...values.keys()].reverse() : [...values.keys()];
    for (const index of order) if (equal(values[index], value) === true) return BigInt(index);
    return -1n;
}

const contains = (list: CelList, value: CelValue) => elements(list).some((element) => equal(element, value) === true);

export const kubernetesLibraries: CelFunc[] = [
    celMethod("isSorted", ANY_LIST, [], CelScalar.BOOL, function () {
        const values = elements(this);
        return values.every((value, index) => index === 0 || less(value, values[index - 1]) === false);
    }),
    // An empty list sums to int 0: the API server takes the zero of the list's declared element type,
    // which a dynamically typed evaluation does not know.
    celMethod("sum", ANY_LIST, [], CelScalar.DYN, function () {
        const [first, ...rest] = elements(this);
        return first === undefined ? 0n : rest.reduce<CelValue>((total, value) => add(total, value), first);
    }),
    celMethod("min", ANY_LIST, [], CelScalar.DYN, function () {
        return extreme(this, "min");
    }),
    celMethod("max", ANY_LIST, [], CelScalar.DYN, function () {
        return extreme(this, "max");
    }),
    celMethod("indexOf", ANY_LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
        return indexOf(this, value, false);
    }),
    celMethod("lastIndexOf", ANY_LIST, [CelScalar.DYN], CelScalar.INT, function (value) {
        return indexOf(this, value, true);
    }),
    celFunc("sets.contains", [ANY_LIST, ANY_LIST], CelScalar.BOOL, (list, sublist) =>
        elements(sublist).every((value) => contains(list, value)),
    ),
    celFunc(
        "sets.equivalent",
        [ANY_LIST, ANY_LIST],
        CelScalar.BOOL,
        (a, b) => elements(a).every((value) => contains(b, value)) && elements(b).every((value) => contains(a, value)),
    ),
    celFunc("sets.intersects", [ANY_LIST, ANY_LIST], CelScalar.BOOL, (a, b) => elements(a).some((value) => contains(b, value))),
];
