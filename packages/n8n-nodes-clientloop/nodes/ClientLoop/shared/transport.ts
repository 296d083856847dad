/**
 * The one transport of the ClientLoop node: @clientloop/core builds and validates the GraphQL
 * request, and its retry loop (`sendOperation`, the same as the client's) reads each answer
 * (GraphQL errors arrive inside HTTP 200) and decides whether to repeat an attempt. An attempt
 * here is one call of n8n's httpRequestWithAuthentication, which adds the credential's Bearer
 * header.
 */
import { randomUUID } from "crypto";
import type { IExecuteFunctions, IHttpRequestOptions } from "n8n-workflow";
import { NodeApiError, sleep } from "n8n-workflow";
import {
  ClientLoopConnectionError,
  buildOperationRequest,
  sendOperation,
  type OperationName,
  type OperationTypes,
  type ResponseLike,
} from "@clientloop/core/pure";

export const CREDENTIAL_NAME = "clientLoopApi";

export interface ClientLoopCredentials {
  apiKey: string;
  endpointUrl: string;
  signingSecret?: string;
}

interface FullResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface RequestOptions {
  /** Attempts for a request the server certainly did not process (connection refused, 429, 503). */
  maxAttempts: number;
}

/**
 * Sends one ClientLoop operation. Validation problems throw ClientLoopValidationError before
 * anything is sent. Create and Send Link are never repeated once they may have reached
 * ClientLoop (the core's rule, the same as the client's).
 */
export async function clientLoopRequest<K extends OperationName>(
  ctx: IExecuteFunctions,
  credentials: ClientLoopCredentials,
  operation: K,
  input: unknown,
  options: RequestOptions = { maxAttempts: 3 },
): Promise<OperationTypes[K]["result"]> {
  const request = buildOperationRequest(operation, input);
  const httpRequest: IHttpRequestOptions = {
    method: "POST",
    url: credentials.endpointUrl,
    body: request,
    json: true,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      // one key per call, reused on every attempt (docs/clientloop-contract.md)
      "Idempotency-Key": randomUUID(),
    },
  };
  const sendAttempt = async (): Promise<ResponseLike> => {
    const response = (await ctx.helpers.httpRequestWithAuthentication.call(
      ctx,
      CREDENTIAL_NAME,
      httpRequest,
    )) as FullResponse;
    return { status: response.statusCode, headers: response.headers, body: response.body };
  };
  try {
    const { result } = await sendOperation({
      operation,
      request,
      send: sendAttempt,
      maxRetries: options.maxAttempts - 1,
      sleep,
      errorContext: { variables: request.variables, secrets: [credentials.apiKey, credentials.signingSecret] },
    });
    return result;
  } catch (error) {
    throw unreachable(ctx, error) ?? error;
  }
}

/** A request that got no answer at all, as the node error n8n shows; other errors pass unchanged. */
function unreachable(ctx: IExecuteFunctions, error: unknown): NodeApiError | undefined {
  const noAnswer =
    ClientLoopConnectionError.isInstance(error) &&
    (error.code === "CONNECTION_FAILED" || error.code === "CONNECTION_LOST");
  if (!noAnswer) return undefined;
  const cause = error.cause instanceof Error ? error.cause.message : error.message;
  return new NodeApiError(
    ctx.getNode(),
    { message: cause },
    {
      message: `Could not reach ClientLoop: ${cause}`,
      description: error.mayHaveSucceeded
        ? "The request may have reached ClientLoop: check the session before repeating it."
        : "The request was not sent. Check the Endpoint URL of the credential.",
    },
  );
}
