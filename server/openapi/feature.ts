/**
 * A feature's own routes in the OpenAPI document, declared in its folder beside its routes (see
 * server/limits/openapi.ts): the operations, the schemas they name (besides the core's SCHEMAS), their
 * examples and field descriptions. app.ts hands them to openapiRoutes; the document checks every name.
 */
import type { z } from 'zod'
import type { SchemaName } from './schemas.ts'
import type { OperationSpec } from './operations.ts'

export interface FeatureDocs<S extends string = string> {
  operations: readonly OperationSpec<S | SchemaName>[]
  schemas: Readonly<Record<S, { schema: z.ZodType; io: 'input' | 'output' }>>
  /** by operationId */
  examples?: Readonly<Record<string, { request?: unknown; response?: unknown }>>
  /** by schema name, then dotted field path */
  fieldDocs?: Readonly<Partial<Record<S, Record<string, string>>>>
  /**
   * Path items written out whole, for the routes of another published contract whose answers and
   * failures have shapes of their own (server/webhooks/openapi.ts); their $refs name `schemas` above
   */
  paths?: Readonly<Record<string, Record<string, unknown>>>
  /** the security schemes those path items name */
  securitySchemes?: Readonly<Record<string, unknown>>
}

/** Declares a feature's docs, typing its operations' schema names against its own and the core's. */
export const defineFeatureDocs = <S extends string>(docs: FeatureDocs<S>): FeatureDocs<S> => docs
