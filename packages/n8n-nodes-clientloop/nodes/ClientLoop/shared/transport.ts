/**
 * The one transport of the ClientLoop node: @clientloop/core builds and validates the GraphQL
 * request and reads the response (GraphQL errors arrive inside HTTP 200); n8n's
 * httpRequestWithAuthentication sends it with the credential's Bearer header.
 */
import { randomUUID } from 'crypto';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import {
	ClientLoopError,
	buildOperationRequest,
	outcomeOfNetworkError,
	outcomeOfStatus,
	parseOperationResponse,
	retryDelay,
	type AttemptOutcome,
	type ErrorContext,
	type OperationName,
	type OperationTypes,
} from '@clientloop/core/pure';

export const CREDENTIAL_NAME = 'clientLoopApi';

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
 * anything is sent. Whether and when to repeat a failed attempt is the core's decision
 * (`retryDelay`, the same as the client's): create and Send Link are never repeated once they
 * may have reached ClientLoop.
 */
export async function clientLoopRequest<K extends OperationName>(
	ctx: IExecuteFunctions,
	credentials: ClientLoopCredentials,
	operation: K,
	input: unknown,
	options: RequestOptions = { maxAttempts: 3 },
): Promise<OperationTypes[K]['result']> {
	const body = buildOperationRequest(operation, input);
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: credentials.endpointUrl,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		headers: {
			Accept: 'application/json',
			'Content-Type': 'application/json',
			// one key per call, reused on every attempt (docs/clientloop-contract.md)
			'Idempotency-Key': randomUUID(),
		},
	};
	const errorContext = { variables: body.variables, secrets: [credentials.apiKey, credentials.signingSecret] };

	for (let attempt = 1; ; attempt++) {
		let response: FullResponse | undefined;
		let transportError: unknown;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				CREDENTIAL_NAME,
				request,
			)) as FullResponse;
		} catch (error) {
			transportError = error;
		}

		let failure: unknown;
		let outcome: AttemptOutcome;
		let retryAfterMs: number | undefined;
		if (response) {
			const parsed = parseResponse(operation, response, errorContext);
			if (parsed.ok) return parsed.result;
			failure = parsed.error;
			outcome = outcomeOfStatus(response.statusCode);
			retryAfterMs = parsed.error.retryAfterMs;
		} else {
			failure = transportError;
			outcome = outcomeOfNetworkError(transportError);
		}

		const delay = retryDelay({
			operation,
			input: body.variables.input,
			outcome,
			attempts: attempt,
			maxRetries: options.maxAttempts - 1,
			retryAfterMs,
		});
		if (delay === undefined) {
			if (ClientLoopError.isInstance(failure)) throw failure;
			throw new NodeApiError(ctx.getNode(), { message: (failure as Error)?.message ?? String(failure) }, {
				message: `Could not reach ClientLoop: ${(failure as Error)?.message ?? String(failure)}`,
				description:
					outcome === 'ambiguous'
						? 'The request may have reached ClientLoop: check the session before repeating it.'
						: 'The request was not sent. Check the Endpoint URL of the credential.',
			});
		}
		await sleep(delay);
	}
}

type Parsed<K extends OperationName> =
	| { ok: true; result: OperationTypes[K]['result'] }
	| { ok: false; error: ClientLoopError & { retryAfterMs?: number } };

function parseResponse<K extends OperationName>(
	operation: K,
	response: FullResponse,
	errorContext: ErrorContext,
): Parsed<K> {
	try {
		const result = parseOperationResponse(
			operation,
			{ status: response.statusCode, headers: response.headers, body: response.body },
			errorContext,
		);
		return { ok: true, result };
	} catch (error) {
		return { ok: false, error: error as ClientLoopError };
	}
}
