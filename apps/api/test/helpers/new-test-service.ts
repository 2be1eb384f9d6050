import 'reflect-metadata';

/**
 * The service-tier unit test helper (immich's `newTestService` style): builds a service with
 * every constructor dependency replaced by a strict auto-mock, found from the constructor's
 * injection metadata (`design:paramtypes`, and `@Inject(token)` tokens), so a test names only
 * what it uses and a new dependency needs no change here.
 *
 * Strict: a mock method the test did not give an implementation throws when called, naming it,
 * so an unexpected collaboration fails the test instead of returning `undefined` silently.
 * Plain values (settings, config) are given in `values` by token.
 */

/** A mock of `T`: its methods are jest mocks (throwing until given an implementation). */
export type StrictMock<T> = {
  -readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<R, A> : T[K];
};

type Token = abstract new (...args: never[]) => unknown;
type InjectionKey = Token | symbol | string;

/** Nest's `@Inject(token)` records `{ index, param }` under this key (SELF_DECLARED_DEPS_METADATA). */
const SELF_DECLARED_DEPS = 'self:paramtypes';

/** Names a key for messages. */
function nameOf(key: InjectionKey): string {
  return typeof key === 'function' ? key.name : String(key);
}

/** A strict mock named `name`; `values` are returned as they are (data fields, nested mocks). */
export function strictMock<T extends object>(name: string, values: Partial<T> = {}): StrictMock<T> {
  const members = new Map<PropertyKey, unknown>(Object.entries(values));
  return new Proxy({} as StrictMock<T>, {
    get(_target, prop) {
      if (members.has(prop)) return members.get(prop);
      // Not a thenable, no inspection hooks: awaiting or printing a mock stays harmless.
      if (typeof prop === 'symbol' || prop === 'then' || prop === 'toJSON' || prop === 'asymmetricMatch')
        return undefined;
      const fn = jest.fn((): never => {
        throw new Error(`Unexpected call: ${name}.${String(prop)}() has no mock implementation in this test`);
      });
      members.set(prop, fn);
      return fn;
    },
    set(_target, prop, value) {
      members.set(prop, value);
      return true;
    },
    has(_target, prop) {
      return members.has(prop);
    },
  });
}

export interface TestService<S> {
  sut: S;
  /** The mock injected for `token` (a class, or the symbol given to `@Inject`). */
  mock<T>(token: (abstract new (...args: never[]) => T) | symbol | string): StrictMock<T>;
}

/**
 * `newTestService(RunService, { values: [[RUNTIME_SETTINGS, settings]] })` → the service and its
 * mocks. `values` replace a dependency by a given object (not a mock) — for settings and config.
 */
export function newTestService<S>(
  Service: new (...args: never[]) => S,
  options: { values?: Array<[InjectionKey, unknown]> } = {},
): TestService<S> {
  const designTypes = (Reflect.getMetadata('design:paramtypes', Service) ?? []) as InjectionKey[];
  const declared = (Reflect.getMetadata(SELF_DECLARED_DEPS, Service) ?? []) as Array<{
    index: number;
    param: InjectionKey;
  }>;
  if (designTypes.length !== Service.length)
    throw new Error(`${Service.name}: constructor metadata missing (decorate it with @Injectable())`);
  const keys = designTypes.map((type, i) => declared.find((d) => d.index === i)?.param ?? type);
  const given = new Map(options.values ?? []);
  const deps = new Map<InjectionKey, unknown>();
  const args = keys.map((key) => {
    if (key === Object || key === undefined)
      throw new Error(`${Service.name}: a constructor parameter has no injection token`);
    if (!deps.has(key)) deps.set(key, given.has(key) ? given.get(key) : strictMock(nameOf(key)));
    return deps.get(key);
  });
  return {
    sut: new Service(...(args as never[])),
    mock: <T>(token: InjectionKey) => {
      if (!deps.has(token)) throw new Error(`${Service.name} has no dependency ${nameOf(token)}`);
      return deps.get(token) as StrictMock<T>;
    },
  };
}
