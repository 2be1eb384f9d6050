import { applyDecorators, Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiParam, ApiQuery, ApiResponse, type SchemaObject } from '@nestjs/swagger';
import { errorBodySchema } from '@agenthub/contracts';
import type { z } from 'zod';
import { zodToOpenApi } from './zod-openapi.util.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

type MethodDecoratorFn = (target: object, key: string | symbol, descriptor: PropertyDescriptor) => void;

/** Runs a method decorator from inside a parameter decorator (the method is `target[key]`). */
function applyToMethod(target: object, key: string | symbol | undefined, decorator: MethodDecoratorFn): void {
  if (key === undefined) throw new Error('Zod request decorators only work on method parameters');
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (!descriptor) throw new Error(`Cannot find method ${String(key)} to document`);
  decorator(target, key, descriptor);
}

/** Validates the JSON body with `schema` (400 with field paths) and documents it in OpenAPI. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema, 'body'))(target, key!, index);
    applyToMethod(
      target,
      key,
      ApiBody({ schema: zodToOpenApi(schema, 'input'), required: true }) as MethodDecoratorFn,
    );
  };
}

/** Validates the query string with an object schema and documents each field as a query parameter. */
export function ZodQuery(schema: z.ZodObject): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema, 'query'))(target, key!, index);
    const json = zodToOpenApi(schema, 'input');
    const required = new Set(json.required ?? []);
    for (const [name, property] of Object.entries(json.properties ?? {}) as Array<[string, SchemaObject]>) {
      applyToMethod(
        target,
        key,
        ApiQuery({ name, required: required.has(name), schema: property }) as MethodDecoratorFn,
      );
    }
  };
}

/** Validates one path parameter (e.g. `z.uuid()`), so a malformed id is a 400, not a database error. */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodValidationPipe(schema, 'params', name))(target, key!, index);
    applyToMethod(
      target,
      key,
      ApiParam({ name, required: true, schema: zodToOpenApi(schema, 'input') }) as MethodDecoratorFn,
    );
  };
}

/** Documents a success response from its zod schema. */
export function ZodResponse(status: number, schema: z.ZodType | null, description = 'OK'): MethodDecorator {
  return ApiResponse(
    schema ? { status, description, schema: zodToOpenApi(schema, 'output') } : { status, description },
  );
}

const errorSchema = () => zodToOpenApi(errorBodySchema, 'output');

/** Documents the error responses a route can produce, all with the shared error body. */
export function ApiErrors(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: 'Error', schema: errorSchema() })),
  );
}

/** Marks an operation as callable without credentials in the OpenAPI document. */
export const ApiPublic = (): MethodDecorator & ClassDecorator => ApiExtension('x-public', true);
