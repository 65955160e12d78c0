import type { BanliEnv } from '../../../../libs/config';
import { AddressList } from '../../../../libs/net/addresses';

/**
 * Express's `trust proxy` from BANLI_TRUST_PROXY, read at each request (a test may change it):
 * empty trusts no proxy (req.ip is the peer), a number trusts that many hops, a list trusts the
 * proxies at those addresses. Rate limits count req.ip, so behind a trusted proxy they count the
 * client that X-Forwarded-For names, not the proxy.
 */
export function trustProxy(env: BanliEnv): (address: string, hop: number) => boolean {
  let compiled: { text: string; trust: (address: string, hop: number) => boolean } | undefined;
  return (address, hop) => {
    const text = env.BANLI_TRUST_PROXY.trim();
    if (compiled?.text !== text) compiled = { text, trust: compile(text) };
    return compiled.trust(address, hop);
  };
}

function compile(text: string): (address: string, hop: number) => boolean {
  if (text === '') return () => false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return (_address, hop) => hop < hops;
  }
  const list = AddressList.parse(text);
  return (address) => list.includesAddress(address);
}
