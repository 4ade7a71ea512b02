// A complete kit driver in ~40 lines, for a "client" that is plain fetch():
// list, get, delete and metadata; the create routes and patch are unsupported.
import { createInterface } from 'node:readline';

let base, key;
const q = (params) => { // tags: {a: 'b'} is sent as tags[a]=b
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (typeof v === 'object') for (const [t, tv] of Object.entries(v)) s.append(`${k}[${t}]`, tv);
        else if (v !== undefined) s.append(k, String(v));
    }
    return s.toString() ? `?${s}` : '';
};
async function call(method, path, body) {
    const res = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const data = await res.json().catch(() => null);
    if (res.ok) return { ok: true, value: data };
    return { ok: false, error: { status: res.status, code: data?.error?.code ?? null, message: data?.error?.message ?? null } };
}
const id = (c) => encodeURIComponent(c.connection_id);
const meta = (method) => (c) => call(method, '/connections/metadata',
    { connection_id: c.connection_id, provider_config_key: c.provider_config_key, metadata: c.metadata });
const ops = {
    list: (c) => call('GET', '/connections' + q({ connectionId: c.connection_id, search: c.search, endUserId: c.end_user_id,
        endUserOrganizationId: c.end_user_organization_id, integrationId: c.integration_id, tags: c.tags ?? {},
        limit: c.limit, page: c.page })),
    get: (c) => call('GET', `/connections/${id(c)}` + q({ provider_config_key: c.provider_config_key,
        refresh_token: c.refresh_token, force_refresh: c.force_refresh,
        refresh_github_app_jwt_token: c.refresh_github_app_jwt_token })),
    delete: (c) => call('DELETE', `/connections/${id(c)}` + q({ provider_config_key: c.provider_config_key })),
    set_metadata: meta('POST'),
    update_metadata: meta('PATCH')
};
for await (const line of createInterface({ input: process.stdin })) {
    const c = JSON.parse(line);
    let answer = { unsupported: true };
    if (c.op === 'hello') [base, key, answer] = [c.base_url, c.secret_key, { ok: true, value: { client: 'fetch' } }];
    else if (ops[c.op]) answer = await ops[c.op](c);
    process.stdout.write(JSON.stringify(answer) + '\n');
}
