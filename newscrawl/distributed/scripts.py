"""Lua scripts: each one is a single atomic Redis round-trip."""

from __future__ import annotations

# Take the best request off the shared queue and record it in the worker's in-flight hash, atomically:
# a worker killed right after the pop still has the request on record for the others to re-queue.
# The worker is (re-)added to the workers set, which the reapers scan: a worker that was reaped and
# resumed records no work the reapers could not see, even before its lease thread rejoins it.
# KEYS: queue (zset), in-flight hash, workers (set). ARGV: worker id. Returns the serialized request or nil.
POP_TO_INFLIGHT = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], top[1], top[2])
redis.call('SADD', KEYS[3], ARGV[1])
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
# goes back to what it was before the claim, and so does each body claim, so that the re-queued request
# can emit the article again. Shared by the two scripts below; expects `prefix` and `w`, returns the
# number of claims undone.
_UNDO_PENDING = """
local function restore(hash, field, previous)
  if previous == '' then redis.call('HDEL', hash, field) else redis.call('HSET', hash, field, previous) end
end
local function undo_pending(prefix, w)
  local pkey = prefix .. 'pending:' .. w
  local p = redis.call('HGETALL', pkey)
  for i = 1, #p, 2 do
    restore(prefix .. 'seen', p[i], p[i + 1])
    redis.call('HINCRBY', prefix .. 'items', w, -1)
  end
  redis.call('DEL', pkey)
  local bkey = prefix .. 'pending_bodies:' .. w
  local b = redis.call('HGETALL', bkey)
  for i = 1, #b, 2 do restore(prefix .. 'bodies', b[i], b[i + 1]) end
  redis.call('DEL', bkey)
  return #p / 2
end
"""

# Reap the workers whose heartbeat expired (their in-flight requests go back to the queue, with their
# original score; their unconfirmed claims are undone; they are marked in the reaped set, so that one
# that was only stopped finds out when it resumes) and count the crawl's remaining work.
# KEYS: workers (set), queue (zset), start URLs (list), reaped (set). ARGV: key prefix.
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
    redis.call('SADD', KEYS[4], w)
    reaped = reaped + 1
  else
    inflight = inflight + redis.call('HLEN', hkey)
  end
end
return {requeued, inflight, redis.call('ZCARD', KEYS[2]), redis.call('LLEN', KEYS[3]), reaped, undone}
"""
)

# Put a leaving worker's unfinished requests back on the queue, undo its unconfirmed claims and
# forget the worker. KEYS: in-flight hash, queue, workers set, heartbeat, reaped set.
# ARGV: worker id, key prefix. Returns the number of requests re-queued.
RELEASE_WORKER = (
    _UNDO_PENDING
    + """
undo_pending(ARGV[2], ARGV[1])
local h = redis.call('HGETALL', KEYS[1])
for i = 1, #h, 2 do redis.call('ZADD', KEYS[2], h[i + 1], h[i]) end
redis.call('DEL', KEYS[1], KEYS[4])
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('SREM', KEYS[5], ARGV[1])
return #h / 2
"""
)

# A worker that finds itself in the reaped set (stopped past its lease, now running again) takes back
# the requests it is still working on that are back on the queue, and takes the ones it has finished
# off the queue: nobody fetches them a second time. Requests another worker already popped stay theirs.
# KEYS: queue (zset), in-flight hash. ARGV: number n of requests in progress, their n payloads, then
# the payloads of finished requests. Returns {taken back, taken off the queue}.
REJOIN = """
local n = tonumber(ARGV[1])
local adopted, withdrawn = 0, 0
for i = 2, n + 1 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score then
    redis.call('ZREM', KEYS[1], ARGV[i])
    redis.call('HSET', KEYS[2], ARGV[i], score)
    adopted = adopted + 1
  end
end
for i = n + 2, #ARGV do
  withdrawn = withdrawn + redis.call('ZREM', KEYS[1], ARGV[i])
end
return {adopted, withdrawn}
"""

# Exactly-once and incremental emission in one step: claim a canonical URL for the current run (the
# crawl's seed value) unless this run already emitted it (duplicate), this run already passed the same
# body under another URL (duplicate_body: the content dedup of one machine's DedupPipeline, across all
# workers) or an earlier run emitted the same body and dateModified (unchanged). New and changed articles
# are recorded, counted for the worker and kept in its pending hashes (with the previous record and the
# previous body claim) until the worker confirms the feed write; the worker is (re-)added to the workers
# set so that a reaper sees its pending claims (see POP_TO_INFLIGHT). The body claim maps the body
# fingerprint to {url, run}; an unchanged article claims its body too (one machine's dedup also runs
# before its incremental check), without a pending entry: it is not emitted.
# KEYS: seen hash, items hash, seed, pending hash, workers set, bodies hash, pending bodies hash.
# ARGV: url, fingerprint, dateModified or '', record JSON, worker.
# Returns {verdict, run}: verdict 'new', 'changed', 'duplicate', 'duplicate_body' or 'unchanged'; run
# the seed value.
CLAIM_ARTICLE = """
local run = redis.call('GET', KEYS[3]) or ''
local rec = cjson.decode(ARGV[4])
rec['run'] = run
local encoded = cjson.encode(rec)
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur and cjson.decode(cur)['run'] == run then return {'duplicate', run} end
local body = false
if ARGV[2] ~= '' then
  body = redis.call('HGET', KEYS[6], ARGV[2])
  if body then
    local claimed = cjson.decode(body)
    if claimed['run'] == run and claimed['url'] ~= ARGV[1] then return {'duplicate_body', run} end
  end
end
local body_claim = cjson.encode({url = ARGV[1], run = run})
local verdict = 'new'
if cur then
  local old = cjson.decode(cur)
  local dm = old['date_modified']
  if dm == cjson.null or dm == nil then dm = '' end
  if old['fingerprint'] == ARGV[2] and dm == ARGV[3] then
    redis.call('HSET', KEYS[1], ARGV[1], encoded)
    if ARGV[2] ~= '' then redis.call('HSET', KEYS[6], ARGV[2], body_claim) end
    return {'unchanged', run}
  end
  verdict = 'changed'
end
redis.call('HSET', KEYS[1], ARGV[1], encoded)
redis.call('HINCRBY', KEYS[2], ARGV[5], 1)
redis.call('HSET', KEYS[4], ARGV[1], cur or '')
redis.call('SADD', KEYS[5], ARGV[5])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[6], ARGV[2], body_claim)
  if redis.call('HEXISTS', KEYS[7], ARGV[2]) == 0 then redis.call('HSET', KEYS[7], ARGV[2], body or '') end
end
return {verdict, run}
"""

# Make a claim final once the worker wrote the article's line. Normally its pending entries are simply
# dropped ('confirmed'). If they are gone, a reaper undid the claim while this worker was stopped past its
# lease: when another worker has claimed the URL, or the same body under another URL, for the same run
# since, this worker's line is a second copy ('duplicate', the caller takes it back out of its feed);
# otherwise the claim is made again, final at once since the line is written ('reclaimed').
# KEYS: pending hash, seen hash, items hash, bodies hash, pending bodies hash.
# ARGV: url, record JSON (with its run), worker, run, fingerprint.
CONFIRM_CLAIM = """
if redis.call('HDEL', KEYS[1], ARGV[1]) == 1 then
  if ARGV[5] ~= '' then redis.call('HDEL', KEYS[5], ARGV[5]) end
  return 'confirmed'
end
local cur = redis.call('HGET', KEYS[2], ARGV[1])
if cur and cjson.decode(cur)['run'] == ARGV[4] then return 'duplicate' end
if ARGV[5] ~= '' then
  local body = redis.call('HGET', KEYS[4], ARGV[5])
  if body then
    local claimed = cjson.decode(body)
    if claimed['run'] == ARGV[4] and claimed['url'] ~= ARGV[1] then return 'duplicate' end
  end
  redis.call('HSET', KEYS[4], ARGV[5], cjson.encode({url = ARGV[1], run = ARGV[4]}))
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
return 'reclaimed'
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
