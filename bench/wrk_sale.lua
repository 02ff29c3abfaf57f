-- wrk: POST /api/v1/sales of two products (ids a and a + half, as bench/sale.pgbench sells them), paid by
-- cash and card, each request with a new Idempotency-Key. Products: environment variable BENCH_PRODUCTS.
-- Prints wrk's summary as JSON (bench/wrk_report.lua).
dofile(os.getenv("BENCH_DIR") .. "/wrk_report.lua")

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local half, counter, nonce
function init(_args)
  half = math.floor(tonumber(os.getenv("BENCH_PRODUCTS")) / 2)
  math.randomseed(id * 7919 + os.time())
  nonce = os.getenv("BENCH_NONCE") .. "-" .. id
  counter = 0
end

request = function()
  counter = counter + 1
  local a = math.random(1, half)
  local body = string.format(
    '{"items": [{"product_id": %d, "quantity": 1}, {"product_id": %d, "quantity": 2}], ' ..
    '"payments": [{"method": "cash", "amount": "10.00"}, {"method": "card", "amount": "20.00"}]}', a, a + half)
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Idempotency-Key"] = nonce .. "-" .. counter
  return wrk.format("POST", "/api/v1/sales", nil, body)
end
