/**
 * Bad input found while reading a request. The app turns it into a 400: a ConstraintViolation
 * when `violations` name body fields, the plain `{message}` form for query parameters.
 */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    message: string,
    readonly violations: Array<{ propertyPath: string; message: string }> = [],
  ) {
    super(message);
  }

  static field(propertyPath: string, message: string): InputError {
    return new InputError(`${propertyPath}: ${message}`, [{ propertyPath, message }]);
  }
}
