-- wrk script for bench/load.py: rotates through prepared requests (one per
-- session: a facilitator's board poll with its ETag, a phone's status poll or
-- autosave with its cookies) and counts the answers by status.
--
--   wrk -t2 -c32 -d10s -s bench/wrk/rotate.lua http://127.0.0.1:PORT -- REQUESTS.tsv
--
-- REQUESTS.tsv: one request a line, METHOD<TAB>PATH<TAB>HEADERS<TAB>BODY, the
-- headers as "Name: value" joined by \x1e. In a body "{REV}" becomes a revision
-- that grows with every request (autosaves are stored only when newer).
-- The last line printed is "WRK_JSON {...}" for bench/load.py.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function split(text, sep)
  local parts, start = {}, 1
  while true do
    local i, j = string.find(text, sep, start, true)
    if not i then
      table.insert(parts, string.sub(text, start))
      return parts
    end
    table.insert(parts, string.sub(text, start, i - 1))
    start = j + 1
  end
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      local f = split(line, "\t")
      local headers = {}
      if f[3] and #f[3] > 0 then
        for _, h in ipairs(split(f[3], "\30")) do
          local name, value = string.match(h, "^([^:]+):%s*(.*)$")
          headers[name] = value
        end
      end
      table.insert(requests, {method = f[1], path = f[2], headers = headers, body = f[4] or ""})
    end
  end
  -- Threads start at different sessions.
  index = (id * 7919) % #requests
  base_rev = os.time() * 1000 + 10000000 * (tonumber(args[2]) or 0)
  statuses = {}
end

function request()
  index = index % #requests + 1
  counter = counter + 1
  local r = requests[index]
  local body = nil
  if #r.body > 0 then
    local rev = string.format("%d", base_rev + counter * 16 + id)
    body = string.gsub(r.body, "{REV}", rev)
  end
  return wrk.format(r.method, r.path, r.headers, body)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for k, v in pairs(s) do
      counts[k] = (counts[k] or 0) + v
    end
  end
  local parts = {}
  for k, v in pairs(counts) do
    table.insert(parts, string.format('"%s": %d', k, v))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "statuses": {%s}, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, table.concat(parts, ", "),
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
