-- wrk script for endpoints without a token (the framework-ceiling endpoints): only prints the RESULT line.
-- Usage: BENCH_NAME=<name> wrk ... -s plain.lua <url>

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT name=%s ok=%d errors=%d seconds=%.2f rate=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
      os.getenv("BENCH_NAME") or "wrk", summary.requests - e.status - e.connect - e.read - e.write - e.timeout,
      e.status + e.connect + e.read + e.write + e.timeout, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.status, e.connect + e.read + e.write + e.timeout))
end
