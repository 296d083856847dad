/**
 * ClientLoop errors → n8n errors. Input that breaks a rule before any request is a
 * NodeOperationError naming the item and the field; anything ClientLoop answered (or failed to
 * answer) is a NodeApiError carrying ClientLoop's message and `extensions.code`.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { ClientLoopError, ClientLoopValidationError, type ValidationIssue } from '@clientloop/core/pure';

const FIELD_NAMES: Record<string, string> = {
	orgId: 'Organization ID',
	id: 'Payment Session ID',
	amount: 'Amount',
	currency: 'Currency',
	callbackUrl: 'Callback URL',
	successUrl: 'Success URL',
	contactId: 'Contact ID',
	contactRef: 'Contact Reference',
	transactionRef: 'Transaction Reference',
	invoiceIds: 'Invoice IDs',
	invoiceRefs: 'Invoice References',
	expirationDate: 'Expiration Date',
	createPendingPayment: 'Create Pending Payment',
	checkoutConfigurationId: 'Checkout Configuration ID',
	invoiceTotal: 'Invoice Total',
	brandLogoUrl: 'Brand Logo URL',
	brandName: 'Brand Name',
	status: 'Status',
	paymentId: 'Payment ID',
	channel: 'Channel',
	to: 'To',
	contactName: 'Contact Name',
	contactFirstName: 'Contact First Name',
	contactLastName: 'Contact Last Name',
	contactEmail: 'Contact Email',
	contactPhone: 'Contact Phone',
	orderId: 'Order ID',
	invoiceId: 'Invoice ID',
	invoiceNumber: 'Invoice Number',
	lines: 'Line Items',
	billingContact: 'Billing Contact',
	shippingContact: 'Shipping Contact',
	num: 'Line Number',
	quantity: 'Quantity',
	price: 'Price',
	productId: 'Product ID',
	productSku: 'Product SKU',
	productName: 'Product Name',
	productDescription: 'Product Description',
	productImageUrl: 'Product Image URL',
};

const ADDRESS_NAMES: Record<string, string> = {
	lines: 'Address Lines',
	locality: 'Address Locality',
	administrativeArea: 'Address Administrative Area',
	postalCode: 'Address Postal Code',
	countryCode: 'Address Country Code',
};

/** `input.invoiceRefs[0].lines[1].price` → `Invoice References 1 › Line Items 2 › Price`. */
export function fieldLabel(path: string): string {
	const segments = path.replace(/^input\.?/, '').split('.').filter(Boolean);
	const labels: string[] = [];
	for (let i = 0; i < segments.length; i++) {
		const segment = segments[i];
		const match = /^([A-Za-z]+)((?:\[\d+\])*)$/.exec(segment);
		const key = match ? match[1] : segment;
		const indexes = match ? [...match[2].matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) + 1) : [];
		if (key === 'address' && i + 1 < segments.length) {
			const next = segments[++i].replace(/\[\d+\]$/, '');
			labels.push(ADDRESS_NAMES[next] ?? next);
			continue;
		}
		const name = key === 'address' ? 'Address' : (FIELD_NAMES[key] ?? key);
		labels.push(indexes.length ? `${name} ${indexes.join('.')}` : name);
	}
	return labels.length ? labels.join(' › ') : 'Input';
}

function describeIssue(issue: ValidationIssue): string {
	return `${fieldLabel(issue.path)} (${issue.path}): ${issue.message}`;
}

/**
 * The json of an error item for continueOnFail. n8n routes an item to the error output when its
 * json has only `error`, `message` and `details` keys, and it replaces the json of any item that
 * carries an `error` property, so ClientLoop's code and the fields at fault go in `details`.
 */
export function errorJson(error: NodeApiError | NodeOperationError): JsonObject {
	const details: JsonObject = {};
	const context = error.context as JsonObject;
	if (typeof context.code === 'string') details.code = context.code;
	if (error.description) details.description = error.description;
	if (Array.isArray(context.issues)) details.issues = context.issues;
	if (typeof context.requestId === 'string') details.requestId = context.requestId;
	if (typeof context.itemIndex === 'number') details.itemIndex = context.itemIndex;
	return { error: error.message, details };
}

/** Converts anything the ClientLoop layer threw into the n8n error for item `itemIndex`. */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (ClientLoopValidationError.isInstance(error) && error.statusCode === undefined) {
		const [first] = error.issues;
		const message = first
			? `Invalid ${fieldLabel(first.path)}: ${first.message} [item ${itemIndex}]`
			: `${error.message} [item ${itemIndex}]`;
		const nodeError = new NodeOperationError(node, message, {
			itemIndex,
			description: error.issues.map(describeIssue).join('\n'),
		});
		nodeError.context.code = error.code;
		nodeError.context.issues = error.issues.map((issue) => ({ ...issue, field: fieldLabel(issue.path) }));
		return nodeError;
	}
	if (ClientLoopError.isInstance(error)) {
		const response: JsonObject = { message: error.message, code: error.code };
		if (error.requestId) response.requestId = error.requestId;
		const details = [`ClientLoop error code: ${error.code}`];
		if (ClientLoopValidationError.isInstance(error)) {
			details.push(...error.issues.map(describeIssue));
		}
		if (error.mayHaveSucceeded) {
			details.push('The request may have been applied although no answer arrived: check before repeating it.');
		}
		if (error.requestId) details.push(`Request ID: ${error.requestId}`);
		const nodeError = new NodeApiError(node, response, {
			message: `${error.message} [item ${itemIndex}]`,
			description: details.join('\n'),
			httpCode: error.statusCode !== undefined ? String(error.statusCode) : undefined,
			itemIndex,
		});
		nodeError.context.code = error.code;
		if (error.requestId) nodeError.context.requestId = error.requestId;
		if (ClientLoopValidationError.isInstance(error)) {
			nodeError.context.issues = error.issues.map((issue) => ({ ...issue, field: fieldLabel(issue.path) }));
		}
		return nodeError;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, `${message} [item ${itemIndex}]`, { itemIndex });
}
