local reqs = {
 {"GET", "/connection", nil},
 {"GET", "/connection/octocat?provider_config_key=github", nil},
 {"POST", "/connection", '{"provider_config_key":"bearer","api_key":"k"}'},
 {"PATCH", "/connection/acme/metadata?provider_config_key=bearer", '{"a":1}'},
 {"POST", "/connection", '{bad'},
 {"PUT", "/nope", nil},
}
local i = 0
request = function()
  i = i + 1
  local r = reqs[(i % #reqs) + 1]
  return wrk.format(r[1], r[2], {["Authorization"]="Bearer 5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11", ["Content-Type"]="application/json"}, r[3])
end
