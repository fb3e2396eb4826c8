// Client-side configuration logic, kept free of any `vscode` import so it can
// be unit-tested with plain node (see test/config.test.ts).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Settings section shared by VS Code and the server. */
export const SECTION = 'kubelint';
export const SERVER_NAME = 'kubelint';
export const SERVER_ARGS: readonly string[] = ['lsp'];
export const INSTALL_HINT =
  'Install the kubelint extension for your platform (it bundles the binary), ' +
  'install kubelint with `cargo install --locked kubelint-cli`, or set `kubelint.path` to the binary.';

/** Where a platform-specific package keeps its binary, relative to the extension. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  return p.join(extensionPath, 'bin', platform === 'win32' ? `${SERVER_NAME}.exe` : SERVER_NAME);
}

export type Severity = 'error' | 'warning' | 'info' | 'off';
const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

/** The `kubelint` settings object of the LSP contract (initializationOptions,
 * workspace/configuration answers, didChangeConfiguration). */
export interface ServerSettings {
  enable: boolean;
  select: string[];
  ignore: string[];
  severity: Record<string, Severity>;
  /** A profile name (`security`, `pss-baseline`, `pss-restricted`, `cis`,
   * `all`) replacing the project's `profile:`; the server reports unknown
   * names. `null`: the project's. */
  profile: string | null;
  configPath: string | null;
  /** Whether suppression comments and annotations written in the manifests
   * are honoured; `false` shows every finding (an audit view). `null`: the
   * project's `inline-ignores`. */
  inlineIgnores: boolean | null;
}

/** Where VS Code and LSP documents overlap: on-disk YAML and JSON files. */
export const DOCUMENT_SELECTOR: ReadonlyArray<{ scheme: string; language: string }> = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
];

/** Minimal view of vscode.WorkspaceConfiguration that we need. */
export interface SettingsReader {
  get(key: string): unknown;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const v of value) {
    if (typeof v !== 'string') continue;
    const id = v.trim();
    if (id !== '' && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Build the contract's settings object from user settings. settings.json is
 * hand-edited, so anything of the wrong type falls back to the default rather
 * than reaching the server.
 */
export function buildServerSettings(cfg: SettingsReader): ServerSettings {
  const enable = cfg.get('enable');
  const severityIn = cfg.get('severity');
  const severity: Record<string, Severity> = {};
  if (severityIn !== null && typeof severityIn === 'object' && !Array.isArray(severityIn)) {
    for (const [rule, level] of Object.entries(severityIn)) {
      if (typeof level === 'string' && SEVERITIES.includes(level)) severity[rule] = level as Severity;
    }
  }
  const configPath = cfg.get('configPath');
  const profile = cfg.get('profile');
  const inlineIgnores = cfg.get('inlineIgnores');
  return {
    enable: typeof enable === 'boolean' ? enable : true,
    select: stringList(cfg.get('select')),
    ignore: stringList(cfg.get('ignore')),
    severity,
    profile: typeof profile === 'string' && profile.trim() !== '' ? profile.trim() : null,
    configPath: typeof configPath === 'string' && configPath.trim() !== '' ? configPath.trim() : null,
    inlineIgnores: typeof inlineIgnores === 'boolean' ? inlineIgnores : null,
  };
}

export interface ResolveOptions {
  /** `kubelint.path`; empty or missing means "the bundled binary, else PATH". */
  setting?: unknown;
  /** The binary a platform-specific package bundles (`bundledServerPath`);
   * used when it exists and `kubelint.path` is not set. */
  bundled?: string;
  /** process.env.PATH */
  pathEnv?: string;
  /** Base for a relative `kubelint.path`: the first workspace folder. */
  workspaceFolder?: string;
  platform?: NodeJS.Platform;
  /** process.env.PATHEXT, Windows only. */
  pathExt?: string;
  homeDir?: string;
  isExecutable?: (file: string) => boolean;
}

export type ResolveResult = { ok: true; command: string } | { ok: false; message: string };

/** A regular file we may execute (on Windows: any regular file). */
export function isExecutableFile(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Find the server binary: an explicit `kubelint.path` wins (and must exist,
 * silently falling back would run a different kubelint than configured);
 * otherwise the binary bundled with the extension (platform-specific
 * packages); otherwise the first `kubelint` on PATH (the universal package).
 */
export function resolveServerPath(opts: ResolveOptions): ResolveResult {
  const platform = opts.platform ?? process.platform;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const isExec = opts.isExecutable ?? ((f: string) => isExecutableFile(f, platform));
  const setting = typeof opts.setting === 'string' ? opts.setting.trim() : '';

  if (setting !== '') {
    let file = setting;
    if (file === '~' || file.startsWith('~/') || file.startsWith('~\\')) {
      file = p.join(opts.homeDir ?? os.homedir(), file.slice(1));
    }
    if (!p.isAbsolute(file)) {
      // Relative to the extension host's cwd would be arbitrary: refuse.
      if (!opts.workspaceFolder) {
        return { ok: false, message: `kubelint.path "${setting}" is relative, but no workspace folder is open.` };
      }
      file = p.resolve(opts.workspaceFolder, file);
    }
    if (isExec(file)) return { ok: true, command: file };
    return {
      ok: false,
      message: `kubelint.path is set to "${setting}", but ${file} is not an executable file.`,
    };
  }

  if (opts.bundled && isExec(opts.bundled)) return { ok: true, command: opts.bundled };

  // Windows looks up `kubelint.exe` etc., in PATHEXT order.
  const exts =
    platform === 'win32'
      ? (opts.pathExt || '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '')
      : [''];
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of (opts.pathEnv ?? '').split(delimiter)) {
    if (dir === '') continue; // an empty entry means cwd: never run a binary from there
    for (const ext of exts) {
      const candidate = p.join(dir, SERVER_NAME + ext);
      if (isExec(candidate)) return { ok: true, command: candidate };
    }
  }
  return { ok: false, message: `Could not find the \`${SERVER_NAME}\` binary on PATH. ${INSTALL_HINT}` };
}

/**
 * Answer a workspace/configuration request: our section gets the normalized
 * settings for the item's scope, any other section keeps the default answer.
 */
export function answerConfiguration(
  items: ReadonlyArray<{ section?: string; scopeUri?: string }>,
  defaults: readonly unknown[],
  settingsFor: (scopeUri: string | undefined) => ServerSettings,
): unknown[] {
  return items.map((item, i) => (item.section === SECTION ? settingsFor(item.scopeUri) : defaults[i]));
}
