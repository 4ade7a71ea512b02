// Writes nango-mock's provider catalogue (fixtures/providers.json) from an
// installed @nangohq/providers package, through the package's own loader
// (getProviders: its providers.yaml with aliases resolved as Nango does).
// Usage: node providers-to-json.mjs PATH/TO/node_modules/@nangohq/providers
// Kept per provider: what nango-mock's routes read (see nm_integ.c).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = process.argv[2];
const pkg = await import(pathToFileURL(path.join(dir, 'dist', 'index.js')).href);
const providers = pkg.getProviders();
if (!providers) {
    console.error('providers-to-json: the package could not load its providers.yaml');
    process.exit(1);
}
// Only the fields of integration_config entries that creating an
// integration checks (required, defaults, enums, patterns, URLs, visibility).
const configKeys = ['title', 'optional', 'default_value', 'enum', 'pattern', 'format', 'visible_when'];
const lines = [];
for (const [name, p] of Object.entries(providers)) {
    if (!p || typeof p.auth_mode !== 'string') {
        console.error(`providers-to-json: ${name} has no auth_mode`);
        process.exit(1);
    }
    const out = { auth_mode: p.auth_mode, display_name: p.display_name };
    if (p.webhook_routing_script) out.webhook_routing_script = true;
    if (p.default_scopes?.length) out.default_scopes = p.default_scopes.join(',');
    if (p.integration_config) {
        out.integration_config = {};
        for (const [field, def] of Object.entries(p.integration_config)) {
            const kept = {};
            for (const k of configKeys) if (def[k] !== undefined) kept[k] = def[k];
            out.integration_config[field] = kept;
        }
    }
    lines.push(`  ${JSON.stringify(name)}: ${JSON.stringify(out)}`);
}
process.stdout.write(`{\n${lines.join(',\n')}\n}\n`);
