-- The wrk script of bench/load.ts: POST /api/v1/verify with a new userId and new activity on every
-- request. Read from the environment (wrk decides whether to call delay() before init() sees any argument):
-- HUMA_WRK_REQUEST, a file of lines: the key; the body before the userId; the values of the slots in the
-- signals (the last two moves' x and y steps, space-separated); then the body's pieces between the userId
-- and the slots;
-- HUMA_WRK_POOL, when not empty, a file of signals payloads, one a line: each request then sends the next
-- line in the one slot of the body's signals (no nudged values), and the run stops when the file ends;
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
local head = file:read('*l')
local bases = {}
for value in file:read('*l'):gmatch('%S+') do bases[#bases + 1] = tonumber(value) end
local pieces = {}
for line in file:lines() do pieces[#pieces + 1] = line end
file:close()
local pool_file = os.getenv('HUMA_WRK_POOL') or ''
local pool = pool_file ~= '' and assert(io.open(pool_file, 'rb')) or nil
-- once the pool has run out, the ms from the first request to then (read by done() through the thread:
-- wrk's own duration is always the whole run's)
pool_ended_after_ms = 0
local first_ms = nil
local tag = assert(os.getenv('HUMA_WRK_TAG'))
local rate = tonumber(os.getenv('HUMA_WRK_RATE') or '0')
local counter = 0

wrk.method = 'POST'
wrk.headers['Authorization'] = 'Bearer ' .. key
wrk.headers['Content-Type'] = 'application/json'

-- every slot is nudged by -20..20 px, a digit of the request's number in base 41: no two requests of
-- this run (of up to 16 wrk processes) carry the same activity
local parts = {}
local function pooled()
  first_ms = first_ms or now_ms()
  local signals = pool:read('*l')
  if signals == nil then
    -- never a payload twice: stop here; the requests of connections still waiting ask for /healthz
    if pool_ended_after_ms == 0 then pool_ended_after_ms = math.max(1, now_ms() - first_ms) end
    wrk.thread:stop()
    return wrk.format('GET', '/healthz')
  end
  parts[6], parts[7] = signals, pieces[2]
  return wrk.format(nil, '/api/v1/verify', nil, table.concat(parts, '', 1, 7))
end

function request()
  counter = counter + 1
  parts[1], parts[2], parts[3], parts[4] = head, tag, '_', counter
  parts[5] = pieces[1]
  if pool then return pooled() end
  local k = counter * 16 + tonumber(tag)
  for i, base in ipairs(bases) do
    parts[4 + 2 * i] = base + k % 41 - 20
    parts[5 + 2 * i] = pieces[i + 1]
    k = math.floor(k / 41)
  end
  return wrk.format(nil, '/api/v1/verify', nil, table.concat(parts, '', 1, 5 + 2 * #bases))
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

local threads = {}
function setup(thread) threads[#threads + 1] = thread end

function done(summary, latency)
  local e = summary.errors
  local duration, ended = summary.duration, 0
  for _, thread in ipairs(threads) do
    local after_ms = thread:get('pool_ended_after_ms')
    if after_ms > 0 then duration, ended = math.floor(after_ms * 1000), 1 end
  end
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"poolEnded":%d}\n',
    summary.requests, duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max, ended))
end
