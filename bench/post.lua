-- wrk script for bench/bench_service.py: POST a distinct article each time (the seed article plus
-- a unique line, so every request is briefed and stored) and print one RESULT line with the
-- figures the benchmark reports.
local seed = io.open(os.getenv("SEED_FILE")):read("*a")
local run = os.getenv("RUN_ID")
local counter = 0

function request()
  counter = counter + 1
  local body = seed .. "\n\nUpdate " .. run .. "-" .. counter .. "."
  return wrk.format("POST", "/v1/briefings", {["Content-Type"] = "text/plain"}, body)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT %d %.4f %d %d %.2f %.2f %.2f\n", summary.requests,
    summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
