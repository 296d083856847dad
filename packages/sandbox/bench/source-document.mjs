// The documents' own curl example of createPaymentSession (the full selection), read from the
// repository's copy of the ClientLoop API page, so the benchmark sends exactly what the
// documents show (fixtures/source-documents/README.md lists the pages).
import { readFileSync } from "node:fs";

const PAGE = new URL("../../../fixtures/source-documents/001_3e5b1d1a79a279e0.txt", import.meta.url);
const page = readFileSync(PAGE, "utf8");
const curl = /curl -X POST [^\n]*\n(?:-H [^\n]*\n)*-d '([\s\S]*?)'/.exec(page);
if (!curl) throw new Error(`no curl example with a -d body in ${PAGE.pathname}`);

/** The request body of the curl example, byte for byte. */
export const createRequestBody = curl[1];
JSON.parse(createRequestBody); // fails loudly if the page changed shape
