import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SynthResult } from "../synth/engine";
import { REPO_ROOT } from "../synth/synth";
import { wavesDiagram, withWaves } from "./waves";

/** `npm run docs`: the README's picture of the deployment waves, from the committed synth of the dev stack. */
const readme = join(REPO_ROOT, "README.md");
const dev = JSON.parse(readFileSync(join(REPO_ROOT, "synth", "dev", "resources.json"), "utf8")) as SynthResult;
writeFileSync(readme, withWaves(readFileSync(readme, "utf8"), wavesDiagram(dev.resources)));
console.log(`Wrote the deployment waves of synth/dev into ${readme}`);
