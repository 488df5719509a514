import { writeFileSync } from "node:fs";

/**
 * Where a synth's time goes, for `npm run bench`: each phase's end in milliseconds since the process started
 * (performance.now()), written as JSON to the file SYNTH_PHASES_FILE names, if it names one.
 */
const phases: Array<[string, number]> = [];

export function endPhase(name: string): void {
    if (process.env.SYNTH_PHASES_FILE) phases.push([name, performance.now()]);
}

/** Writes the phases, the last one ending now, as the process exits. */
export function writePhases(): void {
    const file = process.env.SYNTH_PHASES_FILE;
    endPhase("exit");
    if (file) writeFileSync(file, JSON.stringify(Object.fromEntries(phases)));
}
