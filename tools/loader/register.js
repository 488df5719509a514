// @ts-check
"use strict";
/**
 * Runs this project's TypeScript under plain `node`, transpile-only: `node --require ./tools/loader/register.js x.ts`.
 * Used by `npm run synth`, `npm run bench` and by `pulumi preview`/`up` (through stacks/entry.js).
 *
 * Each file is transpiled with TypeScript's `transpileModule` (what tsc emits for a file under `isolatedModules`),
 * with the compiler options of tsconfig.json, and without a type-check: `npm test` and CI type-check.
 * The output is kept under node_modules/.cache/, keyed by the file's current text, the TypeScript version and the
 * options: an unchanged file is not transpiled again (and TypeScript is not even loaded), a changed file never runs
 * stale. Set ISTIO_ACME_INGRESS_TS_CACHE=off to transpile every file on every run.
 */
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_SETTING = process.env.ISTIO_ACME_INGRESS_TS_CACHE;
const CACHE_DIR = CACHE_SETTING === "off" ? undefined : CACHE_SETTING || path.join(ROOT, "node_modules", ".cache", "istio-acme-ingress-ts");

/** Emit settings that differ from tsconfig.json's: one CommonJS file at a time, its source map inline. */
const EMIT_OVERRIDES = { noEmit: false, declaration: false, declarationMap: false, sourceMap: false, inlineSourceMap: true };

/** @type {{ typescriptVersion: string, compilerOptions: Record<string, unknown> } | undefined} */
let settings;
/** tsconfig.json's compilerOptions and the TypeScript version, read once and without loading TypeScript. */
function currentSettings() {
    if (!settings) {
        const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
        const typescriptPackage = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json", { paths: [ROOT] }), "utf8"));
        settings = { typescriptVersion: typescriptPackage.version, compilerOptions: { ...tsconfig.compilerOptions, ...EMIT_OVERRIDES } };
    }
    return settings;
}

/** @type {typeof import("typescript") | undefined} */
let typescript;
/** @param {string} source @param {string} fileName */
function transpile(source, fileName) {
    typescript ??= /** @type {typeof import("typescript")} */ (require(require.resolve("typescript", { paths: [ROOT] })));
    const { options, errors } = typescript.convertCompilerOptionsFromJson(currentSettings().compilerOptions, ROOT);
    if (errors.length > 0) throw new Error(`tsconfig.json: ${typescript.flattenDiagnosticMessageText(errors[0].messageText, "\n")}`);
    return typescript.transpileModule(source, { fileName, compilerOptions: options }).outputText;
}

/** The JavaScript for one file: from the cache when its key matches, else transpiled (and cached). */
/** @param {string} source @param {string} fileName */
function javascriptFor(source, fileName) {
    if (!CACHE_DIR) return transpile(source, fileName);
    const { typescriptVersion, compilerOptions } = currentSettings();
    const key = createHash("sha256")
        .update(JSON.stringify([typescriptVersion, compilerOptions, fileName, source]))
        .digest("hex");
    const cached = path.join(CACHE_DIR, `${createHash("sha256").update(fileName).digest("hex").slice(0, 32)}.js`);
    const header = `// ${key}\n`;
    try {
        const text = fs.readFileSync(cached, "utf8");
        if (text.startsWith(header)) return text.slice(header.length);
    } catch {
        // Not cached yet.
    }
    const code = transpile(source, fileName);
    try {
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        // Another process may write the same file: each writes its own temporary file, and the rename is atomic.
        const temporary = `${cached}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, header + code);
        fs.renameSync(temporary, cached);
    } catch {
        // A read-only tree still runs, just without the cache.
    }
    return code;
}

// Registered unconditionally: Node 22.18+ and 23.6+ have a `.ts` handler of their own that only strips types
// and refuses what needs transforming, such as the stack program's `export =`.
require.extensions[".ts"] = function loadTypeScript(module, fileName) {
    const source = fs.readFileSync(fileName, "utf8");
    /** @type {{ _compile(code: string, fileName: string): void }} */ (/** @type {unknown} */ (module))._compile(
        javascriptFor(source, fileName),
        fileName,
    );
};
