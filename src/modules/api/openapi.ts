/** The REST API's OpenAPI description, served at /api/docs. */
export const OPENAPI = {
  openapi: '3.0.3',
  info: {
    title: 'Concierge REST API',
    version: '1.0.0',
    description:
      'Admin bearer tokens come from POST /rest/V1/integration/admin/token and behave like an admin-panel session (same idle timeout, same permissions, ended by deactivation). Every call is checked against the role of the token\'s admin and logged like the admin panel. GraphQL is at POST /graphql (generateCustomerTokenAsAdmin, Customer.allow_remote_shopping_assistance, createCustomer, updateCustomer).',
  },
  servers: [{ url: '/' }],
  components: {
    securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: { type: 'object', properties: { message: { type: 'string' } } },
      Customer: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          group_id: { type: 'integer' },
          email: { type: 'string' },
          firstname: { type: 'string' },
          lastname: { type: 'string' },
          website_id: { type: 'integer' },
          store_id: { type: 'integer' },
          extension_attributes: {
            type: 'object',
            properties: {
              assistance_allowed: { type: 'integer', enum: [1, 2], description: '1 = remote shopping assistance allowed, 2 = denied' },
              assistance_expires_at: { type: 'string', nullable: true, description: 'When a time-limited consent ends (UTC)' },
            },
          },
        },
      },
    },
  },
  paths: {
    '/rest/V1/integration/admin/token': {
      post: {
        summary: 'Issue an admin bearer token',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } } } } },
        responses: { '200': { description: 'The token, as a JSON string', content: { 'application/json': { schema: { type: 'string' } } } }, '401': { description: 'Wrong credentials or locked account', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }, '429': { description: 'Too many attempts from this address' } },
      },
    },
    '/rest/V1/customers/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      get: {
        summary: 'Read a customer, including extension_attributes.assistance_allowed',
        security: [{ adminToken: [] }],
        responses: { '200': { description: 'The customer', content: { 'application/json': { schema: { $ref: '#/components/schemas/Customer' } } } }, '401': { description: 'No or invalid token' }, '403': { description: 'The role lacks Customers > All Customers' }, '404': { description: 'No such customer' } },
      },
      put: {
        summary: 'Set allow_remote_shopping_assistance (needs the "Allow remote shopping assistance" permission)',
        security: [{ adminToken: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { customer: { type: 'object', properties: { extension_attributes: { type: 'object', properties: { assistance_allowed: { type: 'integer', enum: [1, 2] } } } } } } } } } },
        responses: { '200': { description: 'The customer after the change' }, '400': { description: 'Invalid value or feature disabled' }, '403': { description: 'You have no permission to change Opt-In preference.' } },
      },
    },
    '/rest/V1/loginascustomer/sessions': {
      post: {
        summary: 'Request an assisted-session handoff (the same checks and log entries as the admin button)',
        security: [{ adminToken: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['customer_id'], properties: { customer_id: { type: 'integer' }, store_id: { type: 'integer' }, reason: { type: 'string' } } } } } },
        responses: {
          '201': {
            description: 'POST the token (form field "token") to redeem_url from a browser that sends the binding cookie, within expires_in seconds; it works once.',
            content: { 'application/json': { schema: { type: 'object', properties: { lac_session_id: { type: 'integer' }, redeem_url: { type: 'string' }, token: { type: 'string' }, binding_cookie: { type: 'object', properties: { name: { type: 'string' }, value: { type: 'string' } } }, expires_in: { type: 'integer' } } } } },
          },
          '400': { description: 'Refused: the message says why (disabled, no consent, store view …)' },
          '403': { description: 'The role lacks "Allow Login as Customer"' },
        },
      },
    },
  },
} as const;
