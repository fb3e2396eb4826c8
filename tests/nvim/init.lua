-- Minimal, hermetic Neovim config for the real-editor LSP test:
--   KUBELINT_BIN=target/debug/kubelint nvim --headless -u tests/nvim/init.lua -l tests/nvim/test_diagnostics.lua
-- It loads the shipped editors/nvim/lsp/kubelint.lua (so the test covers
-- the config users install) and only swaps in the binary under test.

-- This file is <repo>/tests/nvim/init.lua.
local repo = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')
vim.g.kubelint_repo = repo

-- Nothing from the user's environment: no swap/shada files, no user plugins.
vim.o.swapfile = false
vim.o.shadafile = 'NONE'
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')

vim.lsp.config('kubelint', {
  cmd = { vim.env.KUBELINT_BIN or 'kubelint', 'lsp' },
})
vim.lsp.enable('kubelint')
