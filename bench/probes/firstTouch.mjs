// What memory touched for the first time costs on this machine: a fresh 200 MB buffer written one
// byte a 4 KB page, then written again. Prints microseconds a page for each pass.
// Usage: firstTouch.mjs [MB]
const pages = (Number(process.argv[2] ?? 200) * 1024 * 1024) / 4096;
const memory = new Uint8Array(new ArrayBuffer(pages * 4096)); // zeroed pages, not yet touched
const pass = () => {
  const start = performance.now();
  for (let i = 0; i < memory.length; i += 4096) memory[i] += 1;
  return ((performance.now() - start) * 1000) / pages;
};
const first = pass();
const again = pass();
console.log(JSON.stringify({ pages, firstTouchUs: Number(first.toFixed(2)), againUs: Number(again.toFixed(3)) }));
