import type { ErrorKind } from '../kernel/errors.ts';
import type { FailureKind } from '../kernel/result.ts';

/** The one mapping of failure kinds (refusals and AppErrors alike) to HTTP statuses. */
const STATUS: Record<FailureKind | ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

export const statusOf = (kind: FailureKind | ErrorKind): number => STATUS[kind];

/** Magento's GraphQL error categories for the same kinds. */
const CATEGORY: Record<FailureKind | ErrorKind, string> = {
  validation: 'graphql-input',
  unauthenticated: 'graphql-authorization',
  forbidden: 'graphql-authorization',
  csrf: 'graphql-authorization',
  not_found: 'graphql-no-such-entity',
  conflict: 'graphql-input',
  rate_limited: 'graphql-rate-limit',
};

export const categoryOf = (kind: FailureKind | ErrorKind): string => CATEGORY[kind];
