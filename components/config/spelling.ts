/** Levenshtein distance: single-character insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let previous = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const current = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
            previous = current;
        }
    }
    return row[b.length];
}

/** The candidate `word` is most likely a misspelling of: same but for case, or at most two edits away. */
export function likelyMeant(word: string, candidates: readonly string[]): string | undefined {
    return candidates.find((candidate) => candidate.toLowerCase() === word.toLowerCase() || editDistance(candidate, word) <= 2);
}
