-- wrk script: a ~1.2 KB chat completion with six personal values in it (keep-alive). The body is
-- chat-body.json next to this script, which anonymizer-bench --request reads too.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local folder = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local file = assert(io.open(folder .. "chat-body.json", "rb"))
wrk.body = file:read("*a")
file:close()
