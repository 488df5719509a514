import * as assert from "node:assert/strict";

/** The text of a Markdown page's section that starts with `heading` (e.g. "## Before you deploy"), up to the next `## `. */
export function sectionOf(page: string, heading: string): string {
    const start = page.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `no "${heading}"`);
    const end = page.indexOf("\n## ", start + heading.length + 1);
    return page.slice(start, end < 0 ? undefined : end);
}
