import { writeFileSync } from 'node:fs';

/**
 * A wrk Lua script that sends `GET path`, each request with the next of `tokens` in
 * PRIVATE-TOKEN (round robin). The requests are formatted once, in wrk's init, so rotating costs
 * the load generator nothing per request.
 */
export function writeRotatingTokensScript(file: string, path: string, tokens: readonly string[]): void {
  const quoted = tokens.map((token) => `  "${token.replace(/[^\w-]/g, '')}",`).join('\n');
  writeFileSync(
    file,
    `local tokens = {\n${quoted}\n}
local requests = {}
local next_index = 0
function init(args)
  for i, token in ipairs(tokens) do
    requests[i] = wrk.format("GET", "${path}", { ["Host"] = wrk.headers["Host"], ["PRIVATE-TOKEN"] = token })
  end
end
function request()
  next_index = next_index % #requests + 1
  return requests[next_index]
end
`,
  );
}
