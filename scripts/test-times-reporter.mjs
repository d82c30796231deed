// A node:test reporter for run-tests.mjs: writes {file: milliseconds} (the summed durations of
// each test file's top-level tests) as JSON, for the next run's longest-first order.
export default async function* testTimes(source) {
  const times = {};
  for await (const event of source) {
    if ((event.type === "test:pass" || event.type === "test:fail") && event.data.nesting === 0 && event.data.file) {
      times[event.data.file] = (times[event.data.file] ?? 0) + (event.data.details?.duration_ms ?? 0);
    }
  }
  yield JSON.stringify(times);
}
