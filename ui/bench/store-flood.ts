// The window's state under a flood, without the DOM: 100,000 console events applied in
// batches as the backend sends them (at most 8 KB each: about 50 of these events),
// to one connection among 8. Prints the time per batch (p50/p99/max) and the heap kept.
//   npm --prefix ui run bench:store
import type { Update } from '../src/bindings/Update';
import { createStore } from '../src/state/store';

const EVENTS = 100_000;
// The backend sends batches of at most 8 KB (src-tauri/src/updates.rs): about 50 such events.
const BATCH = Number(process.env.BENCH_BATCH ?? 50);
const heap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};

const store = createStore();
store.apply({ type: 'profiles', profiles: [] });
for (let i = 0; i < 8; i++) store.apply({ type: 'connection', id: `c${i}`, state: 'connected', sid: 's', upgraded: false } as Update);
const before = heap();
const times: number[] = [];
let n = 0;
while (n < EVENTS) {
  const batch: Update[] = [];
  for (let i = 0; i < BATCH && n < EVENTS; i++, n++) {
    batch.push({ type: 'event', id: 'c3', direction: 'in', namespace: '/', event: 'tick', args: [`tick ${n}`.padEnd(16, '.')], time: 1_700_000_000_000 + n } as Update);
  }
  const t0 = performance.now();
  store.applyBatch(batch);
  times.push(performance.now() - t0);
}
const after = heap();
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
const total = times.reduce((a, b) => a + b, 0);
console.log(
  JSON.stringify({
    events: EVENTS,
    batch: BATCH,
    ms_per_10k_events: +((total * 10_000) / EVENTS).toFixed(2),
    batch_ms_p50: +at(0.5).toFixed(3),
    batch_ms_p99: +at(0.99).toFixed(3),
    batch_ms_max: +at(1).toFixed(3),
    heap_kept_mib: +((after - before) / 1048576).toFixed(1),
    heap_gc: (globalThis as { gc?: () => void }).gc ? 'after gc' : 'no gc (run node with --expose-gc)',
    kept: store.get().conns.c3.log.length,
  }),
);
