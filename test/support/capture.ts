import { Writable } from "node:stream";

/** A writable stream that keeps what is written to it, for asserting on a command's output. */
export function capture(): { stream: Writable; text: () => string } {
    const chunks: string[] = [];
    const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk.toString());
            done();
        },
    });
    return { stream, text: () => chunks.join("") };
}
