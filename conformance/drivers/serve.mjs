// The line loop shared by the kit's JavaScript drivers (node/, speakeasy/):
// reads one command per line, answers one line per command, in order.
//   serve({ hello, ops, failure })
// hello(command) answers the hello; ops[op](command) calls the client and
// returns its value (or an {unsupported:true} answer); failure(err) turns
// what the client threw into an {ok:false,error} answer.
import { createInterface } from 'node:readline';

export const unsupported = (reason) => ({ unsupported: true, reason });

async function answer(c, { hello, ops, failure }) {
    if (c.op === 'hello') return hello(c);
    if (!ops[c.op]) return unsupported(`unknown op ${c.op}`);
    try {
        const value = await ops[c.op](c);
        if (value && value.unsupported === true) return value;
        return { ok: true, value: value ?? null };
    } catch (err) {
        return failure(err);
    }
}

export async function serve(driver) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
        let out;
        try {
            out = await answer(JSON.parse(line), driver);
        } catch (err) {
            out = { ok: false, error: { status: 0, code: null, message: `driver: ${err.message}` } };
        }
        process.stdout.write(JSON.stringify(out) + '\n');
    }
}
