import { Transform } from 'class-transformer';

/** `a, b,,c` → `['a', 'b', 'c']`; unset or empty → undefined (so a default can apply). */
export const CommaList = () =>
  Transform(({ value }: { value: unknown }) => {
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) return value as unknown[];
    if (typeof value !== 'string') return value;
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    return items.length ? items : undefined;
  });

/** `'true' | '1' | 'yes'` → true, `'false' | '0' | 'no'` → false; anything else is left for validation to reject. */
export const Bool = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(text)) return true;
    if (['false', '0', 'no', 'off', ''].includes(text)) return false;
    return value;
  });

/** Strips one trailing slash, so `http://host/` and `http://host` name the same issuer or audience. */
export const TrimUrl = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim().replace(/\/$/, '') : value,
  );

/** `'42'` → 42; anything that is not a whole number is left as is, for `@IsInt()` to reject by name. */
export const Int = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value,
  );
