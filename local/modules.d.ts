// Packages that ship no type declarations.
declare module 'asl-validator' {
  interface Result {
    isValid: boolean;
    errors: { message?: string; 'Error code'?: string }[];
    errorsText(separator?: string): string;
  }
  export default function aslValidator(definition: unknown, options?: Record<string, unknown>): Result;
}
