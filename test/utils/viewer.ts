import { asViewer, Viewer } from '../../src/access/access-policy';

/**
 * The service with each of its method calls made as `viewer`. Outside a
 * request the access policy fails closed (INTERNAL records only), so a test
 * that calls services directly says who it reads as, once, where it gets them.
 * A loader a method returns resolves as whoever calls its `load`.
 */
export function calledAs<T extends object>(viewer: Viewer, service: T): T {
  return new Proxy(service, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => asViewer(viewer, () => value.apply(target, args));
    },
  });
}

/** Everything, as the tests that call services outside a request read before the policy failed closed. */
export const SYSTEM: Viewer = { kind: 'SYSTEM' };
