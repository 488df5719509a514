import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import GithubSlugger from "github-slugger";

/** A Markdown file's text without its fenced code blocks, where a `#` line is no heading. */
function withoutFences(text: string): string {
    return text.replace(/^ *(```|~~~)[^\n]*\n[\s\S]*?^ *\1[ \t]*$/gm, "");
}

/** Also without inline code, where a `](...)` is no link. */
function withoutCode(text: string): string {
    return withoutFences(text).replace(/`[^`\n]*`/g, "");
}

/** The anchors GitHub gives a Markdown file's headings (github-slugger: GitHub's own rule, duplicates numbered). */
export function headingAnchors(text: string): Set<string> {
    const slugger = new GithubSlugger();
    const anchors = new Set<string>();
    for (const line of withoutFences(text).split("\n")) {
        const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (heading) anchors.add(slugger.slug(heading[1].replace(/`/g, "")));
    }
    return anchors;
}

/** Every link target of a Markdown file: `[text](target)`, without title. */
export function linkTargets(text: string): string[] {
    return [...withoutCode(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((match) => match[1]);
}

/**
 * The links of `files` (paths relative to `root`) that lead nowhere in the repository: a missing file or folder,
 * or a `#anchor` no heading of the target file gives. Links to the web and mail are not followed.
 */
export function brokenLinks(root: string, files: readonly string[]): string[] {
    const broken: string[] = [];
    const anchorsOf = new Map<string, Set<string>>();
    const anchors = (path: string) => {
        let found = anchorsOf.get(path);
        if (!found) anchorsOf.set(path, (found = headingAnchors(readFileSync(path, "utf8"))));
        return found;
    };
    for (const file of files) {
        const source = join(root, file);
        for (const target of linkTargets(readFileSync(source, "utf8"))) {
            if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
            const [pathPart, anchor] = target.split("#", 2);
            const path = pathPart === "" ? source : resolve(dirname(source), decodeURIComponent(pathPart));
            if (!existsSync(path)) {
                broken.push(`${file}: ${target} (no ${relative(root, path)})`);
                continue;
            }
            if (anchor !== undefined && statSync(path).isFile() && path.endsWith(".md") && !anchors(path).has(anchor)) {
                broken.push(`${file}: ${target} (no heading #${anchor} in ${relative(root, path)})`);
            }
        }
    }
    return broken;
}
