// Drives one unmodified @nangohq/node version against a Nango server (the
// mock, or a live Nango) and checks what the client hands its caller.
//
//   node check.mjs <install-dir> <module> <label>
//
// <install-dir> holds node_modules/<module> (an npm alias of a pinned
// @nangohq/node version, see run.sh).
// Target: NANGO_TEST_BASE_URL and NANGO_TEST_SECRET_KEY. State is created
// through the REST API with random keys, and removed at the end.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [installDir, moduleName, label] = process.argv.slice(2);
const host = process.env.NANGO_TEST_BASE_URL;
const secretKey = process.env.NANGO_TEST_SECRET_KEY;
if (!label || !host || !secretKey) {
    console.error('usage: NANGO_TEST_BASE_URL=… NANGO_TEST_SECRET_KEY=… node check.mjs <install-dir> <module> <label>');
    process.exit(2);
}
const require = createRequire(join(installDir, 'package.json'));
const { Nango } = await import(require.resolve(moduleName));
const version = JSON.parse(readFileSync(join(installDir, 'node_modules', moduleName, 'package.json'), 'utf8')).version;
const modern = Number(version.split('.')[1]) >= 67;

const nango = new Nango({ host, secretKey });
const uid = (p) => `${p}-${randomBytes(6).toString('hex')}`;
const key = uid('node-key');
const ids = [uid('node-a'), uid('node-b')];
const endUser = uid('node-eu');
let failures = 0;

async function rest(method, path, body) {
    const res = await fetch(host + path, {
        method,
        headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function step(name, fn) {
    try {
        await fn();
        console.log(`ok - ${label} ${name}`);
    } catch (err) {
        failures++;
        console.log(`not ok - ${label} ${name}\n  ${String(err.stack || err).split('\n').join('\n  ')}`);
    }
}

// What an axios error carries: the status and Nango's body.
async function rejects(promise, status, body) {
    let err;
    try {
        await promise;
    } catch (e) {
        err = e;
    }
    assert.ok(err, 'expected the call to fail');
    assert.equal(err.response?.status, status);
    assert.deepEqual(err.response?.data, body);
}

async function setup() {
    const integ = await rest('POST', '/integrations', {
        unique_key: key,
        provider: 'github',
        credentials: { type: 'OAUTH2', client_id: 'x', client_secret: 'y' }
    });
    assert.equal(integ.status, 200, JSON.stringify(integ.body));
    for (const id of ids) {
        const conn = await rest('POST', '/connection', {
            connection_id: id,
            provider_config_key: key,
            access_token: `tok-${id}`,
            refresh_token: 'rt',
            expires_at: '2099-01-01T00:00:00Z',
            metadata: { seeded: true }
        });
        assert.equal(conn.status, 201, JSON.stringify(conn.body));
    }
}

await step('setup through the REST API', setup);

await step('listConnections finds the connection', async () => {
    const res = modern ? await nango.listConnections({ connectionId: ids[0] }) : await nango.listConnections(ids[0]);
    assert.equal(res.connections.length, 1);
    const c = res.connections[0];
    assert.equal(c.connection_id, ids[0]);
    assert.equal(c.provider_config_key, key);
    assert.equal(c.provider, 'github');
    assert.deepEqual(c.metadata, { seeded: true });
    assert.match(c.created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?\+\d{2}:\d{2}$/);
});

await step('getConnection hides the refresh token by default', async () => {
    const c = await nango.getConnection(key, ids[0]);
    assert.equal(c.connection_id, ids[0]);
    assert.equal(c.credentials.type, 'OAUTH2');
    assert.equal(c.credentials.access_token, `tok-${ids[0]}`);
    assert.equal(c.credentials.expires_at, '2099-01-01T00:00:00.000Z');
    assert.equal('refresh_token' in c.credentials, false);
    assert.equal('refresh_token' in c.credentials.raw, false);
});

await step('getConnection with refreshToken returns it', async () => {
    const c = await nango.getConnection(key, ids[0], false, true);
    assert.equal(c.credentials.refresh_token, 'rt');
    assert.equal(c.credentials.raw.refresh_token, 'rt');
});

await step('getToken returns the access token', async () => {
    assert.equal(await nango.getToken(key, ids[1]), `tok-${ids[1]}`);
});

await step('setMetadata replaces (one id)', async () => {
    const res = await nango.setMetadata(key, ids[0], { name: 'test', host: 'h' });
    assert.equal(res.status, 201);
    assert.deepEqual(res.data, { metadata: { name: 'test', host: 'h' }, connection_id: ids[0], provider_config_key: key });
    assert.deepEqual(await nango.getMetadata(key, ids[0]), { host: 'h', name: 'test' });
});

await step('updateMetadata merges (one id)', async () => {
    const res = await nango.updateMetadata(key, ids[0], { extra: 1 });
    assert.equal(res.status, 200);
    assert.deepEqual(await nango.getMetadata(key, ids[0]), { host: 'h', name: 'test', extra: 1 });
});

await step('setMetadata and updateMetadata on an array of ids', async () => {
    assert.equal((await nango.setMetadata(key, ids, { shared: 'yes' })).status, 201);
    assert.equal((await nango.updateMetadata(key, ids, { more: 2 })).status, 200);
    for (const id of ids) assert.deepEqual(await nango.getMetadata(key, id), { more: 2, shared: 'yes' });
});

await step('setMetadata on an unknown id surfaces unknown_connection', async () => {
    await rejects(nango.setMetadata(key, [ids[0], 'nope'], { a: 1 }), 404, {
        error: {
            code: 'unknown_connection',
            message: `Connection with connection id nope and provider config key ${key} not found. Please make sure the connection exists in the Nango dashboard. No actions were taken on any of the connections as a result of this failure.`
        }
    });
    assert.deepEqual(await nango.getMetadata(key, ids[0]), { more: 2, shared: 'yes' });
});

if (modern) {
    await step('patchConnection sets end user and tags', async () => {
        const res = await nango.patchConnection(
            { connectionId: ids[1], provider_config_key: key },
            { end_user: { id: endUser, display_name: 'Node User' }, tags: { Team: 'core' } }
        );
        assert.deepEqual(res, { success: true });
        const c = await nango.getConnection(key, ids[1]);
        assert.deepEqual(c.tags, { team: 'core', end_user_id: endUser, end_user_display_name: 'Node User' });
        assert.deepEqual(c.end_user, { id: endUser, display_name: 'Node User', email: null, tags: null, organization: null });
    });

    await step('listConnections filters by end user and tags', async () => {
        const byUser = await nango.listConnections({ userId: endUser });
        assert.deepEqual(byUser.connections.map((c) => c.connection_id), [ids[1]]);
        const byTag = await nango.listConnections({ tags: { displayName: 'Node User', team: 'core' } });
        assert.deepEqual(byTag.connections.map((c) => c.connection_id), [ids[1]]);
    });
} else {
    await step('listConnections searches by connection id', async () => {
        const res = await nango.listConnections(undefined, ids[1].toUpperCase());
        assert.deepEqual(res.connections.map((c) => c.connection_id), [ids[1]]);
    });
}

await step('getConnection on an unknown connection surfaces not_found', async () => {
    await rejects(nango.getConnection(key, 'does-not-exist'), 404, {
        error: { code: 'not_found', message: 'Failed to find connection' }
    });
});

await step('getConnection on an unknown integration surfaces unknown_provider_config', async () => {
    await rejects(nango.getConnection(`${key}-missing`, ids[0]), 400, {
        error: { code: 'unknown_provider_config', message: 'Provider does not exists' }
    });
});

await step('deleteConnection deletes, a second delete fails', async () => {
    const res = await nango.deleteConnection(key, ids[0]);
    assert.equal(res.status, 200);
    assert.deepEqual(res.data, { success: true });
    await rejects(nango.getConnection(key, ids[0]), 404, { error: { code: 'not_found', message: 'Failed to find connection' } });
    await rejects(nango.deleteConnection(key, ids[0]), 400, { error: { code: 'unknown_connection' } });
});

const publicKeys = ['unique_key', 'provider', 'display_name', 'logo', 'forward_webhooks', 'created_at', 'updated_at'];
const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

await step('listIntegrations returns the integration in its public shape', async () => {
    const res = await nango.listIntegrations();
    const mine = res.configs.filter((c) => c.unique_key === key);
    assert.equal(mine.length, 1);
    assert.deepEqual(Object.keys(mine[0]), publicKeys);
    assert.equal(mine[0].provider, 'github');
    assert.equal(mine[0].display_name, 'GitHub (User OAuth)');
    assert.match(mine[0].logo, /^https?:\/\/[^/]+\/images\/template-logos\/github\.svg$/);
    assert.equal(mine[0].forward_webhooks, true);
    assert.match(mine[0].created_at, iso);
    const providers = res.configs.map((c) => c.provider);
    assert.deepEqual(providers, [...providers].sort(), 'listed by provider');
});

await step('getIntegration returns it, with credentials when included', async () => {
    const plain = await nango.getIntegration({ uniqueKey: key });
    assert.deepEqual(Object.keys(plain.data), publicKeys);
    const withCreds = await nango.getIntegration({ uniqueKey: key }, { include: ['credentials'] });
    assert.deepEqual(withCreds.data.credentials, {
        type: 'OAUTH2', client_id: 'x', client_secret: 'y', scopes: null, webhook_secret: null
    });
    const withHook = await nango.getIntegration({ uniqueKey: key }, { include: ['webhook'] });
    assert.equal(withHook.data.webhook_url, null);
});

await step('getIntegration on an unknown key surfaces not_found', async () => {
    await rejects(nango.getIntegration({ uniqueKey: `${key}-missing` }), 404, {
        error: { code: 'not_found', message: `Integration "${key}-missing" does not exist` }
    });
});

await step('createIntegration and deleteIntegration round-trip', async () => {
    const other = uid('node-int');
    const created = await nango.createIntegration({ unique_key: other, provider: 'zendesk', display_name: 'Desk',
        credentials: { type: 'OAUTH2', client_id: 'a', client_secret: 'b' } });
    assert.deepEqual(Object.keys(created.data), publicKeys);
    assert.equal(created.data.display_name, 'Desk');
    const res = await nango.deleteIntegration(other);
    assert.deepEqual(res.data, { success: true });
    await rejects(nango.getIntegration({ uniqueKey: other }), 404, {
        error: { code: 'not_found', message: `Integration "${other}" does not exist` }
    });
});

await rest('DELETE', `/integrations/${key}`);
console.log(`${label} (@nangohq/node ${version}): ${failures ? `${failures} failed` : 'all passed'}`);
process.exit(failures ? 1 : 0);
