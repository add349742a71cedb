import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  changesSomething,
  methodNames,
  type ContractHandlers,
  type MethodName,
  type RequestOf,
  type ResponseOf,
} from '../contract';
import { InvalidRequestError } from '../service/request-error';
import { answerJson, answerProblem } from './host-answers';
import { isLaunchToken } from './launch-token';
import { readRequestJson } from './request-json';

/**
 * The contract over HTTP, as one generic mapping: every method is `POST /api/<method>`, its request the JSON body
 * and its response the JSON answer, so a method added to the contract is served without a route written for it.
 * The snapshot, which monitoring tools and curl read, is a GET as well.
 */
export const TOKEN_HEADER = 'X-Headroom-Token';

export interface ContractRoutes {
  handlers: ContractHandlers;
  token: string;
  /** Where a program other than the served page finds the token: named when a request comes without it. */
  tokenPath: string;
  log: (line: string) => void;
}

const readableByGet: ReadonlySet<MethodName> = new Set(['snapshot']);
// A Set, not `name in handlers`: a name such as "constructor" must not reach an object's inherited members.
const served: ReadonlySet<string> = new Set(methodNames);

export async function answerContractCall(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
  routes: ContractRoutes,
): Promise<void> {
  if (!isMethodName(name)) {
    return answerProblem(
      req,
      res,
      404,
      `Headroom has no method "${shortened(name)}"; it has ${methodNames.join(', ')}.`,
    );
  }
  const byGet = req.method === 'GET' && readableByGet.has(name);
  if (req.method !== 'POST' && !byGet) {
    const allowed = readableByGet.has(name) ? 'GET, POST' : 'POST';
    return answerProblem(req, res, 405, `Call ${name} with ${allowed.replace(', ', ' or ')}.`, { Allow: allowed });
  }
  const tokenRefusal = changesSomething[name] ? refusalOfToken(req, name, routes) : undefined;
  if (tokenRefusal) return answerProblem(req, res, 403, tokenRefusal);
  const request = byGet ? { ok: true as const, value: undefined } : await readRequestJson(req);
  if (!request.ok) {
    // Past the size limit the rest of the body is left unread, so the connection cannot carry another request.
    return answerProblem(
      req,
      res,
      request.status,
      request.message,
      request.status === 413 ? { Connection: 'close' } : {},
    );
  }
  let response: ResponseOf<typeof name>;
  try {
    response = await call(routes.handlers, name, request.value);
  } catch (error) {
    if (error instanceof InvalidRequestError) return answerProblem(req, res, 400, error.userMessage);
    routes.log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return answerProblem(
      req,
      res,
      500,
      `Headroom could not complete ${name}: something went wrong inside it (its log says what).`,
    );
  }
  answerJson(res, 200, response);
}

function isMethodName(name: string): name is MethodName {
  return served.has(name);
}

function refusalOfToken(req: IncomingMessage, name: MethodName, routes: ContractRoutes): string | undefined {
  const given = req.headers[TOKEN_HEADER.toLowerCase()];
  if (typeof given === 'string' && isLaunchToken(given, routes.token)) return undefined;
  const what =
    given === undefined
      ? `needs this launch's token in the ${TOKEN_HEADER} header`
      : `was sent with a token that is not this launch's`;
  return (
    `${name} changes something, so it ${what}. The page Headroom serves carries it; ` +
    `another program reads it from this host's own file, ${routes.tokenPath} (one file per port, with a new ` +
    'token each time Headroom starts).'
  );
}

/**
 * The handlers check what they are given, as they do for requests from the Electron renderer: the transport passes
 * the request on as it came, and a request they cannot take comes back as an InvalidRequestError, in words. Called
 * as a method, so a handler may use `this`.
 */
function call<M extends MethodName>(handlers: ContractHandlers, name: M, request: unknown): Promise<ResponseOf<M>> {
  return handlers[name](request as RequestOf<M>);
}

function shortened(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
