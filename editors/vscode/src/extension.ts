// VS Code glue: starts `kubelint lsp` over stdio and keeps its `kubelint`
// settings in sync. Decisions worth testing live in ./config.ts.

import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type LanguageClientOptions,
  type LSPAny,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  DOCUMENT_SELECTOR,
  SECTION,
  SERVER_ARGS,
  answerConfiguration,
  buildServerSettings,
  bundledServerPath,
  resolveServerPath,
  type ServerSettings,
} from './config';

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let extensionPath = '';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  // One channel for the extension's lifetime, so restarts keep the history.
  output = vscode.window.createOutputChannel('kubelint');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('kubelint.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

function settingsFor(scopeUri: string | undefined): ServerSettings {
  const scope = scopeUri ? vscode.Uri.parse(scopeUri) : undefined;
  return buildServerSettings(vscode.workspace.getConfiguration(SECTION, scope));
}

async function onConfigurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (e.affectsConfiguration(`${SECTION}.path`)) {
    await restart(); // a different binary needs a new process
  } else if (e.affectsConfiguration(SECTION) && client?.isRunning()) {
    // Send the normalized object rather than VS Code's raw section (which
    // also holds client-only keys like `path` and `trace`).
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { [SECTION]: settingsFor(undefined) },
    });
  }
}

async function start(): Promise<void> {
  const resolved = resolveServerPath({
    setting: vscode.workspace.getConfiguration(SECTION).get('path'),
    bundled: bundledServerPath(extensionPath),
    pathEnv: process.env.PATH,
    pathExt: process.env.PATHEXT,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (!resolved.ok) {
    output.appendLine(resolved.message);
    // Not awaited: activation must not wait for the user to click.
    void vscode.window.showErrorMessage(resolved.message, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.path`);
    });
    return;
  }

  const serverOptions: ServerOptions = { command: resolved.command, args: [...SERVER_ARGS] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR.map((s) => ({ ...s })),
    initializationOptions: settingsFor(undefined),
    outputChannel: output,
    synchronize: {
      // Lets the server re-lint open files when a project config changes.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.kubelint.{yaml,yml}'),
    },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const defaults = await next(params, token);
          if (!Array.isArray(defaults)) return defaults; // an error: pass it on
          return answerConfiguration(params.items, defaults, settingsFor) as LSPAny[];
        },
      },
    },
  };

  output.appendLine(`Starting ${resolved.command} ${SERVER_ARGS.join(' ')}`);
  client = new LanguageClient(SECTION, 'kubelint', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    const message = `kubelint language server failed to start (${resolved.command}): ${String(err)}`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message);
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) return;
  try {
    await c.dispose();
  } catch (err) {
    // e.g. the server never started or already died: nothing left to stop.
    output.appendLine(`Stopping the server: ${String(err)}`);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}
