-- wrk script for bench/bench.py: after the run, one line that bench.py parses.
-- Latencies are wrk's raw per-request latencies (microseconds), printed in milliseconds.
-- err_status counts answers with a status of 400 or more.

done = function(summary, latency, requests)
  local secs = summary.duration / 1000000
  local e = summary.errors
  io.write(string.format(
    "TONGXIN_BENCH requests=%.0f duration_s=%.3f rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f " ..
    "max_ms=%.3f mean_ms=%.3f bytes=%.0f err_connect=%d err_read=%d err_write=%d " ..
    "err_status=%d err_timeout=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000,
    summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
end
