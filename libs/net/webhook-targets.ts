/**
 * Where a webhook may be sent: to public internet addresses only, unless the operator lists
 * internal hosts or networks (BANLI_WEBHOOK_ALLOW_HOSTS). Checked when a subscription is created
 * and again, on the address actually connected to, at every delivery attempt — a subscription
 * stored before the rule, or a name that resolves elsewhere later (DNS rebinding), is refused
 * then. Without it a webhook could make banli POST into its own network: the API on loopback,
 * the cloud metadata service (169.254.169.254), a database's HTTP port.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { AddressList, networkOf, parseIp } from './addresses';

/** How long the check at creation waits for DNS. */
const RESOLVE_TIMEOUT_MS = 5_000;

/** How many host–address checks one WebhookTargets remembers before it starts again. */
const CHECKED_MAX = 10_000;

export type ResolveAll = (host: string) => Promise<LookupAddress[]>;

const resolveAll: ResolveAll = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** The error a refused connection fails with (its code is in the delivery log). */
export class TargetNotAllowedError extends Error {
  readonly code = 'ETARGETNOTALLOWED';
}

export class WebhookTargets {
  /** addressProblem's answers so far, by host and address. */
  private readonly checked = new Map<string, string | null>();

  constructor(readonly allowed: AddressList = AddressList.EMPTY) {}

  private static cache?: { text: string; targets: WebhookTargets };

  /** From BANLI_WEBHOOK_ALLOW_HOSTS (comma-separated host names, addresses, CIDRs); read again when the text changes. */
  static fromSetting(text: string): WebhookTargets {
    if (WebhookTargets.cache?.text !== text) {
      WebhookTargets.cache = { text, targets: new WebhookTargets(AddressList.parse(text, { hostNames: true })) };
    }
    return WebhookTargets.cache.targets;
  }

  /**
   * Why connecting to this address (for this host name) is refused, or null. Remembered per host
   * and address (the allowed list never changes in one instance; a changed setting makes a new
   * one): an instant's burst checks the same receiver a thousand times.
   */
  addressProblem(host: string, address: string): string | null {
    const key = `${host} ${address}`;
    const known = this.checked.get(key);
    if (known !== undefined) return known;
    if (this.checked.size >= CHECKED_MAX) this.checked.clear();
    const problem = this.problemOf(host, address);
    this.checked.set(key, problem);
    return problem;
  }

  private problemOf(host: string, address: string): string | null {
    if (this.allowed.includesHost(host)) return null;
    const ip = parseIp(address);
    if (!ip) return `${address} is not an IP address`;
    const network = networkOf(ip);
    if (network === 'public' || this.allowed.includesAddress(ip)) return null;
    const named = host.toLowerCase() === address.toLowerCase() || `[${address}]` === host ? address : `${host} (${address})`;
    return `${named} is a ${network} address: webhooks go to public addresses only, unless the operator lists the host in BANLI_WEBHOOK_ALLOW_HOSTS`;
  }

  /**
   * Why a webhook URL may not be subscribed, or null: its host is (or resolves to) an address
   * that is not public and not allowed. A name that does not resolve now is not refused here
   * (every delivery checks again, on the address it connects to).
   */
  async urlProblem(url: string, resolve: ResolveAll = resolveAll): Promise<string | null> {
    let host: string;
    try {
      host = new URL(url).hostname;
    } catch {
      return 'is not a URL';
    }
    const literal = parseIp(host);
    if (literal) return this.addressProblem(host, literal.toString());
    if (this.allowed.includesHost(host)) return null;
    let addresses: LookupAddress[];
    try {
      addresses = await withTimeout(resolve(host), RESOLVE_TIMEOUT_MS);
    } catch {
      return null;
    }
    for (const { address } of addresses) {
      const problem = this.addressProblem(host, address);
      if (problem) return problem;
    }
    return null;
  }

  /**
   * A `lookup` for http.request: resolves the name and refuses the connection when any address
   * it resolves to is not allowed, so the address checked is the address connected to.
   */
  lookup(resolve: ResolveAll = resolveAll): LookupFunction {
    type Callback = (err: NodeJS.ErrnoException | null, address?: string | LookupAddress[], family?: number) => void;
    return ((host: string, options: LookupOneOptions | LookupAllOptions | number, callback: Callback): void => {
      resolve(host).then(
        (addresses) => {
          for (const { address } of addresses) {
            const problem = this.addressProblem(host, address);
            if (problem) return callback(new TargetNotAllowedError(problem));
          }
          if (addresses.length === 0) return callback(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }));
          const family = typeof options === 'number' ? options : options?.family;
          const wanted = family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
          if (typeof options === 'object' && options?.all) return callback(null, wanted);
          const first = wanted[0] ?? addresses[0];
          return callback(null, first.address, first.family);
        },
        (err: unknown) => callback(err as NodeJS.ErrnoException),
      );
    }) as unknown as LookupFunction;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
