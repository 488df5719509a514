// The plugin's entry point (package.json "main"): Pulumi's run-plugin loads this directory. The SDK's runner has
// registered ts-node with a type-check for `.ts` files; the project's loader replaces that with a transpile-only one
// (as stacks/entry.js does for the stack program) before any TypeScript loads. `npm test` and CI type-check.
"use strict";
require("../tools/loader/register.js");
require("./host.ts");
