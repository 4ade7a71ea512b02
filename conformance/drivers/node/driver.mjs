// The kit's driver for @nangohq/node (conformance/drivers/README.md): one
// command per line on stdin, one answer per line on stdout. The same file
// drives 0.71.x (the /connections routes) and 0.66.x (the /connection
// routes); what a version has no method for is answered unsupported.
//
//   node driver.mjs <install-dir> <module>
//
// <install-dir> holds node_modules/<module>, an npm alias of a pinned
// @nangohq/node version (mock-server/tests/node-client/package.json).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import { serve, unsupported } from '../serve.mjs';

const [dirArg, moduleName] = process.argv.slice(2);
if (!moduleName) {
    console.error('usage: node driver.mjs <install-dir> <module>');
    process.exit(2);
}
const installDir = resolve(dirArg);
const require = createRequire(join(installDir, 'package.json'));
const { Nango } = await import(require.resolve(moduleName));
const version = JSON.parse(readFileSync(join(installDir, 'node_modules', moduleName, 'package.json'), 'utf8')).version;
const modern = Number(version.split('.')[1]) >= 67;
let nango = null;

// What the client threw, in the protocol's terms: axios errors carry the
// HTTP status and Nango's body; anything else is the client's own error.
function failure(err) {
    const data = err?.response?.data;
    return {
        ok: false,
        error: {
            status: err?.response?.status ?? 0,
            code: data?.error?.code ?? null,
            message: data?.error?.message ?? String(err?.message ?? err)
        }
    };
}

// listConnections: 0.67+ takes an object ({connectionId, userId,
// integrationId, tags, limit, page}) or the old positional form
// (connectionId, search, {endUserId, endUserOrganizationId, limit, page});
// 0.66 only the positional form, without integrationId, tags or paging.
async function list(c) {
    const positional = c.search !== undefined || c.end_user_organization_id !== undefined;
    const objectOnly = c.integration_id !== undefined || c.tags !== undefined;
    if (positional && objectOnly) return unsupported('search and end_user_organization_id cannot be combined with integration_id or tags in one call');
    if (!modern && (objectOnly || c.limit !== undefined || c.page !== undefined)) {
        return unsupported(`@nangohq/node ${version} lists without integration_id, tags, limit or page`);
    }
    if (modern && !positional) {
        return nango.listConnections({
            connectionId: c.connection_id, userId: c.end_user_id, integrationId: c.integration_id,
            tags: c.tags, limit: c.limit, page: c.page
        });
    }
    const queries = { endUserId: c.end_user_id, endUserOrganizationId: c.end_user_organization_id };
    if (modern) Object.assign(queries, { limit: c.limit, page: c.page });
    return nango.listConnections(c.connection_id, c.search, queries);
}

const ops = {
    list,
    get: (c) => {
        if (modern) return nango.getConnection(c.provider_config_key, c.connection_id, c.force_refresh, c.refresh_token, c.refresh_github_app_jwt_token);
        if (c.refresh_github_app_jwt_token) return unsupported(`@nangohq/node ${version} has no refreshGithubAppJwtToken (added in 0.67.4)`);
        return nango.getConnection(c.provider_config_key, c.connection_id, c.force_refresh, c.refresh_token);
    },
    delete: async (c) => (await nango.deleteConnection(c.provider_config_key, c.connection_id)).data,
    set_metadata: async (c) => (await nango.setMetadata(c.provider_config_key, c.connection_id, c.metadata)).data,
    update_metadata: async (c) => (await nango.updateMetadata(c.provider_config_key, c.connection_id, c.metadata)).data,
    patch: (c) => {
        if (!modern) return unsupported(`@nangohq/node ${version} has no patchConnection (added in 0.67.1)`);
        const body = {};
        for (const k of ['end_user', 'tags', 'webhook_url_override']) if (c[k] !== undefined) body[k] = c[k];
        return nango.patchConnection({ connectionId: c.connection_id, provider_config_key: c.provider_config_key }, body);
    },
    create_legacy: () => unsupported('@nangohq/node has no method for POST /connection (createConnection was removed in 0.63.0)'),
    import: () => unsupported('@nangohq/node has no method for POST /connections')
};

await serve({
    hello: (c) => {
        nango = new Nango({ host: c.base_url, secretKey: c.secret_key });
        return { ok: true, value: { client: `@nangohq/node ${version}` } };
    },
    ops,
    failure
});
