"""Lua scripts: each one is a single atomic Redis round-trip."""

from __future__ import annotations

# Take the best request off the shared queue and record it in the worker's in-flight hash, atomically:
# a worker killed right after the pop still has the request on record for the others to re-queue.
# KEYS: queue (zset), in-flight hash. Returns the serialized request or nil.
POP_TO_INFLIGHT = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], top[1], top[2])
return top[1]
"""

# Renew a worker's lease: its heartbeat key (TTL in milliseconds) and its membership of the workers set.
# Run by the worker's lease thread (`newscrawl.distributed.lease`). KEYS: heartbeat, workers (set).
# ARGV: worker id, TTL in ms.
RENEW_LEASE = """
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
"""

# Undo a worker's claims on articles it did not confirm as written (see CLAIM_ARTICLE): each seen-record
# goes back to what it was before the claim, so that the re-queued request can emit the article again.
# Shared by the two scripts below; expects `prefix` and `w`, returns the number of claims undone.
_UNDO_PENDING = """
local function undo_pending(prefix, w)
  local pkey = prefix .. 'pending:' .. w
  local p = redis.call('HGETALL', pkey)
  for i = 1, #p, 2 do
    if p[i + 1] == '' then
      redis.call('HDEL', prefix .. 'seen', p[i])
    else
      redis.call('HSET', prefix .. 'seen', p[i], p[i + 1])
    end
    redis.call('HINCRBY', prefix .. 'items', w, -1)
  end
  redis.call('DEL', pkey)
  return #p / 2
end
"""

# Reap the workers whose heartbeat expired (their in-flight requests go back to the queue, with their
# original score; their unconfirmed claims are undone) and count the crawl's remaining work.
# KEYS: workers (set), queue (zset), start URLs (list). ARGV: key prefix.
# Returns {requeued, in-flight on live workers, queue length, pushed start URLs, reaped workers,
# claims undone}.
REAP_AND_COUNT = (
    _UNDO_PENDING
    + """
local requeued, inflight, reaped, undone = 0, 0, 0, 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local hkey = ARGV[1] .. 'inflight:' .. w
  if redis.call('EXISTS', ARGV[1] .. 'worker:' .. w) == 0 then
    undone = undone + undo_pending(ARGV[1], w)
    local h = redis.call('HGETALL', hkey)
    for i = 1, #h, 2 do
      redis.call('ZADD', KEYS[2], h[i + 1], h[i])
      requeued = requeued + 1
    end
    redis.call('DEL', hkey)
    redis.call('SREM', KEYS[1], w)
    reaped = reaped + 1
  else
    inflight = inflight + redis.call('HLEN', hkey)
  end
end
return {requeued, inflight, redis.call('ZCARD', KEYS[2]), redis.call('LLEN', KEYS[3]), reaped, undone}
"""
)

# Put a leaving worker's unfinished requests back on the queue, undo its unconfirmed claims and
# forget the worker. KEYS: in-flight hash, queue, workers set, heartbeat. ARGV: worker id, key prefix.
# Returns the number of requests re-queued.
RELEASE_WORKER = (
    _UNDO_PENDING
    + """
undo_pending(ARGV[2], ARGV[1])
local h = redis.call('HGETALL', KEYS[1])
for i = 1, #h, 2 do redis.call('ZADD', KEYS[2], h[i + 1], h[i]) end
redis.call('DEL', KEYS[1], KEYS[4])
redis.call('SREM', KEYS[3], ARGV[1])
return #h / 2
"""
)

# Exactly-once and incremental emission in one step: claim a canonical URL for the current run (the
# crawl's seed value) unless this run already emitted it (duplicate) or an earlier run emitted the same
# body and dateModified (unchanged). New and changed articles are recorded, counted for the worker and
# kept in its pending hash (with the previous record) until the worker confirms the feed write.
# KEYS: seen hash, items hash, seed, pending hash. ARGV: url, fingerprint, dateModified or '', record
# JSON, worker.
# Returns 'new', 'changed', 'duplicate' or 'unchanged'.
CLAIM_ARTICLE = """
local run = redis.call('GET', KEYS[3]) or ''
local rec = cjson.decode(ARGV[4])
rec['run'] = run
local encoded = cjson.encode(rec)
local cur = redis.call('HGET', KEYS[1], ARGV[1])
local verdict = 'new'
if cur then
  local old = cjson.decode(cur)
  if old['run'] == run then return 'duplicate' end
  local dm = old['date_modified']
  if dm == cjson.null or dm == nil then dm = '' end
  if old['fingerprint'] == ARGV[2] and dm == ARGV[3] then
    redis.call('HSET', KEYS[1], ARGV[1], encoded)
    return 'unchanged'
  end
  verdict = 'changed'
end
redis.call('HSET', KEYS[1], ARGV[1], encoded)
redis.call('HINCRBY', KEYS[2], ARGV[5], 1)
redis.call('HSET', KEYS[4], ARGV[1], cur or '')
return verdict
"""

# Insert or replace seen-records (the SeenStore protocol's put / put_many) without losing the run a
# claim marked the record with: that mark is what makes a second copy in the same run a 'duplicate'.
# KEYS: seen hash. ARGV: url, record JSON, url, record JSON, ...
PUT_RECORDS = """
for i = 1, #ARGV, 2 do
  local value = ARGV[i + 1]
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  if cur then
    local run = cjson.decode(cur)['run']
    if run ~= nil and run ~= cjson.null then
      local rec = cjson.decode(value)
      rec['run'] = run
      value = cjson.encode(rec)
    end
  end
  redis.call('HSET', KEYS[1], ARGV[i], value)
end
return #ARGV / 2
"""
