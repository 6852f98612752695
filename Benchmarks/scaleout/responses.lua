-- wrk script: a Responses API turn that continues a conversation (previous_response_id), with
-- personal values in it. The mock answers every request with the same response id, so each
-- request loads the map the previous one saved: one vault GET and one SET per request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local text = "Thanks. Please also write to jane.doe@example.org and call +44 20 7946 0958 about card " ..
  "4111 1111 1111 1111; the refund goes to IBAN DE89 3704 0044 0532 0130 00. Summarise the open items."
local previous = os.getenv("PREVIOUS") or "resp_bench"
if previous == "" then
  wrk.body = '{"model":"gpt-4o-mini","input":"' .. text .. '"}'
else
  wrk.body = '{"model":"gpt-4o-mini","previous_response_id":"' .. previous .. '","input":"' .. text .. '"}'
end
