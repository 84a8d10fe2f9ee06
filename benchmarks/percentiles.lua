-- wrk reports p50/p75/p90/p99; the targets are p50 and p95, printed as JSON.
done = function(summary, latency, requests)
  io.write(string.format(
    '{"p50_ms": %.2f, "p95_ms": %.2f, "rps": %.1f, "requests": %d, "non_2xx": %d, "errors": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / (summary.duration / 1e6), summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
