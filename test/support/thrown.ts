// Catching the error a piece of code must throw, typed, for assertions on its fields.

/** The error of class `type` that `f` throws; fails the test when it throws nothing or something else. */
export function thrown<E extends Error>(f: () => unknown, type: abstract new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}, nothing was thrown`);
}

/** The error of class `type` that the promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejectedWith<E extends Error>(p: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  try {
    await p;
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a rejection with ${type.name}`);
}
