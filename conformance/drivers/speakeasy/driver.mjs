// The kit's driver for the Speakeasy-generated TypeScript SDK
// (@speakeasy-sdks/nango 0.9.1, github.com/speakeasy-sdks/nango-typescript-sdk).
// That SDK is not published on npm, so this driver is not run in CI: build
// the SDK from its source and give its folder (see conformance/README.md,
// "Client kit report: the Speakeasy SDK"):
//
//   nango-client-check --driver "node conformance/drivers/speakeasy/driver.mjs /tmp/sdk"
//
// It calls the SDK as its README shows. The SDK has no option for the
// secret key; with SPEAKEASY_DRIVER_AUTH=hook the driver adds the
// Authorization header itself through the SDK's HTTPClient hook, so that
// the SDK's other defects show past the 401s.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import { serve, unsupported } from '../serve.mjs';

const dir = process.argv[2];
if (!dir) {
    console.error('usage: node driver.mjs <built-sdk-dir>');
    process.exit(2);
}
const require = createRequire(join(resolve(dir), 'package.json'));
const { Nango } = require(join(resolve(dir), 'dist/index.js'));
const { HTTPClient } = require(join(resolve(dir), 'dist/lib/http.js'));
const errors = require(join(resolve(dir), 'dist/models/errors/index.js'));
let sdk = null;

// What the SDK's error classes expose: Response400/Response404 have only
// a message read from the top level of the body; SDKError the status.
function failure(err) {
    let status = 0;
    if (err instanceof errors.Response400) status = 400;
    else if (err instanceof errors.Response404) status = 404;
    else if (err instanceof errors.SDKError) status = err.statusCode;
    let message = String(err?.message ?? err);
    // a response the SDK's schema refused: say which member it wanted
    if (err?.cause?.issues) message += ': ' + err.cause.issues.map((i) => `${i.path.join('.') || '<root>'} ${i.message}`).join(', ');
    return { ok: false, error: { status, code: err?.data$?.code ?? null, message } };
}

function hello(c) {
    const options = { serverURL: c.base_url };
    if (process.env.SPEAKEASY_DRIVER_AUTH === 'hook') {
        const httpClient = new HTTPClient();
        httpClient.addHook('beforeRequest', (req) => {
            req.headers.set('Authorization', `Bearer ${c.secret_key}`);
            return req;
        });
        options.httpClient = httpClient;
    }
    sdk = new Nango(options);
    return { ok: true, value: { client: '@speakeasy-sdks/nango 0.9.1' } };
}

const one = (c) => (Array.isArray(c.connection_id) ? null : c.connection_id);
const ops = {
    list: (c) => {
        const others = ['search', 'end_user_id', 'end_user_organization_id', 'integration_id', 'tags', 'limit', 'page'];
        if (others.some((k) => c[k] !== undefined)) return unsupported('list takes only connectionId');
        return sdk.connections.list(c.connection_id);
    },
    get: (c) => (c.refresh_github_app_jwt_token ? unsupported('get has no refresh_github_app_jwt_token')
        : sdk.connections.get(c.connection_id, c.provider_config_key, c.force_refresh, c.refresh_token)),
    delete: (c) => sdk.connections.delete(c.connection_id, c.provider_config_key),
    create_legacy: (c) => {
        const { op, ...body } = c;
        void op;
        return sdk.connections.create(body);
    },
    set_metadata: (c) => (one(c) === null ? unsupported('createMetadata takes one connection id')
        : sdk.connections.createMetadata(c.connection_id, c.provider_config_key, c.metadata)),
    update_metadata: (c) => (one(c) === null ? unsupported('update takes one connection id')
        : sdk.connections.update(c.connection_id, c.provider_config_key, c.metadata)),
    import: () => unsupported('no method for POST /connections'),
    patch: () => unsupported('no method for PATCH /connections/:id')
};

await serve({ hello, ops, failure });
