// Pulumi's entry point (Pulumi.yaml `main`): runs the TypeScript stack program transpile-only, each file from its
// current text, with no type-check (npm test and CI type-check). A path relative to this file, so it does not
// depend on the directory Pulumi starts node in. See docs/development/startup.md.
"use strict";
require("../tools/loader/register.js");
module.exports = require("./index.ts");
