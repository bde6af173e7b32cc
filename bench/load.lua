-- The wrk script of bench/load.ts: POST /api/v1/verify with a new userId on every request.
-- Read from the environment (wrk decides whether to call delay() before init() sees any argument):
-- HUMA_WRK_REQUEST, a file of three lines (the key, the body before the userId, the body after it);
-- HUMA_WRK_TAG, which keeps the userIds of concurrent wrk processes apart; HUMA_WRK_RATE, requests
-- per second, 0 for as fast as the connections go.
--
-- With a rate, sends follow one Poisson schedule for all the connections of this process (an open
-- loop, as real visitors arrive): each connection takes the next arrival time from the schedule and
-- waits for it. A connection still waiting for an answer takes no arrival; whichever is free next
-- sends the late ones at once, so a stall of the server is met by the requests that piled up behind it.
local ffi = require('ffi')
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } huma_timespec;
int clock_gettime(int clock, huma_timespec *ts);
]])
local CLOCK_MONOTONIC = 1
local timespec = ffi.new('huma_timespec')
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local file = assert(io.open(assert(os.getenv('HUMA_WRK_REQUEST')), 'rb'))
local key = file:read('*l')
local prefix = file:read('*l')
local suffix = file:read('*l')
file:close()
local tag = assert(os.getenv('HUMA_WRK_TAG'))
local rate = tonumber(os.getenv('HUMA_WRK_RATE') or '0')
local counter = 0

wrk.method = 'POST'
wrk.headers['Authorization'] = 'Bearer ' .. key
wrk.headers['Content-Type'] = 'application/json'

function request()
  counter = counter + 1
  return wrk.format(nil, '/api/v1/verify', nil, prefix .. tag .. '_' .. counter .. suffix)
end

if rate > 0 then
  local mean_gap_ms = 1000 / rate
  local next_send_ms = nil
  -- wrk waits this many ms (whole ms: it truncates) before a connection's next request
  function delay()
    local now = now_ms()
    next_send_ms = (next_send_ms or now) - math.log(1 - math.random()) * mean_gap_ms
    return math.max(0, next_send_ms - now)
  end
end

function done(summary, latency)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
