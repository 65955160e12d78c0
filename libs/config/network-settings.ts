import { ValidateBy, ValidationOptions } from 'class-validator';
import { AddressList } from '../net/addresses';

/**
 * BANLI_TRUST_PROXY: which reverse proxies' X-Forwarded-For the API believes, so that rate
 * limits count the client behind them. Empty: none (the peer's address counts); a number: that
 * many proxies in front; otherwise a comma-separated list of addresses, networks (CIDR) and the
 * names loopback, linklocal, uniquelocal.
 */
export function trustProxyProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  if (value.trim() === '' || /^\d{1,2}$/.test(value.trim())) return null;
  try {
    AddressList.parse(value);
    return null;
  } catch (err) {
    return `must be empty, a number of proxies, or addresses, CIDRs, loopback, linklocal, uniquelocal: ${(err as Error).message}`;
  }
}

/** BANLI_WEBHOOK_ALLOW_HOSTS: host names, addresses and networks (CIDR), comma-separated. */
export function allowHostsProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be text';
  try {
    AddressList.parse(value, { hostNames: true });
    return null;
  } catch (err) {
    return `must list host names, addresses or CIDRs, comma-separated: ${(err as Error).message}`;
  }
}

/** A class-validator rule from one of the checks above. */
export function Satisfies(check: (value: unknown) => string | null, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: check.name,
      validator: {
        validate: (value: unknown) => check(value) === null,
        defaultMessage: (args) => `${args?.property} ${check(args?.value) ?? ''}`.trim(),
      },
    },
    options,
  );
}
