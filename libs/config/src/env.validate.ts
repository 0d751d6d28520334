import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ConfigError } from './config.errors.js';

/** Turns empty strings into "unset", so `FOO=` in a .env file means the default. */
function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
    ),
  );
}

function firstProblem(errors: ValidationError[]): string {
  const error = errors[0];
  const messages = Object.values(error.constraints ?? {}).reverse();
  if (!messages.length) return `${error.property} is invalid`;
  // class-validator messages start with the property name; keep one clean line.
  return messages
    .map((m) => (m.startsWith(error.property) ? m : `${error.property} ${m}`))
    .join('; ');
}

/**
 * Validates the environment against a class-validator schema and returns the typed instance.
 * Unknown variables are ignored; the first problem found becomes a one-line {@link ConfigError}.
 */
export function validateEnv<T extends object>(
  schema: ClassConstructor<T>,
  env: Record<string, string | undefined>,
): T {
  const instance = plainToInstance(schema, withoutEmpty(env), {
    exposeDefaultValues: true,
  });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length) throw new ConfigError(`Invalid configuration: ${firstProblem(errors)}`);
  return instance;
}
