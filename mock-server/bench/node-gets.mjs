// @nangohq/node's getConnection in a sequential loop, the Node twin of
// gets.c. Usage:
//   node node-gets.mjs INSTALL_DIR BASE_URL SECRET_KEY PROVIDER_CONFIG_KEY CONNECTION_ID N
// INSTALL_DIR holds node_modules/nango-node-0.71 (see tests/node-client).
// Prints "gets: N seconds: S per_second: R".
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [dir, host, secretKey, key, id, count] = process.argv.slice(2);
const n = Number(count);
if (!(n > 0)) {
    console.error('usage: node node-gets.mjs INSTALL_DIR BASE_URL SECRET_KEY PROVIDER_CONFIG_KEY CONNECTION_ID N');
    process.exit(2);
}
const require = createRequire(join(dir, 'package.json'));
const { Nango } = await import(require.resolve('nango-node-0.71'));
const nango = new Nango({ host, secretKey });
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
    const c = await nango.getConnection(key, id);
    if (c.connection_id !== id) throw new Error(`get ${i}: ${c.connection_id}`);
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`gets: ${n} seconds: ${secs.toFixed(3)} per_second: ${(n / secs).toFixed(0)}`);
