import type {
  IAuthenticateGeneric,
  Icon,
  ICredentialTestRequest,
  ICredentialType,
  INodeProperties,
} from "n8n-workflow";
import { API_KEY_CHECK_QUERY, DEFAULT_BASE_URL, ERROR_CODES } from "@clientloop/core/pure";

export class ClientLoopApi implements ICredentialType {
  name = "clientLoopApi";

  displayName = "ClientLoop API";

  icon: Icon = { light: "file:../icons/clientloop.svg", dark: "file:../icons/clientloop.dark.svg" };

  documentationUrl =
    "https://github.com/clientloop/clientloop-integrations/tree/main/packages/n8n-nodes-clientloop#credentials";

  properties: INodeProperties[] = [
    {
      displayName: "API Key",
      name: "apiKey",
      type: "string",
      typeOptions: { password: true },
      required: true,
      default: "",
      description: "The API key of your ClientLoop organization, sent as a Bearer token",
    },
    {
      displayName: "Endpoint URL",
      name: "endpointUrl",
      type: "string",
      required: true,
      default: DEFAULT_BASE_URL,
      placeholder: `e.g. ${DEFAULT_BASE_URL}`,
      description:
        "The ClientLoop GraphQL endpoint. Keep the default for production; point it at a ClientLoop sandbox for testing.",
    },
    {
      displayName: "Webhook Signing Secret",
      name: "signingSecret",
      type: "string",
      typeOptions: { password: true },
      default: "",
      placeholder: "e.g. whsec_...",
      description:
        "Optional. The secret ClientLoop signs callback events with. When set, the ClientLoop Trigger rejects events whose ClientLoop-Signature header does not match.",
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: "generic",
    properties: {
      headers: {
        Authorization: "=Bearer {{$credentials.apiKey}}",
      },
    },
  };

  test: ICredentialTestRequest = {
    request: {
      url: "={{$credentials.endpointUrl}}",
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: { query: API_KEY_CHECK_QUERY },
      json: true,
    },
    // ClientLoop refuses a wrong key with HTTP 401 (docs/clientloop-contract.md); the rule makes
    // n8n show this message instead of the bare status text "Unauthorized"
    rules: [
      {
        type: "responseCode",
        properties: {
          value: 401,
          message: `The API key is not valid (ClientLoop answered 401 ${ERROR_CODES.UNAUTHENTICATED})`,
        },
      },
    ],
  };
}
