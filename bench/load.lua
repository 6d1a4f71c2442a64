-- bench/load.py: every connection walks the anonymous pages in LOAD_PATHS (space-separated) round-robin,
-- starting at a different page per thread, and the run ends with one machine-readable line.
local paths = {}
for path in string.gmatch(os.getenv("LOAD_PATHS") or "/", "%S+") do
  table.insert(paths, path)
end
local counter = 0

setup = function(thread)
  thread:set("counter", counter)
  counter = counter + 1
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50=%.3f p95=%.3f p99=%.3f max=%.3f requests=%d errors=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, e.connect, e.read, e.write, e.status, e.timeout))
end
