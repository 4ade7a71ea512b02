// Writes bench data to stdout. Usage:
//   node gen-fixtures.mjs mock N        nango-mock --fixtures file, N connections
//   node gen-fixtures.mjs json-server N json-server's db.json, the same rows
// Connection i is "conn-<i>" on integration "github" (i from 1), shaped
// like the seed's octocat: OAuth 2 credentials with raw, small metadata.
const [kind, count] = process.argv.slice(2);
const n = Number(count);
if (!['mock', 'json-server'].includes(kind) || !(n >= 0)) {
    console.error('usage: node gen-fixtures.mjs mock|json-server N');
    process.exit(2);
}
const out = process.stdout;
const credentials = {
    type: 'OAUTH2', access_token: 'gho_bench', expires_at: '2099-01-01T00:00:00.000Z',
    raw: { access_token: 'gho_bench', expires_at: '2099-01-01T00:00:00Z' }
};
const when = '2026-01-01T00:00:00.000+00:00';
function row(i) {
    const id = `conn-${i}`;
    if (kind === 'mock')
        return { provider_config_key: 'github', connection_id: id, credentials, metadata: { team: 'platform' } };
    return {
        id: i, connection_id: id, provider_config_key: 'github', provider: 'github', errors: [],
        end_user: null, tags: {}, metadata: { team: 'platform' }, connection_config: {},
        webhook_url_override: null, created_at: when, updated_at: when, last_fetched_at: when, credentials
    };
}
// written in chunks so a million rows never sit in one string
let buf = kind === 'mock'
    ? '{"integrations":[{"unique_key":"github","provider":"github"}],"connections":[\n'
    : '{"connections":[\n';
for (let i = 1; i <= n; i++) {
    buf += JSON.stringify(row(i)) + (i < n ? ',\n' : '\n');
    if (buf.length > 1 << 20) {
        if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
        buf = '';
    }
}
out.write(buf + ']}\n');
