/*
 * Node's own Headers, Request and Response, for what this folder's classes leave to them, read
 * without undoing the replacement. Node defines them as lazy getters that load undici on first access and then redefine
 * the global with the class (lib/internal/util.js, defineLazyProperties): Node's descriptor is kept
 * here, put back for the moment the class is read, and the replacement restored after.
 */

export type FetchClassName = "Headers" | "Request" | "Response";

const saved = new Map<FetchClassName, PropertyDescriptor>();

/** Keeps Node's descriptor of each global before it is replaced. */
export function saveNative(name: FetchClassName): void {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, name);
  if (!descriptor) throw new Error(`this Node.js has no global ${name}`);
  saved.set(name, descriptor);
}

/** Node's class (loading undici on first use), the global left as it was. */
export function nativeClass<N extends FetchClassName>(name: N): (typeof globalThis)[N] {
  const node = saved.get(name);
  if (!node) return globalThis[name];
  const current = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, node);
  // Node's lazy getter loads undici here and redefines the global as its class.
  const value = globalThis[name];
  saved.set(name, { value, writable: true, configurable: true, enumerable: false });
  if (current) Object.defineProperty(globalThis, name, current);
  return value;
}
