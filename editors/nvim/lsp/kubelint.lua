-- kubelint language server config for Neovim 0.11+ (`:h lsp-config`).
--
-- Put editors/nvim on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lsp/kubelint.lua), then call `vim.lsp.enable('kubelint')`.
-- Override any field with `vim.lsp.config('kubelint', { ... })`.

---@type vim.lsp.Config
return {
  cmd = { 'kubelint', 'lsp' },
  -- kubelint lints Kubernetes manifests; JSON manifests are valid input too.
  filetypes = { 'yaml', 'json' },
  -- A kubelint config marks the project root (the server also discovers it
  -- upward from each file); fall back to the repository root.
  root_markers = { '.kubelint.yaml', '.kubelint.yml', '.git' },
  -- The `kubelint` section is sent as initializationOptions below and is
  -- also what the server gets when it asks for workspace/configuration.
  settings = {
    kubelint = {
      enable = true,
      select = {}, -- rule ids to enable on top of the defaults; 'all' = every rule
      ignore = {}, -- rule ids to disable
      severity = vim.empty_dict(), -- { ['rule-id'] = 'error'|'warning'|'info'|'off' }
      profile = vim.NIL, -- 'security'|'pss-baseline'|'pss-restricted'|'cis'|'all'; nil = the project's
      configPath = vim.NIL, -- path to a .kubelint.yaml; nil = discovered upward
      inlineIgnores = vim.NIL, -- false = show findings suppressed in the manifests; nil = the project's
    },
  },
  -- Evaluated when the client starts, so `vim.lsp.config()` overrides of
  -- `settings` are reflected in initializationOptions too.
  before_init = function(params, config)
    params.initializationOptions = (config.settings or {}).kubelint
  end,
}
