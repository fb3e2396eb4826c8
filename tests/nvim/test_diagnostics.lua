-- Real-editor test of `kubelint lsp` in Neovim:
--   KUBELINT_BIN=target/debug/kubelint \
--     nvim --headless -u tests/nvim/init.lua -l tests/nvim/test_diagnostics.lua
-- Opens a fixture, checks the exact diagnostic ranges Neovim shows, applies
-- the "Set privileged: false" quick fix the way a user would, and checks the
-- server re-lints. Exits 0 after printing "nvim test: ok", non-zero otherwise.

local TIMEOUT_MS = 10000
local CLIENT = 'kubelint'
local repo = vim.g.kubelint_repo or vim.fn.getcwd()
local fixture = repo .. '/tests/nvim/fixtures/deployment.yaml'

-- 0-based positions in the fixture (as vim.diagnostic reports them).
local EXPECTED = {
  ['privileged-container'] = { lnum = 24, col = 24, end_col = 28, text = 'true' },
  ['latest-image-tag'] = { lnum = 20, col = 23, end_col = 29, text = 'latest' },
}
local FIX_TITLE = 'Set privileged: false'

-- Messages Neovim would show (e.g. "No code actions available"): collected
-- so a failure can say what the editor itself reported, instead of them
-- interleaving with the test output.
local notes = {}
vim.notify = function(msg)
  notes[#notes + 1] = tostring(msg)
end

local function fail(fmt, ...)
  local msg = 'nvim test: FAIL: ' .. fmt:format(...)
  if #notes > 0 then
    msg = msg .. '\n  editor messages:\n    ' .. table.concat(notes, '\n    ')
  end
  io.stderr:write(msg .. '\n')
  -- :cquit (unlike os.exit) runs VimLeavePre, where Neovim stops every LSP
  -- client, including one stuck before `initialize`: no orphaned server.
  vim.cmd.cquit(1)
end

-- A multi-choice prompt would block a headless editor forever.
vim.ui.select = function(items)
  fail('editor asked to choose between %d code actions; expected exactly one titled %q', #items, FIX_TITLE)
end

-- vim.lsp.enable() silently skips a cmd that is not executable; say so.
local server_bin = vim.lsp.config[CLIENT].cmd[1]
if vim.fn.executable(server_bin) ~= 1 then
  fail('server binary %q is not executable (set KUBELINT_BIN)', server_bin)
end

local server_exit ---@type string?
vim.lsp.config(CLIENT, {
  on_exit = function(code, signal)
    server_exit = ('exit code %d, signal %d'):format(code, signal)
  end,
})

-- Wait until cond() holds; on timeout report `what` and, if given, detail()
-- (what the editor had at that point).
local function wait_for(what, cond, detail)
  local ok = vim.wait(TIMEOUT_MS, function()
    return server_exit ~= nil or cond()
  end, 50)
  if server_exit then
    fail('waiting for %s: server %q exited (%s); is KUBELINT_BIN a kubelint build with an `lsp` subcommand?',
      what, server_bin, server_exit)
  elseif not ok then
    fail('timed out after %d ms waiting for %s%s', TIMEOUT_MS, what, detail and ('; got: ' .. detail()) or '')
  end
end

-- kubelint diagnostics in the buffer, from both the push and the pull
-- namespace (Neovim keeps them apart).
local function diagnostics(bufnr)
  local out = {}
  for _, client in ipairs(vim.lsp.get_clients({ bufnr = bufnr, name = CLIENT })) do
    for _, is_pull in ipairs({ false, true }) do
      local ns = vim.lsp.diagnostic.get_namespace(client.id, is_pull)
      vim.list_extend(out, vim.diagnostic.get(bufnr, { namespace = ns }))
    end
  end
  return out
end

local function by_code(bufnr, code)
  return vim.tbl_filter(function(d)
    return d.code == code
  end, diagnostics(bufnr))
end

local function describe(diags)
  local parts = {}
  for _, d in ipairs(diags) do
    parts[#parts + 1] = ('%s@%d:%d-%d'):format(tostring(d.code), d.lnum, d.col, d.end_col)
  end
  return #parts > 0 and table.concat(parts, ', ') or '(none)'
end

-- 1. Open the fixture; FileType=yaml makes vim.lsp.enable() start the server.
if vim.fn.filereadable(fixture) == 0 then
  fail('fixture not found: %s', fixture)
end
vim.cmd.edit(vim.fn.fnameescape(fixture))
local bufnr = vim.api.nvim_get_current_buf()
if vim.bo[bufnr].filetype ~= 'yaml' then
  fail('fixture filetype is %q, expected yaml', vim.bo[bufnr].filetype)
end
for code, e in pairs(EXPECTED) do -- guard against the fixture drifting
  local line = vim.api.nvim_buf_get_lines(bufnr, e.lnum, e.lnum + 1, true)[1]
  if line:sub(e.col + 1, e.end_col) ~= e.text then
    fail('fixture changed: line %d is %q, expected %q at col %d for %s', e.lnum, line, e.text, e.col, code)
  end
end

wait_for('kubelint client to attach and initialize', function()
  local c = vim.lsp.get_clients({ bufnr = bufnr, name = CLIENT })[1]
  return c ~= nil and c.initialized
end)

-- 2. Both diagnostics arrive, each once, on exactly the offending token.
local function current()
  return describe(diagnostics(bufnr))
end
wait_for('diagnostics privileged-container and latest-image-tag', function()
  return #by_code(bufnr, 'privileged-container') > 0 and #by_code(bufnr, 'latest-image-tag') > 0
end, current)
-- Let a late push/pull duplicate land before counting.
vim.wait(300)
for code, e in pairs(EXPECTED) do
  local found = by_code(bufnr, code)
  if #found ~= 1 then
    fail('%s reported %d times (%s); pushed and pulled? A server answering textDocument/diagnostic'
      .. ' must not also send publishDiagnostics to the same client', code, #found, describe(found))
  end
  local d = found[1]
  if d.lnum ~= e.lnum or d.col ~= e.col or d.end_col ~= e.end_col or d.end_lnum ~= e.lnum then
    fail('%s at %d:%d-%d:%d, expected %d:%d-%d (on %q)', code, d.lnum, d.col, d.end_lnum, d.end_col,
      e.lnum, e.col, e.end_col, e.text)
  end
  if d.source ~= 'kubelint' then
    fail('%s has source %q, expected "kubelint"', code, tostring(d.source))
  end
  local href = vim.tbl_get(d, 'user_data', 'lsp', 'codeDescription', 'href')
  if type(href) ~= 'string' or href == '' then
    fail('%s has no codeDescription.href (link to the rule docs)', code)
  end
end

-- 3. Quick fix with the cursor on `true`, as `gra` would do.
local p = EXPECTED['privileged-container']
local before = vim.api.nvim_buf_get_lines(bufnr, p.lnum, p.lnum + 1, true)[1]
local notes_before = #notes
vim.api.nvim_win_set_cursor(0, { p.lnum + 1, p.col })
vim.lsp.buf.code_action({
  filter = function(a)
    return a.title == FIX_TITLE
  end,
  apply = true,
})
-- A notification here means the editor gave up (e.g. no matching action).
wait_for(('code action %q to edit line %d'):format(FIX_TITLE, p.lnum), function()
  return #notes > notes_before or vim.api.nvim_buf_get_lines(bufnr, p.lnum, p.lnum + 1, true)[1] ~= before
end)
-- Only `true` may change: same indentation, same key.
local want = before:sub(1, p.col) .. 'false' .. before:sub(p.end_col + 1)
local after = vim.api.nvim_buf_get_lines(bufnr, p.lnum, p.lnum + 1, true)[1]
if after ~= want then
  fail('after the quick fix line %d is %q, expected %q', p.lnum, after, want)
end

-- 4. The server re-lints the edited buffer: the finding is gone, the other stays.
wait_for('privileged-container to clear after the fix (latest-image-tag staying)', function()
  return #by_code(bufnr, 'privileged-container') == 0 and #by_code(bufnr, 'latest-image-tag') == 1
end, current)

print('nvim test: ok')
