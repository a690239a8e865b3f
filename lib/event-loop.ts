/**
 * Lets the event loop run what is waiting (other requests' I/O callbacks) before going on: long
 * in-memory work, such as checking a 10,000-row CSV, calls it every so often so that it never
 * holds other people's pages for more than a few milliseconds at a time.
 */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
