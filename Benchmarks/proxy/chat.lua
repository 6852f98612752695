-- wrk script: a ~1 KB chat completion with personal data in it (keep-alive).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
local text = "Hi, I am writing about my order. Please reach me at jane.doe@example.org or +44 20 7946 0958. " ..
  "My card 4111 1111 1111 1111 was charged twice on 2024-03-15 for $120.50; the refund should go to " ..
  "IBAN DE89 3704 0044 0532 0130 00. The deployment on Tuesday went fine, apart from a slow migration " ..
  "in the billing service. Version 2.4.1 fixes the crash on start-up; see ticket 48213 for details. " ..
  "Could you summarise the attached meeting notes and list the action items by owner? Thanks a lot, " ..
  "and sorry for the long message - the logs from server 10.20.30.40 are attached below as well. "
wrk.body = '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant."},' ..
  '{"role":"user","content":"' .. text .. text .. '"}]}'
