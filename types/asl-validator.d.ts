// asl-validator ships no type declarations; this is the part the tests use.
declare module 'asl-validator' {
  interface AslValidationResult {
    isValid: boolean;
    errors: { message?: string; [key: string]: unknown }[];
  }
  function aslValidator(definition: unknown, options?: Record<string, unknown>): AslValidationResult;
  export = aslValidator;
}
