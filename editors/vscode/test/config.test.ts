// Unit tests for the client configuration module (plain node, no VS Code).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DOCUMENT_SELECTOR,
  SECTION,
  SERVER_ARGS,
  answerConfiguration,
  buildServerSettings,
  bundledServerPath,
  resolveServerPath,
} from '../src/config';

/** A SettingsReader over a plain object, like WorkspaceConfiguration.get. */
const reader = (values: Record<string, unknown>) => ({ get: (key: string) => values[key] });

describe('buildServerSettings', () => {
  it('gives the contract defaults when nothing is set', () => {
    assert.deepEqual(buildServerSettings(reader({})), {
      enable: true,
      select: [],
      ignore: [],
      severity: {},
      profile: null,
      configPath: null,
      inlineIgnores: null,
    });
  });

  it('passes valid settings through, without client-only keys', () => {
    const settings = buildServerSettings(
      reader({
        enable: false,
        path: '/opt/kubelint',
        select: ['all'],
        ignore: ['latest-image-tag'],
        severity: { 'privileged-container': 'error', 'latest-image-tag': 'off' },
        profile: 'cis',
        configPath: '/repo/.kubelint.yaml',
        inlineIgnores: false,
        trace: { server: 'verbose' },
      }),
    );
    assert.deepEqual(settings, {
      enable: false,
      select: ['all'],
      ignore: ['latest-image-tag'],
      severity: { 'privileged-container': 'error', 'latest-image-tag': 'off' },
      profile: 'cis',
      configPath: '/repo/.kubelint.yaml',
      inlineIgnores: false,
    });
  });

  it('drops malformed hand-edited values instead of sending them', () => {
    const settings = buildServerSettings(
      reader({
        enable: 'yes',
        select: [' run-as-root ', 42, '', 'run-as-root', null],
        ignore: 'latest-image-tag',
        severity: { a: 'fatal', b: 'info', c: 3 },
        profile: 42,
        configPath: '   ',
        inlineIgnores: 'no',
      }),
    );
    assert.deepEqual(settings, {
      enable: true,
      select: ['run-as-root'],
      ignore: [],
      severity: { b: 'info' },
      profile: null,
      configPath: null,
      inlineIgnores: null,
    });
    assert.deepEqual(buildServerSettings(reader({ severity: ['error'] })).severity, {});
    assert.equal(buildServerSettings(reader({ configPath: null })).configPath, null);
  });

  it('serializes to the JSON shape the server expects', () => {
    assert.equal(
      JSON.stringify(buildServerSettings(reader({}))),
      '{"enable":true,"select":[],"ignore":[],"severity":{},"profile":null,"configPath":null,"inlineIgnores":null}',
    );
  });
});

describe('resolveServerPath', () => {
  let tmp: string;
  let binA: string; // holds an executable kubelint
  let binB: string; // holds another executable kubelint
  let noExec: string; // holds a kubelint without the x bit
  let dirOnly: string; // holds a directory named kubelint

  const mkExe = (dir: string, mode: number) => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'kubelint');
    fs.writeFileSync(file, '#!/bin/sh\n');
    fs.chmodSync(file, mode);
    return file;
  };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelint-vscode-'));
    binA = path.join(tmp, 'a');
    binB = path.join(tmp, 'b');
    noExec = path.join(tmp, 'noexec');
    dirOnly = path.join(tmp, 'dir');
    mkExe(binA, 0o755);
    mkExe(binB, 0o755);
    mkExe(noExec, 0o644);
    fs.mkdirSync(path.join(dirOnly, 'kubelint'), { recursive: true });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('finds the first kubelint on PATH, skipping non-executables and directories', () => {
    const pathEnv = ['', noExec, dirOnly, binB, binA].join(':');
    assert.deepEqual(resolveServerPath({ pathEnv, platform: 'linux' }), {
      ok: true,
      command: path.join(binB, 'kubelint'),
    });
  });

  it('treats a blank setting as "search PATH"', () => {
    const res = resolveServerPath({ setting: '  ', pathEnv: binA, platform: 'linux' });
    assert.deepEqual(res, { ok: true, command: path.join(binA, 'kubelint') });
  });

  it('prefers an explicit kubelint.path over PATH', () => {
    const explicit = path.join(binA, 'kubelint');
    const res = resolveServerPath({ setting: explicit, pathEnv: binB, platform: 'linux' });
    assert.deepEqual(res, { ok: true, command: explicit });
  });

  it('resolves a relative kubelint.path against the workspace folder, and ~ against home', () => {
    assert.deepEqual(
      resolveServerPath({ setting: 'a/kubelint', workspaceFolder: tmp, platform: 'linux' }),
      { ok: true, command: path.join(binA, 'kubelint') },
    );
    assert.deepEqual(resolveServerPath({ setting: '~/b/kubelint', homeDir: tmp, platform: 'linux' }), {
      ok: true,
      command: path.join(binB, 'kubelint'),
    });
  });

  it('uses the bundled binary when kubelint.path is not set, before PATH', () => {
    const bundled = path.join(binA, 'kubelint');
    assert.deepEqual(resolveServerPath({ bundled, pathEnv: binB, platform: 'linux' }), {
      ok: true,
      command: bundled,
    });
    // An explicit setting still wins.
    const explicit = path.join(binB, 'kubelint');
    assert.deepEqual(resolveServerPath({ setting: explicit, bundled, platform: 'linux' }), {
      ok: true,
      command: explicit,
    });
    // A universal package has none: PATH.
    assert.deepEqual(
      resolveServerPath({ bundled: path.join(tmp, 'missing', 'kubelint'), pathEnv: binB, platform: 'linux' }),
      { ok: true, command: explicit },
    );
  });

  it('looks for the bundled binary in bin/, with .exe on Windows', () => {
    assert.equal(bundledServerPath('/ext', 'linux'), '/ext/bin/kubelint');
    assert.equal(bundledServerPath('C:\\ext', 'win32'), 'C:\\ext\\bin\\kubelint.exe');
  });

  it('does not fall back to PATH when kubelint.path is wrong', () => {
    const res = resolveServerPath({ setting: path.join(noExec, 'kubelint'), pathEnv: binA, platform: 'linux' });
    assert.equal(res.ok, false);
    assert.match(!res.ok ? res.message : '', /kubelint\.path is set to ".*noexec\/kubelint", but .* is not an executable file/);
  });

  it('refuses a relative kubelint.path without a workspace folder', () => {
    const res = resolveServerPath({ setting: 'bin/kubelint', platform: 'linux' });
    assert.equal(res.ok, false);
    assert.match(!res.ok ? res.message : '', /relative, but no workspace folder/);
  });

  it('explains how to install kubelint when it is not on PATH', () => {
    for (const pathEnv of [undefined, '', noExec]) {
      const res = resolveServerPath({ pathEnv, platform: 'linux' });
      assert.equal(res.ok, false);
      const message = !res.ok ? res.message : '';
      assert.match(message, /Could not find the `kubelint` binary on PATH/);
      assert.match(message, /cargo install --locked kubelint-cli/);
      assert.match(message, /kubelint\.path/);
    }
  });

  it('uses ; and PATHEXT on Windows', () => {
    const seen: string[] = [];
    const res = resolveServerPath({
      pathEnv: 'C:\\tools;D:\\cargo\\bin',
      pathExt: '.COM;.EXE',
      platform: 'win32',
      isExecutable: (f) => {
        seen.push(f);
        return f === 'D:\\cargo\\bin\\kubelint.EXE';
      },
    });
    assert.deepEqual(res, { ok: true, command: 'D:\\cargo\\bin\\kubelint.EXE' });
    assert.deepEqual(seen, [
      'C:\\tools\\kubelint.COM',
      'C:\\tools\\kubelint.EXE',
      'D:\\cargo\\bin\\kubelint.COM',
      'D:\\cargo\\bin\\kubelint.EXE',
    ]);
  });
});

describe('server wiring', () => {
  it('starts `kubelint lsp`', () => {
    assert.deepEqual(SERVER_ARGS, ['lsp']);
    assert.equal(SECTION, 'kubelint');
  });

  it('selects YAML and JSON files on disk only', () => {
    assert.deepEqual(DOCUMENT_SELECTOR, [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
    ]);
  });

  it('answers workspace/configuration for our section only', () => {
    const ours = buildServerSettings(reader({ ignore: ['x'] }));
    const scopes: (string | undefined)[] = [];
    const answer = answerConfiguration(
      [{ section: 'editor' }, { section: 'kubelint', scopeUri: 'file:///w/a.yaml' }, {}],
      ['editor-default', 'raw-kubelint', 'all'],
      (scope) => {
        scopes.push(scope);
        return ours;
      },
    );
    assert.deepEqual(answer, ['editor-default', ours, 'all']);
    assert.deepEqual(scopes, ['file:///w/a.yaml']);
  });
});

describe('package.json', () => {
  // The manifest is the other half of the client config: keep them in step.
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const props = manifest.contributes.configuration.properties;

  it('contributes every kubelint setting with contract defaults', () => {
    assert.deepEqual(Object.keys(props).sort(), [
      'kubelint.configPath',
      'kubelint.enable',
      'kubelint.ignore',
      'kubelint.inlineIgnores',
      'kubelint.path',
      'kubelint.profile',
      'kubelint.select',
      'kubelint.severity',
      'kubelint.trace.server',
    ]);
    const defaults = reader(
      Object.fromEntries(Object.entries(props).map(([k, v]) => [k.slice('kubelint.'.length), (v as { default: unknown }).default])),
    );
    assert.deepEqual(buildServerSettings(defaults), buildServerSettings(reader({})));
    assert.equal(props['kubelint.path'].default, '');
  });

  it('activates on the languages it selects', () => {
    for (const { language } of DOCUMENT_SELECTOR) {
      assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
    }
  });
});
