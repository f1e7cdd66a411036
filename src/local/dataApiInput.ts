// Reading a Data API request's fields as the service does: each checked for its type and range,
// a ValidationException naming the field otherwise; NextToken paging; the API's error shape.

export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly httpStatus = 400,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type Input = Record<string, unknown>;
export type Operation = (input: Input, signal: AbortSignal) => Promise<object>;

export function requiredString(input: Input, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined || value === '') throw validation(`${key} is required`);
  return value;
}

export function optionalString(input: Input, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(`${key} must be a string`);
  return value;
}

export function optionalInteger(input: Input, key: string, min: number, max: number): number | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validation(`${key} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function pageOffset(token: unknown): number {
  if (token === undefined || token === null) return 0;
  const offset = typeof token === 'string' ? Number(Buffer.from(token, 'base64url').toString()) : NaN;
  if (!Number.isInteger(offset) || offset < 0) throw validation('NextToken is not a token this endpoint gave out');
  return offset;
}

export function pageToken(offset: number): string {
  return Buffer.from(String(offset)).toString('base64url');
}

export function validation(message: string): ApiError {
  return new ApiError('ValidationException', message);
}
