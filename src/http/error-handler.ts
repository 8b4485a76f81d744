// One shape for every error response: {"error": {"code", "message"}}; internals never reach the client.
import type { FastifyError, FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { ZodError } from 'zod';
import { AppError, errorBody } from '../errors.js';

const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

function describe(error: FastifyError | AppError | ZodError | Error): { status: number; code: string; message: string } {
  if (error instanceof AppError) return { status: error.status, code: error.code, message: error.message };
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
    return { status: 400, code: 'bad_request', message: `Invalid request: ${details}` };
  }
  const status = (error as FastifyError).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const fastifyCode = (error as FastifyError).code;
    // The JSON parser's own message quotes the body; never echo it.
    const message = fastifyCode === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError ? 'Body is not valid JSON' : error.message;
    return { status, code: codeByStatus[status] ?? 'bad_request', message };
  }
  return { status: 500, code: 'internal', message: 'Something went wrong on our side; please try again' };
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const { status, code, message } = describe(error);
    if (status >= 500) request.log.error({ err: error, code }, 'request failed');
    else request.log.info({ code, status }, 'request rejected');
    if (status === 503 && error instanceof AppError) void reply.header('retry-after', '5');
    return reply.code(status).type('application/json; charset=utf-8').send(errorBody(code, message));
  });
}

/** The JSON 404; `preHandler` lets the app rate-limit scanners probing for routes. */
export function installNotFoundHandler(app: FastifyInstance, preHandler?: preHandlerAsyncHookHandler): void {
  app.setNotFoundHandler({ preHandler }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    return reply.code(404).send(errorBody('not_found', `No route for ${request.method} ${path}`));
  });
}
