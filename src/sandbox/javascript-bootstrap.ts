/**
 * Source of the script that prepares each fresh context before model code runs. It receives the
 * host's output callback and the stdin text, defines the only globals model code gets, and
 * returns the `assert` function the host keeps a reference to.
 *
 * Globals offered to programs (the documented JavaScript stdin/stdout convention):
 * - `INPUT`: all of stdin as one string;
 * - `readline()`: the next stdin line without its newline, `undefined` after the last line;
 * - `require('fs').readFileSync(0 | '/dev/stdin')`: stdin again, for competitive-programming code;
 *   any other `require` throws;
 * - `console.log/info/debug` (stdout), `console.error/warn` (stderr), and `print` (stdout);
 * - `module.exports` / `exports`, so CommonJS output of TypeScript runs.
 *
 * The assert helpers close over intrinsics captured here, before model code can patch them, and
 * are frozen; the host passes them to each assert as a parameter, so a model's own global named
 * `assert` cannot shadow them.
 */
export const JAVASCRIPT_BOOTSTRAP = String.raw`(function bootstrap(write, input) {
  'use strict';
  const ObjectKeys = Object.keys, getPrototypeOf = Object.getPrototypeOf, isArray = Array.isArray;
  const objectIs = Object.is, freeze = Object.freeze, defineProperty = Object.defineProperty;
  const ErrorType = Error, StringType = String, stringify = JSON.stringify;
  // Methods are detached from their prototypes now: model code may patch the prototypes later.
  const uncurry = (method) => Function.prototype.call.bind(method);
  const getter = (prototype, name) => uncurry(Object.getOwnPropertyDescriptor(prototype, name).get);
  const hasOwn = uncurry(Object.prototype.hasOwnProperty);
  const mapSize = getter(Map.prototype, 'size'), setSize = getter(Set.prototype, 'size');
  const mapForEach = uncurry(Map.prototype.forEach), mapHas = uncurry(Map.prototype.has), mapGet = uncurry(Map.prototype.get);
  const setForEach = uncurry(Set.prototype.forEach), setHas = uncurry(Set.prototype.has);
  const dateValue = uncurry(Date.prototype.getTime), regExpSource = getter(RegExp.prototype, 'source');
  const regExpFlags = getter(RegExp.prototype, 'flags');
  const splitText = uncurry(String.prototype.split), popItem = uncurry(Array.prototype.pop);

  function describe(value) {
    if (typeof value === 'string') return value;
    if (typeof value === 'bigint') return StringType(value) + 'n';
    if (value === null || typeof value !== 'object') return StringType(value);
    try { const text = stringify(value); return text === undefined ? StringType(value) : text; } catch (error) { return '[object]'; }
  }
  function formatArguments(values) {
    let text = '';
    for (let index = 0; index < values.length; index++) text += (index ? ' ' : '') + describe(values[index]);
    return text + '\n';
  }
  const toStdout = (...values) => { write('stdout', formatArguments(values)); };
  const toStderr = (...values) => { write('stderr', formatArguments(values)); };

  const lines = splitText(input, '\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') popItem(lines);
  let nextLine = 0;
  const fileSystem = freeze({
    readFileSync(path) {
      if (path === 0 || path === '/dev/stdin') return input;
      throw new ErrorType('there is no file system in the sandbox; only stdin (0 or /dev/stdin) can be read');
    },
  });

  globalThis.console = { log: toStdout, info: toStdout, debug: toStdout, error: toStderr, warn: toStderr };
  globalThis.print = toStdout;
  globalThis.INPUT = input;
  globalThis.readline = () => (nextLine < lines.length ? lines[nextLine++] : undefined);
  globalThis.require = (name) => {
    if (name === 'fs' || name === 'node:fs') return fileSystem;
    throw new ErrorType("require('" + StringType(name) + "') is not available in the sandbox");
  };
  globalThis.module = { exports: {} };
  globalThis.exports = globalThis.module.exports;

  function hasBrand(read, value) {
    try { read(value); return true; } catch (error) { return false; }
  }
  // Brand checks and detached methods only: no iteration protocol, no instanceof, no prototype
  // lookups that model code could redirect.
  function deepEqual(actual, expected, strict, depth) {
    if (strict ? objectIs(actual, expected) : actual == expected) return true;
    if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return false;
    if (depth > 200) return false;
    if (strict && getPrototypeOf(actual) !== getPrototypeOf(expected)) return false;
    if (isArray(actual) !== isArray(expected)) return false;
    const isMap = hasBrand(mapSize, actual);
    if (isMap !== hasBrand(mapSize, expected)) return false;
    if (isMap) {
      if (mapSize(actual) !== mapSize(expected)) return false;
      let equal = true;
      mapForEach(expected, (value, key) => {
        if (equal && !(mapHas(actual, key) && deepEqual(mapGet(actual, key), value, strict, depth + 1))) equal = false;
      });
      return equal;
    }
    const isSet = hasBrand(setSize, actual);
    if (isSet !== hasBrand(setSize, expected)) return false;
    if (isSet) {
      if (setSize(actual) !== setSize(expected)) return false;
      let equal = true;
      setForEach(expected, (value) => { if (!setHas(actual, value)) equal = false; });
      return equal;
    }
    const isDate = hasBrand(dateValue, actual);
    if (isDate !== hasBrand(dateValue, expected)) return false;
    if (isDate) return objectIs(dateValue(actual), dateValue(expected));
    const isRegExp = hasBrand(regExpSource, actual);
    if (isRegExp !== hasBrand(regExpSource, expected)) return false;
    if (isRegExp) return regExpSource(actual) === regExpSource(expected) && regExpFlags(actual) === regExpFlags(expected);
    const actualKeys = ObjectKeys(actual), expectedKeys = ObjectKeys(expected);
    if (actualKeys.length !== expectedKeys.length) return false;
    for (let index = 0; index < expectedKeys.length; index++) {
      const key = expectedKeys[index];
      if (!hasOwn(actual, key) || !deepEqual(actual[key], expected[key], strict, depth + 1)) return false;
    }
    return true;
  }
  function fail(message, fallback) {
    throw new ErrorType(message === undefined ? fallback : StringType(message));
  }
  function assert(value, message) { if (!value) fail(message, 'assertion failed'); }
  assert.ok = assert;
  assert.equal = (actual, expected, message) => { if (!(actual == expected)) fail(message, 'not equal'); };
  assert.notEqual = (actual, expected, message) => { if (actual == expected) fail(message, 'equal'); };
  assert.strictEqual = (actual, expected, message) => { if (!objectIs(actual, expected)) fail(message, 'not strictly equal'); };
  assert.notStrictEqual = (actual, expected, message) => { if (objectIs(actual, expected)) fail(message, 'strictly equal'); };
  assert.deepEqual = (actual, expected, message) => { if (!deepEqual(actual, expected, false, 0)) fail(message, 'not deeply equal'); };
  assert.deepStrictEqual = (actual, expected, message) => { if (!deepEqual(actual, expected, true, 0)) fail(message, 'not deeply and strictly equal'); };
  assert.notDeepStrictEqual = (actual, expected, message) => { if (deepEqual(actual, expected, true, 0)) fail(message, 'deeply and strictly equal'); };
  assert.throws = (run, message) => {
    let threw = false;
    try { run(); } catch (error) { threw = true; }
    if (!threw) fail(message, 'did not throw');
  };
  const helperNames = ObjectKeys(assert);
  for (let index = 0; index < helperNames.length; index++) freeze(assert[helperNames[index]]);
  freeze(assert);
  defineProperty(globalThis, 'assert', { value: assert, writable: false, configurable: false, enumerable: false });
  return assert;
})`;
