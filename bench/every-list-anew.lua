-- Every request asks for a list page no one asked for before (a search term `q` of its own, which the page's
-- links keep), so the shared product-list block is never there: the page is rendered with all its queries.
local next_thread = 1
function setup(thread)
  thread:set("thread_id", next_thread)
  next_thread = next_thread + 1
end

local n = 0
function request()
  n = n + 1
  return wrk.format(nil, wrk.path .. "&q=t" .. thread_id .. "r" .. n)
end
